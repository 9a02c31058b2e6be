"""串并 as the officer sees it, in both languages: the panel on the case form and on a case, a series,
and where matters cluster."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from screens.cases.detail import CaseDetailScreen
from screens.cases.series import SeriesScreen
from tests.apphelpers import desk_app, settle, wait_until
from tests.flow.test_similar_flow import seed_thefts
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

SIZE = (120, 36)


def _seeded(name: str, lang: str):
    app = desk_app(_fixed_folder(f"{name}-{lang}"), lang=lang)

    async def prepare(pilot):
        await settle(pilot)
        pilot.app.thefts = seed_thefts(pilot.app.desk)
        await settle(pilot)

    return app, prepare


def _rows(app, table: str) -> int:
    found = app.screen.query(table)
    return found.first().row_count if found else 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_similar_cases_on_the_form(snap_compare, lang):
    app, prepare = _seeded("similar-form", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f2")
        await settle(pilot)
        for name, text in (("place", "城河街88号"), ("summary", "电瓶被盗")):
            box = app.screen.query_one(f"#{name}", Input)
            box.focus()
            box.insert_text_at_cursor(text)
        assert await wait_until(pilot, lambda: _rows(app, "#similar-cases") == 3)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_similar_cases_on_a_case(snap_compare, lang):
    app, prepare = _seeded("similar-case", lang)

    async def run_before(pilot):
        await prepare(pilot)
        app.push_screen(CaseDetailScreen(app.thefts[2].case_id))
        assert await wait_until(pilot, lambda: _rows(app, "#similar-cases") == 2)
        app.screen.query_one("#similar-cases").focus()  # scrolled into view; k and j in the footer
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def _series(name: str, lang: str):
    app, prepare = _seeded(name, lang)

    async def run_before(pilot):
        await prepare(pilot)
        series_id = app.desk.series.start_series("城河街夜盗电瓶", [t.case_id for t in app.thefts])
        app.push_screen(SeriesScreen(series_id))
        assert await wait_until(pilot, lambda: _rows(app, "#case-rows") == 3)
        await settle(pilot)

    return app, run_before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_series(snap_compare, lang):
    app, run_before = _series("series", lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_series_at_80_columns_keeps_each_status_whole(snap_compare, lang):
    app, run_before = _series("series-80", lang)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_where_matters_cluster(snap_compare, lang):
    app, prepare = _seeded("clusters", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("ctrl+b")
        assert await wait_until(pilot, lambda: _rows(app, "#clusters") > 0)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["wide", "narrow"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_links_held_on_the_form(snap_compare, lang, size):
    """k and j on the form's suggestions: the links held for the save, said under the panel."""
    app, prepare = _seeded(f"similar-held-{size[0]}", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f2")
        await settle(pilot)
        for name, text in (("place", "城河街88号"), ("summary", "电瓶被盗")):
            box = app.screen.query_one(f"#{name}", Input)
            box.focus()
            box.insert_text_at_cursor(text)
        assert await wait_until(pilot, lambda: _rows(app, "#similar-cases") == 3)
        app.screen.query_one("#similar-cases").focus()
        await pilot.press("k", "down", "j")
        assert await wait_until(pilot, lambda: app.screen.query("#series-name"))
        app.screen.query_one("#series-name", Input).insert_text_at_cursor("城河街夜盗电瓶")
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: len(getattr(app.screen, "held_links", ())) == 2)
        app.clear_notifications()  # the notices said it; the line above the panel keeps saying it
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_where_matters_cluster_narrow(snap_compare, lang):
    app, prepare = _seeded("clusters-narrow", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("ctrl+b")
        assert await wait_until(pilot, lambda: _rows(app, "#clusters") > 0)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
