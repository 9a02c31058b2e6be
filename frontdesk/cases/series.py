"""Series (串并): cases an officer has judged to be one matter, under a name.

Putting a case in a series, or linking a suggested case as related, is the officer's act:
each goes through `records.save` (change log, audit event) and travels in sync bundles.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from db.models import Case, CaseLink, Series, SeriesCase
from frontdesk.i18n import DeskError
from frontdesk.records import Actor, clean_text, save

NAME_MOST = 80


@dataclass(frozen=True)
class SeriesRow:
    id: uuid.UUID
    name: str
    cases: int


@dataclass(frozen=True)
class SeriesCaseRow:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime
    category: str
    place: str
    summary: str
    status: str


@dataclass(frozen=True)
class SeriesDetail:
    id: uuid.UUID
    name: str
    cases: list[SeriesCaseRow]


def _case(session: Session, case_id: uuid.UUID) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise DeskError("case.gone")
    if case.voided_at is not None:
        raise DeskError("case.voided", case_no=case.case_no)
    return case


def start_series(session: Session, name: str, case_ids: list[uuid.UUID], *, by: Actor) -> Series:
    """A new series named `name` holding `case_ids` (each audited as put there)."""
    name = clean_text(name).strip()
    if not name:
        raise DeskError("series.name_needed")
    if len(name) > NAME_MOST:
        raise DeskError("series.name_too_long", most=NAME_MOST)
    cases = [_case(session, case_id) for case_id in case_ids]
    series = save(session, Series(name=name), by=by, action="series_start", reason=name)
    for case in cases:
        _put(session, series, case, by=by)
    return series


def add_to_series(session: Session, series_id: uuid.UUID, case_ids: list[uuid.UUID], *, by: Actor) -> Series:
    """Put cases into an existing series; a case already in it stays once."""
    series = session.get(Series, series_id)
    if series is None:
        raise DeskError("series.gone")
    for case_id in case_ids:
        _put(session, series, _case(session, case_id), by=by)
    return series


def _put(session: Session, series: Series, case: Case, *, by: Actor) -> None:
    known = session.execute(select(SeriesCase.id).where(SeriesCase.series_id == series.id,
                                                        SeriesCase.case_id == case.id)).first()
    if known is None:
        save(session, SeriesCase(series_id=series.id, case_id=case.id), by=by, action="series_add",
             reason=f"{series.name}: {case.case_no}")


def link_suggested(session: Session, case_id: uuid.UUID, other_case_id: uuid.UUID, *, by: Actor) -> Case:
    """Link a suggested earlier case as related to this one (the case's own link, audited)."""
    case, other = _case(session, case_id), _case(session, other_case_id)
    if case.id == other.id:
        raise DeskError("case.link_self")
    known = session.execute(select(CaseLink.id).where(CaseLink.case_id == case.id,
                                                      CaseLink.other_case_id == other.id)).first()
    if known is None:
        save(session, CaseLink(case_id=case.id, other_case_id=other.id, kind="related"), by=by, action="link",
             reason=other.case_no)
    return other


def series_list(session: Session, *, limit: int = 200) -> list[SeriesRow]:
    counted = (select(Series.id, Series.name, func.count(SeriesCase.id))
               .join(SeriesCase, SeriesCase.series_id == Series.id, isouter=True)
               .group_by(Series.id, Series.name).order_by(Series.updated_at.desc()).limit(limit))
    return [SeriesRow(*row) for row in session.execute(counted)]


def series_of_case(session: Session, case_id: uuid.UUID) -> list[SeriesRow]:
    ids = select(SeriesCase.series_id).where(SeriesCase.case_id == case_id)
    return [row for row in series_list(session) if row.id in set(session.scalars(ids))]


def series_detail(session: Session, series_id: uuid.UUID) -> SeriesDetail:
    series = session.get(Series, series_id)
    if series is None:
        raise DeskError("series.gone")
    rows = session.execute(
        select(Case.id, Case.case_no, Case.received_at, Case.category, Case.place, Case.summary, Case.status)
        .join(SeriesCase, SeriesCase.case_id == Case.id).where(SeriesCase.series_id == series_id)
        .order_by(Case.received_at)).all()
    return SeriesDetail(series.id, series.name, [SeriesCaseRow(*row) for row in rows])
