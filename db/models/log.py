"""The append-only change log, the audit trail, and local counters."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint, true
from sqlmodel import Field, SQLModel

from db.ids import new_id
from db.models.base import moment


class ChangeLog(SQLModel, table=True):
    """One change to one synced record, written in the same transaction.

    `seq` numbers the changes made at `site` without gaps; a bundle carries a
    range of them and the station acknowledges the highest it has applied.
    """

    __table_args__ = (UniqueConstraint("site", "seq", name="uq_changelog_site_seq"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    site: str = Field(max_length=16)
    seq: int
    at: datetime = moment()
    by: uuid.UUID | None = Field(default=None)
    table_name: str = Field(max_length=40)
    record_id: uuid.UUID = Field(index=True)
    version: int
    op: str = Field(max_length=8)  # insert | update
    data: dict = Field(sa_type=JSON)  # the whole record after the change
    changed: dict = Field(default_factory=dict, sa_type=JSON)  # field -> [old, new]
    #: False for a change that arrived from another site and was kept as a conflict, not applied.
    applied: bool = Field(default=True, sa_column_kwargs={"server_default": true()})


class AuditEvent(SQLModel, table=True):
    """Who saw or changed what, when, and with what outcome.

    Hash-chained per site (db.audit_chain): `seq` numbers the site's events
    without gaps and `hash` covers the event and the `prev_hash` before it.
    """

    __table_args__ = (UniqueConstraint("site", "seq", name="uq_auditevent_site_seq"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    seq: int
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    at: datetime = moment(index=True)
    site: str = Field(max_length=16)
    officer_id: uuid.UUID | None = Field(default=None, index=True)
    action: str = Field(max_length=24, index=True)
    table_name: str = Field(default="", max_length=40)
    record_id: uuid.UUID | None = Field(default=None, index=True)
    outcome: str = Field(default="ok", max_length=16)
    reason: str = Field(default="")


class Counter(SQLModel, table=True):
    """A local number sequence (change-log seq per site, case numbers per day).

    Not synced: each site numbers only its own records, so the counters of two
    sites never meet.
    """

    site: str = Field(max_length=16, primary_key=True)
    name: str = Field(max_length=40, primary_key=True)
    value: int = Field(default=0)


class SignInState(SQLModel, table=True):
    """Failed sign-ins and lock-out of one officer at this database. Local, not synced:
    attempts at an outpost's laptop lock the officer there, not at the station."""

    officer_id: uuid.UUID = Field(primary_key=True, foreign_key="officer.id")
    failed: int = Field(default=0)
    locked_until: datetime | None = moment(nullable=True)


class AuditHead(SQLModel, table=True):
    """A site's audit chain head (its last event's seq and hash) as another site saw it.

    Every sync bundle carries its sender's head and the heads the sender holds of the
    receiver's chain; each site keeps all it receives. A chain rewritten whole (every
    hash recomputed) no longer holds a head kept here, and `audit verify` says so.
    """

    __table_args__ = (UniqueConstraint("site", "seq", "hash", name="uq_audithead_site_seq_hash"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    site: str = Field(max_length=16)  # whose chain
    seq: int
    hash: str = Field(max_length=64)
    #: The site whose bundle told us, and when we took it in.
    from_site: str = Field(max_length=16)
    received_at: datetime = moment()
