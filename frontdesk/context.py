"""What every area desk works with: the database, the station's settings, the clock, and who is at the desk.

The `Desk` makes one `DeskContext` when the database opens and hands the same one
to each area desk (cases, callers, access, hand-offs, patrols, sync, reports,
intake). Sign-in changes who is at the desk here, in the one place, so an area
desk always acts as the officer now signed in. Area desks depend on this, never
on the `Desk` that composes them.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Callable, Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session

from db.engine import read_session, write_session
from db.types import utcnow
from frontdesk import ui_thread
from frontdesk.errors import officer_words
from frontdesk.records import Actor

if TYPE_CHECKING:  # a type only: the context carries the station's settings, it never calls into them
    from frontdesk.station.config import Settings


@dataclass(frozen=True)
class OnDuty:
    """The site this desk is at and the officer on duty, as the screens show them."""

    site_code: str
    site_name: str
    station_name: str
    #: None until an officer signs in (a new station has nobody until its admin is created)
    officer_id: uuid.UUID | None
    officer_name: str
    badge_no: str
    role: str = "duty"

    @property
    def actor(self) -> Actor:
        return Actor(site=self.site_code, officer_id=self.officer_id, role=self.role)


@dataclass
class DeskContext:
    settings: Settings
    engine: Engine
    on_duty: OnDuty
    url: str
    clock: Callable[[], datetime] = utcnow
    zone: ZoneInfo = field(init=False)
    actor: Actor = field(init=False)
    #: Once an officer signs in: the officer as the database has them now (frontdesk.access.signin.current_actor),
    #: asked at every session, so a demotion, lock-out or retirement made at another desk reaches this one.
    recheck: Callable[[Session, Actor, datetime], Actor] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.zone = ZoneInfo(self.settings.timezone)
        self.actor = Actor(site=self.on_duty.site_code, officer_id=self.on_duty.officer_id, clock=self.clock,
                           role=self.on_duty.role)

    @contextmanager
    def reading(self, *, as_signed_in: bool = True) -> Iterator[Session]:
        ui_thread.check()
        with officer_words(), read_session(self.engine) as session:
            self._as_now(session, as_signed_in)
            yield session

    @contextmanager
    def writing(self, *, as_signed_in: bool = True) -> Iterator[Session]:
        """One unit of work: everything in it is committed together, or nothing is."""
        ui_thread.check()
        with officer_words(), write_session(self.engine) as session:
            self._as_now(session, as_signed_in)
            yield session
            session.commit()

    def _as_now(self, session: Session, check: bool) -> None:
        """The officer's current role and state: refused with the reason, or acting in the new role."""
        if check and self.recheck is not None:
            actor = self.recheck(session, self.actor, self.clock())
            if actor is not self.actor:
                self.actor = actor
                self.on_duty = replace(self.on_duty, role=actor.role)

    def seat(self, *, officer_id, name: str, badge_no: str, role: str) -> None:
        """The officer now at the desk (after sign-in): every area desk acts as them from here on."""
        self.on_duty = replace(self.on_duty, officer_id=officer_id, officer_name=name, badge_no=badge_no, role=role)
        self.actor = replace(self.actor, officer_id=officer_id, role=role)
