"""Keys do what they say: letters go where the focus is, every area key works from every screen,
a key the officer's role may not use says so, Esc leaves a screen the first time."""

from __future__ import annotations

from textual.widgets import DataTable, Static, TextArea

from frontdesk.i18n import t
from frontdesk.patrols.shifts import ShiftInput
from screens.access.audit import AuditScreen
from screens.cases.form import CaseFormScreen
from screens.cases.listing import CaseListScreen
from screens.callers.repeat_reporters import RepeatReportersScreen
from screens.handoffs.queues import HandoffQueueScreen
from screens.patrols.overview import PatrolScreen
from screens.patrols.shift import ShiftScreen
from screens.reports.handover import HandoverScreen
from screens.shell.desk import DeskScreen
from screens.sync.exchange import SyncScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.flow.test_access_flow import _station_with_an_admin_first
from tests.patrolhelpers import seed_roster

SIZE = (120, 36)


def _notified(app) -> list[str]:
    """The notices shown, without the line breaks and spaces their lay-out adds (screens.shell.notices)."""
    return ["".join(str(n.message).split()) for n in app._notifications]


async def test_w_after_saving_the_handover_notes_writes_the_report_and_types_nothing(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk_app(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandoverScreen)
        await pilot.press("n", *"Keys in drawer 2")
        # In the box letters are text: the footer offers Esc to leave it, not w.
        assert "w" not in screen.active_bindings
        assert screen.active_bindings["escape"].binding.description == t("key.leave_box")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "w" in screen.active_bindings
        assert screen.active_bindings["escape"].binding.description == t("key.back")
        assert not screen.query_one("#handover-note", TextArea).has_focus  # saved: out of the box
        await pilot.press("w")
        await settle(pilot)
        assert screen.query_one("#handover-note", TextArea).text == "Keys in drawer 2"
        assert (tmp_path / "reports" / "handover-20261122-day.md").exists()


async def test_the_focused_region_is_marked_in_the_accent_colour(tmp_path):
    from textual.color import Color

    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk_app(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        accent = Color.parse(app.current_theme.accent)

        def marked(color: Color) -> bool:  # the theme's accent, give or take rounding
            return all(abs(a - b) <= 2 for a, b in zip(color.rgb, accent.rgb))

        note = screen.query_one("#handover-note", TextArea)
        assert not marked(note.styles.border_top[1])  # not focused: not marked
        await pilot.press("n")
        await settle(pilot)
        assert note.has_focus and marked(note.styles.border_top[1])
        await pilot.press("escape", "f5")
        await settle(pilot)
        table = app.screen.query_one("#handoff-table", DataTable)
        assert table.has_focus
        header = table.get_component_styles("datatable--header").background
        assert marked(header)  # the table's header row: where the keys go
        table.blur()
        await settle(pilot)
        assert not marked(table.get_component_styles("datatable--header").background)


async def test_space_after_saving_the_observations_checks_the_volunteer_in(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        red, _business = seed_roster(desk)
        shift_id = desk.patrols.start_shift(ShiftInput(team_id=red, day="2026-11-22",
                                                       escort_id=desk.on_duty.officer_id))
        await app.push_screen(ShiftScreen(shift_id))
        await settle(pilot)
        screen = app.screen
        await pilot.press("o", *"gate open", "ctrl+s")
        await settle(pilot)
        assert screen.query_one("#members", DataTable).has_focus
        await pilot.press("space")
        await settle(pilot)
        assert screen.query_one("#observations", TextArea).text == "gate open"
        assert desk.patrols.shift(shift_id).observations == "gate open"
        assert [m.state for m in desk.patrols.shift(shift_id).members].count("in") == 1


async def test_area_keys_work_from_every_screen_and_replace_the_screen_instead_of_stacking(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk_app(pilot)
        steps = [("f4", CaseListScreen), ("f5", HandoffQueueScreen), ("f6", PatrolScreen),
                 ("f7", RepeatReportersScreen), ("ctrl+o", HandoverScreen), ("ctrl+y", SyncScreen),
                 ("f4", CaseListScreen), ("f2", CaseFormScreen), ("f5", HandoffQueueScreen),
                 ("alt+4", CaseListScreen), ("alt+6", PatrolScreen), ("f6", PatrolScreen)]
        for key, opens in steps:
            await pilot.press(key)
            await settle(pilot)
            assert await wait_until(pilot, lambda: isinstance(app.screen, opens)), (key, app.screen)
            assert [type(s) for s in app.screen_stack[1:-1]] == [DeskScreen], (key, app.screen_stack)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)


async def test_f3_from_a_screen_opened_by_an_area_key_comes_back_to_the_look_up(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f5", "f3")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert app.screen.focused is not None and app.screen.focused.id == "search"


async def test_a_duty_officer_is_told_supervisors_only_for_f8_f9_f10(tmp_path, settings):
    _station_with_an_admin_first(tmp_path, settings)
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        assert desk.actor.role == "duty"
        for key in ("f8", "f9", "f10"):
            app.clear_notifications()
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, DeskScreen)
            assert any("supervisorsonly" in text for text in _notified(app)), (key, _notified(app))
        await pilot.press("f4")  # from another screen too
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen)
        assert any("supervisorsonly" in text for text in _notified(app))


async def test_supervisors_only_is_said_in_chinese_too(tmp_path, settings):
    _station_with_an_admin_first(tmp_path, settings)
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert any("仅限带班领导" in text for text in _notified(app)), _notified(app)


async def test_the_first_escape_leaves_the_audit_log(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)


async def test_export_with_no_outposts_says_why(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_desk_app(pilot)
        await pilot.press("ctrl+y", "e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        message = screen.query_one("#sync-message", Static)
        assert str(message.render()) == t("sync.screen.export_no_peers")
        assert message.has_class("-error")
        assert any("".join(t("sync.screen.export_no_peers").split()) in text for text in _notified(app))


async def test_an_open_list_on_the_case_form_offers_its_escape_in_the_officers_language(tmp_path):
    """Textual's Select shows its own key ("Dismiss menu") in the footer while its list is open;
    in Chinese it says so in Chinese, and Esc closes the list without leaving the form."""
    from frontdesk.i18n import language

    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await open_desk_app(pilot)
        assert language() == "zh"
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseFormScreen))
        form = app.screen
        form.query_one("#category").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: form.query_one("#category").expanded)
        descriptions = {active.binding.description for active in form.active_bindings.values()
                        if active.binding.show}
        assert "收起列表" in descriptions
        assert "Dismiss menu" not in descriptions
        await pilot.press("escape")
        await wait_until(pilot, lambda: not form.query_one("#category").expanded)
        assert app.screen is form
