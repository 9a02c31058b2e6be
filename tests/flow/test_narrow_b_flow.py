"""At 80×24 (a desk terminal): hand-offs, a patrol shift and the handover keep what identifies a row,
and a message too long for one line wraps instead of losing its end."""

from __future__ import annotations

import io
import math

import pytest
from rich.cells import cell_len
from rich.console import Console
from textual.widgets import DataTable

from screens.handoffs.queues import HandoffQueueScreen
from screens.intake.logbook import CaseImportScreen
from screens.patrols.shift import ShiftScreen
from screens.reports.handover import HandoverScreen
from screens.shell.columns import FittedTable
from tests.apphelpers import desk_app, seed_cases, settle, wait_until
from tests.flow.test_narrow_layout import footer_keys_whole
from tests.patrolhelpers import seed_patrols
from tests.snapshots.test_handoff_snapshots import seed_handoffs

SIZE = (80, 24)


def shown(table: FittedTable) -> dict[str, int]:
    return dict(table.shown_columns)


async def test_the_queues_keep_case_status_and_due_and_cut_the_rest_with_an_ellipsis(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seed_handoffs(app.desk)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, HandoffQueueScreen)
        table = app.screen.query_one("#handoff-table", FittedTable)
        assert await wait_until(pilot, lambda: table.row_count == 1)
        columns = shown(table)
        assert {"case_no", "status", "due", "reporter"} <= set(columns)
        assert sum(width + 2 for width in columns.values()) <= table.content_region.width
        row = [cell.plain for cell in table.get_row_at(0)]
        assert row[0] == "LS-20261118-0001"  # whole
        whole = {key: str(getattr(cell, "plain", cell)) for key, cell in
                 zip(("case_no", "body", "matter", "status", "due", "calls", "reporter", "phone", "summary"),
                     table.full_row(0))}
        for (key, width), text in zip(columns.items(), row):
            assert cell_len(text) <= width
            assert text == whole[key] or text.endswith("…"), (key, text)

        await pilot.resize_terminal(200, 50)  # wider: every column again, nothing cut
        assert await wait_until(pilot, lambda: len(table.shown_columns) == 9)
        assert [cell.plain for cell in table.get_row_at(0)] == list(whole.values())


async def test_a_shift_shows_who_came_when_and_for_how_long(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seed_patrols(app.desk)
        await pilot.press("f6", "enter")  # tonight's shift is the newest
        await settle(pilot)
        assert isinstance(app.screen, ShiftScreen)
        members = app.screen.query_one("#members", FittedTable)
        assert await wait_until(pilot, lambda: members.row_count == 5)
        assert {"state", "name", "in", "out", "hours"} <= set(shown(members))
        assert app.screen.query_one("#shift-right").size.width < 40  # the counters give the checklist room


async def test_the_handover_keeps_case_numbers_whole_and_its_message_wraps(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        recorded = seed_cases(app.desk)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandoverScreen)
        tables = screen.query_one("#handover-tables")
        console = Console(width=tables.size.width, record=True, file=io.StringIO())
        console.print(tables.content)  # drawn at the width the screen gives it
        text = console.export_text()
        assert max(cell_len(line) for line in text.splitlines()) <= tables.size.width
        for case in recorded[1:]:
            assert case.case_no in text  # whole, not "LS-20261122…"

        await pilot.press("w")
        await settle(pilot)
        message = screen.query_one("#handover-message")
        said = str(message.content)
        folder = str(tmp_path / "reports")
        assert folder in said
        assert await wait_until(pilot, lambda: message.size.height >= math.ceil(cell_len(said) / message.size.width))
        assert message.size.height > 1


async def test_narrow_statistics_show_the_charts_in_place_of_the_tables_on_c(tmp_path):
    from tests.unit.test_statistics import seed_statistics

    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seed_statistics(app.desk)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        charts, tables = screen.query_one("#stats-charts"), screen.query_one("#stats-tables")
        assert tables.display and not charts.display  # narrow: the figures first, all the width
        assert tables.size.width >= 76
        await pilot.press("c")
        assert await wait_until(pilot, lambda: charts.display and not tables.display and charts.size.width >= 76)
        # The bars are numbered as the table's rows are; the table is gone, so the numbers are named under them.
        key = screen.query_one("#stats-chart-key")
        table = screen.query_one("#stats-categories", DataTable)
        # (the number in a column of its own, the name in the next)
        named = [f"{table.get_row_at(row)[0]} {table.get_row_at(row)[1]}".rstrip(" *") for row in range(table.row_count)]
        assert len(named) >= 3 and key.display
        assert str(key.render()) == "Bars: " + " · ".join(named)
        await pilot.press("c")
        assert await wait_until(pilot, lambda: tables.display and not charts.display)

        await pilot.resize_terminal(200, 50)  # wide: both side by side, and c is not offered
        assert await wait_until(pilot, lambda: tables.display and charts.display and charts.size.width > 40)
        assert screen.check_action("charts", ()) is False
        assert not key.display  # wide, the table beside the charts names them


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_narrow_statistics_footer_shows_the_import_key_whole(tmp_path, lang):
    # A new officer at an 80×24 terminal finds the import on F8 by its key in the footer.
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        keys = footer_keys_whole(app.screen)
        assert {"left_square_bracket", "right_square_bracket", "p", "i", "escape", "f1"} <= set(keys), keys
        await pilot.press("i")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseImportScreen))


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_narrow_statistics_footer_offers_c_for_the_charts_in_both_languages(tmp_path, lang):
    # At 80×24 the charts are only seen by c: the footer says so in English too, beside the period's keys
    # and the import, not only F1's help.
    from tests.unit.test_statistics import seed_statistics

    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seed_statistics(app.desk)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        keys = footer_keys_whole(screen)
        assert {"left_square_bracket", "right_square_bracket", "p", "i", "c", "escape", "f1"} <= set(keys), keys
        charts, tables = screen.query_one("#stats-charts"), screen.query_one("#stats-tables")
        await pilot.press("c")
        assert await wait_until(pilot, lambda: charts.display and not tables.display)
        assert "c" in footer_keys_whole(screen)  # and c again puts the tables back
        await pilot.press("c")
        assert await wait_until(pilot, lambda: tables.display and not charts.display)
