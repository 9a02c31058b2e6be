"""People who report, are involved, or volunteer."""

from __future__ import annotations

import uuid

from sqlmodel import Field

from db.models.base import Synced


class Person(Synced, table=True):
    name: str = Field(max_length=80, index=True)
    name_pinyin: str = Field(default="", max_length=200, index=True)
    name_initials: str = Field(default="", max_length=40, index=True)
    resident_id: str | None = Field(default=None, max_length=18, index=True)
    address: str = Field(default="", max_length=200)
    village: str = Field(default="", max_length=100)
    tags: str = Field(default="", max_length=200)  # space-separated tag codes
    notes: str = Field(default="")
    merged_into_id: uuid.UUID | None = Field(default=None, foreign_key="person.id")


class PersonPhone(Synced, table=True):
    """A phone number of a person, in E.164.

    `digits_reversed` holds the number's digits back to front so that "the last
    four digits" is an indexed prefix search.
    """

    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    e164: str = Field(max_length=20, index=True)
    digits_reversed: str = Field(max_length=20, index=True)
    label: str = Field(default="", max_length=20)
