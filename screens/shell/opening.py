"""The sign-in form while the database is still opening.

Opening the station's database (SQLAlchemy, the models, the migration check) takes longer than
painting the desk. The sign-in form needs none of it to show and take keys: the station's name
and the badge come from the settings. So, for a station that already has its database, the form
is raised as soon as the desk has painted, on a `DeskToCome`, and only its check waits for the
database, in its worker, never on the UI thread. A new station (no database file yet) still
waits: it is asked for its first admin, not for a sign-in. A station whose database is there with
nobody in it yet (its first start was left at the first-admin form, or a new server) learns so only
once open: the sign-in typed meanwhile is never checked, and its badge and password go to the
first-admin form that replaces it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from frontdesk.i18n import DeskError

if TYPE_CHECKING:
    from frontdesk.desk import Desk
    from frontdesk.station.config import Settings


@dataclass(frozen=True)
class Arriving:
    """Who the sign-in form names before the database has said: the settings' station and badge."""

    station_name: str
    officer_name: str
    badge_no: str
    officer_id: None = None


def has_a_database(url: str) -> bool:
    """Is there a station to sign in to already? A SQLite file that exists, or a server (asked once open)."""
    if not url.startswith("sqlite"):
        return True
    path = unquote(url.split(":///", 1)[-1].split("?", 1)[0])
    return bool(path) and Path(path).is_file()


class NobodyYet(Exception):
    """The station turned out to have no officer yet: a sign-in typed while it opened is not checked
    (nobody could pass it); what was typed goes to the first-admin form instead."""


class DeskToCome:
    """The desk as the sign-in form sees it while the database opens (`Desk`'s settings, url and
    on_duty); `access` waits, in the form's worker, for the real desk."""

    def __init__(self, settings: Settings, url: str) -> None:
        self.settings = settings
        self.url = url
        self.on_duty = Arriving(settings.station_display_name, settings.officer_display_name, settings.officer_badge)
        self._ready = threading.Event()
        self._desk: Desk | None = None
        self._nobody_yet = False

    def opened(self, desk: Desk | None) -> None:
        """The database has opened and has officers (on the UI thread, once the app holds the desk); None: it
        did not open."""
        self._desk = desk
        self._ready.set()

    def nobody_yet(self) -> None:
        """The database has opened with no officer in it: a sign-in waiting for it is never checked."""
        self._nobody_yet = True
        self._ready.set()

    @property
    def access(self):
        """The opened desk's access area; raises if the database did not open, `NobodyYet` if it has no
        officer to sign in as. Worker threads only."""
        self._ready.wait()
        if self._nobody_yet:
            raise NobodyYet
        if self._desk is None:
            raise DeskError("error.unexpected", detail="database")
        return self._desk.access
