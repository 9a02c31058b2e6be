"""What is typed after a numbered drop-down's key has chosen goes on to the next box, with the focus: an officer
types the category's number and the place straight after it, in one burst. The place's characters had been lost
on the closed box, and a digit among them chose the category again."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual import events
from textual.widgets import Input, Select

from db.engine import read_session
from db.models import Case
from screens.cases.detail import CaseDetailScreen
from screens.cases.form import CaseFormScreen
from screens.cases.party import PartyScreen
from tests.apphelpers import burst, desk_app, open_desk_app, settle, wait_until

PLACE = {"en": "Block 3 north gate", "zh": "幸福小区3栋"}
SUMMARY = {"en": "Neighbours quarrel over a drain", "zh": "与邻居因排水沟发生争执"}


async def _form(pilot) -> CaseFormScreen:
    await open_desk_app(pilot)
    await pilot.press("f2")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, CaseFormScreen)
    category = form.query_one("#category", Select)
    assert await wait_until(pilot, lambda: len(category.keyed) == 9)
    return form


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_place_typed_straight_after_the_categorys_number_is_the_place_and_is_saved(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await _form(pilot)
        # The whole case in one burst, as a fast typist (or tmux) sends it: no Tab between the number and the place.
        burst(app, [*"13912345678", "tab", "tab", *"Wang Fang", "tab", "tab", "1", *PLACE[lang], "tab",
                    *SUMMARY[lang]])
        summary = form.query_one("#summary", Input)
        assert await wait_until(pilot, lambda: summary.value == SUMMARY[lang])
        assert form.query_one("#category", Select).value == "dispute"  # the 3 in the place chose nothing
        assert form.query_one("#place", Input).value == PLACE[lang]
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen))
        with read_session(app.desk.engine) as session:
            [case] = session.exec(select(Case)).all()
        assert (case.category, case.place, case.summary) == ("dispute", PLACE[lang], SUMMARY[lang])


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_second_digit_after_the_number_is_the_places_and_a_number_chooses_again_once_the_box_is_left(
        tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await _form(pilot)
        category, place = form.query_one("#category", Select), form.query_one("#place", Input)
        category.focus()
        await pilot.pause()
        burst(app, ["1", "3"])
        assert await wait_until(pilot, lambda: place.value == "3")
        assert category.value == "dispute" and app.focused is place
        # Back on the box (shift+tab), a number chooses again, and the focus stays until it has.
        await pilot.press("shift+tab", "3")
        assert category.value == "tip" and app.focused is category and place.value == "3"
        # Opened with Enter, the list's number chooses and closes it; what is typed next is the place's.
        burst(app, ["enter", "2", *"号"])
        assert await wait_until(pilot, lambda: place.value == "号")  # the place's "3" was selected on the way in
        assert category.value == "help" and not category.expanded and app.focused is place


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_paste_after_the_number_goes_to_the_next_box(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await _form(pilot)
        category, place = form.query_one("#category", Select), form.query_one("#place", Input)
        category.focus()
        await pilot.pause()
        await pilot.press("4")
        app.post_message(events.Paste(f"{PLACE[lang]}\nEast gate"))  # two lines: one, as every box takes them
        assert await wait_until(pilot, lambda: place.value == f"{PLACE[lang]} East gate")
        assert category.value == "theft" and app.focused is place


async def test_every_numbered_box_hands_on_what_follows_its_number(tmp_path):
    """The channel's number, then the time: the received time (its text selected on the way in, as Tab leaves
    it) is replaced by what is typed. A party's role, then the name."""
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        form = await _form(pilot)
        channel, received = form.query_one("#channel", Select), form.query_one("#received-at", Input)
        channel.focus()
        await pilot.pause()
        burst(app, ["2", *"19:30"])
        assert await wait_until(pilot, lambda: received.value == "19:30")
        assert channel.value == "phone" and app.focused is received
        await pilot.press("ctrl+o")
        assert await wait_until(pilot, lambda: isinstance(app.screen, PartyScreen)
                                and app.focused is app.screen.query_one("#party-role"))
        burst(app, ["3", *"李强"])
        name = app.screen.query_one("#party-name", Input)
        assert await wait_until(pilot, lambda: name.value == "李强")
        assert app.screen.query_one("#party-role", Select).value == "suspect"


async def test_a_key_of_the_screen_after_a_filters_number_still_acts_as_that_key(tmp_path):
    """The case list's filters are numbered drop-downs too: s after a status's number still sorts the list (it is
    the screen's key, not text for the next filter)."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f4")
        await settle(pilot)
        listing = app.screen
        status = listing.query_one("#filter-status", Select)
        sort = listing.sort
        burst(app, ["f", "2", "s"])
        assert await wait_until(pilot, lambda: listing.sort != sort)
        assert status.value == "in_progress" and app.focused is status
