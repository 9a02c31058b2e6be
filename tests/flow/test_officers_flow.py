"""The admin adds an officer by keys; a locked badge is unlocked from the officers' screen."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select, Static

from frontdesk.i18n import DeskError
from screens.access.officers import OfficerFormScreen, OfficersScreen
from tests.apphelpers import desk_app, open_desk_app, settle


async def test_add_an_officer_then_unlock_their_badge(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f10")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OfficersScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, OfficerFormScreen)
        app.screen.query_one("#officer-name", Input).insert_text_at_cursor("李秀英")
        await pilot.press("tab", *"031300", "tab", "tab", *"short", "ctrl+s")
        await settle(pilot)
        # Too short a password: the form stays as typed (the password too), the cursor where it was, and says why.
        form = app.screen
        assert isinstance(form, OfficerFormScreen)
        assert form.query_one("#officer-name", Input).value == "李秀英"
        assert form.query_one("#officer-password", Input).value == "short"
        assert form.focused is form.query_one("#officer-password", Input)
        assert "8 to 128" in str(form.query_one(".dialog-message", Static).render())
        await pilot.press(*["backspace"] * 5, *"a-longer-pass", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OfficersScreen)
        row = next(r for r in screen.rows if r.badge_no == "031300")
        assert (row.name, row.role, row.can_sign_in) == ("李秀英", "duty", True)

        # Five wrong passwords at some desk lock the badge; the screen shows it, u lifts it.
        other = desk.__class__(settings=desk.settings, engine=desk.engine, on_duty=desk.on_duty, url=desk.url,
                               clock=desk.clock)
        for _ in range(5):
            with pytest.raises(DeskError):
                other.access.sign_in(badge="031300", password="guess")
        await pilot.press("ctrl+r")
        await settle(pilot)
        table = screen.query_one("#officer-table", DataTable)
        index = next(i for i, r in enumerate(screen.rows) if r.badge_no == "031300")
        assert "locked until" in str(table.get_row_at(index)[3])
        table.move_cursor(row=index)
        await pilot.press("u")
        await settle(pilot)
        assert screen.rows[index].locked_until is None
        other.access.sign_in(badge="031300", password="a-longer-pass")


async def test_a_badge_taken_is_refused_and_an_officer_is_changed_through_a_filled_form_then_retired(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        desk.access.add_officer(name="李测试", badge="900001", role="supervisor", password="li-test-pass")
        await pilot.press("f10")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OfficersScreen)

        # Adding with a badge that exists: refused, naming its officer; nothing typed is lost.
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        form.query_one("#officer-name", Input).insert_text_at_cursor("王五")
        await pilot.press("tab", *"900001", "tab", "tab", *"wang-wu-pass", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "李测试" in str(form.query_one(".dialog-message", Static).render())
        assert form.query_one("#officer-password", Input).value == "wang-wu-pass"
        assert form.focused is form.query_one("#officer-password", Input)
        await pilot.press("escape")
        await settle(pilot)
        row = next(r for r in screen.rows if r.badge_no == "900001")
        assert (row.name, row.role) == ("李测试", "supervisor")

        # Enter on the row opens the form filled with their details; the badge is theirs to keep.
        table = screen.query_one("#officer-table", DataTable)
        table.move_cursor(row=screen.rows.index(row))
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, OfficerFormScreen)
        assert form.query_one("#officer-name", Input).value == "李测试"
        assert form.query_one("#officer-badge", Input).disabled
        assert form.query_one("#officer-role", Select).value == "supervisor"
        form.query_one("#officer-role", Select).value = "duty"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        row = next(r for r in screen.rows if r.badge_no == "900001")
        assert (row.name, row.role, row.can_sign_in) == ("李测试", "duty", True)

        # r retires them: kept on the list, no longer able to sign in.
        table.move_cursor(row=screen.rows.index(row))
        await pilot.press("r")
        await settle(pilot)
        assert not next(r for r in screen.rows if r.badge_no == "900001").active
        with pytest.raises(DeskError):
            desk.__class__(settings=desk.settings, engine=desk.engine, on_duty=desk.on_duty, url=desk.url,
                           clock=desk.clock).access.sign_in(badge="900001", password="li-test-pass")

        # The station's only admin cannot retire themselves: refused, with the reason.
        me = next(r for r in screen.rows if r.officer_id == desk.actor.officer_id)
        table.move_cursor(row=screen.rows.index(me))
        await pilot.press("r")
        await settle(pilot)
        assert next(r for r in screen.rows if r.officer_id == desk.actor.officer_id).active
        assert any("only active admin" in str(n.message) for n in app._notifications)


async def test_an_officer_retired_at_another_desk_is_stopped_here_at_their_next_step(tmp_path):
    from screens.access.signin import SignInScreen

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        me = desk.actor.officer_id
        desk.access.add_officer(name="赵副所长", badge="000002", role="admin", password="zhao-pass-12")
        other = desk.__class__(settings=desk.settings, engine=desk.engine, on_duty=desk.on_duty, url=desk.url,
                               clock=desk.clock)
        other.access.sign_in(badge="000002", password="zhao-pass-12")
        other.access.retire_officer(me)
        app.test_password = None  # nobody signs back in by themselves here

        await pilot.press("f10")  # the next step at this desk
        await settle(pilot)
        gate = app.screen
        assert isinstance(gate, SignInScreen) and app.locked
        for _ in range(20):  # the reason is written once the gate has drawn
            if "retired" in str(gate.query_one("#gate-message", Static).render()):
                break
            await pilot.pause()
        assert "retired" in str(gate.query_one("#gate-message", Static).render())
        assert not any(type(screen).__name__ == "ErrorScreen" for screen in app.screen_stack)
