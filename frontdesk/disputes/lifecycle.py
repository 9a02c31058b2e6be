"""A dispute's life: opened from a case, cases linked in, steps recorded, its state moved, its owner and
leader assigned. Every change goes through `records.save` (versioned, in the change log, audited, synced).

States: open → mediating → resolved / referred / closed_unresolved. A closing needs a reason unless it is
resolved; closing unresolved and assigning the owner or leader need a supervisor.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from db.models import (Case, CaseLink, CaseParty, Dispute, DisputeCase, DisputeParty, DisputeStep, Officer, Person,
                       PersonPhone)
from db.sequences import hold, next_value
from frontdesk.access.roles import require
from frontdesk.i18n import DeskError, Phrase
from frontdesk.records import CHANGELOG_SEQUENCE, Actor, save

OPEN_STATES = ("open", "mediating")
FINAL_STATES = ("resolved", "referred", "closed_unresolved")
STATES = OPEN_STATES + FINAL_STATES
STEP_KINDS = ("visit", "call", "mediation")
#: Where a state may go next.
MOVES = {"open": ("mediating", *FINAL_STATES), "mediating": FINAL_STATES}
#: A new dispute's first step falls due this long after it is opened.
FIRST_STEP_DAYS = 1
TEXT_MAX = 2000
TOOK_PART_MAX = 400


def _dispute(session: Session, dispute_id: uuid.UUID, version: int | None = None) -> Dispute:
    dispute = session.get(Dispute, dispute_id)
    if dispute is None:
        raise DeskError("dispute.gone")
    if version is not None and dispute.version != version:
        raise DeskError("dispute.changed", ref=dispute.ref)
    return dispute


def _open(dispute: Dispute) -> None:
    if dispute.state not in OPEN_STATES:
        raise DeskError("dispute.not_open", ref=dispute.ref, state=Phrase(f"dispute.state.{dispute.state}"))


def dispute_for_change(session: Session, dispute_id: uuid.UUID, version: int | None) -> Dispute:
    """The dispute, still open and (given a version) as the officer saw it."""
    dispute = _dispute(session, dispute_id, version)
    _open(dispute)
    return dispute


def dispute_of_case(session: Session, case_id: uuid.UUID) -> Dispute | None:
    """The open dispute the case is in, if any."""
    return session.exec(select(Dispute).join(DisputeCase, DisputeCase.dispute_id == Dispute.id)
                        .where(DisputeCase.case_id == case_id, Dispute.state.in_(OPEN_STATES))).first()


def _reference(session: Session, *, site: str, now: datetime, zone: ZoneInfo) -> str:
    day = now.astimezone(zone).strftime("%Y%m%d")
    hold(session, site=site, name=CHANGELOG_SEQUENCE)  # the order every writer takes the counters in
    return f"JF-{site}-{day}-{next_value(session, site=site, name=f'dispute:{day}'):03d}"


def _add_parties(session: Session, dispute: Dispute, case_ids: list[uuid.UUID], *, by: Actor) -> None:
    """The cases' people as the dispute's parties, each once: someone already a party, or with a party's phone
    (the same caller recorded again as a new person), is not added twice."""
    known = set(session.exec(select(DisputeParty.person_id).where(DisputeParty.dispute_id == dispute.id)).all())
    phones = set(session.exec(select(PersonPhone.e164).where(PersonPhone.person_id.in_(known))).all()) if known else set()
    people = session.exec(select(CaseParty.person_id, CaseParty.phone_e164).where(CaseParty.case_id.in_(case_ids))
                          .order_by(CaseParty.role != "reporter", CaseParty.updated_at)).all()
    for person_id, phone in people:
        if person_id in known or (phone and phone in phones):
            continue
        known.add(person_id)
        if phone:
            phones.add(phone)
        save(session, DisputeParty(dispute_id=dispute.id, person_id=person_id), by=by)


def _link(session: Session, dispute: Dispute, case_id: uuid.UUID, *, by: Actor) -> None:
    save(session, DisputeCase(dispute_id=dispute.id, case_id=case_id), by=by, action="link")


def open_from_case(session: Session, case_id: uuid.UUID, *, plan: str = "", by: Actor, now: datetime,
                   zone: ZoneInfo) -> Dispute:
    """A new dispute behind the case: its parties are the case's reporter and parties, the officer opening
    it owns it, and the cases the case repeats are linked in with it."""
    case = session.get(Case, case_id)
    if case is None:
        raise DeskError("case.gone")
    other = dispute_of_case(session, case_id)
    if other is not None:
        raise DeskError("dispute.case_already", case_no=case.case_no, ref=other.ref)
    if len(plan) > TEXT_MAX:
        raise DeskError("dispute.too_long", most=TEXT_MAX)
    dispute = save(session, Dispute(
        ref=_reference(session, site=by.site, now=now, zone=zone), title=case.summary[:200], kind=case.category,
        place=case.place, plan=plan.strip(), owner_id=by.officer_id, owned_at=now, opened_at=now,
        next_step_due=now + timedelta(days=FIRST_STEP_DAYS)), by=by, action="open_dispute")
    repeated = session.exec(select(CaseLink.other_case_id).where(CaseLink.case_id == case_id,
                                                                 CaseLink.kind == "repeat_of")).all()
    case_ids = [case_id, *(other_id for other_id in repeated if dispute_of_case(session, other_id) is None)]
    for linked in dict.fromkeys(case_ids):
        _link(session, dispute, linked, by=by)
    _add_parties(session, dispute, case_ids, by=by)
    return dispute


def open_for_person(session: Session, person_id: uuid.UUID, case_ids: list[uuid.UUID], *, plan: str = "",
                    by: Actor, now: datetime, zone: ZoneInfo) -> Dispute:
    """A new dispute behind a repeat reporter (from the repeat list): the person is its first party, the
    chosen cases of theirs are linked in (their other parties join too), the officer opening it owns it."""
    person = session.get(Person, person_id)
    if person is None:
        raise DeskError("person.gone")
    case_ids = list(dict.fromkeys(case_ids))
    if not case_ids:
        raise DeskError("dispute.choose_cases")
    if len(plan) > TEXT_MAX:
        raise DeskError("dispute.too_long", most=TEXT_MAX)
    cases = session.exec(select(Case).where(Case.id.in_(case_ids)).order_by(Case.received_at)).all()
    if len(cases) != len(case_ids):
        raise DeskError("case.gone")
    for case in cases:
        other = dispute_of_case(session, case.id)
        if other is not None:
            raise DeskError("dispute.case_already", case_no=case.case_no, ref=other.ref)
    latest = cases[-1]
    dispute = save(session, Dispute(
        ref=_reference(session, site=by.site, now=now, zone=zone), title=latest.summary[:200], kind=latest.category,
        place=latest.place, plan=plan.strip(), owner_id=by.officer_id, owned_at=now, opened_at=now,
        next_step_due=now + timedelta(days=FIRST_STEP_DAYS)), by=by, action="open_dispute")
    save(session, DisputeParty(dispute_id=dispute.id, person_id=person.id), by=by)
    for case in cases:
        _link(session, dispute, case.id, by=by)
    _add_parties(session, dispute, [case.id for case in cases], by=by)
    return dispute


def link_case(session: Session, dispute_id: uuid.UUID, case_id: uuid.UUID, *, by: Actor) -> Dispute:
    """Another case of the same quarrel into the dispute (its parties join the dispute's)."""
    dispute = _dispute(session, dispute_id)
    _open(dispute)
    case = session.get(Case, case_id)
    if case is None:
        raise DeskError("case.gone")
    other = dispute_of_case(session, case_id)
    if other is not None:
        raise DeskError("dispute.case_already", case_no=case.case_no, ref=other.ref)
    _link(session, dispute, case_id, by=by)
    _add_parties(session, dispute, [case_id], by=by)
    return dispute


@dataclass(frozen=True)
class StepInput:
    kind: str  # visit | call | mediation
    outcome: str
    took_part: str = ""
    on_site: bool = False
    #: When the next step falls due (None: leave it as it was).
    next_due: datetime | None = None


def record_step(session: Session, dispute_id: uuid.UUID, typed: StepInput, *, by: Actor,
                now: datetime) -> DisputeStep:
    """A visit, call or mediation session and what came of it; a mediation moves an open dispute to mediating."""
    dispute = _dispute(session, dispute_id)
    _open(dispute)
    if typed.kind not in STEP_KINDS:
        raise DeskError("dispute.step_kind_unknown", kind=typed.kind)
    if not typed.outcome.strip():
        raise DeskError("form.required", field=Phrase("dispute.field.outcome"))
    if len(typed.outcome) > TEXT_MAX or len(typed.took_part) > TOOK_PART_MAX:
        raise DeskError("dispute.too_long", most=TEXT_MAX)
    if typed.next_due is not None and typed.next_due <= now:
        raise DeskError("dispute.due_past")
    step = save(session, DisputeStep(dispute_id=dispute.id, at=now, by=by.officer_id, kind=typed.kind,
                                     took_part=typed.took_part.strip(), outcome=typed.outcome.strip(),
                                     on_site=typed.on_site), by=by, action="dispute_step")
    if typed.kind == "mediation" and dispute.state == "open":
        dispute.state = "mediating"
    if typed.next_due is not None:
        dispute.next_step_due = typed.next_due
    save(session, dispute, by=by)
    return step


def move(session: Session, dispute_id: uuid.UUID, to: str, *, reason: str = "", on_site: bool = False,
         version: int | None = None, by: Actor, now: datetime,
         referral_handoff_id: uuid.UUID | None = None) -> Dispute:
    """Move the dispute on: mediating, resolved (on site or not), referred (only with the hand-off it went
    through: `referral.refer`) or closed unresolved (a supervisor, with the reason)."""
    dispute = _dispute(session, dispute_id, version)
    if to not in STATES:
        raise DeskError("dispute.state_unknown", state=to)
    if to not in MOVES.get(dispute.state, ()):
        raise DeskError("dispute.move_refused", ref=dispute.ref, state=Phrase(f"dispute.state.{dispute.state}"),
                        to=Phrase(f"dispute.state.{to}"))
    if to == "closed_unresolved":
        require(by, "close_dispute_unresolved")
    if to == "referred" and referral_handoff_id is None:
        raise DeskError("dispute.refer_needs_body")
    reason = reason.strip()
    if to == "closed_unresolved" and not reason:
        raise DeskError("dispute.reason_needed", to=Phrase(f"dispute.state.{to}"))
    if len(reason) > TEXT_MAX:
        raise DeskError("dispute.too_long", most=TEXT_MAX)
    dispute.state = to
    dispute.state_reason = reason
    if to == "referred":
        dispute.referral_handoff_id = referral_handoff_id
    if to in FINAL_STATES:
        dispute.closed_at = now
        dispute.next_step_due = None
    if to == "resolved":
        dispute.resolved_at = now
        dispute.resolved_on_site = on_site
    action = "dispute_unresolved" if to == "closed_unresolved" else f"dispute_{to}"  # audit actions: 24 at most
    return save(session, dispute, by=by, action=action, reason=reason)


def assign(session: Session, dispute_id: uuid.UUID, *, owner_id: uuid.UUID | None, leader_id: uuid.UUID | None,
           version: int | None = None, by: Actor, now: datetime) -> Dispute:
    """Give the dispute its owner officer and responsible leader (a supervisor's work)."""
    require(by, "assign_dispute")
    dispute = _dispute(session, dispute_id, version)
    _open(dispute)
    for officer_id in (owner_id, leader_id):
        if officer_id is not None:
            officer = session.get(Officer, officer_id)
            if officer is None or not officer.active:
                raise DeskError("dispute.officer_unknown")
    if owner_id is not None and owner_id != dispute.owner_id:
        dispute.owner_id = owner_id
        dispute.owned_at = dispute.owned_at or now
    if leader_id is not None:
        dispute.leader_id = leader_id
    return save(session, dispute, by=by, action="assign_dispute")
