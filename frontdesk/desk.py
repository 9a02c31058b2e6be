"""The desk: what the screens hold, composed of one area desk per area of the README.

Screens never see a session or a query. They call an area desk held here —
`desk.cases`, `desk.callers`, `desk.access`, `desk.handoffs`, `desk.patrols`,
`desk.sync`, `desk.dashboard`, `desk.handover`, `desk.statistics`, `desk.intake` —
from thread workers; each method opens a short session, calls the service
functions, commits once, and hands back plain dataclasses. Database trouble comes
back as a DeskError in the officer's words. This module only opens the database
and composes the area desks on one shared `DeskContext`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from functools import cached_property
from typing import TYPE_CHECKING, Callable
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from db.engine import sqlite_path
from db.types import utcnow
from frontdesk.context import DeskContext
from frontdesk.records import Actor
from frontdesk.station.config import Settings
from frontdesk.station.opening import OnDuty, open_station

if TYPE_CHECKING:
    from frontdesk.access.desk import AccessDesk
    from frontdesk.callers.desk import CallerDesk
    from frontdesk.cases.desk import CaseDesk
    from frontdesk.cases.series_desk import SeriesDesk
    from frontdesk.disputes.desk import DisputeDesk
    from frontdesk.disputes.referral import Referral, ReferralState
    from frontdesk.handoffs.desk import HandoffDesk
    from frontdesk.intake.desk import CaseImports
    from frontdesk.outreach.desk import OutreachDesk
    from frontdesk.patrols.desk import PatrolDesk
    from frontdesk.reports.desk import DashboardDesk, HandoverDesk, StatisticsDesk
    from frontdesk.station.categories import CategoryDesk
    from frontdesk.sync.desk import SyncDesk
    from frontdesk.tags.desk import TagDesk

Progress = Callable[[int, int], None]


class Desk:
    """The area desks are made (and their modules loaded) the first time a screen reaches them: an
    hour at the desk never touches sync, intake or outreach, and each area left unloaded is memory
    the desk does not hold."""

    def __init__(self, settings: Settings, engine: Engine, on_duty: OnDuty, url: str,
                 clock: Callable[[], datetime] = utcnow):
        #: What every area desk works with: the database, settings, clock and who is at the desk.
        self.context = DeskContext(settings=settings, engine=engine, on_duty=on_duty, url=url, clock=clock)

    @cached_property
    def access(self) -> AccessDesk:
        """Sign-in, officers and the audit log."""
        from frontdesk.access.desk import AccessDesk

        return AccessDesk(self.context)

    @cached_property
    def tags(self) -> TagDesk:
        """The station's tag taxonomy, people's tags and the rules that set some of them."""
        from frontdesk.tags.desk import TagDesk

        return TagDesk(self.context)

    @cached_property
    def cases(self) -> CaseDesk:
        """Recording walk-ins and reviewing cases (a recorded case asks hand-offs about backflow, and
        the tags area's rules run on its people)."""
        from frontdesk.cases.desk import CaseDesk
        from frontdesk.handoffs.backflow import detect_backflow

        return CaseDesk(self.context, backflow_check=detect_backflow, after_save=self.tags.case_saved)

    @cached_property
    def series(self) -> SeriesDesk:
        """Similar earlier cases, series and where matters cluster (串并)."""
        from frontdesk.cases.series_desk import SeriesDesk

        return SeriesDesk(self.context)

    @cached_property
    def callers(self) -> CallerDesk:
        """The look-up, people, merges and repeat reporters."""
        from frontdesk.callers.desk import CallerDesk

        return CallerDesk(self.context)

    @cached_property
    def handoffs(self) -> HandoffDesk:
        """Queues, hand-offs, call-backs and their figures."""
        from frontdesk.handoffs.desk import HandoffDesk

        return HandoffDesk(self.context)

    @cached_property
    def patrols(self) -> PatrolDesk:
        """Teams, volunteers, shifts and their totals."""
        from frontdesk.patrols.desk import PatrolDesk

        return PatrolDesk(self.context)

    @cached_property
    def sync(self) -> SyncDesk:
        """Bundles to and from other sites, and the conflicts they leave."""
        from frontdesk.sync.desk import SyncDesk

        return SyncDesk(self.context)

    @cached_property
    def dashboard(self) -> DashboardDesk:
        """The day at a glance (the desk screen's figures)."""
        from frontdesk.reports.desk import DashboardDesk

        return DashboardDesk(self.context)

    @cached_property
    def handover(self) -> HandoverDesk:
        """The shift handover report."""
        from frontdesk.reports.desk import HandoverDesk

        return HandoverDesk(self.context)

    @cached_property
    def statistics(self) -> StatisticsDesk:
        """A period's figures beside the year before."""
        from frontdesk.reports.desk import StatisticsDesk

        return StatisticsDesk(self.context)

    @cached_property
    def categories(self) -> CategoryDesk:
        """The station's own list of case categories, kept by the admin."""
        from frontdesk.station.categories import CategoryDesk

        return CategoryDesk(self.context)

    @cached_property
    def intake(self) -> CaseImports:
        """Logbook import: old logbooks and other systems' exports as cases."""
        from frontdesk.intake.desk import CaseImports

        return CaseImports(self.context)

    @cached_property
    def disputes(self) -> DisputeDesk:
        """Disputes with an owner (包案) and their daily review."""
        from frontdesk.disputes.desk import DisputeDesk
        from frontdesk.disputes.referral import Referrals

        return DisputeDesk(self.context, referrals=Referrals(hand_off=refer_case, state=referral_state))

    @cached_property
    def outreach(self) -> OutreachDesk:
        """Lists by tag and the outreach campaigns worked from them (精准滴灌)."""
        from frontdesk.outreach.desk import OutreachDesk

        return OutreachDesk(self.context)

    def with_clock(self, clock: Callable[[], datetime]) -> Desk:
        """A desk on the same database, for the same officer, that reads `clock` (tests move time with it)."""
        return Desk(self.settings, self.engine, self.on_duty, self.url, clock)

    # ---- what the screens read about the desk itself ------------------------------------

    @property
    def settings(self) -> Settings:
        return self.context.settings

    @property
    def engine(self) -> Engine:
        return self.context.engine

    @property
    def url(self) -> str:
        return self.context.url

    @property
    def on_duty(self) -> OnDuty:
        return self.context.on_duty

    @property
    def zone(self) -> ZoneInfo:
        return self.context.zone

    @property
    def actor(self) -> Actor:
        return self.context.actor

    @actor.setter
    def actor(self, actor: Actor) -> None:
        self.context.actor = actor

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.context.clock

    @clock.setter
    def clock(self, clock: Callable[[], datetime]) -> None:
        self.context.clock = clock

    @property
    def where(self) -> str:
        """The database as an admin would name it (file path, or host/database)."""
        path = sqlite_path(self.url)
        if path is not None:
            return str(path)
        return self.engine.url.render_as_string(hide_password=True)

    def reading(self):
        """A reading session (for code given the whole desk; area desks use their context)."""
        return self.context.reading()

    def writing(self):
        """One unit of work (for code given the whole desk; area desks use their context)."""
        return self.context.writing()

    def close(self) -> None:
        self.engine.dispose()


# ---- the seam between disputes and hand-offs: a dispute is referred through a real hand-off ----------


def refer_case(session, case_id, typed: Referral, by: Actor, now: datetime):
    """A referred dispute's hand-off: its case to the body, as the hand-off form would pass it."""
    from frontdesk.handoffs.lifecycle import HandoffInput, hand_off

    return hand_off(session, case_id, HandoffInput(body=typed.body, matter=typed.matter, method=typed.method,
                                                   our_ref=typed.our_ref, their_ref=typed.their_ref,
                                                   due_at=typed.due_at, note=typed.note), by=by, now=now).id


def referral_state(session, handoff_id, now: datetime) -> ReferralState | None:
    """A referred dispute's hand-off as it stands: its body, step, due time and call-backs."""
    from frontdesk.disputes.referral import ReferralState
    from frontdesk.handoffs.case_view import handoff_view

    view = handoff_view(session, handoff_id, now=now)
    if view is None:
        return None
    # The call-back that reached the citizen ends it; until then the last one tried.
    last = next((call for call in view.follow_ups if call.reached), view.follow_ups[-1] if view.follow_ups else None)
    return ReferralState(handoff_id=view.id, case_id=view.case_id, body=view.body, status=view.status,
                         due_at=view.due_at, done_at=view.done_at, overdue=view.overdue,
                         returned_reason=view.returned_reason, calls=len(view.follow_ups), reached=view.closed,
                         result=last.result if last else "")


def open_desk(
    settings: Settings,
    url: str,
    *,
    demo_cases: int | None = None,
    progress: Progress | None = None,
    clock: Callable[[], datetime] = utcnow,
    should_stop: Callable[[], bool] = lambda: False,
) -> Desk:
    """Open (creating and migrating if need be) the database, and the demo if asked.

    A demo left half-built (the desk was closed while building it) is thrown
    away and built again: it is our own file, never the station's records.
    """
    engine, on_duty = open_station(settings, url)
    desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=url, clock=clock)
    if demo_cases is None:
        return desk
    from frontdesk.demo import build_demo, demo_complete

    if desk.cases.has_cases() and not demo_complete(engine):
        desk.close()
        remove_sqlite_files(url)
        engine, on_duty = open_station(settings, url)
        desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=url, clock=clock)
    if not desk.cases.has_cases():
        from frontdesk.demo.build import demo_officer

        on_duty = demo_officer(engine, on_duty)  # the demo's admin comes with the demo
        desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=url, clock=clock)
        build_demo(engine, on_duty, cases=demo_cases, progress=progress, now=clock(),
                   zone=settings.timezone, should_stop=should_stop)
    return desk


def remove_sqlite_files(url: str) -> None:
    """Delete a SQLite database file with its WAL and shared-memory files."""
    path = sqlite_path(url)
    if path is None:
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
