"""F8's categories at 80×24 with a station's own long categories, alike at their start: the year before and the
year on year stay on the screen, the names are cut where they differ, and each row's number (the bar it names
on the charts) stands in its own column. Both languages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft
from frontdesk.station.categories import CategoryInput
from screens.reports.statistics import StatisticsScreen
from screens.shell.columns import FittedTable
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.conftest import FROZEN_NOW
from tests.flow.test_long_names_flow import NARROW, column, fits

#: (Chinese, English): long in both languages, alike for most of their length.
LONG_CATEGORIES = [
    ("住宅小区物业管理服务纠纷（电梯、供暖、维修、收费等）", "Housing - residential property management dispute"),
    ("住宅小区物业管理服务投诉（电梯、供暖、维修、收费等）", "Housing - residential property management complaint"),
]


def add_long_categories(desk) -> None:
    """The two categories, and this month three cases in them (two of the first, one of the second)."""
    for zh, en in LONG_CATEGORIES:
        desk.categories.save(CategoryInput(name_zh=zh, name_en=en, police=False), category_id=None, version=None)
    code = {c.name_zh: c.code for c in desk.cases.categories()}
    for n, (zh, _en) in enumerate([LONG_CATEGORIES[0], LONG_CATEGORIES[0], LONG_CATEGORIES[1]]):
        desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张丽", phone=f"1390000111{n}"), category=code[zh],
                                         police=False, summary="物业纠纷"), now=FROZEN_NOW - timedelta(hours=1))


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_statistics_keep_the_year_before_beside_long_categories_at_80_columns(tmp_path: Path, lang: str):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        desk = await open_desk_app(pilot)
        add_long_categories(desk)
        await pilot.press("f8")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StatisticsScreen))
        await settle(pilot)
        table = app.screen.query_one("#stats-categories", FittedTable)
        assert await wait_until(pilot, lambda: table.row_count >= 11)
        # Kept whole after their number, the names pushed "A year before" and "Year on year" off the screen.
        assert [key for key, _ in table.shown_columns] == ["number", "label", "now", "before", "yoy"]
        assert fits(table), table.shown_columns
        numbers, names = column(table, "number"), column(table, "label")
        assert numbers == [str(n) for n in range(1, table.row_count + 1)]
        long = [names[row] for row in range(table.row_count)
                if table.full_row(row)[1] in {zh if lang == "zh" else en for zh, en in LONG_CATEGORIES}]
        assert len(long) == 2 and len(set(long)) == 2, long  # cut where they differ, they read apart
        assert all("…" in name and cell_len(name) <= dict(table.shown_columns)["label"] for name in long), long
        assert {"en": "Dispute", "zh": "纠纷"}[lang] in names  # a short name stays whole, without its number
        assert column(table, "now")[names.index(long[0])] == "2"


async def test_the_charts_still_name_each_bar_by_its_number_and_whole_name(tmp_path: Path):
    app = desk_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        desk = await open_desk_app(pilot)
        add_long_categories(desk)
        await pilot.press("f8")
        await settle(pilot)
        table = app.screen.query_one("#stats-categories", FittedTable)
        assert await wait_until(pilot, lambda: table.row_count >= 11)
        await pilot.press("c")
        key = app.screen.query_one("#stats-chart-key")
        assert await wait_until(pilot, lambda: key.display and key.size.width >= 76)
        # The table cuts the long names; under the bars, where there is room to wrap, they are said whole.
        said = str(key.render())
        for number, (_zh, en) in enumerate(LONG_CATEGORIES, start=table.row_count - 1):
            assert f"{number} {en}" in said, said
