"""Taking back a check-in or check-out made on the wrong line: the latest entry only, while the shift is open,
audited, in the change log, and carried to the other desks like any change."""

from __future__ import annotations

import pytest
from sqlmodel import select

from db.engine import read_session
from db.models import AuditEvent, ChangeLog, ShiftMember
from frontdesk.i18n import DeskError, set_language
from frontdesk.patrols.roster import TeamInput, VolunteerInput
from frontdesk.patrols.totals import hours
from frontdesk.callers.people import PersonInput
from frontdesk.records import to_json
from tests.synchelpers import carry, open_outpost, open_station
from tests.unit.test_patrols import NIGHT, clock, desk, local, member, roster, start  # noqa: F401 (fixtures)


def _messages(error: DeskError) -> tuple[str, str]:
    set_language("en")
    english = error.message
    set_language("zh")
    chinese = error.message
    set_language("en")
    return english, chinese


def take_back(desk, shift_id, name):
    seen = member(desk, shift_id, name)
    return desk.patrols.take_back(seen.member_id, version=seen.version)


def test_a_check_in_on_the_wrong_line_is_taken_back_audited_and_logged(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    clock.at("2026-11-22 18:31")
    wang = member(desk, shift_id, "王芳")
    desk.patrols.toggle_presence(wang.member_id)  # meant for the next line
    clock.at("2026-11-22 18:33")
    assert take_back(desk, shift_id, "王芳") == ("in", local("2026-11-22 18:31"))
    view = desk.patrols.shift(shift_id)
    assert member(desk, shift_id, "王芳").state == "expected"
    assert (view.state, view.actual_start) == ("planned", None)  # nobody came: the shift has not begun
    with read_session(desk.engine) as session:
        row = session.get(ShiftMember, wang.member_id)
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "undo_check_in")).all()
        last = session.exec(select(ChangeLog).where(ChangeLog.record_id == wang.member_id)
                            .order_by(ChangeLog.seq.desc())).first()
    assert (event.record_id, event.reason) == (wang.member_id, "王芳: check-in at 2026-11-22 18:31 taken back")
    assert (last.version, last.changed) == (row.version, {
        "checked_in_at": [to_json(local("2026-11-22 18:31")), None]})  # the time taken back stays in the log
    clock.at("2026-11-22 21:00")
    assert desk.patrols.totals(NIGHT, NIGHT).worked.total_seconds() == 0  # no minutes counted for her


def test_the_latest_entry_goes_first_a_check_out_then_the_check_in(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    clock.at("2026-11-22 18:30")
    li = member(desk, shift_id, "李秀英")
    desk.patrols.toggle_presence(li.member_id)
    clock.at("2026-11-22 18:32")
    desk.patrols.toggle_presence(li.member_id)  # Space again: checked out two minutes later
    assert take_back(desk, shift_id, "李秀英") == ("out", local("2026-11-22 18:32"))
    assert member(desk, shift_id, "李秀英").state == "in"  # on patrol again, from 18:30
    assert take_back(desk, shift_id, "李秀英") == ("in", local("2026-11-22 18:30"))
    assert member(desk, shift_id, "李秀英").state == "expected"
    with read_session(desk.engine) as session:
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.record_id == li.member_id)
                               .order_by(AuditEvent.seq)).all()
    assert actions[-4:] == ["check_in", "check_out", "undo_check_out", "undo_check_in"]


def test_the_shift_begins_with_the_earliest_check_in_still_standing(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    for at, name in (("18:25", "张建国"), ("18:40", "李秀英")):
        clock.at(f"2026-11-22 {at}")
        desk.patrols.toggle_presence(member(desk, shift_id, name).member_id)
    take_back(desk, shift_id, "张建国")
    assert desk.patrols.shift(shift_id).actual_start == local("2026-11-22 18:40")


def test_nothing_to_take_back_is_said_in_both_languages(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    with pytest.raises(DeskError) as refused:
        take_back(desk, shift_id, "陈静")
    assert _messages(refused.value) == ("陈静 has no check-in or check-out to take back", "陈静没有可撤销的签到或签退")


def test_an_ended_shift_is_corrected_with_times_not_taken_back(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    clock.at("2026-11-22 18:30")
    desk.patrols.toggle_presence(member(desk, shift_id, "张建国").member_id)
    clock.at("2026-11-22 21:05")
    desk.patrols.end_shift(shift_id)
    with pytest.raises(DeskError) as refused:
        take_back(desk, shift_id, "张建国")
    assert _messages(refused.value) == (
        "This shift ended at 2026-11-22 21:05: a check-in or check-out is taken back only while the shift is open; "
        "correct the times with t",
        "本班次已于 2026-11-22 21:05 结束，只有班次未结束时才能撤销签到或签退；如需更正时间请按 t")
    zhang = member(desk, shift_id, "张建国")
    assert (zhang.state, hours(zhang.worked)) == ("out", pytest.approx(2.58, abs=0.01))  # nothing changed


def test_an_entry_changed_at_another_desk_since_it_was_shown_is_not_taken_back(desk, roster, clock):
    teams, _ = roster
    shift_id = start(desk, teams["red"])
    clock.at("2026-11-22 18:30")
    wang = member(desk, shift_id, "王芳")
    desk.patrols.toggle_presence(wang.member_id)
    shown = member(desk, shift_id, "王芳")  # the question names her check-in at 18:30 …
    clock.at("2026-11-22 18:45")
    desk.patrols.toggle_presence(wang.member_id)  # … while another desk checks her out
    with pytest.raises(DeskError) as refused:
        desk.patrols.take_back(shown.member_id, version=shown.version)
    assert _messages(refused.value) == (
        "王芳's check-in or check-out changed at another desk meanwhile: nothing was taken back; look at the list again",
        "王芳的签到或签退已在其他终端被修改，未撤销任何内容，请重新查看名单")
    assert member(desk, shift_id, "王芳").state == "out"


def test_a_volunteer_on_another_shift_since_is_not_put_back_on_patrol_here(desk, roster, clock):
    teams, _ = roster
    zhang = desk.patrols.find_volunteers("13812345678")[0].person
    desk.patrols.add_volunteer(VolunteerInput(PersonInput(person_id=zhang.person_id), teams["biz"]))
    red, biz = start(desk, teams["red"]), start(desk, teams["biz"], begin="19:00", end="22:00")
    clock.at("2026-11-22 18:40")
    desk.patrols.toggle_presence(member(desk, red, "张建国").member_id)
    clock.at("2026-11-22 19:00")
    desk.patrols.toggle_presence(member(desk, red, "张建国").member_id)
    clock.at("2026-11-22 19:05")
    desk.patrols.toggle_presence(member(desk, biz, "张建国").member_id)
    clock.at("2026-11-22 19:20")  # the red shift's officer sees the check-out and thinks it a slip
    with pytest.raises(DeskError) as refused:
        take_back(desk, red, "张建国")
    assert "still checked in on 商圈义警队's shift" in refused.value.message
    assert member(desk, red, "张建国").state == "out"


def test_a_taken_back_check_in_travels_to_the_station_in_the_bundle(db_url, tmp_path, sqlite_template):
    station = open_station(tmp_path / "LS", url=db_url)
    try:
        team = station.patrols.add_team(TeamInput(name="红袖标巡逻队", area="城关镇人民路"))
        station.patrols.add_volunteer(VolunteerInput(PersonInput(name="王芳", phone="13712345678"), team))
        outpost = open_outpost(station, "LS-02", tmp_path / "LS-02", template=sqlite_template)
        try:
            shift_id = start(outpost, team, begin="18:30", end="21:00")
            wang = member(outpost, shift_id, "王芳")
            outpost.patrols.toggle_presence(wang.member_id)
            carry(outpost, station)
            assert member(station, shift_id, "王芳").state == "in"
            take_back(outpost, shift_id, "王芳")
            carry(outpost, station)
        finally:
            outpost.close()
        at_station = member(station, shift_id, "王芳")
        assert (at_station.state, at_station.checked_in_at) == ("expected", None)
        with read_session(station.engine) as session:
            logged = session.exec(select(ChangeLog.changed).where(ChangeLog.record_id == wang.member_id,
                                                                  ChangeLog.site == "LS-02")).all()
        assert list(logged[-1]) == ["checked_in_at"] and logged[-1]["checked_in_at"][1] is None
    finally:
        station.close()
