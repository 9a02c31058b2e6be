"""A change as it travels between sites: the synced tables in the order they apply, a change-log
record's values as columns, what a record holds and how it was before the change, and how an
officer recognises it."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Date, DateTime, Numeric, Uuid
from sqlmodel import SQLModel

from db.models import SYNCED_MODELS
from db.bulk_insert import logged_reader
from db.models.base import Synced
from db.types import UTCDateTime

#: Columns that say who last wrote a row and when, not what it holds.
BOOKKEEPING = frozenset({"version", "updated_at", "updated_by"})
#: Before any record was written (a version without a time sorts first).
NEVER = datetime.min.replace(tzinfo=timezone.utc)
#: Entries read and applied per round trip.
BATCH = 1000


@cache
def table_order() -> dict[str, int]:
    """Synced tables, parents before children, so a bundle applies without dangling keys."""
    names = [table.name for table in SQLModel.metadata.sorted_tables if table.name in SYNCED_MODELS]
    return {name: rank for rank, name in enumerate(names)}


def value_from_json(column, value: Any) -> Any:
    """One column's value as a bundle carries it (JSON) back to what the model holds."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Uuid):
        return uuid.UUID(value)
    if isinstance(kind, (UTCDateTime, DateTime)):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Numeric):
        return Decimal(value)
    return value


def row_from_json(model: type[Synced], data: dict[str, Any]) -> dict[str, Any]:
    """A change-log record as column values for an INSERT or UPDATE (unknown fields dropped)."""
    row = {}
    for key, read in _readers(model):
        if key in data:
            value = data[key]
            row[key] = value if read is None or value is None else read(value)
    return row


@cache
def _readers(model: type[Synced]) -> tuple[tuple[str, Any], ...]:
    """Each column's key and the function `value_from_json` applies to a value of it (None: as it is)."""
    return tuple((column.key, logged_reader(column.type)) for column in model.__table__.columns)


def content(data: dict[str, Any], *, without_site: bool = False) -> dict[str, Any]:
    """What a record holds, without who wrote it when (and, for a first version, where)."""
    leave = BOOKKEEPING | {"site"} if without_site else BOOKKEEPING
    return {key: value for key, value in data.items() if key not in leave}


def written_after(data: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether the record version `data` comes after `other`: by version number, then when it was
    written, then by whom. Every site answers the same, so two versions with the same fields
    settle on the same bookkeeping wherever they meet."""
    def rank(values: dict[str, Any]) -> tuple[int, datetime, str]:
        at = values.get("updated_at")
        return (int(values.get("version") or 0), datetime.fromisoformat(at) if at else NEVER,
                str(values.get("updated_by") or ""))

    return rank(data) > rank(other)


def before_change(entry: dict[str, Any]) -> dict[str, Any] | None:
    """The record as the change found it at its own site (None for a new record)."""
    if entry["op"] == "insert":
        return None
    found = content(entry["data"])
    for name, (old, _new) in entry.get("changed", {}).items():
        found[name] = old
    return found


def record_label(table: str, data: dict[str, Any]) -> str:
    """How an officer recognises a record: its case number, name or code."""
    for key in ("case_no", "ref", "name", "code", "badge_no", "e164"):
        if data.get(key):
            return str(data[key])
    return str(data.get("id", ""))[:8]
