"""A case's hand-offs as the case screen shows them, each with its call-backs and any backflow after it;
and the SQL tests the hand-off queues and the handover share (reached by a call-back, backflow count)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func
from sqlmodel import Session, select

from db.models import Case, CaseLink, FollowUp, Handoff, NonPoliceMatter, Officer, ReceivingBody
from frontdesk.handoffs.lists import local_name
from frontdesk.vocab import HANDOFF_OPEN


@dataclass(frozen=True)
class FollowUpRow:
    at: datetime
    officer: str
    reached: bool
    result: str
    satisfaction: str | None
    backflow: bool


@dataclass(frozen=True)
class BackflowRow:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime


@dataclass(frozen=True)
class HandoffView:
    id: uuid.UUID
    version: int
    case_id: uuid.UUID
    body: str
    body_contact: str
    matter: str
    method: str
    status: str
    our_ref: str
    their_ref: str
    handed_at: datetime
    handed_by: str
    due_at: datetime | None
    done_at: datetime | None
    returned_reason: str
    notes: str
    overdue: bool
    closed: bool
    follow_ups: tuple[FollowUpRow, ...]
    backflows: tuple[BackflowRow, ...]


def handoffs_of_case(session: Session, case_id: uuid.UUID, *, now: datetime) -> list[HandoffView]:
    """Every hand-off of a case, newest first, with its call-backs and any backflow after it."""
    rows = session.exec(
        select(Handoff, ReceivingBody, NonPoliceMatter, Officer.name)
        .join(ReceivingBody, ReceivingBody.id == Handoff.body_id)
        .join(NonPoliceMatter, NonPoliceMatter.code == Handoff.matter, isouter=True)
        .join(Officer, Officer.id == Handoff.handed_by, isouter=True)
        .where(Handoff.case_id == case_id)
        .order_by(Handoff.handed_at.desc())
    ).all()
    ids = [handoff.id for handoff, *_ in rows]
    calls: dict[uuid.UUID, list[FollowUpRow]] = {}
    for follow_up, officer in session.exec(
        select(FollowUp, Officer.name)
        .join(Officer, Officer.id == FollowUp.by, isouter=True)
        .where(FollowUp.handoff_id.in_(ids))
        .order_by(FollowUp.at)
    ).all():
        calls.setdefault(follow_up.handoff_id, []).append(FollowUpRow(
            at=follow_up.at, officer=officer or "", reached=follow_up.reached, result=follow_up.result,
            satisfaction=follow_up.satisfaction, backflow=follow_up.backflow))
    later: dict[uuid.UUID, list[BackflowRow]] = {}
    for link, case in session.exec(
        select(CaseLink, Case).join(Case, Case.id == CaseLink.case_id)
        .where(CaseLink.kind == "backflow", CaseLink.handoff_id.in_(ids))
        .order_by(Case.received_at)
    ).all():
        later.setdefault(link.handoff_id, []).append(BackflowRow(case.id, case.case_no, case.received_at))
    views = []
    for handoff, body, matter, officer in rows:
        follow_ups = tuple(calls.get(handoff.id, ()))
        views.append(HandoffView(
            id=handoff.id, version=handoff.version, case_id=handoff.case_id,
            body=local_name(body.name_zh, body.name_en), body_contact=body.contact,
            matter=local_name(matter.name_zh, matter.name_en) if matter else (handoff.matter or ""),
            method=handoff.method, status=handoff.status, our_ref=handoff.our_ref, their_ref=handoff.their_ref,
            handed_at=handoff.handed_at, handed_by=officer or "", due_at=handoff.due_at, done_at=handoff.done_at,
            returned_reason=handoff.returned_reason, notes=handoff.notes,
            overdue=handoff.status in HANDOFF_OPEN and handoff.due_at is not None and handoff.due_at < now,
            closed=any(f.reached for f in follow_ups),
            follow_ups=follow_ups, backflows=tuple(later.get(handoff.id, ())),
        ))
    return views


def reached_follow_up_exists():
    """SQL: this hand-off has a call-back that reached the citizen."""
    return exists().where(FollowUp.handoff_id == Handoff.id, FollowUp.reached)


def backflow_count():
    """SQL: how many later cases came back after this hand-off."""
    return (
        select(func.count()).select_from(CaseLink)
        .where(CaseLink.kind == "backflow", CaseLink.handoff_id == Handoff.id)
        .scalar_subquery()
    )


def handoff_view(session: Session, handoff_id: uuid.UUID, *, now: datetime) -> HandoffView | None:
    """One hand-off as the case screen shows it (None if there is no such hand-off)."""
    case_id = session.exec(select(Handoff.case_id).where(Handoff.id == handoff_id)).first()
    if case_id is None:
        return None
    return next((view for view in handoffs_of_case(session, case_id, now=now) if view.id == handoff_id), None)
