"""Unsaved forms kept on disk, so a killed program loses nothing typed.

A draft is the form's fields exactly as typed (even if invalid), written
atomically: a temporary file, fsync, then rename over the old draft. Each
running desk program has its own slot (several terminals may share one
database); a slot whose program is gone is an orphan, offered at the next start.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

Draft = tuple[datetime, dict[str, Any]]


def _alive(pid: int) -> bool:
    import psutil

    return psutil.pid_exists(pid)


class DraftStore:
    """This program's draft slot for one kind of form on one database."""

    def __init__(self, folder: Path, *, database: str, form: str, owner: int | None = None):
        digest = hashlib.sha256(database.encode()).hexdigest()[:12]
        self.folder = Path(folder)
        self.prefix = f"{form}-{digest}-"
        self.owner = os.getpid() if owner is None else owner
        self.path = self.folder / f"{self.prefix}{self.owner}.json"

    def save(self, fields: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        body = {"saved_at": datetime.now(timezone.utc).isoformat(), "fields": fields}
        temporary = self.path.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(body, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)

    def load(self) -> Draft | None:
        """(when it was saved, the fields) of this program's draft, or None."""
        return self._read(self.path)

    def adopt_orphan(self) -> Draft | None:
        """The newest draft left by a desk program that is no longer running, made ours."""
        orphans = []
        for path in self.folder.glob(f"{self.prefix}*.json"):
            pid = path.stem[len(self.prefix):]
            if path != self.path and pid.isdigit() and not _alive(int(pid)):
                draft = self._read(path)
                if draft is not None:
                    orphans.append((draft[0], path))
        if not orphans:
            return None
        _saved_at, newest = max(orphans)
        os.replace(newest, self.path)
        return self.load()

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)

    @staticmethod
    def _read(path: Path) -> Draft | None:
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            return datetime.fromisoformat(body["saved_at"]), dict(body["fields"])
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, OSError):
            # A damaged draft must not stop the desk; keep it aside for the admin.
            path.replace(path.with_suffix(".damaged"))
            return None
