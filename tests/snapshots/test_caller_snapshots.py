"""Caller look-up, a person's history and the repeat-reporter list, in both languages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk.cases.recording import CaseDraft
from frontdesk.callers.people import PersonInput
from tests.apphelpers import desk_app, seed_cases, settle
from tests.conftest import FROZEN_NOW
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

SIZE = (120, 36)


def _app(name: str, lang: str, *keys: str):
    app = desk_app(_fixed_folder(f"{name}-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        desk = pilot.app.desk
        first, _, _ = seed_cases(desk)
        for days in (4, 3):
            desk.cases.record_case(CaseDraft(reporter=PersonInput(person_id=first.reporter_id), category="noise",
                                       summary="又报楼上噪音", repeat_of=first.case_id),
                             now=FROZEN_NOW - timedelta(days=days))
        desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张丽", phone="13900001111"), category="help",
                                   summary="钥匙锁在屋内"), now=FROZEN_NOW - timedelta(hours=1))
        # Counted now, not whenever the desk's next look for changes comes round (a busy machine's timing).
        await pilot.press("ctrl+r")
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return app, run_before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_look_up_results_for_a_surname(snap_compare, lang):
    app, run_before = _app("lookup", lang, "张")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_person_history(snap_compare, lang):
    app, run_before = _app("person", lang, *"zjg", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_repeat_reporter_list(snap_compare, lang):
    app, run_before = _app("reporters", lang, "f7")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_f3_back_from_a_caller_selects_the_last_look_up_at_80_columns(snap_compare, lang):
    """The last look-up stays in the box, selected: the next caller's number replaces it."""
    app, run_before = _app("lookup-again", lang, *"zjg", "enter", "f3")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


#: Twelve more people named 张, for a look-up with more results than its list shows at once.
MORE_ZHANG = ("张伟", "张敏", "张静", "张磊", "张军", "张洋", "张勇", "张艳", "张杰", "张娟", "张涛", "张明")


def _app_with_more(name: str, lang: str, *keys: str):
    app, run_first = _app(name, lang)

    async def run_before(pilot):
        await run_first(pilot)
        desk = pilot.app.desk
        for number, person in enumerate(MORE_ZHANG):
            desk.cases.record_case(CaseDraft(reporter=PersonInput(name=person, phone=f"1370000{number:04d}"),
                                             category="help", summary="问路"),
                                   now=FROZEN_NOW - timedelta(hours=3, minutes=number))
        await pilot.press("ctrl+r")  # the desk's figures counted with them
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return app, run_before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_look_up_results_past_the_list(snap_compare, lang):
    """Fourteen results in a list of ten lines: its scroll bar shows the first ten are the top of them."""
    app, run_before = _app_with_more("lookup-more", lang, "张")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_look_up_results_scrolled_by_keys(snap_compare, lang):
    """↓ into the list and on to its twelfth result: the list has the keys (tinted) and has scrolled."""
    app, run_before = _app_with_more("lookup-scrolled", lang, "张", *["down"] * 12)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_look_up_one_result_chosen_by_keys(snap_compare, lang):
    """One result, the list given the keys: its unused scroll bar column is tinted with the rest of it."""
    app, run_before = _app("lookup-one", lang, *"zjg", "down")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
