"""A small, fixed patrol station for flow and snapshot tests: two teams, an earlier
evening, a shift left open, and tonight's shift under way at the frozen clock (20:30)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from frontdesk.desk import Desk
from frontdesk.patrols.roster import TeamInput, VolunteerInput
from frontdesk.patrols.shifts import ShiftInput
from frontdesk.callers.people import PersonInput

ZONE = ZoneInfo("Asia/Shanghai")

RED = (("张建国", "13812345678"), ("李秀英", "13912345678"), ("王芳", "13712345678"), ("陈静", "13512345678"),
       ("刘洋", "13312345678"))
BUSINESS = (("赵强", "13612345678"), ("孙丽", "15012345678"))


@dataclass(frozen=True)
class Station:
    red: uuid.UUID
    business: uuid.UUID
    tonight: uuid.UUID | None


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZONE).astimezone(timezone.utc)


def desk_at(desk: Desk, text: str) -> Desk:
    """The same database seen by a desk whose clock says `text` (local)."""
    moment = at(text)
    return Desk(settings=desk.settings, engine=desk.engine, on_duty=desk.on_duty, url=desk.url, clock=lambda: moment)


def seed_roster(desk: Desk) -> tuple[uuid.UUID, uuid.UUID]:
    patrols = desk.patrols
    red = patrols.add_team(TeamInput(name="红袖标巡逻队", area="城关镇人民路", meeting_point="人民广场东门"))
    business = patrols.add_team(TeamInput(name="商圈义警队", area="步行街", meeting_point="百货大楼"))
    for team, people in ((red, RED), (business, BUSINESS)):
        for name, phone in people:
            patrols.add_volunteer(VolunteerInput(PersonInput(name=name, phone=phone), team, trained_on="2026-03-01"))
    return red, business


def _member(desk: Desk, shift_id: uuid.UUID, name: str):
    return next(m for m in desk.patrols.shift(shift_id).members if m.name == name)


def _evening(desk: Desk, team: uuid.UUID, day: str, stints: dict[str, tuple[str, str]], counts: dict[str, int],
             *, end: bool = True) -> uuid.UUID:
    """A shift of `day`, its volunteers' times as typed, its counts; ended unless told."""
    planning = desk_at(desk, f"{day} 17:00")
    shift_id = planning.patrols.start_shift(ShiftInput(team_id=team, day=day, escort_id=desk.on_duty.officer_id))
    after = desk_at(desk, f"{day} 23:00")
    for name, (came, left) in stints.items():
        after.patrols.set_times(_member(desk, shift_id, name).member_id, check_in=came, check_out=left)
    after.patrols.record_counts(shift_id, counts={code: (0, n) for code, n in counts.items()}, observations=None)
    if end:
        after.patrols.end_shift(shift_id)
    return shift_id


def seed_patrols(desk: Desk, *, tonight: bool = True) -> Station:
    """Teams and volunteers; an evening on the 15th; the business team's shift of the 20th
    left open (the desk closes and flags it); tonight's red-armband shift under way."""
    red, business = seed_roster(desk)
    _evening(desk, red, "2026-11-15", {"张建国": ("18:30", "21:00"), "李秀英": ("18:30", "20:45")},
             {"leaflets": 120, "shops_visited": 14})
    _evening(desk, business, "2026-11-20", {"赵强": ("18:35", "")}, {"questions_answered": 9}, end=False)
    shift_id = None
    if tonight:
        shift_id = _evening(desk, red, "2026-11-22", {}, {}, end=False)
        now = desk_at(desk, "2026-11-22 20:30")
        for name, came, left in (("张建国", "18:25", ""), ("李秀英", "18:32", ""), ("王芳", "18:40", "20:10")):
            now.patrols.set_times(_member(desk, shift_id, name).member_id, check_in=came, check_out=left)
        now.patrols.set_no_show(_member(desk, shift_id, "陈静").member_id, no_show=True)
        now.patrols.record_counts(shift_id, counts={"leaflets": (0, 40), "shops_visited": (0, 6)},
                                  observations=("", "人民路12号商铺卷帘门未锁\n公园门口有人兜售保健品"))
    return Station(red, business, shift_id)
