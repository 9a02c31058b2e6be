"""Hand-offs of non-police matters: passing a case on, the body's progress, the call-back.

A hand-off is not "pass it on and forget": it moves pending → sent → accepted →
done (or comes back `returned`, which puts the case back on the desk), and the
case closes only when the citizen has been called back and reached. Every step
goes through `records.save`, so it is timed, attributed and kept in the log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from db.models import Case, Category, FollowUp, Handoff, NonPoliceMatter, ReceivingBody
from frontdesk.callers.people import FieldErrors
from frontdesk.handoffs.case_view import reached_follow_up_exists
from frontdesk.handoffs.lists import local_name
from frontdesk.i18n import DeskError, Phrase
from frontdesk.records import Actor, save
from frontdesk.vocab import HANDOFF_METHODS, HANDOFF_OPEN, SATISFACTION

#: Forward steps of a hand-off; `returned` is a way out, not a step.
STEPS = ("pending", "sent", "accepted", "done")
REF_MAX = 40
NOTE_MAX = 2000
RESULT_MAX = 2000


@dataclass(frozen=True)
class Proposal:
    """What the hand-off form starts with for a case: the likely matter, its body, the due time."""

    case_no: str
    summary: str
    category: str
    matter: str | None
    body: str | None
    due_at: datetime | None
    open_handoff: bool


def propose(session: Session, case_id: uuid.UUID, *, now: datetime) -> Proposal:
    """The non-police matter the case's category suggests, its usual body and when it falls due: the
    category's own default matter if the station named one, else a matter recorded under the category."""
    case = session.get(Case, case_id)
    if case is None:
        raise DeskError("case.gone")
    named = session.exec(select(Category.default_matter).where(Category.code == case.category)).first()
    candidates = session.exec(
        select(NonPoliceMatter, ReceivingBody)
        .join(ReceivingBody, ReceivingBody.id == NonPoliceMatter.default_body_id, isouter=True)
        .where(NonPoliceMatter.active,
               (NonPoliceMatter.category == case.category) | (NonPoliceMatter.code == (named or "")))
        .order_by(NonPoliceMatter.code)
    ).all()
    # The category's default matter first; else one named like the category ("noise" under "noise").
    candidates = sorted(candidates, key=lambda pair: (pair[0].code != named, pair[0].code != case.category))
    matter, body = candidates[0] if candidates else (None, None)
    open_handoff = session.exec(
        select(Handoff.id).where(Handoff.case_id == case_id, Handoff.status.in_(HANDOFF_OPEN))
    ).first() is not None
    return Proposal(
        case_no=case.case_no, summary=case.summary, category=case.category,
        matter=matter.code if matter else None, body=body.code if body else None,
        due_at=now + timedelta(hours=body.default_due_hours) if body else None, open_handoff=open_handoff,
    )


@dataclass(frozen=True)
class HandoffInput:
    body: str  # body code
    matter: str  # non-police matter code
    method: str
    our_ref: str = ""
    their_ref: str = ""
    due_at: datetime | None = None  # None: the body's usual time from now
    note: str = ""


def _live_case(session: Session, case_id: uuid.UUID) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise DeskError("case.gone")
    if case.voided_at is not None:
        raise DeskError("case.voided", case_no=case.case_no)
    return case


def hand_off(session: Session, case_id: uuid.UUID, typed: HandoffInput, *, by: Actor, now: datetime) -> Handoff:
    """Pass a case to a receiving body; the case becomes handed-off until the call-back."""
    errors: dict[str, DeskError] = {}
    body = session.exec(select(ReceivingBody).where(ReceivingBody.code == typed.body, ReceivingBody.active)).first()
    if body is None:
        errors["body"] = DeskError("form.required", field=Phrase("field.body"))
    matter = session.exec(
        select(NonPoliceMatter).where(NonPoliceMatter.code == typed.matter, NonPoliceMatter.active)
    ).first()
    if matter is None:
        errors["matter"] = DeskError("form.required", field=Phrase("field.matter"))
    if typed.method not in HANDOFF_METHODS:
        errors["method"] = DeskError("form.required", field=Phrase("field.method"))
    for name, value in (("our_ref", typed.our_ref), ("their_ref", typed.their_ref)):
        if len(value.strip()) > REF_MAX:
            errors[name] = DeskError("form.too_long", field=Phrase(f"field.{name}"), most=REF_MAX)
    if len(typed.note) > NOTE_MAX:
        errors["note"] = DeskError("form.too_long", field=Phrase("field.note"), most=NOTE_MAX)
    if typed.due_at is not None and typed.due_at <= now:
        errors["due_at"] = DeskError("handoff.due_in_past")
    if errors:
        raise FieldErrors(errors)
    case = _live_case(session, case_id)
    if case.status == "closed":
        raise DeskError("handoff.case_closed", case_no=case.case_no)
    current = session.exec(
        select(Handoff, ReceivingBody)
        .join(ReceivingBody, ReceivingBody.id == Handoff.body_id)
        .where(Handoff.case_id == case_id, Handoff.status.in_(HANDOFF_OPEN))
    ).first()
    if current is not None:
        raise DeskError("handoff.already_open", case_no=case.case_no,
                        body=local_name(current[1].name_zh, current[1].name_en))
    waiting = session.exec(
        select(Handoff.id).where(Handoff.case_id == case_id, Handoff.status == "done",
                                 ~reached_follow_up_exists())
    ).first()
    if waiting is not None:
        raise DeskError("handoff.awaiting_call_back", case_no=case.case_no)
    handoff = save(
        session,
        Handoff(
            case_id=case.id, body_id=body.id, matter=matter.code, method=typed.method,
            our_ref=typed.our_ref.strip() or case.case_no, their_ref=typed.their_ref.strip(),
            handed_at=now, handed_by=by.officer_id,
            due_at=typed.due_at or now + timedelta(hours=body.default_due_hours),
            status="pending", notes=typed.note.strip(),
        ),
        by=by, action="hand_off",
    )
    case.status = "handed_off"
    save(session, case, by=by, action="hand_off")
    return handoff


def handoff_with_case(session: Session, handoff_id: uuid.UUID, version: int | None) -> tuple[Handoff, Case]:
    """A hand-off and its case, refused if gone or (given a version) changed meanwhile."""
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise DeskError("handoff.gone")
    case = session.get(Case, handoff.case_id)
    if version is not None and handoff.version != version:
        raise DeskError("handoff.changed_meanwhile", case_no=case.case_no)
    return handoff, case


def advance(
    session: Session, handoff_id: uuid.UUID, to: str, *, by: Actor, now: datetime,
    their_ref: str | None = None, version: int | None = None,
) -> Handoff:
    """Move a hand-off forward (a step may be skipped: a three-way call is sent and accepted at once)."""
    if to not in STEPS[1:]:
        raise ValueError(to)
    handoff, case = handoff_with_case(session, handoff_id, version)
    if handoff.status not in HANDOFF_OPEN:
        raise DeskError("handoff.finished", case_no=case.case_no, status=Phrase(f"handoff.status.{handoff.status}"))
    if STEPS.index(to) <= STEPS.index(handoff.status):
        raise DeskError("handoff.not_forward", status=Phrase(f"handoff.status.{handoff.status}"),
                        to=Phrase(f"handoff.status.{to}"))
    if their_ref is not None:
        if len(their_ref.strip()) > REF_MAX:
            raise FieldErrors({"their_ref": DeskError("form.too_long", field=Phrase("field.their_ref"), most=REF_MAX)})
        handoff.their_ref = their_ref.strip() or handoff.their_ref
    handoff.status = to
    if to == "done":
        handoff.done_at = now
    return save(session, handoff, by=by, action=f"handoff_{to}")


def return_handoff(
    session: Session, handoff_id: uuid.UUID, *, reason: str, by: Actor, now: datetime, version: int | None = None
) -> Handoff:
    """The body sent the matter back: keep its reason and put the case back on the desk."""
    if not reason.strip():
        raise FieldErrors({"reason": DeskError("form.required", field=Phrase("field.reason"))})
    handoff, case = handoff_with_case(session, handoff_id, version)
    if handoff.status not in HANDOFF_OPEN:
        raise DeskError("handoff.finished", case_no=case.case_no, status=Phrase(f"handoff.status.{handoff.status}"))
    handoff.status, handoff.returned_reason = "returned", reason.strip()
    save(session, handoff, by=by, action="handoff_returned", reason=reason.strip())
    if case.status == "handed_off":
        case.status = "in_progress"
        save(session, case, by=by, action="handoff_returned", reason=reason.strip())
    return handoff


@dataclass(frozen=True)
class FollowUpInput:
    reached: bool
    result: str = ""
    satisfaction: str | None = None
    backflow: bool = False


def record_follow_up(
    session: Session, handoff_id: uuid.UUID, typed: FollowUpInput, *, by: Actor, now: datetime
) -> FollowUp:
    """A call-back to the citizen. Reached, it closes the hand-off and the case; not reached, try again later."""
    errors: dict[str, DeskError] = {}
    if typed.reached:
        if not typed.result.strip():
            errors["result"] = DeskError("form.required", field=Phrase("field.result"))
        if typed.satisfaction not in SATISFACTION:
            errors["satisfaction"] = DeskError("form.required", field=Phrase("field.satisfaction"))
    if len(typed.result) > RESULT_MAX:
        errors["result"] = DeskError("form.too_long", field=Phrase("field.result"), most=RESULT_MAX)
    if errors:
        raise FieldErrors(errors)
    handoff, case = handoff_with_case(session, handoff_id, None)
    if handoff.status != "done":
        raise DeskError("handoff.not_done_yet", case_no=case.case_no, status=Phrase(f"handoff.status.{handoff.status}"))
    if closing_follow_up(session, handoff.id) is not None:
        raise DeskError("handoff.already_followed_up", case_no=case.case_no)
    follow_up = save(
        session,
        FollowUp(case_id=case.id, handoff_id=handoff.id, at=now, by=by.officer_id, reached=typed.reached,
                 result=typed.result.strip(), satisfaction=typed.satisfaction if typed.reached else None,
                 backflow=typed.backflow),
        by=by, action="follow_up",
    )
    still_open = session.exec(
        select(Handoff.id).where(Handoff.case_id == case.id, Handoff.id != handoff.id,
                                 Handoff.status.in_(HANDOFF_OPEN))
    ).first()
    if typed.reached and still_open is None and case.status != "closed" and case.voided_at is None:
        case.status, case.disposition, case.closed_at = "closed", "handed_off", now
        case.closing_note = typed.result.strip()
        save(session, case, by=by, action="close")
    return follow_up


def closing_follow_up(session: Session, handoff_id: uuid.UUID) -> uuid.UUID | None:
    """The call-back that reached the citizen and closed this hand-off, if there is one."""
    return session.exec(
        select(FollowUp.id).where(FollowUp.handoff_id == handoff_id, FollowUp.reached).limit(1)
    ).first()
