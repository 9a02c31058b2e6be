"""Cases (警情) and the people in them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, text
from sqlmodel import Field, SQLModel

from db.models.base import Synced, moment
from db.types import byte_ordered


class Case(Synced, table=True):
    case_no: str = Field(max_length=32, unique=True, sa_type=byte_ordered(32))
    #: Ranges and orders by it use ix_case_received_figures (it leads with received_at).
    received_at: datetime = moment()
    channel: str = Field(max_length=16)
    category: str = Field(foreign_key="category.code", max_length=32, index=True)
    police: bool = Field(default=True)
    summary: str = Field(max_length=200)
    narrative: str = Field(default="")
    place: str = Field(default="", max_length=200)
    status: str = Field(default="open", max_length=16)  # indexed first in ix_case_status_voided_at
    disposition: str | None = Field(default=None, max_length=24)
    closing_note: str = Field(default="")
    closed_at: datetime | None = moment(nullable=True)
    recorded_by: uuid.UUID | None = Field(default=None, foreign_key="officer.id")
    patrol_shift_id: uuid.UUID | None = Field(default=None, foreign_key="patrolshift.id")
    voided_at: datetime | None = moment(nullable=True)
    void_reason: str = Field(default="")
    #: Why the case was last reopened: kept on the case, so its history shows it (not only the audit log).
    #: A server default too, so a row written by a program that does not know the column (a bundle) still fits.
    reopen_reason: str = Field(default="", sa_column_kwargs={"server_default": text("''")})
    #: Where an imported case came from (a digest of its logbook row): importing the same row again adds nothing.
    source_key: str | None = Field(default=None, max_length=40, unique=True)
    #: The form draft this case was saved from: written with the case, so a draft whose case
    #: exists is never offered back, and saving that draft again cannot make a second case.
    draft_key: uuid.UUID | None = Field(default=None, unique=True)


class CaseLink(Synced, table=True):
    """A link from a case to an earlier one: a repeat, a related matter, backflow."""

    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    other_case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    kind: str = Field(max_length=16)  # repeat_of | related | backflow
    #: For backflow: the hand-off of the earlier case that the matter came back after.
    handoff_id: uuid.UUID | None = Field(default=None, foreign_key="handoff.id")


class CaseParty(Synced, table=True):
    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    role: str = Field(max_length=16)  # reporter | victim | other_party | suspect | witness
    phone_e164: str | None = Field(default=None, max_length=20, index=True)


class CaseWordRow(SQLModel, table=True):
    """Where a case's summary and narrative sit in the text index (`db.case_words`).

    The index's row number is the case's received second shifted left 20 bits (plus a few bits of
    its id), so "received within these days" is a row-number range the index itself answers.
    Derived from Case and kept with it; local to each database, never synced.
    """

    case_id: uuid.UUID = Field(foreign_key="case.id", primary_key=True)
    row: int = Field(sa_type=BigInteger, unique=True)
