"""F8 by keys: the month's figures, moving the period, a bad range, a site, the export read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, Label, Static

from tests.apphelpers import desk_app, settle
from tests.unit.test_statistics import ZONE, plain_cases, seed_statistics, yoy_expected


def _cell(table: DataTable, row: int, column: int) -> str:
    return str(table.get_row_at(row)[column])


def _period(screen) -> tuple[str, str]:
    return screen.query_one("#stats-since", Input).value, screen.query_one("#stats-until", Input).value


async def test_statistics_by_keys(tmp_path: Path):
    from screens.reports.statistics import SiteChoiceScreen, StatisticsScreen

    app = desk_app(tmp_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        seed_statistics(app.desk)
        engine = app.desk.engine

        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatisticsScreen)
        assert _period(screen) == ("2026-11-01", "2026-11-30")
        figures = screen.query_one("#stats-figures", DataTable)
        now = plain_cases(engine, date(2026, 11, 1), date(2026, 11, 30))
        before = plain_cases(engine, date(2025, 11, 1), date(2025, 11, 30))
        assert [_cell(figures, 0, c) for c in range(4)] == [
            "Cases", str(len(now)), str(len(before)), yoy_expected(len(now), len(before), share=False, short=True)]
        assert "Night: the night duty, 20:00–08:00" in str(screen.query_one("#stats-rule", Static).render())

        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert _period(screen) == ("2026-10-01", "2026-10-31")
        october = plain_cases(engine, date(2026, 10, 1), date(2026, 10, 31))
        assert _cell(figures, 0, 1) == str(len(october))
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert _period(screen) == ("2026-12-01", "2026-12-31")

        # A range of its own, typed: ends before it begins — said so, and nothing typed is lost.
        await pilot.press("p")
        assert screen.query_one("#stats-since", Input).has_focus
        await pilot.press(*["backspace"] * 10, *"2026-10-20", "enter")
        await pilot.press(*["backspace"] * 10, *"2026-10-10", "enter")
        await settle(pilot)
        title = str(screen.query_one("#stats-title", Static).render())
        assert "The period ends (2026-10-10) before it begins (2026-10-20)" in title
        assert _period(screen) == ("2026-10-20", "2026-10-10")
        assert screen.query_one("#stats-until", Input).has_focus
        await pilot.press(*["backspace"] * 10, *"2026-11-40", "enter")
        await settle(pilot)
        assert 'date "2026-11-40" does not exist: 2026-11 has no day 40' in str(screen.query_one("#stats-title", Static).render())
        assert _period(screen) == ("2026-10-20", "2026-11-40")
        await pilot.press(*["backspace"] * 2, *"10", "enter")
        await settle(pilot)
        assert _period(screen) == ("2026-10-20", "2026-11-10")
        crossing = plain_cases(engine, date(2026, 10, 20), date(2026, 11, 10))
        assert _cell(figures, 0, 1) == str(len(crossing))
        assert "compared with 2025-10-20 – 2025-11-10" in str(screen.query_one("#stats-title", Static).render())
        assert figures.has_focus

        # [ moves a typed range by its own length (22 days).
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert _period(screen) == ("2026-09-28", "2026-10-19")
        await pilot.press("right_square_bracket")
        await settle(pilot)

        # One site.
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SiteChoiceScreen)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert str(screen.query_one("#stats-site", Label).render()) == "LS-02"
        outpost = plain_cases(engine, date(2026, 10, 20), date(2026, 11, 10), "LS-02")
        assert _cell(figures, 0, 1) == str(len(outpost))
        assert _cell(figures, 8, 0) == "Backflow"  # the site's own hand-offs, like every figure
        assert "site LS-02" in str(screen.query_one("#stats-title", Static).render())

        # Export, and read the workbook back.
        await pilot.press("e")
        await settle(pilot)
        assert "Exported 5 files" in str(screen.query_one("#stats-title", Static).render())
        exports = tmp_path / "exports"
        workbook = exports / "statistics-20261020-20261110-LS-02.xlsx"
        assert workbook.exists()
        assert (exports / "statistics-20261020-20261110-LS-02-figures.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        from openpyxl import load_workbook

        sheet = load_workbook(workbook)["Figures"]
        assert [c.value for c in sheet[3]][:3] == ["Cases", "count", len(outpost)]
        hours = load_workbook(workbook)["Hours of day"]
        expected = [0] * 24
        for row in outpost:
            expected[row.received_at.astimezone(ZONE).hour] += 1
        assert [hours.cell(row=3 + h, column=3).value for h in range(24)] == expected

        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "DeskScreen"


async def test_statistics_in_chinese_say_a_bad_range_in_chinese(tmp_path: Path):
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        await pilot.press("p", *["backspace"] * 10, *"2026-12-01", "enter", "enter")
        await settle(pilot)
        assert "统计截止日期（2026-11-30）早于起始日期（2026-12-01）" in str(
            screen.query_one("#stats-title", Static).render())
        assert _period(screen) == ("2026-12-01", "2026-11-30")
        figures = screen.query_one("#stats-figures", DataTable)
        assert _cell(figures, 0, 0) == "警情总数" and _cell(figures, 0, 3) == "—"  # (none a year before)


async def test_a_month_that_does_not_exist_is_named_and_the_typed_dates_stay(tmp_path: Path):
    """2026-13-01 is written as a date should be: the officer is told there is no month 13, not to write it
    as YYYY-MM-DD (which they did), in their language, at 80×24; both dates stay as typed."""
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        await pilot.press("p", *["backspace"] * 10, *"2026-13-01", "enter", "enter")
        await settle(pilot)
        said = str(screen.query_one("#stats-title", Static).render())
        assert "日期“2026-13-01”不存在：没有 13 月（月份为 01–12）" in said
        assert "YYYY-MM-DD" not in said
        assert _period(screen) == ("2026-13-01", "2026-11-30")
