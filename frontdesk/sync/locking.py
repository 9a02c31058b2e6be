"""Locking a bundle's changes so that only the site it is for can read them.

No key is exchanged for this: the sites' own Ed25519 signing keys, which they already
trust each other's of, are converted to X25519 keys (libsodium's
crypto_sign_ed25519_pk_to_curve25519 and crypto_sign_ed25519_sk_to_curve25519, through
PyNaCl). The sender makes a fresh random stream key for every bundle and seals it to the
receiver's public key (a sealed box: only the receiver's private key opens it, not even the
sender's), and the compressed changes are encrypted with that key as libsodium's
XChaCha20-Poly1305 secret stream, a chunk at a time, so a bundle of any size is written
and read without holding it in memory.

The locked part of a bundle:

    <header>           24 bytes, the stream's start
    <chunks>           each `chunk` bytes of the compressed changes plus 17 of tag and
                       check; the last (shorter, or empty) is marked final, so a copy cut
                       at a chunk's end is not taken for the whole

The chunk size is named in the signed manifest (`chunk`), so a desk reads a bundle whose
sender chose another size; a bundle from before it was named was written with 64 KiB.
"""

from __future__ import annotations

import io
from typing import IO

# PyNaCl is imported here, and in kits.py within its functions only: a desk loads it when it writes or reads
# a bundle or a set-up file, not at start.
from nacl import bindings
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

#: Compressed bytes in one encrypted chunk, as this desk writes it.
CHUNK = 1 << 16
#: The size of every bundle written before the manifest named it.
UNNAMED_CHUNK = 1 << 16
#: The sizes read: a chunk is held in memory whole while it is checked.
CHUNK_MIN, CHUNK_MAX = 1 << 10, 1 << 24
CIPHER = "xchacha20poly1305-secretstream"
HEADER = bindings.crypto_secretstream_xchacha20poly1305_HEADERBYTES
ABYTES = bindings.crypto_secretstream_xchacha20poly1305_ABYTES
_FINAL = bindings.crypto_secretstream_xchacha20poly1305_TAG_FINAL


def readable_chunk(chunk: object) -> bool:
    """Whether a chunk size named in a manifest is one this desk reads."""
    return type(chunk) is int and CHUNK_MIN <= chunk <= CHUNK_MAX


def new_stream_key() -> bytes:
    return bindings.crypto_secretstream_xchacha20poly1305_keygen()


def can_lock_for(public_key: str) -> bool:
    """Whether a bundle can be locked for the Ed25519 public key (hex): libsodium refuses to convert a point off
    the curve or of small order, which an Ed25519 parser may still take (a key mistyped by one digit, mostly)."""
    try:
        VerifyKey(bytes.fromhex(public_key)).to_curve25519_public_key()
    except (CryptoError, ValueError, TypeError):
        return False
    return True


def seal_key(stream_key: bytes, public_key: str) -> str:
    """`stream_key` sealed to the site whose Ed25519 public key (hex) is `public_key`, as hex."""
    receiver: PublicKey = VerifyKey(bytes.fromhex(public_key)).to_curve25519_public_key()
    return SealedBox(receiver).encrypt(stream_key).hex()


def open_key(sealed: object, private_key: str | None) -> bytes | None:
    """The stream key sealed in `sealed` (hex), opened with this site's Ed25519 private key (hex);
    None if that key does not open it."""
    if not private_key or not isinstance(sealed, str):
        return None
    try:
        own: PrivateKey = SigningKey(bytes.fromhex(private_key)).to_curve25519_private_key()
        key = SealedBox(own).decrypt(bytes.fromhex(sealed))
    except (CryptoError, ValueError):
        return None
    return key if len(key) == bindings.crypto_secretstream_xchacha20poly1305_KEYBYTES else None


class Locking(io.RawIOBase):
    """A file to write the compressed changes to: they reach `out` encrypted, a chunk at a time.
    `finish()` writes the final chunk (closing this file does not)."""

    def __init__(self, out: IO[bytes], stream_key: bytes, chunk: int = CHUNK):
        super().__init__()
        self.out = out
        self.chunk = chunk
        self.state = bindings.crypto_secretstream_xchacha20poly1305_state()
        out.write(bindings.crypto_secretstream_xchacha20poly1305_init_push(self.state, stream_key))
        self.pending = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        self.pending += data
        chunk = self.chunk
        while len(self.pending) >= chunk:
            self.out.write(bindings.crypto_secretstream_xchacha20poly1305_push(self.state, bytes(self.pending[:chunk])))
            del self.pending[:chunk]
        return len(data)

    def finish(self) -> None:
        self.out.write(bindings.crypto_secretstream_xchacha20poly1305_push(self.state, bytes(self.pending),
                                                                            tag=_FINAL))
        self.pending.clear()


class Unlocking(io.RawIOBase):
    """The compressed changes read back from the locked part that `raw` is positioned at.

    Every chunk is checked as it is read: an altered byte, a chunk missing or bytes after the
    final chunk raise ValueError."""

    def __init__(self, raw: IO[bytes], stream_key: bytes, chunk: int = CHUNK):
        super().__init__()
        self.raw = raw
        self.chunk = chunk
        self.state = bindings.crypto_secretstream_xchacha20poly1305_state()
        header = raw.read(HEADER)
        if len(header) != HEADER:
            raise ValueError("the locked part is cut short")
        bindings.crypto_secretstream_xchacha20poly1305_init_pull(self.state, header, stream_key)
        self.plain = memoryview(b"")
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while not self.plain:
            if self.done:
                return 0
            self._next_chunk()
        size = min(len(buffer), len(self.plain))
        buffer[:size] = self.plain[:size]
        self.plain = self.plain[size:]
        return size

    def _next_chunk(self) -> None:
        locked = self.raw.read(self.chunk + ABYTES)
        if len(locked) < ABYTES:
            raise ValueError("the locked part ends before its final chunk")
        try:
            plain, tag = bindings.crypto_secretstream_xchacha20poly1305_pull(self.state, locked)
        except CryptoError as exc:
            raise ValueError("a chunk of the locked part does not check") from exc
        if tag == _FINAL:
            self.done = True
            if self.raw.read(1):
                raise ValueError("bytes after the locked part's final chunk")
        self.plain = memoryview(plain)
