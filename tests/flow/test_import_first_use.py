"""The import screen as a new officer first uses it, by keys: ctrl+o to read another file types over the path read
before; a 311 export's agency not mapped yet reads so, apart from one given no body; a file with no header row
asks for the columns' letters only while they are still needed."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from textual.widgets import Input, Select, Static

from frontdesk.i18n import t
from screens.intake.logbook import CaseImportScreen
from tests.apphelpers import desk_app, open_desk_app, settle
from tests.unit.test_import_public_exports import RENO, RENO_MAPPING
from tests.unit.test_service_requests import EXPORT, MAPPING

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


def _agency_list(screen, agency: str) -> Select:
    select_id = next(select_id for select_id, (named, _shown) in screen.agencies.selects.items() if named == agency)
    return screen.query_one(f"#{select_id}", Select)


def _shown(select: Select) -> str:
    return str(select.query_one("SelectCurrent #label", Static).render())


def _refusals(screen, agency: str) -> list[str]:
    return [problem.key for row in screen.preview_rows for problem in row.problems
            if problem.params.get("value") == agency]


async def test_an_agency_not_mapped_yet_says_so_apart_from_one_given_no_body(tmp_path):
    """The 311 export's mapping names no body for DSNY: its list says it is not mapped yet (not "No body: not
    imported", the officer's own choice), its rows refused for that; given no body by keys, its list and its rows'
    reason say so, and the import counts its rows under the agencies given none."""
    folder = tmp_path / "data" / "mappings"
    folder.mkdir(parents=True)
    shutil.copyfile(MAPPING, folder / MAPPING.name)
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        _desk, screen = await _import_screen(pilot)
        await pilot.press(*str(EXPORT), "tab", *MAPPING.stem, "enter")
        await settle(pilot)
        dsny = _agency_list(screen, "DSNY")
        assert dsny.value == Select.NULL and _shown(dsny) == t("import.agency.not_mapped")
        assert _shown(_agency_list(screen, "DOT")) != t("import.agency.not_mapped")
        assert _refusals(screen, "DSNY") == ["import.unknown_agency"] * 2
        assert [line.rows for line in screen.agencies.listed.lines if line.agency == "DSNY"] == [2]

        dsny.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"No body", "enter")
        await settle(pilot)
        assert dsny.value == "none" and _shown(dsny) == t("import.agency.no_body")
        assert screen.opened.mapping.service_requests.bodies["DSNY"] == "none"
        assert _refusals(screen, "DSNY") == ["import.agency_not_imported"] * 2

        await pilot.press("ctrl+g")
        await settle(pilot)
        message = str(screen.query_one("#import-message", Static).render())
        assert "11 imported" in message and "2 rejected" in message
        assert 'Agencies given no body ("none"), their rows not imported as the mapping says: DSNY: 2 rows' in message
        assert "no receiving body" not in message


def _message(screen) -> str:
    return str(screen.query_one("#import-message", Static).render())


async def _choose_letter(pilot, screen, field: str, letter: str) -> None:
    screen.query_one(f"#import-col-{field}", Select).focus()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(letter, "enter")
    await settle(pilot)


async def test_a_file_with_no_header_row_asks_for_letters_only_while_they_are_still_needed(tmp_path):
    """Reno's dispatch dump has no header row: read with no mapping, the screen asks for the columns' letters; once
    the date's and the category's are chosen by keys it says, once, that the letters given are read. Read with a
    saved mapping giving them, it never asks."""
    folder = tmp_path / "data" / "mappings"
    folder.mkdir(parents=True)
    (folder / "reno.toml").write_text(RENO_MAPPING, encoding="utf-8")
    asking = t("import.no_header", cells="")[:60]  # (its words before the first row's cells)
    by_letters = t("import.screen.opened_by_letters", path=str(RENO), encoding="utf-8")
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        _desk, screen = await _import_screen(pilot)
        await pilot.press(*str(RENO), "enter")
        await settle(pilot)
        assert screen.opened.no_header and not screen.opened.mapping.column("received_at")
        assert asking in _message(screen) and by_letters not in _message(screen)

        await _choose_letter(pilot, screen, "received_at", "C")
        assert asking in _message(screen)  # the category's letter is still to give
        await _choose_letter(pilot, screen, "category", "B")
        assert screen.opened.mapping.columns["received_at"] == "C" and screen.opened.mapping.columns["category"] == "B"
        assert asking not in _message(screen) and _message(screen).count(by_letters) == 1

        path = screen.query_one("#import-path", Input)
        path.focus()
        await pilot.press("ctrl+o", *str(RENO), "tab", *"reno", "enter")  # the same file with the mapping saved
        await settle(pilot)
        assert screen.opened.mapping.name == "reno" and screen.opened.mapping.columns["place"] == "F"
        assert asking not in _message(screen) and _message(screen).startswith(by_letters)
