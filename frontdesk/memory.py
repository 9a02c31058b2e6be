"""The C heap the desk gives back: fewer malloc arenas, and free pages returned to the system.

The desk's database work runs in worker threads, and glibc gives each new thread a malloc arena
of its own (up to eight per core); what a look-up or a person's history frees in one stays
resident there. Two arenas serve a desk that runs one read or write at a time, and
`give_back` (malloc_trim) returns the free pages of all of them. Elsewhere than glibc (macOS,
Windows, musl) both do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

#: mallopt's parameter for the most arenas (glibc's malloc.h).
M_ARENA_MAX = -8
ARENAS = 2

_libc = None


def _glibc():
    global _libc
    if _libc is None:
        _libc = False
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                libc.mallopt, libc.malloc_trim  # glibc has both; musl has neither
                _libc = libc
            except (OSError, AttributeError):
                pass
    return _libc


def limit_arenas(arenas: int = ARENAS) -> bool:
    """At most `arenas` malloc arenas for the threads started from now on; True if glibc took it."""
    libc = _glibc()
    return bool(libc) and libc.mallopt(M_ARENA_MAX, arenas) == 1


def give_back() -> bool:
    """Return the C heap's free pages to the system; True if any were."""
    libc = _glibc()
    return bool(libc) and libc.malloc_trim(0) == 1
