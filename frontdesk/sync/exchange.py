"""Carrying changes between the station and its outposts, by bundle file.

Every change a site makes is in its change log, numbered without gaps per site.
An outpost exports its own changes since what the station last acknowledged;
the station exports to an outpost everything the outpost does not hold yet from
the station and the other outposts. A bundle is applied in one transaction.

How an incoming change meets the record here:

- new record, or a record here exactly as the change found it at its site:
  applied as it stands (fields, version and all), so every site converges;
- the record here already equals the change's result: nothing to do;
- otherwise both sides changed it since their common version. At the station
  that is a conflict: its row stays as it is, both versions are kept for an
  officer (`SyncConflict`), and the entry is logged as not applied. An outpost
  takes the station's version, because the station has decided or will decide;
  if the outpost had changed the record since the station last heard from it,
  its own version is kept beside it (`at_station`) until the station has it.

Changes already held (the same site and sequence number) are skipped, so a
bundle imported twice changes nothing the second time, in any order of imports.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import Date, DateTime, Engine, Numeric, Uuid, bindparam, func, insert, or_, update
from sqlmodel import Session, SQLModel, select

from db.engine import read_session, write_session
from db.ids import new_id, stable_id
from db.models import SYNCED_MODELS, ChangeLog, Person, PersonPhone, Site, SiteKey, SyncAck, SyncBundle, SyncConflict, SyncPeer
from db.models.base import Synced
from db.search_index import refresh as refresh_search_keys
from db.types import UTCDateTime
from frontdesk.access.roles import require
from frontdesk.i18n import DeskError
from frontdesk.records import Actor, audit, save, to_json
from frontdesk.sync.bundle import (
    KIT_SUFFIX, SUFFIX, Bundle, fingerprint, new_key_pair, parse_public_key, read_kit, verify, write_bundle, write_kit,
)

#: Columns that say who last wrote a row and when, not what it holds.
BOOKKEEPING = frozenset({"version", "updated_at", "updated_by"})
#: Entries read and applied per round trip.
BATCH = 1000


# ---- tables and values ------------------------------------------------------------------


@cache
def table_order() -> dict[str, int]:
    """Synced tables, parents before children, so a bundle applies without dangling keys."""
    names = [table.name for table in SQLModel.metadata.sorted_tables if table.name in SYNCED_MODELS]
    return {name: rank for rank, name in enumerate(names)}


def _from_json(column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Uuid):
        return uuid.UUID(value)
    if isinstance(kind, (UTCDateTime, DateTime)):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Numeric):
        return Decimal(value)
    return value


def row_from_json(model: type[Synced], data: dict[str, Any]) -> dict[str, Any]:
    """A change-log record as column values for an INSERT or UPDATE (unknown fields dropped)."""
    columns = model.__table__.columns
    return {column.key: _from_json(column, data[column.key]) for column in columns if column.key in data}


def content(data: dict[str, Any], *, without_site: bool = False) -> dict[str, Any]:
    """What a record holds, without who wrote it when (and, for a first version, where)."""
    leave = BOOKKEEPING | {"site"} if without_site else BOOKKEEPING
    return {key: value for key, value in data.items() if key not in leave}


def before_change(entry: dict[str, Any]) -> dict[str, Any] | None:
    """The record as the change found it at its own site (None for a new record)."""
    if entry["op"] == "insert":
        return None
    found = content(entry["data"])
    for name, (old, _new) in entry.get("changed", {}).items():
        found[name] = old
    return found


def record_label(table: str, data: dict[str, Any]) -> str:
    """How an officer recognises a record: its case number, name or code."""
    for key in ("case_no", "name", "code", "badge_no", "e164"):
        if data.get(key):
            return str(data[key])
    return str(data.get("id", ""))[:8]


# ---- keys and peers ---------------------------------------------------------------------


def ensure_site_key(session: Session, site: str, *, now: datetime) -> SiteKey:
    """This site's signing key, made the first time the site is set up."""
    key = session.get(SiteKey, site)
    if key is None:
        private, public = new_key_pair()
        key = SiteKey(site=site, private_key=private, public_key=public, created_at=now)
        session.add(key)
        session.flush()
    return key


def public_key_file(session: Session, site: str, folder: Path, *, now: datetime) -> tuple[Path, str]:
    """Write this site's public key where an admin can carry it (`SITE.pub`): (file, key)."""
    key = ensure_site_key(session, site, now=now)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{site}.pub"
    path.write_text(key.public_key + "\n", encoding="ascii")
    return path, key.public_key


def trust(session: Session, site: str, public_key: str, *, by: Actor, now: datetime) -> SyncPeer:
    """Accept bundles from `site` signed with `public_key` (replacing any earlier key)."""
    require(by, "manage_sync")
    key = parse_public_key(public_key)
    if site == by.site:
        raise DeskError("sync.trust_self", site=site)
    peer = session.get(SyncPeer, site) or SyncPeer(site=site, public_key=key)
    peer.public_key, peer.trusted_at, peer.trusted_by = key, now, by.officer_id
    session.add(peer)
    audit(session, by=by, action="sync_trust", table_name="syncpeer",
          reason=f"{site} {fingerprint(key)}", at=now)
    return peer


def site_kind(session: Session, site: str) -> str:
    return session.exec(select(Site.kind).where(Site.code == site)).first() or "station"


def holdings(session: Session) -> dict[str, int]:
    """For every site whose changes are here: the last sequence number held (held without gaps)."""
    origins = set(session.exec(select(Site.code)).all()) | set(session.exec(select(SyncPeer.site)).all())
    held = {}
    for origin in origins:
        last = session.exec(select(func.max(ChangeLog.seq)).where(ChangeLog.site == origin)).one()
        if last:
            held[origin] = int(last)
    return held


def acknowledged(session: Session, peer: str) -> dict[str, int]:
    return {ack.origin: ack.seq for ack in session.exec(select(SyncAck).where(SyncAck.peer == peer)).all()}


# ---- export -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    path: Path
    bundle_id: uuid.UUID
    to_site: str
    total: int
    ranges: dict[str, list[int]]


def _entry(row: ChangeLog) -> dict[str, Any]:
    return {
        "id": str(row.id), "site": row.site, "seq": row.seq, "at": to_json(row.at),
        "by": to_json(row.by), "table_name": row.table_name, "record_id": str(row.record_id),
        "version": row.version, "op": row.op, "data": row.data, "changed": row.changed or {},
        "applied": bool(row.applied),
    }


def _entries(engine: Engine, ranges: dict[str, list[int]]) -> Iterator[dict[str, Any]]:
    """The changes in `ranges`, table by table (parents first), each table's in version order."""
    if not ranges:
        return
    in_range = or_(*[(ChangeLog.site == origin) & ChangeLog.seq.between(first, last)
                     for origin, (first, last) in ranges.items()])
    with read_session(engine) as session:
        for table in table_order():
            query = (select(ChangeLog).where(ChangeLog.table_name == table, in_range)
                     .order_by(ChangeLog.version, ChangeLog.site, ChangeLog.seq))
            for row in session.exec(query).yield_per(BATCH):
                yield _entry(row)


def export_bundle(engine: Engine, *, by: Actor, to_site: str, folder: Path, since: int | None = None,
                  schema: str) -> Exported:
    """Write a bundle of what `to_site` should receive from here, and say where.

    An outpost sends its own changes since the last one the station acknowledged
    (or after `since`); the station sends an outpost everything it holds from
    every other site that the outpost has not acknowledged.
    """
    now = by.clock()
    with read_session(engine) as session:
        if to_site == by.site:
            raise DeskError("sync.export_self", site=to_site)
        if session.get(SyncPeer, to_site) is None:
            raise DeskError("sync.unknown_peer", site=to_site)
        key = session.get(SiteKey, by.site)
        if key is None:
            raise DeskError("sync.no_key", site=by.site)
        held = holdings(session)
        acks = acknowledged(session, to_site)
        hub = site_kind(session, by.site) == "station"
        origins = [origin for origin in held if origin != to_site] if hub else [by.site]
        ranges = {}
        for origin in origins:
            start = acks.get(origin, 0) + 1
            if since is not None and origin == by.site:
                start = max(1, since + 1)
            if origin in held and held[origin] >= start:
                ranges[origin] = [start, held[origin]]
        counts = dict(session.exec(
            select(ChangeLog.table_name, func.count()).where(
                or_(*[(ChangeLog.site == o) & ChangeLog.seq.between(a, b) for o, (a, b) in ranges.items()])
            ).group_by(ChangeLog.table_name)
        ).all()) if ranges else {}
    bundle_id = new_id()
    stamp = now.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{by.site}-to-{to_site}-{stamp}-{str(bundle_id)[-6:]}{SUFFIX}"
    manifest = {
        "bundle_id": str(bundle_id), "from_site": by.site, "to_site": to_site, "created_at": to_json(now),
        "schema": schema, "ranges": ranges, "counts": counts, "has": held,
    }
    written = write_bundle(path, manifest, _entries(engine, ranges), private_key=key.private_key)
    with write_session(engine) as session:
        session.add(SyncBundle(id=bundle_id, direction="out", peer=to_site, at=now, by=by.officer_id,
                               file_name=path.name, total=written["total"], ranges=ranges))
        audit(session, by=by, action="sync_export", table_name="syncbundle", record_id=bundle_id,
              reason=f"{path.name}: {written['total']} → {to_site}", at=now)
        session.commit()
    return Exported(path=path, bundle_id=bundle_id, to_site=to_site, total=written["total"], ranges=ranges)


# ---- import -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    bundle_id: uuid.UUID
    sender: str
    total: int
    applied: int = 0
    already: int = 0
    conflicts: int = 0
    kept_for_station: int = 0
    same_person: int = 0
    #: The bundle had been imported here before: nothing was changed.
    repeated: bool = False


def check_bundle(engine: Engine, path: Path, *, here: str, known_revision: Callable[[str], bool]) -> Bundle:
    """Verify a bundle (signature, checksums, sender, receiver, schema) without applying it."""
    with read_session(engine) as session:
        keys = {peer.site: peer.public_key for peer in session.exec(select(SyncPeer)).all()}
    return verify(path, trusted_key=keys.get, here=here, known_revision=known_revision)


class _Applier:
    """Applies one bundle's entries inside the caller's transaction."""

    def __init__(self, session: Session, bundle: Bundle, *, here: str, now: datetime):
        self.session = session
        self.bundle = bundle
        self.here = here
        self.now = now
        self.hub = site_kind(session, here) == "station"
        self.held = holdings(session)
        self.sender_has_ours = int(bundle.manifest.get("has", {}).get(here, 0))
        self.applied = self.already = self.conflicts = self.kept = 0
        self.new_people: list[uuid.UUID] = []
        self.pending: list[tuple[tuple[str, str, frozenset], list[dict[str, Any]]]] = []

    def check_continuity(self) -> None:
        for origin, (first, _last) in self.bundle.manifest.get("ranges", {}).items():
            have = self.held.get(origin, 0)
            if origin == self.here:
                continue  # our own changes coming back are all held already
            if first > have + 1:
                raise DeskError("sync.gap", site=origin, first=first, have=have)

    def run(self, entries: Iterable[dict[str, Any]], progress: Callable[[int, int], None] | None) -> None:
        batch: list[dict[str, Any]] = []
        done = 0
        total = self.bundle.total
        for entry in entries:
            if entry["seq"] <= self.held.get(entry["site"], 0) or entry["site"] == self.here:
                self.already += 1
                done += 1
                continue
            batch.append(entry)
            if len(batch) >= BATCH:
                done += self._apply(batch)
                batch = []
                if progress:
                    progress(done, total)
        if batch:
            done += self._apply(batch)
        if progress:
            progress(total, total)

    def _apply(self, batch: list[dict[str, Any]]) -> int:
        local = self._current(batch)
        log_rows: list[dict[str, Any]] = []
        people: dict[uuid.UUID, str] = {}
        for entry in batch:
            table = entry["table_name"]
            model = SYNCED_MODELS.get(table)
            record_id = uuid.UUID(entry["record_id"])
            applied = model is not None and self._decide(entry, model, record_id, local)
            if applied and table == "person":
                people[record_id] = entry["data"].get("name", "")
                if entry["op"] == "insert":
                    self.new_people.append(record_id)
            log_rows.append({
                "id": uuid.UUID(entry["id"]), "site": entry["site"], "seq": entry["seq"],
                "at": datetime.fromisoformat(entry["at"]), "by": uuid.UUID(entry["by"]) if entry["by"] else None,
                "table_name": table, "record_id": record_id, "version": entry["version"], "op": entry["op"],
                "data": entry["data"], "changed": entry.get("changed", {}), "applied": applied,
            })
        self._flush_writes()
        self.session.connection().execute(insert(ChangeLog.__table__), log_rows)
        if people:
            refresh_search_keys(self.session.connection(), people.items())
        return len(batch)

    def _current(self, batch: list[dict[str, Any]]) -> dict[uuid.UUID, dict[str, Any]]:
        """The records these entries touch, as they are here now (JSON-ready)."""
        wanted: dict[str, set[uuid.UUID]] = {}
        for entry in batch:
            wanted.setdefault(entry["table_name"], set()).add(uuid.UUID(entry["record_id"]))
        found: dict[uuid.UUID, dict[str, Any]] = {}
        for table, ids in wanted.items():
            model = SYNCED_MODELS.get(table)
            if model is None:
                continue
            columns = model.__table__.columns
            for row in self.session.execute(select(model.__table__).where(columns.id.in_(ids))).mappings():
                found[row["id"]] = {key: to_json(value) for key, value in row.items()}
        return found

    def _decide(self, entry: dict[str, Any], model: type[Synced], record_id: uuid.UUID,
                local: dict[uuid.UUID, dict[str, Any]]) -> bool:
        """Apply `entry` here if it may be; True if the record now holds its version."""
        data = entry["data"]
        ours = local.get(record_id)
        if not entry.get("applied", True):
            return False  # the sender kept it as a conflict: its officer decides, not us
        if ours is None:
            self._write(model, record_id, data, insert_row=True)
            local[record_id] = dict(data)
            self.applied += 1
            return True
        first = entry["op"] == "insert"
        if content(ours, without_site=first) == content(data, without_site=first):
            self.already += 1
            return True
        if not first and content(ours) == before_change(entry):
            self._write(model, record_id, data)
            local[record_id] = dict(data)
            self.applied += 1
            return True
        if self.hub:
            self._conflict(entry, record_id, ours)
            self.conflicts += 1
            return False
        # An outpost follows the station; its own later version waits at the station.
        if self._changed_here_unseen(record_id):
            self._conflict(entry, record_id, ours, status="at_station")
            self.kept += 1
        self._write(model, record_id, data)
        local[record_id] = dict(data)
        self.applied += 1
        return True

    def _write(self, model: type[Synced], record_id: uuid.UUID, data: dict[str, Any], *,
               insert_row: bool = False) -> None:
        """Queue a row write; runs of the same kind go to the database as one executemany."""
        values = row_from_json(model, data)
        if not insert_row:
            values["_id"] = values.pop("id", record_id)
        kind = ("insert" if insert_row else "update", model.__tablename__, frozenset(values))
        if self.pending and self.pending[-1][0] == kind:
            self.pending[-1][1].append(values)
        else:
            self.pending.append((kind, [values]))

    def _flush_writes(self) -> None:
        for (kind, table_name, columns), rows in self.pending:
            table = SYNCED_MODELS[table_name].__table__
            if kind == "insert":
                self.session.connection().execute(insert(table), rows)
            else:
                statement = (update(table).where(table.c.id == bindparam("_id"))
                             .values({name: bindparam(name) for name in columns if name != "_id"}))
                self.session.connection().execute(statement, rows)
        self.pending = []

    def _changed_here_unseen(self, record_id: uuid.UUID) -> bool:
        last = self.session.exec(
            select(func.max(ChangeLog.seq)).where(ChangeLog.record_id == record_id, ChangeLog.site == self.here)
        ).one()
        return bool(last) and last > self.sender_has_ours

    def _conflict(self, entry: dict[str, Any], record_id: uuid.UUID, ours: dict[str, Any], *,
                  status: str = "open") -> None:
        theirs = entry["data"]
        existing = self.session.exec(
            select(SyncConflict).where(SyncConflict.record_id == record_id, SyncConflict.kind == "edit",
                                       SyncConflict.origin_site == entry["site"], SyncConflict.status == status)
        ).first()
        if existing is not None:  # a later change on the same side: the newest version is what to weigh
            existing.theirs, existing.origin_seq = theirs, entry["seq"]
            existing.ours = ours
            existing.fields = differing(existing.base or {}, ours, theirs)
            self.session.add(existing)
            return
        base = before_change(entry) or {}
        self.session.add(SyncConflict(
            kind="edit", table_name=entry["table_name"], record_id=record_id, origin_site=entry["site"],
            origin_seq=entry["seq"], bundle_id=uuid.UUID(self.bundle.id), base=base, ours=ours, theirs=theirs,
            fields=differing(base, ours, theirs), status=status, found_at=self.now,
        ))

    def close_notes_seen_by_station(self) -> None:
        """Our versions kept beside the station's are settled once the station holds them."""
        if self.hub:
            return
        for note in self.session.exec(select(SyncConflict).where(SyncConflict.status == "at_station")).all():
            last = self.session.exec(
                select(func.max(ChangeLog.seq)).where(ChangeLog.record_id == note.record_id,
                                                      ChangeLog.site == self.here)
            ).one() or 0
            if last <= self.sender_has_ours:
                note.status, note.resolved_at = "resolved", self.now
                note.outcome = {"by": "station"}
                self.session.add(note)

    def offer_same_people(self) -> int:
        """New people from elsewhere who share an ID number or phone with someone here."""
        offered = 0
        for start in range(0, len(self.new_people), 500):
            ids = self.new_people[start:start + 500]
            pairs: set[tuple[uuid.UUID, uuid.UUID]] = set()
            newcomer, other = Person.__table__.alias("newcomer"), Person.__table__.alias("other")
            for new, old in self.session.execute(
                select(newcomer.c.id, other.c.id)
                .join(other, (other.c.resident_id == newcomer.c.resident_id) & (other.c.id != newcomer.c.id))
                .where(newcomer.c.id.in_(ids), newcomer.c.resident_id.is_not(None), other.c.merged_into_id.is_(None))
            ).all():
                pairs.add((new, old))
            mine, theirs = PersonPhone.__table__.alias("mine"), PersonPhone.__table__.alias("theirs")
            for new, old in self.session.execute(
                select(mine.c.person_id, theirs.c.person_id)
                .join(theirs, (theirs.c.e164 == mine.c.e164) & (theirs.c.person_id != mine.c.person_id))
                .where(mine.c.person_id.in_(ids))
            ).all():
                pairs.add((new, old))
            for new, old in sorted(pairs):
                if (old, new) in pairs and str(old) < str(new) and old in ids:
                    continue  # both arrived in this bundle: offer once
                if self.session.exec(select(SyncConflict.id).where(
                        SyncConflict.kind == "same_person",
                        or_((SyncConflict.record_id == new) & (SyncConflict.other_id == old),
                            (SyncConflict.record_id == old) & (SyncConflict.other_id == new)))).first():
                    continue
                self.session.add(SyncConflict(
                    kind="same_person", table_name="person", record_id=new, other_id=old,
                    origin_site=self.bundle.sender, bundle_id=uuid.UUID(self.bundle.id), status="open",
                    found_at=self.now,
                ))
                offered += 1
        return offered


def import_bundle(engine: Engine, path: Path, *, by: Actor, known_revision: Callable[[str], bool],
                  progress: Callable[[int, int], None] | None = None) -> Imported:
    """Verify the bundle at `path`, then apply it in one transaction (all of it or nothing)."""
    bundle = check_bundle(engine, path, here=by.site, known_revision=known_revision)
    now = by.clock()
    bundle_id = uuid.UUID(bundle.id)
    with write_session(engine) as session:
        if session.get(SyncBundle, bundle_id) is not None:
            return Imported(bundle_id=bundle_id, sender=bundle.sender, total=bundle.total, repeated=True)
        applier = _Applier(session, bundle, here=by.site, now=now)
        applier.check_continuity()
        applier.run(bundle.entries(), progress)
        applier.close_notes_seen_by_station()
        same = applier.offer_same_people()
        _acknowledge(session, bundle)
        session.add(SyncBundle(id=bundle_id, direction="in", peer=bundle.sender, at=now, by=by.officer_id,
                               file_name=path.name, total=bundle.total, applied=applier.applied,
                               already=applier.already, conflicts=applier.conflicts,
                               ranges=bundle.manifest.get("ranges", {})))
        audit(session, by=by, action="sync_import", table_name="syncbundle", record_id=bundle_id,
              reason=(f"{path.name} from {bundle.sender}: {applier.applied} applied, {applier.already} held, "
                      f"{applier.conflicts} conflicts, {applier.kept} kept for the station, {same} same person"),
              at=now)
        session.commit()
    return Imported(bundle_id=bundle_id, sender=bundle.sender, total=bundle.total, applied=applier.applied,
                    already=applier.already, conflicts=applier.conflicts, kept_for_station=applier.kept,
                    same_person=same)


def _acknowledge(session: Session, bundle: Bundle) -> None:
    """Remember how far the sender holds every site's changes, so the next bundle to it starts there."""
    holds = {origin: int(seq) for origin, seq in bundle.manifest.get("has", {}).items()}
    for origin, (_first, last) in bundle.manifest.get("ranges", {}).items():  # what it sent, it holds
        holds[origin] = max(holds.get(origin, 0), int(last))
    for origin, seq in holds.items():
        ack = session.get(SyncAck, (bundle.sender, origin)) or SyncAck(peer=bundle.sender, origin=origin, seq=0)
        if seq > ack.seq:
            ack.seq = seq
            session.add(ack)


# ---- conflicts ----------------------------------------------------------------------------


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
            setattr(record, field.name, _from_json(column, field.theirs))
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


# ---- outposts ------------------------------------------------------------------------------


def add_outpost(engine: Engine, *, code: str, name: str, by: Actor, folder: Path, schema: str) -> Path:
    """Set up an outpost from the station: its site, its key pair, and a kit file to carry to it.

    The kit holds the outpost's private key and everything the station holds;
    the station keeps only the public key.
    """
    require(by, "manage_sync")
    now = by.clock()
    with write_session(engine) as session:
        if code == by.site or site_kind(session, by.site) != "station":
            raise DeskError("sync.outpost_from_station")
        if session.get(SyncPeer, code) is not None:
            raise DeskError("sync.outpost_exists", site=code)
        station_key = ensure_site_key(session, by.site, now=now)
        site = session.exec(select(Site).where(Site.code == code)).first()
        if site is None:
            save(session, Site(id=stable_id("site", code), code=code, name=name or code, kind="outpost", site=code),
                 by=by)
        private, public = new_key_pair()
        trust(session, code, public, by=by, now=now)
        station_public = station_key.public_key
        session.commit()
    exported = export_bundle(engine, by=by, to_site=code, folder=folder, schema=schema)
    kit = folder / f"{code}{KIT_SUFFIX}"
    write_kit(kit, {"site": code, "name": name, "private_key": private, "public_key": public,
                    "station": {"site": by.site, "public_key": station_public}}, exported.path)
    exported.path.unlink(missing_ok=True)  # it lives on inside the kit
    return kit


def take_kit(engine: Engine, kit_path: Path, *, by: Actor, scratch: Path) -> Path:
    """Keep the outpost's key and the station's from a kit; the kit's bundle, unpacked, to import next."""
    kit, bundle = read_kit(kit_path, scratch)
    if kit.get("site") != by.site:
        bundle.unlink(missing_ok=True)
        raise DeskError("sync.kit_for_other", site=str(kit.get("site")), here=by.site)
    station = kit["station"]
    now = by.clock()
    with write_session(engine) as session:
        key = session.get(SiteKey, by.site)
        if key is not None and session.exec(select(ChangeLog.id).where(ChangeLog.site == by.site,
                                                                        ChangeLog.table_name == "case")).first():
            raise DeskError("sync.already_working", site=by.site)
        key = key or SiteKey(site=by.site, private_key="", public_key="", created_at=now)
        key.private_key, key.public_key, key.created_at = kit["private_key"], kit["public_key"], now
        session.add(key)
        peer = session.get(SyncPeer, station["site"]) or SyncPeer(site=station["site"], public_key="")
        peer.public_key, peer.trusted_at = parse_public_key(station["public_key"]), now
        session.add(peer)
        session.commit()
    return bundle


def enrol(engine: Engine, kit_path: Path, *, by: Actor, scratch: Path,
          known_revision: Callable[[str], bool], progress: Callable[[int, int], None] | None = None) -> Imported:
    """Set this machine up as the outpost a kit was made for, holding everything the station sent."""
    bundle = take_kit(engine, kit_path, by=by, scratch=scratch)
    try:
        return import_bundle(engine, bundle, by=by, known_revision=known_revision, progress=progress)
    finally:
        bundle.unlink(missing_ok=True)


# ---- what the sync screen shows ---------------------------------------------------------------


@dataclass(frozen=True)
class PeerState:
    site: str
    name: str
    fingerprint: str
    #: our own changes the peer has not acknowledged yet
    unsent: int
    last_in: datetime | None
    last_out: datetime | None


@dataclass(frozen=True)
class SyncState:
    site: str
    kind: str
    fingerprint: str
    own_changes: int
    peers: tuple[PeerState, ...]
    open_conflicts: int
    kept_for_station: int


def sync_state(session: Session, *, site: str, now: datetime) -> SyncState:
    key = ensure_site_key(session, site, now=now)
    held = holdings(session)
    names = dict(session.exec(select(Site.code, Site.name)).all())
    peers = []
    for peer in session.exec(select(SyncPeer).order_by(SyncPeer.site)).all():
        acks = acknowledged(session, peer.site)
        last_in = session.exec(select(func.max(SyncBundle.at)).where(SyncBundle.peer == peer.site,
                                                                     SyncBundle.direction == "in")).one()
        last_out = session.exec(select(func.max(SyncBundle.at)).where(SyncBundle.peer == peer.site,
                                                                      SyncBundle.direction == "out")).one()
        peers.append(PeerState(site=peer.site, name=names.get(peer.site, ""), fingerprint=fingerprint(peer.public_key),
                               unsent=max(0, held.get(site, 0) - acks.get(site, 0)), last_in=last_in,
                               last_out=last_out))
    counts = dict(session.exec(select(SyncConflict.status, func.count()).group_by(SyncConflict.status)).all())
    return SyncState(site=site, kind=site_kind(session, site), fingerprint=fingerprint(key.public_key),
                     own_changes=held.get(site, 0), peers=tuple(peers), open_conflicts=counts.get("open", 0),
                     kept_for_station=counts.get("at_station", 0))
