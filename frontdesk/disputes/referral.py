"""Referring a dispute (to the mediation centre or another body) through the station's hand-off.

Disputes and hand-offs do not know each other: the desk hands the dispute area a `Referrals` seam, two
functions over the hand-off area (make a hand-off of a case, read a hand-off's state). A referral hands
on the dispute's latest live case, with a note naming the dispute, its cases and its parties; the dispute
keeps the hand-off's id and shows its state and call-back until the matter is done.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable

from sqlmodel import Session, select

from db.models import Case, DisputeCase, DisputeParty, Person
from frontdesk.i18n import DeskError, Phrase, listed, t
from frontdesk.records import Actor

NOTE_MAX = 2000


@dataclass(frozen=True)
class Referral:
    """Where the dispute goes: the receiving body and the matter (their codes), as the hand-off form asks."""

    body: str
    matter: str
    method: str = "work_order"
    our_ref: str = ""
    their_ref: str = ""
    due_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class ReferralState:
    """The referral's hand-off as the dispute shows it."""

    handoff_id: uuid.UUID
    case_id: uuid.UUID
    body: str
    status: str  # pending | sent | accepted | done | returned
    due_at: datetime | None
    done_at: datetime | None
    overdue: bool
    returned_reason: str
    #: Call-backs tried; the last one's result, and whether a call-back reached the citizen (which ends it).
    calls: int
    reached: bool
    result: str

    @property
    def finished(self) -> bool:
        return self.status == "done" and self.reached


#: Make a hand-off of a case in the caller's session; returns the hand-off's id.
HandOff = Callable[[Session, uuid.UUID, Referral, Actor, datetime], uuid.UUID]
#: A hand-off's state, read in the caller's session (None: no such hand-off here).
HandoffState = Callable[[Session, uuid.UUID, datetime], "ReferralState | None"]


@dataclass(frozen=True)
class Referrals:
    """The hand-off area's two functions, handed to the dispute desk by the desk that composes both."""

    hand_off: HandOff
    state: HandoffState


def carrying_case(session: Session, dispute_id: uuid.UUID) -> Case:
    """The case a referral hands on: the dispute's latest case that is neither voided nor closed."""
    case = session.exec(
        select(Case).join(DisputeCase, DisputeCase.case_id == Case.id)
        .where(DisputeCase.dispute_id == dispute_id, Case.voided_at.is_(None), Case.status != "closed")
        .order_by(Case.received_at.desc(), Case.case_no.desc())).first()
    if case is None:
        raise DeskError("dispute.refer_no_case")
    return case


def referral_note(session: Session, dispute, typed_note: str) -> str:
    """What the body reads with the hand-off: the dispute, its cases and parties, then the officer's note."""
    case_nos = session.exec(select(Case.case_no).join(DisputeCase, DisputeCase.case_id == Case.id)
                            .where(DisputeCase.dispute_id == dispute.id).order_by(Case.received_at)).all()
    names = session.exec(select(Person.name).join(DisputeParty, DisputeParty.person_id == Person.id)
                         .where(DisputeParty.dispute_id == dispute.id).order_by(DisputeParty.updated_at)).all()
    lines = [t("dispute.refer.note", ref=dispute.ref, title=dispute.title),
             t("dispute.refer.note_cases", cases=listed(list(case_nos)) or "—"),
             t("dispute.refer.note_parties", parties=listed(list(names)) or "—")]
    if typed_note.strip():
        lines.append(typed_note.strip())
    return "\n".join(lines)[:NOTE_MAX]


def checked(typed: Referral) -> Referral:
    if len(typed.note) > NOTE_MAX:
        raise DeskError("dispute.too_long", most=NOTE_MAX)
    if not typed.body or not typed.matter:
        raise DeskError("form.required", field=Phrase("field.body" if not typed.body else "field.matter"))
    return typed


def refer(session: Session, dispute_id: uuid.UUID, typed: Referral, *, referrals: Referrals, version: int | None,
          by: Actor, now: datetime):
    """Refer an open dispute: a hand-off of its latest live case to the body, in the same transaction as
    the dispute's move to `referred` (a refused hand-off leaves the dispute as it was)."""
    from frontdesk.disputes import lifecycle

    dispute = lifecycle.dispute_for_change(session, dispute_id, version)
    checked(typed)
    case = carrying_case(session, dispute.id)
    handoff_id = referrals.hand_off(session, case.id, replace(typed, note=referral_note(session, dispute, typed.note)),
                                    by, now)
    return lifecycle.move(session, dispute.id, "referred", reason=typed.note, by=by, now=now,
                          referral_handoff_id=handoff_id)
