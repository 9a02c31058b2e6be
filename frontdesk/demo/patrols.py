"""Volunteer teams and their evening patrols, up to and including tonight's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from db.models import PatrolShift, ShiftMember, Team, Volunteer
from frontdesk.demo.context import Build
from frontdesk.demo.people import ROADS
from frontdesk.demo.texts import OBSERVATIONS, TEAMS

SHIFT_START = (18, 30)
SHIFT_END = (21, 0)


@dataclass(frozen=True)
class Shift:
    """A patrol's window, so cases raised on patrol can point at it."""

    id: uuid.UUID
    start: datetime
    end: datetime


@dataclass(frozen=True)
class _Team:
    id: uuid.UUID
    area: str
    volunteers: tuple[uuid.UUID, ...]


def add_patrols(b: Build, days: list[date]) -> dict[date, list[Shift]]:
    """Queue 3–4 teams and a shift every evening of `days` for one or two of them."""
    rng = b.rng
    founded = b.local(days[0]) - timedelta(days=400)
    teams = []
    for name, meeting_point in TEAMS[: rng.choice((3, 4))]:
        township = rng.choice(b.places.townships)
        people = [
            b.add_person(registered=founded, min_age=30, max_age=74, id_share=0.95).id
            for _ in range(rng.randint(20, 60))
        ]
        team_id = b.writer.add(
            Team, updated_at=founded, updated_by=b.officer(), name=name, leader_id=people[0],
            area=township, meeting_point=township + meeting_point,
        )
        volunteers = []
        for person_id in people:
            active = rng.random() > 0.05
            volunteer_id = b.writer.add(
                Volunteer, updated_at=founded, updated_by=b.officer(), person_id=person_id, team_id=team_id,
                trained_on=founded.date() + timedelta(days=rng.randint(0, 300)), active=active,
            )
            if active:
                volunteers.append(volunteer_id)
        teams.append(_Team(team_id, township, tuple(volunteers)))

    shifts: dict[date, list[Shift]] = {}
    for day in days:
        tonight = rng.sample(teams, 2 if rng.random() < 0.35 else 1)
        shifts[day] = [_add_shift(b, team, day) for team in tonight]
    return shifts


def _add_shift(b: Build, team: _Team, day: date) -> Shift:
    """One evening's shift, as far as it has got by `now` (tonight's may not have begun)."""
    rng, now = b.rng, b.now
    planned_start, planned_end = b.local(day, *SHIFT_START), b.local(day, *SHIFT_END)
    actual_start = b.later(planned_start, -5, 10)
    actual_end = b.later(planned_end, -10, 15)
    started, ended = actual_start <= now, actual_end <= now
    if ended:
        elapsed = 1.0
    elif started:
        elapsed = (now - actual_start) / (actual_end - actual_start)
    else:
        elapsed = 0.0
    counters = {
        key: round(rng.randint(low, high) * elapsed)
        for key, low, high in (("leaflets", 50, 300), ("shops_visited", 5, 40), ("residents_visited", 10, 80),
                               ("questions_answered", 5, 40), ("anti_fraud_talks", 2, 20))
    }
    officer = b.officer()
    shift_id = b.writer.add(
        PatrolShift, updated_at=actual_end if ended else min(now, planned_start), updated_by=officer,
        team_id=team.id, shift_date=day, planned_start=planned_start, planned_end=planned_end,
        actual_start=actual_start if started else None, actual_end=actual_end if ended else None,
        area=f"{team.area}{rng.choice(ROADS)}沿线", escort_officer_id=officer, counters=counters,
        observations=rng.choice(OBSERVATIONS) if ended and rng.random() < 0.35 else "",
    )
    for volunteer_id in rng.sample(team.volunteers, min(len(team.volunteers), rng.randint(8, 20))):
        checked_in = b.later(actual_start, -20, 10)
        # Whether someone failed to come is only known once the shift is over.
        no_show = ended and rng.random() < 0.08
        checked_in_at = checked_in if checked_in <= now and not no_show else None
        checked_out_at = b.later(actual_end, -15, 5) if ended and checked_in_at else None
        b.writer.add(
            ShiftMember, updated_at=checked_out_at or checked_in_at or min(now, planned_start),
            updated_by=officer,
            shift_id=shift_id, volunteer_id=volunteer_id, checked_in_at=checked_in_at,
            checked_out_at=checked_out_at, no_show=no_show,
        )
    return Shift(shift_id, planned_start, planned_end)
