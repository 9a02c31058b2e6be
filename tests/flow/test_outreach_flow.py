"""From a list by tag to a logged contact, by keys: alt+o, n, tags typed and counted as typed (a contradiction
and an unknown tag said in place, nothing typed lost), ctrl+n starts a campaign (an empty title refused), Enter
logs a contact (reached without an outcome refused), the desk shows the progress, f finishes it."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Input, Select, Static

from db.engine import read_session
from db.models.outreach import Campaign, CampaignPerson, Contact
from screens.outreach.campaign import CampaignScreen
from screens.outreach.campaigns import OutreachScreen
from screens.outreach.dialogs import AssignDialog, CampaignDialog, ContactDialog
from screens.outreach.lists import ListScreen
from screens.shell.dialogs import ConfirmScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.outreachhelpers import seed_village


def _said(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_a_list_by_tag_becomes_a_campaign_and_a_contact_is_logged(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        seed_village(desk.engine, desk.actor)

        await pilot.press("alt+o")
        assert await wait_until(pilot, lambda: isinstance(app.screen, OutreachScreen))
        await settle(pilot)
        assert "No campaign yet" in _said(app.screen, "#outreach-summary")
        await pilot.press("n")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ListScreen))
        lists = app.screen

        # Counted as typed: "elderly" alone, then with elderly_alone.
        await pilot.press(*"elderly")
        assert await wait_until(pilot, lambda: "4 people match" in _said(lists, "#list-count"))
        await pilot.press(*" elderly_alone")
        assert await wait_until(pilot, lambda: "3 people match" in _said(lists, "#list-count"))
        assert lists.query_one("#list-people").row_count == 3

        # The same tag in "none of": 0, and said why; a wrong tag: said, what was typed stays.
        await pilot.press("tab", "tab")
        await pilot.press(*"elderly_alone")
        assert await wait_until(pilot, lambda: "0 people" in _said(lists, "#list-count"))
        assert "both required and excluded" in _said(lists, "#list-count")
        lists.query_one("#list-none_of", Input).value = "dissuaded nosuch"
        assert await wait_until(pilot, lambda: "No tag is called “nosuch”" in _said(lists, "#list-count"))
        assert lists.query_one("#list-none_of", Input).value == "dissuaded nosuch"
        assert lists.query_one("#list-people").row_count == 0
        await pilot.press("end", *["backspace"] * 7)
        assert await wait_until(pilot, lambda: "2 people match" in _said(lists, "#list-count"))

        # ctrl+s writes the whole list, and says where: the station's admin may have full numbers (a duty
        # officer's are masked: tests/unit/test_outreach.py).
        await pilot.press("ctrl+s")
        exports = tmp_path / "exports"
        assert await wait_until(pilot, lambda: exports.exists() and list(exports.glob("list-*.csv")))
        [written] = exports.glob("list-*.csv")
        text = written.read_text(encoding="utf-8-sig")
        assert "13900001111" in text and "33010219460302268X" in text and len(text.splitlines()) == 3
        assert await wait_until(pilot, lambda: any("exported with full numbers" in str(n.message)
                                                   for n in app._notifications))

        # ctrl+n: a campaign to the two; an empty title is refused in the dialog.
        await pilot.press("ctrl+n")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CampaignDialog))
        await pilot.press("ctrl+s")
        assert "Title is required" in _said(app.screen, ".dialog-message")
        await pilot.press(*"Fraud warning")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CampaignScreen) and app.screen.detail)
        campaign = app.screen
        with read_session(desk.engine) as session:
            [row] = session.exec(select(Campaign)).all()
            assert row.title == "Fraud warning" and row.people == 2
            assert row.expression["all_of"] == ["elderly", "elderly_alone"]
            assert row.expression["none_of"] == ["dissuaded"]
        assert sorted(p.name for p in campaign.detail.people) == ["吴刚", "王秀英"]

        # Enter on the first person: reached, but no outcome: refused, nothing lost; then logged.
        first = campaign.detail.people[0]
        await pilot.press("l")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ContactDialog))
        await pilot.press("tab", "space")  # the reached box
        await pilot.press("ctrl+s")
        assert "Outcome is required" in _said(app.screen, ".dialog-message")
        await pilot.press("tab", *"warned, will tell her son", "tab", "space", "ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CampaignScreen)
                                and app.screen.detail.progress.reached == 1)
        with read_session(desk.engine) as session:
            [contact] = session.exec(select(Contact)).all()
            person = session.get(CampaignPerson, first.campaign_person_id)
        assert (contact.channel, contact.reached, contact.outcome, contact.follow_up) == (
            "phone", True, "warned, will tell her son", True)
        assert person.state == "reached" and person.follow_up
        assert "1 reached" in _said(campaign, "#campaign-head") or "reached 1" in _said(campaign, "#campaign-head")

        # a: who works the highlighted person, the first worker of the list by its number.
        await pilot.press("a")
        assert await wait_until(pilot, lambda: isinstance(app.screen, AssignDialog) and app.screen.query("#assign-worker"))
        [(_prompt, chosen), *_others] = [o for o in app.screen.query_one("#assign-worker", Select)._options
                                         if o[1] is not Select.NULL]
        kind, _, worker_id = chosen.partition(":")
        await pilot.press("1", "ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CampaignScreen) and any(
            person.worker for person in app.screen.detail.people))
        with read_session(desk.engine) as session:
            person = session.get(CampaignPerson, first.campaign_person_id)
            assert str(person.officer_id if kind == "officer" else person.volunteer_id) == worker_id

        # The desk shows the running campaign's progress.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: app.screen.query("#outreach-line")
                                and "reached 1" in _said(app.screen, "#outreach-line"))
        assert "contacted 1/2" in _said(app.screen, "#outreach-line")

        # Back to it, f finishes it: no more contacts.
        await pilot.press("alt+o")
        assert await wait_until(pilot, lambda: isinstance(app.screen, OutreachScreen) and app.screen.rows)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CampaignScreen) and app.screen.detail)
        await pilot.press("f")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CampaignScreen)
                                and app.screen.detail.state == "finished")
        with read_session(desk.engine) as session:
            assert session.exec(select(Campaign.state)).one() == "finished"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ContactDialog)
