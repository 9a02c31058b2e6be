"""The outpost set-up file (.fdkit), and the one-time set-up code without which it is of no use.

A kit is a zip of two members:

    kit.json        the format line, the outpost's and the station's site codes (so an officer at
                    the wrong laptop is told so before anything is asked), the salt and limits of
                    the key derivation, and `locked`: the outpost's name, its Ed25519 key pair and
                    the station's site and public key as JSON, encrypted and authenticated with
                    libsodium's secretbox (XSalsa20-Poly1305) under a key derived from the set-up
                    code by argon2id (PyNaCl's nacl.pwhash)
    bundle.fdsync   everything the station holds: a bundle locked for the outpost's key, whose
                    private half is only in `locked`

The set-up code is made when the kit is, shown once at the station and kept nowhere; the admin
gives it to the outpost by another way than the stick (the phone, in person). Whoever finds the
stick has the file without the code: each guess costs an argon2id derivation (64 MiB and a
fraction of a second), and the code is 100 random bits. A kit altered on the way, the station's
key swapped for instance, does not open either: secretbox checks every byte it locks.

Why letters and digits, not words: the code is read aloud over the phone in Chinese as often as
in English. Crockford's base32 (digits and capital letters without I, L, O and U) is read the
same in both, and needs no word list; 20 characters, shown as 5 groups of 4, carry 100 bits. It
is taken typed with or without spaces and dashes, in either case; O is read as 0, I and L as 1.

Format 1 (frontdesk-outpost-kit/1, from a desk not yet updated) carries the private key in clear
and asks no code, so anyone can make one: a stick whose kit was swapped for one of these would set
the outpost up trusting the maker's key as the station's. It is refused, saying what to ask the
station for, unless the officer says the station's desk is on the older version (`sync enrol
--old-kit`, cli.py), and then read with a warning.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator

from frontdesk.i18n import DeskError
from frontdesk.sync.bundle import SUFFIX
from frontdesk.sync.bundle_read import opened

KIT_FORMAT = "frontdesk-outpost-kit/2"
OLD_FORMAT = "frontdesk-outpost-kit/1"
KIT_SUFFIX = ".fdkit"
KIT = "kit.json"
KIT_BUNDLE = "bundle" + SUFFIX
KDF = "argon2id"
#: A kit's clear part is a few hundred bytes; anything far larger is not a kit.
KIT_JSON_MAX = 1 << 16

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20
GROUP = 4
#: Letters read as the digits they are taken for, as Crockford's base32 does.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_setup_code() -> str:
    """A fresh set-up code, grouped for reading aloud: e.g. 7KQ2-M9XD-4HTB-ZN3R-WP6E."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(code[i:i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normal_code(typed: str) -> str:
    """The code as typed (spaces, dashes, either case), as the 20 characters it stands for."""
    code = "".join(ch for ch in typed.upper() if not ch.isspace() and ch not in "-_").translate(_READ_AS)
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        raise DeskError("sync.kit_code_form")
    return code


# ---- the key from the code ---------------------------------------------------------------------
# PyNaCl is imported when a kit is written or opened only.


def _limits() -> dict[str, int]:
    from nacl.pwhash import argon2id

    return {"opslimit": argon2id.OPSLIMIT_INTERACTIVE, "memlimit": argon2id.MEMLIMIT_INTERACTIVE}


def _key(code: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    from nacl.pwhash import argon2id
    from nacl.secret import SecretBox

    return argon2id.kdf(SecretBox.KEY_SIZE, normal_code(code).encode("ascii"), salt, opslimit=opslimit,
                        memlimit=memlimit)


def lock_secret(secret: dict[str, Any], code: str) -> dict[str, Any]:
    """`secret` locked under the set-up code, with what it takes to open it again (all text)."""
    from nacl.pwhash import argon2id
    from nacl.secret import SecretBox

    salt = secrets.token_bytes(argon2id.SALTBYTES)
    limits = _limits()
    box = SecretBox(_key(code, salt, **limits))
    locked = box.encrypt(json.dumps(secret, ensure_ascii=False).encode())
    return {"kdf": KDF, "salt": salt.hex(), **limits, "cipher": "xsalsa20poly1305", "locked": locked.hex()}


def open_secret(envelope: dict[str, Any], code: str, *, path: Path) -> dict[str, Any]:
    """What `lock_secret` locked, opened with the code as typed; a clear refusal for a wrong one."""
    from nacl.exceptions import CryptoError
    from nacl.pwhash import argon2id
    from nacl.secret import SecretBox

    try:
        opslimit, memlimit = int(envelope["opslimit"]), int(envelope["memlimit"])
        salt, locked = bytes.fromhex(envelope["salt"]), bytes.fromhex(envelope["locked"])
        # Limits come from the file: no more than a desk would ever write, so a forged kit cannot
        # have a laptop spend gigabytes or minutes on it.
        if (envelope.get("kdf") != KDF or len(salt) != argon2id.SALTBYTES
                or not argon2id.OPSLIMIT_MIN <= opslimit <= argon2id.OPSLIMIT_SENSITIVE
                or not argon2id.MEMLIMIT_MIN <= memlimit <= argon2id.MEMLIMIT_MODERATE):
            raise ValueError("key derivation")
    except (KeyError, TypeError, ValueError) as exc:
        raise DeskError("sync.damaged", path=path.name) from exc
    key = _key(code, salt, opslimit, memlimit)
    try:
        secret = json.loads(SecretBox(key).decrypt(locked))
    except CryptoError as exc:
        raise DeskError("sync.kit_wrong_code") from exc
    except ValueError as exc:
        raise DeskError("sync.damaged", path=path.name) from exc
    if not isinstance(secret, dict):
        raise DeskError("sync.damaged", path=path.name)
    return secret


# ---- the file ----------------------------------------------------------------------------------


def write_kit(path: Path, kit: dict[str, Any], bundle: Path, code: str) -> None:
    """The file that sets up an outpost, its secret part locked under `code`.

    `kit` is the outpost's site, name and key pair and the station's site and key; only the sites'
    codes stay readable. Written readable by its owner only, and atomically.
    """
    clear = {"format": KIT_FORMAT, "site": kit["site"], "station": kit["station"]["site"],
             **lock_secret(kit, code)}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".kit-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(KIT, json.dumps(clear, ensure_ascii=False, indent=1))
            archive.write(bundle, KIT_BUNDLE)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def _kit_archive(raw: IO[bytes], path: Path) -> Iterator[zipfile.ZipFile]:
    if raw.read(4) != b"PK\x03\x04":  # no zip archive at all (a bundle, a text): another file, not a damaged kit
        raise DeskError("sync.not_a_kit", path=path.name)
    raw.seek(0)
    try:
        with zipfile.ZipFile(raw) as archive:
            yield archive
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as exc:
        raise DeskError("sync.damaged", path=path.name) from exc


@dataclass(frozen=True)
class KitFile:
    """A kit's readable part, checked for its form: the code has not opened it yet."""

    path: Path
    clear: dict[str, Any] = field(repr=False)

    @property
    def site(self) -> str:
        return str(self.clear.get("site"))

    @property
    def needs_code(self) -> bool:
        """False for a format 1 kit, whose secret part is in clear."""
        return self.clear["format"] == KIT_FORMAT

    def open(self, code: str | None, *, old_format: bool = False) -> dict[str, Any]:
        """The kit's contents: site, name, the outpost's key pair, the station's site and key.

        A format 1 kit is opened only with `old_format` (the officer says the station is on the older version)."""
        if not self.needs_code and not old_format:
            raise DeskError("sync.kit_old", site=self.site)
        if not self.needs_code:
            kit = dict(self.clear)
        elif code is None:
            raise DeskError("sync.kit_wrong_code")
        else:
            kit = open_secret(self.clear, code, path=self.path)
        station = kit.get("station")
        # The locked part names the sites too: the readable names must be the same, or the file was altered.
        if (kit.get("site") != self.site or not isinstance(station, dict)
                or (self.needs_code and station.get("site") != self.clear.get("station"))
                or not all(isinstance(kit.get(key), str) for key in ("private_key", "public_key"))
                or not all(isinstance(station.get(key), str) for key in ("site", "public_key"))):
            raise DeskError("sync.damaged", path=self.path.name)
        return kit

    def unpack_bundle(self, to: Path) -> Path:
        """The kit's bundle, written into the folder `to`."""
        target = to / KIT_BUNDLE
        with opened(self.path, kit=True) as raw, _kit_archive(raw, self.path) as archive:
            try:
                with archive.open(KIT_BUNDLE) as member, target.open("wb") as out:
                    while chunk := member.read(1 << 20):
                        out.write(chunk)
            except (KeyError, zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
                raise DeskError("sync.damaged", path=self.path.name) from exc
        return target


def read_kit(path: Path) -> KitFile:
    """The kit at `path`, its readable part checked; a clear refusal for anything else."""
    with opened(path, kit=True) as raw, _kit_archive(raw, path) as archive:
        names = archive.namelist()
        if KIT not in names or KIT_BUNDLE not in names:
            raise DeskError("sync.not_a_kit", path=path.name)
        try:
            if archive.getinfo(KIT).file_size > KIT_JSON_MAX:
                raise ValueError("kit.json too large")
            clear = json.loads(archive.read(KIT))
        except (ValueError, zipfile.BadZipFile, zlib.error) as exc:
            raise DeskError("sync.damaged", path=path.name) from exc
    if not isinstance(clear, dict) or clear.get("format") not in (KIT_FORMAT, OLD_FORMAT):
        raise DeskError("sync.not_a_kit", path=path.name)
    return KitFile(path=path, clear=clear)
