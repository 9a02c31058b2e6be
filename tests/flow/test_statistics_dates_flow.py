"""The statistics' first date is checked at its own Enter, by keys at 80×24: a date that cannot be is said at
once and the cursor stays in it (it used to move on to the second date without a word); a good one moves on,
and the year's figures follow the second."""

from __future__ import annotations

from textual.widgets import Input, Static

from screens.reports.statistics import StatisticsScreen
from tests.apphelpers import desk_app, settle, wait_until


async def test_a_first_date_that_cannot_be_is_said_at_its_enter(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StatisticsScreen))
        await settle(pilot)
        screen = app.screen
        since, until = screen.query_one("#stats-since", Input), screen.query_one("#stats-until", Input)
        await pilot.press("p", *["backspace"] * 10, *"2026-13-01", "enter")
        await settle(pilot)
        assert "no month 13" in str(screen.query_one("#stats-title", Static).render())
        assert since.has_focus and since.value == "2026-13-01"

        await pilot.press(*["backspace"] * 10, *"2026-01-01", "enter")
        await settle(pilot)
        assert until.has_focus
        await pilot.press(*["backspace"] * 10, *"2026-12-31", "enter")
        assert await wait_until(pilot, lambda: "2026-01-01 – 2026-12-31" in str(
            screen.query_one("#stats-title", Static).render()))
