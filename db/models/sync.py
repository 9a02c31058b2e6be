"""What a site keeps about carrying changes to and from other sites. Local, never synced.

A site's signing key stays on its own machine; the station trusts each outpost's
public key and the outpost trusts the station's. Acknowledgements say how far a
peer holds each site's change log, so the next bundle starts where it left off.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from db.ids import new_id
from db.models.base import moment


class SiteKey(SQLModel, table=True):
    """This site's Ed25519 signing key (raw bytes, hex). Made at site set-up."""

    site: str = Field(max_length=16, primary_key=True)
    private_key: str = Field(max_length=64)
    public_key: str = Field(max_length=64)
    created_at: datetime = moment()


class SyncPeer(SQLModel, table=True):
    """Another site whose bundles this site accepts, and the public key that signs them."""

    site: str = Field(max_length=16, primary_key=True)
    public_key: str = Field(max_length=64)
    trusted_at: datetime = moment()
    trusted_by: uuid.UUID | None = Field(default=None)


class SyncAck(SQLModel, table=True):
    """`peer` holds `origin`'s changes up to `seq` (as its last bundle said)."""

    peer: str = Field(max_length=16, primary_key=True)
    origin: str = Field(max_length=16, primary_key=True)
    seq: int = Field(default=0)


class SyncBundle(SQLModel, table=True):
    """A bundle written here or imported here."""

    id: uuid.UUID = Field(primary_key=True)
    direction: str = Field(max_length=3)  # out | in
    peer: str = Field(max_length=16, index=True)
    at: datetime = moment()
    by: uuid.UUID | None = Field(default=None)
    file_name: str = Field(default="", max_length=260)
    total: int = Field(default=0)
    applied: int = Field(default=0)
    already: int = Field(default=0)
    conflicts: int = Field(default=0)
    #: origin site -> [first seq, last seq]
    ranges: dict = Field(default_factory=dict, sa_type=JSON)


class SyncConflict(SQLModel, table=True):
    """Something an import could not settle alone, kept for an officer.

    kind `edit`: a record changed here and at `origin_site` since their common
    version. `ours` is the row as it stays here, `theirs` the other site's
    version, `base` the version both started from. kind `same_person`: a person
    arrived who looks like one already here (`theirs` and `ours` are the two).
    At an outpost a kind `edit` item is kept `at_station`: the station decides.
    """

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    kind: str = Field(default="edit", max_length=16)
    table_name: str = Field(max_length=40)
    record_id: uuid.UUID = Field(index=True)
    other_id: uuid.UUID | None = Field(default=None)
    origin_site: str = Field(max_length=16)
    origin_seq: int = Field(default=0)
    bundle_id: uuid.UUID | None = Field(default=None)
    base: dict = Field(default_factory=dict, sa_type=JSON)
    ours: dict = Field(default_factory=dict, sa_type=JSON)
    theirs: dict = Field(default_factory=dict, sa_type=JSON)
    fields: list = Field(default_factory=list, sa_type=JSON)
    status: str = Field(default="open", max_length=16, index=True)  # open | at_station | resolved | dismissed
    found_at: datetime = moment()
    resolved_at: datetime | None = moment(nullable=True)
    resolved_by: uuid.UUID | None = Field(default=None)
    outcome: dict = Field(default_factory=dict, sa_type=JSON)
