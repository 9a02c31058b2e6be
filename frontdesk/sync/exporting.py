"""Exporting a bundle: what a peer should receive from here, read from the change log and signed.

An outpost exports its own changes since what the station last acknowledged;
the station exports to an outpost everything the outpost does not hold yet from
the station and the other outposts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Engine, func, or_
from sqlmodel import select

from db.engine import read_session, write_session
from db.ids import new_id
from db.models import ChangeLog, SiteKey, SyncBundle, SyncPeer
from frontdesk.access.audit import heads_for
from frontdesk.i18n import DeskError
from frontdesk.records import Actor, audit, to_json
from frontdesk.sync.bundle import SUFFIX, write_bundle
from frontdesk.sync.changes import BATCH, table_order
from frontdesk.sync.peers import acknowledged, holdings, site_kind


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
    from frontdesk.sync.locking import can_lock_for  # (PyNaCl: loaded when a bundle is made, not at start)

    now = by.clock()
    with read_session(engine) as session:
        if to_site == by.site:
            raise DeskError("sync.export_self", site=to_site)
        peer = session.get(SyncPeer, to_site)
        if peer is None:
            raise DeskError("sync.unknown_peer", site=to_site)
        receiver_key = peer.public_key
        if not can_lock_for(receiver_key):  # trusted before keys were checked for it: asked again, not a traceback
            raise DeskError("sync.peer_key_unusable", site=to_site)
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
        heads = heads_for(session, here=by.site, to_site=to_site)
    bundle_id = new_id()
    stamp = now.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{by.site}-to-{to_site}-{stamp}-{str(bundle_id)[-6:]}{SUFFIX}"
    manifest = {
        "bundle_id": str(bundle_id), "from_site": by.site, "to_site": to_site, "created_at": to_json(now),
        "schema": schema, "ranges": ranges, "counts": counts, "has": held,
        "audit_heads": heads,
    }
    written = write_bundle(path, manifest, _entries(engine, ranges), private_key=key.private_key,
                           receiver_key=receiver_key)
    with write_session(engine) as session:
        session.add(SyncBundle(id=bundle_id, direction="out", peer=to_site, at=now, by=by.officer_id,
                               file_name=path.name, total=written["total"], ranges=ranges))
        audit(session, by=by, action="sync_export", table_name="syncbundle", record_id=bundle_id,
              reason=f"{path.name}: {written['total']} → {to_site}", at=now)
        session.commit()
    return Exported(path=path, bundle_id=bundle_id, to_site=to_site, total=written["total"], ranges=ranges)
