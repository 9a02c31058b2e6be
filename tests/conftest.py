"""Shared fixtures: a fresh database per test, on SQLite and on PostgreSQL."""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import tempfile
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text

from db.engine import make_engine
from db.migrate import upgrade
from frontdesk.station.config import Settings
from frontdesk import i18n, ui_thread
from frontdesk.access.signin import use_password_hasher
from frontdesk.i18n import set_language
from tests.pgserver import TempPostgres
from tests.sharedcss import share_parsed_css

# A session opened by an event handler (on the thread that draws the screen) fails the test.
ui_thread.strict = True
# A text missing from the catalogue (a key, a language, a count) fails the test instead of showing the key.
i18n.strict = True

# Argon2 at the lowest cost it allows: every UI test signs in, and the station's cost is about
# half a second a hash. tests/unit/test_signin.py checks a fresh program still uses the strong one.
use_password_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))

# Every Pilot and snapshot test starts an app with the same CSS: parse it once per process.
share_parsed_css()

# The collector, tuned for a run that starts hundreds of apps. Python's default (700, 10, 10) ran a full
# collection every few dozen thousand objects kept, each walking every object alive (Textual,
# SQLAlchemy, Hypothesis and the desk's modules, ~140,000 before the first test): a sixth to a fifth
# of a Pilot test's CPU time (22.9 -> 18.3 s for the case snapshots and case services, load ~1.5).
# Young collections come less often here and the full one rarely (it still runs, so the cycles apps
# leave are freed), and what the imports made is frozen once collection ends (see below).
# test_memory_flow calls gc.collect() itself, so it sees the same frees. Set when pytest starts, not when
# this module is imported: the benchmarks import the test helpers (and so this module) and must measure the
# desk as it runs, with Python's own collector (bench_memory read 25 MiB more after an hour with these).
def pytest_configure(config):
    gc.set_threshold(5_000, 20, 10)


def pytest_collection_finish(session):
    """Everything imported while collecting lives to the end of the run: leave it out of every
    later collection (gc.freeze) rather than walk it again in each full one."""
    gc.collect()
    gc.freeze()


#: The moment tests and snapshots treat as "now": a Sunday evening, 20:30 in Beijing.
FROZEN_NOW = datetime(2026, 11, 22, 12, 30, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _english_by_default():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        station_code="LS",
        station_name="城关派出所",
        site_code="LS",
        officer_name="王建军",
        officer_badge="031245",
        data_dir=tmp_path,
    )


# ---- SQLite -----------------------------------------------------------------

def migrated_sqlite(path: Path) -> Path:
    """A SQLite file at `path` migrated to head (closed, so the file alone holds it all)."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


_template: Path | None = None


def migrated_template() -> Path:
    """A SQLite file migrated to head, made once per test process; copy it, never open it.
    The database fixtures and the apps the tests start (tests.apphelpers) share it."""
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="frontdesk-template-"))
        atexit.register(shutil.rmtree, folder, True)
        _template = migrated_sqlite(folder / "template.sqlite")
    return _template


@pytest.fixture(scope="session")
def sqlite_template() -> Path:
    """One migrated SQLite file; each test gets a copy instead of migrating again."""
    return migrated_template()


def _sqlite_copy(template: Path, folder: Path) -> str:
    target = folder / "desk.sqlite"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


# ---- PostgreSQL -------------------------------------------------------------

@pytest.fixture(scope="session")
def pg_admin_url():
    """A PostgreSQL server URL: FRONTDESK_TEST_PG_URL, or a private one started here."""
    url = os.environ.get("FRONTDESK_TEST_PG_URL")
    server = None
    if not url:
        server = TempPostgres()
        if not server.available:
            if os.environ.get("FRONTDESK_REQUIRE_PG"):
                pytest.fail("FRONTDESK_REQUIRE_PG is set but no PostgreSQL server binaries were found")
            pytest.skip("no PostgreSQL server here (install postgresql or set FRONTDESK_TEST_PG_URL)")
        url = server.start()
    yield url
    admin = _admins.pop(url, None)
    if admin is not None:
        admin.dispose()
    if server is not None:
        server.stop()


_admins: dict[str, Engine] = {}


def _admin(url: str):
    """The server's administrative engine, one per server and test process: its connection to the
    `postgres` database is kept for the next CREATE or DROP DATABASE instead of a new engine, connection
    and dialect set-up each time (two a PostgreSQL test). Never connected to a test's own database, so it
    holds nothing a template copy or a DROP … WITH (FORCE) would wait for."""
    if url not in _admins:
        _admins[url] = create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    return _admins[url]


@pytest.fixture(scope="session")
def pg_template(pg_admin_url) -> str:
    """A database migrated to head once; tests clone it with CREATE DATABASE … TEMPLATE."""
    name = f"fd_template_{uuid.uuid4().hex[:8]}"
    admin = _admin(pg_admin_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(_with_database(pg_admin_url, name))
    upgrade(engine)
    engine.dispose()
    return name


def _with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


_file_copy: dict[str, str] = {}


def _copy_strategy(admin_url: str, conn) -> str:
    """PostgreSQL 15+ copies a template through the WAL by default, block by block; for a template
    this small, copying its files is about twice as fast (~30 ms instead of ~60 a database)."""
    if admin_url not in _file_copy:
        version = conn.execute(text("SHOW server_version_num")).scalar_one()
        _file_copy[admin_url] = " STRATEGY FILE_COPY" if int(version) >= 150000 else ""
    return _file_copy[admin_url]


def new_pg_database(admin_url: str, template: str | None) -> str:
    name = f"fd_{uuid.uuid4().hex[:12]}"
    admin = _admin(admin_url)
    with admin.connect() as conn:
        clause = f' TEMPLATE "{template}"{_copy_strategy(admin_url, conn)}' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    return _with_database(admin_url, name)


def drop_pg_database(admin_url: str, url: str) -> None:
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin = _admin(admin_url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# ---- one database per test, on each backend ----------------------------------

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


# A test that asks for `on_duty` gets its database from a second template: the migrated one with the
# station opened by `ensure_on_duty` for the test's settings (its site, starting lists, site key and
# officer), made once per test process and settings. `on_duty` still runs ensure_on_duty on it, which
# finds everything there. Writing those records through frontdesk.records.save took 40-50 ms a test on
# SQLite and more over PostgreSQL's connection (four service files, 126 tests on both: 48 -> 33 s wall,
# 28.5 -> 17.0 s CPU).
_seeded_sqlite: dict[Settings, Path] = {}
_seeded_pg: dict[tuple[str, Settings], str] = {}


def _seeded_sqlite_template(settings: Settings) -> Path:
    if settings not in _seeded_sqlite:
        folder = migrated_template().parent
        path = folder / f"seeded-{len(_seeded_sqlite)}.sqlite"
        shutil.copyfile(migrated_template(), path)
        engine = make_engine(f"sqlite:///{path}")
        ensure_on_duty(engine, settings)
        engine.dispose()
        _seeded_sqlite[settings] = path
    return _seeded_sqlite[settings]


def _seeded_pg_template(admin_url: str, template: str, settings: Settings) -> str:
    key = (admin_url, settings)
    if key not in _seeded_pg:
        url = new_pg_database(admin_url, template)
        engine = make_engine(url)
        ensure_on_duty(engine, settings)
        engine.dispose()  # a template must have no one connected to it
        _seeded_pg[key] = url
    from sqlalchemy.engine import make_url

    return make_url(_seeded_pg[key]).database


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path: Path):
    """A migrated, empty database on each backend (opened for the settings' station if the test
    asks for `on_duty`: see `_seeded_sqlite_template`)."""
    opened = "on_duty" in request.fixturenames
    if request.param == "sqlite":
        template = (_seeded_sqlite_template(request.getfixturevalue("settings")) if opened
                    else request.getfixturevalue("sqlite_template"))
        yield _sqlite_copy(template, tmp_path)
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    template = request.getfixturevalue("pg_template")
    if opened:
        template = _seeded_pg_template(admin_url, template, request.getfixturevalue("settings"))
    url = new_pg_database(admin_url, template)
    yield url
    drop_pg_database(admin_url, url)


@pytest.fixture(params=BACKENDS)
def empty_db_url(request, tmp_path: Path):
    """A database with no schema at all, on each backend (for migration tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    url = new_pg_database(admin_url, None)
    yield url
    drop_pg_database(admin_url, url)


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(sqlite_template, tmp_path):
    engine = make_engine(_sqlite_copy(sqlite_template, tmp_path))
    yield engine
    engine.dispose()


@pytest.fixture
def on_duty(engine, settings):
    return ensure_on_duty(engine, settings)


# ---- the test officer at a desk ------------------------------------------------------------------
# Opening a station makes no officer (a real one is created at sign-in). Tests that act as the
# settings' officer without signing in get them here: put on the list as the station's admin if they
# are its first officer, else as a duty officer, without a password — as the desk did before.


def _test_officer(engine, settings) -> None:
    from sqlmodel import select

    from db.engine import write_session
    from db.ids import stable_id
    from db.models import Officer
    from frontdesk.records import Actor, save

    badge = settings.officer_badge.strip()
    if not badge:
        return
    with write_session(engine) as session:
        if session.exec(select(Officer).where(Officer.badge_no == badge)).first() is None:
            first = session.exec(select(Officer.id).limit(1)).first() is None
            save(session, Officer(id=stable_id("officer", badge), name=settings.officer_display_name,
                                  badge_no=badge, role="admin" if first else "duty"), by=Actor(site=settings.site_code))
        session.commit()


def ensure_on_duty(engine, settings):
    """frontdesk.station.opening.ensure_on_duty with the settings' officer on the list and on duty."""
    from frontdesk.station import opening

    opening.ensure_on_duty(engine, settings)
    _test_officer(engine, settings)
    return opening.ensure_on_duty(engine, settings)


def open_station(settings, url):
    """frontdesk.station.opening.open_station, with the settings' officer on duty."""
    from frontdesk.station import opening

    engine, _nobody = opening.open_station(settings, url)
    return engine, ensure_on_duty(engine, settings)


def open_desk(settings, url, **options):
    """frontdesk.desk.open_desk, with the settings' officer on duty (see ensure_on_duty)."""
    from frontdesk.desk import open_desk as opened

    desk = opened(settings, url, **options)
    if desk.on_duty.officer_id is None and settings.officer_badge.strip():
        duty = ensure_on_duty(desk.engine, settings)
        desk.context.seat(officer_id=duty.officer_id, name=duty.officer_name, badge_no=duty.badge_no, role=duty.role)
    return desk
