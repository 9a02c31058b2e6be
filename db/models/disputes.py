"""Disputes (纠纷包案): the quarrel behind one or more cases, with an owner, steps and a state."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field

from db.models.base import Synced, moment


class Dispute(Synced, table=True):
    #: A short reference shown to the officer ("JF-20261205-0001").
    ref: str = Field(max_length=32, unique=True)
    title: str = Field(max_length=200)
    kind: str = Field(max_length=32, index=True)  # the category of the case it was opened from
    place: str = Field(default="", max_length=200)
    plan: str = Field(default="")
    owner_id: uuid.UUID | None = Field(default=None, foreign_key="officer.id", index=True)
    leader_id: uuid.UUID | None = Field(default=None, foreign_key="officer.id")
    #: open | mediating | resolved | referred | closed_unresolved
    state: str = Field(default="open", max_length=20, index=True)
    state_reason: str = Field(default="")
    opened_at: datetime = moment(index=True)
    #: When the dispute got its owner (the figures count repeat reports before and after it).
    owned_at: datetime | None = moment(nullable=True)
    #: When it left the open states (resolved, referred or closed unresolved); resolved_at only if resolved.
    closed_at: datetime | None = moment(nullable=True, index=True)
    resolved_at: datetime | None = moment(nullable=True)
    resolved_on_site: bool = Field(default=False)
    next_step_due: datetime | None = moment(nullable=True, index=True)
    #: A referred dispute's hand-off (to the mediation centre or another body), made with the referral.
    referral_handoff_id: uuid.UUID | None = Field(default=None, foreign_key="handoff.id", index=True)


class DisputeParty(Synced, table=True):
    dispute_id: uuid.UUID = Field(foreign_key="dispute.id", index=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)


class DisputeCase(Synced, table=True):
    dispute_id: uuid.UUID = Field(foreign_key="dispute.id", index=True)
    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)


class DisputeStep(Synced, table=True):
    dispute_id: uuid.UUID = Field(foreign_key="dispute.id", index=True)
    at: datetime = moment()
    by: uuid.UUID | None = Field(default=None, foreign_key="officer.id")
    kind: str = Field(max_length=16)  # visit | call | mediation
    took_part: str = Field(default="", max_length=400)
    outcome: str = Field(default="")
    on_site: bool = Field(default=False)
