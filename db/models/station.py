"""The station's own lists: sites, officers, categories, receiving bodies."""

from __future__ import annotations

import uuid

from sqlalchemy import JSON
from sqlmodel import Field

from db.models.base import Synced


class Site(Synced, table=True):
    """This station or one of its outposts."""

    code: str = Field(max_length=16, unique=True)
    name: str = Field(max_length=100)
    kind: str = Field(max_length=16, default="station")  # station | outpost


class Officer(Synced, table=True):
    """A user at the desk."""

    name: str = Field(max_length=50)
    badge_no: str = Field(max_length=20, unique=True)
    role: str = Field(max_length=16, default="duty")  # duty | supervisor | admin
    active: bool = Field(default=True)
    #: Argon2 hash of the officer's password (never the password); None until one is set.
    password_hash: str | None = Field(default=None, max_length=200)


class Category(Synced, table=True):
    """A case category; seeded from DESIGN.md, extensible by the station."""

    code: str = Field(max_length=32, unique=True)
    name_zh: str = Field(max_length=50)
    name_en: str = Field(max_length=80)
    police: bool = Field(default=True)
    sort: int = Field(default=100)
    active: bool = Field(default=True)
    #: Code of the non-police matter a case of this category is handed off as by default (None: guessed
    #: from the matters recorded under it). A plain code, not a foreign key: matters name their category.
    default_matter: str | None = Field(default=None, max_length=32)


class ReceivingBody(Synced, table=True):
    """A body non-police matters are handed to (12345 hotline, mediation centre, …)."""

    code: str = Field(max_length=32, unique=True)
    name_zh: str = Field(max_length=80)
    name_en: str = Field(max_length=120)
    contact: str = Field(default="", max_length=200)
    default_due_hours: int = Field(default=72)
    #: Codes of the non-police matters this body takes (replaced whole when edited).
    takes: list = Field(default_factory=list, sa_type=JSON)
    active: bool = Field(default=True)


class NonPoliceMatter(Synced, table=True):
    """A kind of matter that is not police business, with its usual receiver."""

    code: str = Field(max_length=32, unique=True)
    name_zh: str = Field(max_length=80)
    name_en: str = Field(max_length=120)
    default_body_id: uuid.UUID | None = Field(default=None, foreign_key="receivingbody.id")
    #: The case category such matters are usually recorded under (proposes the matter).
    category: str | None = Field(default=None, foreign_key="category.code", max_length=32)
    active: bool = Field(default=True)


class PatrolCounter(Synced, table=True):
    """Something a patrol shift counts (leaflets handed out, shops visited, …)."""

    code: str = Field(max_length=32, unique=True)
    name_zh: str = Field(max_length=50)
    name_en: str = Field(max_length=80)
    sort: int = Field(default=100)
    active: bool = Field(default=True)
