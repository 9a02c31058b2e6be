"""Hand-offs, patrols, reports, the import and sync at 80×24 (a desk terminal, half a laptop screen), in both languages.

Each screen keeps its identifying columns whole (case number, time, status) and drops or
narrows the others; cut text ends in "…"; messages wrap. The set-ups are those of the
screens' own snapshot files, at the smaller size.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from tests.apphelpers import desk_app, settle
from tests.patrolhelpers import seed_patrols
from tests.snapshots import test_handoff_snapshots as handoffs
from tests.snapshots import test_import_snapshots as intake
from tests.snapshots import test_report_snapshots as reports
from tests.snapshots import test_sync_snapshots as sync
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder
from tests.unit.test_statistics import seed_statistics

SIZE = (80, 24)


def _keys(app, prepare, *keys: str):
    async def run_before(pilot):
        await prepare(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False

    return app, run_before


# ---- hand-offs -------------------------------------------------------------------------------

def _handoffs(name: str, lang: str, *keys: str):
    app, prepare, _cases = handoffs._seeded(f"narrow-{name}", lang)
    return _keys(app, prepare, *keys)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_handoff_queues(snap_compare, lang):
    app, run_before = _handoffs("queues", lang, "f5")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_handoff_bodies_and_matters(snap_compare, lang):
    app, run_before = _handoffs("lists", lang, "f5", "b")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_handoff_figures(snap_compare, lang):
    app, run_before = _handoffs("figures", lang, "f5", "g")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# ---- patrols ---------------------------------------------------------------------------------

def _patrols(name: str, lang: str, *keys: str):
    app = desk_app(_fixed_folder(f"narrow-patrol-{name}-{lang}"), lang=lang)

    async def prepare(pilot):
        await settle(pilot)
        seed_patrols(pilot.app.desk)
        await pilot.press("ctrl+r")
        await settle(pilot)

    return _keys(app, prepare, *keys)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_patrols_overview(snap_compare, lang):
    app, run_before = _patrols("overview", lang, "f6")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_patrol_shift(snap_compare, lang):
    app, run_before = _patrols("shift", lang, "f6", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_patrol_roster(snap_compare, lang):
    app, run_before = _patrols("roster", lang, "f6", "r")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_patrol_totals(snap_compare, lang):
    app, run_before = _patrols("totals", lang, "f6", "t")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_patrol_month(snap_compare, lang):
    app, run_before = _patrols("month", lang, "f6", "t", "g")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# ---- reports ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_handover(snap_compare, lang):
    app, run_before = reports.handover_shown("narrow-handover", lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statistics(snap_compare, lang):
    app = desk_app(_fixed_folder(f"narrow-statistics-{lang}"), lang=lang)

    async def prepare(pilot):
        await settle(pilot)
        seed_statistics(app.desk)

    app, run_before = _keys(app, prepare, "f8")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# ---- the import and sync ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_import_mapping_and_preview(snap_compare, lang):
    app, opened = intake._import_app("narrow-preview", lang)

    async def run_before(pilot):
        await opened(pilot)
        # The file box shows the path from its start: the run's own folder (a random name) is then shown whole,
        # and so as SHOWN_ROOT, not as a random tail.
        pilot.app.screen.query_one("#import-path", Input).cursor_position = 0
        pilot.app.screen.query_one("#import-preview").focus()
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_import_columns_box_has_the_keys(snap_compare, lang):
    """Tab stops on the columns' box itself (↑ ↓ scroll it) before its first list: its border is in the accent."""
    app, opened = intake._import_app("narrow-columns-box", lang)

    async def run_before(pilot):
        await opened(pilot)
        await pilot.press("ctrl+o", "tab", "tab", "tab")  # (the path, the mapping's name, the long message)
        pilot.app.screen.query_one("#import-path", Input).cursor_position = 0  # (see above)
        await settle(pilot)
        assert pilot.app.focused.id == "import-columns"

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sync_exchange(snap_compare, lang):
    app, run_before = sync._app("narrow-screen", lang, "ctrl+y", "i", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sync_conflicts(snap_compare, lang):
    app, run_before = sync._app("narrow-list", lang, "ctrl+y", "i", "enter", "c")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sync_conflict_field_by_field(snap_compare, lang):
    app, run_before = sync._app("narrow-fields", lang, "ctrl+y", "i", "enter", "c", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# ---- dialogs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_handoff_form(snap_compare, lang):
    app, prepare, cases = handoffs._seeded("narrow-handoff-form", lang)

    async def run_before(pilot):
        await prepare(pilot)
        from screens.cases.detail import CaseDetailScreen

        await pilot.app.push_screen(CaseDetailScreen(cases["again"].case_id))
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_start_shift_dialog(snap_compare, lang):
    app, run_before = _patrols("start", lang, "f6", "n")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_volunteer_dialog(snap_compare, lang):
    app, run_before = _patrols("volunteer", lang, "f6", "r", "e")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_body_dialog(snap_compare, lang):
    app, run_before = _handoffs("body-form", lang, "f5", "b", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_site_choice_dialog(snap_compare, lang):
    app = desk_app(_fixed_folder(f"narrow-site-choice-{lang}"), lang=lang)

    async def prepare(pilot):
        await settle(pilot)
        seed_statistics(app.desk)

    app, run_before = _keys(app, prepare, "f8", "s")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
