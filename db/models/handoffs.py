"""Hand-offs of non-police matters and the follow-up call-backs that close them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field

from db.models.base import Synced, moment


class Handoff(Synced, table=True):
    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    body_id: uuid.UUID = Field(foreign_key="receivingbody.id", index=True)
    matter: str | None = Field(default=None, foreign_key="nonpolicematter.code", max_length=32)
    method: str = Field(default="work_order", max_length=16)
    our_ref: str = Field(default="", max_length=40)
    their_ref: str = Field(default="", max_length=40)
    handed_at: datetime = moment()
    handed_by: uuid.UUID | None = Field(default=None, foreign_key="officer.id")
    due_at: datetime | None = moment(nullable=True, index=True)
    status: str = Field(default="pending", max_length=16, index=True)
    returned_reason: str = Field(default="")
    done_at: datetime | None = moment(nullable=True)
    notes: str = Field(default="")


class FollowUp(Synced, table=True):
    case_id: uuid.UUID | None = Field(default=None, foreign_key="case.id", index=True)
    handoff_id: uuid.UUID | None = Field(default=None, foreign_key="handoff.id", index=True)
    at: datetime = moment()
    by: uuid.UUID | None = Field(default=None, foreign_key="officer.id")
    reached: bool = Field(default=True)
    result: str = Field(default="")
    satisfaction: str | None = Field(default=None, max_length=16)  # satisfied | basically | unsatisfied
    backflow: bool = Field(default=False)
