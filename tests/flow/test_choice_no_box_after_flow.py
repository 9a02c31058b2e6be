"""What is typed or pasted after a numbered drop-down's number goes on only to a box that takes text, next after it
in the focus order. Where there is none, the box answers as it does before a number has chosen: a number chooses
again, a name is found or refused out loud, a space opens the list. On a dialog whose only box is the drop-down the
key had been handed back to the box itself, again and again, with Esc and every later key waiting behind it for
good; after the last box it went round to the first (a shift's escort, then 2, chose the second team); on a
drop-down followed by another it chose there."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, Select

from screens.callers.person_dialogs import RevealScreen
from screens.cases.detail import CaseDetailScreen
from screens.cases.form import CaseFormScreen
from screens.patrols.dialogs import StartShiftScreen
from screens.shell import choices
from tests.apphelpers import burst, desk_app, open_desk_app, seed_cases, settle, wait_until
from tests.patrolhelpers import seed_roster

#: A name of the reveal's reasons as typed or pasted, in each language: its fourth, the supervisor's review.
REVIEW = {"en": "Supervisor", "zh": "领导"}


def _bells(app) -> list[None]:
    rung: list[None] = []
    app.bell = lambda: rung.append(None)
    return rung


def _idle(app) -> bool:
    """Every key read has acted: none acting, none held."""
    return app.key_order.acting is None and not app.key_order.held


def _pastes_posted(box, monkeypatch) -> list[events.Paste]:
    """The pastes posted to `box` from now on. Past a few, no more are (a paste posted back to the box for good had
    the app never idle, and the test wait for ever)."""
    posted: list[events.Paste] = []
    post = box.post_message

    def counted(message) -> bool:
        if isinstance(message, events.Paste):
            posted.append(message)
            if len(posted) > 3:
                return False
        return post(message)

    monkeypatch.setattr(box, "post_message", counted)
    return posted


async def _reveal(pilot, said: list) -> Select:
    """The reveal's dialog open, the focus on its reasons: the dialog's only box."""
    app = pilot.app
    await open_desk_app(pilot)
    app.push_screen(RevealScreen(), said.append)
    assert await wait_until(pilot, lambda: isinstance(app.screen, RevealScreen) and app.screen.query("#reveal-reason"))
    reason = app.screen.query_one("#reveal-reason", Select)
    assert await wait_until(pilot, lambda: app.focused is reason)
    assert app.screen.focus_chain == [reason]
    return reason


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_on_a_dialogs_only_box_a_second_number_chooses_again_and_esc_still_closes(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        said: list = []
        reason = await _reveal(pilot, said)
        burst(app, ["1", "2"])  # the officer corrects the reason
        assert await wait_until(pilot, lambda: reason.value == "identity_check" and _idle(app))
        assert app.focused is reason and not reason.expanded
        burst(app, ["3", "escape"])
        assert await wait_until(pilot, lambda: said == [None])  # Esc closed it, waiting behind no key
        assert reason.value == "case_work" and _idle(app)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_on_a_dialogs_only_box_after_a_number_a_name_finds_what_starts_none_is_refused_a_space_opens(
        tmp_path, lang, monkeypatch):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        said: list = []
        reason = await _reveal(pilot, said)
        bells = _bells(app)
        burst(app, ["1", *REVIEW[lang][:2]])
        assert await wait_until(pilot, lambda: reason.value == "supervisor_review" and _idle(app))
        assert bells == []
        burst(app, ["x"])  # no reason's name (nor its pinyin) starts with x
        assert await wait_until(pilot, lambda: bells == [None] and _idle(app))
        assert reason.value == "supervisor_review" and app.focused is reason
        monkeypatch.setattr(choices, "FIND_PAUSE", 0.0)  # the name being found ended: a digit is a number again
        burst(app, ["1", " "])
        assert await wait_until(pilot, lambda: reason.expanded and _idle(app))  # as on a box no number chose
        assert reason.value == "contact_caller"
        burst(app, ["4", "ctrl+s"])
        assert await wait_until(pilot, lambda: said == ["supervisor_review"])


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_on_a_dialogs_only_box_a_paste_after_the_number_chooses_what_it_names_or_is_refused(
        tmp_path, lang, monkeypatch):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        said: list = []
        reason = await _reveal(pilot, said)
        bells = _bells(app)
        pastes = _pastes_posted(reason, monkeypatch)
        await pilot.press("1")
        app.post_message(events.Paste(REVIEW[lang]))
        assert await wait_until(pilot, lambda: reason.value == "supervisor_review" and _idle(app))
        assert len(pastes) == 1
        app.post_message(events.Paste("3"))
        assert await wait_until(pilot, lambda: reason.value == "case_work")
        app.post_message(events.Paste("Room 12"))
        assert await wait_until(pilot, lambda: bells == [None])
        assert reason.value == "case_work" and app.focused is reason
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: said == ["case_work"])


async def test_a_number_after_the_escorts_goes_not_round_to_the_team(tmp_path):
    """The escort is the shift dialog's last box: a second number chose on the first one, the team."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        seed_roster(desk)  # two teams
        desk.access.add_officer(name="刘警官", badge="031300", role="duty", password="liu-pass-2026")
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("n")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StartShiftScreen))
        team, escort = app.screen.query_one("#shift-team", Select), app.screen.query_one("#shift-escort", Select)
        assert len(escort.keyed) == 2 and team.value is Select.NULL
        escort.focus()
        await pilot.pause()
        bells = _bells(app)
        burst(app, ["1", "2"])
        assert await wait_until(pilot, lambda: escort.value == escort.keyed[1][1] and _idle(app))
        burst(app, ["3"])  # neither escort's number nor the start of a name: refused, out loud
        assert await wait_until(pilot, lambda: bells == [None] and _idle(app))
        assert team.value is Select.NULL and app.focused is escort and escort.value == escort.keyed[1][1]


async def test_a_number_after_a_drop_downs_followed_by_another_chooses_again_there(tmp_path):
    """The case's edit: its category comes just before its channel, both drop-downs."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first = seed_cases(desk)[0]
        app.push_screen(CaseDetailScreen(first.case_id))
        await settle(pilot)
        await pilot.press("e")
        assert await wait_until(pilot, lambda: app.screen.query("#edit-category"))
        edit = app.screen
        category, channel = edit.query_one("#edit-category", Select), edit.query_one("#edit-channel", Select)
        was = channel.value
        category.focus()
        await pilot.pause()
        burst(app, ["1", "2"])
        assert await wait_until(pilot, lambda: category.value == category.keyed[1][1] and _idle(app))
        assert channel.value == was and app.focused is category


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_space_after_the_number_goes_on_to_the_next_box_as_any_character_does(tmp_path, lang):
    """A space had opened the list, whose next digit chose another category; the place lost all but what came
    after that."""
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        category, place = form.query_one("#category", Select), form.query_one("#place", Input)
        assert await wait_until(pilot, lambda: len(category.keyed) == 9)
        category.focus()
        await pilot.pause()
        burst(app, ["1", " ", *"3栋"])
        assert await wait_until(pilot, lambda: place.value == " 3栋" and _idle(app))
        assert category.value == "dispute" and not category.expanded and app.focused is place
