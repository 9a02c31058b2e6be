"""A bundle read back (frontdesk.sync.bundle describes its parts): its format line and manifest, the sender's
signature, the checksum of its changes and the key that opens them, all checked before anything is applied; then
its changes, one at a time."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from db import fastjson
from frontdesk.i18n import DeskError
from frontdesk.sync.bundle import CHANGES, FORMAT, MAGIC, fingerprint, public_of, signature_ok

#: A bundle's format line, of any version (read at most MAGIC's length: a later one's may be cut).
_FORMAT_LINE = re.compile(rb"FRONTDESK-BUNDLE/(\d+)\n?")
#: The format lines read, and the manifest's format each goes with: /1 carries its changes in clear.
FORMATS = {MAGIC: FORMAT, b"FRONTDESK-BUNDLE/1\n": "frontdesk-bundle/1"}
#: A manifest is a few kilobytes; a length beyond this is a damaged file, not a manifest.
MANIFEST_MAX = 1 << 24


@dataclass(frozen=True)
class Bundle:
    """A bundle whose signature and checksums have been checked."""

    path: Path
    manifest: dict[str, Any]
    #: where the changes part begins in the file
    offset: int
    #: the key the changes are locked with (None for a format 1 bundle, whose changes are in clear)
    stream_key: bytes | None = field(default=None, repr=False)
    #: the size of the locked part's chunks, as the manifest names it
    chunk: int = 1 << 16

    @property
    def id(self) -> str:
        return self.manifest["bundle_id"]

    @property
    def sender(self) -> str:
        return self.manifest["from_site"]

    @property
    def receiver(self) -> str:
        return self.manifest["to_site"]

    @property
    def total(self) -> int:
        return int(self.manifest["total"])

    def entries(self) -> Iterator[dict[str, Any]]:
        """The changes, one at a time, read from the file again (never all in memory).

        A locked part is checked chunk by chunk as it is read. A format 1 bundle's changes, in clear, are
        checked against the manifest's checksum again as they are read: the file may have changed since
        `verify`, and the import that reads them is undone when this raises at their end."""
        with opened(self.path) as raw:
            raw.seek(self.offset)
            clear = None
            try:
                if self.stream_key is not None:
                    from frontdesk.sync.locking import Unlocking

                    source: IO[bytes] = io.BufferedReader(Unlocking(raw, self.stream_key, self.chunk), self.chunk)
                else:
                    clear = _Summed(raw)
                    source = io.BufferedReader(clear, 1 << 16)
                with gzip.GzipFile(fileobj=source, mode="rb") as packed:
                    # UTF-8: a newline byte is never part of another character. The lines are cut by the C reader
                    # from 64 KiB reads, not asked of GzipFile's Python readline one by one.
                    for line in io.BufferedReader(packed, 1 << 16):
                        if line.strip():
                            yield fastjson.loads(line)
                while clear is not None and clear.read(1 << 16):
                    pass  # anything after the compressed stream counts too
            except (OSError, EOFError, zlib.error, ValueError) as exc:
                raise DeskError("sync.damaged", path=self.path.name) from exc
        part = self.manifest.get("parts", {}).get(CHANGES, {})
        if clear is not None and (clear.size != part.get("bytes") or clear.digest.hexdigest() != part.get("sha256")):
            raise DeskError("sync.checksum", path=self.path.name)


class _Summed(io.RawIOBase):
    """A file read through, its SHA-256 and length taken of what was read."""

    def __init__(self, raw: IO[bytes]):
        super().__init__()
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        size = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        if size:
            self.digest.update(memoryview(buffer)[:size])
            self.size += size
        return size


@contextmanager
def opened(path: Path, *, kit: bool = False) -> Iterator[IO[bytes]]:
    """The bundle (or, `kit`, the outpost set-up file) at `path` opened to read; a refusal says what is wrong
    with the path, naming the file for what it should be."""
    try:
        with path.open("rb") as raw:
            yield raw
    except PermissionError as exc:
        raise DeskError("sync.kit_unreadable" if kit else "sync.unreadable", path=_shown(path)) from exc
    except IsADirectoryError as exc:
        raise DeskError("sync.kit_is_folder" if kit else "sync.is_folder", path=_shown(path)) from exc
    except OSError as exc:  # none there, or no file could be there: a name too long, a pasted paragraph
        raise DeskError("sync.no_kit_file" if kit else "sync.no_file", path=_shown(path)) from exc


def _shown(path: Path, most: int = 200) -> str:
    """`path` as a message names it: a pasted paragraph given as the path is cut in its middle, not shown whole."""
    text = str(path)
    return text if len(text) <= most else text[:most // 2] + "…" + text[-(most // 2):]


@dataclass(frozen=True)
class Parts:
    manifest: dict[str, Any]
    body: bytes
    signature: bytes
    offset: int


def read_parts(path: Path) -> Parts:
    """The manifest, its bytes, the signature and where the changes begin, without trusting any of it yet."""
    with opened(path) as raw:
        line = raw.readline(len(MAGIC))  # bounded: a file of no newline is not read whole
        expected = FORMATS.get(line)
        later = _FORMAT_LINE.fullmatch(line)
        if expected is None and later and int(later[1]) > int(FORMAT.rsplit("/", 1)[1]):  # a later one than ours
            raise DeskError("sync.format_newer", path=path.name)
        if expected is None:
            raise DeskError("sync.not_a_bundle", path=path.name)
        try:
            length = int(raw.readline(32).decode("ascii"))
            if not 0 < length <= MANIFEST_MAX:
                raise ValueError(length)
            body = raw.read(length)
            if len(body) != length or raw.read(1) != b"\n":
                raise ValueError("short manifest")
            signature = bytes.fromhex(raw.readline(300).decode("ascii").strip())
            manifest = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise DeskError("sync.damaged", path=path.name) from exc
        offset = raw.tell()
    if not isinstance(manifest, dict) or manifest.get("format") != expected:
        raise DeskError("sync.not_a_bundle", path=path.name)
    return Parts(manifest=manifest, body=body, signature=signature, offset=offset)


def verify(path: Path, *, trusted_key: Callable[[str], str | None], here: str,
           known_revision: Callable[[str], bool], private_key: str | None) -> Bundle:
    """Check the bundle at `path` from end to end before anything is applied.

    `trusted_key(site)` gives the public key this site trusts for a sender (None
    for a site it does not know); `known_revision(rev)` says whether this
    program knows the schema the bundle was written with; `private_key` is this
    site's own, which opens the changes locked for it.
    """
    parts = read_parts(path)
    manifest = parts.manifest
    sender = str(manifest.get("from_site", ""))
    # Before the sender's key: a stick carried to the wrong outpost is told so, not that the sender is unknown.
    if manifest.get("to_site") != here:
        raise DeskError("sync.not_for_us", site=str(manifest.get("to_site")), here=here)
    key = trusted_key(sender)
    if key is None:
        raise DeskError("sync.unknown_site", site=sender or "?")
    if not signature_ok(key, parts.body, parts.signature):
        raise DeskError("sync.bad_signature", site=sender)
    if not known_revision(str(manifest.get("schema", ""))):
        raise DeskError("sync.schema_newer", revision=str(manifest.get("schema", "")))
    part = manifest.get("parts", {}).get(CHANGES, {})
    locked = _opened_lock(part, private_key, sender=sender, here=here, path=path) \
        if manifest["format"] == FORMAT else {}
    digest = hashlib.sha256()
    size = 0
    with opened(path) as raw:
        raw.seek(parts.offset)
        while chunk := raw.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    if size != part.get("bytes"):
        raise DeskError("sync.damaged", path=path.name)
    if digest.hexdigest() != part.get("sha256"):
        raise DeskError("sync.checksum", path=path.name)
    return Bundle(path=path, manifest=manifest, offset=parts.offset, **locked)


def _opened_lock(part: dict[str, Any], private_key: str | None, *, sender: str, here: str,
                 path: Path) -> dict[str, Any]:
    """The stream key and chunk size of a format 2 bundle's locked part (its manifest's signature checked)."""
    from frontdesk.sync import locking

    # Signed by the sender: a value this desk does not read was written by a later desk, not damaged on the way.
    chunk = part.get("chunk", locking.UNNAMED_CHUNK)
    if part.get("cipher") != locking.CIPHER or not locking.readable_chunk(chunk):
        raise DeskError("sync.locking_newer", path=path.name)
    if not private_key:
        raise DeskError("sync.no_key", site=here)
    # Which key the sender locked it for, before any decrypting: a sender still holding this site's earlier key
    # is told to trust its key now, or exporting again would lock the bundle for the earlier key once more.
    own = fingerprint(public_of(private_key))
    if isinstance(part.get("key_for"), str) and part["key_for"] != own:
        raise DeskError("sync.locked_for_other_key", site=sender, here=here, key_for=part["key_for"],
                        fingerprint=own)
    stream_key = locking.open_key(part.get("sealed_key"), private_key)
    if stream_key is None:  # made for this desk's key, as signed, yet it does not open: made wrong, not for another
        raise DeskError("sync.damaged", path=path.name)
    return {"stream_key": stream_key, "chunk": chunk}
