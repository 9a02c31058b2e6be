"""Inserting many rows by the driver's executemany: one prepared INSERT per table and dialect, and a
function (made once per table) turning a row dict into the driver's parameters with each column's own
conversion. SQLAlchemy's insert() does the same work again for every row of a batch; the bulk paths
(frontdesk.records.save_many, sync bundles) insert tens of thousands of rows a second this way."""

from __future__ import annotations

import json
import random
import re
import time
import uuid
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic_core import PydanticUndefined

from sqlalchemy import JSON, Date, DateTime, Numeric, Uuid

from db import fastjson
from db.types import UTCDateTime


class Insert:
    """One table's INSERT for the driver's executemany, with each column's conversion for the dialect: the
    statement and a function making a row's parameters are built once per table, so a batch of rows is only
    converted, never compiled again per row."""

    def __init__(self, table, dialect):
        quote = dialect.identifier_preparer
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        columns = list(table.columns)
        self.sql = (f"INSERT INTO {quote.format_table(table)} ({', '.join(quote.quote(c.name) for c in columns)})"
                    f" VALUES ({', '.join([mark] * len(columns))})")
        scope: dict[str, Any] = {}
        cells, logged_cells = [], []
        scope["moment"], scope["logged_moment"] = _sqlite_moment, _logged_moment
        scope["sqlite_id"], scope["sqlite_moment_of"] = sqlite_id, _sqlite_moment_of
        for position, column in enumerate(columns):
            process = column.type.dialect_impl(dialect).bind_processor(dialect)
            fast = _SQLITE_FAST.get(type(column.type)) if dialect.name == "sqlite" else None
            read = logged_reader(column.type)
            scope[f"r{position}"] = read
            value = f"(None if (v := row[{column.key!r}]) is None else "
            if isinstance(column.type, JSON) and process is not None:
                dumps = getattr(dialect, "_json_serializer", None) or json.dumps
                if process({"k": [1, "é"]}) == dumps({"k": [1, "é"]}):  # the processor is only the serializer
                    scope[f"p{position}"], scope["json_text"] = dumps, fastjson.dumps
                    cells.append(f"p{position}(row[{column.key!r}])")
                    logged_cells.append(f"json_text(row[{column.key!r}])")
                    continue
            if fast is not None:  # what SQLAlchemy's own processor writes, without its calls per value
                cells.append(f"{value}{fast})")
                logged_cells.append(f"{value}{_SQLITE_FROM_LOGGED[type(column.type)]})")
                continue
            if process is None:
                cells.append(f"row[{column.key!r}]")
            else:
                scope[f"p{position}"] = process
                cells.append(f"{value}p{position}(v))")
            if read is None:
                logged_cells.append(cells[-1])
            else:
                logged_cells.append(f"{value}{f'p{position}(r{position}(v))' if process else f'r{position}(v)'})")
        exec(f"def params(row):\n    return ({', '.join(cells)},)\n", scope)  # noqa: S102 - our own columns
        self.params = scope["params"]
        # The same from a record as the change log writes it (`logged` below, a sync bundle's entry): ids,
        # moments and dates as text go to the driver's values with no objects made between where SQLite
        # stores text.
        exec(f"def from_logged(row):\n    return ({', '.join(logged_cells)},)\n", scope)  # noqa: S102
        self.from_logged = scope["from_logged"]
        #: Columns whose values the change log writes as text (ids, moments, dates, amounts).
        self.as_text = [column.key for column in columns if _python_type(column) not in (str, int, bool, None)]
        #: Text columns, where control characters are dropped as `save` drops them.
        self.texts = [column.key for column in columns if _python_type(column) is str]
        # The record as the change log writes it: ids, moments, dates and amounts as text (`text_of`, the
        # change log's own conversion; an id's is str()).
        lines = [f"    if (v := data[{key!r}]) is not None:\n        data[{key!r}] = "
                 f"{_LOGGED_AS.get(type(table.columns[key].type), 'text_of(v)')}\n" for key in self.as_text]
        exec(f"def logged(row, text_of):\n    data = dict(row)\n{''.join(lines)}    return data\n", scope)  # noqa: S102
        self.logged = scope["logged"]
        #: Where each column's value is in a row's parameters.
        self.position = {column.key: position for position, column in enumerate(columns)}

    def run(self, connection, rows: list[dict[str, Any]]) -> None:
        connection.exec_driver_sql(self.sql, list(map(self.params, rows)))

    def run_params(self, connection, params: list[tuple]) -> None:
        """Insert rows already made into the driver's parameters (by `params`)."""
        if params:
            connection.exec_driver_sql(self.sql, params)


@lru_cache(maxsize=4096)  # a batch's records share their moment of writing
def _sqlite_moment(value: datetime) -> str:
    """A moment as UTCDateTime stores it in SQLite: naive UTC, `YYYY-MM-DD HH:MM:SS.ffffff`."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given; the desk stores aware UTC moments only")
    return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")


_SQLITE_FAST = {Uuid: "v.hex", UTCDateTime: "moment(v)"}
#: The same as the change log writes these values (text), for `Insert.from_logged`.
_SQLITE_FROM_LOGGED = {Uuid: "sqlite_id(v)", UTCDateTime: "sqlite_moment_of(v)"}
_ID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").fullmatch


@lru_cache(maxsize=8192)  # a bundle names the same ids again: a change's record, its author, its parents
def canonical_id(text: str) -> str:
    """An id as the change log writes it (str(uuid)); other spellings (upper case, no hyphens, braces) read
    as the same id, anything else refused (ValueError)."""
    return text if _ID_TEXT(text) else str(uuid.UUID(text))


@lru_cache(maxsize=16384)  # a bundle names each record's id twice (its row, its change) and its parents' again
def sqlite_id(text: str) -> str:
    """An id as the change log writes it (str(uuid)) as SQLite stores it: its 32 hex digits. Other spellings are
    read, anything else refused, by `canonical_id`, which has most often just read this id already (a bundle's
    entry's record id, before its row's)."""
    return canonical_id(text).replace("-", "")


_UTC_MOMENT_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?\+00:00").fullmatch


@lru_cache(maxsize=4096)  # a change's time is its record's updated_at, and a batch's changes share moments
def _sqlite_moment_of(text: str) -> str:
    """A moment as the change log writes it (ISO 8601 in UTC, `_logged_moment`) as SQLite stores it."""
    moment = datetime.fromisoformat(text)  # what is not a moment is refused here
    if _UTC_MOMENT_TEXT(text):  # the change log's own spelling: the same digits, with a space for the T
        return f"{text[:10]} {text[11:26]}" if len(text) == 32 else f"{text[:10]} {text[11:19]}.000000"
    return _sqlite_moment(moment)


def logged_reader(kind) -> Any:
    """The function reading a value of a column of type `kind` as the change log writes it (JSON) back
    into what the model holds; None where it is held as it is."""
    if isinstance(kind, Uuid):
        return uuid.UUID
    if isinstance(kind, (UTCDateTime, DateTime)):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    return Decimal if isinstance(kind, Numeric) else None
#: What frontdesk.records.to_json gives for these column types, inline.
_LOGGED_AS = {Uuid: "str(v)", UTCDateTime: "logged_moment(v)"}


@lru_cache(maxsize=4096)
def _logged_moment(value: datetime) -> str:
    """A moment as the change log writes it (frontdesk.records.to_json): ISO 8601 in UTC."""
    return value.astimezone(timezone.utc).isoformat() if value.tzinfo is not None else value.isoformat()


def _python_type(column) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:  # JSON and the like: written as they are
        return None


_INSERTS: dict[tuple[str, str], Insert] = {}


def statement_for(connection, table) -> Insert:
    """`table`'s Insert for the connection's (or engine's) dialect, made once."""
    dialect = connection.dialect
    statement = _INSERTS.get((dialect.name, table.name))
    if statement is None:
        statement = _INSERTS[(dialect.name, table.name)] = Insert(table, dialect)
    return statement


# ---- new records as plain dicts, for the bulk path -----------------------------------------------------------


def _defaults(model) -> tuple[dict[str, Any], dict[str, Any]]:
    """The model's plain column defaults (NULL where nullable) and its default factories."""
    cached = _DEFAULTS.get(model)
    if cached is None:
        plain: dict[str, Any] = {}
        factories: dict[str, Any] = {}
        for column in model.__table__.columns:
            info = model.model_fields[column.key]
            if info.default_factory is not None:
                factories[column.key] = info.default_factory
            elif info.default is not PydanticUndefined:
                plain[column.key] = info.default
            elif column.nullable:
                plain[column.key] = None
        cached = _DEFAULTS[model] = (plain, factories)
    return cached


_DEFAULTS: dict[type, tuple[dict[str, Any], dict[str, Any]]] = {}


def bulk_id() -> uuid.UUID:
    """A new record key for the bulk path: a UUIDv7 like db.ids.new_id (48 bits of Unix milliseconds,
    then 74 random bits), made without the uuid6 package's slow object so a batch takes microseconds."""
    bits = random.getrandbits(74)  # the module's generator: seeded from the system, again after a fork
    return uuid.UUID(int=(time.time_ns() // 1_000_000) << 80 | 0x7000 << 64 | (bits >> 62) << 64
                     | 0x8000000000000000 | (bits & 0x3FFFFFFFFFFFFFFF))



def new_row(model, **values: Any) -> dict[str, Any]:
    """A new record of `model` as a dict of every column, for frontdesk.records.save_many (defaults filled, an id given)."""
    plain, factories = _defaults(model)
    row = {**plain, **values}
    if "id" not in row:
        row["id"] = bulk_id()
    for key, factory in factories.items():
        if key not in row:
            row[key] = factory()
    return row
