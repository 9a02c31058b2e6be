"""The sync desk: what the sync and conflicts screens call, from thread workers.

Bundles are written to and suggested from the data folder's `sync/` folder, so an
officer carrying a USB stick copies files there or types the stick's path.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Callable

from db.migrate import head_revision, known_revision
from frontdesk.sync import conflicts, exporting, importing, overview
from frontdesk.sync.bundle import SUFFIX
from frontdesk.errors import officer_words
from frontdesk.callers.merge import merge_people
from frontdesk.context import DeskContext



class SyncDesk:
    def __init__(self, ctx: DeskContext):
        self.ctx = ctx

    @property
    def folder(self) -> Path:
        return Path(self.ctx.settings.data_dir) / "sync"

    def state(self) -> overview.SyncState:
        with self.ctx.writing() as session:  # the first look makes the site's key if it has none
            return overview.sync_state(session, site=self.ctx.actor.site, now=self.ctx.clock())

    def export(self, to_site: str) -> exporting.Exported:
        with officer_words():
            return exporting.export_bundle(self.ctx.engine, by=self.ctx.actor, to_site=to_site,
                                           folder=self.folder / "out", schema=head_revision())

    def waiting_bundles(self) -> list[Path]:
        """Bundle files in the sync folder (newest first): what the officer most likely means to import."""
        inbox = self.folder / "in"
        inbox.mkdir(parents=True, exist_ok=True)
        return sorted(inbox.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)

    def import_bundle(self, path: Path, progress: Callable[[int, int], None] | None = None) -> importing.Imported:
        with officer_words():
            return importing.import_bundle(self.ctx.engine, path, by=self.ctx.actor, known_revision=known_revision,
                                           progress=progress)

    def conflicts(self) -> list[conflicts.ConflictItem]:
        with self.ctx.reading() as session:
            return conflicts.open_conflicts(session)

    def conflict(self, conflict_id: uuid.UUID) -> conflicts.ConflictItem:
        with self.ctx.reading() as session:
            return conflicts.conflict(session, conflict_id)

    def resolve(self, conflict_id: uuid.UUID, choices: dict[str, str]) -> None:
        with self.ctx.writing() as session:
            conflicts.resolve(session, conflict_id, choices, by=self.ctx.actor)

    def not_same_person(self, conflict_id: uuid.UUID) -> None:
        with self.ctx.writing() as session:
            conflicts.dismiss(session, conflict_id, by=self.ctx.actor)

    def same_person(self, conflict_id: uuid.UUID, *, reason: str) -> None:
        """Merge the newcomer into the person already here (undoable from the person's screen)."""
        with self.ctx.writing() as session:
            item = conflicts.conflict(session, conflict_id)
            merge_people(session, merged_id=item.record_id, survivor_id=item.other_id, reason=reason,
                         by=self.ctx.actor)
            conflicts.settle_same_person(session, conflict_id, by=self.ctx.actor)
