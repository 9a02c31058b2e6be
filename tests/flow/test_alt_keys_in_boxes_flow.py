"""The area keys that are alt and a letter or digit open their area from inside a text box too, as a terminal
sends them: alt+o comes as a key whose character is a printable "o", and the look-up box (where the desk puts
the cursor) typed it instead of opening the outreach. In a dialog the dialog still answers first."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from screens.disputes.review import DisputeReviewScreen
from screens.outreach.campaigns import OutreachScreen
from screens.patrols.overview import PatrolScreen
from screens.shell.dialogs import ConfirmScreen
from screens.shell.desk import DeskScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until


async def _from_the_terminal(pilot, key: str) -> None:
    """`key` as a terminal sends it: alt and a character comes with that character, printable."""
    pilot.app.post_message(events.Key(key, key.rpartition("+")[2]))
    await pilot.pause()


@pytest.mark.parametrize(("key", "opens"), [("alt+o", OutreachScreen), ("alt+d", DisputeReviewScreen),
                                            ("alt+6", PatrolScreen)])
async def test_an_alt_area_key_in_the_look_up_box_opens_the_area_and_types_nothing(tmp_path, key, opens):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f3", *"zh")
        search = app.screen.query_one("#search", Input)
        assert search.has_focus and search.value == "zh"
        await _from_the_terminal(pilot, key)
        assert await wait_until(pilot, lambda: isinstance(app.screen, opens)), (app.screen, search.value)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and search.value == "zh"


async def test_in_a_dialog_an_area_key_is_the_dialogs(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        app.push_screen(ConfirmScreen("?"))
        assert await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("f6")
        await _from_the_terminal(pilot, "alt+o")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # still asking: no area opened over or under it
