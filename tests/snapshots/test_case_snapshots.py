"""The case screens as the officer sees them, in both languages."""

from __future__ import annotations

import pytest

from tests.apphelpers import desk_app, seed_cases, settle
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

SIZE = (120, 36)


def _seeded(name: str, lang: str):
    app = desk_app(_fixed_folder(f"{name}-{lang}"), lang=lang)

    async def prepare(pilot):
        await settle(pilot)
        seed_cases(pilot.app.desk)
        # The desk's figures count the seeded cases now, not whenever its change check next comes round: a
        # snapshot of a dialog over the desk showed "0" or "2" behind it by the moment it was taken.
        pilot.app.screen.action_refresh()
        await settle(pilot)

    return app, prepare


@pytest.mark.parametrize("lang", LANGUAGES)
def test_new_case_form(snap_compare, lang):
    app, prepare = _seeded("form", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f2")
        await settle(pilot)  # the form's fields stop blinking: the picture does not depend on when it is taken

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def _walk_in(pilot, phone: str, name: str, summary: str) -> None:
    """A walk-in typed on the form (names and summaries arrive whole, as from an input method)."""
    await pilot.press(*phone)
    pilot.app.screen.query_one("#reporter-name").insert_text_at_cursor(name)
    pilot.app.screen.query_one("#summary").insert_text_at_cursor(summary)
    await settle(pilot)


@pytest.mark.parametrize("size", {"wide": (120, 36), "narrow": (80, 24)})
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_unsaved_cases_set_this_one_aside_or_take_one_back(snap_compare, lang, size):
    app, prepare = _seeded(f"drafts-aside-{size}", lang)
    zh = lang == "zh"

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await _walk_in(pilot, "13700002222", "王芳" if zh else "Wang Fang", "钱包丢失" if zh else "Lost wallet")
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press("enter")  # set aside: a fresh form
        await settle(pilot)
        await _walk_in(pilot, "13600003333", "赵敏" if zh else "Zhao Min", "楼上噪音" if zh else "Noise upstairs")
        await pilot.press("ctrl+f")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 36) if size == "wide" else (80, 24), run_before=run_before)


@pytest.mark.parametrize("size", {"wide": (120, 36), "narrow": (80, 24)})
@pytest.mark.parametrize("lang", LANGUAGES)
def test_throwing_away_a_case_set_aside_is_asked_first_naming_it(snap_compare, lang, size):
    app, prepare = _seeded(f"drafts-throw-away-{size}", lang)
    zh = lang == "zh"

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await _walk_in(pilot, "13700002222", "王芳" if zh else "Wang Fang", "钱包丢失" if zh else "Lost wallet")
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press("enter")  # set aside: a fresh form, nothing typed
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press("ctrl+l")  # the one case set aside is highlighted
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 36) if size == "wide" else (80, 24), run_before=run_before)


async def _left_by_the_last_run(pilot, zh: bool) -> None:
    """What the last run left in the desk's slot, as its form wrote it; the desk offers it as at start-up."""
    import json

    from tests.conftest import FROZEN_NOW

    fields = {"reporter-phone": "13700002222", "reporter-name": "王芳" if zh else "Wang Fang",
              "summary": "钱包丢失" if zh else "Lost wallet"}
    store = pilot.app.desk.cases.case_draft_store()
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({"saved_at": FROZEN_NOW.isoformat(), "fields": fields}), encoding="utf-8")
    pilot.app.screen.offer_draft(pilot.app.desk)
    await settle(pilot)


@pytest.mark.parametrize("size", {"wide": (120, 36), "narrow": (80, 24)})
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_unsaved_case_left_by_the_last_run_is_continued_set_aside_or_thrown_away(snap_compare, lang, size):
    app, prepare = _seeded(f"kept-draft-{size}", lang)
    zh = lang == "zh"

    async def run_before(pilot):
        await prepare(pilot)
        await _left_by_the_last_run(pilot, zh)

    assert snap_compare(app, terminal_size=(120, 36) if size == "wide" else (80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_unsaved_case_left_by_the_last_run_is_offered_with_the_cases_set_aside_counted(snap_compare, lang):
    from datetime import timedelta

    from tests.conftest import FROZEN_NOW

    app, prepare = _seeded("kept-draft-and-aside", lang)
    zh = lang == "zh"

    async def run_before(pilot):
        await prepare(pilot)
        store = pilot.app.desk.cases.case_draft_store()
        for hours, name, summary in ((3, "赵敏" if zh else "Zhao Min", "楼上噪音" if zh else "Noise upstairs"),
                                     (2, "李雷" if zh else "Li Lei", "钥匙丢失" if zh else "Lost keys")):
            store.put_aside({"reporter-name": name, "summary": summary}, now=FROZEN_NOW - timedelta(hours=hours))
        await _left_by_the_last_run(pilot, zh)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_repeat_prompt_for_a_known_caller(snap_compare, lang):
    app, prepare = _seeded("repeat", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"13812345678", "enter")
        await settle(pilot)
        await pilot.press("enter", "1")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_case_list(snap_compare, lang):
    app, prepare = _seeded("list", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("v")  # nothing voided yet: the same rows, with the note
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_case_detail_with_history(snap_compare, lang):
    app, prepare = _seeded("detail", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c", "enter", "2", "ctrl+s")  # close: mediated
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
