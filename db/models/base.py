"""What every synced record carries, and the metadata naming convention."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from db.ids import new_id
from db.types import UTCDateTime, utcnow

# Constraint names must be stable for Alembic's batch mode on SQLite to find them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def moment(*, nullable: bool = False, index: bool = False, default_now: bool = False):
    """A UTC timestamp column."""
    kwargs = {"sa_type": UTCDateTime, "nullable": nullable, "index": index}
    if default_now:
        kwargs["default_factory"] = utcnow
    return Field(**kwargs)


class Synced(SQLModel):
    """Columns every record that travels between sites carries.

    `version` doubles as the optimistic lock: an UPDATE matches only the version
    it read, so two terminals editing the same record cannot silently overwrite
    each other (SQLAlchemy raises StaleDataError for the second).
    """

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    site: str = Field(max_length=16, index=True)
    version: int = Field(default=1)
    updated_at: datetime = moment(default_now=True)
    updated_by: uuid.UUID | None = Field(default=None)

    #: Columns a change-log entry leaves out (bookkeeping, not content).
    bookkeeping: ClassVar[frozenset[str]] = frozenset({"version", "updated_at", "updated_by"})

    @declared_attr  # type: ignore[misc]
    def __mapper_args__(cls):  # noqa: N805
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}
