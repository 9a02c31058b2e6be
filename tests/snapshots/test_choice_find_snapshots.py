"""A numbered drop-down that finds an option by what is typed on it, and the word it says for what starts no name:
the case form at 80×24, the category found by its start ("dis", "jf"), then a character that goes on with no name."""

from __future__ import annotations

import html

import pytest

from frontdesk.i18n import language, set_language
from tests.apphelpers import burst, desk_app, settle, wait_until
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder
from tests.snapshots.test_words_snapshots import _shown

SIZE = (80, 24)
TYPED = {"en": "disx", "zh": "jfx"}


async def _found_then_refused(pilot) -> None:
    await settle(pilot)
    await pilot.press("f2")
    await settle(pilot)
    category = pilot.app.screen.query_one("#category")
    assert await wait_until(pilot, lambda: len(category.keyed) == 9)
    category.focus()
    await settle(pilot)
    burst(pilot.app, [*TYPED[language()]])
    assert await wait_until(pilot, lambda: pilot.app.screen.query("Toast") and category.value == "dispute")
    await settle(pilot)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_category_found_by_its_start_and_a_character_that_goes_on_with_none(snap_compare, lang):
    app = desk_app(_fixed_folder(f"choice-find-{lang}"), lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=_found_then_refused)


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_picture_shows_the_category_found_and_the_whole_word(tmp_path, lang):
    set_language(lang)
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _found_then_refused(pilot)
        shown = "".join(html.unescape(_shown(app.export_screenshot())).replace("▌", "").split())  # (the toast's edge)
    expected = {"en": ["1Dispute", "Nooptionherestartswith“disx”:typeitsnumber(1–9)orthestartofitsname."],
                "zh": ["1纠纷", "没有以“jfx”开头的选项：请按它的序号（1–9），或输入名称的开头（汉字、拼音或首字母）。"]}[lang]
    for text in expected:
        assert text in shown, f"{text} is not shown: {shown[-400:]}"
