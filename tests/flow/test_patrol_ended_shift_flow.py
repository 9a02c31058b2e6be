"""An ended shift's volunteer line says those not come never came, as their lines do, not that they have "not yet"
come: the shift is over."""

from __future__ import annotations

from datetime import date

import pytest
from rich.cells import cell_len
from textual.widgets import Static

from frontdesk.i18n import t
from screens.patrols.dialogs import FindPersonScreen
from tests.apphelpers import open_desk_app, settle
from tests.flow.test_patrols_flow import Clock, _open_shift, patrol_app
from tests.patrolhelpers import seed_patrols


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_an_ended_shift_says_who_never_came_and_none_on_patrol(tmp_path, lang):
    app = patrol_app(tmp_path, Clock("2026-11-22 20:30"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        seed_patrols(desk)
        [ended] = [row for row in desk.patrols.shifts().rows
                   if row.shift_date == date(2026, 11, 15)]
        screen = await _open_shift(pilot, ended.shift_id)
        title = str(screen.query_one("#members-title", Static).render())
        expected = sum(1 for m in screen.view.members if m.state == "expected")
        assert expected and screen.view.state == "ended"
        never = t("patrol.state.never_came")
        assert f"{never} {expected}" in title or f"{expected} {never.lower()}" in title
        not_yet = t("patrol.state.expected")  # "Not yet" / 未到
        assert f"{not_yet} {expected}" not in title and f"{expected} {not_yet.lower()}" not in title
        assert t("patrol.state.in") not in title  # nobody is on patrol on an ended shift


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Volunteers: 2 of 5 came · 2 no check-in · 1 marked no-show"),
    ("zh", "志愿者：名单 5 人，到岗 2 人 · 未签到 2 · 缺勤 1"),
])
async def test_an_ended_shifts_line_tells_those_never_checked_in_from_those_recorded_absent(tmp_path, lang, title):
    """The two who did not come are counted apart: one never checked in (nobody recorded anything), one an officer
    recorded as a no-show with n. "Never came" and "no-show" (未到岗, 缺勤) said the same thing twice."""
    app = patrol_app(tmp_path, Clock("2026-11-22 20:30"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        seed_patrols(desk)
        [ended] = [row for row in desk.patrols.shifts().rows if row.shift_date == date(2026, 11, 15)]
        absent = next(m for m in desk.patrols.shift(ended.shift_id).members if m.state == "expected")
        desk.patrols.set_no_show(absent.member_id, no_show=True)
        screen = await _open_shift(pilot, ended.shift_id)
        assert " ".join(str(screen.query_one("#members-title", Static).render()).split()) == title
        states = [str(cells[0]) for cells in (screen.query_one("#members").full_row(i)
                                              for i in range(len(screen.view.members)))]
        assert states.count(t("patrol.state.never_came")) == 2 and states.count(t("patrol.state.no_show")) == 1


async def test_w_on_an_ended_shift_says_it_ended_instead_of_opening_the_finder(tmp_path):
    app = patrol_app(tmp_path, Clock("2026-11-22 20:30"))
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        seed_patrols(desk)
        [ended] = [row for row in desk.patrols.shifts().rows if row.shift_date == date(2026, 11, 15)]
        screen = await _open_shift(pilot, ended.shift_id)
        await pilot.press("w")
        await settle(pilot)
        assert app.screen is screen and not any(isinstance(s, FindPersonScreen) for s in app.screen_stack)
        assert "This shift ended at 2026-11-15 23:00" in str(screen.query_one("#shift-message", Static).render())


async def test_the_desk_says_who_never_came_on_tonights_shift_once_it_has_ended(tmp_path):
    app = patrol_app(tmp_path, Clock("2026-11-22 21:30"))
    async with app.run_test(size=(160, 48)) as pilot:
        desk = await open_desk_app(pilot)
        station = seed_patrols(desk)
        desk.patrols.end_shift(station.tonight)
        await pilot.press("ctrl+r")
        await settle(pilot)
        line = str(app.screen.query_one("#tonight", Static).render())
        assert "红袖标巡逻队" in line and "Ended" in line
        assert "No check-in (1): 刘洋" in line and "Not yet" not in line


async def test_at_24_rows_the_desk_names_every_shift_of_tonight_a_line_each(tmp_path):
    """Two shifts tonight at 80×24: the two rows the desk has for them showed the first shift and its names, and the
    second not at all, though the panel above counted two; a line a shift, each with how many are out."""
    from frontdesk.patrols.shifts import ShiftInput
    from tests.patrolhelpers import desk_at

    app = patrol_app(tmp_path, Clock("2026-11-22 20:30"), lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        station = seed_patrols(desk)
        desk_at(desk, "2026-11-22 17:00").patrols.start_shift(
            ShiftInput(team_id=station.business, day="2026-11-22", start="19:00", end="22:00",
                       escort_id=desk.on_duty.officer_id))
        await pilot.press("ctrl+r")
        await settle(pilot)
        tonight = app.screen.query_one("#tonight", Static)
        lines = str(tonight.render()).splitlines()
        assert len(lines) <= tonight.size.height
        assert any("红袖标巡逻队" in line and "在岗 2" in line for line in lines)
        assert any("商圈义警队" in line and "19:00–22:00" in line for line in lines)


async def test_at_24_rows_a_shift_line_too_long_is_cut_not_wrapped_onto_the_next_shifts_row(tmp_path):
    from frontdesk.patrols.shifts import ShiftInput
    from tests.patrolhelpers import desk_at

    app = patrol_app(tmp_path, Clock("2026-11-22 20:30"))
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        station = seed_patrols(desk)
        desk_at(desk, "2026-11-22 17:00").patrols.start_shift(
            ShiftInput(team_id=station.business, day="2026-11-22", start="19:00", end="22:00",
                       area="富盛镇环城东路沿线及城河街菜场周边", escort_id=desk.on_duty.officer_id))
        await pilot.press("ctrl+r")
        await settle(pilot)
        tonight = app.screen.query_one("#tonight", Static)
        shown = str(tonight.render()).splitlines()
        assert len(shown) <= tonight.size.height  # each line its own row: none wraps onto the next
        assert all(cell_len(line) <= tonight.size.width for line in shown)
        assert "红袖标巡逻队" in shown[-1 if tonight.size.height == 1 else 0] and "商圈义警队" in "".join(shown)
        if tonight.size.height > 1:
            assert any(line.startswith("商圈义警队") and line.endswith("…") for line in shown)
