"""A drop-down whose options are numbered ("1 …", "2 …", past nine "a …") is picked with one key: its number
on the closed box, or in the open list, where it also closes the list. Enter and the arrows work as before."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual import events
from textual.widgets import Select

from db.engine import read_session
from db.models import Case, CaseParty, Person
from screens.cases.form import CaseFormScreen
from screens.disputes.dialogs import StepDialog
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until


def _choices(select: Select) -> list[tuple[str, object]]:
    return [(str(prompt), value) for prompt, value in select._options if value is not Select.NULL]


async def _category(pilot) -> Select:
    await open_desk_app(pilot)
    await pilot.press("f2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseFormScreen)
    select = pilot.app.screen.query_one("#category", Select)
    assert await wait_until(pilot, lambda: len(_choices(select)) == 9)
    select.focus()
    await pilot.pause()
    return select


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_categorys_number_picks_it_on_the_closed_box_and_in_the_open_list(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        select = await _category(pilot)
        options = _choices(select)
        await pilot.press("a")  # no tenth category: nothing happens
        assert select.value is Select.NULL and not select.expanded and app.focused is select
        await pilot.press("7")  # closed: chosen without opening the list
        assert select.value == options[6][1] and not select.expanded and app.focused is select
        assert str(options[6][0]).startswith("7 ")
        await pilot.press("enter", "3")  # open: the 3 chooses and closes the list
        assert select.value == options[2][1] and not select.expanded and app.focused is select
        await pilot.press("enter", "up", "enter")  # Enter and the arrows as before
        assert select.value == options[1][1] and not select.expanded
        # Opened and picked in one burst (as tmux sends it): the number acts after the Enter, in the open list.
        for key, character in (("enter", "\r"), ("5", "5")):
            app.post_message(events.Key(key, character))
        assert await wait_until(pilot, lambda: select.value == options[4][1] and not select.expanded, timeout=5)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_dispute_steps_number_picks_its_kind(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_desk_app(pilot)
        app.push_screen(StepDialog("D-0001"))
        assert await wait_until(pilot, lambda: isinstance(app.screen, StepDialog) and app.screen.query("#step-kind"))
        kind = app.screen.query_one("#step-kind", Select)
        assert await wait_until(pilot, lambda: app.focused is kind)
        assert [prompt for prompt, _value in _choices(kind)] == {
            "en": ["1 visit", "2 call", "3 mediation"], "zh": ["1 走访", "2 电话", "3 调解"]}[lang]
        await pilot.press("3")
        assert kind.value == "mediation" and not kind.expanded
        await pilot.press("enter", "2")
        assert kind.value == "call" and not kind.expanded and app.focused is kind


async def test_a_key_that_numbers_no_option_still_searches_the_open_list(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        select = await _category(pilot)
        channel = app.screen.query_one("#channel", Select)
        channel.focus()
        await pilot.press("9")  # five channels: no ninth, nothing chosen
        assert channel.value == "walk_in" and not channel.expanded
        await pilot.press("enter", "o", "n", "enter")  # neither o nor n numbers a channel: they search
        assert channel.value == "online" and select.value is Select.NULL


async def _type(pilot, text: str) -> None:
    if text.isascii():
        await pilot.press(*text)
    else:  # Chinese arrives from an input method as one string
        pilot.app.focused.insert_text_at_cursor(text)
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_channel_and_a_partys_role_are_picked_by_their_number_and_saved_with_the_case(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        channel = form.query_one("#channel", Select)
        assert [prompt for prompt, _value in _choices(channel)] == {
            "en": ["1 Walk-in", "2 Phone", "3 110 transfer", "4 Online", "5 Patrol"],
            "zh": ["1 来所", "2 电话", "3 110转警", "4 网上", "5 巡逻发现"]}[lang]
        await _type(pilot, "13912345678")
        await pilot.press("tab", "tab")
        await _type(pilot, "王芳")
        await pilot.press("tab")
        await _type(pilot, "南门村5组")
        await pilot.press("tab")
        assert await wait_until(pilot, lambda: len(_choices(form.query_one("#category", Select))) == 9)
        await pilot.press("1", "tab")  # the category by its number
        await _type(pilot, "南门村5组")
        await pilot.press("tab")
        await _type(pilot, "与邻居因排水沟发生争执")
        await pilot.press("tab", "tab")  # past the narrative to the channel
        assert app.focused is channel
        await pilot.press("3")  # the closed box: chosen at once
        assert channel.value == "transfer_110" and not channel.expanded and app.focused is channel
        await pilot.pause()
        assert channel.outer_size.height == 1  # the longest channel keeps the row one line ("3 110 tra…")
        await pilot.press("ctrl+o")  # another party: the role list has the focus
        assert await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "party-role")
        await pilot.press("3", "tab")  # suspect
        await _type(pilot, "李强")
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: app.screen is form)
        await pilot.press("ctrl+s")
        await settle(pilot)
        with read_session(desk.engine) as session:
            [case] = session.exec(select(Case)).all()
            roles = {name: role for role, name in session.exec(
                select(CaseParty.role, Person.name).join(Person, Person.id == CaseParty.person_id)).all()}
        assert (case.category, case.channel, case.summary) == ("dispute", "transfer_110", "与邻居因排水沟发生争执")
        assert roles == {"王芳": "reporter", "李强": "suspect"}
