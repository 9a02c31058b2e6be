"""The desk: what the screens hold and call, from thread workers, for every job.

Screens never see a session or a query. They call methods here, which open a
short session, call the service functions, and hand back plain dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import select

from db.models import Case
from db.engine import read_session, sqlite_path
from frontdesk.config import Settings
from frontdesk.dashboard import Today, today_figures
from frontdesk.station import OnDuty, open_station

Progress = Callable[[int, int], None]


@dataclass
class Desk:
    settings: Settings
    engine: Engine
    on_duty: OnDuty
    url: str
    zone: ZoneInfo = field(init=False)

    def __post_init__(self) -> None:
        self.zone = ZoneInfo(self.settings.timezone)

    @property
    def where(self) -> str:
        """The database as an admin would name it (file path, or host/database)."""
        path = sqlite_path(self.url)
        if path is not None:
            return str(path)
        return self.engine.url.render_as_string(hide_password=True)

    def has_cases(self) -> bool:
        with read_session(self.engine) as session:
            return session.exec(select(Case.id).limit(1)).first() is not None

    def today(self, now: datetime) -> Today:
        with read_session(self.engine) as session:
            return today_figures(session, now=now, zone=self.zone)

    def close(self) -> None:
        self.engine.dispose()


def open_desk(
    settings: Settings,
    url: str,
    *,
    demo_cases: int | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> Desk:
    """Open (creating and migrating if need be) the database, and the demo if asked."""
    engine, on_duty = open_station(settings, url)
    desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=url)
    if demo_cases is not None:
        from frontdesk.demo import build_demo

        if not desk.has_cases():
            build_demo(engine, on_duty, cases=demo_cases, progress=progress, now=now, zone=settings.timezone)
    return desk
