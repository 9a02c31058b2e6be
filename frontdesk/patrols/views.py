"""What the patrol screens show: one shift in full, lists of shifts, tonight's shifts.

Every function returns plain dataclasses; screens never see a model or a session.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import Session, select

from db.models import (
    Case,
    Officer,
    PatrolCounter,
    PatrolShift,
    Person,
    ShiftMember,
    Team,
    Volunteer,
)
from frontdesk.i18n import DeskError, language
from frontdesk.patrols.roster import first_phones
from frontdesk.patrols.times import MORNING_AFTER, closing_moment
from frontdesk.timefmt import local_day
from frontdesk.validation import mask_phone

# ---- what the screens get ------------------------------------------------------

@dataclass(frozen=True)
class MemberView:
    member_id: uuid.UUID
    version: int
    volunteer_id: uuid.UUID
    person_id: uuid.UUID
    name: str
    team: str
    walk_up: bool  # from another team than the shift's
    phone: str  # masked
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    no_show: bool

    @property
    def state(self) -> str:
        """expected · in · out · no_show"""
        if self.no_show:
            return "no_show"
        if self.checked_in_at is None:
            return "expected"
        return "in" if self.checked_out_at is None else "out"

    @property
    def worked(self) -> timedelta:
        """Time between check-in and check-out; nothing while still out on patrol."""
        if self.checked_in_at is None or self.checked_out_at is None:
            return timedelta(0)
        return self.checked_out_at - self.checked_in_at


@dataclass(frozen=True)
class CounterView:
    code: str
    name: str  # in the officer's language
    value: int


@dataclass(frozen=True)
class ShiftCase:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime
    summary: str
    status: str


@dataclass(frozen=True)
class ShiftView:
    shift_id: uuid.UUID
    version: int
    team_id: uuid.UUID
    team: str
    shift_date: date
    planned_start: datetime
    planned_end: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    area: str
    escort_id: uuid.UUID | None
    escort: str
    counters: tuple[CounterView, ...]
    observations: str
    needs_review: bool
    members: tuple[MemberView, ...]
    cases: tuple[ShiftCase, ...]

    @property
    def state(self) -> str:
        """planned · on_patrol · ended"""
        if self.actual_end is not None:
            return "ended"
        return "planned" if self.actual_start is None else "on_patrol"

    @property
    def worked(self) -> timedelta:
        return sum((m.worked for m in self.members), timedelta(0))


@dataclass(frozen=True)
class ShiftRow:
    """One shift in a list."""

    shift_id: uuid.UUID
    shift_date: date
    team: str
    planned_start: datetime
    planned_end: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    area: str
    checked_in: int
    listed: int
    no_shows: int
    worked: timedelta
    cases: int
    needs_review: bool
    counters: tuple[tuple[str, int], ...] = ()

    @property
    def state(self) -> str:
        if self.actual_end is not None:
            return "ended"
        return "planned" if self.actual_start is None else "on_patrol"


@dataclass(frozen=True)
class TonightShift:
    """Tonight's shift as the desk shows it: who is out, who has left, who has not come."""

    shift_id: uuid.UUID
    team: str
    planned_start: datetime
    planned_end: datetime
    area: str
    state: str
    needs_review: bool
    on_patrol: tuple[str, ...]
    left: tuple[str, ...]
    not_yet: tuple[str, ...]
    no_shows: int

@dataclass(frozen=True)
class OfficerChoice:
    officer_id: uuid.UUID
    name: str
    badge_no: str

# ---- reading ---------------------------------------------------------------------

def counter_names(session: Session) -> list[tuple[str, str]]:
    """(code, name in the officer's language) of the active counters, in the station's order."""
    zh = language() == "zh"
    rows = session.exec(select(PatrolCounter).where(PatrolCounter.active).order_by(PatrolCounter.sort)).all()
    return [(row.code, row.name_zh if zh else row.name_en) for row in rows]


def _counters(session: Session, values: dict) -> tuple[CounterView, ...]:
    names = counter_names(session)
    shown = [CounterView(code, name, int(values.get(code, 0))) for code, name in names]
    known = {code for code, _ in names}
    retired = sorted(code for code in values if code not in known)
    if retired:  # a counter the station has since retired still shows what was counted
        zh = language() == "zh"
        rows = {row.code: row for row in session.exec(
            select(PatrolCounter).where(PatrolCounter.code.in_(retired))).all()}
        shown += [CounterView(code, (rows[code].name_zh if zh else rows[code].name_en) if code in rows else code,
                              int(values[code])) for code in retired]
    return tuple(shown)


def _members(session: Session, shift: PatrolShift) -> tuple[MemberView, ...]:
    rows = session.exec(
        select(ShiftMember, Volunteer, Person, Team.name)
        .join(Volunteer, Volunteer.id == ShiftMember.volunteer_id)
        .join(Person, Person.id == Volunteer.person_id)
        .join(Team, Team.id == Volunteer.team_id)
        .where(ShiftMember.shift_id == shift.id)
    ).all()
    phones = first_phones(session, [person.id for _m, _v, person, _t in rows])
    members = [
        (volunteer.team_id != shift.team_id, person.name_pinyin, person.name,
         MemberView(m.id, m.version, volunteer.id, person.id, person.name, team, volunteer.team_id != shift.team_id,
                    mask_phone(phones[person.id]) if person.id in phones else "", m.checked_in_at,
                    m.checked_out_at, m.no_show))
        for m, volunteer, person, team in rows
    ]
    # The team in pinyin order, walk-ups after: the list keeps its order as people check in.
    return tuple(view for *_key, view in sorted(members, key=lambda row: row[:3]))


def get_shift(session: Session, shift_id: uuid.UUID) -> PatrolShift:
    shift = session.get(PatrolShift, shift_id)
    if shift is None:
        raise DeskError("patrol.shift_gone")
    return shift


def shift_view(session: Session, shift_id: uuid.UUID) -> ShiftView:
    """One shift in full: its checklist, counters, observations and the cases raised on it."""
    shift = get_shift(session, shift_id)
    team = session.get(Team, shift.team_id)
    escort = session.get(Officer, shift.escort_officer_id) if shift.escort_officer_id else None
    cases = session.exec(
        select(Case).where(Case.patrol_shift_id == shift.id, Case.voided_at.is_(None)).order_by(Case.received_at)
    ).all()
    return ShiftView(
        shift_id=shift.id, version=shift.version, team_id=shift.team_id, team=team.name if team else "",
        shift_date=shift.shift_date, planned_start=shift.planned_start, planned_end=shift.planned_end,
        actual_start=shift.actual_start, actual_end=shift.actual_end, area=shift.area,
        escort_id=shift.escort_officer_id, escort=escort.name if escort else "",
        counters=_counters(session, dict(shift.counters or {})), observations=shift.observations,
        needs_review=shift.needs_review, members=_members(session, shift),
        cases=tuple(ShiftCase(c.id, c.case_no, c.received_at, c.summary, c.status) for c in cases),
    )


def list_shifts(session: Session, *, since: date, until: date, site: str | None = None) -> list[ShiftRow]:
    """Shifts dated `since`..`until` (both included), newest first, each with its head counts;
    with `site`, only the shifts that site ran."""
    shifts = session.exec(
        select(PatrolShift, Team.name).join(Team, Team.id == PatrolShift.team_id)
        .where(PatrolShift.shift_date >= since, PatrolShift.shift_date <= until,
               *([PatrolShift.site == site] if site is not None else []))
        .order_by(PatrolShift.shift_date.desc(), PatrolShift.planned_start, Team.name)
    ).all()
    ids = [shift.id for shift, _team in shifts]
    members: dict[uuid.UUID, list] = {shift_id: [] for shift_id in ids}
    cases: dict[uuid.UUID, int] = {}
    if ids:
        for shift_id, checked_in, checked_out, no_show in session.exec(
            select(ShiftMember.shift_id, ShiftMember.checked_in_at, ShiftMember.checked_out_at, ShiftMember.no_show)
            .where(ShiftMember.shift_id.in_(ids))
        ).all():
            members[shift_id].append((checked_in, checked_out, no_show))
        for shift_id in session.exec(
            select(Case.patrol_shift_id).where(Case.patrol_shift_id.in_(ids), Case.voided_at.is_(None))
        ).all():
            cases[shift_id] = cases.get(shift_id, 0) + 1
    rows = []
    for shift, team in shifts:
        listed = members[shift.id]
        worked = sum((out - came for came, out, _ns in listed if came and out), timedelta(0))
        rows.append(ShiftRow(
            shift.id, shift.shift_date, team, shift.planned_start, shift.planned_end, shift.actual_start,
            shift.actual_end, shift.area, sum(1 for came, _o, _n in listed if came), len(listed),
            sum(1 for _c, _o, no_show in listed if no_show), worked, cases.get(shift.id, 0), shift.needs_review,
            tuple((code, int(value)) for code, value in (shift.counters or {}).items()),
        ))
    return rows


def of_tonight(now: datetime, zone: ZoneInfo):
    """Which shifts are tonight's, as a condition for a query: today's, and last night's still out after
    midnight (not ended, and not yet past the moment it is closed for: `closing_moment`). The desk's list
    and its figures both count these."""
    today = local_day(now, zone)
    still_out = (PatrolShift.shift_date == today - timedelta(days=1)) & PatrolShift.actual_end.is_(None)
    if now >= datetime.combine(today, MORNING_AFTER, tzinfo=zone):
        still_out = still_out & (PatrolShift.planned_end > now)
    return or_(PatrolShift.shift_date == today, still_out)


def tonight(session: Session, *, now: datetime, zone: ZoneInfo) -> list[TonightShift]:
    """Today's shifts, and last night's if it is still out after midnight."""
    today = local_day(now, zone)
    shifts = session.exec(
        select(PatrolShift, Team.name).join(Team, Team.id == PatrolShift.team_id)
        .where(of_tonight(now, zone)).order_by(PatrolShift.planned_start, Team.name)
    ).all()
    result = []
    for shift, team in shifts:
        if shift.shift_date != today and closing_moment(shift, zone) <= now:
            continue  # left open overnight: closed (and flagged) when the patrol screen or desk next loads
        names: dict[str, list[str]] = {"in": [], "out": [], "expected": [], "no_show": []}
        for member in _members(session, shift):
            names[member.state].append(member.name)
        state = "ended" if shift.actual_end else ("planned" if shift.actual_start is None else "on_patrol")
        result.append(TonightShift(
            shift.id, team, shift.planned_start, shift.planned_end, shift.area, state, shift.needs_review,
            tuple(names["in"]), tuple(names["out"]), tuple(names["expected"]), len(names["no_show"]),
        ))
    return result


def shifts_to_review(session: Session) -> int:
    """How many shifts are flagged for review (closed automatically, not yet looked at)."""
    return len(session.exec(select(PatrolShift.id).where(PatrolShift.needs_review)).all())


def officer_choices(session: Session) -> list[OfficerChoice]:
    rows = session.exec(select(Officer).where(Officer.active).order_by(Officer.name)).all()
    return [OfficerChoice(o.id, o.name, o.badge_no) for o in rows]


