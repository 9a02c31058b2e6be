"""Patrol shifts: start one, count what it did, end it, close one left open.

A shift's checklist is its ShiftMember rows: starting a shift puts every active
volunteer of the team on it, and a walk-up from another team is added when
they arrive (`frontdesk.patrol_presence` checks them in and out). Hours are
person-hours between check-in and check-out, never the plan. A shift nobody
ended is closed the next morning at its planned end and flagged for review,
so nothing stays open for ever.

Every function validates, writes through `records.save` and leaves the commit
to the caller's unit of work.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from db.models import Officer, PatrolCounter, PatrolShift, ShiftMember, Team, Volunteer
from frontdesk.cases.recording import CaseDraft
from frontdesk.i18n import DeskError, Phrase, language
from frontdesk.patrols.times import (
    MORNING_AFTER,
    clock_time,
    closing_moment,
    planned_window,
)
from frontdesk.patrols.views import get_shift
from frontdesk.callers.people import FieldErrors, PersonInput
from frontdesk.records import Actor, save
from frontdesk.timefmt import local_day, local_text, parse_day

SHIFT_LONGEST = timedelta(hours=16)
PLAN_AHEAD_DAYS = 31
COUNTER_MOST = 99_999  # a typing slip, not a busy evening
OBSERVATIONS_MAX = 10_000
AREA_MAX = 200
SUMMARY_MAX = 200
DEFAULT_START = "18:30"
DEFAULT_END = "21:00"


def counter_refusal(name: str, value: int) -> DeskError | None:
    """Why a patrol counter cannot stand at `value` (None: it can).

    The one rule for counters: the shift screen asks it at each key press, saving asks it again.
    """
    if value < 0:
        return DeskError("patrol.counter_negative", counter=name)
    if value > COUNTER_MOST:
        return DeskError("patrol.counter_too_big", counter=name, most=f"{COUNTER_MOST:,}")
    return None


@dataclass(frozen=True)
class ShiftInput:
    """A shift as typed in the start dialog: local date, HH:MM times (an end before
    the start is the next morning), area or route, escorting officer."""

    team_id: uuid.UUID | None
    day: str
    start: str = DEFAULT_START
    end: str = DEFAULT_END
    area: str = ""
    escort_id: uuid.UUID | None = None


def parsed_or_error(errors: dict[str, DeskError], field: str, parse, typed: str):
    """`parse(typed)`, or None with the reason kept under `field`."""
    try:
        return parse(typed)
    except DeskError as exc:
        errors[field] = exc
        return None


def start_shift(session: Session, data: ShiftInput, *, by: Actor, now: datetime, zone: ZoneInfo) -> PatrolShift:
    """Start (plan) a shift for a team; every active volunteer of the team goes on its checklist."""
    errors: dict[str, DeskError] = {}
    team = None
    if data.team_id is None:
        errors["team"] = DeskError("form.required", field=Phrase("patrol.field.team"))
    else:
        team = session.get(Team, data.team_id)
        if team is None:
            errors["team"] = DeskError("patrol.team_gone")
        elif not team.active:
            errors["team"] = DeskError("patrol.team_inactive", team=team.name)
    day = parsed_or_error(errors, "day", parse_day, data.day)
    start = parsed_or_error(errors, "start", clock_time, data.start)
    end = parsed_or_error(errors, "end", clock_time, data.end)
    area = data.area.strip() or (team.area if team else "")
    if len(area) > AREA_MAX:
        errors["area"] = DeskError("form.too_long", field=Phrase("patrol.field.area"), most=AREA_MAX)
    if data.escort_id is not None:
        escort = session.get(Officer, data.escort_id)
        if escort is None or not escort.active:
            errors["escort"] = DeskError("patrol.officer_gone")
    if day is not None and start is not None and end is not None:
        begins, ends = planned_window(day, start, end, zone)
        if ends - begins > SHIFT_LONGEST:
            errors["end"] = DeskError("patrol.shift_too_long", hours=int(SHIFT_LONGEST.total_seconds() // 3600))
        morning = datetime.combine(day + timedelta(days=1), MORNING_AFTER, tzinfo=zone)
        if max(morning, ends) <= now:
            errors["day"] = DeskError("patrol.shift_in_past", day=day.isoformat())
        elif day > local_day(now, zone) + timedelta(days=PLAN_AHEAD_DAYS):
            errors["day"] = DeskError("patrol.shift_too_far", days=PLAN_AHEAD_DAYS)
    if errors:
        raise FieldErrors(errors)
    clash = session.exec(
        select(PatrolShift).where(PatrolShift.team_id == team.id, PatrolShift.planned_start < ends,
                                  PatrolShift.planned_end > begins)
    ).first()
    if clash is not None:
        raise FieldErrors({"start": DeskError(
            "patrol.team_shift_overlaps", team=team.name, start=local_text(clash.planned_start, zone),
            end=local_text(clash.planned_end, zone)[11:])})
    shift = save(session, PatrolShift(team_id=team.id, shift_date=day, planned_start=begins, planned_end=ends,
                                      area=area, escort_officer_id=data.escort_id, counters={}), by=by)
    for volunteer_id in session.exec(
        select(Volunteer.id).where(Volunteer.team_id == team.id, Volunteer.active)
    ).all():
        save(session, ShiftMember(shift_id=shift.id, volunteer_id=volunteer_id), by=by)
    return shift

# ---- what the shift did ------------------------------------------------------------

def record_counts(
    session: Session, shift_id: uuid.UUID, *, counts: dict[str, tuple[int, int]],
    observations: tuple[str, str] | None = None, by: Actor,
) -> PatrolShift:
    """Save counters and observations as the officer changed them: each as (seen, now).

    A counter another desk changed meanwhile gets this desk's change added to
    theirs (40 leaflets here and 30 there make 70), never overwritten; an
    observation text changed on both desks is refused so neither is lost.
    """
    shift = get_shift(session, shift_id)
    if shift.counters is None:
        shift.counters = {}
    known = {row.code: row for row in session.exec(select(PatrolCounter)).all()}
    zh = language() == "zh"
    merged: dict[str, int] = {}
    for code, (seen, wanted) in counts.items():
        row = known.get(code)
        if row is None:
            raise DeskError("patrol.unknown_counter", code=code)
        name = row.name_zh if zh else row.name_en
        if not isinstance(wanted, int) or isinstance(wanted, bool):
            raise DeskError("patrol.counter_not_number", counter=name, value=str(wanted))
        current = int(shift.counters.get(code, 0))
        value = wanted if current == seen else current + (wanted - seen)
        refusal = counter_refusal(name, wanted) if wanted < 0 else counter_refusal(name, value)
        if refusal is not None:
            raise refusal
        merged[code] = value
    if observations is not None:
        seen_text, typed = observations
        if len(typed) > OBSERVATIONS_MAX:
            raise DeskError("form.too_long", field=Phrase("patrol.field.observations"), most=OBSERVATIONS_MAX)
        if shift.observations not in (seen_text, typed):
            raise DeskError("patrol.observations_changed")
        shift.observations = typed
    for code, value in merged.items():
        shift.counters[code] = value
    return save(session, shift, by=by, action="count")


def end_shift(session: Session, shift_id: uuid.UUID, *, by: Actor, now: datetime, zone: ZoneInfo) -> int:
    """End the patrol now; volunteers still out are checked out now. Returns how many were."""
    shift = get_shift(session, shift_id)
    if shift.actual_end is not None:
        raise DeskError("patrol.shift_ended", ended=local_text(shift.actual_end, zone))
    still_in = session.exec(
        select(ShiftMember).where(ShiftMember.shift_id == shift.id, ShiftMember.checked_in_at.is_not(None),
                                  ShiftMember.checked_out_at.is_(None))
    ).all()
    for member in still_in:
        member.checked_out_at = max(now, member.checked_in_at)
        save(session, member, by=by, action="check_out")
    shift.actual_end = now
    save(session, shift, by=by, action="end_shift")
    return len(still_in)


def mark_reviewed(session: Session, shift_id: uuid.UUID, *, by: Actor) -> PatrolShift:
    """An officer has looked at a shift flagged for review (times corrected if need be)."""
    shift = get_shift(session, shift_id)
    shift.needs_review = False
    return save(session, shift, by=by, action="review")


def _stale(session: Session, *, now: datetime, zone: ZoneInfo) -> list[PatrolShift]:
    candidates = session.exec(
        select(PatrolShift).where(PatrolShift.actual_end.is_(None), PatrolShift.shift_date < local_day(now, zone))
    ).all()
    return [shift for shift in candidates if closing_moment(shift, zone) <= now]


def has_stale_shifts(session: Session, *, now: datetime, zone: ZoneInfo) -> bool:
    """Is any shift still open the morning after? (Read only: the desk checks before it writes.)"""
    return bool(_stale(session, now=now, zone=zone))


def close_stale_shifts(session: Session, *, now: datetime, zone: ZoneInfo, by: Actor) -> list[uuid.UUID]:
    """Close every shift still open the morning after, at its planned end, and flag it for review.

    Volunteers still checked in are checked out at the planned end (or at their
    check-in, if they came after it: no hours are made up). Returns the shifts closed.
    """
    closed = []
    for shift in _stale(session, now=now, zone=zone):
        for member in session.exec(
            select(ShiftMember).where(ShiftMember.shift_id == shift.id, ShiftMember.checked_in_at.is_not(None),
                                      ShiftMember.checked_out_at.is_(None))
        ).all():
            member.checked_out_at = max(shift.planned_end, member.checked_in_at)
            save(session, member, by=by, action="auto_check_out")
        shift.actual_end = max(shift.planned_end, shift.actual_start or shift.planned_end)
        shift.needs_review = True
        save(session, shift, by=by, action="auto_close")
        closed.append(shift.id)
    return closed


def case_draft_from_shift(
    session: Session, shift_id: uuid.UUID, *, now: datetime, summary: str = "", reporter_member: uuid.UUID | None = None,
) -> CaseDraft:
    """A new case raised on the shift: channel patrol, the shift's area as place, now as time,
    linked to the shift; the volunteer who saw it (if on patrol) as reporter."""
    shift = get_shift(session, shift_id)
    reporter = PersonInput()
    if reporter_member is not None:
        member = session.get(ShiftMember, reporter_member)
        if member is not None and member.shift_id == shift.id and member.checked_in_at is not None:
            volunteer = session.get(Volunteer, member.volunteer_id)
            reporter = PersonInput(person_id=volunteer.person_id)
    text = " ".join(summary.split())[:SUMMARY_MAX]
    return CaseDraft(reporter=reporter, channel="patrol", received_at=now, place=shift.area, summary=text,
                     patrol_shift_id=shift.id)

