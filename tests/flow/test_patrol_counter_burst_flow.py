"""A counter's value typed fast on a shift (`4` `0` Enter read in one go, as tmux or a fast typist sends them) is the
value typed: the digit that opens the counter's box and the keys after it act in the order typed."""

from __future__ import annotations

from screens.patrols.dialogs import CountScreen
from screens.patrols.shift import ShiftScreen
from tests.apphelpers import burst, open_desk_app, settle, wait_until
from tests.flow.test_patrols_flow import Clock, patrol_app
from tests.patrolhelpers import seed_roster

SIZE = (120, 36)


def _counts(desk, shift_id) -> dict[str, int]:
    return {c.code: c.value for c in desk.patrols.shift(shift_id).counters}


async def test_a_counters_value_typed_in_one_burst_is_saved_as_typed(tmp_path):
    clock = Clock("2026-11-22 18:20")
    app = patrol_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        seed_roster(desk)
        await pilot.press("f6", "n")
        await settle(pilot)
        await pilot.press("enter", "2", "ctrl+s")  # 红袖标巡逻队, today 18:30–21:00
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ShiftScreen)
        await pilot.press("tab")  # the counters, on leaflets
        await settle(pilot)

        burst(app, ["4", "0", "enter", "down", "7", "enter"])  # leaflets 40, then shops visited 7
        assert await wait_until(pilot, lambda: _counts(desk, screen.shift_id)["shops_visited"] == 7)
        await settle(pilot)
        assert app.screen is screen and not any(isinstance(s, CountScreen) for s in app.screen_stack)
        counts = _counts(desk, screen.shift_id)
        assert (counts["leaflets"], counts["shops_visited"]) == (40, 7)
