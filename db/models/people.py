"""People who report, are involved, or volunteer."""

from __future__ import annotations

import uuid

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Index, text
from sqlmodel import Field, SQLModel

from db.models.base import Synced, moment
from db.types import byte_ordered


class Person(Synced, table=True):
    name: str = Field(max_length=80, index=True)
    #: Found through the look-up keys (SearchKey), not by indexes of their own.
    name_pinyin: str = Field(default="", max_length=200)
    name_initials: str = Field(default="", max_length=40)
    resident_id: str | None = Field(default=None, max_length=18, index=True, sa_type=byte_ordered(18))
    # Back to front, so "the last digits of the ID" is an indexed prefix search.
    resident_id_reversed: str | None = Field(default=None, max_length=18, index=True, sa_type=byte_ordered(18))
    address: str = Field(default="", max_length=200)
    village: str = Field(default="", max_length=100)
    #: Left empty since migration f18a1c0d2e41 moved its codes to PersonTag; kept so bundles from outposts
    #: still on the older schema apply. Read and written by nothing.
    tags: str = Field(default="", max_length=200)
    notes: str = Field(default="")
    merged_into_id: uuid.UUID | None = Field(default=None, foreign_key="person.id")


class PersonPhone(Synced, table=True):
    """A phone number of a person, in E.164.

    `digits_reversed` holds the number's digits back to front so that "the last
    four digits" is an indexed prefix search.
    """

    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    e164: str = Field(max_length=20, index=True, sa_type=byte_ordered(20))
    digits_reversed: str = Field(max_length=20, index=True, sa_type=byte_ordered(20))
    label: str = Field(default="", max_length=20)


class SearchKey(SQLModel, table=True):
    """One way a person's name can be typed at the look-up box.

    For 张建国: 张建国, 建国, 国 (characters from any point, so a given name or a
    surname alone is a prefix search), zhangjianguo, jianguo, guo (pinyin) and
    zjg, jg, g (initials). Derived from Person and rebuilt with it; local to each
    database, never synced. The key is compared byte-wise (C collation on
    PostgreSQL) so that prefix ranges work for Chinese as for Latin letters.
    """

    person_id: uuid.UUID = Field(foreign_key="person.id", primary_key=True)
    key: str = Field(primary_key=True, max_length=120, sa_type=byte_ordered(120))
    kind: str = Field(max_length=1)  # n: characters, p: pinyin, i: initials
    whole: bool = Field(default=False)  # the key is the whole name, not a tail of it
    #: The key's first one and two characters: a one- or two-character query is one value of these,
    #: so its first page is read in `rank` order from an index instead of sorting every match.
    lead1: str = Field(default="", max_length=4, sa_type=byte_ordered(4),
                       sa_column_kwargs={"server_default": text("''")})
    lead2: str = Field(default="", max_length=8, sa_type=byte_ordered(8),
                       sa_column_kwargs={"server_default": text("''")})
    #: The person's reports (cases they reported) and the last one's time, kept by
    #: `db.search_index.recount_reports` wherever a reporter is written; `rank` orders by them.
    reports: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})
    last_reported_at: datetime | None = moment(nullable=True)
    rank: int = Field(default=0, sa_type=BigInteger, sa_column_kwargs={"server_default": text("0")})

    __table_args__ = (Index("ix_searchkey_key", "key"), Index("ix_searchkey_lead1_rank", "lead1", "rank"),
                      Index("ix_searchkey_lead2_rank", "lead2", "rank"))


class ReporterReview(Synced, table=True):
    """A repeat reporter's number reviewed at the desk, and whether they were called back."""

    person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    phone_e164: str | None = Field(default=None, max_length=20, index=True)
    reviewed_at: datetime = moment()
    reviewed_by: uuid.UUID | None = Field(default=None, foreign_key="officer.id")
    called_back: bool = Field(default=False)
    reached: bool = Field(default=False)
    note: str = Field(default="")


class PersonMerge(Synced, table=True):
    """Two records of one person made one; what moved is kept so it can be undone."""

    merged_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    survivor_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    moved: dict = Field(default_factory=dict, sa_type=JSON)  # table -> [row ids moved to the survivor]
    reason: str = Field(default="")
    undone_at: datetime | None = moment(nullable=True)
