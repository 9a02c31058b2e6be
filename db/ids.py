"""Record keys: UUIDv7, time-ordered, made by the program.

Two offline laptops can create records all week and never collide, and keys still
sort roughly by creation time, which keeps B-tree inserts cheap.
"""

from __future__ import annotations

import uuid

from uuid6 import uuid7


def new_id() -> uuid.UUID:
    # uuid6 returns its own UUID subclass; the desk keeps plain uuid.UUID values.
    return uuid.UUID(int=uuid7().int)
