"""The look-up's case results at 80×24 with a station's own long categories, alike at their start: each case's
category reads apart from the other's, as in every table of the station's names; wide, they show whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from screens.shell.plain import OptionList
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.flow.test_long_names_flow import NARROW, WIDE
from tests.flow.test_long_names_statistics_flow import LONG_CATEGORIES, add_long_categories


def categories_shown(results: OptionList) -> list[str]:
    """Each result line's category: its third cell (after the case number and the time received)."""
    lines = [str(results.get_option_at_index(n).prompt) for n in range(results.option_count)]
    return [re.split(r"\s{2,}", line)[2] for line in lines]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_look_up_tells_two_long_categories_apart_at_80_columns(tmp_path: Path, lang: str):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        desk = await open_desk_app(pilot)
        add_long_categories(desk)  # two cases of the first, then one of the second
        await pilot.press(*"LS-20261122")
        await settle(pilot)
        lookup = app.screen.query_one("#lookup")
        results = lookup.query_one("#results", OptionList)
        assert await wait_until(pilot, lambda: results.option_count == 3)
        newest_first = [case.category for case in lookup.results.cases]
        names = [zh if lang == "zh" else en for zh, en in reversed(LONG_CATEGORIES)] + [
            LONG_CATEGORIES[0][0 if lang == "zh" else 1]]
        assert newest_first == names
        shown = categories_shown(results)
        # Cut at their end to the column's width, both read "Housing…" (住宅小…): which case was which was lost.
        assert shown[1] == shown[2] and shown[0] != shown[1], shown
        assert all("…" in name for name in shown), shown
        await pilot.resize_terminal(*WIDE)
        assert await wait_until(pilot, lambda: categories_shown(results)[0] != shown[0])
        wide = categories_shown(results)  # (the column is at most 40 cells wide: more of each, still apart)
        assert wide[1] == wide[2] and wide[0] != wide[1], wide
        assert all(cell_len(more) > cell_len(less) for more, less in zip(wide, shown)), (wide, shown)
