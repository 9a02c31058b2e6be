"""Unsaved forms kept on disk, so a killed program loses nothing typed.

A draft is the form's fields exactly as typed (even if invalid), less what no form
means (control characters, lone surrogates from a broken paste, bidirectional
overrides: `frontdesk.records.clean_text`), written atomically: a temporary file,
fsync, then rename over the old draft. Saving never raises and never leaves the
temporary file behind. Each running desk program has its own slot (several
terminals may share one database); a slot whose program is gone is an orphan,
offered at the next start.

On an encrypted database a draft is sealed too (frontdesk.sealing: AES-256-GCM, the
key derived from the database's passphrase held in memory): the data folder of an
outpost laptop holds no name or number in plain text. A draft that cannot be read
(damaged, or encrypted with another passphrase) is set aside as `.damaged`, with a
message naming the file and what is wrong; it never stops the desk.

A draft can also be put aside by the officer (another walk-in is at the desk): the form as typed is written
to the slot, and the slot is then renamed to a file of its own beside it (`aside-…`). Both steps are whole or
nothing, so a kill between them leaves the draft in the slot (offered at the next start), never in both places
and never nowhere. Drafts put aside belong to the database, not to one program: any desk on it lists them, takes
one back, or throws one away (the officer asked first).

Drafts are files, not records: what happens to them is not in the database's audit log (a draft holds what was
never recorded), but what the officer chose to do with one is written to the desk's log file, by the file's
name only (never a name or number typed: on an encrypted database the log is plain text).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from frontdesk.i18n import DeskError, t
from frontdesk.records import clean_text
from frontdesk.sealing import is_sealed, seal, unseal

Draft = tuple[datetime, dict[str, Any]]
#: What a put-aside draft's file name has after the store's prefix.
ASIDE = "aside-"

log = logging.getLogger(__name__)


def _alive(pid: int) -> bool:
    import psutil

    return psutil.pid_exists(pid)


def _open(data: bytes, passphrase: str | None) -> bytes:
    if passphrase is None:
        raise ValueError(t("draft.no_passphrase"))
    try:
        return unseal(data, passphrase)
    except DeskError:
        raise ValueError(t("draft.other_passphrase")) from None


def cleaned(value: Any) -> Any:
    """A form's values with every string cleaned (`clean_text`), lists and tables followed."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {cleaned(k): cleaned(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [cleaned(v) for v in value]
    return value


@dataclass(frozen=True)
class AsideDraft:
    """A draft the officer put aside: its file's name (what takes it back), when it was kept, its fields."""

    name: str
    saved_at: datetime
    fields: dict[str, Any]


class DraftStore:
    """This program's draft slot for one kind of form on one database."""

    def __init__(self, folder: Path, *, database: str, form: str, owner: int | None = None,
                 passphrase: str | None = None):
        digest = hashlib.sha256(database.encode()).hexdigest()[:12]
        self.folder = Path(folder)
        self.prefix = f"{form}-{digest}-"
        self.owner = os.getpid() if owner is None else owner
        self.path = self.folder / f"{self.prefix}{self.owner}.json"
        #: The database's passphrase: drafts are then written encrypted.
        self.passphrase = passphrase
        #: What was set aside since this store was made: one message per file, for the officer.
        self.set_aside: list[str] = []

    def save(self, fields: dict[str, Any]) -> bool:
        """Keep the fields (cleaned); False if the disk refused (the form still holds them)."""
        try:
            self._write(self.path, fields)
            return True
        except (OSError, ValueError, TypeError) as exc:
            log.warning("draft %s not saved: %s", self.path, exc)
            return False

    def _write(self, path: Path, fields: dict[str, Any], now: datetime | None = None) -> None:
        """The fields (cleaned) at `path`, whole or not at all; raises what the disk said."""
        temporary = path.with_suffix(".tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            body = {"saved_at": (now or datetime.now(timezone.utc)).isoformat(), "fields": cleaned(fields)}
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            if self.passphrase is not None:
                data = seal(data, self.passphrase)
            with temporary.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        finally:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass

    # ---- drafts put aside -------------------------------------------------------------------

    def put_aside(self, fields: dict[str, Any] | None, *, now: datetime | None = None) -> None:
        """Keep `fields` (the form as typed now) as a draft put aside, then empty this program's slot.

        None puts nothing aside and only empties the slot (nothing was typed). A disk that refuses raises a
        DeskError, and the draft stays in the slot (as typed now, if that much was written).
        """
        if fields is None:
            self.discard()
            return
        try:
            self._write(self.path, fields, now)
        except (OSError, ValueError, TypeError) as exc:
            log.warning("draft %s not put aside: %s", self.path, exc)
            raise DeskError("draft.aside.refused", reason=str(exc)) from exc
        self.put_kept_aside()

    def put_kept_aside(self) -> str | None:
        """This program's draft, as it is on disk, made a draft put aside (its file renamed, whole, its time
        kept); the name it has now, or None if the slot was empty. A disk that refuses raises a DeskError."""
        path = self.folder / f"{self.prefix}{ASIDE}{uuid.uuid4().hex}.json"
        try:
            os.replace(self.path, path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("draft %s not put aside: %s", self.path, exc)
            raise DeskError("draft.aside.refused", reason=str(exc)) from exc
        log.info("draft %s put aside as %s", self.path.name, path.name)
        return path.name

    def aside(self) -> list[AsideDraft]:
        """The drafts put aside on this database, the newest first (one that cannot be read is set aside)."""
        found = []
        for path in self.folder.glob(f"{self.prefix}{ASIDE}*.json"):
            draft = self._read(path)
            if draft is not None:
                found.append(AsideDraft(path.name, draft[0], draft[1]))
        return sorted(found, key=lambda draft: draft.saved_at, reverse=True)

    def drop_aside(self, name: str) -> None:
        """Throw away a draft put aside whose case has been saved (never one still unsaved)."""
        if name.startswith(f"{self.prefix}{ASIDE}") and "/" not in name:
            (self.folder / name).unlink(missing_ok=True)

    def throw_away_aside(self, name: str) -> None:
        """Throw away a draft put aside, unsaved, because the officer said so (asked first). DeskError if it is
        not there any more (another desk took it back or threw it away) or the disk refused."""
        path = self.folder / name
        if path.parent != self.folder or not name.startswith(f"{self.prefix}{ASIDE}"):
            raise DeskError("draft.aside.gone")
        try:
            path.unlink()
        except FileNotFoundError:
            raise DeskError("draft.aside.gone") from None
        except OSError as exc:
            raise DeskError("draft.aside.not_thrown_away", reason=str(exc)) from exc
        log.info("draft %s put aside, unsaved, thrown away by the officer", name)

    def throw_away(self) -> None:
        """This program's draft thrown away, unsaved, because the officer said so (asked first)."""
        if self.path.exists():
            self.discard()
            log.info("draft %s, unsaved, thrown away by the officer", self.path.name)

    def take_back(self, name: str, current: dict[str, Any] | None, *, now: datetime | None = None) -> Draft:
        """The draft put aside as `name`, made this program's draft again; what the form holds now
        (`current`, None if nothing was typed) is put aside in its place first."""
        path = self.folder / name
        if path.parent != self.folder or not name.startswith(f"{self.prefix}{ASIDE}"):
            raise DeskError("draft.aside.gone")
        draft = self._read(path)
        if draft is None:
            raise DeskError("draft.aside.gone")
        self.put_aside(current, now=now)
        try:
            os.replace(path, self.path)
        except FileNotFoundError:  # another desk took it back a moment before
            raise DeskError("draft.aside.gone") from None
        except OSError as exc:
            raise DeskError("draft.aside.refused", reason=str(exc)) from exc
        return draft

    def load(self) -> Draft | None:
        """(when it was saved, the fields) of this program's draft, or None."""
        return self._read(self.path)

    def adopt_orphan(self) -> Draft | None:
        """The newest draft left by a desk program that is no longer running, made ours."""
        orphans = []
        for path in self.folder.glob(f"{self.prefix}*.json"):
            pid = path.stem[len(self.prefix):]
            if path != self.path and pid.isdecimal() and not _alive(int(pid)):
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

    def _read(self, path: Path) -> Draft | None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self._set_aside(path, str(exc))
        try:
            if is_sealed(data):
                data = _open(data, self.passphrase)
            body = json.loads(data.decode("utf-8"))
        except json.JSONDecodeError as exc:
            return self._set_aside(path, t("draft.bad_json", line=exc.lineno, column=exc.colno, reason=exc.msg))
        except UnicodeDecodeError as exc:
            return self._set_aside(path, t("draft.not_text", at=exc.start))
        except ValueError as exc:
            return self._set_aside(path, str(exc))
        if not isinstance(body, dict):
            return self._set_aside(path, t("draft.bad_key", key="", expected="{…}"))
        for key, expected in (("saved_at", str), ("fields", dict)):
            if not isinstance(body.get(key), expected):
                return self._set_aside(path, t("draft.bad_key", key=key, expected=expected.__name__))
        try:
            saved_at = datetime.fromisoformat(body["saved_at"])
        except ValueError:
            return self._set_aside(path, t("draft.bad_key", key="saved_at", expected="ISO 8601"))
        if saved_at.tzinfo is None:
            saved_at = saved_at.replace(tzinfo=timezone.utc)
        return saved_at, dict(body["fields"])

    def _set_aside(self, path: Path, reason: str) -> None:
        """A damaged draft must not stop the desk: kept aside (for the admin), and said."""
        aside = path.with_suffix(".damaged")
        try:
            path.replace(aside)
        except OSError:
            aside = path
        message = t("draft.set_aside", file=str(path), reason=reason, aside=aside.name)
        log.warning("%s", message)
        self.set_aside.append(message)
        return None
