"""Inserting many rows by the driver's executemany: one prepared INSERT per table and dialect, and a
function (made once per table) turning a row dict into the driver's parameters with each column's own
conversion. SQLAlchemy's insert() does the same work again for every row of a batch; the bulk paths
(frontdesk.records.save_many, sync bundles) insert tens of thousands of rows a second this way."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Uuid

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
        cells = []
        scope["moment"] = _sqlite_moment
        for position, column in enumerate(columns):
            process = column.type.dialect_impl(dialect).bind_processor(dialect)
            fast = _SQLITE_FAST.get(type(column.type)) if dialect.name == "sqlite" else None
            if fast is not None:  # what SQLAlchemy's own processor writes, without its calls per value
                cells.append(f"(None if (v := row[{column.key!r}]) is None else {fast})")
            elif process is None:
                cells.append(f"row[{column.key!r}]")
            else:
                scope[f"p{position}"] = process
                cells.append(f"(None if (v := row[{column.key!r}]) is None else p{position}(v))")
        exec(f"def params(row):\n    return ({', '.join(cells)},)\n", scope)  # noqa: S102 - our own columns
        self.params = scope["params"]
        #: Columns whose values the change log writes as text (ids, moments, dates, amounts).
        self.as_text = [column.key for column in columns if _python_type(column) not in (str, int, bool, None)]
        #: Text columns, where control characters are dropped as `save` drops them.
        self.texts = [column.key for column in columns if _python_type(column) is str]

    def run(self, connection, rows: list[dict[str, Any]]) -> None:
        connection.exec_driver_sql(self.sql, list(map(self.params, rows)))


def _sqlite_moment(value: datetime) -> str:
    """A moment as UTCDateTime stores it in SQLite: naive UTC, `YYYY-MM-DD HH:MM:SS.ffffff`."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given; the desk stores aware UTC moments only")
    return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")


_SQLITE_FAST = {Uuid: "v.hex", UTCDateTime: "moment(v)"}


def _python_type(column) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:  # JSON and the like: written as they are
        return None


_INSERTS: dict[tuple[str, str], Insert] = {}


def statement_for(connection, table) -> Insert:
    dialect = connection.dialect
    statement = _INSERTS.get((dialect.name, table.name))
    if statement is None:
        statement = _INSERTS[(dialect.name, table.name)] = Insert(table, dialect)
    return statement
