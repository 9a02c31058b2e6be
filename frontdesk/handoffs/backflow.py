"""Backflow (回流): a matter handed off that comes back to the desk from the same caller, flagged on
the new case and linked to the hand-off it came back after."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from db.models import Case, CaseLink, Handoff, ReceivingBody
from frontdesk.cases.views import reported_by
from frontdesk.handoffs.lists import local_name
from frontdesk.records import Actor, save


@dataclass(frozen=True)
class Backflow:
    earlier_case_id: uuid.UUID
    earlier_case_no: str
    handoff_id: uuid.UUID
    body: str  # in the officer's language
    handed_at: datetime


def detect_backflow(
    session: Session, case: Case, *, person_id: uuid.UUID, phone: str | None, window_days: int, by: Actor
) -> Backflow | None:
    """Flag `case` as backflow if its reporter (or phone) had a matter of the same category
    handed off within `window_days` before it; link it to that hand-off and return what was found.

    A hand-off the body returned is not backflow: the matter came back to the desk, not to the caller.
    """
    theirs = reported_by(person_id, phone)
    found = session.exec(
        select(Handoff, Case, ReceivingBody)
        .join(Case, Case.id == Handoff.case_id)
        .join(ReceivingBody, ReceivingBody.id == Handoff.body_id)
        .where(
            Handoff.case_id.in_(theirs),
            Handoff.case_id != case.id,
            Handoff.status != "returned",
            # Received times are typed to the minute: a report in the minute of the hand-off came after it.
            Handoff.handed_at < case.received_at + timedelta(minutes=1),
            Handoff.handed_at >= case.received_at - timedelta(days=window_days),
            Case.category == case.category,
            Case.voided_at.is_(None),
        )
        .order_by(Handoff.handed_at.desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    handoff, earlier, body = found
    save(session, CaseLink(case_id=case.id, other_case_id=earlier.id, kind="backflow", handoff_id=handoff.id),
         by=by, action="backflow")
    return Backflow(earlier_case_id=earlier.id, earlier_case_no=earlier.case_no, handoff_id=handoff.id,
                    body=local_name(body.name_zh, body.name_en), handed_at=handoff.handed_at)
