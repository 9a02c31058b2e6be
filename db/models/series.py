"""Series (串并): cases the officer has judged to be one matter — one thief on one street, one gang."""

from __future__ import annotations

import uuid

from sqlalchemy import Index
from sqlmodel import Field

from db.models.base import Synced
from db.models.cases import Case


class Series(Synced, table=True):
    name: str = Field(max_length=80)
    note: str = Field(default="")


class SeriesCase(Synced, table=True):
    """A case in a series; put there by an officer (audited), never by a suggestion."""

    series_id: uuid.UUID = Field(foreign_key="series.id", index=True)
    case_id: uuid.UUID = Field(foreign_key="case.id", index=True)


# The similar-cases panel and the cluster view read a month of cases by time and test their place and
# summary: this index holds every column they read, so a month is one range of it, not 10,000 row look-ups.
Index("ix_case_similar", Case.received_at, Case.voided_at, Case.category, Case.place, Case.summary, Case.status,
      Case.case_no, Case.id)
