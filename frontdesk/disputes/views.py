"""What the dispute screens, the handover and the case screen read: the daily review, one dispute whole,
and the open disputes a new case may belong to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Case, CaseParty, Category, Dispute, DisputeCase, DisputeParty, DisputeStep, Officer, Person, PersonPhone
from frontdesk.callers.people import primary_phone
from frontdesk.disputes.lifecycle import OPEN_STATES
from frontdesk.disputes.referral import ReferralState
from frontdesk.i18n import DeskError, language, parenthesised
from frontdesk.validation import mask_phone


@dataclass(frozen=True)
class ReviewRow:
    """One open dispute on the daily review."""

    dispute_id: uuid.UUID
    ref: str
    title: str
    state: str
    owner: str
    mine: bool
    opened_at: datetime
    days_open: int
    cases: int
    last_step_at: datetime | None
    last_step_kind: str | None
    last_step_outcome: str
    next_step_due: datetime | None
    overdue: bool


def _names(session: Session, ids: set[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    ids = {officer_id for officer_id in ids if officer_id is not None}
    if not ids:
        return {}
    return dict(session.exec(select(Officer.id, Officer.name).where(Officer.id.in_(ids))).all())


def review(session: Session, *, now: datetime, officer_id: uuid.UUID | None = None,
           mine_only: bool = False) -> list[ReviewRow]:
    """The open disputes, oldest first: days open, the last step, when the next falls due, overdue ones marked.
    `mine_only` keeps those `officer_id` owns."""
    query = select(Dispute).where(Dispute.state.in_(OPEN_STATES))
    if mine_only:
        query = query.where(Dispute.owner_id == officer_id)
    disputes = session.exec(query.order_by(Dispute.opened_at, Dispute.ref)).all()
    if not disputes:
        return []
    ids = [dispute.id for dispute in disputes]
    counts = dict(session.exec(select(DisputeCase.dispute_id, func.count()).where(DisputeCase.dispute_id.in_(ids))
                               .group_by(DisputeCase.dispute_id)).all())
    last: dict[uuid.UUID, DisputeStep] = {}
    for step in session.exec(select(DisputeStep).where(DisputeStep.dispute_id.in_(ids)).order_by(DisputeStep.at)):
        last[step.dispute_id] = step
    names = _names(session, {dispute.owner_id for dispute in disputes})
    rows = []
    for dispute in disputes:
        step = last.get(dispute.id)
        rows.append(ReviewRow(
            dispute_id=dispute.id, ref=dispute.ref, title=dispute.title, state=dispute.state,
            owner=names.get(dispute.owner_id, "—") if dispute.owner_id else "—",
            mine=officer_id is not None and dispute.owner_id == officer_id, opened_at=dispute.opened_at,
            days_open=max(0, (now - dispute.opened_at).days), cases=counts.get(dispute.id, 0),
            last_step_at=step.at if step else None, last_step_kind=step.kind if step else None,
            last_step_outcome=step.outcome if step else "", next_step_due=dispute.next_step_due,
            overdue=dispute.next_step_due is not None and dispute.next_step_due < now))
    return rows


@dataclass(frozen=True)
class PartyRow:
    person_id: uuid.UUID
    name: str
    phone: str  # masked


@dataclass(frozen=True)
class CaseRow:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime
    summary: str
    status: str


@dataclass(frozen=True)
class StepRow:
    at: datetime
    kind: str
    by: str
    took_part: str
    outcome: str
    on_site: bool


@dataclass(frozen=True)
class DisputeDetail:
    dispute_id: uuid.UUID
    version: int
    ref: str
    title: str
    kind: str  # the category's name in the officer's language
    place: str
    plan: str
    state: str
    state_reason: str
    owner_id: uuid.UUID | None
    owner: str
    leader_id: uuid.UUID | None
    leader: str
    opened_at: datetime
    closed_at: datetime | None
    resolved_on_site: bool
    next_step_due: datetime | None
    parties: list[PartyRow]
    cases: list[CaseRow]
    steps: list[StepRow]
    #: A referred dispute's hand-off, as it stands now.
    referral: ReferralState | None = None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


def detail(session: Session, dispute_id: uuid.UUID, *,
           referral: Callable[[Session, uuid.UUID], ReferralState | None] | None = None) -> DisputeDetail:
    """One dispute whole; `referral` reads a referred dispute's hand-off (the desk hands it in)."""
    dispute = session.get(Dispute, dispute_id)
    if dispute is None:
        raise DeskError("dispute.gone")
    category = session.exec(select(Category).where(Category.code == dispute.kind)).first()
    kind = (category.name_zh if language() == "zh" else category.name_en) if category else dispute.kind
    people = session.exec(select(Person).join(DisputeParty, DisputeParty.person_id == Person.id)
                          .where(DisputeParty.dispute_id == dispute_id).order_by(DisputeParty.updated_at)).all()
    parties = []
    for person in people:
        phone = primary_phone(session, person.id)
        parties.append(PartyRow(person.id, person.name, mask_phone(phone) if phone else "—"))
    cases = [CaseRow(case.id, case.case_no, case.received_at, case.summary, case.status) for case in session.exec(
        select(Case).join(DisputeCase, DisputeCase.case_id == Case.id).where(DisputeCase.dispute_id == dispute_id)
        .order_by(Case.received_at)).all()]
    steps = session.exec(select(DisputeStep).where(DisputeStep.dispute_id == dispute_id)
                         .order_by(DisputeStep.at)).all()
    names = _names(session, {dispute.owner_id, dispute.leader_id, *(step.by for step in steps)})
    return DisputeDetail(
        dispute_id=dispute.id, version=dispute.version, ref=dispute.ref, title=dispute.title, kind=kind,
        place=dispute.place, plan=dispute.plan, state=dispute.state, state_reason=dispute.state_reason,
        owner_id=dispute.owner_id, owner=names.get(dispute.owner_id, "—"), leader_id=dispute.leader_id,
        leader=names.get(dispute.leader_id, "—"), opened_at=dispute.opened_at, closed_at=dispute.closed_at,
        resolved_on_site=dispute.resolved_on_site, next_step_due=dispute.next_step_due, parties=parties,
        cases=cases, steps=[StepRow(step.at, step.kind, names.get(step.by, "—"), step.took_part, step.outcome,
                                    step.on_site) for step in steps],
        referral=referral(session, dispute.referral_handoff_id) if referral and dispute.referral_handoff_id else None)


@dataclass(frozen=True)
class Offer:
    """An open dispute a case may belong to, and why."""

    dispute_id: uuid.UUID
    ref: str
    title: str
    by_party: bool
    by_place: bool


def offers(session: Session, *, person_ids: list[uuid.UUID], place: str, phones: list[str] = (),
           leave_out: uuid.UUID | None = None) -> list[Offer]:
    """The open disputes whose parties include one of `person_ids` (or someone with one of `phones`), or whose
    place is `place`; oldest first."""
    place = place.strip()
    people = set(person_ids)
    if phones:
        people |= set(session.exec(select(PersonPhone.person_id).where(PersonPhone.e164.in_(list(phones)))).all())
    by_party = set(session.exec(select(DisputeParty.dispute_id).where(DisputeParty.person_id.in_(people)))
                   .all()) if people else set()
    query = select(Dispute).where(Dispute.state.in_(OPEN_STATES))
    condition = Dispute.id.in_(by_party) if by_party else None
    if place:
        at_place = func.lower(Dispute.place) == place.lower()
        condition = at_place if condition is None else condition | at_place
    if condition is None:
        return []
    found = session.exec(query.where(condition).order_by(Dispute.opened_at)).all()
    return [Offer(dispute.id, dispute.ref, dispute.title, dispute.id in by_party,
                  bool(place) and dispute.place.strip().lower() == place.lower())
            for dispute in found if dispute.id != leave_out]


def offers_for_case(session: Session, case_id: uuid.UUID) -> list[Offer]:
    """The open disputes the case matches by its reporter or parties, or its place, that it is not in yet."""
    case = session.get(Case, case_id)
    if case is None:
        raise DeskError("case.gone")
    parties = session.exec(select(CaseParty.person_id, CaseParty.phone_e164).where(CaseParty.case_id == case_id)).all()
    inside = set(session.exec(select(DisputeCase.dispute_id).where(DisputeCase.case_id == case_id)).all())
    found = offers(session, person_ids=[person for person, _ in parties], place=case.place,
                   phones=[phone for _, phone in parties if phone])
    return [offer for offer in found if offer.dispute_id not in inside]


def officers(session: Session) -> list[tuple[uuid.UUID, str]]:
    """Active officers (whom a dispute can be given to), by name."""
    return [(officer.id, parenthesised(officer.name, officer.badge_no)) for officer in
            session.exec(select(Officer).where(Officer.active).order_by(Officer.name)).all()]


@dataclass(frozen=True)
class ReporterCase:
    """One case of a repeat reporter, as the dialog opening a dispute for them lists it."""

    case_id: uuid.UUID
    case_no: str
    received_at: datetime
    summary: str
    status: str
    #: The open dispute the case is in already (it cannot join a second one).
    dispute_ref: str | None


@dataclass(frozen=True)
class ReporterCases:
    person_id: uuid.UUID
    name: str
    cases: list[ReporterCase]


def reporter_cases(session: Session, *, person_id: uuid.UUID | None, phone: str | None,
                   limit: int = 20) -> ReporterCases:
    """A repeat reporter's cases, newest first, each with the open dispute it is in (if any): by the person,
    or (the list by phone) by the person most recently recorded with that number."""
    if person_id is None and phone:
        person_id = session.exec(select(CaseParty.person_id).where(CaseParty.phone_e164 == phone)
                                 .order_by(CaseParty.updated_at.desc())).first()
    person = session.get(Person, person_id) if person_id is not None else None
    if person is None:
        raise DeskError("person.gone")
    rows = session.exec(
        select(Case).join(CaseParty, CaseParty.case_id == Case.id)
        .where(CaseParty.person_id == person.id, Case.voided_at.is_(None))
        .order_by(Case.received_at.desc(), Case.case_no.desc()).limit(limit)).all()
    cases = list({case.id: case for case in rows}.values())
    inside = dict(session.exec(
        select(DisputeCase.case_id, Dispute.ref).join(Dispute, Dispute.id == DisputeCase.dispute_id)
        .where(DisputeCase.case_id.in_([case.id for case in cases]), Dispute.state.in_(OPEN_STATES))).all()
    ) if cases else {}
    return ReporterCases(person.id, person.name, [
        ReporterCase(case.id, case.case_no, case.received_at, case.summary, case.status, inside.get(case.id))
        for case in cases])
