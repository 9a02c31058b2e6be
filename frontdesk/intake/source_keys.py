"""Which of a logbook's rows are in already: a row's source key (its record number, or its content) found on a
case means that case, unless the case is plainly another record that shares the number.

A number that names its record (JF123456, 2023031500123) keys it in any export of the same system: the week's
file, then the month's, add each record once. A row counter (序号 1, 2, 3 …) keys a row of its file only (by
the file's name). Records imported before numbers were told apart were keyed by their file's name: they are
found under that key too.

Record numbers are not always one record's: a register numbers each month's sheet or file from 1 (序号), and
a spreadsheet that turned long numbers into 2.022E+11 gives every row the same one. A row whose key is held by
a case received at another time, with another summary, category or place, is another record: it takes a key
of its own, made from that key and its own content, so it is imported, and importing the file again finds it
under that key. A row read again after its time was corrected (another zone or day order in the mapping)
still has its summary, category and place, so it is found as the record it was, not imported twice.

What this cannot tell: a row with the same number and the same time is taken for the record already there
(two offences of one incident at one moment stay one case, as before); and a row that took a key of its own,
read again with its time or its words changed, is imported again.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from typing import Iterable

from sqlalchemy import literal_column
from sqlmodel import Session, select

from db.models import Case
from frontdesk.intake.mapping import plain_fold as fold  # (as written: the keys are stored)
from frontdesk.intake.rows import ParsedRow
from frontdesk.records import clean_text

#: What tells two records apart: when received, and what (summary, category, place, as compared).
Content = tuple[datetime | None, tuple[str, str, str]]


def settle_keys(session: Session, rows: list[ParsedRow],
                earlier: Iterable[ParsedRow] = ()) -> tuple[list[ParsedRow], set[str]]:
    """`rows` (read in order) with their keys settled, and the keys of theirs that are in already: on a case,
    or on one of `earlier` (rows written just before, maybe not yet committed). A row whose key is held by
    another record, in the database, in `earlier` or further up `rows`, takes a key of its own."""
    held: dict[str, Content | ParsedRow] = dict(_held(session, {row.source_key for row in rows} |
                                                         {row.legacy_key for row in rows if row.legacy_key}))
    there = set(held)
    for row in earlier:  # (a row's content is worked out only if another row meets its key)
        held[row.source_key] = row
        there.add(row.source_key)
    settled: list[ParsedRow] = []
    own: list[str] = []
    # Keyed the way of before (its file's name and number): the record there is this one if it was received at
    # the same time, or (a file read alone, whose times may be read otherwise now) says the same; one imported
    # then under a key of its own made from that key is found under it. (A workbook's months all carry their
    # 序号's old key: there only the time tells them apart.)
    legacy_own = _present(session, {_own_key(row.legacy_key, _content(row)) for row in rows
                                    if row.legacy_key in held and row.source_key not in held})
    there.update(legacy_own)
    for row in rows:
        if row.legacy_key in held and row.source_key not in held:
            holder = held[row.legacy_key]
            content = _content(row)
            before = _held_content(holder)
            if before[0] == content[0] or (not row.sheet and _same(before, content)):
                row = replace(row, source_key=row.legacy_key)
            elif (own_key := _own_key(row.legacy_key, content)) in legacy_own:
                row = replace(row, source_key=own_key)
        holder = held.get(row.source_key)
        if holder is not None:
            content = _content(row)
            if not _same(_held_content(holder), content):
                row = replace(row, source_key=_own_key(row.source_key, content))
                own.append(row.source_key)
        held.setdefault(row.source_key, row)
        settled.append(row)
    if own:  # imported under its own key by an earlier run
        there.update(_present(session, set(own)))
    return settled, there


def _content(row: ParsedRow) -> Content:
    draft = row.draft
    summary, category, place = (draft.summary, draft.category, draft.place) if draft is not None else \
        (row.summary, row.category, "")
    return row.received_at, (fold(clean_text(summary.strip())), category, fold(clean_text(place.strip())))


def _held_content(holder: Content | ParsedRow) -> Content:
    """What a key's holder says: a case's, as read, or a row's of this import."""
    return holder if isinstance(holder, tuple) else _content(holder)


def _same(one: Content, other: Content) -> bool:
    return one[0] == other[0] or one[1] == other[1]


def _own_key(key: str, content: Content) -> str:
    received, words = content
    text = "\x1f".join(("again", key, received.isoformat() if received else "", *words))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def _held(session: Session, keys: set[str]) -> dict[str, Content]:
    """The cases holding `keys`, by key: which keys are held is read from the key's index alone (a new
    logbook's keys are held by none), what the cases say only for those."""
    keys = _present(session, keys)
    if not keys:
        return {}
    return {key: (received, (fold(summary), category, fold(place))) for key, received, summary, category, place
            in session.exec(held_query(session.get_bind().dialect.name, keys)).all()}


def _present(session: Session, keys: set[str]) -> set[str]:
    """Which of `keys` cases hold, from the key's index alone."""
    if not keys:
        return set()
    return set(session.exec(select(Case.source_key).where(Case.source_key.in_(list(keys)))).all())


def held_query(dialect: str, keys: set[str]):
    """The cases holding `keys`: their key, received time, summary, category and place."""
    query = select(Case.source_key, Case.received_at, Case.summary, Case.category, Case.place)
    if dialect == "sqlite":
        # A station's own cases have no source key, and ANALYZE counts those as one key held by every case: the
        # planner would read the whole table for a key. The key's index finds the rows, their rowids the rest.
        keyed = Case.__table__.alias("keyed")
        query = query.where(literal_column('"case".rowid').in_(
            select(literal_column("keyed.rowid")).select_from(keyed).where(keyed.c.source_key.in_(list(keys)))))
        return query
    return query.where(Case.source_key.in_(list(keys)))
