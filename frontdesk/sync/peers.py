"""This site's signing key and the sites it trusts: keys made and shown, peers trusted, and how far
every site's changes are held here and acknowledged by a peer."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import ChangeLog, Site, SiteKey, SyncAck, SyncPeer
from frontdesk.access.roles import require
from frontdesk.i18n import DeskError
from frontdesk.records import Actor, audit
from frontdesk.sync.bundle import fingerprint, new_key_pair, parse_public_key


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
