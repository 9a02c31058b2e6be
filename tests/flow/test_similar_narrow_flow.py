"""At 80 columns the cases like the one typed show below the form for a reporter the desk does not know too (the
side panel below the form waited for a known reporter's matches or history, and kept them out of sight), and Tab
reaches them, so k links one there as at a wide desk."""

from __future__ import annotations

from textual.widgets import Input

from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.flow.test_similar_flow import panel_rows, seed_thefts


async def test_a_new_reporters_similar_cases_show_at_80_columns_and_k_links_one_reached_by_tab(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        thefts = seed_thefts(desk)
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        form.query_one("#reporter-phone", Input).value = "13705759999"  # nobody the desk knows
        form.query_one("#reporter-name", Input).value = "孙立伟"
        form.query_one("#place", Input).focus()
        await pilot.press(*"城河街88号", "tab", *"电瓶被盗")
        assert await wait_until(pilot, lambda: len(panel_rows(form)) == 3)
        await settle(pilot)
        assert not form.query("#matches").first().row_count  # no match, no history: only the suggestions
        table = form.query_one("#similar-cases")
        assert table.display and form.query_one("#reporter-history").display
        assert table.region.height > 0 and table.region.y < 24 - 1  # on the screen, above the footer

        for _ in range(12):  # Tab from the summary to the suggestions
            if form.focused is table:
                break
            await pilot.press("tab")
        assert form.focused is table
        await pilot.press("k")
        assert await wait_until(pilot, lambda: len(form.held_links) == 1)
        assert form.held_links[0][1] in {t.case_no for t in thefts}
