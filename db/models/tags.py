"""The station's own taxonomy of people's tags (classes and tags), and the tags people carry.

All three travel in sync bundles. A person's tag is never deleted: untagging sets `removed`,
a synced change like any other, so an outpost's untagging reaches the station.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from db.models.base import Synced, moment


class TagClass(Synced, table=True):
    """A class of tags (社会属性, 重点人群, …), ordered by `position`."""

    code: str = Field(max_length=40, unique=True)
    name_en: str = Field(max_length=80)
    name_zh: str = Field(max_length=80)
    active: bool = Field(default=True)
    position: int = Field(default=0)


class Tag(Synced, table=True):
    """One tag of a class. `rule` is "" when only officers set it, else the code of the rule that
    sets it (fraud_victim, repeat_reporter, elderly_by_id, minor_by_id)."""

    code: str = Field(max_length=60, unique=True)
    class_id: uuid.UUID = Field(foreign_key="tagclass.id", index=True)
    name_en: str = Field(max_length=80)
    name_zh: str = Field(max_length=80)
    #: Toneless full pinyin and initials of name_zh, space-separated ("dujulaoren djlr"), for the search box.
    name_pinyin: str = Field(default="", max_length=200)
    active: bool = Field(default=True)
    rule: str = Field(default="", max_length=40)
    position: int = Field(default=0)


class PersonTag(Synced, table=True):
    """A tag on a person, set by an officer or by a rule; `removed` when taken off (kept, synced)."""

    person_id: uuid.UUID = Field(foreign_key="person.id")
    tag_id: uuid.UUID = Field(foreign_key="tag.id")
    source: str = Field(max_length=10)  # officer | rule
    #: What set it: the officer's note, or the rule's reason ("fraud case LS-20261205-0003").
    note: str = Field(default="", max_length=200)
    removed: bool = Field(default=False)
    set_at: datetime = moment()
    set_by: uuid.UUID | None = Field(default=None)

    __table_args__ = (
        UniqueConstraint("person_id", "tag_id", name="uq_persontag_person_id_tag_id"),
        # Counting people by tag expressions at 250,000 people reads this index alone.
        Index("ix_persontag_tag_removed_person", "tag_id", "removed", "person_id"),
    )


def tag_pinyin(name_zh: str) -> str:
    """Full toneless pinyin and initials of a tag's Chinese name, space-separated: 独居老人 →
    "dujulaoren djlr". Read as words, not as a person's name: 重点 is zhongdian, not a surname's chong."""
    from db.pinyin import word_pinyin

    full, initials = word_pinyin(name_zh)
    return f"{full} {initials}"[:200] if full else ""


def person_tag_id(person_id: uuid.UUID, tag_id: uuid.UUID) -> uuid.UUID:
    """One key for a person's tag on every machine: an outpost and the station tagging the same person
    with the same tag make one record (its versions meet in sync), never two that collide."""
    from db.ids import stable_id

    return stable_id("persontag", f"{person_id}:{tag_id}")
