"""The outreach dialogs on an 80×24 terminal, by keys: the contact dialog opens whole, its title naming the
person being contacted above the first box, its keys line below the last, nothing scrolled out of sight."""

from __future__ import annotations

import pytest
from sqlmodel import select

from db.engine import read_session
from db.models.outreach import Contact

from screens.outreach.campaign import CampaignScreen
from screens.outreach.campaigns import OutreachScreen
from screens.outreach.dialogs import ContactDialog
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.snapshots.test_outreach_snapshots import seed_campaigns


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_contact_dialog_shows_whom_it_is_about_at_80x24(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        seed_campaigns(desk)
        await pilot.press("alt+o")
        assert await wait_until(pilot, lambda: isinstance(app.screen, OutreachScreen) and app.screen.rows)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CampaignScreen) and app.screen.detail)
        name = app.screen.detail.people[0].name
        await pilot.press("l")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ContactDialog))
        await settle(pilot)
        dialog = app.screen.query_one(".dialog")
        title, keys = app.screen.query_one(".dialog-title"), app.screen.query_one(".dialog-keys")
        assert name in str(title.render())
        # Whole: nothing to scroll, the title's and the keys' lines inside the dialog as drawn.
        assert dialog.max_scroll_y == 0 and dialog.scroll_y == 0
        inside = dialog.content_region
        assert inside.contains_region(title.region) and inside.contains_region(keys.region)
        # Still a working dialog: the channel chosen by its number, reached ticked, an outcome typed, saved.
        await pilot.press("2", "tab", "space", "tab", *"ok", "ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CampaignScreen))
        with read_session(desk.engine) as session:
            assert await wait_until(pilot, lambda: session.exec(
                select(Contact).where(Contact.outcome == "ok")).all())
            [contact] = session.exec(select(Contact).where(Contact.outcome == "ok")).all()
        assert (contact.channel, contact.reached) == ("visit", True)
