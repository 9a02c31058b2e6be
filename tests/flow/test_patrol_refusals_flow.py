"""A refused check-in on a shift's checklist, by keys: the cursor, moved on to the next name as Space does, goes
back to the volunteer the refusal is about, the reason on the message line, and u has nothing of it to take
back; a check-in that is saved still moves on."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from screens.patrols.shift import ShiftScreen
from tests.apphelpers import open_desk_app, settle, wait_until
from tests.flow.test_patrols_flow import SIZE, Clock, patrol_app
from tests.patrolhelpers import seed_roster


def _message(app) -> str:
    return str(app.screen.query_one("#shift-message", Static).render())


async def test_a_refused_check_in_leaves_the_cursor_on_the_volunteer_it_is_about(tmp_path):
    clock = Clock("2026-11-22 10:00")  # this evening's shift, planned in the morning: no check-in yet
    app = patrol_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        seed_roster(desk)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter", "2", "ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ShiftScreen) and app.screen.view)
        screen = app.screen
        members = screen.query_one("#members", DataTable)
        first = screen.view.members[0]

        await pilot.press("space")
        assert await wait_until(pilot, lambda: "outside the shift" in _message(app))
        await settle(pilot)
        assert members.cursor_row == 0  # on the name refused, not the next one
        assert [m.state for m in desk.patrols.shift(screen.shift_id).members] == ["expected"] * len(screen.view.members)
        await pilot.press("u")  # nothing of the refused Space to take back: about the highlighted volunteer
        await settle(pilot)
        assert app.screen is screen and first.name in _message(app)

        # At the shift, the same key checks in and moves on.
        clock.set("2026-11-22 18:40")
        await pilot.press("space")
        assert await wait_until(pilot, lambda: screen.view.members[0].state == "in")
        assert members.cursor_row == 1
