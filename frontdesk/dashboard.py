"""The day at a glance: the figures the desk screen shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Case, CaseLink, Handoff, PatrolShift, ShiftMember
from frontdesk.timefmt import day_bounds, local_day
from frontdesk.vocab import HANDOFF_OPEN, OPEN_STATUSES


@dataclass(frozen=True)
class Today:
    cases_today: int
    open_cases: int
    handoffs_due_today: int
    handoffs_overdue: int
    repeats_today: int
    shifts_tonight: int
    volunteers_checked_in: int
    volunteers_expected: int


def today_figures(session: Session, *, now: datetime, zone: ZoneInfo) -> Today:
    """Counts for the desk: each one indexed, so they stay cheap on a big database."""
    start, end = day_bounds(local_day(now, zone), zone)
    live = Case.voided_at.is_(None)

    def count(statement) -> int:
        return int(session.exec(statement).one())

    cases_today = count(select(func.count()).where(Case.received_at >= start, Case.received_at < end, live))
    open_cases = count(select(func.count()).where(Case.status.in_(OPEN_STATUSES), live))
    due_today = count(
        select(func.count()).where(
            Handoff.status.in_(HANDOFF_OPEN), Handoff.due_at >= now, Handoff.due_at < end
        )
    )
    overdue = count(select(func.count()).where(Handoff.status.in_(HANDOFF_OPEN), Handoff.due_at < now))
    repeats_today = count(
        select(func.count())
        .select_from(CaseLink)
        .join(Case, Case.id == CaseLink.case_id)
        .where(CaseLink.kind == "repeat_of", Case.received_at >= start, Case.received_at < end)
    )
    tonight = select(PatrolShift.id).where(PatrolShift.shift_date == start.date())
    shifts_tonight = count(select(func.count()).select_from(tonight.subquery()))
    expected = count(select(func.count()).where(ShiftMember.shift_id.in_(tonight)))
    checked_in = count(
        select(func.count()).where(ShiftMember.shift_id.in_(tonight), ShiftMember.checked_in_at.is_not(None))
    )
    return Today(
        cases_today=cases_today,
        open_cases=open_cases,
        handoffs_due_today=due_today,
        handoffs_overdue=overdue,
        repeats_today=repeats_today,
        shifts_tonight=shifts_tonight,
        volunteers_checked_in=checked_in,
        volunteers_expected=expected,
    )
