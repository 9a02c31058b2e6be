"""Volunteer patrols through the service layer, on both backends: roster, shifts, hours, counters."""

from __future__ import annotations

import csv
import uuid
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from db.engine import read_session
from db.models import AuditEvent, Case, ChangeLog, PatrolShift, ShiftMember
from frontdesk.desk import Desk
from frontdesk.patrols.desk import Tonight
from frontdesk.i18n import DeskError, set_language
from frontdesk.patrols.roster import TeamInput, VolunteerInput
from frontdesk.patrols.times import clock_time
from frontdesk.patrols.totals import hours, month_view, parse_period
from frontdesk.patrols.shifts import ShiftInput
from frontdesk.callers.people import FieldErrors, PersonInput
from tests.conftest import FROZEN_NOW

ZONE = ZoneInfo("Asia/Shanghai")
NIGHT = date(2026, 11, 22)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def at(self, text: str) -> datetime:
        """Set the clock to a local `YYYY-MM-DD HH:MM`."""
        self.now = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZONE).astimezone(timezone.utc)
        return self.now


def local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZONE)


@pytest.fixture
def clock():
    return Clock(FROZEN_NOW)


@pytest.fixture
def desk(engine, settings, on_duty, db_url, clock):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=clock)


VOLUNTEERS = (("张建国", "13812345678", "red"), ("李秀英", "13912345678", "red"), ("王芳", "13712345678", "red"),
              ("陈静", "13512345678", "red"), ("赵强", "13612345678", "biz"))


@pytest.fixture
def roster(desk):
    """Two teams: the red armbands (four volunteers) and the business-district team (one)."""
    teams = {
        "red": desk.patrols.add_team(TeamInput(name="红袖标巡逻队", area="城关镇人民路", meeting_point="人民广场东门")),
        "biz": desk.patrols.add_team(TeamInput(name="商圈义警队", area="步行街")),
    }
    people = {}
    for name, phone, team in VOLUNTEERS:
        volunteer_id = desk.patrols.add_volunteer(
            VolunteerInput(PersonInput(name=name, phone=phone), teams[team], trained_on="2026-03-01"))
        people[name] = volunteer_id
    return teams, people


def start(desk, team_id, *, day="2026-11-22", begin="18:30", end="21:00") -> uuid.UUID:
    return desk.patrols.start_shift(ShiftInput(team_id=team_id, day=day, start=begin, end=end,
                                               escort_id=desk.on_duty.officer_id))


def member(desk, shift_id, name):
    return next(m for m in desk.patrols.shift(shift_id).members if m.name == name)


def month_hours(desk, day=NIGHT) -> timedelta:
    totals = desk.patrols.totals(day.replace(day=1), day.replace(day=30))
    return totals.worked


# ---- the roster --------------------------------------------------------------------------------

def test_teams_and_volunteers_are_added_found_and_deactivated(desk, roster):
    teams, people = roster
    [biz, red] = sorted(desk.patrols.teams(), key=lambda t: t.name)
    assert (red.name, red.volunteers, red.meeting_point) == ("红袖标巡逻队", 4, "人民广场东门")
    on_team = desk.patrols.team_volunteers(teams["red"], include_inactive=False)
    assert [v.name for v in on_team] == ["陈静", "李秀英", "王芳", "张建国"]  # pinyin order
    assert on_team[0].phone == "135****5678" and on_team[0].trained_on == date(2026, 3, 1)
    for typed in ("张建国", "zhangjianguo", "zjg", "13812345678", "5678"):
        hits = desk.patrols.find_volunteers(typed)
        assert [v.team for v in hits[0].volunteers] == ["红袖标巡逻队"], typed
    wang = next(v for v in on_team if v.name == "王芳")
    desk.patrols.set_volunteer_active(wang.volunteer_id, active=False, version=wang.version)
    assert "王芳" not in [v.name for v in desk.patrols.team_volunteers(teams["red"], include_inactive=False)]
    shift = start(desk, teams["red"])
    assert sorted(m.name for m in desk.patrols.shift(shift).members) == sorted(["张建国", "李秀英", "陈静"])


def test_a_known_person_joins_a_second_team_and_the_leader_is_set(desk, roster):
    teams, people = roster
    zhang = desk.patrols.find_volunteers("13812345678")[0].person
    desk.patrols.add_volunteer(VolunteerInput(PersonInput(person_id=zhang.person_id), teams["biz"]))
    assert sorted(v.team for v in desk.patrols.volunteers_of(zhang.person_id)) == ["商圈义警队", "红袖标巡逻队"]
    red = next(t for t in desk.patrols.teams() if t.team_id == teams["red"])
    desk.patrols.edit_team(teams["red"], TeamInput(name=red.name, area=red.area, meeting_point="北门",
                                                   leader_id=zhang.person_id), version=red.version)
    red = next(t for t in desk.patrols.teams() if t.team_id == teams["red"])
    assert (red.leader, red.meeting_point) == ("张建国", "北门")
    with pytest.raises(FieldErrors) as refused:
        desk.patrols.add_volunteer(VolunteerInput(PersonInput(person_id=zhang.person_id), teams["biz"]))
    assert "already" in refused.value.errors["team"].message


def test_roster_input_errors_are_named_in_the_officers_language(desk, roster):
    teams, _ = roster
    with pytest.raises(FieldErrors) as refused:
        desk.patrols.add_team(TeamInput(name="红袖标巡逻队"))
    assert set(refused.value.errors) == {"name"}
    with pytest.raises(FieldErrors) as refused:
        desk.patrols.add_volunteer(VolunteerInput(PersonInput(name="孙悦"), teams["red"], trained_on="2026-13-01"))
    assert set(refused.value.errors) == {"volunteer.phone", "trained_on"}
    with pytest.raises(FieldErrors) as refused:
        desk.patrols.add_volunteer(VolunteerInput(PersonInput(name="孙悦", phone="12345"), None,
                                                  trained_on="2027-01-01"))
    assert set(refused.value.errors) == {"volunteer.phone", "trained_on", "team"}
    set_language("zh")
    assert "培训" in refused.value.errors["trained_on"].message
    assert "必填" in refused.value.errors["team"].message


def test_a_deactivated_team_gets_no_new_shift(desk, roster):
    teams, _ = roster
    biz = next(t for t in desk.patrols.teams() if t.team_id == teams["biz"])
    desk.patrols.set_team_active(teams["biz"], active=False, version=biz.version)
    with pytest.raises(FieldErrors) as refused:
        start(desk, teams["biz"])
    assert "not active" in refused.value.errors["team"].message


# ---- starting a shift ---------------------------------------------------------------------------

def test_a_shift_is_planned_with_its_window_and_the_teams_active_checklist(desk, roster):
    teams, _ = roster
    shift = desk.patrols.shift(start(desk, teams["red"], begin="22:00", end="02:00"))
    assert shift.planned_start == local("2026-11-22 22:00") and shift.planned_end == local("2026-11-23 02:00")
    assert (shift.state, shift.area, shift.team) == ("planned", "城关镇人民路", "红袖标巡逻队")
    assert [c.code for c in shift.counters] == [
        "leaflets", "shops_visited", "residents_visited", "questions_answered", "anti_fraud_talks"]
    assert len(shift.members) == 4 and all(m.state == "expected" for m in shift.members)


def test_bad_shift_input_is_refused_field_by_field(desk, roster):
    teams, _ = roster
    with pytest.raises(FieldErrors) as refused:
        desk.patrols.start_shift(ShiftInput(team_id=teams["red"], day="22/11", start="25:00", end="half past"))
    assert set(refused.value.errors) == {"day", "start", "end"}
    with pytest.raises(FieldErrors) as refused:
        start(desk, teams["red"], day="2026-11-20")  # long over: it would be closed at once
    assert "2026-11-20" in refused.value.errors["day"].message
    start(desk, teams["red"])
    with pytest.raises(FieldErrors) as refused:
        start(desk, teams["red"], begin="20:00", end="22:00")
    assert "already has a shift" in refused.value.errors["start"].message
    start(desk, teams["biz"], begin="20:00", end="22:00")  # another team may patrol at the same time
    with pytest.raises(DeskError):
        clock_time("7.30")


# ---- checking in and out; hours -----------------------------------------------------------------

def test_hours_across_midnight_count_on_the_evening_the_shift_began(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"], begin="21:00", end="01:00")
    zhang = member(desk, shift_id, "张建国")
    clock.at("2026-11-23 02:10")
    desk.patrols.set_times(zhang.member_id, check_in="22:00", check_out="01:30")  # 01:30 is the next morning
    zhang = member(desk, shift_id, "张建国")
    assert zhang.checked_in_at == local("2026-11-22 22:00") and zhang.checked_out_at == local("2026-11-23 01:30")
    assert hours(zhang.worked) == 3.5
    night = desk.patrols.totals(NIGHT, NIGHT)
    assert hours(night.worked) == 3.5 and [(v.name, hours(v.worked)) for v in night.volunteers] == [("张建国", 3.5)]
    assert desk.patrols.totals(NIGHT + timedelta(days=1), NIGHT + timedelta(days=1)).worked == timedelta(0)


def test_check_in_and_out_by_key_use_the_clock_and_start_the_shift(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    li = member(desk, shift_id, "李秀英")
    clock.at("2026-11-22 18:25")
    assert desk.patrols.toggle_presence(li.member_id) == "in"
    view = desk.patrols.shift(shift_id)
    assert (view.state, view.actual_start) == ("on_patrol", local("2026-11-22 18:25"))
    clock.at("2026-11-22 21:10")
    assert desk.patrols.toggle_presence(li.member_id) == "out"
    assert hours(member(desk, shift_id, "李秀英").worked) == pytest.approx(2.75)
    with pytest.raises(DeskError) as refused:
        desk.patrols.toggle_presence(li.member_id)
    assert "already checked out" in refused.value.message


def test_a_missing_check_out_counts_nothing_until_the_shift_is_closed_next_morning(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    zhang, li = member(desk, shift_id, "张建国"), member(desk, shift_id, "李秀英")
    clock.at("2026-11-22 18:30")
    desk.patrols.toggle_presence(zhang.member_id)
    desk.patrols.toggle_presence(li.member_id)
    clock.at("2026-11-22 20:30")
    desk.patrols.toggle_presence(li.member_id)  # 李 leaves at 20:30; 张 forgets to check out
    night = desk.patrols.totals(NIGHT, NIGHT)
    assert {v.name: (hours(v.worked), v.still_out) for v in night.volunteers} == {"张建国": (0, 1), "李秀英": (2.0, 0)}
    clock.at("2026-11-23 05:59")
    assert desk.patrols.close_stale() == 0  # not yet morning
    assert [s.team for s in desk.patrols.tonight().shifts] == ["红袖标巡逻队"]  # still out after midnight
    clock.at("2026-11-23 06:00")
    assert desk.patrols.close_stale() == 1
    assert desk.patrols.tonight() == Tonight(shifts=(), to_review=1)  # the desk says a shift waits for review
    view = desk.patrols.shift(shift_id)
    assert view.needs_review and view.actual_end == local("2026-11-22 21:00")
    assert member(desk, shift_id, "张建国").checked_out_at == local("2026-11-22 21:00")
    assert hours(desk.patrols.totals(NIGHT, NIGHT).worked) == 4.5
    assert desk.patrols.close_stale() == 0  # closed once
    with read_session(desk.engine) as session:
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.action.like("auto_%"))).all()
        logged = session.exec(select(ChangeLog.table_name).where(ChangeLog.record_id == shift_id)).all()
    assert sorted(actions) == ["auto_check_out", "auto_close"]
    assert logged[-1] == "patrolshift"
    desk.patrols.mark_reviewed(shift_id)
    assert not desk.patrols.shift(shift_id).needs_review


def test_a_volunteer_on_two_overlapping_shifts_is_refused_with_a_clear_message(desk, roster, clock):
    teams, _ = roster
    zhang = desk.patrols.find_volunteers("13812345678")[0].person
    desk.patrols.add_volunteer(VolunteerInput(PersonInput(person_id=zhang.person_id), teams["biz"]))
    red, biz = start(desk, teams["red"]), start(desk, teams["biz"], begin="19:00", end="22:00")
    clock.at("2026-11-22 18:40")
    desk.patrols.toggle_presence(member(desk, red, "张建国").member_id)
    clock.at("2026-11-22 19:05")
    with pytest.raises(DeskError) as refused:
        desk.patrols.toggle_presence(member(desk, biz, "张建国").member_id)
    assert refused.value.message == (
        "张建国 is still checked in on 红袖标巡逻队's shift of 2026-11-22 (since 2026-11-22 18:40): "
        "check them out there first"
    )
    set_language("zh")
    assert "红袖标巡逻队" in refused.value.message and "签退" in refused.value.message
    set_language("en")
    clock.at("2026-11-22 19:30")
    desk.patrols.toggle_presence(member(desk, red, "张建国").member_id)  # out of the red shift at 19:30
    with pytest.raises(FieldErrors):  # and cannot have been on the business district's from 19:10
        desk.patrols.set_times(member(desk, biz, "张建国").member_id, check_in="19:10", check_out="")
    desk.patrols.set_times(member(desk, biz, "张建国").member_id, check_in="19:30", check_out="")
    assert member(desk, biz, "张建国").state == "in"


def test_times_that_cannot_be_are_refused(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    wang = member(desk, shift_id, "王芳")
    cases = {
        ("20:00", "19:00"): ("check_out", "before the check-in"),
        ("20:00", "20:45"): ("check_out", "has not happened yet"),  # the clock says 20:30
        ("12:00", ""): ("check_in", "has not happened yet"),  # 12:00 means tomorrow noon
        ("15:00", ""): ("check_in", "outside the shift"),  # before check-ins open at 15:30
        ("", "20:00"): ("check_in", "required"),
        ("8 pm", ""): ("check_in", "not a time"),
        ("25:10", ""): ("check_in", "there is no hour 25"),  # read as every time at the desk is read
        ("19:00", "2026-11-31 20:00"): ("check_out", "2026-11 has no day 31"),
    }
    for (came, left), (field, words) in cases.items():
        with pytest.raises(FieldErrors) as refused:
            desk.patrols.set_times(wang.member_id, check_in=came, check_out=left)
        assert words in refused.value.errors[field].message, (came, left)
    assert member(desk, shift_id, "王芳").state == "expected"  # nothing half-done
    desk.patrols.set_times(wang.member_id, check_in="2026-11-22 18:35", check_out="")
    assert member(desk, shift_id, "王芳").checked_in_at == local("2026-11-22 18:35")
    desk.patrols.set_times(wang.member_id, check_in="", check_out="")
    assert member(desk, shift_id, "王芳").state == "expected"


def test_no_shows_walk_ups_and_unknown_volunteers(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    chen = member(desk, shift_id, "陈静")
    desk.patrols.set_no_show(chen.member_id, no_show=True)
    assert member(desk, shift_id, "陈静").state == "no_show"
    zhao = desk.patrols.find_volunteers("赵强")[0].person
    desk.patrols.walk_up(shift_id, zhao.person_id)
    walk_up = member(desk, shift_id, "赵强")
    assert (walk_up.walk_up, walk_up.team, walk_up.state, walk_up.checked_in_at) == (True, "商圈义警队", "in", FROZEN_NOW)
    assert desk.patrols.shift(shift_id).members[-1].name == "赵强"  # walk-ups after the team
    with pytest.raises(DeskError) as refused:
        desk.patrols.walk_up(shift_id, zhao.person_id)
    assert "already" in refused.value.message
    with pytest.raises(DeskError) as refused:
        desk.patrols.set_no_show(walk_up.member_id, no_show=True)
    assert "checked in" in refused.value.message
    caller = desk.cases.record_case(_walk_in(), now=FROZEN_NOW).reporter_id
    with pytest.raises(DeskError) as refused:
        desk.patrols.walk_up(shift_id, caller)
    assert refused.value.message == "孙悦 is not a registered volunteer: add them to a team in the roster first"
    desk.patrols.toggle_presence(chen.member_id)  # came late after all: the no-show is lifted
    assert member(desk, shift_id, "陈静").state == "in"


def _walk_in():
    from frontdesk.cases.recording import CaseDraft

    return CaseDraft(reporter=PersonInput(name="孙悦", phone="13312345678"), category="help", summary="问路")


def test_ending_a_shift_checks_out_whoever_is_still_out(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    clock.at("2026-11-22 18:30")
    for name in ("张建国", "李秀英"):
        desk.patrols.toggle_presence(member(desk, shift_id, name).member_id)
    clock.at("2026-11-22 21:05")
    assert desk.patrols.end_shift(shift_id) == 2
    view = desk.patrols.shift(shift_id)
    assert (view.state, view.actual_end, hours(view.worked)) == ("ended", clock.now, pytest.approx(5.17, abs=0.01))
    with pytest.raises(DeskError) as refused:
        desk.patrols.toggle_presence(member(desk, shift_id, "王芳").member_id)
    assert "ended" in refused.value.message


# ---- what the shift did ------------------------------------------------------------------------

def test_counters_cannot_go_negative_and_two_desks_add_up(desk, roster):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    desk.patrols.record_counts(shift_id, counts={"leaflets": (0, 40)}, observations=("", "商户反映夜间有人撬锁"))
    view = desk.patrols.shift(shift_id)
    assert (view.counters[0].value, view.observations) == (40, "商户反映夜间有人撬锁")
    desk.patrols.record_counts(shift_id, counts={"leaflets": (0, 30)}, observations=None)  # the other desk saw 0
    assert desk.patrols.shift(shift_id).counters[0].value == 70
    for counts, words in (({"leaflets": (70, -1)}, "cannot be less than 0"),
                          ({"leaflets": (100, 0)}, "cannot be less than 0"),  # 70 - 100 would be -30
                          ({"shops_visited": (0, 100_000)}, "at most"),
                          ({"bicycles": (0, 1)}, "no counter")):
        with pytest.raises(DeskError) as refused:
            desk.patrols.record_counts(shift_id, counts=counts, observations=None)
        assert words in refused.value.message, counts
    assert desk.patrols.shift(shift_id).counters[0].value == 70
    with pytest.raises(DeskError) as refused:
        desk.patrols.record_counts(shift_id, counts={}, observations=("", "另一台的文字"))
    assert "changed the observations" in refused.value.message


def test_a_case_raised_on_the_shift_is_a_patrol_case_linked_to_it(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    zhang = member(desk, shift_id, "张建国")
    clock.at("2026-11-22 18:40")
    desk.patrols.toggle_presence(zhang.member_id)
    clock.now = FROZEN_NOW
    draft = desk.patrols.case_draft(shift_id, summary="商户反映  夜间有人撬锁", reporter_member=zhang.member_id)
    assert (draft.channel, draft.place, draft.received_at, draft.patrol_shift_id) == (
        "patrol", "城关镇人民路", FROZEN_NOW, shift_id)
    assert draft.reporter.person_id == zhang.person_id and draft.summary == "商户反映 夜间有人撬锁"
    from dataclasses import replace

    recorded = desk.cases.record_case(replace(draft, category="tip"), now=FROZEN_NOW)
    with read_session(desk.engine) as session:
        case = session.get(Case, recorded.case_id)
    assert (case.channel, case.patrol_shift_id, case.place) == ("patrol", shift_id, "城关镇人民路")
    assert [c.case_no for c in desk.patrols.shift(shift_id).cases] == [recorded.case_no]
    assert desk.patrols.totals(NIGHT, NIGHT).cases == 1
    nobody = desk.patrols.case_draft(shift_id, summary="", reporter_member=member(desk, shift_id, "王芳").member_id)
    assert nobody.reporter.person_id is None  # not out on patrol: the officer types who reported it


# ---- totals and export ---------------------------------------------------------------------------

def _evening(desk, clock, teams, day: str, names: tuple[str, ...], leaflets: int) -> uuid.UUID:
    clock.at(f"{day} 18:00")
    shift_id = start(desk, teams["red"], day=day)
    for name in names:
        desk.patrols.toggle_presence(member(desk, shift_id, name).member_id)
    desk.patrols.record_counts(shift_id, counts={"leaflets": (0, leaflets)}, observations=None)
    clock.at(f"{day} 21:00")
    for name in names:
        desk.patrols.toggle_presence(member(desk, shift_id, name).member_id)
    desk.patrols.end_shift(shift_id)
    return shift_id


def test_totals_per_volunteer_team_and_period_and_the_month_view(desk, roster, clock):
    teams, _ = roster
    _evening(desk, clock, teams, "2026-11-02", ("张建国", "李秀英"), 100)
    _evening(desk, clock, teams, "2026-11-09", ("张建国",), 50)
    _evening(desk, clock, teams, "2026-10-31", ("李秀英",), 10)
    clock.now = FROZEN_NOW
    month = desk.patrols.totals(*parse_period("2026-11-01", "2026-11-30"))
    assert [(v.name, hours(v.worked), v.shifts) for v in month.volunteers] == [("张建国", 6.0, 2), ("李秀英", 3.0, 1)]
    red = next(t for t in month.teams if t.team == "红袖标巡逻队")
    assert (red.shifts, red.volunteers, hours(red.worked)) == (2, 2, 9.0)
    assert {c.code: c.value for c in month.counters}["leaflets"] == 150
    week = desk.patrols.totals(*parse_period("2026-11-02", "2026-11-08"))
    assert hours(week.worked) == 6.0
    grid = month_view(month.shifts, 2026, 11)
    [row] = grid.teams
    assert (grid.days, row.per_day[1], row.per_day[8], sum(row.per_day), hours(row.worked)) == (30, 1, 1, 2, 9.0)
    with pytest.raises(FieldErrors) as refused:
        parse_period("2026-11-30", "2026-11-01")
    assert set(refused.value.errors) == {"until"}


def test_export_writes_csv_excel_reads_and_an_xlsx_with_the_same_figures(desk, roster, clock, settings):
    from openpyxl import load_workbook

    teams, _ = roster
    _evening(desk, clock, teams, "2026-11-02", ("张建国", "李秀英"), 100)
    clock.now = FROZEN_NOW
    set_language("zh")
    written = desk.patrols.export(date(2026, 11, 1), date(2026, 11, 30))
    names = sorted(path.name for path in written)
    assert names == ["patrols-20261101-20261130-counters.csv", "patrols-20261101-20261130-shifts.csv",
                     "patrols-20261101-20261130-teams.csv", "patrols-20261101-20261130-volunteers.csv",
                     "patrols-20261101-20261130.xlsx"]
    assert all(path.parent == settings.data_dir / "exports" for path in written)
    volunteers = next(p for p in written if p.name.endswith("volunteers.csv"))
    assert volunteers.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    with volunteers.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:4] == ["姓名", "队伍", "出勤班次", "时长（小时）"]
    assert sorted(rows[1:]) == [["张建国", "红袖标巡逻队", "1", "3.0", "0", "0"],
                                ["李秀英", "红袖标巡逻队", "1", "3.0", "0", "0"]]
    book = load_workbook(next(p for p in written if p.suffix == ".xlsx"))
    assert book.sheetnames == ["志愿者", "队伍", "工作量", "班次"]
    counters = book["工作量"]
    assert counters["A1"].value == "统计期间：2026-11-01 至 2026-11-30"
    assert [counters["A3"].value, counters["B3"].value] == ["发放宣传单", 100]
    shifts = book["班次"]
    assert [c.value for c in shifts[3]][:3] == ["2026-11-02", "红袖标巡逻队", "18:30–21:00"]
    with read_session(desk.engine) as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert event.reason.startswith("巡逻统计 2026-11-01 至 2026-11-30：文件 patrols-20261101-20261130-volunteers.csv、")


def test_the_desk_sees_tonights_shift_who_came_and_who_has_not(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    clock.at("2026-11-22 18:30")
    desk.patrols.toggle_presence(member(desk, shift_id, "张建国").member_id)
    desk.patrols.set_no_show(member(desk, shift_id, "陈静").member_id, no_show=True)
    clock.now = FROZEN_NOW
    [tonight] = desk.patrols.tonight().shifts
    assert (tonight.team, tonight.state, tonight.on_patrol, tonight.not_yet, tonight.no_shows) == (
        "红袖标巡逻队", "on_patrol", ("张建国",), ("李秀英", "王芳"), 1)
    figures = desk.dashboard.today(FROZEN_NOW)
    assert (figures.shifts_tonight, figures.volunteers_checked_in, figures.volunteers_expected) == (1, 1, 4)


def test_every_change_goes_through_the_change_log(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    desk.patrols.toggle_presence(member(desk, shift_id, "张建国").member_id)
    with read_session(desk.engine) as session:
        members = session.exec(select(ShiftMember).where(ShiftMember.shift_id == shift_id)).all()
        shift = session.get(PatrolShift, shift_id)
        logged = {(row.record_id, row.version) for row in session.exec(select(ChangeLog)).all()}
    assert all((row.id, row.version) in logged for row in [*members, shift])


# ---- the demo keeps the same rules ----------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory):
    from frontdesk.station.config import Settings
    from frontdesk.demo import build_demo
    from frontdesk.station.opening import open_station

    path = tmp_path_factory.mktemp("patrol-demo")
    engine, on_duty = open_station(Settings(data_dir=path), f"sqlite:///{path / 'demo.sqlite'}")
    build_demo(engine, on_duty, cases=300, now=FROZEN_NOW)
    yield engine
    engine.dispose()


def test_the_demo_patrols_keep_the_desks_rules(demo_engine):
    from db.models import PatrolCounter, Volunteer
    from frontdesk.patrols.shifts import has_stale_shifts

    with read_session(demo_engine) as session:
        codes = set(session.exec(select(PatrolCounter.code)).all())
        shifts = session.exec(select(PatrolShift)).all()
        stints = session.exec(
            select(Volunteer.person_id, ShiftMember.checked_in_at, ShiftMember.checked_out_at, ShiftMember.no_show)
            .join(Volunteer, Volunteer.id == ShiftMember.volunteer_id)
        ).all()
        assert not has_stale_shifts(session, now=FROZEN_NOW, zone=ZONE)  # nothing left open overnight
    assert shifts and all(set(s.counters) <= codes and min(s.counters.values()) >= 0 for s in shifts)
    assert all(s.planned_start < s.planned_end for s in shifts)
    by_person: dict = {}
    for person_id, came, left, no_show in stints:
        assert not (no_show and came), "a no-show never checked in"
        if came is not None:
            assert left is None or left > came
            by_person.setdefault(person_id, []).append((came, left or FROZEN_NOW))
    for spans in by_person.values():
        spans.sort()
        assert all(earlier[1] <= later[0] for earlier, later in zip(spans, spans[1:], strict=False)), "one place at a time"


def test_every_patrol_text_the_screens_name_is_in_the_catalogue():
    """Binding labels and keys built from codes escape the catalogue test's scan: check them here."""
    import re
    from pathlib import Path

    from frontdesk.i18n import catalogue

    root = Path(__file__).resolve().parents[2]
    sources = [*root.glob("screens/patrols/*.py"), *root.glob("frontdesk/patrols/*.py")]
    named = {key for path in sources for key in re.findall(r"""["'](patrol\.[a-z_.]+[a-z_])["']""", path.read_text())}
    built = {f"patrol.state.{state}" for state in ("planned", "on_patrol", "ended", "expected", "in", "out", "no_show")}
    built |= {"patrol.done.in", "patrol.done.out"} | {f"patrol.sheet.{s}" for s in ("volunteers", "teams", "counters",
                                                                                     "shifts")}
    assert len(named) > 100
    assert sorted((named | built) - set(catalogue())) == []


def test_a_team_named_with_a_lone_surrogate_is_checked_and_saved_as_its_clean_name(desk):
    """Called without the screen's box (which drops such characters as they come in): the name check asked the
    database with the raw text, and the driver failed on the surrogate (UnicodeEncodeError)."""
    team = desk.patrols.add_team(TeamInput(name="东关\ud800巡逻队", area="东关村"))
    assert [t.name for t in desk.patrols.teams() if t.team_id == team] == ["东关巡逻队"]
