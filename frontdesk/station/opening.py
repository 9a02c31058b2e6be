"""Opening the station's database: connect, migrate, make sure the site exists (never an officer)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import select

from db.engine import DatabaseError, make_engine, write_session
from db.ids import stable_id
from db.locks import hold_lock
from db.migrate import ForeignDatabaseError, SchemaTooNewError, upgrade
from db.models import Officer, Site
from db.netfs import NetworkFilesystemError
from frontdesk.context import OnDuty
from frontdesk.station.config import Settings
from frontdesk.errors import officer_words
from frontdesk.i18n import DeskError
from frontdesk.records import Actor, save
from frontdesk.sync.peers import ensure_site_key
from frontdesk.station.seeds import seed_station_lists


def connect(url: str) -> Engine:
    """An engine for `url`, with problems turned into messages for the officer."""
    try:
        return make_engine(url)
    except NetworkFilesystemError as exc:
        raise DeskError("db.network_share", path=str(exc.path), fstype=exc.fstype) from exc
    except DatabaseError as exc:
        raise DeskError("db.cannot_open", detail=str(exc)) from exc
    except PermissionError as exc:
        raise DeskError("db.cannot_open", detail=str(exc)) from exc


def migrate(engine: Engine) -> str | None:
    """Bring the schema to this program's head, or say why it cannot."""
    try:
        return upgrade(engine)
    except SchemaTooNewError as exc:
        raise DeskError("db.too_new", revision=str(exc)) from exc
    except ForeignDatabaseError as exc:
        where = engine.url.database if engine.url.get_backend_name() == "sqlite" else \
            engine.url.render_as_string(hide_password=True)
        raise DeskError("db.not_ours", where=where, tables=str(exc)) from exc


def ensure_on_duty(engine: Engine, settings: Settings) -> OnDuty:
    """Make sure this site exists and write the seeds once; find the configured officer if they exist.

    No officer is ever created here: an officer comes into being only as a real one — the station's
    first admin made at the desk, one the admin adds, or one a station's kit brings to an outpost. Until
    someone signs in, the desk has nobody on duty (officer_id None) and the sign-in (or first-admin)
    screen comes first.
    """
    system = Actor(site=settings.site_code)
    with write_session(engine) as session:
        hold_lock(session, "first-start")
        site = session.exec(select(Site).where(Site.code == settings.site_code)).first()
        if site is None:
            kind = "station" if settings.site_code == settings.station_code else "outpost"
            site = save(session, Site(id=stable_id("site", settings.site_code), code=settings.site_code,
                                      name=settings.site_display_name, kind=kind), by=system)
        badge = settings.officer_badge.strip()
        officer = session.exec(select(Officer).where(Officer.badge_no == badge)).first() if badge else None
        seed_station_lists(session, by=Actor(site=settings.site_code, officer_id=officer.id if officer else None))
        ensure_site_key(session, settings.site_code, now=system.clock())
        session.commit()
        return OnDuty(
            site_code=site.code,
            site_name=site.name,
            station_name=settings.station_display_name,
            officer_id=officer.id if officer else None,
            officer_name=officer.name if officer else settings.officer_display_name,
            badge_no=officer.badge_no if officer else badge,
            role=officer.role if officer else "duty",
        )


def open_station(settings: Settings, url: str) -> tuple[Engine, OnDuty]:
    """Connect, migrate and get the desk's site and officer: everything start-up needs."""
    engine = connect(url)
    try:
        with officer_words():
            migrate(engine)
            return engine, ensure_on_duty(engine, settings)
    except BaseException:
        engine.dispose()
        raise
