"""A hotline's or 311 export's agencies given a receiving body on the import screen, by keys: the import hands their
rows to it, and ctrl+s keeps it in the mapping; an agency left with no body is still reported."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlmodel import select
from textual.widgets import Input, Select, Static

from db.engine import read_session
from db.models import Case
from screens.intake.logbook import CaseImportScreen
from tests.apphelpers import desk_app, open_desk_app, settle
from tests.unit.test_service_requests import EXPORT, MAPPING, handoffs_by_ref

SIZE = (80, 24)
NYC = Path(__file__).parent.parent / "data" / "nyc-311-service-requests.csv"


async def _opened(pilot, path: Path, mapping: str = ""):
    """The import screen at 80×24 with `path` (and the mapping's name) typed and Enter pressed."""
    desk = await open_desk_app(pilot)
    await pilot.app.push_screen(CaseImportScreen())
    await settle(pilot)
    await pilot.press(*str(path))
    if mapping:
        await pilot.press("tab", *mapping)
    await pilot.press("enter")
    await settle(pilot)
    return desk, pilot.app.screen


def _agency_select(screen, agency: str) -> Select:
    select_id = next(select_id for select_id, (named, _shown) in screen.agencies.selects.items() if named == agency)
    return screen.query_one(f"#{select_id}", Select)


async def _give_body(pilot, screen, agency: str, typed: str) -> None:
    """The agency's list opened by keys, the body typed and taken with Enter."""
    _agency_select(screen, agency).focus()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*typed, "enter")
    await settle(pilot)


def _refused_for_agency(screen) -> list[str]:
    """The agencies of the preview's rows refused for having no body."""
    return [str(problem.params["value"]) for row in screen.preview_rows for problem in row.problems
            if problem.key == "import.unknown_agency"]


def _mapped_311(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "mappings"
    folder.mkdir(parents=True)
    shutil.copyfile(MAPPING, folder / MAPPING.name)
    return folder / MAPPING.name


async def test_an_agency_with_no_body_is_given_one_by_keys_and_its_rows_are_handed_to_it(tmp_path):
    _mapped_311(tmp_path)
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        desk, screen = await _opened(pilot, EXPORT, "service-requests-311")
        # the file's agencies, most rows first, each with its rows and where they go
        assert [(line.agency, line.rows, line.goes_to) for line in screen.agencies.listed.lines] == [
            ("NYPD", 3, "other_police"), ("DEP", 2, "hotline_12345"), ("HPD", 2, "mediation_centre"),
            ("DCWP", 2, "hotline_12345"), ("DSNY", 2, ""), ("DOT", 2, "transport_12328")]
        assert _agency_select(screen, "DSNY").value == Select.NULL  # not mapped yet: its rows are refused, saying so
        assert _refused_for_agency(screen) == ["DSNY", "DSNY"]

        await _give_body(pilot, screen, "DSNY", "Comm")  # Community grid worker
        assert screen.opened.mapping.service_requests.bodies["DSNY"] == "grid_worker"
        assert _refused_for_agency(screen) == []

        await pilot.press("ctrl+g")
        await settle(pilot)
        message = str(screen.query_one("#import-message", Static).render())
        assert "13 imported" in message and "0 rejected" in message
        handed = handoffs_by_ref(desk.engine)
        assert {ref: handed[ref][0] for ref in ("56891009", "56891010")} == dict.fromkeys(
            ("56891009", "56891010"), "grid_worker")
        assert handed["56891012"][0] == "transport_12328"  # the others as the mapping maps them


async def test_a_body_chosen_on_the_screen_is_saved_with_the_mapping(tmp_path):
    saved = _mapped_311(tmp_path)
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        _desk, screen = await _opened(pilot, EXPORT, "service-requests-311")
        await _give_body(pilot, screen, "DSNY", "12348")  # legal aid
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = saved.read_text(encoding="utf-8")
        assert 'DSNY = "legal_aid_12348"' in written and 'DOT = "transport_12328"' in written
        assert "Mapping saved" in str(screen.query_one("#import-message", Static).render())
        assert _agency_select(screen, "DSNY").value == "legal_aid_12348"


async def test_a_body_chosen_for_a_proposal_is_saved_over_the_officers_mapping_with_their_bodies(tmp_path):
    """NYC's export opened with no mapping: its agencies listed with no body but the police (the station's own).
    A body chosen for one, saved under the name of the officer's mapping, wins there; the bodies they wrote for
    the others stay."""
    folder = tmp_path / "data" / "mappings"
    folder.mkdir(parents=True)
    (folder / "nyc.toml").write_text('name = "nyc"\n[service_requests]\nagency = "Agency Name"\n'
                                     '[service_requests.bodies]\n"Department of Transportation" = "transport_12328"\n',
                                     encoding="utf-8")
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        _desk, screen = await _opened(pilot, NYC)
        going = {line.agency: (line.rows, line.goes_to) for line in screen.agencies.listed.lines}
        assert going["New York City Police Department"] == (4, "station")
        assert going["Department of Housing Preservation and Development"] == (2, "")
        await _give_body(pilot, screen, "Department of Housing Preservation and Development", "Disp")

        screen.query_one("#import-mapping-name", Input).focus()
        await pilot.press("ctrl+u", *"nyc", "ctrl+s")
        await settle(pilot)
        written = (folder / "nyc.toml").read_text(encoding="utf-8")
        assert '"Department of Housing Preservation and Development" = "mediation_centre"' in written
        assert '"Department of Transportation" = "transport_12328"' in written
        assert _agency_select(screen, "Department of Transportation").value == "transport_12328"


async def test_no_body_for_a_police_agency_holds_in_the_preview_the_saved_mapping_and_the_import(tmp_path):
    """NYC's police, the station's own by their name, given no body by keys: the list keeps saying so, the preview
    refuses their rows, ctrl+s writes "none" for them (read back the same), and the import leaves them out, saying
    why."""
    folder = tmp_path / "data" / "mappings"
    app = desk_app(tmp_path / "data")
    police = "New York City Police Department"
    async with app.run_test(size=SIZE) as pilot:
        desk, screen = await _opened(pilot, NYC)
        assert _agency_select(screen, police).value == "station"
        await _give_body(pilot, screen, police, "No")  # No body: not imported
        assert _agency_select(screen, police).value == "none"
        assert screen.opened.mapping.service_requests.bodies[police] == "none"
        refused = [row for row in screen.preview_rows
                   if any(problem.key == "import.agency_not_imported" for problem in row.problems)]
        assert len(refused) == 4 and not any(row.draft for row in refused)

        screen.query_one("#import-mapping-name", Input).focus()
        await pilot.press("ctrl+u", *"nyc", "ctrl+s")
        await settle(pilot)
        assert f'"{police}" = "none"' in (folder / "nyc.toml").read_text(encoding="utf-8")
        assert _agency_select(screen, police).value == "none"  # the file read back says the same

        await pilot.press("ctrl+g")
        await settle(pilot)
        message = str(screen.query_one("#import-message", Static).render())
        assert "agency given no body" in message  # (a row with a complaint type not mapped is counted under that)
        assert f'Agencies given no body ("none"), their rows not imported as the mapping says: {police}: 4 rows' \
            in message
        with read_session(desk.engine) as session:
            police_cases = session.exec(select(Case).where(Case.police)).all()
        assert police_cases == []

    again = desk_app(tmp_path / "data")
    async with again.run_test(size=SIZE) as pilot:  # the saved mapping opened another day: still no body
        _desk, screen = await _opened(pilot, NYC, "nyc")
        going = {line.agency: line.goes_to for line in screen.agencies.listed.lines}
        assert going[police] == "none" and _agency_select(screen, police).value == "none"
