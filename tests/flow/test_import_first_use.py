"""The import screen as a new officer first uses it, by keys: ctrl+o to read another file types over the path read
before; a 311 export's agency not mapped yet reads so, apart from one given no body; a file with no header row
asks for the columns' letters only while they are still needed."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import Input, Select

from screens.intake.logbook import CaseImportScreen
from tests.apphelpers import desk_app, open_desk_app, settle

SIZE = (80, 24)


def _logbook(path: Path, summary: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Kind", "Summary"])
        writer.writerow(["2024-03-05 14:20", "Theft", summary])
    return path


async def _import_screen(pilot) -> CaseImportScreen:
    desk = await open_desk_app(pilot)
    await pilot.app.push_screen(CaseImportScreen())
    await settle(pilot)
    return desk, pilot.app.screen


async def test_ctrl_o_selects_the_path_read_so_the_next_one_types_over_it(tmp_path):
    first, second = _logbook(tmp_path / "march.csv", "bike taken"), _logbook(tmp_path / "april.csv", "phone lost")
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        _desk, screen = await _import_screen(pilot)
        await pilot.press(*str(first), "enter")
        await settle(pilot)
        assert screen.opened.file.path == first
        path = screen.query_one("#import-path", Input)
        assert path.has_focus  # (Enter leaves the focus in the box: ctrl+o focuses nothing new)

        await pilot.press("ctrl+o", *str(second), "enter")
        await settle(pilot)
        assert path.value == str(second)
        assert screen.opened is not None and screen.opened.file.path == second

        screen.query_one("#import-col-category", Select).focus()  # from a list of the mapping, the same
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert path.has_focus and path.selected_text == str(second)
        await pilot.press(*str(first), "enter")
        await settle(pilot)
        assert path.value == str(first) and screen.opened.file.path == first
