"""A caller's history, the repeat-reporter list, and the desk's notes on a person."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case as when, func, or_
from sqlmodel import Session, select

from db.models import (
    Case, CaseLink, CaseParty, Category, FollowUp, Handoff, PatrolShift, Person, PersonPhone, ReceivingBody,
    ReporterReview, ShiftMember, Team, Volunteer,
)
from frontdesk.access.roles import require
from frontdesk.i18n import DeskError, Phrase, language
from frontdesk.callers.people import ADDRESS_MAX, NAME_MAX, FieldErrors
from frontdesk.records import Actor, audit, save
from frontdesk.validation import digits_reversed, mask_phone, mask_resident_id, name_pinyin, normalize_phone

#: Follow-up answers, happiest first.
SATISFACTION = ("satisfied", "basically", "unsatisfied")
REVEAL_REASONS = ("contact_caller", "identity_check", "case_work", "supervisor_review")


# ---- a reporter's cases (the case area reads these too) -------------------------------------


@dataclass(frozen=True)
class ReporterCounts:
    reports: int
    repeats: int
    unfounded: int


def reported_by(person_id: uuid.UUID | None, phone: str | None):
    """Subquery of the case ids this person, or anyone with this phone, reported."""
    conditions = []
    if person_id is not None:
        conditions.append(CaseParty.person_id == person_id)
    if phone:
        conditions.append(CaseParty.phone_e164 == phone)
    if not conditions:
        return None
    return select(CaseParty.case_id).where(CaseParty.role == "reporter", or_(*conditions))


def reporter_counts(
    session: Session, *, person_id: uuid.UUID | None, phone: str | None, since: datetime
) -> ReporterCounts:
    """Reports, repeat reports and unfounded reports by this person or phone since `since`."""
    reported = reported_by(person_id, phone)
    if reported is None:
        return ReporterCounts(0, 0, 0)
    theirs = (
        select(Case.id, Case.disposition)
        .where(Case.id.in_(reported), Case.received_at >= since, Case.voided_at.is_(None))
        .subquery()
    )
    reports, unfounded = session.exec(
        select(func.count(), func.coalesce(func.sum(when((theirs.c.disposition == "unfounded", 1), else_=0)), 0))
        .select_from(theirs)
    ).one()
    repeats = session.exec(
        select(func.count(func.distinct(CaseLink.case_id)))
        .where(CaseLink.kind == "repeat_of", CaseLink.case_id.in_(select(theirs.c.id)))
    ).one()
    return ReporterCounts(reports=int(reports), repeats=int(repeats), unfounded=int(unfounded))


@dataclass(frozen=True)
class PersonCase:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime
    role: str
    category: str  # its name, in the officer's language
    status: str
    disposition: str | None
    summary: str
    voided: bool


@dataclass(frozen=True)
class PersonHandoff:
    case_no: str
    body_zh: str
    body_en: str
    status: str
    handed_at: datetime
    follow_ups: int
    satisfaction: str | None


@dataclass(frozen=True)
class PersonShift:
    shift_date: date
    team: str
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    no_show: bool


@dataclass(frozen=True)
class PersonHistory:
    person_id: uuid.UUID
    version: int
    name: str
    phones: tuple[str, ...]  # masked
    resident_id: str  # masked
    address: str
    notes: str
    merged_into: uuid.UUID | None
    cases: tuple[PersonCase, ...]
    handoffs: tuple[PersonHandoff, ...]
    shifts: tuple[PersonShift, ...]
    last_30_days: ReporterCounts
    last_year: ReporterCounts


def person_history(session: Session, person_id: uuid.UUID, *, now: datetime, by: Actor) -> PersonHistory:
    """Everything the desk knows of a person; the look is written to the audit log."""
    person = session.get(Person, person_id)
    if person is None:
        raise DeskError("person.gone")
    phones = session.exec(
        select(PersonPhone.e164).where(PersonPhone.person_id == person_id).order_by(PersonPhone.updated_at)
    ).all()
    rows = session.exec(
        select(CaseParty.role, Case, Category.name_zh, Category.name_en)
        .join(Case, Case.id == CaseParty.case_id)
        .join(Category, Category.code == Case.category)
        .where(CaseParty.person_id == person_id)
        .order_by(Case.received_at.desc())
    ).all()
    zh = language() == "zh"
    cases = tuple(
        PersonCase(c.id, c.case_no, c.received_at, role, name_zh if zh else name_en, c.status, c.disposition,
                   c.summary, c.voided_at is not None)
        for role, c, name_zh, name_en in rows
    )
    handoffs = _handoffs(session, [c.case_id for c in cases])
    shifts = tuple(
        PersonShift(shift.shift_date, team, member.checked_in_at, member.checked_out_at, member.no_show)
        for member, shift, team in session.exec(
            select(ShiftMember, PatrolShift, Team.name)
            .join(Volunteer, Volunteer.id == ShiftMember.volunteer_id)
            .join(PatrolShift, PatrolShift.id == ShiftMember.shift_id)
            .join(Team, Team.id == PatrolShift.team_id)
            .where(Volunteer.person_id == person_id)
            .order_by(PatrolShift.shift_date.desc())
            .limit(60)
        ).all()
    )
    audit(session, by=by, action="view_person", table_name="person", record_id=person_id)
    return PersonHistory(
        person_id=person.id,
        version=person.version,
        name=person.name,
        phones=tuple(mask_phone(p) for p in phones),
        resident_id=mask_resident_id(person.resident_id) if person.resident_id else "",
        address=person.address,
        notes=person.notes,
        merged_into=person.merged_into_id,
        cases=cases,
        handoffs=handoffs,
        shifts=shifts,
        last_30_days=reporter_counts(session, person_id=person_id, phone=None, since=now - timedelta(days=30)),
        last_year=reporter_counts(session, person_id=person_id, phone=None, since=now - timedelta(days=365)),
    )


def _handoffs(session: Session, case_ids: list[uuid.UUID]) -> tuple[PersonHandoff, ...]:
    if not case_ids:
        return ()
    # Only these hand-offs' follow-ups, not the whole table's; the least happy
    # answer given is the one shown.
    theirs = select(Handoff.id).where(Handoff.case_id.in_(case_ids))
    unhappiness = when(*((FollowUp.satisfaction == code, rank) for rank, code in enumerate(SATISFACTION)), else_=None)
    follow_ups = (
        select(FollowUp.handoff_id, func.count().label("n"), func.max(unhappiness).label("sat"))
        .where(FollowUp.handoff_id.in_(theirs))
        .group_by(FollowUp.handoff_id)
        .subquery()
    )
    rows = session.exec(
        select(Handoff, Case.case_no, ReceivingBody.name_zh, ReceivingBody.name_en, follow_ups.c.n, follow_ups.c.sat)
        .join(Case, Case.id == Handoff.case_id)
        .join(ReceivingBody, ReceivingBody.id == Handoff.body_id)
        .join(follow_ups, follow_ups.c.handoff_id == Handoff.id, isouter=True)
        .where(Handoff.case_id.in_(case_ids))
        .order_by(Handoff.handed_at.desc())
    ).all()
    return tuple(
        PersonHandoff(case_no, zh, en, h.status, h.handed_at, n or 0, None if sat is None else SATISFACTION[sat])
        for h, case_no, zh, en, n, sat in rows
    )


def reveal(session: Session, person_id: uuid.UUID, *, reason: str, by: Actor) -> tuple[list[str], str]:
    """The person's phones and ID number in full; the reveal and its reason are audited."""
    if reason not in REVEAL_REASONS:
        raise FieldErrors({"reason": DeskError("form.required", field=Phrase("field.reason"))})
    person = session.get(Person, person_id)
    if person is None:
        raise DeskError("person.gone")
    phones = session.exec(select(PersonPhone.e164).where(PersonPhone.person_id == person_id)).all()
    audit(session, by=by, action="reveal", table_name="person", record_id=person_id, reason=reason)
    return list(phones), person.resident_id or ""


def update_person(
    session: Session,
    person_id: uuid.UUID,
    *,
    version: int,
    by: Actor,
    name: str | None = None,
    address: str | None = None,
    notes: str | None = None,
    add_phone: str = "",
) -> Person:
    """Change contact details or notes; each change goes to the history (tags: frontdesk.tags)."""
    person = session.get(Person, person_id)
    if person is None:
        raise DeskError("person.gone")
    errors: dict[str, DeskError] = {}
    if name is not None and not name.strip():
        errors["name"] = DeskError("form.required", field=Phrase("field.reporter.name"))
    if name is not None and len(name.strip()) > NAME_MAX:
        errors["name"] = DeskError("form.too_long", field=Phrase("field.reporter.name"), most=NAME_MAX)
    if address is not None and len(address.strip()) > ADDRESS_MAX:
        errors["address"] = DeskError("form.too_long", field=Phrase("field.address"), most=ADDRESS_MAX)
    phone = None
    if add_phone.strip():
        try:
            phone = normalize_phone(add_phone)
        except DeskError as exc:
            errors["phone"] = exc
    if errors:
        raise FieldErrors(errors)
    if name is not None and name.strip() != person.name:
        person.name = name.strip()
        person.name_pinyin, person.name_initials = name_pinyin(person.name)
    if address is not None:
        person.address = address.strip()
    if notes is not None:
        person.notes = notes.strip()
    save(session, person, by=by, action="update", expected_version=version)
    if phone is not None:
        known = session.exec(
            select(PersonPhone.id).where(PersonPhone.person_id == person_id, PersonPhone.e164 == phone)
        ).first()
        if known is None:
            save(session, PersonPhone(person_id=person_id, e164=phone, digits_reversed=digits_reversed(phone)), by=by)
    return person


@dataclass(frozen=True)
class RepeatReporter:
    person_id: uuid.UUID | None
    phone_e164: str | None
    name: str
    phone: str  # masked
    reports: int
    repeats: int
    unfounded: int
    last_at: datetime
    reviewed_at: datetime | None


@dataclass(frozen=True)
class RepeatReporterPage:
    """The first `limit` repeat reporters, and how many there are in all (the list may be cut)."""

    rows: list[RepeatReporter]
    total: int


def repeat_reporters(
    session: Session, *, since: datetime, min_reports: int = 3, by_phone: bool = False, limit: int = 100
) -> list[RepeatReporter]:
    """The first `limit` people (or phone numbers) ranked by reports since `since` (see repeat_reporter_page)."""
    return repeat_reporter_page(session, since=since, min_reports=min_reports, by_phone=by_phone, limit=limit).rows


def repeat_reporter_page(
    session: Session, *, since: datetime, min_reports: int = 3, by_phone: bool = False, limit: int = 100
) -> RepeatReporterPage:
    """People (or phone numbers) ranked by reports since `since`, with repeats and unfounded ones.

    Reads the window's cases through the received_at index and their reporters
    through the case index, then counts here: a GROUP BY in SQL let the planner
    walk every reporter of the station's whole history instead (seconds at a
    million cases; this is tens of milliseconds).
    """
    recent = (
        select(Case.id, Case.disposition, Case.received_at)
        .where(Case.received_at >= since, Case.voided_at.is_(None))
        .cte("recent")
        .prefix_with("MATERIALIZED")
    )
    is_repeat = select(CaseLink.id).where(CaseLink.case_id == recent.c.id, CaseLink.kind == "repeat_of").exists()
    rows = session.exec(
        select(CaseParty.person_id, CaseParty.phone_e164, recent.c.id, recent.c.disposition, recent.c.received_at,
               is_repeat)
        .select_from(recent)
        .join(CaseParty, CaseParty.case_id == recent.c.id)
        .where(CaseParty.role == "reporter")
    ).all()
    tally: dict = {}
    for person_id, phone, case_id, disposition, received_at, repeat in rows:
        key, other = (phone, person_id) if by_phone else (person_id, phone)
        if key is None:
            continue
        entry = tally.setdefault(key, {"cases": set(), "repeats": 0, "unfounded": 0, "last": received_at, "other": other})
        if case_id in entry["cases"]:
            continue
        entry["cases"].add(case_id)
        entry["repeats"] += bool(repeat)
        entry["unfounded"] += disposition == "unfounded"
        entry["last"] = max(entry["last"], received_at)
        entry["other"] = entry["other"] or other
    ranked = sorted(
        ((key, entry) for key, entry in tally.items() if len(entry["cases"]) >= min_reports),
        key=lambda item: (-len(item[1]["cases"]), -item[1]["last"].timestamp()),
    )
    total, ranked = len(ranked), ranked[:limit]
    if not ranked:
        return RepeatReporterPage([], total)
    people = [entry["other"] if by_phone else key for key, entry in ranked]
    names = dict(session.exec(select(Person.id, Person.name).where(Person.id.in_([p for p in people if p]))).all())
    reviews = _last_reviews(session, [key for key, _ in ranked], by_phone)
    result = []
    for key, entry in ranked:
        person_id = entry["other"] if by_phone else key
        phone = key if by_phone else entry["other"]
        result.append(RepeatReporter(
            person_id=person_id, phone_e164=phone, name=names.get(person_id, ""),
            phone=mask_phone(phone) if phone else "", reports=len(entry["cases"]), repeats=entry["repeats"],
            unfounded=entry["unfounded"], last_at=entry["last"], reviewed_at=reviews.get(key),
        ))
    return RepeatReporterPage(result, total)


def _last_reviews(session: Session, keys: list, by_phone: bool) -> dict:
    column = ReporterReview.phone_e164 if by_phone else ReporterReview.person_id
    return dict(session.exec(
        select(column, func.max(ReporterReview.reviewed_at)).where(column.in_(keys)).group_by(column)
    ).all())


def record_review(
    session: Session,
    *,
    person_id: uuid.UUID | None,
    phone_e164: str | None,
    called_back: bool,
    reached: bool,
    note: str,
    by: Actor,
    now: datetime,
) -> ReporterReview:
    """That a repeat reporter's number was reviewed, and whether they were called back."""
    require(by, "review_repeat_reporter")
    if person_id is None and not phone_e164:
        raise DeskError("person.gone")
    return save(session, ReporterReview(
        person_id=person_id, phone_e164=phone_e164, reviewed_at=now, reviewed_by=by.officer_id,
        called_back=called_back, reached=reached and called_back, note=note.strip(),
    ), by=by, action="review_reporter")
