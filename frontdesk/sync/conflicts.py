"""Sync conflicts an officer settles: edits both sides made to one record (each differing field taken
from ours or theirs), and people from elsewhere who may be someone already here (merged or told apart)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from db.models import SYNCED_MODELS, Person, SyncConflict
from db.models.base import Synced
from frontdesk.access.roles import require
from frontdesk.i18n import DeskError
from frontdesk.records import Actor, audit, save, to_json
from frontdesk.sync.changes import BOOKKEEPING, value_from_json, record_label


def differing(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Fields where the two versions differ, in the record's own order (bookkeeping left out)."""
    names = [key for key in (ours or theirs) if key not in BOOKKEEPING and key != "id"]
    return [key for key in names if ours.get(key) != theirs.get(key)]


@dataclass(frozen=True)
class FieldChoice:
    name: str
    base: Any
    ours: Any
    theirs: Any
    #: who changed it since the common version: "ours", "theirs" or "both"
    changed_by: str
    #: what resolving takes unless the officer chooses otherwise
    proposed: str


@dataclass(frozen=True)
class ConflictItem:
    id: uuid.UUID
    kind: str
    table_name: str
    record_id: uuid.UUID
    label: str
    origin_site: str
    found_at: datetime
    status: str
    fields: tuple[FieldChoice, ...] = ()
    other_id: uuid.UUID | None = None
    other_label: str = ""


def _fields(conflict: SyncConflict) -> tuple[FieldChoice, ...]:
    choices = []
    for name in conflict.fields:
        base, ours, theirs = conflict.base.get(name), conflict.ours.get(name), conflict.theirs.get(name)
        we, they = ours != base, theirs != base
        changed_by = "both" if we and they else ("theirs" if they else "ours")
        choices.append(FieldChoice(name=name, base=base, ours=ours, theirs=theirs, changed_by=changed_by,
                                   proposed="theirs" if changed_by == "theirs" else "ours"))
    return tuple(choices)


def _item(session: Session, conflict: SyncConflict) -> ConflictItem:
    if conflict.kind == "same_person":
        first, second = session.get(Person, conflict.record_id), session.get(Person, conflict.other_id)
        return ConflictItem(id=conflict.id, kind=conflict.kind, table_name="person", record_id=conflict.record_id,
                            label=first.name if first else "?", origin_site=conflict.origin_site,
                            found_at=conflict.found_at, status=conflict.status, other_id=conflict.other_id,
                            other_label=second.name if second else "?")
    return ConflictItem(id=conflict.id, kind=conflict.kind, table_name=conflict.table_name,
                        record_id=conflict.record_id, label=record_label(conflict.table_name, conflict.ours),
                        origin_site=conflict.origin_site, found_at=conflict.found_at, status=conflict.status,
                        fields=_fields(conflict))


def _settled_same_person(session: Session, conflict: SyncConflict) -> bool:
    """Two people offered for merge who have since been merged (here or elsewhere)."""
    for person_id in (conflict.record_id, conflict.other_id):
        person = session.get(Person, person_id)
        if person is None or person.merged_into_id is not None:
            return True
    return False


def open_conflicts(session: Session) -> list[ConflictItem]:
    """What waits for an officer here: edits to weigh, people to merge or tell apart."""
    rows = session.exec(select(SyncConflict).where(SyncConflict.status.in_(("open", "at_station")))
                        .order_by(SyncConflict.found_at, SyncConflict.id)).all()
    return [_item(session, row) for row in rows
            if not (row.kind == "same_person" and _settled_same_person(session, row))]


def conflict(session: Session, conflict_id: uuid.UUID) -> ConflictItem:
    row = session.get(SyncConflict, conflict_id)
    if row is None:
        raise DeskError("sync.conflict_gone")
    return _item(session, row)


def resolve(session: Session, conflict_id: uuid.UUID, choices: dict[str, str], *, by: Actor) -> Synced | None:
    """Settle an edit conflict: each differing field from "ours" or "theirs" (else as proposed).

    The result is saved as a new version of the record here (so it travels to
    every site like any change); the conflict keeps what was chosen.
    """
    require(by, "resolve_sync_conflict")
    row = session.get(SyncConflict, conflict_id)
    if row is None or row.status != "open" or row.kind != "edit":
        raise DeskError("sync.conflict_gone")
    model = SYNCED_MODELS[row.table_name]
    record = session.get(model, row.record_id)
    if record is None:
        raise DeskError("sync.conflict_gone")
    taken = {}
    changes = False
    for field in _fields(row):
        side = choices.get(field.name, field.proposed)
        if side not in ("ours", "theirs"):
            raise ValueError(side)
        taken[field.name] = side
        if side == "theirs" and to_json(getattr(record, field.name)) != field.theirs:
            column = model.__table__.columns[field.name]
            setattr(record, field.name, value_from_json(column, field.theirs))
            changes = True
    now = by.clock()
    label = record_label(row.table_name, row.ours)
    reason = f"{label}: " + ", ".join(f"{name}={side}" for name, side in taken.items())
    if changes:
        save(session, record, by=by, action="resolve_conflict", reason=reason)
    else:  # the record stays as it is here: the decision is still recorded
        audit(session, by=by, action="resolve_conflict", table_name=row.table_name, record_id=row.record_id,
              reason=reason, at=now)
    row.status, row.resolved_at, row.resolved_by, row.outcome = "resolved", now, by.officer_id, taken
    session.add(row)
    return record


def _open_offer(session: Session, conflict_id: uuid.UUID, by: Actor) -> SyncConflict:
    require(by, "resolve_sync_conflict")
    row = session.get(SyncConflict, conflict_id)
    if row is None or row.status != "open" or row.kind != "same_person":
        raise DeskError("sync.conflict_gone")
    return row


def dismiss(session: Session, conflict_id: uuid.UUID, *, by: Actor) -> None:
    """Two people offered for merge are not the same person."""
    row = _open_offer(session, conflict_id, by)
    now = by.clock()
    row.status, row.resolved_at, row.resolved_by, row.outcome = "dismissed", now, by.officer_id, {"same": False}
    session.add(row)
    audit(session, by=by, action="not_same_person", table_name="person", record_id=row.record_id,
          reason=f"{row.record_id} / {row.other_id}", at=now)


def settle_same_person(session: Session, conflict_id: uuid.UUID, *, by: Actor) -> None:
    """The two people offered were merged (frontdesk.merge, in the same transaction)."""
    row = _open_offer(session, conflict_id, by)
    row.status, row.resolved_at, row.resolved_by, row.outcome = "resolved", by.clock(), by.officer_id, {"same": True}
    session.add(row)
