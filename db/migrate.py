"""Bring a database to the schema this program expects, through Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from db.engine import writer

MIGRATIONS = Path(__file__).with_name("migrations")


class SchemaTooNewError(Exception):
    """The database was migrated by a newer Front Desk than this one."""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


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
    config = _config()
    with writer(engine).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return current_revision(engine)
