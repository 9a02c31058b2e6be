"""The logbook import screen as the officer sees it, in both languages: the mapping with its preview,
and the result with the rejected rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from screens.intake.logbook import CaseImportScreen
from tests.apphelpers import desk_app, settle
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

SIZE = (120, 36)
MESSY = Path(__file__).parent.parent / "data" / "logbook-messy-gbk.csv"


def _import_app(name: str, lang: str, *keys: str):
    folder = _fixed_folder(f"import-{name}-{lang}")
    logbook = folder / "logbook.csv"
    shutil.copyfile(MESSY, logbook)
    app = desk_app(folder / "data", lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.app.push_screen(CaseImportScreen(str(logbook)))
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return app, run_before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mapping_and_preview(snap_compare, lang):
    app, run_before = _import_app("preview", lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_result_with_rejects(snap_compare, lang):
    app, run_before = _import_app("result", lang, "ctrl+g")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


SERVICE_REQUESTS = Path(__file__).parent.parent / "data" / "service-requests-311.csv"
SERVICE_MAPPING = SERVICE_REQUESTS.with_suffix(".toml")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])
def test_agencies_of_a_311_export(snap_compare, lang, size):
    """A 311 export with its mapping: each agency with its rows and the body they go to, DSNY not mapped yet (at 80×24
    its list has the focus, the box scrolled to it)."""
    folder = _fixed_folder(f"{size[0]}{lang}")  # (short: the path box shows it whole at 80 columns, in Chinese)
    export = folder / "311.csv"
    shutil.copyfile(SERVICE_REQUESTS, export)
    (folder / "data" / "mappings").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SERVICE_MAPPING, folder / "data" / "mappings" / SERVICE_MAPPING.name)
    app = desk_app(folder / "data", lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.app.push_screen(CaseImportScreen(str(export), SERVICE_MAPPING.stem))
        await settle(pilot)
        if size == (80, 24):
            screen = pilot.app.screen
            select_id = next(key for key, (agency, _shown) in screen.agencies.selects.items() if agency == "DSNY")
            screen.query_one(f"#{select_id}").focus()
            await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


NYC_EXPORT = SERVICE_REQUESTS.parent / "nyc-311-service-requests.csv"
NYC_MAPPING = """name = "nyc"
[columns]
received_at = "Created Date"
category = "Complaint Type"
place = "Incident Address"

[service_requests]
agency = "Agency Name"
status = "Status"
closed_at = "Closed Date"
reference = "Unique Key"

[service_requests.bodies]
"New York City Police Department" = "none"
"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_police_agency_given_no_body(snap_compare, lang):
    """NYC's police, the station's own by their name, given no body ("none") in the mapping: its list says no
    body, not This station, and the preview refuses its rows saying so."""
    folder = _fixed_folder(f"nyc-none-{lang}")
    export = folder / "nyc.csv"
    shutil.copyfile(NYC_EXPORT, export)
    (folder / "data" / "mappings").mkdir(parents=True, exist_ok=True)
    (folder / "data" / "mappings" / "nyc.toml").write_text(NYC_MAPPING, encoding="utf-8")
    app = desk_app(folder / "data", lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.app.push_screen(CaseImportScreen(str(export), "nyc"))
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_file_with_no_header_row_mapped_by_letters(snap_compare, lang):
    """Reno's dump, no header row, opened with a mapping that gives the columns' letters: the first line says they
    are read by the letters given, and no note asks for them again."""
    from tests.unit.test_import_public_exports import RENO, RENO_MAPPING

    folder = _fixed_folder(f"r{lang}")  # (short: the path box shows it whole at 80 columns, in Chinese)
    export = folder / "reno.csv"
    shutil.copyfile(RENO, export)
    (folder / "data" / "mappings").mkdir(parents=True, exist_ok=True)
    (folder / "data" / "mappings" / "reno.toml").write_text(RENO_MAPPING, encoding="utf-8")
    app = desk_app(folder / "data", lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.app.push_screen(CaseImportScreen(str(export), "reno"))
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
