"""The outreach screens as the officer sees them, in both languages, wide and at 80×24: a list by tag counted,
a campaign with its contacts, the campaigns, and the running campaign's line on the desk."""

from __future__ import annotations

import pytest

from frontdesk.outreach.campaigns import CampaignInput, ContactInput
from frontdesk.outreach.lists import ListQuery
from tests.apphelpers import desk_app, settle
from tests.outreachhelpers import seed_village
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

SIZES = {"wide": (120, 36), "narrow": (80, 24)}


def seed_campaigns(desk) -> dict:
    """The village's people, a finished campaign and a running one with three contacts logged."""
    seed_village(desk.engine, desk.actor)
    outreach = desk.outreach
    done = outreach.start(CampaignInput("刷单返利诈骗提醒", purpose="提醒青年群体"), ListQuery(any_of="student fraud_prone"))
    for row in outreach.campaign(done).people:
        outreach.log_contact(row.campaign_person_id, ContactInput("phone", reached=True, outcome="已提醒"))
    outreach.finish(done)
    running = outreach.start(CampaignInput("冒充公检法诈骗预警", purpose="提醒独居老人识别冒充公检法诈骗",
                                           script="公检法机关不会电话办案，没有“安全账户”，接到此类电话请挂断。"),
                             ListQuery(all_of="elderly", village="东关村"))
    people = outreach.campaign(running).people
    outreach.log_contact(people[0].campaign_person_id, ContactInput("phone", reached=False))
    outreach.log_contact(people[0].campaign_person_id, ContactInput("visit", reached=True,
                                                                    outcome="已提醒，并转告其子女", follow_up=True))
    outreach.log_contact(people[1].campaign_person_id, ContactInput("message", reached=False))
    return {"done": done, "running": running}


def _seeded(name: str, lang: str):
    app = desk_app(_fixed_folder(f"{name}-{lang}"), lang=lang)

    async def prepare(pilot):
        await settle(pilot)
        seed_campaigns(pilot.app.desk)
        await settle(pilot)

    return app, prepare


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_list_by_tag_counted_with_its_first_page(snap_compare, lang, size):
    app, prepare = _seeded(f"outreach-list-{size}", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("alt+o")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"elderly", "tab", *"elderly_alone fraud_prone", "tab", *"dissuaded")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tags_to_choose_from_for_a_list_narrowed_as_typed(snap_compare, lang, size):
    app, prepare = _seeded(f"outreach-choose-{size}", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("alt+o")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"elderly", "ctrl+t")
        await settle(pilot)
        await pilot.press(*("lr" if lang == "zh" else "elder"))
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_running_campaign_with_its_people_and_contacts(snap_compare, lang, size):
    app, prepare = _seeded(f"outreach-campaign-{size}", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("alt+o")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_campaigns_at_80x24(snap_compare, lang):
    app, prepare = _seeded("outreach-campaigns", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("alt+o")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES["narrow"], run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_desk_shows_the_running_campaign_at_80x24(snap_compare, lang):
    app, prepare = _seeded("outreach-desk", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES["narrow"], run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_logging_a_contact_at_80x24(snap_compare, lang):
    """The contact dialog whole at 80×24: whom it is with, how, reached, the outcome, follow-up and its keys."""
    app, prepare = _seeded("outreach-contact", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("alt+o")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES["narrow"], run_before=run_before)
