"""Files for people (receipts, slips, handover reports, exports, drafts) on an encrypted outpost.

Beside a database encrypted at rest nothing it holds may lie in plain text. Every such file
the desk writes goes through `write_out`: on an encrypted database it is written sealed,
`NAME.fdsealed` (AES-256-GCM, the key derived with scrypt from the database's passphrase,
held in memory only), and `frontdesk unseal FILE… --to FOLDER` writes the plain files to a
folder the officer names then (a USB stick to print from), asking the passphrase. On a plain
database the file is written as it is. Either way the write is atomic: a temporary file,
then a rename; nothing half-written keeps the final name, no temporary file stays behind.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from frontdesk.i18n import DeskError

#: How a sealed file begins; then a 16-byte salt, a 12-byte nonce and the AES-GCM text.
MAGIC = b"FDSEALED1\n"
SUFFIX = ".fdsealed"
_SALT = os.urandom(16)  # one per program run: the key is derived once, not at every file


def passphrase_of(url: str) -> str | None:
    """The passphrase held for the database at `url` if it is encrypted, else None."""
    from db import cipher
    from db.engine import sqlite_path

    path = sqlite_path(url)
    if path is None:
        return None
    held = cipher.held_passphrase(path)
    return held if held is not None and cipher.file_kind(path) != "plain" else None


@functools.lru_cache(maxsize=8)
def _key(passphrase: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(passphrase.encode("utf-8", "surrogatepass"))


def seal(data: bytes | memoryview, passphrase: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    return MAGIC + _SALT + nonce + AESGCM(_key(passphrase, _SALT)).encrypt(nonce, data, MAGIC)


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def unseal(data: bytes, passphrase: str) -> bytes:
    """The plain bytes of a sealed file; DeskError if the passphrase is another or the file altered."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not is_sealed(data):
        raise DeskError("sealed.not_sealed")
    head = len(MAGIC)
    salt, nonce, text = data[head:head + 16], data[head + 16:head + 28], data[head + 28:]
    try:
        return AESGCM(_key(passphrase, salt)).decrypt(nonce, text, MAGIC)
    except InvalidTag:
        raise DeskError("sealed.wrong") from None


def write_atomically(path: Path, data: bytes | memoryview) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    try:
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_out(path: Path, data: bytes | memoryview, passphrase: str | None) -> Path:
    """Write `data` as `path`, or sealed as `path.fdsealed` when there is a passphrase; the path written."""
    if passphrase is None:
        write_atomically(path, data)
        return path
    sealed = path.with_name(path.name + SUFFIX)
    write_atomically(sealed, seal(data, passphrase))
    return sealed


def unseal_file(path: Path, folder: Path, passphrase: str) -> Path:
    """Write the plain copy of the sealed file `path` into `folder` (named by the officer)."""
    return write_plain(path, unsealed(path, passphrase), folder)


def check_sealed_file(path: Path) -> None:
    """Refused, naming the file and why, unless `path` is a sealed file by its first bytes (no passphrase
    needed to tell: `unseal` says so before anyone signs in)."""
    from frontdesk.i18n import Phrase, os_reason

    try:
        with path.open("rb") as handle:
            head = handle.read(len(MAGIC))
    except FileNotFoundError:
        raise DeskError("sealed.unreadable", file=str(path), reason=Phrase("file.reason.no_such_file")) from None
    except IsADirectoryError:
        raise DeskError("sealed.unreadable", file=str(path), reason=Phrase("file.reason.is_a_folder")) from None
    except OSError as exc:
        raise DeskError("sealed.unreadable", file=str(path), reason=os_reason(exc)) from None
    if not is_sealed(head):
        raise DeskError("sealed.refused", file=str(path), reason=Phrase("sealed.not_sealed"))


def unsealed(path: Path, passphrase: str) -> bytes:
    """The plain bytes of the sealed file at `path`; a refusal names the file and says why in the officer's
    language (several files are unsealed at once: which one?)."""
    from frontdesk.i18n import Phrase, os_reason

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DeskError("sealed.unreadable", file=str(path), reason=Phrase("file.reason.no_such_file")) from None
    except IsADirectoryError:
        raise DeskError("sealed.unreadable", file=str(path), reason=Phrase("file.reason.is_a_folder")) from None
    except OSError as exc:
        raise DeskError("sealed.unreadable", file=str(path), reason=os_reason(exc)) from None
    try:
        return unseal(data, passphrase)
    except DeskError as exc:
        raise DeskError("sealed.refused", file=str(path), reason=Phrase(exc.key)) from None


def write_plain(path: Path, plain: bytes, folder: Path) -> Path:
    """The plain copy of the sealed file `path` written into `folder`: its name without .fdsealed."""
    name = path.name[:-len(SUFFIX)] if path.name.endswith(SUFFIX) else path.name + ".plain"
    target = folder / name
    write_atomically(target, plain)
    return target


def sealed_note(path: Path) -> str:
    """What to add where the desk says a file was written: how to print a sealed one ("" if plain). On a line of
    its own: the sentence before ends in the path, which no full stop may be taken into."""
    from frontdesk.i18n import t

    return "\n" + t("sealed.note", file=path.name) if path.name.endswith(SUFFIX) else ""
