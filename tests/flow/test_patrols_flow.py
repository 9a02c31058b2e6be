"""A patrol shift run by keys only, from F6 to the month's totals, checked in the database."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input, Static, TextArea

from db.engine import read_session
from db.models import AuditEvent, Case, ShiftMember
from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft
from frontdesk.i18n import t
from frontdesk.patrols.totals import hours
from screens.cases.detail import CaseDetailScreen
from screens.cases.form import CaseFormScreen
from screens.shell.dialogs import ConfirmScreen
from screens.callers.lookup import LookupBox
from screens.patrols.dialogs import FindPersonScreen, StartShiftScreen, TimesScreen
from screens.patrols.roster import RosterScreen
from screens.patrols.shift import ShiftScreen
from screens.patrols.totals import TotalsScreen
from screens.patrols.overview import PatrolScreen
from screens.shell.widgets import Figure
from tests.apphelpers import desk_app, open_desk_app, settle
from tests.patrolhelpers import at, seed_patrols, seed_roster

SIZE = (120, 36)
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


class Clock:
    def __init__(self, text: str):
        self.now = at(text)

    def __call__(self) -> datetime:
        return self.now

    def set(self, text: str) -> None:
        self.now = at(text)


def patrol_app(folder, clock, lang: str = "en"):
    """The app as the other tests start it, on a clock the test moves (to check out after midnight)."""
    app = desk_app(folder, lang=lang)
    app.clock = clock
    return app


def _message(app) -> str:
    return str(app.screen.query_one("#shift-message", Static).render())


def _states(desk, shift_id) -> dict[str, str]:
    return {m.name: m.state for m in desk.patrols.shift(shift_id).members}


async def _open_shift(pilot, shift_id) -> ShiftScreen:
    """F6, then Enter on the shift's line: its screen."""
    await pilot.press("f6")
    await settle(pilot)
    rows = pilot.app.screen.rows
    pilot.app.screen.query_one("#shifts", DataTable).move_cursor(row=[r.shift_id for r in rows].index(shift_id))
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ShiftScreen)
    return pilot.app.screen


async def test_a_whole_shift_is_run_by_keys_and_moves_the_month_by_exactly_its_hours(tmp_path):
    clock = Clock("2026-11-22 18:20")
    app = patrol_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        seed_roster(desk)
        before = desk.patrols.totals(*NOVEMBER)
        assert before.worked == timedelta(0)

        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, PatrolScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, StartShiftScreen)
        await pilot.press("enter", "2", "ctrl+s")  # 2 红袖标巡逻队; today, 18:30–21:00
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ShiftScreen)
        shift_id = screen.shift_id
        assert list(_states(desk, shift_id)) == ["陈静", "刘洋", "李秀英", "王芳", "张建国"]  # pinyin order

        clock.set("2026-11-22 18:31")
        await pilot.press("space", "space", "space")  # ticks three names, moving down the list
        await settle(pilot)
        assert _states(desk, shift_id) == {"陈静": "in", "李秀英": "in", "刘洋": "in", "王芳": "expected",
                                           "张建国": "expected"}
        assert _message(app) == "李秀英 checked in"
        await pilot.press("n")  # 王芳 is highlighted now: she did not come
        await settle(pilot)
        assert _states(desk, shift_id)["王芳"] == "no_show"

        await pilot.press("tab", "4", "0", "enter")  # leaflets: type 40
        await pilot.press("down", "plus", "plus", "minus")  # shops visited: 1
        await pilot.press("down", "minus")  # residents visited stays at 0: refused on the spot
        assert "cannot be less than 0" in _message(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        counts = {c.code: c.value for c in desk.patrols.shift(shift_id).counters}
        assert (counts["leaflets"], counts["shops_visited"], counts["residents_visited"]) == (40, 1, 0)
        await pilot.press("up", "up", "enter", "4", "5", "enter")  # Enter on leaflets at 40: 45 replaces it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {c.code: c.value for c in desk.patrols.shift(shift_id).counters}["leaflets"] == 45

        await pilot.press("o")
        screen.query_one("#observations", TextArea).insert("人民路12号商铺卷帘门未锁")
        await pilot.press("escape")  # out of the observations, back to the checklist
        await settle(pilot)
        assert desk.patrols.shift(shift_id).observations == "人民路12号商铺卷帘门未锁"
        members = screen.query_one("#members", DataTable)
        members.move_cursor(row=2)  # 李秀英, on patrol: she saw it
        clock.set("2026-11-22 19:05")
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        assert form.query_one("#place", Input).value == "城关镇人民路"
        assert form.query_one("#summary", Input).value == "人民路12号商铺卷帘门未锁"
        assert form.query_one("#received-at", Input).value == "2026-11-22 19:05"
        await pilot.press("enter", "3", "ctrl+s")  # category: report / tip
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        with read_session(desk.engine) as session:
            [case] = session.exec(select(Case)).all()
        assert (case.channel, case.patrol_shift_id, case.category, case.received_at) == (
            "patrol", shift_id, "tip", at("2026-11-22 19:05"))
        assert [c.case_no for c in desk.patrols.shift(shift_id).cases] == [case.case_no]

        members.move_cursor(row=0)
        await pilot.press("t")  # a check-out typed before the check-in is refused in the dialog
        await settle(pilot)
        assert isinstance(app.screen, TimesScreen)
        await pilot.press("tab", *"18:00", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TimesScreen)
        assert "before the check-in" in str(app.screen.query_one(".dialog-message", Static).render())
        assert app.screen.query_one("#times-out", Input).value == "18:00"
        await pilot.press("escape")

        clock.set("2026-11-23 00:40")  # past midnight: the three check out
        members.move_cursor(row=0)
        await pilot.press("space", "space", "space")
        await settle(pilot)
        assert _states(desk, shift_id) == {"陈静": "out", "李秀英": "out", "刘洋": "out", "王芳": "no_show",
                                           "张建国": "expected"}
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert desk.patrols.shift(shift_id).state == "ended"

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PatrolScreen)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TotalsScreen)
        month = app.screen.totals
        stint = at("2026-11-23 00:40") - at("2026-11-22 18:31")
        assert month.worked - before.worked == 3 * stint  # 18.45 person-hours, no more, no less
        assert hours(month.worked) == 18.45
        assert {c.code: c.value for c in month.counters}["leaflets"] == 45  # as corrected on the shift
        assert "18.45 person-hours" in str(app.screen.query_one("#totals-summary", Static).render())
        await pilot.press("x")
        await settle(pilot)
        assert (tmp_path / "exports" / "patrols-20261101-20261130.xlsx").exists()
        with read_session(desk.engine) as session:
            stints = session.exec(select(ShiftMember).where(ShiftMember.shift_id == shift_id)).all()
        assert sorted(m.checked_out_at for m in stints if m.checked_out_at) == [at("2026-11-23 00:40")] * 3


async def test_a_walk_up_from_another_team_and_a_refused_overlap(tmp_path):
    clock = Clock("2026-11-22 18:40")
    app = patrol_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        station = seed_patrols(desk, tonight=True)
        await pilot.press("f6")
        await settle(pilot)
        rows = app.screen.rows
        assert [r.needs_review for r in rows if r.team == "商圈义警队"] == [True]  # left open on the 20th, closed now
        app.screen.query_one("#shifts", DataTable).move_cursor(row=[r.shift_id for r in rows].index(station.tonight))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ShiftScreen)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press(*"zhaoq")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        walk_up = next(m for m in desk.patrols.shift(station.tonight).members if m.name == "赵强")
        assert (walk_up.walk_up, walk_up.state, walk_up.checked_in_at) == (True, "in", clock.now)
        assert _message(app) == "赵强 added as a walk-up and checked in"
        await pilot.press("w")
        await settle(pilot)
        await pilot.press(*"13612345678", "enter")  # the same man again, by phone
        await settle(pilot)
        # Refused in the finder, the search as typed: the officer picks another or leaves with Esc.
        finder = app.screen
        assert isinstance(finder, FindPersonScreen)
        assert "already on this shift" in str(finder.query_one(".dialog-message", Static).render())
        assert finder.query_one(LookupBox).input.value == "13612345678"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ShiftScreen)


@pytest.mark.parametrize(("lang", "said"), [("zh", "钱多多不是登记在册的志愿者，请先在名册中加入队伍"),
                                           ("en", "钱多多 is not a registered volunteer: add them to a team in "
                                                  "the roster first")])
async def test_a_walk_up_who_is_no_volunteer_is_refused_in_the_finder_keeping_the_search(tmp_path, lang, said):
    """Anyone on file can be found; one who is on no team is refused by name inside the finder, in the
    officer's language, with what was typed still there to pick the right person."""
    clock = Clock("2026-11-22 18:40")
    app = patrol_app(tmp_path, clock, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        station = seed_patrols(desk, tonight=True)
        desk.cases.record_case(CaseDraft(reporter=PersonInput(name="钱多多", phone="13911112222"),
                                         category="help", summary="问路"), now=clock.now)
        shift = await _open_shift(pilot, station.tonight)
        before = len(desk.patrols.shift(station.tonight).members)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press(*"13911112222")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        finder = app.screen
        assert isinstance(finder, FindPersonScreen)
        assert str(finder.query_one(".dialog-message", Static).render()) == said
        assert finder.query_one(LookupBox).input.value == "13911112222"
        assert len(desk.patrols.shift(station.tonight).members) == before
        box = finder.query_one(".dialog")  # at 24 rows the reason and the keys show without scrolling
        assert box.max_scroll_y == 0
        for shown in (finder.query_one(".dialog-message"), finder.query_one(".dialog-keys")):
            assert box.content_region.contains_region(shown.region), (shown, shown.region, box.content_region)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is shift


async def test_the_desk_shows_tonights_shift_and_f6_opens_the_patrols(tmp_path):
    clock = Clock("2026-11-22 20:30")
    app = patrol_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        seed_patrols(desk)
        await pilot.press("ctrl+r")
        await settle(pilot)
        tonight = str(app.screen.query_one("#tonight", Static).render())
        assert "红袖标巡逻队" in tonight and "On patrol (2): 李秀英 张建国" in tonight
        assert "Not yet (1): 刘洋" in tonight and "Left (1): 王芳" in tonight and "No-shows: 1" in tonight
        assert app.screen.query_one("#checked-in", Figure).value == "3/5"
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, PatrolScreen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert [t.name for t in app.screen.teams] == ["商圈义警队", "红袖标巡逻队"]


async def test_roster_by_keys_new_team_new_volunteer_and_a_refusal_that_keeps_the_text(tmp_path):
    clock = Clock("2026-11-22 10:00")
    app = patrol_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.focused.insert_text_at_cursor("反诈宣传队")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [t.name for t in app.screen.teams] == ["反诈宣传队"]
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+n")  # someone the desk does not know
        await settle(pilot)
        app.focused.insert_text_at_cursor("周敏")
        await pilot.press("tab", *"1381234", "ctrl+s")  # a phone too short
        await settle(pilot)
        dialog = app.screen
        assert "1381234" in str(dialog.query_one(".dialog-message", Static).render())
        assert dialog.query_one("#vol-name", Input).value == "周敏"
        assert dialog.query_one("#line-phone").has_class("-invalid")
        await pilot.press(*"13812345678", "ctrl+s")  # the refused number is selected: typed over
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert [(v.name, v.phone) for v in app.screen.volunteers] == [("周敏", "138****5678")]
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        team = desk.patrols.teams()[0]
        assert (team.volunteers, team.inactive) == (0, 1)


async def test_check_ins_and_a_no_show_pressed_while_the_first_saves_are_all_saved_in_order(tmp_path, monkeypatch):
    clock = Clock("2026-11-22 18:20")
    app = patrol_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        seed_roster(desk)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter", "2", "ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ShiftScreen)
        first, second, third = (m.name for m in screen.view.members[:3])

        # The first check-in waits in its thread until the test lets it go; the officer keeps pressing.
        gate = threading.Event()
        toggle = desk.patrols.toggle_presence

        def held(member_id):
            assert gate.wait(10), "the test never let the check-in go"
            return toggle(member_id)

        monkeypatch.setattr(desk.patrols, "toggle_presence", held)
        await pilot.press("space", "space", "n")
        await pilot.pause()
        assert screen.writing()
        assert set(_states(desk, screen.shift_id).values()) == {"expected"}  # nothing saved yet
        gate.set()
        for _ in range(40):
            if not screen.writing():
                break
            await settle(pilot)
        await settle(pilot)
        states = _states(desk, screen.shift_id)
        assert (states[first], states[second], states[third]) == ("in", "in", "no_show")
        assert _message(app) == t("patrol.done.no_show", name=third)  # the last outcome, after the other two
        assert [m.state for m in screen.view.members[:3]] == ["in", "in", "no_show"]


async def test_a_check_in_on_the_wrong_line_is_taken_back_by_keys_after_a_question_naming_it(tmp_path):
    clock = Clock("2026-11-22 20:30")
    app = patrol_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        station = seed_patrols(desk)
        screen = await _open_shift(pilot, station.tonight)
        names = [m.name for m in screen.view.members]
        screen.query_one("#members", DataTable).move_cursor(row=names.index("刘洋"))
        clock.set("2026-11-22 20:31")
        await pilot.press("space")  # meant for the line below
        await settle(pilot)
        assert _states(desk, station.tonight)["刘洋"] == "in"

        await pilot.press("u")  # the cursor has moved on to the next name, but u is about the Space just pressed
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "刘洋" in str(app.screen.query_one("#confirm-question", Static).render())
        await pilot.press("n")  # asked once: now u follows the cursor
        await settle(pilot)
        assert app.screen is screen and _states(desk, station.tonight) == {
            "陈静": "no_show", "刘洋": "in", "李秀英": "in", "王芳": "out", "张建国": "in"}
        assert screen.query_one("#members", DataTable).cursor_row == names.index("刘洋")
        await pilot.press("down", "u")
        await settle(pilot)
        assert names[names.index("刘洋") + 1] in str(app.screen.query_one("#confirm-question", Static).render())
        await pilot.press("n")
        await settle(pilot)

        await pilot.press("up", "u")
        await settle(pilot)
        assert str(app.screen.query_one("#confirm-question", Static).render()) == (
            "Take back 刘洋's check-in at 20:31?\n刘洋 is back to not come yet; the check-in stays in the audit log.")
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        liu = next(m for m in screen.view.members if m.name == "刘洋")
        with read_session(desk.engine) as session:
            row = session.get(ShiftMember, liu.member_id)
            undone = session.exec(select(AuditEvent).where(AuditEvent.action == "undo_check_in")).all()
        assert (row.checked_in_at, row.checked_out_at, row.no_show) == (None, None, False)
        assert [(e.record_id, e.reason) for e in undone] == [(liu.member_id, "刘洋: check-in at 2026-11-22 20:31 taken back")]
        assert _message(app) == "刘洋: check-in at 20:31 taken back (not come yet)"
        assert liu.state == "expected"

        await pilot.press("u")  # nothing more to take back: said at once, no question
        await settle(pilot)
        assert app.screen is screen
        assert _message(app) == "刘洋 has no check-in or check-out to take back"

        await pilot.press("escape")  # the evening of the 15th has ended: refused at once, no question
        await settle(pilot)
        rows = app.screen.rows
        app.screen.query_one("#shifts", DataTable).move_cursor(
            row=next(i for i, r in enumerate(rows) if r.shift_date == date(2026, 11, 15)))
        await pilot.press("enter")
        await settle(pilot)
        ended = app.screen
        assert isinstance(ended, ShiftScreen) and ended.view.state == "ended"
        # Those who never came to an ended shift are not "not yet" there.
        members = ended.query_one("#members", DataTable)
        states = {str(members.get_row_at(row)[1]): str(members.get_row_at(row)[0]) for row in range(members.row_count)}
        assert states["张建国"] == "Left" and states["王芳"] == "No check-in"
        await pilot.press("u")
        await settle(pilot)
        assert app.screen is ended
        assert _message(app).startswith("This shift ended at 2026-11-15 23:00: a check-in or check-out is taken back")


async def test_a_patrol_time_that_cannot_be_says_why_in_the_dialog_and_a_full_width_colon_is_read(tmp_path):
    clock = Clock("2026-11-22 20:30")
    app = patrol_app(tmp_path, clock, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        station = seed_patrols(desk)
        screen = await _open_shift(pilot, station.tonight)
        names = [m.name for m in screen.view.members]
        screen.query_one("#members", DataTable).move_cursor(row=names.index("刘洋"))
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TimesScreen)
        await pilot.press(*"25:10", "ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "时间“25:10”不存在：没有 25 时（小时为 00–23）" in str(dialog.query_one(".dialog-message", Static).render())
        assert dialog.query_one("#times-in", Input).value == "25:10"  # kept, selected: typed over
        await pilot.press(*"20：25", "ctrl+s")  # as a Chinese input method types the colon
        await settle(pilot)
        assert app.screen is screen
        liu = next(m for m in desk.patrols.shift(station.tonight).members if m.name == "刘洋")
        assert (liu.state, liu.checked_in_at) == ("in", at("2026-11-22 20:25"))


@pytest.mark.parametrize(("lang", "said"), [("en", "u takes back the check-in or check-out the last Space made"),
                                           ("zh", "u 撤销上一次空格所做的签到或签退")])
async def test_f1_on_a_shift_says_u_takes_back_the_last_space_though_the_cursor_moved_on(tmp_path, lang, said):
    """F1's words for u are what u does: the last Space's tick first (the cursor is on the next name by then),
    not the highlighted volunteer's."""
    clock = Clock("2026-11-22 20:30")
    app = patrol_app(tmp_path, clock, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        seed_patrols(desk, tonight=True)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ShiftScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert said in str(app.screen.query_one("#help-intro", Static).render())


async def test_a_case_number_typed_in_the_walk_up_finder_is_answered_not_ignored(tmp_path):
    """The finder looks for people: its box does not invite a case number, and Enter on a case found says
    what to type instead rather than doing nothing."""
    clock = Clock("2026-11-22 18:40")
    app = patrol_app(tmp_path, clock, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        station = seed_patrols(desk, tonight=True)
        case = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="钱多多", phone="13911112222"),
                                                category="help", summary="问路"), now=clock.now)
        await _open_shift(pilot, station.tonight)
        await pilot.press("w")
        await settle(pilot)
        finder = app.screen
        box = finder.query_one(LookupBox).input
        assert "警情编号" not in box.placeholder
        await pilot.press(*case.case_no)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is finder
        assert str(finder.query_one(".dialog-message", Static).render()) == (
            "这是警情编号，不是人员：请按志愿者的姓名、拼音或电话查找。")
        assert box.value == case.case_no
