"""What is typed or pasted on a numbered drop-down before a key has chosen finds an option by its name, as in a
common list box: the name as shown, and a Chinese name's pinyin or initials. Such characters had been dropped
without a word; what starts no name is refused with the bell and a word of what the box takes."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, Select

from screens.cases.form import CaseFormScreen
from screens.shell import choices
from tests.apphelpers import burst, desk_app, open_desk_app, settle, wait_until


async def _category(pilot) -> Select:
    """The case form's category box, its nine options there, the focus on it."""
    await open_desk_app(pilot)
    await pilot.press("f2")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, CaseFormScreen)
    category = form.query_one("#category", Select)
    assert await wait_until(pilot, lambda: len(category.keyed) == 9)
    category.focus()
    await pilot.pause()
    return category


def _bells(app) -> list[None]:
    rung: list[None] = []
    app.bell = lambda: rung.append(None)
    return rung


def _notices(app) -> list[str]:
    """The toasts up, without the spaces and line ends they are laid out with (screens.shell.notices)."""
    return ["".join(str(toast.message).split()) for toast in app._notifications]


async def _typed(pilot, keys: list[str], done) -> None:
    """`keys` in one burst, then wait for `done()` and for every key to have acted."""
    burst(pilot.app, keys)
    assert await wait_until(pilot, done)
    assert await wait_until(pilot, lambda: pilot.app.key_order.acting is None and not pilot.app.key_order.held)
    await pilot.pause()


@pytest.mark.parametrize(("lang", "typed", "chosen"), [
    ("en", "theft", "theft"), ("en", "lost p", "lost_property"), ("en", "TR", "traffic"),
    ("zh", "纠纷", "dispute"), ("zh", "jf", "dispute"), ("zh", "jiufen", "dispute"), ("zh", "zaoyin", "noise"),
    ("zh", "盗", "theft"), ("zh", "ＪＴ", "traffic"),
])
async def test_a_name_typed_on_the_box_chooses_its_option_and_the_focus_stays(tmp_path, lang, typed, chosen):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        category = await _category(pilot)
        bells = _bells(app)
        await _typed(pilot, [*typed], lambda: category.value == chosen)
        place = app.screen.query_one("#place", Input)
        assert app.focused is category and not category.expanded and place.value == ""
        assert bells == [] and _notices(app) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_typing_more_narrows_backspace_takes_back_and_a_pause_starts_afresh(tmp_path, lang, monkeypatch):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        category = await _category(pilot)
        first, more, other = {"en": ("t", "r", "n"), "zh": ("j", "t", "q")}[lang]
        await _typed(pilot, [first], lambda: category.value == {"en": "theft", "zh": "dispute"}[lang])
        await _typed(pilot, [more], lambda: category.value == "traffic")  # Tr…, 交通 (jt)
        await _typed(pilot, ["backspace"], lambda: category.value == {"en": "theft", "zh": "dispute"}[lang])
        await _typed(pilot, ["backspace"], lambda: category.value is Select.NULL)  # as it was before
        # After a pause the next character starts a name again, rather than going on with the one before.
        await _typed(pilot, [first], lambda: category.finding == first)
        monkeypatch.setattr(choices, "FIND_PAUSE", 0.0)
        await _typed(pilot, [other], lambda: category.value == {"en": "noise", "zh": "help"}[lang])
        assert category.finding == other


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_what_starts_no_name_rings_the_bell_says_what_the_box_takes_and_changes_nothing(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        category = await _category(pilot)
        await pilot.press("4")
        await pilot.press("shift+tab", "tab")  # back on the box: a key chooses again, a name finds
        assert app.focused is category and category.value == "theft"
        bells = _bells(app)
        await _typed(pilot, ["x", "w"], lambda: len(bells) == 2)
        assert category.value == "theft" and app.focused is category
        assert app.screen.query_one("#place", Input).value == ""
        said = {"en": "No option here starts with “x”: type its number (1–9) or the start of its name.",
                "zh": "没有以“x”开头的选项：请按它的序号（1–9），或输入名称的开头（汉字、拼音或首字母）。"}[lang]
        assert _notices(app) == ["".join(said.split())]  # once for the burst
        # In the middle of a name, what goes on with none is refused, and what was found stays.
        first = {"en": "f", "zh": "z"}[lang]
        await _typed(pilot, [first, "q"], lambda: len(bells) == 3)
        assert category.value == "fraud" and category.finding == first


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_paste_on_the_box_chooses_the_option_it_names_or_is_refused_saying_so(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        category = await _category(pilot)
        bells = _bells(app)
        app.post_message(events.Paste({"en": "Lost property\n", "zh": "遗失\n"}[lang]))
        assert await wait_until(pilot, lambda: category.value == "lost_property")
        assert app.focused is category and app.screen.query_one("#place", Input).value == ""
        app.post_message(events.Paste({"en": "Burglary", "zh": "入室盗窃"}[lang]))
        assert await wait_until(pilot, lambda: bells)
        assert category.value == "lost_property" and len(_notices(app)) == 1
        await pilot.press("enter")  # onto the open list too: chosen, and the list closed
        assert category.expanded
        app.post_message(events.Paste({"en": "noise", "zh": "zy"}[lang]))
        assert await wait_until(pilot, lambda: category.value == "noise" and not category.expanded)
        assert app.focused is category


async def test_a_screens_key_still_acts_unless_it_goes_on_with_a_name_being_found(tmp_path):
    """The case list's filters: s sorts, typed alone or after a name it does not go on with; "ne" is not the
    sort key's n of "noise"."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f4")
        await settle(pilot)
        listing = app.screen
        category = listing.query_one("#filter-category", Select)
        assert await wait_until(pilot, lambda: len(category.keyed) == 9)
        category.focus()
        await pilot.pause()
        sort = listing.sort
        await _typed(pilot, ["s"], lambda: listing.sort != sort)
        assert category.value is Select.NULL
        sort = listing.sort
        await _typed(pilot, [*"no", "s"], lambda: listing.sort != sort)
        assert category.value == "noise" and app.focused is category
