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


_NAMESPACE = uuid.UUID("6f1c2a4e-3b7d-5e80-9a1f-2c3d4e5f6a7b")


def stable_id(kind: str, code: str) -> uuid.UUID:
    """The same key for the same station-list entry on every machine.

    Seeded categories, receiving bodies and the like are created independently
    by every new database; keyed by their code, the station's and an outpost's
    copies are one record when their changes meet, not two that collide.
    """
    return uuid.uuid5(_NAMESPACE, f"{kind}:{code}")
