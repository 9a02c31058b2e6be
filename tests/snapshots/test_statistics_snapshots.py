"""F8 statistics as the officer sees them, charts included, in both languages."""

from __future__ import annotations

import pytest

from tests.apphelpers import desk_app, settle
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder
from tests.unit.test_statistics import seed_statistics

SIZE = (130, 40)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statistics_of_the_month(snap_compare, lang):
    app = desk_app(_fixed_folder(f"statistics-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        seed_statistics(app.desk)
        await pilot.press("f8")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statistics_of_a_typed_range_for_one_site(snap_compare, lang):
    app = desk_app(_fixed_folder(f"statistics-site-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        seed_statistics(app.desk)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("p", *["backspace"] * 10, *"2025-12-01", "enter", "enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statistics_charts_at_80x24_name_their_bars(snap_compare, lang):
    """c at 80×24: the charts in place of the tables, and under the bars which number is which category."""
    app = desk_app(_fixed_folder(f"statistics-charts-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        seed_statistics(app.desk)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
