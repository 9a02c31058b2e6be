"""A list by tag made without knowing a tag's spelling, by keys: ctrl+t shows the station's tags in the officer's
language, typing narrows them (a word of the name, pinyin initials), Enter puts the highlighted one into the box
the officer was in, and the list shows the people carrying it. A search that finds nothing says so and leaves the
box as it was."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from screens.outreach.lists import ListScreen
from screens.outreach.tag_choice import TagChoiceScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.outreachhelpers import seed_village


def _said(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _listed(lists: ListScreen) -> list[str]:
    return sorted(person.name for person in lists.result.people) if lists.result else []


async def _open_list(pilot):
    app = pilot.app
    desk = await open_desk_app(pilot)
    seed_village(desk.engine, desk.actor)
    await pilot.press("alt+o")
    await settle(pilot)
    await pilot.press("n")
    assert await wait_until(pilot, lambda: isinstance(app.screen, ListScreen))
    return app.screen


async def _choose(pilot, *typed: str) -> TagChoiceScreen:
    await pilot.press("ctrl+t")
    assert await wait_until(pilot, lambda: isinstance(pilot.app.screen, TagChoiceScreen) and pilot.app.screen.loaded)
    await pilot.press(*typed)
    return pilot.app.screen


async def test_a_tag_chosen_from_the_list_fills_the_box_and_lists_its_people(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        lists = await _open_list(pilot)

        # Every tag of the station, by its English name; "alone" narrows to one.
        choice = await _choose(pilot)
        assert "The station's 75 tags" in _said(choice, "#tag-choice-found")
        assert "All of" in str(choice.query_one(".dialog-title").render())
        await pilot.press(*"alone")
        assert [c.code for c in choice.shown] == ["elderly_alone"]
        assert "Elderly living alone" in str(choice.query_one("#tag-choice-options").get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: app.screen is lists)
        # Its name has spaces, so the box holds its code; the list is the three people who carry it.
        assert lists.query_one("#list-all_of", Input).value == "elderly_alone"
        assert await wait_until(pilot, lambda: "3 people match" in _said(lists, "#list-count"))
        assert _listed(lists) == ["吴刚", "李强", "王秀英"]
        assert lists.focused is lists.query_one("#list-all_of", Input)

        # From "none of", with something typed there already: added after it, the list narrowed by it.
        await pilot.press("tab", "tab", *"student")
        await _choose(pilot, *"dissu")
        assert "None of" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: app.screen is lists)
        assert lists.query_one("#list-none_of", Input).value == "student dissuaded"
        assert await wait_until(pilot, lambda: "2 people match" in _said(lists, "#list-count"))
        assert _listed(lists) == ["吴刚", "王秀英"]

        # Nothing answers: said, Enter takes nothing, Esc leaves the box as it was.
        await _choose(pilot, *"zzz")
        assert "No tag answers “zzz”" in _said(app.screen, "#tag-choice-found")
        await pilot.press("enter")
        assert "No tag highlighted" in _said(app.screen, ".dialog-message")
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: app.screen is lists)
        assert lists.query_one("#list-none_of", Input).value == "student dissuaded"

        # From the village box, a tag goes to "all of"; one there already is not doubled.
        await pilot.press("tab")
        await _choose(pilot, *"alone", "enter")
        assert await wait_until(pilot, lambda: app.screen is lists)
        assert lists.query_one("#list-all_of", Input).value == "elderly_alone"
        assert lists.focused is lists.query_one("#list-all_of", Input)


@pytest.mark.parametrize("typed", ["djlr", "独居"])
async def test_in_chinese_the_tags_are_named_in_chinese_and_found_by_pinyin(tmp_path, typed):
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        lists = await _open_list(pilot)
        choice = await _choose(pilot, *typed)
        assert [c.code for c in choice.shown] == ["elderly_alone"]
        assert str(choice.query_one("#tag-choice-options").get_option_at_index(0).prompt).startswith("独居老人")
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: app.screen is lists)
        assert lists.query_one("#list-all_of", Input).value == "独居老人"
        assert await wait_until(pilot, lambda: "符合条件 3 人" in _said(lists, "#list-count"))
        assert _listed(lists) == ["吴刚", "李强", "王秀英"]
