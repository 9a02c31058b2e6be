"""SQLCipher: the SQLite file of an outpost laptop, encrypted at rest.

The passphrase is typed at start and held in this process's memory only: here,
keyed by the database file, so that every engine opened on that file (the desk,
a migration, a backup) can give SQLCipher its key. It is never written to a file,
a log or the environment.

Nothing in this module imports SQLAlchemy or sqlcipher3 at import time: the desk
asks "is this file encrypted?" before its first paint.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

#: The first 16 bytes of every plain SQLite file. An encrypted file starts with random salt.
SQLITE_HEADER = b"SQLite format 3\x00"

#: Seconds a raw connection waits for another desk's write.
RAW_TIMEOUT = 5.0


class CipherError(Exception):
    """The encrypted database cannot be opened as asked."""


class WrongPassphraseError(CipherError):
    """The passphrase does not open this database (or the file is not a database)."""


class CipherMissingError(CipherError):
    """The SQLCipher driver (sqlcipher3) is not installed."""


def file_kind(path: Path) -> str:
    """"missing" (absent or empty), "plain" (a SQLite file) or "encrypted" (anything else)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return "missing"
    if not head:
        return "missing"
    return "plain" if head == SQLITE_HEADER else "encrypted"


# ---- the passphrases held in memory -----------------------------------------------

_held: dict[str, str] = {}
_held_lock = threading.Lock()


def _key(path: Path) -> str:
    return str(Path(path).expanduser().absolute().resolve())


def hold_passphrase(path: Path, passphrase: str) -> None:
    """Remember the passphrase for `path` for as long as this process runs (memory only)."""
    with _held_lock:
        _held[_key(path)] = passphrase


def held_passphrase(path: Path) -> str | None:
    with _held_lock:
        return _held.get(_key(path))


def forget_passphrase(path: Path) -> None:
    with _held_lock:
        _held.pop(_key(path), None)


# ---- raw connections (no SQLAlchemy) ------------------------------------------------

def dbapi() -> Any:
    """The sqlcipher3 DB-API module (SQLCipher 4), quietened so it never writes to the terminal."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise CipherMissingError("the sqlcipher3 package is not installed") from exc
    _quiet(dbapi2)
    return dbapi2


@functools.cache
def _quiet(module: Any) -> None:
    # SQLCipher logs a failed key to stderr by default, which would scribble over the
    # desk's screen; the caller says what went wrong in the officer's language instead.
    probe = module.connect(":memory:")
    try:
        probe.execute("PRAGMA cipher_log_level = NONE")
    finally:
        probe.close()


def open_raw(path: Path, passphrase: str | None = None):
    """A DB-API connection to the file: plain sqlite3, or SQLCipher keyed first.

    The key is checked by reading the schema at once; a wrong one raises
    WrongPassphraseError and leaves no connection open.
    """
    if passphrase is None:
        connection = sqlite3.connect(str(path), timeout=RAW_TIMEOUT, isolation_level=None)
        errors: tuple[type[BaseException], ...] = (sqlite3.DatabaseError,)
    else:
        module = dbapi()
        connection = module.connect(str(path), timeout=RAW_TIMEOUT, isolation_level=None)
        connection.set_key(passphrase)
        errors = (module.DatabaseError,)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except errors as exc:
        connection.close()
        if "not a database" in str(exc) or "encrypted" in str(exc):
            raise WrongPassphraseError(str(path)) from exc
        raise
    return connection


def check_passphrase(path: Path, passphrase: str) -> None:
    """Raise WrongPassphraseError unless `passphrase` opens the encrypted file."""
    open_raw(path, passphrase).close()


def export(source: Path, target: Path, *, source_key: str | None, target_key: str | None) -> None:
    """Copy every table, index and row of `source` into a new file `target` (sqlcipher_export).

    A plain source gets an encrypted target and the other way round; `target`
    must not exist. The schema version (Alembic's table) is copied like any table.
    """
    if target.exists():
        raise FileExistsError(target)
    module = dbapi()
    connection = module.connect(str(source), timeout=RAW_TIMEOUT, isolation_level=None)
    try:
        if source_key is not None:
            connection.set_key(source_key)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.execute("ATTACH DATABASE ? AS target KEY ?", (str(target), target_key or ""))
        connection.execute("SELECT sqlcipher_export('target')").fetchone()
        connection.execute("DETACH DATABASE target")
    except module.DatabaseError as exc:
        if "not a database" in str(exc):
            raise WrongPassphraseError(str(source)) from exc
        raise
    finally:
        connection.close()


def online_copy(source: Path, target: Path, passphrase: str | None) -> None:
    """A consistent copy of a live database while other desks keep writing (the backup API).

    The copy is taken in one step from one read snapshot (WAL lets writers go on
    meanwhile). An encrypted source gives a copy encrypted with the same passphrase.
    """
    if target.exists():
        raise FileExistsError(target)
    reader = open_raw(source, passphrase)
    try:
        if passphrase is None:
            writer = sqlite3.connect(str(target), isolation_level=None)
        else:
            writer = dbapi().connect(str(target), isolation_level=None)
            writer.set_key(passphrase)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    finally:
        reader.close()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def checkpoint(path: Path, passphrase: str | None) -> None:
    """Fold the write-ahead log into the file and empty it, so the file alone holds everything."""
    connection = open_raw(path, passphrase)
    try:
        busy, _log, _moved = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise CipherError(f"{path} is busy: another desk is using it")
    finally:
        connection.close()


def cipher_url(url, passphrase: str):
    """The SQLAlchemy URL for an encrypted file: the sqlcipher dialect, keyed by the URL's password.

    The dialect sends `PRAGMA key` before anything else on every new connection.
    The URL object lives in the engine only; it is never written out.
    """
    return url.set(drivername="sqlite+pysqlcipher", password=passphrase)
