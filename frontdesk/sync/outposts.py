"""Outposts: set up from the station with a kit file (the outpost's keys and everything the station
holds, of no use without the one-time set-up code made with it), and a machine enrolled as the
outpost from its kit and code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import Engine
from sqlmodel import select

from db.engine import write_session
from db.ids import stable_id
from db.models import ChangeLog, Site, SiteKey, SyncBundle, SyncPeer
from frontdesk.access.roles import require
from frontdesk.i18n import DeskError
from frontdesk.station.config import is_site_code
from frontdesk.records import Actor, save
from frontdesk.sync.bundle import new_key_pair, parse_public_key
from frontdesk.sync.exporting import export_bundle
from frontdesk.sync.importing import Imported, import_bundle
from frontdesk.sync.kits import KIT_SUFFIX, KitFile, new_setup_code, read_kit, write_kit
from frontdesk.sync.peers import ensure_site_key, site_kind, trust


@dataclass(frozen=True)
class NewKit:
    path: Path
    #: the set-up code that opens the kit: shown once to the admin, kept nowhere
    setup_code: str = field(repr=False)


def add_outpost(engine: Engine, *, code: str, name: str, by: Actor, folder: Path, schema: str) -> NewKit:
    """Set up an outpost from the station: its site, its key pair, and a kit file to carry to it.

    The kit holds the outpost's private key and everything the station holds, locked under a
    set-up code made here; the station keeps only the public key, and the code nowhere.
    """
    require(by, "manage_sync")
    if not is_site_code(code.strip()):
        raise DeskError("sync.bad_site_code", site=code)
    code = code.strip().upper()
    if code == by.site:
        raise DeskError("sync.outpost_is_station", site=code)
    now = by.clock()
    with write_session(engine) as session:
        if site_kind(session, by.site) != "station":
            raise DeskError("sync.outpost_from_station")
        if session.get(SyncPeer, code) is not None and _heard_from(session, code):
            raise DeskError("sync.outpost_exists", site=code)
        # Not heard from yet (its set-up code lost, its kit never taken): a new kit with new keys, and the key of
        # the one before no longer trusted, so that kit opens nothing here even with its code.
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
    setup_code = new_setup_code()
    try:
        write_kit(kit, {"site": code, "name": name, "private_key": private, "public_key": public,
                        "station": {"site": by.site, "public_key": station_public}}, exported.path, setup_code)
    finally:
        exported.path.unlink(missing_ok=True)  # it lives on inside the kit
    return NewKit(path=kit, setup_code=setup_code)


def _heard_from(session, site: str) -> bool:
    """Whether a bundle from `site` has been imported here: then it is set up, and its key stays."""
    return session.exec(select(SyncBundle.id).where(SyncBundle.peer == site, SyncBundle.direction == "in")).first() \
        is not None


@dataclass(frozen=True)
class OpenedKit:
    """A kit opened with its set-up code: its contents, and the file its bundle is unpacked from."""

    file: KitFile
    contents: dict[str, Any] = field(repr=False)


def read_kit_for(kit_path: Path, here: str) -> KitFile:
    """The kit at `kit_path`, refused before any code is asked if it is for another site than `here`."""
    kit = read_kit(kit_path)
    if kit.site != here:
        raise DeskError("sync.kit_for_other", site=kit.site, here=here)
    return kit


def open_kit(kit_path: Path, here: str, setup_code: str | None, *, old_format: bool = False) -> OpenedKit:
    """The kit for site `here` at `kit_path`, opened with the set-up code (as typed); a kit of the format
    before set-up codes only with `old_format`."""
    kit = read_kit_for(kit_path, here)
    return OpenedKit(file=kit, contents=kit.open(setup_code, old_format=old_format))


def take_kit(engine: Engine, opened: OpenedKit, *, by: Actor, scratch: Path) -> Path:
    """Keep the outpost's key and the station's from a kit; the kit's bundle, unpacked, to import next."""
    kit = opened.contents
    if kit.get("site") != by.site:
        raise DeskError("sync.kit_for_other", site=str(kit.get("site")), here=by.site)
    bundle = opened.file.unpack_bundle(scratch)
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


def enrol(engine: Engine, opened: OpenedKit, *, by: Actor, scratch: Path,
          known_revision: Callable[[str], bool], progress: Callable[[int, int], None] | None = None) -> Imported:
    """Set this machine up as the outpost a kit was made for, holding everything the station sent."""
    bundle = take_kit(engine, opened, by=by, scratch=scratch)
    try:
        return import_bundle(engine, bundle, by=by, known_revision=known_revision, progress=progress)
    finally:
        bundle.unlink(missing_ok=True)
