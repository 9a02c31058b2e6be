"""The import's preview: a logbook's first rows as they would be imported, each with its problems, and
which of them are in already."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import select

from db.engine import read_session
from db.models import Case
from frontdesk.errors import officer_words
from frontdesk.intake.logbook import Opened, data_rows
from frontdesk.intake.rows import ParsedRow, RowReader
from frontdesk.vocab import label

PREVIEW_ROWS = 20


@dataclass(frozen=True)
class Preview:
    rows: list[ParsedRow]
    already: frozenset[str]
    header_row: int
    #: Rows shown that had no status and will be closed with the mapping's default disposition.
    closed_by_default: int


def preview(engine: Engine, opened: Opened, *, zone: ZoneInfo, now: datetime, limit: int = PREVIEW_ROWS) -> Preview:
    """The first rows as they would be imported, each with its problems, and which are in already."""
    reader = RowReader(opened, zone=zone, now=now)
    rows: list[ParsedRow] = []
    for source_row in data_rows(opened):
        rows.append(reader.read(source_row))
        if len(rows) >= limit:
            break
    with officer_words(), read_session(engine) as session:
        keys = [row.source_key for row in rows]
        already = frozenset(session.exec(select(Case.source_key).where(Case.source_key.in_(keys))).all()) \
            if keys else frozenset()
    return Preview(rows, already, opened.header_row, sum(1 for row in rows if row.closed_by_default))


def status_text(row: ParsedRow) -> str:
    shown = label("status", row.status)
    return f"{shown} · {label('disposition', row.disposition)}" if row.disposition else shown
