"""A station and its outposts for sync tests: each a real database, set up as an admin would."""

from __future__ import annotations

import shutil
import tempfile

from pathlib import Path

from db.migrate import head_revision, known_revision
from frontdesk.cases.recording import CaseDraft
from frontdesk.station.config import Settings
from frontdesk.desk import Desk
from tests.conftest import open_desk
from frontdesk.callers.people import PersonInput
from frontdesk.records import Actor
from frontdesk.station.opening import connect, migrate
from frontdesk.sync.exporting import export_bundle
from frontdesk.sync.importing import Imported, import_bundle
from frontdesk.sync.outposts import add_outpost, enrol, open_kit
from tests.conftest import FROZEN_NOW


class Clock:
    def __init__(self, now=FROZEN_NOW):
        self.now = now

    def __call__(self):
        return self.now


def site_settings(folder: Path, code: str) -> Settings:
    return Settings(station_code="LS", station_name="城关派出所", site_code=code, officer_name="王建军",
                    officer_badge="031245", data_dir=folder)


def open_station(folder: Path, url: str | None = None, clock=None, template: Path | None = None) -> Desk:
    folder.mkdir(parents=True, exist_ok=True)
    if url is None:
        if template is not None:
            shutil.copyfile(template, folder / "desk.sqlite")
        url = f"sqlite:///{folder / 'desk.sqlite'}"
    return open_desk(site_settings(folder, "LS"), url, clock=clock or Clock())


def open_outpost(station: Desk, code: str, folder: Path, *, clock=None, template: Path | None = None) -> Desk:
    """Set up outpost `code` from the station's kit, as `frontdesk sync outpost` and `sync enrol` do."""
    folder.mkdir(parents=True, exist_ok=True)
    kit = add_outpost(station.engine, code=code, name=f"{code} 警务室", by=station.actor,
                      folder=Path(station.settings.data_dir) / "kits", schema=head_revision())
    if template is not None:
        shutil.copyfile(template, folder / "desk.sqlite")
    url = f"sqlite:///{folder / 'desk.sqlite'}"
    settings = site_settings(folder, code)
    engine = connect(url)
    migrate(engine)
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        enrol(engine, open_kit(kit.path, code, kit.setup_code), by=Actor(site=code, role="admin"),
              scratch=Path(scratch),
              known_revision=known_revision)
    engine.dispose()
    return open_desk(settings, url, clock=clock or Clock())


def export(desk: Desk, to_site: str, **options) -> Path:
    return export_bundle(desk.engine, by=desk.actor, to_site=to_site,
                         folder=Path(desk.settings.data_dir) / "out", schema=head_revision(), **options).path


def import_(desk: Desk, path: Path, **options) -> Imported:
    return import_bundle(desk.engine, path, by=desk.actor, known_revision=known_revision, **options)


def carry(source: Desk, target: Desk) -> Imported:
    return import_(target, export(source, target.actor.site))


def record(desk: Desk, *, name="张建国", phone="13812345678", summary="电动车被盗", category="theft", **more):
    draft = CaseDraft(reporter=PersonInput(name=name, phone=phone), category=category, summary=summary,
                      place="东关村3组", **more)
    return desk.cases.record_case(draft, now=desk.clock())





def version_of(desk: Desk, case_id) -> int:
    from db.engine import read_session
    from db.models import Case

    with read_session(desk.engine) as session:
        return session.get(Case, case_id).version


def edit(desk: Desk, case_id, **changes) -> None:
    desk.cases.edit_case(case_id, version=version_of(desk, case_id), changes=changes, now=desk.clock())


def dump(desk: Desk, *, bookkeeping: bool = True) -> dict:
    """Every synced record and change-log entry, as comparable values (sorted by id)."""
    from sqlalchemy import select

    from db.engine import read_session
    from db.models import SYNCED_MODELS, ChangeLog
    from frontdesk.records import to_json

    out = {}
    with read_session(desk.engine) as session:
        for name, model in SYNCED_MODELS.items():
            rows = session.execute(select(model.__table__).order_by(model.__table__.c.id)).mappings().all()
            out[name] = [
                {k: to_json(v) for k, v in row.items()
                 if bookkeeping or k not in ("version", "updated_at", "updated_by")}
                for row in rows
            ]
        out["changelog"] = sorted(
            (row.site, row.seq, row.applied) for row in session.execute(select(ChangeLog)).scalars()
        )
    return out
