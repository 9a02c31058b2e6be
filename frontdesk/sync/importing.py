"""Importing a bundle: verified, then applied in one transaction.

Every change a site makes is in its change log, numbered without gaps per site.

How an incoming change meets the record here:

- new record, or a record here exactly as the change found it at its site:
  applied as it stands (fields, version and all), so every site converges;
- the record here already equals the change's result: nothing to do but keep
  the later of the two versions' bookkeeping (version number, then time, then
  author; see `written_after`), so that sites which met the same versions in
  another order end with the same row;
- otherwise both sides changed it since their common version. At the station
  that is a conflict: its row stays as it is, both versions are kept for an
  officer (`SyncConflict`), and the entry is logged as not applied. An outpost
  takes the station's version, because the station has decided or will decide;
  if the outpost had changed the record since the station last heard from it,
  its own version is kept beside it (`at_station`) until the station has it.
  A version older than the outpost's own latest change, which the station
  holds and which was made from that version's fields, is not followed: the
  station took the outpost's change on top of it.

Changes already held (the same site and sequence number) are skipped, so a
bundle imported twice changes nothing the second time, in any order of imports.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from sqlalchemy import Engine, func, or_
from sqlmodel import Session, select

from db.engine import read_session, write_session
from db.models import (SYNCED_MODELS, ChangeLog, Person, PersonPhone, SiteKey, SyncAck, SyncBundle, SyncConflict,
                       SyncPeer)
from db.bulk_insert import canonical_id, statement_for
from db.models.base import Synced
from db import case_words
from db.search_index import count_reports, recount_reports, refresh as refresh_search_keys
from frontdesk.access.audit import keep_heads
from frontdesk.i18n import DeskError, t
from frontdesk.records import Actor, audit
from frontdesk.sync.bundle_read import Bundle, verify
from frontdesk.sync.changes import BATCH, before_change, content, written_after
from frontdesk.sync.conflicts import differing
from frontdesk.sync.peers import holdings, site_kind
from frontdesk.sync.rows import Writes, current


#: People and reporters whose look-up keys wait to be worked out: more than this, and it is done before the
#: next batch (a bundle of any size needs no more memory than this for them).
PEOPLE_AT_ONCE = 20_000


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
        own = session.get(SiteKey, here)
        private_key = own.private_key if own is not None else None
    return verify(path, trusted_key=keys.get, here=here, known_revision=known_revision, private_key=private_key)


class _Applier:
    """Applies one bundle's entries inside the caller's transaction."""

    def __init__(self, session: Session, bundle: Bundle, *, here: str, now: datetime):
        self.session = session
        #: The transaction's connection (a session keeps one until it commits): the bulk writes go to it.
        self.connection = session.connection()
        self.bundle = bundle
        self.here = here
        self.now = now
        self.hub = site_kind(session, here) == "station"
        self.held = holdings(session)
        self.sender_has_ours = int(bundle.manifest.get("has", {}).get(here, 0))
        self.applied = self.already = self.conflicts = self.kept = 0
        self.new_people: list[uuid.UUID] = []
        #: People written and reporters named since their look-up keys were last worked out (`_index_people`).
        self.people: dict[uuid.UUID, str] = {}
        self.reporters: set[str | None] = set()
        #: Those people new here (inserted by this bundle since then): they have no keys and no tally yet.
        self.unkeyed: set[uuid.UUID] = set()
        self.writes = Writes(self.connection)
        #: Conflicts this bundle opened or updated, by (record, origin site, status): the session does
        #: not flush before a query, so one added earlier in this bundle is found here, not by a query.
        self.edit_conflicts: dict[tuple[uuid.UUID, str, str], SyncConflict] = {}

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
        self._index_people()
        if progress:
            progress(total, total)

    def _index_people(self) -> None:
        """People's look-up keys for their names, then reporters' tallies (which count into those keys), once
        for all the batches since the last time: a person written or named in many batches is done once."""
        connection = self.connection
        reporters = {uuid.UUID(pid) for pid in self.reporters if pid}
        # A new person's keys are written with their tally, counted first, rather than updated after it
        # (an update moves each key in both rank indexes).
        counted = count_reports(connection, reporters & self.unkeyed)
        refresh_search_keys(connection, self.people.items(), new=self.unkeyed, tallies=counted)
        recount_reports(connection, reporters - counted.keys())
        self.people, self.reporters, self.unkeyed = {}, set(), set()

    def _apply(self, batch: list[dict[str, Any]]) -> int:
        for entry in batch:  # one spelling per id: `local`'s keys, and two entries for one record, must meet
            entry["record_id"] = canonical_id(entry["record_id"])
        local = current(self.connection, batch)
        connection = self.connection
        log = statement_for(connection, ChangeLog.__table__)
        log_rows: list[tuple] = []
        cases: list[uuid.UUID] = []  # their words are indexed again below
        new_cases: list[tuple] = []  # new here: indexed from the entry, nothing to read or take out first
        for entry in batch:
            table = entry["table_name"]
            model = SYNCED_MODELS.get(table)
            record_id = entry["record_id"]  # as the change log writes it, like `local`'s keys
            new_here = record_id not in local
            applied = model is not None and self._decide(entry, model, record_id, local)
            if applied and table == "person":
                self.people[uuid.UUID(record_id)] = entry["data"].get("name", "")
                if new_here:
                    self.unkeyed.add(uuid.UUID(record_id))
                if entry["op"] == "insert":
                    self.new_people.append(uuid.UUID(record_id))
            if applied and table == "case" and new_here:  # a later entry for it finds it in `local`: not new
                data = entry["data"]
                new_cases.append((uuid.UUID(record_id), datetime.fromisoformat(data["received_at"]),
                                  case_words.tokens_of(data.get("summary") or "", data.get("narrative") or "")))
            elif applied and table == "case":
                cases.append(uuid.UUID(record_id))
            if applied and table == "caseparty":  # its reporter's tally is counted again (`_index_people`)
                self.reporters.add(entry["data"].get("person_id"))
                self.reporters.add((local.get(record_id) or {}).get("person_id"))
            # The entry as it came is the change-log row; only whether it applied here is ours. (It is changed in
            # place: nothing reads it after this, and a copy of every entry was a percent of an import.)
            entry["by"], entry["applied"] = entry["by"] or None, applied
            entry.setdefault("changed", {})
            log_rows.append(log.from_logged(entry))
        self.writes.flush()
        log.run_params(connection, log_rows)
        if len(self.people) + len(self.reporters) >= PEOPLE_AT_ONCE:
            self._index_people()
        case_words.add_tokens(connection, new_cases)
        case_words.refresh(connection, cases)
        return len(batch)

    def _decide(self, entry: dict[str, Any], model: type[Synced], record_id: str, local: dict[str, Any]) -> bool:
        """Apply `entry` here if it may be; True if the record now holds its version."""
        data = entry["data"]
        ours = local.get(record_id)
        if not entry.get("applied", True):
            return False  # the sender kept it as a conflict: its officer decides, not us
        if ours is None:
            self.writes.insert(entry["table_name"], data)
            local[record_id] = dict(data)
            self.applied += 1
            return True
        first = entry["op"] == "insert"
        if content(ours, without_site=first) == content(data, without_site=first):
            if not first and written_after(data, ours):
                # Same fields, a later version: take its version, time and author too, or sites
                # that met the versions in another order keep different bookkeeping for ever.
                self.writes.update(entry["table_name"], record_id, data)
                local[record_id] = dict(data)
            self.already += 1
            return True
        # At the station a change applies on top of a row only if the change is the newer version:
        # a row that went A→B→A since meets a change made from A with a lower version, and taking it
        # would put the station's versions out of order, so outposts (which apply in version order)
        # would end elsewhere. That is weighed as a conflict instead.
        if not first and content(ours) == before_change(entry) and (
                not self.hub or entry["version"] > ours["version"]):
            self.writes.update(entry["table_name"], record_id, data)
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
        elif self._moved_past_here(entry, record_id, ours):
            self.already += 1
            return True
        self.writes.update(entry["table_name"], record_id, data)
        local[record_id] = dict(data)
        self.applied += 1
        return True

    def _changed_here_unseen(self, record_id: str) -> bool:
        last = self.session.exec(
            select(func.max(ChangeLog.seq)).where(ChangeLog.record_id == uuid.UUID(record_id),
                                                  ChangeLog.site == self.here)
        ).one()
        return bool(last) and last > self.sender_has_ours

    def _moved_past_here(self, entry: dict[str, Any], record_id: str, ours: dict[str, Any]) -> bool:
        """Whether the record here is our own later change made from this version's fields, which
        the station holds: the station applied it on top of this version, so following this
        older version would take the record back to where the station no longer is."""
        last = self.session.exec(
            select(ChangeLog).where(ChangeLog.record_id == uuid.UUID(record_id), ChangeLog.site == self.here)
            .order_by(ChangeLog.seq.desc())
        ).first()
        if last is None or last.seq > self.sender_has_ours or entry["version"] >= ours["version"]:
            return False
        own = {"op": last.op, "data": last.data, "changed": last.changed or {}}
        return content(last.data) == content(ours) and before_change(own) == content(entry["data"])

    def _conflict(self, entry: dict[str, Any], text_id: str, ours: dict[str, Any], *, status: str = "open") -> None:
        theirs, record_id = entry["data"], uuid.UUID(text_id)
        key = (record_id, entry["site"], status)
        existing = self.edit_conflicts.get(key) or self.session.exec(
            select(SyncConflict).where(SyncConflict.record_id == record_id, SyncConflict.kind == "edit",
                                       SyncConflict.origin_site == entry["site"], SyncConflict.status == status)
        ).first()
        if existing is not None:  # a later change on the same side: the newest version is what to weigh
            existing.theirs, existing.origin_seq = theirs, entry["seq"]
            existing.ours = ours
            existing.fields = differing(existing.base or {}, ours, theirs)
            self.session.add(existing)
            self.edit_conflicts[key] = existing
            return
        base = before_change(entry) or {}
        self.edit_conflicts[key] = SyncConflict(
            kind="edit", table_name=entry["table_name"], record_id=record_id, origin_site=entry["site"],
            origin_seq=entry["seq"], bundle_id=uuid.UUID(self.bundle.id), base=base, ours=ours, theirs=theirs,
            fields=differing(base, ours, theirs), status=status, found_at=self.now,
        )
        self.session.add(self.edit_conflicts[key])

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
        keep_heads(session, bundle.manifest.get("audit_heads"), from_site=bundle.sender, now=now)
        session.add(SyncBundle(id=bundle_id, direction="in", peer=bundle.sender, at=now, by=by.officer_id,
                               file_name=path.name, total=bundle.total, applied=applier.applied,
                               already=applier.already, conflicts=applier.conflicts,
                               ranges=bundle.manifest.get("ranges", {})))
        audit(session, by=by, action="sync_import", table_name="syncbundle", record_id=bundle_id,
              reason=t("sync.audit.imported", file=path.name, sender=bundle.sender, applied=applier.applied,
                       held=applier.already, conflicts=applier.conflicts, kept=applier.kept, same=same),
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
