"""The records a batch of a bundle's entries touches, as they are here, and the writes it queues for them.

Both go by the driver where they can: most entries of a bundle are records new here, so each table is first
asked only which of the batch's ids it holds (usually none: nothing to read back into Python), and a new
record's values go from the entry's JSON text to the driver's parameters (`Insert.from_logged`) with no
objects made between."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Connection, String, bindparam, func, select, update

from db.bulk_insert import Insert, sqlite_id, statement_for
from db.models import SYNCED_MODELS
from frontdesk.records import insert_rows, to_json
from frontdesk.sync.changes import row_from_json


def _among(connection: Connection, column, ids: set[str]) -> tuple[Any, dict[str, Any]]:
    """`column IN ids` (ids as the change log writes them) and its parameters. On SQLite the ids go as one
    JSON parameter (json_each): a thousand bound values would be named one by one each time the statement
    is made."""
    if connection.dialect.name == "sqlite":
        each = func.json_each(bindparam("ids", type_=String)).table_valued("value")
        return column.in_(select(each.c.value)), {"ids": json.dumps([sqlite_id(one) for one in ids])}
    return column.in_([uuid.UUID(one) for one in ids]), {}


def _present(connection: Connection, table, ids: set[str]) -> set[str]:
    """Which of `ids` (as the change log writes them) `table` holds: one indexed look-up by the driver."""
    name = connection.dialect.identifier_preparer.format_table(table)
    if connection.dialect.name == "sqlite":
        stored = {sqlite_id(one): one for one in ids}
        found = connection.exec_driver_sql(f"SELECT id FROM {name} WHERE id IN (SELECT value FROM json_each(?))",
                                           (json.dumps(list(stored)),))
        return {stored[hexed] for hexed, in found}
    found = connection.exec_driver_sql(f"SELECT id FROM {name} WHERE id = ANY(%s)", ([uuid.UUID(one) for one in ids],))
    return {str(held) for held, in found}


def current(connection: Connection, batch: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The records these entries touch, as they are here now (JSON-ready), by their ids as text."""
    wanted: dict[str, set[str]] = {}
    for entry in batch:
        wanted.setdefault(entry["table_name"], set()).add(entry["record_id"])
    found: dict[str, dict[str, Any]] = {}
    for table_name, ids in wanted.items():
        model = SYNCED_MODELS.get(table_name)
        if model is None:
            continue
        table = model.__table__
        held = _present(connection, table, ids)
        if not held:
            continue
        among, values = _among(connection, table.c.id, held)
        for row in connection.execute(select(table).where(among), values).mappings():
            record = {key: to_json(value) for key, value in row.items()}
            found[record["id"]] = record
    return found


class Writes:
    """Row writes queued in the order they are decided; runs of the same kind go as one executemany."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.pending: list[tuple[tuple, list]] = []
        self._inserts: dict[str, Insert] = {}

    def _queue(self, kind: tuple, values: Any) -> None:
        if self.pending and self.pending[-1][0] == kind:
            self.pending[-1][1].append(values)
        else:
            self.pending.append((kind, [values]))

    def insert(self, table_name: str, data: dict[str, Any]) -> None:
        statement = self._inserts.get(table_name)
        if statement is None:
            statement = self._inserts[table_name] = statement_for(self.connection, SYNCED_MODELS[table_name].__table__)
        try:  # a record with every column (the usual): straight from the entry to the driver's values
            self._queue(("logged", table_name, None), statement.from_logged(data))
        except KeyError:  # written by a program with fewer columns: the others take their defaults
            values = row_from_json(SYNCED_MODELS[table_name], data)
            self._queue(("insert", table_name, frozenset(values)), values)

    def update(self, table_name: str, record_id: str, data: dict[str, Any]) -> None:
        values = row_from_json(SYNCED_MODELS[table_name], data)
        values["_id"] = values.pop("id", uuid.UUID(record_id))
        self._queue(("update", table_name, frozenset(values)), values)

    def flush(self) -> None:
        for (kind, table_name, columns), rows in self.pending:
            table = SYNCED_MODELS[table_name].__table__
            if kind == "logged":
                self._inserts[table_name].run_params(self.connection, rows)
            elif kind == "insert":
                insert_rows(self.connection, table, rows)  # one rows' shape per run: see `insert`
            else:
                statement = (update(table).where(table.c.id == bindparam("_id"))
                             .values({name: bindparam(name) for name in columns if name != "_id"}))
                self.connection.execute(statement, rows)
        self.pending = []
