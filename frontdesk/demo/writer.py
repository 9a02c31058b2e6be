"""Writing demo rows fast, without leaving the change log behind.

`records.save` does one flush, one counter update and three INSERTs per record,
which is right for an officer's edit and far too slow for a million demo cases.
`BulkWriter` keeps the same promise — every synced row gets an `insert` entry in
the change log, numbered from the site's change-log counter — but writes a batch
of rows per table with one executemany each, and reserves the batch's change-log
numbers in one statement.
"""

from __future__ import annotations

import uuid
from collections import Counter as Tally
from datetime import datetime
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import Engine, insert, update
from sqlmodel import Session

from db import case_words
from db.engine import write_session
from db.ids import new_id
from db.models import (
    Case, CaseLink, CaseParty, ChangeLog, Counter, Dispute, DisputeCase, DisputeParty, DisputeStep, FollowUp, Handoff, Officer, PatrolShift,
    Person, PersonPhone, PersonTag, SearchKey, ShiftMember, Synced, Team, Volunteer,
)
from db.models.outreach import Campaign, CampaignPerson, Contact
from db.search_index import key_rows, recount_reports
from db.sequences import next_value
from frontdesk.records import CHANGELOG_SEQUENCE, change_entry

#: Tables in an order that satisfies every foreign key within one batch.
INSERT_ORDER: tuple[type[Synced], ...] = (
    Officer, Person, PersonPhone, Team, Volunteer, PatrolShift, ShiftMember,
    Case, CaseParty, Handoff, CaseLink, FollowUp,
    Dispute, DisputeParty, DisputeCase, DisputeStep, PersonTag,
    Campaign, CampaignPerson, Contact,
)


def reserve_block(session: Session, *, site: str, name: str, count: int) -> int:
    """Take `count` consecutive values of a local sequence; returns the first.

    Uses `next_value` for the first number (it creates the counter if missing)
    and moves the counter past the rest in the same transaction, so numbers
    handed out later by `next_value` continue after the block.
    """
    first = next_value(session, site=site, name=name)
    if count > 1:
        session.execute(
            update(Counter)
            .where(Counter.site == site, Counter.name == name)
            .values(value=Counter.value + (count - 1))
        )
    return first


def _column_defaults(model: type[Synced]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The model's plain defaults (NULL for nullable columns) and its default factories."""
    plain: dict[str, Any] = {}
    factories: dict[str, Any] = {}
    for column in model.__table__.columns:
        field = model.model_fields[column.key]
        if field.default_factory is not None:
            factories[column.key] = field.default_factory
        elif field.default is not PydanticUndefined:
            plain[column.key] = field.default
        elif column.nullable:
            plain[column.key] = None
    return plain, factories


class BulkWriter:
    """Rows waiting to be written, with their change-log entries, one batch at a time."""

    def __init__(self, engine: Engine, *, site: str):
        self.engine = engine
        self.site = site
        self.written: Tally[str] = Tally()
        self._pending: dict[type[Synced], list[dict[str, Any]]] = {model: [] for model in INSERT_ORDER}
        self._defaults = {model: _column_defaults(model) for model in INSERT_ORDER}
        self._columns = {model: frozenset(model.__table__.columns.keys()) for model in INSERT_ORDER}

    def add(self, model: type[Synced], *, updated_at: datetime, updated_by: uuid.UUID | None,
            **values: Any) -> uuid.UUID:
        """Queue one new record, last changed at `updated_at` by officer `updated_by`."""
        unknown = values.keys() - self._columns[model]
        if unknown:
            raise TypeError(f"{model.__name__} has no column(s) {sorted(unknown)}")
        plain, factories = self._defaults[model]
        row = {**plain, **values}
        row.update(site=self.site, version=1, updated_at=updated_at, updated_by=updated_by)
        row.setdefault("id", new_id())
        for key, factory in factories.items():
            if key not in row:
                row[key] = factory()
        # One executemany needs every row to name every column.
        if len(row) != len(self._columns[model]):
            missing = sorted(self._columns[model] - row.keys())
            raise TypeError(f"{model.__name__} needs a value for {missing}")
        self._pending[model].append(row)
        return row["id"]

    @property
    def pending(self) -> int:
        return sum(len(rows) for rows in self._pending.values())

    def flush(self) -> None:
        """Insert everything queued, with its change-log entries, in one transaction."""
        total = self.pending
        if not total:
            return
        with write_session(self.engine) as session:
            seq = reserve_block(session, site=self.site, name=CHANGELOG_SEQUENCE, count=total)
            # Core inserts on the tables, not the ORM's bulk path: the ORM splits a
            # batch into one statement per pattern of NULL columns (thousands of them).
            connection = session.connection()
            entries: list[dict[str, Any]] = []
            for model, rows in self._pending.items():
                if not rows:
                    continue
                connection.execute(insert(model.__table__), rows)
                if model is Case:  # the text index of similar words, as the ORM event keeps it
                    case_words.add(connection, [(row["id"], row["received_at"], row["summary"], row["narrative"])
                                                for row in rows])
                if model is Person:  # the look-up index, as the ORM event keeps it for officers' edits
                    connection.execute(insert(SearchKey.__table__),
                                       [key for row in rows for key in key_rows(row["id"], row["name"])])
                if model is CaseParty:  # the look-up's ranking by reports, as the ORM event keeps it
                    recount_reports(connection, {row["person_id"] for row in rows if row["role"] == "reporter"})
                table = model.__tablename__
                for row in rows:
                    entries.append(change_entry(row, table_name=table, site=self.site, seq=seq, op="insert"))
                    seq += 1
                self.written[table] += len(rows)
            connection.execute(insert(ChangeLog.__table__), entries)
            session.commit()
        for rows in self._pending.values():
            rows.clear()

    def reserve(self, name: str, count: int) -> int:
        """Reserve a block of a local sequence (e.g. a day's case numbers) and commit it."""
        with write_session(self.engine) as session:
            first = reserve_block(session, site=self.site, name=name, count=count)
            session.commit()
        return first

