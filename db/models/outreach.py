"""Outreach (精准滴灌): a campaign to the people a tag list chose, and each contact made with them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field

from db.models.base import Synced, moment


class Campaign(Synced, table=True):
    #: A short reference shown to the officer ("WX-LS-20261205-01").
    ref: str = Field(max_length=32, unique=True)
    title: str = Field(max_length=200)
    purpose: str = Field(default="")
    script: str = Field(default="")
    #: The list it was made from, as typed (tag codes, village, ages): what the people were chosen by.
    expression: dict = Field(default_factory=dict, sa_type=JSON)
    #: running | finished
    state: str = Field(default="running", max_length=12, index=True)
    started_at: datetime = moment(index=True)
    started_by: uuid.UUID | None = Field(default=None, foreign_key="officer.id")
    finished_at: datetime | None = moment(nullable=True)
    #: How many people the list froze (so the desk's progress needs no count of them).
    people: int = Field(default=0)


class CampaignPerson(Synced, table=True):
    """One person of a campaign's frozen list, who is to contact them, and where it stands."""

    campaign_id: uuid.UUID = Field(foreign_key="campaign.id")
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    #: Worked by an officer, or by a volunteer of a patrol team (at most one of them; neither: anyone's).
    officer_id: uuid.UUID | None = Field(default=None, foreign_key="officer.id")
    volunteer_id: uuid.UUID | None = Field(default=None, foreign_key="volunteer.id")
    #: waiting | tried (contacted, not reached) | reached
    state: str = Field(default="waiting", max_length=10)
    follow_up: bool = Field(default=False)
    position: int = Field(default=0)

    __table_args__ = (
        UniqueConstraint("campaign_id", "person_id", name="uq_campaignperson_campaign_id_person_id"),
        Index("ix_campaignperson_campaign_state", "campaign_id", "state"),
    )


class Contact(Synced, table=True):
    """One try to reach a campaign's person: how, whether they were reached, what came of it."""

    campaign_person_id: uuid.UUID = Field(foreign_key="campaignperson.id", index=True)
    at: datetime = moment(index=True)
    #: The officer who logged it (a volunteer's contact is logged by the officer they report to).
    by: uuid.UUID | None = Field(default=None, foreign_key="officer.id")
    volunteer_id: uuid.UUID | None = Field(default=None, foreign_key="volunteer.id")
    channel: str = Field(max_length=10)  # phone | visit | message
    reached: bool = Field(default=False)
    outcome: str = Field(default="")
    follow_up: bool = Field(default=False)


# Lists by tag take merged records off and filter by village: both read by index at 250,000 people. Only the
# few merged records are in the first (partial) index, so a planner never takes it to find the unmerged.
from db.models.people import Person  # noqa: E402

Index("ix_person_merged_into_id", Person.merged_into_id, sqlite_where=Person.merged_into_id.is_not(None),
      postgresql_where=Person.merged_into_id.is_not(None))
Index("ix_person_village", Person.village)
