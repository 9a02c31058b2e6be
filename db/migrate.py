"""Bring a database to the schema this program expects, through Alembic."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from db.engine import writer
from db.locks import hold_lock

MIGRATIONS = Path(__file__).with_name("migrations")


class SchemaTooNewError(Exception):
    """The database was migrated by a newer Front Desk than this one."""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def known_revision(revision: str) -> bool:
    """Whether this program's migrations include `revision` (a newer program's are unknown)."""
    try:
        return ScriptDirectory.from_config(_config()).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown or malformed id
        return False


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


class BrokenReferencesError(Exception):
    """A migration left rows pointing at records that are not there; it was undone."""


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """One transaction for schema changes, taken by one desk at a time.

    On SQLite, Alembic's batch mode rebuilds a table by copying and dropping
    it, which foreign keys forbid while other tables point at it; so they are
    switched off for the migration (it cannot be done inside a transaction)
    and every reference is checked before the commit instead.
    """
    sqlite = engine.dialect.name == "sqlite"
    with writer(engine).connect() as connection:
        if sqlite:
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                hold_lock(connection, "migrate")
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise BrokenReferencesError(broken[:5])
        finally:
            if sqlite:
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Upgrade to `revision` in one transaction; returns the revision reached.

    A database stamped with a revision this program does not know was written by
    a newer version: refuse rather than guess.
    """
    script = ScriptDirectory.from_config(_config())
    known = {rev.revision for rev in script.walk_revisions()}
    before = current_revision(engine)
    if before is not None and before not in known:
        raise SchemaTooNewError(before)
    if before is not None and revision == "head" and before in script.get_heads():
        # Already there: nothing to run, and no whole-database foreign key check (minutes at a
        # million cases) on every start.
        return before
    config = _config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return current_revision(engine)
