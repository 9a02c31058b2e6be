"""A station's own words shown as written, square brackets and all: a receiving body named "Dept [North]" read
"Dept " among the hand-off dialog's bodies, and one named "[/]" ended the desk with a MarkupError as the dialog
opened. Bodies, matters, a category, a person and a case named in Textual's markup (and Rich's emoji codes),
walked by keys through the screens that show them, at 80×24, in both languages."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from rich.text import Text
from textual.visual import visualize
from textual.widgets import DataTable, OptionList, Select, Static

from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft
from frontdesk.handoffs.lifecycle import HandoffInput
from frontdesk.handoffs.lists import BodyInput, MatterInput
from frontdesk.station.categories import CategoryInput
from screens.cases.detail import CaseDetailScreen
from screens.handoffs.dialogs import HandoffFormScreen
from screens.handoffs.lists import BodyFormScreen, HandoffListsScreen, MatterFormScreen
from screens.handoffs.queues import HandoffQueueScreen
from screens.shell import plain
from screens.station.categories import CategoriesScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.conftest import FROZEN_NOW

NARROW = (80, 24)

#: Words Textual or Rich would read as markup (a tag, a closing tag, an action, an emoji code, an escape).
MARKUP = ["Dept [North]", "[/]", "[b]bold[/b]", "[@click=app.quit]x[/]", ":smile:", "\\[x]"]


def station_named_in_markup(desk):
    """A body and a matter for each of MARKUP (its name in both languages), a category "[b]bold[/b]", a case by
    "[/]陈" about "Dept [North]" (the one returned) and another of theirs, handed to "Dept [North]"."""
    for n, name in enumerate(MARKUP):
        desk.handoffs.save_body(BodyInput(name_zh=f"{name}局", name_en=name, default_due_hours="24"), body_id=None,
                                version=None)
    body = {b.name_en: b.code for b in desk.handoffs.bodies()}
    for name in MARKUP:
        desk.handoffs.save_matter(MatterInput(name_zh=f"{name}事", name_en=name, default_body=body[name],
                                              category="dispute"), matter_id=None, version=None)
    desk.categories.save(CategoryInput(name_zh="[b]bold[/b]类", name_en="[b]bold[/b] matters", police=False),
                         category_id=None, version=None)
    category = next(c.code for c in desk.cases.categories() if c.name_zh == "[b]bold[/b]类")
    case = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="[/]陈", phone="13800001110"), category=category,
                                            police=False, summary="Dept [North] [@click=app.quit]x[/] :smile:",
                                            place="\\[x] [/]"), now=FROZEN_NOW - timedelta(hours=1))
    handed = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="[/]陈", phone="13800001110"),
                                              category=category, police=False, summary="[b]bold[/b]"),
                                    now=FROZEN_NOW - timedelta(hours=2))
    matter = {m.name_en: m.code for m in desk.handoffs.matters()}
    desk.handoffs.hand_off(handed.case_id, HandoffInput(body=body["Dept [North]"], matter=matter["Dept [North]"],
                                                        method="work_order", due_at=FROZEN_NOW + timedelta(hours=1)))
    return case


def shown(widget) -> str:
    return str(widget.render())


def prompts(select: Select) -> list[str]:
    overlay = select.query_one(OptionList)
    return [shown_prompt(overlay.get_option_at_index(n).prompt) for n in range(overlay.option_count)]


def shown_prompt(prompt) -> str:
    return prompt.plain if hasattr(prompt, "plain") else str(prompt)


def names(lang: str, suffix: str) -> list[str]:
    return [f"{name}{suffix}" if lang == "zh" else name for name in MARKUP]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_hand_off_dialog_shows_bodies_and_matters_as_written(tmp_path: Path, lang: str):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        desk = await open_desk_app(pilot)
        case = station_named_in_markup(desk)
        await app.push_screen(CaseDetailScreen(case.case_id))
        await settle(pilot)
        await pilot.press("h")
        assert await wait_until(pilot, lambda: isinstance(app.screen, HandoffFormScreen))
        await settle(pilot)
        form = app.screen
        matter, body = form.query_one("#handoff-matter", Select), form.query_one("#handoff-body", Select)
        for select, suffix in ((matter, "事"), (body, "局")):
            listed = prompts(select)
            for name in names(lang, suffix):
                assert any(prompt.endswith(f" {name}") for prompt in listed), (name, listed)
        # Chosen by its key, the matter and the body it proposes read as written in their closed boxes.
        for index, name in enumerate(MARKUP):
            key = next(prompt.split(" ", 1)[0] for prompt, value in matter.keyed if value.endswith("")
                       and prompt.endswith(names(lang, "事")[index]))
            await pilot.press("shift+tab") if form.focused is not matter else None
            form.set_focus(matter)
            await pilot.press("enter", key)
            assert await wait_until(pilot, lambda: not matter.expanded)
            await settle(pilot)
            assert shown(matter.query_one("#label", Static)) == f"{key} {names(lang, '事')[index]}"
            assert shown(body.query_one("#label", Static)).endswith(f" {names(lang, '局')[index]}")
        assert app.is_running



def words_of(widget) -> list[str]:
    """What `widget` shows, as Textual 8 renders it: a str cell of a table and a str line of Textual's own lists
    are read as markup there (the desk's own lists take none)."""
    if isinstance(widget, DataTable):
        cells = [cell for row in range(widget.row_count) for cell in widget.get_row_at(row)]
        cells += [column.label for column in widget.columns.values()]
        return [Text.from_markup(cell).plain if isinstance(cell, str) else cell.plain for cell in cells]
    if isinstance(widget, OptionList):
        markup = not isinstance(widget, plain.OptionList)
        return [visualize(widget, widget.get_option_at_index(n).prompt, markup=markup).plain
                for n in range(widget.option_count)]
    return [str(widget.render())] if isinstance(widget, Static) else []


def words_on(screen) -> str:
    """Every word the screen's widgets show: lines of text, table cells, lists' lines, drop-downs' boxes."""
    return "\n".join(words for widget in screen.query("*") for words in words_of(widget))


async def walk_to(pilot, *keys: str, screen: type) -> str:
    """`keys` typed; the screen they open, and every word on it."""
    await pilot.press(*keys)
    assert await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen)), pilot.app.screen
    await settle(pilot)
    return words_on(pilot.app.screen)


def all_in(names: list[str], words: str) -> bool:
    """Each name is among `words` as written: whole, or (in a narrow column) its start, brackets kept, then "…"."""
    cut = [piece[:-1] for piece in re.split(r"\n|\s{2,}", words) if piece.endswith("…") and len(piece) > 6]
    missing = [name for name in names if name not in words and not any(name.startswith(start) for start in cut)]
    assert not missing, (missing, words)
    return True


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_station_lists_and_their_forms_show_names_as_written(tmp_path: Path, lang: str):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        desk = await open_desk_app(pilot)
        station_named_in_markup(desk)
        bodies, matters = names(lang, "局"), names(lang, "事")
        assert all_in(bodies[:1], await walk_to(pilot, "f5", "1", screen=HandoffQueueScreen))
        assert all_in(bodies + matters, await walk_to(pilot, "b", screen=HandoffListsScreen))
        assert all_in(matters, await walk_to(pilot, "a", screen=BodyFormScreen))  # the matters it takes
        await walk_to(pilot, "escape", screen=HandoffListsScreen)
        form = await walk_to(pilot, "m", screen=MatterFormScreen)
        await pilot.press("tab", "tab", "enter")  # the usual body's list, open
        assert await wait_until(pilot, lambda: app.screen.query_one("#matter-body", Select).expanded)
        assert all_in(bodies, words_on(app.screen))
        category = "[b]bold[/b]类" if lang == "zh" else "[b]bold[/b] matters"
        assert all_in([category], await walk_to(pilot, "escape", "escape", "escape", "escape", "f10", "k",
                                                 screen=CategoriesScreen))
        assert app.is_running


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_desk_the_look_up_and_a_case_show_a_callers_words_as_written(tmp_path: Path, lang: str):
    from screens.cases.form import CaseFormScreen

    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        desk = await open_desk_app(pilot)
        case = station_named_in_markup(desk)
        desk_screen = app.screen
        category = "[b]bold[/b]类" if lang == "zh" else "[b]bold[/b] matters"
        await pilot.press("ctrl+r")  # the desk's figures again, the new category's two cases among them
        assert await wait_until(pilot, lambda: "[b]bold" in words_on(app.screen)), words_on(app.screen)
        assert all_in([category], words_on(app.screen))
        await pilot.press(*"13800001110")  # the look-up, on the desk
        assert await wait_until(pilot, lambda: "[/]陈" in words_on(app.screen)), words_on(app.screen)
        assert all_in(["[/]陈  138****1110"], words_on(app.screen))
        await pilot.press("escape")
        await app.push_screen(CaseDetailScreen(case.case_id))
        assert await wait_until(pilot, lambda: "Dept [North] [@click=app.quit]x[/] :smile:" in words_on(app.screen))
        assert all_in(["[/]陈", "\\[x] [/]", category], words_on(app.screen))
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: app.screen is desk_screen)
        await walk_to(pilot, "f2", screen=CaseFormScreen)
        await pilot.press("tab", "tab", "tab")
        app.screen.set_focus(app.screen.query_one("#category", Select))
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: app.screen.query_one("#category", Select).expanded)
        assert all_in([category], words_on(app.screen))
        assert app.is_running


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_patrol_teams_and_tags_show_names_as_written(tmp_path: Path, lang: str):
    from frontdesk.patrols.roster import TeamInput, VolunteerInput
    from frontdesk.tags.taxonomy import TagInput
    from screens.patrols.dialogs import StartShiftScreen
    from screens.patrols.overview import PatrolScreen
    from screens.patrols.roster import RosterScreen
    from screens.tags.picker import TagPickerScreen
    from screens.tags.taxonomy import TagFormScreen, TaxonomyScreen

    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        desk = await open_desk_app(pilot)
        case = station_named_in_markup(desk)
        team = desk.patrols.add_team(TeamInput(name="[b]bold[/b]队", area="\\[x]", meeting_point="[/]"))
        desk.patrols.add_volunteer(VolunteerInput(PersonInput(name="[/]义警", phone="13900001112"), team,
                                                  trained_on="2026-03-01"))
        class_id = desk.tags.save_class(code="markup", name_zh="[@click=app.quit]x[/]类", name_en="[@click=app.quit]x[/]")
        desk.tags.save_tag(TagInput(code="north", name_zh="Dept [North]签", name_en="Dept [North]", class_id=class_id))
        tag, tag_class = ("Dept [North]签", "[@click=app.quit]x[/]类") if lang == "zh" else ("Dept [North]",
                                                                                          "[@click=app.quit]x[/]")
        await walk_to(pilot, "f6", screen=PatrolScreen)
        await walk_to(pilot, "n", screen=StartShiftScreen)
        await pilot.press("enter")  # the teams' list, open
        assert await wait_until(pilot, lambda: app.screen.query_one("#shift-team", Select).expanded)
        assert all_in(["[b]bold[/b]队"], words_on(app.screen))
        await pilot.press("escape", "escape")
        assert all_in(["[b]bold[/b]队", "[/]义警"], await walk_to(pilot, "r", screen=RosterScreen))
        await pilot.press("escape", "escape")
        assert all_in([tag_class], await walk_to(pilot, "f10", "t", screen=TaxonomyScreen))  # (its tags: the first class's)
        await walk_to(pilot, "a", screen=TagFormScreen)
        app.screen.set_focus(app.screen.query_one("#tagform-class", Select))
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: app.screen.query_one("#tagform-class", Select).expanded)
        assert all_in([tag_class], words_on(app.screen))
        await pilot.press("escape", "escape", "escape", "escape")
        await app.push_screen(CaseDetailScreen(case.case_id))
        await settle(pilot)
        assert all_in([tag], await walk_to(pilot, "g", screen=TagPickerScreen))  # (the case's one person's tags)
        assert app.is_running
