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
