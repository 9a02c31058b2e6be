"""A campaign's life: made from a list (its people frozen then), people assigned to officers or to volunteers
of a patrol team, each contact logged, then finished. Every change goes through `records.save` (the frozen
list through `records.save_many`): versioned, in the change log, audited, synced.

States: running → finished. A finished campaign takes no more contacts or assignments.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from db.bulk_insert import new_row
from db.models import Officer, Volunteer
from db.models.outreach import Campaign, CampaignPerson, Contact
from db.sequences import hold, next_value
from frontdesk.i18n import DeskError, Phrase
from frontdesk.outreach import lists
from frontdesk.records import CHANGELOG_SEQUENCE, Actor, save, save_many

STATES = ("running", "finished")
CHANNELS = ("phone", "visit", "message")
#: The most people one campaign freezes: more is several campaigns (a list can still be exported whole).
MOST_PEOPLE = 5000
TITLE_MAX = 200
TEXT_MAX = 4000


@dataclass(frozen=True)
class CampaignInput:
    title: str
    purpose: str = ""
    script: str = ""


@dataclass(frozen=True)
class ContactInput:
    channel: str  # phone | visit | message
    reached: bool
    outcome: str = ""
    follow_up: bool = False


def _campaign(session: Session, campaign_id: uuid.UUID) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise DeskError("outreach.campaign_gone")
    return campaign


def _running(campaign: Campaign) -> None:
    if campaign.state != "running":
        raise DeskError("outreach.campaign_finished", ref=campaign.ref)


def _reference(session: Session, *, site: str, now: datetime, zone: ZoneInfo) -> str:
    day = now.astimezone(zone).strftime("%Y%m%d")
    hold(session, site=site, name=CHANGELOG_SEQUENCE)  # the order every writer takes the counters in
    return f"WX-{site}-{day}-{next_value(session, site=site, name=f'campaign:{day}'):02d}"


def start_campaign(session: Session, typed: CampaignInput, query: lists.ListQuery, *, by: Actor, now: datetime,
                   zone: ZoneInfo, today: date) -> Campaign:
    """A running campaign to the people the list names now (later changes of tags do not move them)."""
    title = typed.title.strip()
    if not title:
        raise DeskError("form.required", field=Phrase("outreach.field.title"))
    if len(title) > TITLE_MAX or len(typed.purpose) > TEXT_MAX or len(typed.script) > TEXT_MAX:
        raise DeskError("outreach.too_long", most=TEXT_MAX)
    expression = lists.read_expression(session, query)
    if expression.contradiction:
        raise DeskError("outreach.contradiction", tags=", ".join(tag.name for tag in expression.contradiction))
    people = lists.person_ids(session, expression, today=today, limit=MOST_PEOPLE + 1)
    if not people:
        raise DeskError("outreach.nobody")
    if len(people) > MOST_PEOPLE:
        raise DeskError("outreach.too_many", most=MOST_PEOPLE)
    campaign = save(session, Campaign(
        ref=_reference(session, site=by.site, now=now, zone=zone), title=title, purpose=typed.purpose.strip(),
        script=typed.script.strip(), expression=expression.codes(), state="running", started_at=now,
        started_by=by.officer_id, people=len(people)), by=by, action="campaign_start")
    rows = [new_row(CampaignPerson, campaign_id=campaign.id, person_id=person_id, position=position, site=by.site)
            for position, person_id in enumerate(people)]
    save_many(session, [(CampaignPerson, rows)], by=by, reason=campaign.ref)
    return campaign


def assign(session: Session, campaign_id: uuid.UUID, campaign_person_ids: list[uuid.UUID], *,
           officer_id: uuid.UUID | None = None, volunteer_id: uuid.UUID | None = None, by: Actor) -> int:
    """Give people of a running campaign to an officer or to a volunteer of a patrol team; how many moved."""
    if (officer_id is None) == (volunteer_id is None):
        raise DeskError("outreach.assign_one")
    campaign = _campaign(session, campaign_id)
    _running(campaign)
    if officer_id is not None:
        officer = session.get(Officer, officer_id)
        if officer is None or not officer.active:
            raise DeskError("outreach.officer_unknown")
    if volunteer_id is not None:
        volunteer = session.get(Volunteer, volunteer_id)
        if volunteer is None or not volunteer.active:
            raise DeskError("outreach.volunteer_unknown")
    moved = 0
    for row in session.exec(select(CampaignPerson).where(CampaignPerson.campaign_id == campaign_id,
                                                         CampaignPerson.id.in_(campaign_person_ids))).all():
        if (row.officer_id, row.volunteer_id) == (officer_id, volunteer_id):
            continue
        row.officer_id, row.volunteer_id = officer_id, volunteer_id
        save(session, row, by=by, action="campaign_assign")
        moved += 1
    return moved


def log_contact(session: Session, campaign_person_id: uuid.UUID, typed: ContactInput, *, by: Actor,
                now: datetime) -> Contact:
    """A call, visit or message to one of a running campaign's people, and what came of it."""
    person = session.get(CampaignPerson, campaign_person_id)
    if person is None:
        raise DeskError("outreach.campaign_gone")
    _running(_campaign(session, person.campaign_id))
    if typed.channel not in CHANNELS:
        raise DeskError("outreach.channel_unknown", channel=typed.channel)
    outcome = typed.outcome.strip()
    if typed.reached and not outcome:
        raise DeskError("form.required", field=Phrase("outreach.field.outcome"))
    if len(outcome) > TEXT_MAX:
        raise DeskError("outreach.too_long", most=TEXT_MAX)
    contact = save(session, Contact(campaign_person_id=person.id, at=now, by=by.officer_id,
                                    volunteer_id=person.volunteer_id, channel=typed.channel, reached=typed.reached,
                                    outcome=outcome, follow_up=typed.follow_up), by=by, action="campaign_contact")
    person.state = "reached" if typed.reached or person.state == "reached" else "tried"
    person.follow_up = typed.follow_up
    save(session, person, by=by)
    return contact


def finish(session: Session, campaign_id: uuid.UUID, *, by: Actor, now: datetime) -> Campaign:
    """A running campaign finished: its figures stay, it takes nothing more."""
    campaign = _campaign(session, campaign_id)
    _running(campaign)
    campaign.state = "finished"
    campaign.finished_at = now
    return save(session, campaign, by=by, action="campaign_finish")
