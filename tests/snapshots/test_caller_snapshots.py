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
