"""A walk-up at 80×24, by keys: after w, the volunteer found and Enter, the cursor is on the walk-up's line
(wherever the list put it) and the message names them, in both languages."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from screens.patrols.shift import ShiftScreen
from tests.apphelpers import open_desk_app, settle, wait_until
from tests.flow.test_patrols_flow import Clock, patrol_app
from tests.patrolhelpers import seed_patrols


@pytest.mark.parametrize(("lang", "said"), [("en", "赵强 added as a walk-up and checked in"),
                                           ("zh", "已添加临时加入的志愿者赵强并签到")])
async def test_the_walk_up_is_highlighted_and_named(tmp_path, lang, said):
    clock = Clock("2026-11-22 18:40")
    app = patrol_app(tmp_path, clock, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        station = seed_patrols(desk, tonight=True)
        await pilot.press("f6")
        await settle(pilot)
        rows = app.screen.rows
        app.screen.query_one("#shifts", DataTable).move_cursor(row=[r.shift_id for r in rows].index(station.tonight))
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ShiftScreen) and app.screen.view)
        screen = app.screen
        members = screen.query_one("#members", DataTable)
        assert members.cursor_row == 0
        await pilot.press("w")
        await settle(pilot)
        await pilot.press(*"13612345678", "enter")  # 赵强 of the business team, by phone
        assert await wait_until(pilot, lambda: app.screen is screen
                                and any(m.name == "赵强" for m in screen.view.members))
        await settle(pilot)
        row = [m.name for m in screen.view.members].index("赵强")
        assert row > 0 and members.cursor_row == row
        assert str(screen.query_one("#shift-message", Static).render()) == said
