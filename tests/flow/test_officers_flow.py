"""The admin adds an officer by keys; a locked badge is unlocked from the officers' screen."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static

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
        # Too short a password: the form is back with the name and badge, and why.
        form = app.screen
        assert isinstance(form, OfficerFormScreen)
        assert form.query_one("#officer-name", Input).value == "李秀英"
        assert "8 to 128" in str(form.query_one(".dialog-message", Static).render())
        form.query_one("#officer-password", Input).focus()
        await pilot.press(*"a-longer-pass", "ctrl+s")
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
