"""Bring a database to the schema this program expects, through Alembic.

Alembic (with Mako and Pygments, about 9 MiB resident for as long as the desk runs) is imported
only when there is something to migrate: a desk opening a database already at this program's one
head reads the revision with one query and compares it with the revision ids written in the
migration files (`_files_head`), and any database or folder that is not that plain case goes
through Alembic as before.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import Connection, Engine, inspect, text

from db.engine import writer
from db.locks import hold_lock

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
#: The lines of a migration file that place it in the history, as Alembic's template writes them.
_LINE = re.compile(r"^(revision|down_revision|branch_labels|depends_on)\b[^=\n]*=\s*(.*?)\s*$", re.M)
_REVISION = re.compile(r"""^(['"])([0-9A-Za-z_]+)\1$""")


class SchemaTooNewError(Exception):
    """The database was migrated by a newer Front Desk than this one."""


class ForeignDatabaseError(Exception):
    """The database holds tables but no Front Desk schema revision: another program's (the message: the
    first of its tables). Front Desk's tables are not written into it."""


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    if (head := _files_head()) is not None:
        return head  # (the plain case: no Alembic to load for a bundle's manifest)
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def known_revision(revision: str) -> bool:
    """Whether this program's migrations include `revision`, a whole revision id as `head_revision` writes it
    into a bundle (a newer program's are unknown; Alembic's symbolic names and short prefixes are not ids)."""
    if (history := _files_history()) is not None:
        return revision in history  # (the plain case: every bundle read asks, Alembic took 25 ms to say)
    from alembic.script import ScriptDirectory

    try:
        found = ScriptDirectory.from_config(_config()).get_revision(revision)
        return found is not None and found.revision == revision
    except Exception:  # alembic raises several kinds for an unknown or malformed id
        return False


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

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
    if revision == "head" and (head := _files_head()) is not None and _stamped(engine) == head:
        return head  # the plain case, without loading Alembic
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    known = {rev.revision for rev in script.walk_revisions()}
    before = current_revision(engine)
    if before is not None and before not in known:
        raise SchemaTooNewError(before)
    if before is None:
        with engine.connect() as connection:
            tables = sorted(inspect(connection).get_table_names())
        if tables:
            raise ForeignDatabaseError(", ".join(tables[:3]) + (", …" if len(tables) > 3 else ""))
    if before is not None and revision == "head" and before in script.get_heads():
        # Already there: nothing to run, and no whole-database foreign key check (minutes at a
        # million cases) on every start.
        return before
    config = _config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return current_revision(engine)


def _files_head() -> str | None:
    """The one head of the migration files, read from their revision lines; None when the history is
    not one plain line (a branch, a merge, labels, dependencies, a file written some other way):
    Alembic decides then."""
    parents = _files_history()
    return None if parents is None else (set(parents) - set(parents.values())).pop()  # (one head: checked there)


def _files_history() -> dict[str, str | None] | None:
    """Each migration file's revision and the one before it, if the history is one plain line (else None).
    The files are read each time (about a millisecond) and worked out again only when their text changed."""
    return _history_of(tuple(path.read_text(encoding="utf-8")
                             for path in sorted((MIGRATIONS / "versions").glob("*.py"))))


@lru_cache(maxsize=4)
def _history_of(texts: tuple[str, ...]) -> dict[str, str | None] | None:
    parents: dict[str, str | None] = {}
    for text in texts:
        fields = dict(_LINE.findall(text))
        if set(fields) != {"revision", "down_revision", "branch_labels", "depends_on"}:
            return None
        if fields["branch_labels"] != "None" or fields["depends_on"] != "None":
            return None
        revision = _REVISION.match(fields["revision"])
        down = None if fields["down_revision"] == "None" else _REVISION.match(fields["down_revision"])
        if revision is None or (down is None and fields["down_revision"] != "None"):
            return None
        if revision[2] in parents:
            return None
        parents[revision[2]] = down[2] if down else None
    heads = set(parents) - set(parents.values())
    if len(heads) != 1 or sum(parent is None for parent in parents.values()) != 1:
        return None
    return parents


def _stamped(engine: Engine) -> str | None:
    """The revision the database is stamped with when it holds exactly one, else None."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return rows[0][0] if len(rows) == 1 else None
