"""The desk after midnight, by keys: the patrol still out from last evening is tonight's patrol, on the cards
as in the list beneath them; once it is over (ended, or closed the next morning) the cards count today's."""

from __future__ import annotations

from textual.widgets import Static

from screens.shell.widgets import Figure
from tests.apphelpers import open_desk_app, settle
from tests.flow.test_patrols_flow import SIZE, Clock, patrol_app
from tests.patrolhelpers import desk_at, seed_patrols


async def test_at_one_in_the_morning_the_cards_count_the_patrol_still_out(tmp_path):
    clock = Clock("2026-11-22 20:30")
    app = patrol_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        station = seed_patrols(desk)  # the red-armband shift of the 22nd, under way: 3 of 5 came, 2 still out
        clock.set("2026-11-23 01:10")
        await pilot.press("ctrl+r")
        await settle(pilot)
        tonight = str(app.screen.query_one("#tonight", Static).render())
        assert "红袖标巡逻队" in tonight and "On patrol (2)" in tonight
        assert app.screen.query_one("#shifts-tonight", Figure).value == 1
        assert app.screen.query_one("#checked-in", Figure).value == "3/5"

        # Ended at 01:20: over, and no longer tonight's on the cards.
        desk_at(desk, "2026-11-23 01:20").patrols.end_shift(station.tonight)
        clock.set("2026-11-23 01:30")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.screen.query_one("#shifts-tonight", Figure).value == 0
        assert app.screen.query_one("#checked-in", Figure).value == "0/0"
