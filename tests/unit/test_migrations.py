"""Alembic migrations: a fresh database reaches head, and the models match them."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import db.models  # noqa: F401
from db.case_words import include_name
from db.engine import make_engine
from db.migrate import SchemaTooNewError, current_revision, head_revision, upgrade


def test_a_fresh_database_reaches_head_and_matches_the_models(empty_db_url):
    engine = make_engine(empty_db_url)
    try:
        assert current_revision(engine) is None
        assert upgrade(engine) == head_revision()
        assert {"case", "person", "changelog", "auditevent"} <= set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True, "render_as_batch": True,
                      "include_name": include_name}
            )
            diff = compare_metadata(context, SQLModel.metadata)
        assert diff == [], f"models and migrations differ; make a migration: {diff}"
        assert upgrade(engine) == head_revision()  # twice = once
    finally:
        engine.dispose()


def test_a_database_from_a_newer_program_is_refused_untouched(sqlite_engine):
    with sqlite_engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    with pytest.raises(SchemaTooNewError):
        upgrade(sqlite_engine)
    assert current_revision(sqlite_engine) == "ffffffffffff"


def test_a_migration_can_rebuild_a_table_that_others_point_at_on_a_database_with_rows(sqlite_engine):
    """Batch mode on SQLite copies and drops tables; it must work with live references."""
    from alembic.operations import Operations

    from db.engine import write_session
    from db.migrate import migration_connection
    from db.models import Person, PersonPhone
    from frontdesk.records import Actor, save

    engine = sqlite_engine
    with write_session(engine) as session:
        person = save(session, Person(name="钱多多"), by=Actor("LS"))
        save(session, PersonPhone(person_id=person.id, e164="+8613812345678", digits_reversed="87654321831"),
             by=Actor("LS"))
        session.commit()
    with migration_connection(engine) as conn:
        context = MigrationContext.configure(conn, opts={"render_as_batch": True})
        with Operations(context).batch_alter_table("person", recreate="always") as batch:
            batch.alter_column("notes", existing_type=None, nullable=False)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM personphone")).scalar() == 1


def test_a_migration_that_breaks_references_is_undone(sqlite_engine):
    from db.migrate import BrokenReferencesError, migration_connection

    with pytest.raises(BrokenReferencesError):
        with migration_connection(sqlite_engine) as conn:
            conn.execute(text(
                "INSERT INTO personphone (id, site, version, updated_at, person_id, e164, digits_reversed, label)"
                " VALUES ('00000000000000000000000000000001', 'LS', 1, '2026-01-01', "
                "'00000000000000000000000000000099', '+86138', '831', '')"
            ))
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM personphone")).scalar() == 0
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_several_desks_starting_at_once_on_a_new_database_all_open_it(empty_db_url, settings):
    import threading

    from sqlmodel import select

    from db.engine import read_session
    from db.models import Category, Officer, Site
    from frontdesk.station.opening import open_station

    engines, failures = [], []
    start = threading.Barrier(3)

    def desk():
        start.wait()
        try:
            engine, _duty = open_station(settings, empty_db_url)
            engines.append(engine)
        except BaseException as exc:  # collected and asserted below
            failures.append(exc)

    threads = [threading.Thread(target=desk) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with read_session(engines[0]) as session:
        assert len(session.exec(select(Site)).all()) == 1
        assert session.exec(select(Officer)).all() == []  # nobody until a real officer is created
        assert len(session.exec(select(Category)).all()) == 9
    for engine in engines:
        engine.dispose()


@pytest.mark.postgres
def test_prefix_searched_columns_compare_bytes_on_postgresql(engine):
    """Under a language collation, "starts with" as a range would match nothing."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite compares bytes already")
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT table_name, column_name, collation_name FROM information_schema.columns "
            "WHERE (table_name, column_name) IN (('person','resident_id'), ('person','resident_id_reversed'),"
            " ('personphone','e164'), ('personphone','digits_reversed'), ('case','case_no'), ('searchkey','key'))"
        )).all()
    assert len(rows) == 6 and {row[2] for row in rows} == {"C"}


def test_audit_events_written_before_the_chain_are_chained_by_the_upgrade(empty_db_url):
    import uuid
    from datetime import datetime, timedelta, timezone

    from db.engine import read_session
    from frontdesk.access.audit import verify

    engine = make_engine(empty_db_url)
    try:
        upgrade(engine, "974f791f69a7")
        start = datetime(2026, 11, 1, tzinfo=timezone.utc)
        with engine.begin() as connection:
            for n, site in enumerate(["LS", "LS-02", "LS", "LS", "LS-02"]):
                connection.execute(
                    text("INSERT INTO auditevent (id, at, site, action, table_name, outcome, reason) "
                         "VALUES (:id, :at, :site, 'view_person', 'person', 'ok', '')"),
                    {"id": uuid.uuid4().hex if engine.dialect.name == "sqlite" else str(uuid.uuid4()),
                     "at": (start + timedelta(minutes=n)).replace(tzinfo=None) if engine.dialect.name == "sqlite"
                     else start + timedelta(minutes=n), "site": site},
                )
        upgrade(engine)
        with read_session(engine) as session:
            report = verify(session)
        assert report.intact and report.events == 5
        assert {site: seq for site, (seq, _hash) in report.heads.items()} == {"LS": 3, "LS-02": 2}
    finally:
        engine.dispose()


def test_a_database_at_head_opens_without_loading_alembic(sqlite_engine):
    """Alembic, Mako and Pygments stay resident once imported (about 9 MiB): the plain case, a database
    already at this program's one head, is read with a query and the migration files' revision lines."""
    import subprocess
    import sys
    from pathlib import Path

    from db.migrate import _files_head

    assert _files_head() == head_revision()
    root = Path(__file__).resolve().parents[2]
    code = ("import sys; from db.engine import make_engine; from frontdesk.station.opening import migrate;"
            f" print(migrate(make_engine({str(sqlite_engine.url)!r})),"
            " sorted({m.split('.')[0] for m in sys.modules} & {'alembic', 'mako', 'pygments'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root,
                         env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}).stdout
    assert out.split() == [head_revision(), "[]"]


def test_an_older_database_or_an_unusual_history_goes_through_alembic(empty_db_url, tmp_path, monkeypatch):
    import db.migrate

    engine = make_engine(empty_db_url)
    try:
        upgrade(engine, "974f791f69a7")
        assert upgrade(engine) == head_revision()  # an older stamp: the fast path does not answer
        assert current_revision(engine) == head_revision()  # (and the database was brought there)
    finally:
        engine.dispose()
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    monkeypatch.setattr(db.migrate, "MIGRATIONS", tmp_path / "migrations")

    def write(name: str, revision: str, down: str) -> None:
        (versions / f"{name}.py").write_text(
            f"revision: str = {revision}\ndown_revision: Union[str, None] = {down}\n"
            "branch_labels: Union[str, Sequence[str], None] = None\ndepends_on: Union[str, Sequence[str], None] = None\n")

    write("a", "'aaa'", "None")
    write("b", '"bbb"', "'aaa'")
    assert db.migrate._files_head() == "bbb"
    assert db.migrate.known_revision("aaa") and not db.migrate.known_revision("ccc")
    write("c", "'ccc'", "'aaa'")  # a branch: two heads
    assert db.migrate._files_head() is None
    write("c", "'ccc'", "('aaa', 'bbb')")  # a merge
    assert db.migrate._files_head() is None
    write("c", "'ccc'", "'bbb'")
    assert db.migrate._files_head() == "ccc"
    (versions / "d.py").write_text("revision = 'ddd'\n")  # written some other way
    assert db.migrate._files_head() is None


def test_the_revisions_known_from_the_files_are_alembics():
    """A sync bundle's schema is checked against the migration files' revision lines, not by loading Alembic
    (25 ms a bundle): the same answers for whole ids, as bundles carry them; Alembic's symbolic names and
    short prefixes are not taken for a bundle's schema."""
    import db.migrate
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.migrate._config())
    revisions = [revision.revision for revision in script.walk_revisions()]
    assert db.migrate._files_history() is not None and set(db.migrate._files_history()) == set(revisions)
    assert all(db.migrate.known_revision(revision) for revision in revisions)
    assert not any(db.migrate.known_revision(text) for text in ("ffffffffffff", "", "head", revisions[0][:6]))
    assert head_revision() == script.get_current_head()
