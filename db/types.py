"""Column types shared by the models."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, Float, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """A moment in time, stored as naive UTC and read back as aware UTC.

    SQLite has no time zones and PostgreSQL's `timestamp` has none either; storing
    UTC on both keeps sorting and comparisons identical across backends.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; the desk stores aware UTC moments only")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def byte_ordered(length: int) -> String:
    """Text compared byte by byte: `prefix <= value < prefix + U+10FFFF` is "starts with".

    SQLite compares bytes already; PostgreSQL servers usually use a language
    collation (en_US, zh_CN) under which that range matches nothing, so these
    columns (phone numbers, ID numbers, case numbers, look-up keys) are COLLATE "C".
    """
    return String(length).with_variant(String(length, collation="C"), "postgresql")


class SecondsBetween(FunctionElement):
    """SQL: the seconds from one moment column to another, on either backend (for sums and means in the database)."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(SecondsBetween, "sqlite")
def _seconds_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return f"((julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)})) * 86400.0)"


@compiles(SecondsBetween, "postgresql")
def _seconds_postgresql(element, compiler, **kw):
    start, end = list(element.clauses)
    return f"EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - {compiler.process(start, **kw)}))"


def seconds_between(start, end) -> SecondsBetween:
    return SecondsBetween(start, end)
