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


# The cluster view counts a period's cases per category: answered from this index alone.
Index("ix_case_category_received_at", Case.category, Case.received_at)
