"""What the outreach screens, the desk and the statistics read: campaigns with their progress, one campaign's
people, and people reached per campaign in a period. Counted by the database (GROUP BY), never by loading."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func
from sqlmodel import Session, select

from db.models import Officer, Person, PersonPhone, Team, Volunteer
from db.models.outreach import Campaign, CampaignPerson, Contact
from frontdesk.outreach.lists import age_on
from frontdesk.i18n import DeskError
from frontdesk.validation import mask_phone


@dataclass(frozen=True)
class Progress:
    people: int
    contacted: int  # tried at least once
    reached: int
    follow_ups: int  # whose last contact asked for a follow-up


@dataclass(frozen=True)
class CampaignRow:
    campaign_id: uuid.UUID
    ref: str
    title: str
    state: str
    started_at: datetime
    progress: Progress


@dataclass(frozen=True)
class CampaignPersonRow:
    campaign_person_id: uuid.UUID
    person_id: uuid.UUID
    name: str
    phone: str  # masked
    village: str
    age: int | None
    worker: str  # the officer's or the volunteer's name, "" when nobody's yet
    state: str  # waiting | tried | reached
    follow_up: bool
    last_at: datetime | None
    last_outcome: str


@dataclass(frozen=True)
class CampaignDetail:
    campaign_id: uuid.UUID
    ref: str
    title: str
    purpose: str
    script: str
    state: str
    started_at: datetime
    finished_at: datetime | None
    version: int
    progress: Progress
    people: tuple[CampaignPersonRow, ...]


def _progress(session: Session, campaign_ids: list[uuid.UUID]) -> dict[uuid.UUID, Progress]:
    if not campaign_ids:
        return {}
    rows = session.exec(
        select(CampaignPerson.campaign_id, func.count(),
               func.sum(case((CampaignPerson.state != "waiting", 1), else_=0)),
               func.sum(case((CampaignPerson.state == "reached", 1), else_=0)),
               func.sum(case((CampaignPerson.follow_up, 1), else_=0)))
        .where(CampaignPerson.campaign_id.in_(campaign_ids)).group_by(CampaignPerson.campaign_id)).all()
    found = {cid: Progress(int(n), int(c or 0), int(r or 0), int(f or 0)) for cid, n, c, r, f in rows}
    return {cid: found.get(cid, Progress(0, 0, 0, 0)) for cid in campaign_ids}


def campaigns(session: Session, *, running_only: bool = False) -> list[CampaignRow]:
    """Campaigns, running ones first, newest first, each with its progress."""
    query = select(Campaign)
    if running_only:
        query = query.where(Campaign.state == "running")
    found = session.exec(query.order_by(Campaign.state != "running", Campaign.started_at.desc())).all()
    progress = _progress(session, [row.id for row in found])
    return [CampaignRow(row.id, row.ref, row.title, row.state, row.started_at, progress[row.id]) for row in found]


def _workers(session: Session, rows: list[CampaignPerson]) -> dict[tuple[str, uuid.UUID], str]:
    names: dict[tuple[str, uuid.UUID], str] = {}
    officers = {row.officer_id for row in rows if row.officer_id}
    if officers:
        for officer_id, name in session.exec(select(Officer.id, Officer.name).where(Officer.id.in_(officers))):
            names[("o", officer_id)] = name
    volunteers = {row.volunteer_id for row in rows if row.volunteer_id}
    if volunteers:
        for volunteer_id, name, team in session.exec(
                select(Volunteer.id, Person.name, Team.name).join(Person, Person.id == Volunteer.person_id)
                .join(Team, Team.id == Volunteer.team_id).where(Volunteer.id.in_(volunteers))):
            names[("v", volunteer_id)] = f"{name}·{team}"
    return names


def detail(session: Session, campaign_id: uuid.UUID, *, today: date) -> CampaignDetail:
    """One campaign with its progress and its people in list order, phones masked, each with the last contact."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise DeskError("outreach.campaign_gone")
    rows = session.exec(select(CampaignPerson).where(CampaignPerson.campaign_id == campaign_id)
                        .order_by(CampaignPerson.position)).all()
    ids = [row.person_id for row in rows]
    people = {p.id: p for p in session.exec(select(Person).where(Person.id.in_(ids))).all()} if ids else {}
    phones = dict(session.exec(select(PersonPhone.person_id, func.min(PersonPhone.e164))
                               .where(PersonPhone.person_id.in_(ids)).group_by(PersonPhone.person_id)).all()) if ids else {}
    last: dict[uuid.UUID, tuple[datetime, str]] = {}
    for cp_id, at, outcome in session.exec(
            select(Contact.campaign_person_id, Contact.at, Contact.outcome)
            .where(Contact.campaign_person_id.in_([row.id for row in rows])).order_by(Contact.at)):
        last[cp_id] = (at, outcome)
    workers = _workers(session, rows)
    shown = []
    for row in rows:
        person = people.get(row.person_id)
        worker = workers.get(("o", row.officer_id), "") if row.officer_id else \
            workers.get(("v", row.volunteer_id), "") if row.volunteer_id else ""
        at, outcome = last.get(row.id, (None, ""))
        shown.append(CampaignPersonRow(
            row.id, row.person_id, person.name if person else "?",
            mask_phone(phones[row.person_id]) if row.person_id in phones else "",
            person.village if person else "", age_on(person.resident_id if person else None, today),
            worker, row.state, row.follow_up, at, outcome))
    return CampaignDetail(campaign.id, campaign.ref, campaign.title, campaign.purpose, campaign.script,
                          campaign.state, campaign.started_at, campaign.finished_at, campaign.version,
                          _progress(session, [campaign.id])[campaign.id], tuple(shown))


def workers(session: Session) -> list[tuple[str, uuid.UUID, str]]:
    """Who can be given people: ("officer", id, name) for active officers, ("volunteer", id, "name·team")
    for active volunteers of active teams."""
    found = [("officer", officer_id, name) for officer_id, name in session.exec(
        select(Officer.id, Officer.name).where(Officer.active).order_by(Officer.name))]
    found += [("volunteer", volunteer_id, f"{name}·{team}") for volunteer_id, name, team in session.exec(
        select(Volunteer.id, Person.name, Team.name).join(Person, Person.id == Volunteer.person_id)
        .join(Team, Team.id == Volunteer.team_id).where(Volunteer.active, Team.active)
        .order_by(Team.name, Person.name))]
    return found


@dataclass(frozen=True)
class Reached:
    """People a campaign reached in a period (each person once, at their first reaching contact in it)."""

    ref: str
    title: str
    reached: int


def reached_per_campaign(session: Session, *, since: datetime, until: datetime,
                         site: str | None = None) -> dict[str, Reached]:
    """Campaign ref -> people reached by contacts logged in [since, until)."""
    query = (select(Campaign.ref, Campaign.title, func.count(func.distinct(Contact.campaign_person_id)))
             .join(CampaignPerson, CampaignPerson.id == Contact.campaign_person_id)
             .join(Campaign, Campaign.id == CampaignPerson.campaign_id)
             .where(Contact.reached, Contact.at >= since, Contact.at < until)
             .group_by(Campaign.ref, Campaign.title))
    if site is not None:
        query = query.where(Campaign.site == site)
    return {ref: Reached(ref, title, int(n)) for ref, title, n in session.exec(query).all()}
