"""Backing up and restoring the desk's SQLite file, while desks keep working.

A backup is taken with SQLite's online backup API from one read snapshot, so
it is consistent even while other desks write; an encrypted database gives an
encrypted backup (same passphrase). Every copy is checked before it counts:
integrity, and the schema revision it carries. Only the newest `keep` backups
of the database are kept.

A PostgreSQL server is backed up with its own tools (pg_dump / pg_restore).
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from db import cipher
from frontdesk.i18n import DeskError, Phrase, t

#: Backups are named `<database>-YYYYMMDD-HHMMSS[-n].sqlite`, so names sort by time.
STAMP = "%Y%m%d-%H%M%S"
KEEP_RANGE = (1, 1000)


class CopyCheckError(Exception):
    """A copy failed its check: a catalogue key saying what was wrong (rendered when shown, in the
    language of the moment), and the database engine's own words where only it can say more."""

    def __init__(self, key: str, detail: str = ""):
        super().__init__(key, detail)
        self.key, self.detail = key, detail

    def __str__(self) -> str:
        return t(self.key, detail=self.detail)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    revision: str
    kept: int
    removed: tuple[Path, ...]


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    revision: str
    kept_as: Path


def _sqlite_file(url: str) -> Path:
    from db.engine import sqlite_path

    path = sqlite_path(url)
    if path is None:
        raise DeskError("backup.postgres")
    return path


# ---- checking a copy ---------------------------------------------------------------

def table_counts(connection) -> dict[str, int]:
    """Rows in every table of a raw connection (to compare a copy with its original)."""
    names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def engine_said(exc: Exception) -> CopyCheckError:
    """SQLite's words for a damaged file, said as the desk says them; its own text only for a rare one."""
    text = str(exc)
    if any(words in text.lower() for words in ("malformed", "not a database", "file is encrypted")):
        return CopyCheckError("copy_check.damaged")
    return CopyCheckError("copy_check.engine", text)


def check_copy(path: Path, passphrase: str | None, *, counts: dict[str, int] | None = None) -> str:
    """Open the file, run the integrity checks and read its schema revision (returned).

    With `counts`, every table must hold exactly that many rows.
    """
    try:
        connection = cipher.open_raw(path, passphrase)
    except cipher.WrongPassphraseError as exc:
        raise CopyCheckError("copy_check.does_not_open" if passphrase is None else "copy_check.wrong_passphrase") from exc
    except Exception as exc:  # sqlite3's DatabaseError on opening: a file cut short or damaged in its first pages
        raise engine_said(exc) from exc
    try:
        return _checked(connection, passphrase, counts)
    except CopyCheckError:
        raise
    except Exception as exc:  # sqlite3's or sqlcipher3's DatabaseError: a damaged file
        raise engine_said(exc) from exc
    finally:
        connection.close()


def _checked(connection, passphrase: str | None, counts: dict[str, int] | None) -> str:
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise CopyCheckError("copy_check.integrity", "; ".join(problems[:3]))
    if passphrase is not None:
        damaged = connection.execute("PRAGMA cipher_integrity_check").fetchall()
        if damaged:
            raise CopyCheckError("copy_check.cipher_integrity", str(damaged[0][0]))
    has_revision = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()[0]
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchone() if has_revision else None
    if not revision or not revision[0]:
        raise CopyCheckError("copy_check.no_revision")
    if counts is not None and table_counts(connection) != counts:
        raise CopyCheckError("copy_check.rows_differ")
    return revision[0]


# ---- who else has the file open -----------------------------------------------------

def others_using(path: Path) -> list[int]:
    """Process ids, other than this one, that hold the database (or its WAL) open."""
    import psutil

    names = {str(Path(f"{path}{suffix}").absolute().resolve()) for suffix in ("", "-wal", "-shm")}
    found = []
    for process in psutil.process_iter(["pid"]):
        if process.pid == os.getpid():
            continue
        try:
            if any(item.path in names for item in process.open_files()):
                found.append(process.pid)
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess, OSError):
            continue
    return found


def refuse_if_in_use(path: Path) -> None:
    pids = others_using(path)
    if pids:
        raise DeskError("backup.in_use", path=str(path), pids=", ".join(map(str, pids)))


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows has no directory fsync
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def put_in_place(path: Path, staged: Path, *, passphrase: str | None) -> None:
    """Replace the database file by `staged` (checked, same folder) in one atomic rename.

    The database's write-ahead log is folded in and removed first, so no log of
    the old file is ever applied to the new one; at every moment `path` is either
    the whole old file or the whole new one.
    """
    if path.exists():
        try:
            cipher.checkpoint(path, passphrase)
        except cipher.CipherError as exc:
            raise DeskError("backup.in_use", path=str(path), pids="?") from exc
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, path)
    _fsync_folder(path.parent)


def scrub(path: Path) -> None:
    """Overwrite a file with zeros, then delete it (best effort: an SSD may keep old blocks)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as handle:
            block = b"\0" * (1 << 20)
            for _ in range(0, size, len(block)):
                handle.write(block)
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    path.unlink(missing_ok=True)


# ---- backup -------------------------------------------------------------------------

def _free_name(folder: Path, stem: str, now: datetime, zone: ZoneInfo) -> Path:
    base = f"{stem}-{now.astimezone(zone).strftime(STAMP)}"
    candidate, number = folder / f"{base}.sqlite", 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{base}-{number}.sqlite"
    return candidate


def backups_of(folder: Path, stem: str) -> list[Path]:
    """This database's backups in `folder`, oldest first (files named by this module only)."""
    pattern = re.compile(rf"^{re.escape(stem)}-\d{{8}}-\d{{6}}(-\d+)?\.sqlite$")
    found = [path for path in folder.glob(f"{stem}-*.sqlite") if pattern.match(path.name)]

    def order(path: Path) -> tuple[str, int]:
        rest = path.stem[len(stem) + 1:]  # YYYYMMDD-HHMMSS, then -n for a second one in that second
        return rest[:15], int(rest[16:] or 1)

    return sorted(found, key=order)


def make_writable_folder(folder: Path) -> None:
    """The backup folder, made if need be; an OSError (with the path) if it is a file or cannot be written."""
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))


def backup_database(url: str, *, folder: Path, keep: int, now: datetime, zone: ZoneInfo) -> BackupResult:
    """Write a checked, consistent copy of the database into `folder`; keep the newest `keep`.

    Desks may go on writing meanwhile. An encrypted database needs its
    passphrase held (db.cipher) and gives an encrypted copy.
    """
    if not KEEP_RANGE[0] <= keep <= KEEP_RANGE[1]:
        raise DeskError("backup.bad_keep", value=keep)
    path = _sqlite_file(url)
    kind = cipher.file_kind(path)
    if kind == "missing":
        raise DeskError("backup.no_database", path=str(path))
    passphrase = cipher.held_passphrase(path) if kind == "encrypted" else None
    if kind == "encrypted" and passphrase is None:
        raise DeskError("cipher.needed", path=str(path))
    make_writable_folder(folder)
    target = _free_name(folder, path.stem, now, zone)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        cipher.online_copy(path, partial, passphrase)
        revision = check_copy(partial, passphrase)
    except CopyCheckError as exc:
        partial.unlink(missing_ok=True)
        raise DeskError("backup.check_failed", path=str(target), detail=exc) from exc
    except cipher.WrongPassphraseError as exc:
        partial.unlink(missing_ok=True)
        raise DeskError("cipher.wrong") from exc
    except sqlite3.OperationalError as exc:  # the copy could not be written (a full disk, a folder gone)
        partial.unlink(missing_ok=True)
        full = "full" in str(exc).lower()
        raise OSError(errno.ENOSPC if full else None, os.strerror(errno.ENOSPC) if full else str(exc),
                      str(folder)) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    _fsync_folder(folder)
    backups = backups_of(folder, path.stem)
    removed = tuple(backups[:-keep]) if len(backups) > keep else ()
    for old in removed:
        old.unlink(missing_ok=True)
    return BackupResult(path=target, size=target.stat().st_size, revision=revision,
                        kept=len(backups) - len(removed), removed=removed)


# ---- restore ------------------------------------------------------------------------

def _known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from db.migrate import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {revision.revision for revision in ScriptDirectory.from_config(config).walk_revisions()}


def backup_is_encrypted(source: Path) -> bool:
    if source.is_dir():  # (the backup folder typed without the file's name)
        raise DeskError("restore.is_folder", path=str(source))
    if not source.is_file():
        raise DeskError("restore.not_found", path=str(source))
    kind = cipher.file_kind(source)
    if kind == "missing":
        raise DeskError("restore.not_a_backup", path=str(source), detail=Phrase("restore.detail.empty"))
    # An encrypted database is whole pages (512 bytes at the least): a text file or a spreadsheet picked by
    # mistake is said to be no database, not asked a passphrase for.
    if kind == "encrypted" and source.stat().st_size % 512:
        raise DeskError("restore.not_a_backup", path=str(source), detail=Phrase("restore.detail.not_a_database"))
    return kind == "encrypted"


def restore_database(url: str, source: Path, *, source_passphrase: str | None, keep_folder: Path,
                     now: datetime, zone: ZoneInfo) -> RestoreResult:
    """Put a backup in place of the database, after checking it; the database as it was is kept.

    Refused while another program has the database open. The backup is checked
    first (integrity, a schema this program knows); then the current database is
    copied to `keep_folder` as `<name>-before-restore-<time>.sqlite`; then a
    copy of the backup replaces the file in one rename. An encrypted backup stays
    encrypted with its own passphrase, which is then the database's.
    """
    path = _sqlite_file(url)
    encrypted = backup_is_encrypted(source)
    passphrase = source_passphrase if encrypted else None
    try:
        revision = check_copy(source, passphrase)
    except CopyCheckError as exc:
        raise DeskError("restore.not_a_backup", path=str(source), detail=exc) from exc
    if revision not in _known_revisions():
        raise DeskError("db.too_new", revision=revision)
    refuse_if_in_use(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(path.name + ".restoring")
    staged.unlink(missing_ok=True)
    current = cipher.file_kind(path)
    current_key = cipher.held_passphrase(path) if current == "encrypted" else None
    if current == "encrypted" and current_key is None:
        raise DeskError("cipher.needed", path=str(path))
    kept_as = keep_folder / f"{path.stem}-before-restore-{now.astimezone(zone).strftime(STAMP)}.sqlite"
    try:
        cipher.online_copy(source, staged, passphrase)
        check_copy(staged, passphrase)
        if current != "missing":
            keep_folder.mkdir(parents=True, exist_ok=True)
            cipher.online_copy(path, kept_as, current_key)
            check_copy(kept_as, current_key)
        put_in_place(path, staged, passphrase=current_key)
    except CopyCheckError as exc:
        raise DeskError("restore.not_a_backup", path=str(source), detail=exc) from exc
    finally:
        staged.unlink(missing_ok=True)
    if passphrase is not None:
        cipher.hold_passphrase(path, passphrase)
    else:
        cipher.forget_passphrase(path)
    return RestoreResult(path=path, revision=revision, kept_as=kept_as if current != "missing" else Path())
