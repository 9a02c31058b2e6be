"""Encryption at rest for an outpost laptop's database (SQLCipher).

The passphrase is asked for at start (the desk's passphrase screen, or the
terminal for admin commands), checked, and held in this process's memory only
(db.cipher); it is never written to the config, a log or an environment file.
Lost, it cannot be recovered, and neither can the records.

Kept light: the desk calls `passphrase_needed` before its first paint, so this
module imports neither SQLAlchemy nor sqlcipher3 until a job needs them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from db import cipher
from frontdesk.i18n import DeskError, t

#: The shortest passphrase accepted: a phrase of several words, not a password.
PASSPHRASE_MIN = 12
PASSPHRASE_MAX = 256
#: Wrong passphrases an admin command accepts before giving up.
CLI_TRIES = 3


def database_file(url: str) -> Path | None:
    """The file behind a SQLite URL, read without SQLAlchemy (None for a server or memory)."""
    scheme, _, rest = url.partition("://")
    if scheme.split("+")[0] != "sqlite" or not rest.startswith("/"):
        return None
    name = rest[1:].split("?", 1)[0]
    if not name or name == ":memory:":
        return None
    return Path(name).expanduser()


def passphrase_needed(url: str, encrypted: bool) -> str | None:
    """What to ask before opening: "open" (an encrypted file), "create" (a new one that
    is to be encrypted) or None (a plain file, a server, or nothing asked for).

    The file decides: one that exists and does not start like a plain SQLite file is
    encrypted whatever the config says; `encrypted` matters only for a new file.
    """
    path = database_file(url)
    if path is None:
        return None
    kind = cipher.file_kind(path)
    if kind == "encrypted":
        return None if cipher.held_passphrase(path) is not None else "open"
    if kind == "missing" and encrypted:
        return None if cipher.held_passphrase(path) is not None else "create"
    return None


def check_new_passphrase(passphrase: str, again: str) -> None:
    """The rules for a new passphrase; a DeskError names the one broken."""
    if len(passphrase) < PASSPHRASE_MIN:
        raise DeskError("cipher.too_short", least=PASSPHRASE_MIN)
    if len(passphrase) > PASSPHRASE_MAX:
        raise DeskError("cipher.too_long", most=PASSPHRASE_MAX)
    if len(set(passphrase.strip())) < 4:
        raise DeskError("cipher.too_simple")
    if passphrase != again:
        raise DeskError("cipher.mismatch")


def unlock(url: str, passphrase: str) -> None:
    """Check the passphrase against the encrypted file and hold it in memory for its engines.

    For a file not yet created it is only held: the database is created encrypted with it.
    """
    path = database_file(url)
    if path is None:
        raise DeskError("cipher.not_sqlite")
    if not passphrase:
        raise DeskError("cipher.wrong")
    if cipher.file_kind(path) == "encrypted":
        try:
            cipher.check_passphrase(path, passphrase)
        except cipher.WrongPassphraseError as exc:
            raise DeskError("cipher.wrong") from exc
        except cipher.CipherMissingError as exc:
            raise DeskError("cipher.no_driver") from exc
    cipher.hold_passphrase(path, passphrase)


Ask = Callable[[str], str]


def ask_at_terminal(url: str, *, encrypted: bool, ask: Ask, say: Callable[[str], None]) -> None:
    """For admin commands: ask (getpass) for the passphrase the database needs, if any.

    An encrypted file gets three tries; a new encrypted file asks twice and checks the rules.
    """
    need = passphrase_needed(url, encrypted)
    if need is None:
        return
    path = database_file(url)
    if need == "open":
        for _ in range(CLI_TRIES):
            try:
                unlock(url, ask(t("cipher.ask", path=str(path))))
                return
            except DeskError as exc:
                say(exc.message)
        raise DeskError("cipher.gave_up", tries=CLI_TRIES)
    say(t("cipher.create_hint", path=str(path), least=PASSPHRASE_MIN))
    passphrase = ask(t("cipher.ask_new", least=PASSPHRASE_MIN))
    check_new_passphrase(passphrase, ask(t("cipher.ask_again")))
    unlock(url, passphrase)


def ask_new_passphrase(ask: Ask, say: Callable[[str], None]) -> str:
    """A new passphrase typed twice at the terminal, under the rules."""
    say(t("cipher.rules", least=PASSPHRASE_MIN))
    passphrase = ask(t("cipher.ask_new", least=PASSPHRASE_MIN))
    check_new_passphrase(passphrase, ask(t("cipher.ask_again")))
    return passphrase


# ---- converting a database ------------------------------------------------------------

def _sqlite_file(url: str) -> Path:
    path = database_file(url)
    if path is None:
        raise DeskError("cipher.not_sqlite")
    if cipher.file_kind(path) == "missing":
        raise DeskError("backup.no_database", path=str(path))
    return path


def refuse_officer_password(path: Path, passphrase: str, key: str | None = None) -> None:
    """A passphrase must not be any officer's password: one shoulder-surfed sign-in would open the file."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = PasswordHasher()
    connection = cipher.open_raw(path, key)
    try:
        hashes = [row[0] for row in connection.execute(
            "SELECT password_hash FROM officer WHERE password_hash IS NOT NULL")]
    except Exception:  # no officer table yet: a database never opened by the desk
        hashes = []
    finally:
        connection.close()
    for stored in hashes:
        try:
            hasher.verify(stored, passphrase)
        except (VerificationError, InvalidHashError):
            continue
        raise DeskError("cipher.is_a_password")


def _convert(path: Path, *, old_key: str | None, new_key: str | None, suffix: str) -> None:
    """Export into a new file beside the database, check it row for row, swap it in, check again.

    The old file stays (as a hard link, `<name>.<suffix>`) until the new one has been
    checked in place; if that check fails the old one goes back.
    """
    from frontdesk.station import backup

    backup.refuse_if_in_use(path)
    cipher.checkpoint(path, old_key)
    connection = cipher.open_raw(path, old_key)
    try:
        counts = backup.table_counts(connection)
    finally:
        connection.close()
    staged = path.with_name(path.name + ".converting")
    old = path.with_name(path.name + "." + suffix)
    staged.unlink(missing_ok=True)
    old.unlink(missing_ok=True)
    try:
        cipher.export(path, staged, source_key=old_key, target_key=new_key)
        backup.check_copy(staged, new_key, counts=counts)
        _keep_old(path, old)
        backup.put_in_place(path, staged, passphrase=old_key)
        try:
            backup.check_copy(path, new_key, counts=counts)
        except backup.CopyCheckError:
            os.replace(old, path)
            raise
    except backup.CopyCheckError as exc:
        raise DeskError("cipher.check_failed", detail=exc) from exc
    finally:
        staged.unlink(missing_ok=True)
    if new_key is not None:
        backup.scrub(old)  # the plain records: overwritten, not only unlinked
    else:
        old.unlink(missing_ok=True)


def _keep_old(path: Path, old: Path) -> None:
    """A second name for the old file, so the swap cannot lose it (a copy where links are not possible)."""
    try:
        os.link(path, old)
    except OSError:
        import shutil

        shutil.copyfile(path, old)


def encrypt_database(url: str, passphrase: str) -> Path:
    """Turn the plain database file into an encrypted one; the plain file is removed once checked."""
    path = _sqlite_file(url)
    if cipher.file_kind(path) == "encrypted":
        raise DeskError("cipher.already_encrypted", path=str(path))
    refuse_officer_password(path, passphrase)
    _convert(path, old_key=None, new_key=passphrase, suffix="plain")
    cipher.hold_passphrase(path, passphrase)
    return path


def decrypt_database(url: str, passphrase: str) -> Path:
    """Turn an encrypted database back into a plain file (for a desk that no longer needs it)."""
    path = _sqlite_file(url)
    if cipher.file_kind(path) != "encrypted":
        raise DeskError("cipher.not_encrypted", path=str(path))
    unlock(url, passphrase)
    _convert(path, old_key=passphrase, new_key=None, suffix="encrypted")
    cipher.forget_passphrase(path)
    return path
