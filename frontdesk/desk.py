"""The desk: what the screens hold and call, from thread workers, for every job.

Screens never see a session or a query. They call methods here, which open a
short session, call the service functions, commit once, and hand back plain
dataclasses. Database trouble comes back as a DeskError in the officer's words.
"""

from __future__ import annotations

import os
import signal
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from db.engine import read_session, sqlite_path, write_session
from db.types import utcnow
from db.models import Case
from frontdesk import ui_thread
from frontdesk.access import audit as audit_log
from frontdesk.callers import history as callers
from frontdesk.cases import views as case_views
from frontdesk.cases import recording as cases
from frontdesk.callers import merge
from frontdesk.callers import lookup as search
from frontdesk.access import signin
from frontdesk.access.roles import may
from frontdesk.station.config import Settings
from frontdesk.reports.dashboard import Today, today_figures
from frontdesk.handoffs.desk import HandoffDesk
from frontdesk.sync.desk import SyncDesk
from frontdesk.patrols.desk import PatrolDesk
from frontdesk.cases.drafts import Draft, DraftStore
from frontdesk.errors import officer_words
from frontdesk.i18n import DeskError
from frontdesk.cases.receipt import ReceiptFacts, write_receipt
from frontdesk.records import Actor
from frontdesk.station.opening import OnDuty, open_station

Progress = Callable[[int, int], None]

#: How far back the place field's suggestions look.
PLACES_DAYS = 180


@dataclass
class Desk:
    settings: Settings
    engine: Engine
    on_duty: OnDuty
    url: str
    clock: Callable[[], datetime] = utcnow
    zone: ZoneInfo = field(init=False)
    actor: Actor = field(init=False)
    #: The hand-off desk: queues, hand-offs, call-backs and their figures.
    handoffs: HandoffDesk = field(init=False)
    #: The patrol desk: teams, volunteers, shifts and their totals.
    patrols: PatrolDesk = field(init=False)
    #: The sync desk: bundles to and from other sites, and the conflicts they leave.
    sync: SyncDesk = field(init=False)

    def __post_init__(self) -> None:
        self.zone = ZoneInfo(self.settings.timezone)
        self.actor = Actor(site=self.on_duty.site_code, officer_id=self.on_duty.officer_id, clock=self.clock,
                           role=self.on_duty.role)
        self.handoffs = HandoffDesk(self)
        self.patrols = PatrolDesk(self)
        self.sync = SyncDesk(self)

    @property
    def where(self) -> str:
        """The database as an admin would name it (file path, or host/database)."""
        path = sqlite_path(self.url)
        if path is not None:
            return str(path)
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        ui_thread.check()
        with officer_words(), read_session(self.engine) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One unit of work: everything in it is committed together, or nothing is."""
        ui_thread.check()
        with officer_words(), write_session(self.engine) as session:
            yield session
            session.commit()

    def close(self) -> None:
        self.engine.dispose()

    # ---- who is at the desk ------------------------------------------------------

    def needs_first_admin(self) -> bool:
        with self.reading() as session:
            return signin.needs_first_admin(session)

    def create_first_admin(self, *, name: str, badge: str, password: str, again: str) -> None:
        with self.writing() as session:
            officer = signin.create_first_admin(session, name=name, badge=badge, password=password, again=again,
                                                site=self.on_duty.site_code)
        self._at_desk(officer)

    def sign_in(self, *, badge: str, password: str) -> None:
        """Sign an officer in at this desk; a refusal (audited and counted) is raised as a DeskError."""
        with self.writing() as session:
            attempt = signin.sign_in(session, badge=badge, password=password, site=self.on_duty.site_code,
                                     now=self.clock(), lockout_minutes=self.settings.lockout_minutes,
                                     zone=self.zone)
        if attempt.refusal is not None:
            raise attempt.refusal
        self._at_desk(attempt.officer)

    def sign_out(self, action: str = "sign_out", record_id: uuid.UUID | None = None) -> None:
        with self.writing() as session:
            signin.sign_out(session, by=self.actor, action=action, record_id=record_id)

    def unlock_officer(self, badge: str) -> None:
        with self.writing() as session:
            signin.unlock(session, badge=badge, by=self.actor)

    def add_officer(self, *, name: str, badge: str, role: str, password: str) -> None:
        with self.writing() as session:
            signin.add_officer(session, name=name, badge=badge, role=role, password=password, by=self.actor)

    def officers(self) -> list[signin.OfficerRow]:
        with self.reading() as session:
            return signin.officers(session, by=self.actor, now=self.clock())

    def read_audit(self, filters: audit_log.AuditFilter) -> list[audit_log.AuditRow]:
        with self.writing() as session:  # reading the log is itself audited
            return audit_log.read_events(session, filters, by=self.actor)

    def _at_desk(self, officer: signin.SignedIn) -> None:
        self.on_duty = replace(self.on_duty, officer_id=officer.officer_id, officer_name=officer.name,
                               badge_no=officer.badge_no, role=officer.role)
        self.actor = replace(self.actor, officer_id=officer.officer_id, role=officer.role)

    def may(self, action: str) -> bool:
        """May the officer at the desk take `action` (frontdesk.access)? Screens offer only what they may."""
        return may(self.actor.role, action)

    # ---- the day ---------------------------------------------------------------

    def has_cases(self) -> bool:
        with self.reading() as session:
            return session.exec(select(Case.id).limit(1)).first() is not None

    def today(self, now: datetime) -> Today:
        with self.reading() as session:
            return today_figures(session, now=now, zone=self.zone)

    # ---- recording a case ------------------------------------------------------

    def categories(self) -> list[case_views.CategoryChoice]:
        with self.reading() as session:
            return case_views.category_choices(session)

    def known_places(self) -> list[str]:
        with self.reading() as session:
            return case_views.known_places(session, since=self.clock() - timedelta(days=PLACES_DAYS))

    def match_people(self, typed: str) -> list[search.PersonHit]:
        """Known people for a phone or ID number being typed into a form."""
        with self.reading() as session:
            return search.people_by_number(session, typed)

    def person_match(self, person_id: uuid.UUID) -> search.PersonHit | None:
        """One person as a look-up result (to start a case for them)."""
        with self.reading() as session:
            hits = search.hits_for(session, {person_id: (True, "name")}, limit=1)
        return hits[0] if hits else None

    def search(self, typed: str) -> search.Results:
        """The look-up box: people or cases for whatever is typed."""
        with self.reading() as session:
            return search.search(session, typed)

    def reporter_history(
        self, *, person_id: uuid.UUID | None, phone: str | None, category: str | None, now: datetime
    ) -> tuple[list[case_views.RecentCase], case_views.ReporterCounts]:
        """The reporter's cases in the repeat window (same category first) and their counts."""
        since = now - timedelta(days=self.settings.repeat_window_days)
        with self.reading() as session:
            recent = case_views.recent_cases_of(
                session, person_id=person_id, phone=phone, since=since, category=category
            )
            counts = case_views.reporter_counts(session, person_id=person_id, phone=phone, since=since)
        return recent, counts

    # ---- callers -------------------------------------------------------------------

    def person_history(self, person_id: uuid.UUID) -> callers.PersonHistory:
        with self.writing() as session:  # writes the audit event of the look
            return callers.person_history(session, person_id, now=self.clock(), by=self.actor)

    def reveal(self, person_id: uuid.UUID, *, reason: str) -> tuple[list[str], str]:
        with self.writing() as session:
            return callers.reveal(session, person_id, reason=reason, by=self.actor)

    def update_person(self, person_id: uuid.UUID, *, version: int, **changes) -> None:
        with self.writing() as session:
            callers.update_person(session, person_id, version=version, by=self.actor, **changes)

    def repeat_reporters(self, *, days: int, min_reports: int, by_phone: bool) -> list[callers.RepeatReporter]:
        since = self.clock() - timedelta(days=days)
        with self.reading() as session:
            return callers.repeat_reporters(session, since=since, min_reports=min_reports, by_phone=by_phone)

    def repeat_reporter_page(self, *, days: int, min_reports: int, by_phone: bool,
                             limit: int = 100) -> callers.RepeatReporterPage:
        """The first `limit` repeat reporters and how many there are in all."""
        since = self.clock() - timedelta(days=days)
        with self.reading() as session:
            return callers.repeat_reporter_page(session, since=since, min_reports=min_reports, by_phone=by_phone,
                                                limit=limit)

    def record_review(self, *, person_id, phone_e164, called_back: bool, reached: bool, note: str) -> None:
        with self.writing() as session:
            callers.record_review(session, person_id=person_id, phone_e164=phone_e164, called_back=called_back,
                                  reached=reached, note=note, by=self.actor, now=self.clock())

    def likely_duplicates(self, *, name: str, phone: str, resident_id: str) -> list[search.PersonHit]:
        with self.reading() as session:
            return merge.likely_duplicates(session, name=name, phone=phone, resident_id=resident_id)

    def merge_people(self, *, merged_id: uuid.UUID, survivor_id: uuid.UUID, reason: str) -> merge.MergeDone:
        with self.writing() as session:
            return merge.merge_people(session, merged_id=merged_id, survivor_id=survivor_id, reason=reason,
                                      by=self.actor)

    def undo_last_merge(self, person_id: uuid.UUID) -> None:
        with self.writing() as session:
            merges = merge.merges_of(session, person_id)
            if not merges:
                raise DeskError("merge.nothing_to_undo")
            merge.undo_merge(session, merges[0].id, by=self.actor, now=self.clock())

    def record_case(self, draft: cases.CaseDraft, *, now: datetime) -> cases.RecordedCase:
        """Record a case; a draft saved twice (two desks at once, or after a crash) gives one case."""
        try:
            with self.writing() as session:
                recorded = cases.record_case(session, draft, by=self.actor, now=now, zone=self.zone,
                                             backflow_days=self.settings.backflow_window_days)
        except IntegrityError:
            if draft.draft_key is None:
                raise
            with self.reading() as session:  # another desk saved this very draft a moment before
                recorded = cases.recorded_from_draft(session, draft.draft_key)
            if recorded is None:
                raise
        _stop_point("case_committed")
        return recorded

    def case_draft_store(self) -> DraftStore:
        return DraftStore(Path(self.settings.data_dir) / "drafts", database=self.url, form="new-case")

    def kept_case_draft(self, *, adopt: bool = True) -> Draft | None:
        """This desk's unsaved case form (or, with `adopt`, one a stopped desk left), to offer back.

        A draft whose case is in the database (the program stopped between saving the case and
        throwing the draft away) is thrown away here, never offered.
        """
        store = self.case_draft_store()
        found = store.load()
        while True:
            if found is None and adopt:
                found = store.adopt_orphan()
            if found is None:
                return None
            key = found[1].get("draft_key")
            if not key:
                return found
            with self.reading() as session:
                saved = cases.recorded_from_draft(session, uuid.UUID(key))
            if saved is None:
                return found
            store.discard()
            found = None

    # ---- reviewing cases ---------------------------------------------------------

    def list_cases(self, filters: case_views.CaseFilter, *, limit: int = 200) -> list[case_views.CaseRow]:
        with self.reading() as session:
            return case_views.list_cases(session, filters, limit=limit)

    def case_detail(self, case_id: uuid.UUID) -> case_views.CaseDetail:
        with self.reading() as session:
            detail = case_views.case_detail(session, case_id)
        if detail is None:
            raise DeskError("case.gone")
        return detail

    def edit_case(self, case_id: uuid.UUID, *, version: int, changes: dict, now: datetime) -> None:
        with self.writing() as session:
            cases.edit_case(session, case_id, version=version, changes=changes, by=self.actor, now=now)

    def take_on(self, case_id: uuid.UUID) -> None:
        with self.writing() as session:
            cases.take_on(session, case_id, by=self.actor)

    def close_case(self, case_id: uuid.UUID, *, disposition: str, note: str, now: datetime) -> None:
        with self.writing() as session:
            cases.close_case(session, case_id, disposition=disposition, note=note, by=self.actor, now=now)

    def reopen_case(self, case_id: uuid.UUID, *, reason: str) -> None:
        with self.writing() as session:
            cases.reopen_case(session, case_id, reason=reason, by=self.actor)

    def void_case(self, case_id: uuid.UUID, *, reason: str, now: datetime) -> None:
        with self.writing() as session:
            cases.void_case(session, case_id, reason=reason, by=self.actor, now=now)

    def link_related(self, case_id: uuid.UUID, *, other_case_no: str) -> None:
        with self.writing() as session:
            cases.link_related(session, case_id, other_case_no=other_case_no, by=self.actor)

    def write_receipt(self, case_id: uuid.UUID) -> tuple[Path, Path]:
        """The citizen's receipt for a case, as text and HTML files in the data folder."""
        detail = self.case_detail(case_id)
        facts = ReceiptFacts(
            station=self.on_duty.station_name,
            case_no=detail.case.case_no,
            received_at=detail.case.received_at,
            category=case_views.category_name(self.categories(), detail.case.category),
            summary=detail.case.summary,
            officer=self.on_duty.officer_name,
            badge=self.on_duty.badge_no,
            desk_phone=self.settings.desk_phone,
        )
        return write_receipt(facts, Path(self.settings.data_dir) / "receipts", self.zone)


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

    if desk.has_cases() and not demo_complete(engine):
        desk.close()
        remove_sqlite_files(url)
        engine, on_duty = open_station(settings, url)
        desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=url, clock=clock)
    if not desk.has_cases():
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


def _stop_point(name: str) -> None:
    """Tests only: `FRONTDESK_TEST_KILL_AT=<name>` kills this process here, as a power cut would."""
    if os.environ.get("FRONTDESK_TEST_KILL_AT") == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
