"""Engine and session factory: the only place that knows how to open the database.

Nothing here runs at import time. `make_engine(url)` builds an engine and, for
SQLite, sets the pragmas every connection needs so that nothing committed is lost
on a power cut and a failed write leaves nothing half-done.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from db import cipher, fastjson
from db.netfs import refuse_network_path

#: How long a writer waits for another terminal's write before giving up (ms).
BUSY_TIMEOUT_MS = 5000

#: JSON columns (the change log) as a sync bundle's apply already writes them: Chinese text as it is (not
#: \uXXXX-escaped), no spaces, by orjson (a logbook import made its change-log entries' JSON in a quarter of
#: its records' preparation by the json module).
_json_dumps = fastjson.dumps

#: Execution option that marks a session as one that writes (BEGIN IMMEDIATE).
_WRITE_OPTION = "frontdesk_write"
#: Execution option of a bulk writer whose every transaction a second run would redo (a logbook import):
#: on SQLite its commits are not flushed to the disk one by one (below, `bulk_write_session`).
_BULK_OPTION = "frontdesk_bulk"
#: SQLite's default: a commit that leaves the WAL this long (pages) copies it into the database file.
CHECKPOINT_PAGES = 1000
#: The same for a bulk writer: a batch rewrites many of the pages the batch before it wrote (the big
#: indexes' inner pages, their busiest leaves), and each page is copied once per checkpoint however often it
#: was written since. A desk's save finding the WAL longer than CHECKPOINT_PAGES copies it (after its commit,
#: not holding the write lock), so a longer WAL makes its saves slower: 100,000 rows imported while a desk
#: saved each second (tests/perf/bench_import_with_desk.py, load 2-6) went at 894 / 1,252 / 1,324 rows/s
#: with 1,000 / 4,000 / 8,000 pages, the saves' median 53 / 64 / 81 ms, their p95 129 / 133 / 176 ms.
BULK_CHECKPOINT_PAGES = 4000
#: The pooled connection's info key while it runs with synchronous=NORMAL (put back to FULL when returned).
_RELAXED = "frontdesk.relaxed"


class DatabaseError(Exception):
    """A problem opening the database that an officer or admin can act on."""


class PassphraseNeededError(DatabaseError):
    """The file is encrypted (SQLCipher) and no passphrase was given for it."""


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases / in-memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database).expanduser()


def make_engine(url: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, passphrase: str | None = None) -> Engine:
    """Build an engine for `url` (SQLite file or PostgreSQL).

    SQLite files are refused on a network filesystem, their folder is created,
    and every connection gets WAL, synchronous=FULL, foreign keys and a busy
    timeout. Sessions opened with `write_session` begin IMMEDIATE so that two
    terminals never both read-then-write and deadlock at commit.

    An encrypted file (SQLCipher) is opened with `passphrase`, or the one held in
    memory for that file (db.cipher.hold_passphrase); a new file is created
    encrypted when a passphrase is given for it. Every connection then sends the
    key first, before the pragmas above.
    """
    path = sqlite_path(url)
    if path is not None:
        refuse_network_path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Two connections kept between reads (each holds its page cache, up to 2 MiB, and the parsed
        # schema); more are opened when workers overlap and closed again when they are done.
        target, pool = _sqlite_target(url, path, passphrase), {"pool_size": 2, "max_overflow": 13}
        if target.drivername == "sqlite+pysqlcipher":
            cipher.dbapi()  # quietens SQLCipher's own messages before the first connection
            # The dialect's default keeps one connection per thread; the desk's workers
            # share a pool like any SQLite file (and each new connection pays the key's KDF).
            pool["poolclass"] = QueuePool
        engine = create_engine(
            target,
            connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
            json_serializer=_json_dumps,
            **pool,
        )
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        raise DatabaseError("An in-memory database cannot hold the desk's records.")
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")  # the driver we ship, not psycopg2
    return create_engine(
        parsed,
        pool_pre_ping=True,
        json_serializer=_json_dumps,
        # A server behind a firewall should fail in seconds, not hang the desk.
        connect_args={"connect_timeout": 5},
    )


def _sqlite_target(url: str, path: Path, passphrase: str | None):
    """The URL to connect with: plain SQLite, or SQLCipher keyed with the passphrase."""
    parsed = make_url(url)
    if parsed.password is not None:
        raise DatabaseError("A database URL must not hold a passphrase: it is asked for at start.")
    passphrase = passphrase if passphrase is not None else cipher.held_passphrase(path)
    kind = cipher.file_kind(path)
    if kind == "encrypted" and passphrase is None:
        raise PassphraseNeededError(f"{path} is encrypted: its passphrase is needed to open it.")
    if passphrase is None:
        return parsed
    if kind == "plain":
        raise DatabaseError(f"{path} is not encrypted; it cannot be opened with a passphrase.")
    return cipher.cipher_url(parsed, passphrase)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # SQLAlchemy emits BEGIN itself (below); sqlite3's legacy handling would
        # otherwise skip BEGIN for SELECTs and DDL.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        options = conn.get_execution_options()
        if options.get(_BULK_OPTION, False) and not conn.connection.info.get(_RELAXED):
            # Outside a transaction, as SQLite requires; the connection goes back to FULL when returned.
            raw = conn.connection.dbapi_connection
            raw.execute("PRAGMA synchronous=NORMAL")
            raw.execute(f"PRAGMA wal_autocheckpoint={BULK_CHECKPOINT_PAGES}")
            conn.connection.info[_RELAXED] = True
        if options.get(_WRITE_OPTION, False):
            _begin_immediate(conn, busy_timeout_ms)
        else:
            conn.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection, record) -> None:
        if record.info.pop(_RELAXED, False) and dbapi_connection is not None:
            dbapi_connection.execute("PRAGMA synchronous=FULL")  # (rolled back already: no transaction open)
            dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")


#: While a write waits for another desk's, it tries again at least this often (ms).
_BEGIN_POLL_MS = 10


def _begin_immediate(conn, busy_timeout_ms: int) -> None:
    """BEGIN IMMEDIATE, waiting up to the busy timeout for another desk's write to end.

    SQLite's own wait polls every 100 ms once it has waited a little; desks that
    save back to back take the lock again within a millisecond of their commit,
    so a desk polling that slowly can miss every turn for seconds (tests saw a
    desk refused after 5 s with four desks saving). Trying every few milliseconds
    catches the moments the lock is free.
    """
    raw = conn.connection.dbapi_connection
    deadline = time.monotonic() + busy_timeout_ms / 1000
    raw.execute(f"PRAGMA busy_timeout={_BEGIN_POLL_MS}")
    try:
        while time.monotonic() < deadline:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except Exception as exc:  # the driver's OperationalError (sqlite3 or sqlcipher3)
                if "locked" not in str(exc) and "busy" not in str(exc):
                    break
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # the last try: its error is SQLAlchemy's, as any other
    finally:
        raw.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")


def writer(engine: Engine) -> Engine:
    """The same engine, marked so its transactions begin IMMEDIATE on SQLite."""
    return engine.execution_options(**{_WRITE_OPTION: True})


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session for one unit of work that writes; rolled back if it raises."""
    # No autoflush: a query in the middle of a unit of work must not write a
    # pending change before records.save has versioned and logged it.
    with Session(writer(engine), expire_on_commit=False, autoflush=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise


@contextmanager
def bulk_write_session(engine: Engine) -> Iterator[Session]:
    """`write_session` for a bulk writer whose transactions a second run redoes (a logbook import: its rows'
    source keys make the second run add only what the first did not). On SQLite its commits are written to
    the WAL but not flushed to the disk each time (synchronous=NORMAL for the transaction; the pooled
    connection is put back to FULL when returned). A killed process loses nothing of them (the operating
    system holds what was written), and the file stays whole whatever happens: WAL frames are only ever
    lost from the end, so a power cut can take back the last few batches, never a desk's save made after
    them (its flush carries them too), and the next run of the import writes them again. The flush no
    longer happens under the write lock, so a desk's save waits less for a batch."""
    with Session(engine.execution_options(**{_WRITE_OPTION: True, _BULK_OPTION: True}),
                 expire_on_commit=False, autoflush=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session that only reads; it never holds the write lock."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
