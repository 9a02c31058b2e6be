"""Serialising whole-database jobs (migrations, first start) across desks.

On SQLite a write transaction (BEGIN IMMEDIATE) already excludes every other
writer. On PostgreSQL several desks starting at once would each try to create
the schema or the site's first rows; a transaction-scoped advisory lock makes
them take turns, and the later ones find the work done.
"""

from __future__ import annotations

import zlib

from sqlalchemy import Connection, text
from sqlmodel import Session


def hold_lock(bind: Connection | Session, name: str) -> None:
    """Take the named lock until the current transaction ends (PostgreSQL only)."""
    dialect = bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name
    if dialect == "postgresql":
        key = zlib.crc32(f"frontdesk:{name}".encode())
        bind.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
