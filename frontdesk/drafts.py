"""Unsaved forms kept on disk, so a killed program loses nothing typed.

A draft is the form's fields exactly as typed (even if invalid), written
atomically: a temporary file, fsync, then rename over the old draft.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


class DraftStore:
    """One draft slot for one kind of form on one database."""

    def __init__(self, folder: Path, *, database: str, form: str):
        digest = hashlib.sha256(database.encode()).hexdigest()[:12]
        self.path = Path(folder) / f"{form}-{digest}.json"

    def save(self, fields: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = {"saved_at": datetime.now(timezone.utc).isoformat(), "fields": fields}
        temporary = self.path.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(body, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)

    def load(self) -> tuple[datetime, dict[str, Any]] | None:
        """(when it was saved, the fields), or None if there is no usable draft."""
        try:
            body = json.loads(self.path.read_text(encoding="utf-8"))
            return datetime.fromisoformat(body["saved_at"]), dict(body["fields"])
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, OSError):
            # A damaged draft must not stop the desk; keep it aside for the admin.
            self.path.replace(self.path.with_suffix(".damaged"))
            return None

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
