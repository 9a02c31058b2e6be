"""A campaign worked at an outpost reaches the station in a bundle: its frozen list and its contacts."""

from __future__ import annotations

from sqlmodel import select

from db.engine import read_session
from db.models.outreach import Campaign, CampaignPerson, Contact
from frontdesk.outreach.campaigns import CampaignInput, ContactInput
from frontdesk.outreach.lists import ListQuery
from tests.outreachhelpers import seed_village
from tests.synchelpers import carry, open_outpost, open_station


def test_a_campaign_made_and_worked_at_an_outpost_reaches_the_station(tmp_path, sqlite_template):
    station = open_station(tmp_path / "LS", template=sqlite_template)
    outpost = open_outpost(station, "LS-02", tmp_path / "LS-02", template=sqlite_template)
    try:
        seed_village(outpost.engine, outpost.actor)
        campaign_id = outpost.outreach.start(CampaignInput("防诈提醒"), ListQuery(all_of="elderly_alone"))
        first = outpost.outreach.campaign(campaign_id).people[0]
        outpost.outreach.log_contact(first.campaign_person_id, ContactInput("visit", reached=True, outcome="已提醒"))
        got = carry(outpost, station)
        assert got.conflicts == 0 and got.applied == got.total
        with read_session(station.engine) as session:
            campaign = session.exec(select(Campaign)).one()
            assert campaign.ref.startswith("WX-LS-02-") and campaign.title == "防诈提醒"
            assert len(session.exec(select(CampaignPerson)).all()) == campaign.people == 3
            [contact] = session.exec(select(Contact)).all()
            assert contact.reached and contact.outcome == "已提醒"
        assert station.outreach.campaign(campaign_id).progress.reached == 1
    finally:
        outpost.close()
        station.close()
