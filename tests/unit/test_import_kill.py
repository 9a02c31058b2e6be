"""An import killed (kill -9) between or inside its batches: the file is whole, every batch it reported is
there with its change log and audit event, and a second run completes the first (a third adds nothing).
The batches commit without a flush of their own (db.engine.bulk_write_session): this is what that keeps."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import text

from db.engine import make_engine, read_session
from frontdesk.access.audit import verify
from frontdesk.intake.import_run import run_import
from frontdesk.intake.logbook import open_logbook, propose_values, station_categories
from frontdesk.records import Actor
from tests.conftest import FROZEN_NOW, ensure_on_duty
from tests.unit.test_case_import import HEADER, good_row, write_csv

ROWS = 400

IMPORTER = textwrap.dedent(
    """
    import sys, uuid
    from datetime import datetime
    from pathlib import Path
    from zoneinfo import ZoneInfo
    from db.engine import make_engine, read_session
    from frontdesk.intake.import_run import run_import
    from frontdesk.intake.logbook import open_logbook, propose_values, station_categories
    from frontdesk.records import Actor

    url, path, officer, now, folder = sys.argv[1:6]
    engine = make_engine(url)
    with read_session(engine) as session:
        categories = station_categories(session)
    opened = open_logbook(path, categories, None)
    opened.mapping = propose_values(opened)
    run_import(engine, opened, by=Actor(site="LS", officer_id=uuid.UUID(officer), role="supervisor"),
               zone=ZoneInfo("Asia/Shanghai"), now=datetime.fromisoformat(now), report_folder=Path(folder),
               batch_rows=7, progress=lambda step: print(step.imported, flush=True))
    """
)


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        return {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("\"case\"", "caseparty", "person", "personphone", "changelog", "auditevent")}


def _import(engine, path: Path, actor: Actor, folder: Path):
    with read_session(engine) as session:
        categories = station_categories(session)
    opened = open_logbook(str(path), categories, None)
    opened.mapping = propose_values(opened)
    return run_import(engine, opened, by=actor, zone=ZoneInfo("Asia/Shanghai"), now=FROZEN_NOW,
                      report_folder=folder, batch_rows=7)


def test_an_import_killed_mid_way_leaves_the_file_whole_and_a_second_run_completes_it(tmp_path, sqlite_template,
                                                                                      settings):
    database = tmp_path / "desk.sqlite"
    shutil.copyfile(sqlite_template, database)
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    duty = ensure_on_duty(engine, settings)
    actor = Actor(site="LS", officer_id=duty.officer_id, role="supervisor")
    before = _counts(engine)
    path = write_csv(tmp_path / "logbook.csv", [HEADER, *(good_row(n) for n in range(1, ROWS + 1))])
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, url, str(path), str(duty.officer_id), FROZEN_NOW.isoformat(),
         str(tmp_path / "reports")],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    reported = 0
    for line in importer.stdout:
        reported = int(line)
        if reported >= 100:  # some batches committed, the next one under way
            break
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait()
    assert 100 <= reported < ROWS

    killed = _counts(engine)
    cases = killed["\"case\""] - before["\"case\""]
    assert cases >= reported  # every batch it said it wrote is there
    assert cases % 7 == 0 and cases < ROWS  # whole batches only
    assert killed["caseparty"] - before["caseparty"] == cases
    assert killed["person"] - before["person"] == killed["personphone"] - before["personphone"] == cases
    assert killed["changelog"] - before["changelog"] == cases * 4  # case, party, person, phone: each logged
    with read_session(engine) as session:
        assert verify(session).intact

    second = _import(engine, path, actor, tmp_path / "reports")
    assert (second.imported, second.skipped) == (ROWS - cases, cases)
    done = _counts(engine)
    assert done["\"case\""] - before["\"case\""] == ROWS
    assert done["person"] - before["person"] == ROWS  # each reporter created once
    assert done["changelog"] - before["changelog"] == ROWS * 4
    with read_session(engine) as session:
        assert verify(session).intact
    third = _import(engine, path, actor, tmp_path / "reports")
    assert (third.imported, third.skipped) == (0, ROWS)
    assert _counts(engine)["\"case\""] == done["\"case\""]
    engine.dispose()
