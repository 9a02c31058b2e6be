"""What the sync screen shows: this site's key and changes, each peer's unsent changes and last
bundles, and the conflicts waiting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Site, SyncBundle, SyncConflict, SyncPeer
from frontdesk.sync.bundle import fingerprint
from frontdesk.sync.peers import acknowledged, ensure_site_key, holdings, site_kind


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
