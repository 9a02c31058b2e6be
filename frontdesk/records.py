"""The one write path: every change to a synced record goes through `save`.

`save` bumps the record's version, stamps who and when, appends the change-log
entry (what outposts export and the station imports) and writes the audit event,
all in the caller's transaction. The caller commits once, so a change and its
log entry are on disk together or not at all.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Callable, TypeVar

from sqlalchemy import event, inspect
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from db.ids import new_id
from db.models import AuditEvent, Case, CaseParty, ChangeLog, Person, SearchKey, Synced
from db.audit_chain import COUNTER as AUDIT_COUNTER, event_hash, previous_hash
from db.bulk_insert import Insert, bulk_id, statement_for
from db import case_words
from db.search_index import NO_TALLY, Tally, key_params, rank_of, recount_reports
from db.sequences import hold, move, next_value
from db.types import utcnow

CHANGELOG_SEQUENCE = "changelog"
_LOGGED = "frontdesk.logged"  # session.info key: rows that went through save()
_AUDIT_HEADS = "frontdesk.audit_heads"  # session.info key: site -> (seq, hash) of its last event in this transaction

R = TypeVar("R", bound=Synced)


@dataclass(frozen=True)
class Actor:
    """Who is acting, where, and by which clock.

    The site stamps new records and numbers their changes; the clock stamps
    when (the desk passes its own, so tests and snapshots can freeze time).
    """

    site: str
    officer_id: uuid.UUID | None = None
    clock: Callable[[], datetime] = field(default=utcnow, compare=False, repr=False)
    #: duty | supervisor | admin (frontdesk.access says what each may do).
    role: str = "duty"


def to_json(value: Any) -> Any:
    """A column value as it is written into the change log."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row_values(row: Synced) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def snapshot(row: Synced) -> dict[str, Any]:
    """Every column of `row`, JSON-ready."""
    return {key: to_json(value) for key, value in row_values(row).items()}


def change_entry(
    values: dict[str, Any], *, table_name: str, site: str, seq: int, op: str, changed: dict | None = None
) -> dict[str, Any]:
    """The change-log row for a record whose columns are `values` after the change.

    The one shape of a change-log entry, used by `save` and by bulk loads alike.
    """
    return {
        "id": new_id(), "site": site, "seq": seq, "at": values["updated_at"], "by": values["updated_by"],
        "table_name": table_name, "record_id": values["id"], "version": values["version"], "op": op,
        "data": {key: to_json(value) for key, value in values.items()}, "changed": changed or {},
    }


def _changes(row: Synced) -> dict[str, list[Any]]:
    state = inspect(row)
    changed: dict[str, list[Any]] = {}
    for column in row.__table__.columns:
        if column.key in row.bookkeeping:
            continue
        history = state.attrs[column.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old != new:
            changed[column.key] = [to_json(old), to_json(new)]
    return changed


#: What a terminal can send that no form means: control characters (NUL, bell, escape…; PostgreSQL
#: refuses NUL outright), lone surrogates (a broken paste; no database can store one) and the
#: bidirectional overrides and isolates that make text show in another order than it was typed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """`text` less what no form means (control characters but tab and newline, lone surrogates,
    bidirectional overrides): what every record, draft and audit reason keeps of what was typed."""
    return _CONTROL.sub("", text)


def _drop_control_characters(row: Synced) -> None:
    """Text pasted from anywhere is kept, less the invisible control characters (not tabs or newlines)."""
    for column in row.__table__.columns:
        value = getattr(row, column.key, None)
        if isinstance(value, str) and _CONTROL.search(value):
            setattr(row, column.key, _CONTROL.sub("", value))


def save(
    session: Session,
    row: R,
    *,
    by: Actor,
    action: str | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> R:
    """Write `row` (new or changed) with its change-log entry and audit event.

    Returns the row. An unchanged row is left alone: no version bump, no entry.
    Does not commit. `expected_version` is the version the officer was shown:
    if the record has moved on since, StaleDataError is raised and nothing is
    written (the UPDATE also matches only the version it read, so a change made
    between reading and writing is caught at flush the same way).
    """
    _drop_control_characters(row)
    state = inspect(row)
    is_new = state.transient or state.pending
    if expected_version is not None and not is_new and row.version != expected_version:
        raise StaleDataError(f"{row.__tablename__} {row.id}: version {row.version}, expected {expected_version}")
    if is_new:
        row.site = row.site or by.site
        row.version = 1
        changed: dict[str, list[Any]] = {}
    else:
        changed = _changes(row)
        if not changed:
            return row
        row.version = row.version + 1
    # The site's change counter is locked before the row: every writer takes
    # the two in the same order, so two PostgreSQL desks cannot deadlock.
    seq = next_value(session, site=by.site, name=CHANGELOG_SEQUENCE)
    now = by.clock()
    row.updated_at = now
    row.updated_by = by.officer_id
    session.add(row)
    logged = session.info.setdefault(_LOGGED, set())
    logged.add(id(row))
    session.flush()
    logged.discard(id(row))  # a later change to it must come through save() again

    table = row.__tablename__
    op = "insert" if is_new else "update"
    session.add(ChangeLog(**change_entry(row_values(row), table_name=table, site=by.site, seq=seq, op=op,
                                         changed=changed)))
    audit(session, by=by, action=action or ("create" if is_new else "update"),
          table_name=table, record_id=row.id, reason=reason, at=now)
    return row


def audit(
    session: Session,
    *,
    by: Actor,
    action: str,
    table_name: str = "",
    record_id: uuid.UUID | None = None,
    outcome: str = "ok",
    reason: str = "",
    at: datetime | None = None,
) -> AuditEvent:
    """Record that someone saw or did something, in the caller's transaction.

    The event takes the site's next audit number and is chained to the one
    before it (db.audit_chain), so an edited, deleted or reordered event is found.
    """
    # The change-log counter is locked before the audit counter by every writer: no deadlock.
    hold(session, site=by.site, name=CHANGELOG_SEQUENCE)
    seq = next_value(session, site=by.site, name=AUDIT_COUNTER)
    prev_hash = _previous_hash(session, by.site, seq)
    values = dict(at=at or by.clock(), site=by.site, seq=seq, officer_id=by.officer_id, action=action,
                  table_name=table_name, record_id=record_id, outcome=outcome, reason=_CONTROL.sub("", reason))
    event = AuditEvent(**values, prev_hash=prev_hash, hash=event_hash(prev_hash, values))
    session.info[_AUDIT_HEADS][by.site] = (seq, event.hash)
    session.add(event)
    return event


class UnloggedChange(RuntimeError):
    """A synced record was about to be written without going through `save`."""


@event.listens_for(Session, "before_flush")
def _refuse_unlogged_changes(session: Session, _context, _instances) -> None:
    """Every synced row written must have come through `save`: no silent edits.

    Catches a service that changes a record and commits without saving it,
    which would leave no version bump, change-log entry or audit event.
    """
    logged = session.info.get(_LOGGED, set())
    for row in (*session.new, *session.dirty):
        if isinstance(row, Synced) and id(row) not in logged and session.is_modified(row):
            raise UnloggedChange(f"{row.__tablename__} {row.id} changed outside records.save")


# ---- the bulk path: many new records at once (logbook imports) ------------------------------------------------


def reserve(session: Session, *, site: str, name: str, count: int) -> int:
    """Take `count` (at least one) consecutive values of a local sequence in the caller's transaction; returns
    the first. The counter is created if missing; a rollback gives the whole block back."""
    return move(session, site=site, name=name, count=max(count, 1)) - max(count, 1) + 1


def insert_rows(connection, table, rows: list[dict[str, Any]]) -> None:
    """Insert rows naming every column of `table` by the driver's executemany, others by SQLAlchemy's insert."""
    if not rows:
        return
    if len(rows[0]) == len(table.columns) and all(column.key in rows[0] for column in table.columns):
        statement_for(connection, table).run(connection, rows)
    else:
        connection.execute(table.insert(), rows)


@dataclass
class Prepared:
    """New records made into the driver's parameters before the write lock is taken (`prepare_many`):
    everything but the change-log numbers (`entries`' seq) and the `late` columns (a case's number), which
    hold a placeholder: (table index, row index, entry index, row, the entry's data, column, placeholder)."""

    tables: list[tuple[Insert, list[tuple]]]  # each table's Insert and rows' parameters, in foreign-key order
    log: Insert
    entries: list[tuple]
    late: list[tuple[int, int, int, dict[str, Any], dict[str, Any], str, str]]
    first_table: str
    now: datetime
    total: int
    reporters: list  # person ids named as reporters: their report tallies are counted again after the insert
    cases: list = field(default_factory=list)  # (id, received_at, tokens): the text index's rows


def prepare_many(bind, batches: list[tuple[type[Synced], list[dict[str, Any]]]], *, by: Actor,
                 late: dict[type[Synced], str] | None = None) -> Prepared:
    """`batches` (model, rows made by `new_row`, in foreign-key order) made ready for `write_prepared`, with
    no transaction (`bind` gives the dialect): version 1, who and when, each record's parameters and its
    change-log entry, people's look-up keys. `late` names a column per model the caller sets in each row
    between this and `write_prepared` (under the write lock)."""
    now, late = by.clock(), late or {}
    log = statement_for(bind, ChangeLog.__table__)
    tables: list[tuple[Insert, list[tuple]]] = []
    entries: list[tuple] = []
    pending: list[tuple[int, int, int, dict[str, Any], dict[str, Any], str, str]] = []
    total, counted = 0, set()
    for model, rows in batches:
        if not rows:
            continue
        total += len(rows)
        table = model.__tablename__
        columns = model.__table__.columns.keys()
        statement = statement_for(bind, model.__table__)
        texts, make, make_entry, logged = statement.texts, statement.params, log.params, statement.logged
        params: list[tuple] = []
        late_key = late.get(model)
        for row in rows:
            for key in texts:
                value = row[key]
                if value and _CONTROL.search(value):
                    row[key] = _CONTROL.sub("", value)
            row.update(site=row.get("site") or by.site, version=1, updated_at=now, updated_by=by.officer_id)
            if len(row) != len(columns):  # one executemany needs every row to name every column
                raise TypeError(f"{table}: columns {sorted(set(columns) ^ row.keys())} do not match")
            if late_key is not None:  # plain ASCII, unique: found again in the entry's JSON text
                row[late_key] = placeholder = f"late-{bulk_id().hex}"
            data = logged(row, to_json)
            # change_entry's shape, built directly: this runs once per record written
            entry = {"id": bulk_id(), "site": by.site, "seq": 0, "at": now, "by": by.officer_id,
                     "table_name": table, "record_id": row["id"], "version": 1, "op": "insert",
                     "data": data, "changed": {}, "applied": True}
            if late_key is not None:
                pending.append((len(tables), len(params), len(entries), row, data, late_key, placeholder))
            params.append(make(row))
            entries.append(make_entry(entry))
        tables.append((statement, params))
        if model is Person:  # the look-up index, as the ORM event keeps it for an officer's edit
            keys = statement_for(bind, SearchKey.__table__)
            tallies, counted = _new_tallies(batches, rows)
            tables.append((keys, key_params(keys, [(row["id"], row["name"], tallies.get(row["id"], NO_TALLY))
                                                   for row in rows])))
    first = next((model.__tablename__ for model, rows in batches if rows), "")
    reporters = [row["person_id"] for model, rows in batches if model is CaseParty for row in rows
                 if row["role"] == "reporter" and row["person_id"] not in counted]
    cases = [(row["id"], row["received_at"], case_words.tokens_of(row["summary"], row["narrative"]))
             for model, rows in batches if model is Case for row in rows]
    return Prepared(tables, log, entries, pending, first, now, total, reporters, cases)


def _new_tallies(batches: list[tuple[type[Synced], list[dict[str, Any]]]],
                 people: list[dict[str, Any]]) -> tuple[dict[uuid.UUID, Tally], set[uuid.UUID]]:
    """The report tallies of people new in this batch, as `recount_reports` would count them after the insert,
    and who they are: their only cases are the batch's, so their keys are written with the tally instead of
    updated after (an update moves each key in both rank indexes: four more index entries per key). A new
    person named by a case not in the batch is left to `recount_reports`."""
    new = {row["id"] for row in people}
    received = {row["id"]: row["received_at"] for model, rows in batches if model is Case for row in rows}
    tallies: dict[uuid.UUID, list] = {}
    for model, rows in batches:
        if model is not CaseParty:
            continue
        for row in rows:
            if row["role"] != "reporter" or row["person_id"] not in new:
                continue
            when = received.get(row["case_id"])
            if when is None:  # a case written elsewhere: counted in the database after the insert
                new.discard(row["person_id"])
                continue
            tally = tallies.setdefault(row["person_id"], [0, None])
            tally[0] += 1
            tally[1] = when if tally[1] is None or when > tally[1] else tally[1]
    return ({pid: (n, last, rank_of(n, last)) for pid, (n, last) in tallies.items() if pid in new}, new)


def write_prepared(session: Session, prepared: Prepared, *, by: Actor, reason: str) -> int:
    """Insert what `prepare_many` made, under the caller's write lock: the change-log numbers one block of the
    site's counter, late columns as the rows now hold them, the batch one chained audit event. Returns the
    number of records written."""
    if not prepared.total:
        return 0
    seq = reserve(session, site=by.site, name=CHANGELOG_SEQUENCE, count=prepared.total)
    log, entries = prepared.log, prepared.entries
    where, data_at = log.position["seq"], log.position["data"]
    for table, at, entry_at, row, data, key, placeholder in prepared.late:
        statement, params = prepared.tables[table]
        params[at] = statement.params(row)
        value, text = row[key], entries[entry_at][data_at]
        data[key] = to_json(value)  # the driver's JSON wrapper (PostgreSQL) holds this dict
        if isinstance(text, str):  # SQLite: the entry's JSON text, written with the placeholder
            if placeholder not in text:
                raise AssertionError(f"{placeholder} not in the change-log entry")
            text = text.replace(placeholder, json.dumps(to_json(value), ensure_ascii=False)[1:-1])
            entries[entry_at] = (*entries[entry_at][:data_at], text, *entries[entry_at][data_at + 1:])
    numbered = [(*params[:where], seq + number, *params[where + 1:]) for number, params in enumerate(entries)]
    # Driver-level executemany, not the ORM: one statement per table, with no objects in the session.
    connection = session.connection()
    for statement, params in prepared.tables:
        statement.run_params(connection, params)
    log.run_params(connection, numbered)
    recount_reports(connection, prepared.reporters)  # the look-up's ranking, in this transaction
    case_words.add_tokens(connection, prepared.cases)  # the text index of similar words, likewise
    _audit_by_driver(session, by=by, action="create", table_name=prepared.first_table, reason=reason,
                     at=prepared.now)
    return prepared.total


def _previous_hash(session: Session, site: str, seq: int) -> str:
    """The hash the site's event `seq` chains to: known if this transaction wrote the one before."""
    known = session.info.setdefault(_AUDIT_HEADS, {}).get(site)
    return known[1] if known is not None and known[0] == seq - 1 else previous_hash(session.connection(), site, seq)


def _audit_by_driver(session: Session, *, by: Actor, action: str, table_name: str, reason: str,
                     at: datetime) -> None:
    """`audit` for the bulk path, after the change-log counter is taken: the same event, numbered and chained
    the same way, written by the driver (one batch's event, no ORM object flushed)."""
    seq = next_value(session, site=by.site, name=AUDIT_COUNTER)
    prev_hash = _previous_hash(session, by.site, seq)
    values = dict(at=at, site=by.site, seq=seq, officer_id=by.officer_id, action=action, table_name=table_name,
                  record_id=None, outcome="ok", reason=_CONTROL.sub("", reason))
    digest = event_hash(prev_hash, values)
    connection = session.connection()
    statement_for(connection, AuditEvent.__table__).run(connection, [dict(values, id=new_id(),
                                                                          prev_hash=prev_hash, hash=digest)])
    session.info[_AUDIT_HEADS][by.site] = (seq, digest)


def save_many(session: Session, batches: list[tuple[type[Synced], list[dict[str, Any]]]], *, by: Actor,
              reason: str) -> int:
    """Insert new records in bulk, keeping what `save` promises, in the caller's transaction: `prepare_many`
    then `write_prepared` (each record versioned and logged, the batch one chained audit event)."""
    return write_prepared(session, prepare_many(session.connection(), batches, by=by), by=by, reason=reason)
