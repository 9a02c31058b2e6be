"""The bundle file that carries one site's changes to another, and the keys that sign it.

A bundle is one file, every byte of it covered by a check:

    FRONTDESK-BUNDLE/2            the format line
    <n>                           the manifest's length in bytes
    <manifest: n bytes of JSON>   bundle id, sending and receiving site, the
                                  change-sequence range of every site carried,
                                  the schema revision, counts, what the sender
                                  holds of every site, the audit chain heads
                                  (the sender's own, and those it keeps of the
                                  receiver's chain), the SHA-256 and size of
                                  the changes part, its key sealed to the
                                  receiver, the cipher and its chunk size (no
                                  name, number or text of a record)
    <signature>                   the sender's Ed25519 signature over the manifest (hex)
    <changes>                     gzip of one change-log entry a line, parents first,
                                  locked so that only the receiver reads it (locking.py)

The signature is checked against the key this site trusts for the sender, then
the checksum of the changes, before anything is applied: one altered byte
anywhere, a truncated copy or bytes added at the end are refused (bundle_read.py).

Format 1 (FRONTDESK-BUNDLE/1, from a desk not yet updated) is the same with the
changes in clear and no key in the manifest; it is still read, never written. Its
changes are read twice, for the checksum and to be applied, and checked both times:
nothing but the checksum binds them to the signature.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any, Iterable

from frontdesk.i18n import DeskError

FORMAT = "frontdesk-bundle/2"
MAGIC = b"FRONTDESK-BUNDLE/2\n"
SUFFIX = ".fdsync"
CHANGES = "changes"


# ---- keys ---------------------------------------------------------------------------
# cryptography (with its OpenSSL, about 7 MiB resident once loaded) is imported when a key is made,
# read or used: every desk reaches this module at start (its site key), most never sign a bundle.


def new_key_pair() -> tuple[str, str]:
    """(private, public) raw Ed25519 keys as hex."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    return private.private_bytes_raw().hex(), private.public_key().public_bytes_raw().hex()


def fingerprint(public_key: str) -> str:
    """What two officers read to each other to check a key: 4 groups of 4 hex digits."""
    digest = hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def parse_public_key(text: str) -> str:
    """A public key as typed or read from a `.pub` file (64 hex digits), or a clear refusal."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from frontdesk.sync.locking import can_lock_for

    key = "".join(text.split()).lower()
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(key))
    except ValueError as exc:
        raise DeskError("sync.bad_public_key") from exc
    if not can_lock_for(key):  # a bundle for the site could never be locked: taken, it stopped every export
        raise DeskError("sync.bad_public_key")
    return key


def public_of(private_key: str) -> str:
    """The public key of a site's private key (both hex), as `new_key_pair` gives them together."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_key)).public_key().public_bytes_raw().hex()


def sign(private_key: str, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_key)).sign(data)


def signature_ok(public_key: str, data: bytes, signature: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


# ---- writing -------------------------------------------------------------------------


def canonical(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def assemble(out: IO[bytes], body: bytes, signature: bytes, changes: IO[bytes]) -> None:
    """Lay a bundle's parts out in the file `out`."""
    out.write(MAGIC + f"{len(body)}\n".encode() + body + b"\n" + signature.hex().encode() + b"\n")
    shutil.copyfileobj(changes, out, 1 << 20)


def write_bundle(path: Path, manifest: dict[str, Any], entries: Iterable[dict[str, Any]], *, private_key: str,
                 receiver_key: str) -> dict:
    """Write the bundle at `path` (atomically: a half-written file never has the final name), its
    changes locked for the site whose public key is `receiver_key`.

    `entries` is streamed, compressed and encrypted, to a temporary file and its
    checksum taken from there, so a bundle of any size is written without
    holding it in memory. Returns the manifest as written.
    """
    from frontdesk.sync import locking

    path.parent.mkdir(parents=True, exist_ok=True)
    lines = 0
    stream_key = locking.new_stream_key()
    chunk_size = locking.CHUNK
    with tempfile.TemporaryFile(dir=path.parent) as changes:
        locked = locking.Locking(changes, stream_key, chunk_size)
        with gzip.GzipFile(fileobj=locked, mode="wb", mtime=0, compresslevel=6) as packed:
            for entry in entries:
                packed.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
                lines += 1
        locked.finish()
        size = changes.tell()
        changes.seek(0)
        digest = hashlib.sha256()
        while chunk := changes.read(1 << 20):
            digest.update(chunk)
        manifest = {**manifest, "format": FORMAT, "total": lines,
                    "parts": {CHANGES: {"sha256": digest.hexdigest(), "bytes": size, "lines": lines,
                                        "cipher": locking.CIPHER, "chunk": chunk_size,
                                        "key_for": fingerprint(receiver_key),
                                        "sealed_key": locking.seal_key(stream_key, receiver_key)}}}
        body = canonical(manifest)
        changes.seek(0)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".bundle-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                assemble(out, body, sign(private_key, body), changes)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return manifest
