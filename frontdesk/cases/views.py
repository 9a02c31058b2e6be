"""What the case screens show: lists, one case in full with its history, a reporter's past.

Every function returns plain dataclasses; screens never see a model or a session.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import and_, case as when, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from db.models import Case, CaseLink, CaseParty, Category, ChangeLog, FollowUp, Handoff, Officer, Person
from frontdesk.callers.history import ReporterCounts, reported_by, reporter_counts  # noqa: F401 (re-exported)
from frontdesk.i18n import language
from frontdesk.validation import mask_phone, mask_resident_id

SORTS = {
    "newest": (Case.received_at.desc(),),
    "oldest": (Case.received_at.asc(),),
    "case_no": (Case.case_no.asc(),),
    "category": (Case.category.asc(), Case.received_at.desc()),
    "status": (Case.status.asc(), Case.received_at.desc()),
}


#: The status filter's choice for voided cases (a case keeps its status when voided; this finds it).
VOID = "void"

@dataclass(frozen=True)
class CaseRow:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime
    channel: str
    category: str
    police: bool
    summary: str
    place: str
    status: str
    disposition: str | None
    reporter: str
    reporter_phone: str  # masked
    voided: bool


@dataclass(frozen=True)
class CaseFilter:
    since: datetime | None = None
    until: datetime | None = None
    status: str | None = None
    category: str | None = None
    include_voided: bool = False
    sort: str = "newest"


def list_cases(session: Session, filters: CaseFilter, *, limit: int = 200, offset: int = 0) -> list[CaseRow]:
    """Cases matching `filters`, one page, each with its reporter (phone masked)."""
    reporter, person = aliased(CaseParty), aliased(Person)
    query = (
        select(Case, person.name, reporter.phone_e164)
        .join(reporter, and_(reporter.case_id == Case.id, reporter.role == "reporter"), isouter=True)
        .join(person, person.id == reporter.person_id, isouter=True)
    )
    if filters.since is not None:
        query = query.where(Case.received_at >= filters.since)
    if filters.until is not None:
        query = query.where(Case.received_at < filters.until)
    if filters.status == VOID:
        query = query.where(Case.voided_at.is_not(None))
    elif filters.status:
        query = query.where(Case.status == filters.status)
    if filters.category:
        query = query.where(Case.category == filters.category)
    if not filters.include_voided and filters.status != VOID:
        query = query.where(Case.voided_at.is_(None))
    query = query.order_by(*SORTS.get(filters.sort, SORTS["newest"])).offset(offset).limit(limit)
    return [_row(case, name, phone) for case, name, phone in session.exec(query).all()]


def _row(case: Case, name: str | None, phone: str | None) -> CaseRow:
    return CaseRow(
        case_id=case.id,
        case_no=case.case_no,
        received_at=case.received_at,
        channel=case.channel,
        category=case.category,
        police=case.police,
        summary=case.summary,
        place=case.place,
        status=case.status,
        disposition=case.disposition,
        reporter=name or "",
        reporter_phone=mask_phone(phone) if phone else "",
        voided=case.voided_at is not None,
    )


@dataclass(frozen=True)
class PartyRow:
    person_id: uuid.UUID
    role: str
    name: str
    phone: str  # masked
    resident_id: str  # masked


@dataclass(frozen=True)
class LinkRow:
    kind: str
    outgoing: bool  # True: this case points at the other ("repeat of X"); False: X points here
    case_id: uuid.UUID
    case_no: str
    status: str
    summary: str
    voided: bool = False


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    officer: str
    table: str
    op: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class CaseDetail:
    case: CaseRow
    version: int
    narrative: str
    closing_note: str
    closed_at: datetime | None
    void_reason: str
    recorded_by: str
    parties: tuple[PartyRow, ...]
    links: tuple[LinkRow, ...]
    history: tuple[HistoryRow, ...]


def case_detail(session: Session, case_id: uuid.UUID) -> CaseDetail | None:
    """One case with its parties, links both ways, and every change made to it."""
    case = session.get(Case, case_id)
    if case is None:
        return None
    parties = session.exec(
        select(CaseParty, Person).join(Person, Person.id == CaseParty.person_id).where(CaseParty.case_id == case_id)
    ).all()
    party_rows = tuple(
        PartyRow(
            person_id=person.id,
            role=party.role,
            name=person.name,
            phone=mask_phone(party.phone_e164) if party.phone_e164 else "",
            resident_id=mask_resident_id(person.resident_id) if person.resident_id else "",
        )
        for party, person in sorted(parties, key=lambda pair: pair[0].role != "reporter")
    )
    reporter = next((p for p in party_rows if p.role == "reporter"), None)
    links = session.exec(
        select(CaseLink, Case)
        .join(Case, or_(
            and_(CaseLink.case_id == case_id, Case.id == CaseLink.other_case_id),
            and_(CaseLink.other_case_id == case_id, Case.id == CaseLink.case_id),
        ))
        .where(or_(CaseLink.case_id == case_id, CaseLink.other_case_id == case_id))
        .order_by(Case.received_at)
    ).all()
    link_rows = tuple(
        LinkRow(kind=link.kind, outgoing=link.case_id == case_id, case_id=other.id, case_no=other.case_no,
                status=other.status, summary=other.summary, voided=other.voided_at is not None)
        for link, other in links
    )
    record_ids = [case_id, *(p.id for p, _ in parties), *(link.id for link, _ in links if link.case_id == case_id),
                  *handoff_record_ids(session, case_id)]
    officer = session.get(Officer, case.recorded_by) if case.recorded_by else None
    return CaseDetail(
        case=replace(_row(case, reporter.name if reporter else "", None), reporter_phone=reporter.phone if reporter else ""),
        version=case.version,
        narrative=case.narrative,
        closing_note=case.closing_note,
        closed_at=case.closed_at,
        void_reason=case.void_reason,
        recorded_by=officer.name if officer else "",
        parties=party_rows,
        links=link_rows,
        history=tuple(history_of(session, record_ids)),
    )


HIDDEN_IN_HISTORY = {"id", "site", "version", "updated_at", "updated_by", "case_id"}


def handoff_record_ids(session: Session, case_id: uuid.UUID) -> list[uuid.UUID]:
    """The case's hand-offs and call-backs: their changes belong in the case's history."""
    handoffs = session.exec(select(Handoff.id).where(Handoff.case_id == case_id)).all()
    follow_ups = session.exec(select(FollowUp.id).where(FollowUp.case_id == case_id)).all()
    return [*handoffs, *follow_ups]


def history_of(session: Session, record_ids: list[uuid.UUID]) -> list[HistoryRow]:
    """Every change-log entry of these records, oldest first, with the officer's name."""
    rows = session.exec(
        select(ChangeLog, Officer.name)
        .join(Officer, Officer.id == ChangeLog.by, isouter=True)
        .where(ChangeLog.record_id.in_(record_ids))
        .order_by(ChangeLog.at, ChangeLog.seq)
    ).all()
    # A link names the other case by its number, not by an id the officer cannot read.
    linked = {uuid.UUID(str(entry.data["other_case_id"])) for entry, _officer in rows
              if entry.table_name == "caselink" and entry.data.get("other_case_id")}
    numbers = {str(case_id): case_no for case_id, case_no in session.exec(
        select(Case.id, Case.case_no).where(Case.id.in_(linked))).all()} if linked else {}
    history = []
    for entry, officer in rows:
        if entry.op == "insert":
            changes = tuple(
                Change(key, None, value)
                for key, value in entry.data.items()
                if key not in HIDDEN_IN_HISTORY and value not in (None, "", False)
            )
            other = numbers.get(str(entry.data.get("other_case_id"))) if entry.table_name == "caselink" else None
            if other:
                changes += (Change("case_no", None, other),)
        else:
            changes = tuple(Change(key, old, new) for key, (old, new) in entry.changed.items())
        history.append(HistoryRow(at=entry.at, officer=officer or "", table=entry.table_name, op=entry.op, changes=changes))
    return history


@dataclass(frozen=True)
class RecentCase:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime
    category: str
    status: str
    disposition: str | None
    summary: str
    same_category: bool


def recent_cases_of(
    session: Session,
    *,
    person_id: uuid.UUID | None,
    phone: str | None,
    since: datetime,
    category: str | None = None,
    limit: int = 20,
) -> list[RecentCase]:
    """The reporter's cases since `since` (same person or same phone), same category first."""
    theirs = reported_by(person_id, phone)
    if theirs is None:
        return []
    order = [Case.received_at.desc()]
    if category:
        order.insert(0, when((Case.category == category, 0), else_=1))
    rows = session.exec(
        select(Case)
        .where(Case.id.in_(theirs), Case.received_at >= since, Case.voided_at.is_(None))
        .order_by(*order)
        .limit(limit)
    ).all()
    return [
        RecentCase(case_id=c.id, case_no=c.case_no, received_at=c.received_at, category=c.category,
                   status=c.status, disposition=c.disposition, summary=c.summary,
                   same_category=category is not None and c.category == category)
        for c in rows
    ]


def known_places(session: Session, *, since: datetime, limit: int = 500) -> list[str]:
    """Places recorded since `since`, most used first: suggestions for the place field.

    Bounded in time so that it reads a season's cases through the received_at
    index, not the station's whole history, each time the form opens.
    """
    rows = session.exec(
        select(Case.place, func.count().label("uses"))
        .where(Case.received_at >= since, Case.place != "")
        .group_by(Case.place)
        .order_by(func.count().desc())
        .limit(limit)
    ).all()
    return [place for place, _ in rows]


@dataclass(frozen=True)
class CategoryChoice:
    code: str
    name_zh: str
    name_en: str
    police: bool
    #: offered for new cases (a switched-off one still names the cases recorded under it)
    active: bool = True


def category_choices(session: Session, *, switched_off: bool = False) -> list[CategoryChoice]:
    """The categories a new case is offered, in the list's order; with `switched_off`, every category
    of the list (to name and find the cases of one no longer offered)."""
    query = select(Category).order_by(Category.sort, Category.code)
    if not switched_off:
        query = query.where(Category.active)
    return [CategoryChoice(c.code, c.name_zh, c.name_en, c.police, c.active) for c in session.exec(query).all()]


def category_name(choices: list[CategoryChoice], code: str) -> str:
    """A category's name in the officer's language (the code if it is not on the list)."""
    for choice in choices:
        if choice.code == code:
            return choice.name_zh if language() == "zh" else choice.name_en
    return code
