"""Volunteer teams and their patrol shifts."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON
from sqlalchemy.ext.mutable import MutableDict
from sqlmodel import Field

from db.models.base import Synced, moment


class Team(Synced, table=True):
    name: str = Field(max_length=80)
    leader_id: uuid.UUID | None = Field(default=None, foreign_key="person.id")
    area: str = Field(default="", max_length=200)
    meeting_point: str = Field(default="", max_length=200)
    active: bool = Field(default=True)


class Volunteer(Synced, table=True):
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    trained_on: date | None = Field(default=None)
    active: bool = Field(default=True)


class PatrolShift(Synced, table=True):
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    shift_date: date = Field(index=True)
    planned_start: datetime = moment()
    planned_end: datetime = moment()
    actual_start: datetime | None = moment(nullable=True)
    actual_end: datetime | None = moment(nullable=True)
    area: str = Field(default="", max_length=200)
    escort_officer_id: uuid.UUID | None = Field(default=None, foreign_key="officer.id")
    # Mutable: counters["leaflets"] += 40 is seen as a change and saved.
    counters: dict = Field(default_factory=dict, sa_type=MutableDict.as_mutable(JSON))
    observations: str = Field(default="")
    needs_review: bool = Field(default=False)


class ShiftMember(Synced, table=True):
    shift_id: uuid.UUID = Field(foreign_key="patrolshift.id", index=True)
    volunteer_id: uuid.UUID = Field(foreign_key="volunteer.id", index=True)
    checked_in_at: datetime | None = moment(nullable=True)
    checked_out_at: datetime | None = moment(nullable=True)
    no_show: bool = Field(default=False)
