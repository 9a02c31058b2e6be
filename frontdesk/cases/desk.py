"""The case desk: recording walk-ins and reviewing cases, from thread workers.

Like every area desk, each method opens one short session on the desk's context,
calls the services in `frontdesk.cases` and hands back plain dataclasses.
"""

from __future__ import annotations

import os
import signal
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from db.models import Case
from frontdesk.callers.people import FieldErrors
from frontdesk.cases import recording as cases
from frontdesk.cases import views as case_views
from frontdesk.cases.drafts import AsideDraft, Draft, DraftStore
from frontdesk.cases.receipt import ReceiptFacts, write_receipt
from frontdesk.context import DeskContext
from frontdesk.i18n import DeskError
from frontdesk.records import Actor
from frontdesk.sealing import passphrase_of

#: How far back the place field's suggestions look.
PLACES_DAYS = 180


class CaseSaved(Protocol):
    """Told when a case is recorded or edited, inside its transaction (the desk passes the tags area's
    rules in, so cases never import tags)."""

    def __call__(self, session: Session, case_id: uuid.UUID, *, by: Actor, now: datetime) -> Any: ...


class CaseDesk:
    def __init__(self, ctx: DeskContext, *, backflow_check: cases.BackflowCheck | None = None,
                 after_save: CaseSaved | None = None):
        self.ctx = ctx
        #: Asked when a case is recorded: did the caller's matter come back after a hand-off?
        self.backflow_check = backflow_check
        #: Told, in the same transaction, when a case is recorded or edited (the tags area's rules).
        self.after_save = after_save
        #: What `kept_case_draft` had to set aside (a damaged draft), for the desk to say.
        self.drafts_set_aside: list[str] = []

    def has_cases(self) -> bool:
        with self.ctx.reading() as session:
            return session.exec(select(Case.id).limit(1)).first() is not None

    # ---- recording a case ------------------------------------------------------

    def categories(self, *, switched_off: bool = False) -> list[case_views.CategoryChoice]:
        """The categories new cases are offered; with `switched_off`, the whole list (names of old cases)."""
        with self.ctx.reading() as session:
            return case_views.category_choices(session, switched_off=switched_off)

    def known_places(self) -> list[str]:
        with self.ctx.reading() as session:
            return case_views.known_places(session, since=self.ctx.clock() - timedelta(days=PLACES_DAYS))

    def reporter_history(
        self, *, person_id: uuid.UUID | None, phone: str | None, category: str | None, now: datetime
    ) -> tuple[list[case_views.RecentCase], case_views.ReporterCounts]:
        """The reporter's cases in the repeat window (same category first) and their counts."""
        since = now - timedelta(days=self.ctx.settings.repeat_window_days)
        with self.ctx.reading() as session:
            recent = case_views.recent_cases_of(
                session, person_id=person_id, phone=phone, since=since, category=category
            )
            counts = case_views.reporter_counts(session, person_id=person_id, phone=phone, since=since)
        return recent, counts

    def record_case(self, draft: cases.CaseDraft, *, now: datetime) -> cases.RecordedCase:
        """Record a case; a draft saved twice (two desks at once, or after a crash) gives one case."""
        ctx = self.ctx
        try:
            with ctx.writing() as session:
                recorded = cases.record_case(session, draft, by=ctx.actor, now=now, zone=ctx.zone,
                                             backflow_days=ctx.settings.backflow_window_days,
                                             backflow_check=self.backflow_check)
                if self.after_save is not None:
                    self.after_save(session, recorded.case_id, by=ctx.actor, now=now)
        except IntegrityError:
            if draft.draft_key is None:
                raise
            with ctx.reading() as session:  # another desk saved this very draft a moment before
                recorded = cases.recorded_from_draft(session, draft.draft_key)
            if recorded is None:
                raise
        _stop_point("case_committed")
        return recorded

    def draft_errors(self, draft: cases.CaseDraft, *, now: datetime) -> dict[str, DeskError]:
        """Every field of a draft that must be fixed before it can be saved (nothing is written)."""
        with self.ctx.reading() as session:
            try:
                cases.check_draft(session, draft, now=now)
            except FieldErrors as errors:
                return errors.errors
        return {}

    def case_draft_store(self) -> DraftStore:
        return DraftStore(Path(self.ctx.settings.data_dir) / "drafts", database=self.ctx.url, form="new-case",
                          passphrase=passphrase_of(self.ctx.url))

    def kept_case_draft(self, *, adopt: bool = True) -> Draft | None:
        """This desk's unsaved case form (or, with `adopt`, one a stopped desk left), to offer back.

        A draft whose case is in the database (the program stopped between saving the case and
        throwing the draft away) is thrown away here, never offered.
        """
        store = self.case_draft_store()
        try:
            return self._kept(store, adopt)
        finally:
            self.drafts_set_aside.extend(store.set_aside)

    def put_case_draft_aside(self, fields: dict | None) -> None:
        """The case form as typed (None: nothing typed) put aside for later, this desk's draft slot emptied."""
        self.case_draft_store().put_aside(fields, now=self.ctx.clock())

    def put_kept_case_draft_aside(self) -> str | None:
        """This desk's unsaved case (offered at start-up) put aside as it is, listed by ctrl+f on the form."""
        return self.case_draft_store().put_kept_aside()

    def throw_away_kept_case_draft(self) -> None:
        """This desk's unsaved case thrown away: the officer said so, asked first."""
        self.case_draft_store().throw_away()

    def throw_away_case_draft_aside(self, name: str) -> None:
        """A case form put aside thrown away, unsaved: the officer said so, asked first. DeskError if it is gone."""
        self.case_draft_store().throw_away_aside(name)

    def case_drafts_aside(self) -> list[AsideDraft]:
        """The case forms put aside on this database, the newest first. One whose case is in the database
        (a copy left by a kill between putting it aside and emptying the slot, then saved) is thrown away."""
        store = self.case_draft_store()
        try:
            found = store.aside()
        finally:
            self.drafts_set_aside.extend(store.set_aside)
        keyed = [draft for draft in found if draft.fields.get("draft_key")]
        if not keyed:
            return found
        with self.ctx.reading() as session:
            saved = {draft.name for draft in keyed
                     if cases.recorded_from_draft(session, uuid.UUID(draft.fields["draft_key"])) is not None}
        for name in saved:
            store.drop_aside(name)
        return [draft for draft in found if draft.name not in saved]

    def take_back_case_draft(self, name: str, current: dict | None) -> Draft:
        """A case form put aside made this desk's draft again (the form opens with it); the form as typed now
        (`current`) is put aside in its place. DeskError if another desk took it back first."""
        store = self.case_draft_store()
        try:
            return store.take_back(name, current, now=self.ctx.clock())
        finally:
            self.drafts_set_aside.extend(store.set_aside)

    def take_drafts_set_aside(self) -> list[str]:
        """Messages about drafts that could not be read (set aside), each said once."""
        said, self.drafts_set_aside[:] = list(self.drafts_set_aside), []
        return said

    def _kept(self, store: DraftStore, adopt: bool) -> Draft | None:
        found = store.load()
        while True:
            if found is None and adopt:
                found = store.adopt_orphan()
            if found is None:
                return None
            key = found[1].get("draft_key")
            if not key:
                return found
            with self.ctx.reading() as session:
                saved = cases.recorded_from_draft(session, uuid.UUID(key))
            if saved is None:
                return found
            store.discard()
            found = None

    # ---- reviewing cases ---------------------------------------------------------

    def list_cases(self, filters: case_views.CaseFilter, *, limit: int = 200) -> list[case_views.CaseRow]:
        with self.ctx.reading() as session:
            return case_views.list_cases(session, filters, limit=limit)

    def case_detail(self, case_id: uuid.UUID) -> case_views.CaseDetail:
        with self.ctx.reading() as session:
            detail = case_views.case_detail(session, case_id)
        if detail is None:
            raise DeskError("case.gone")
        return detail

    def edit_case(self, case_id: uuid.UUID, *, version: int, changes: dict, now: datetime) -> None:
        with self.ctx.writing() as session:
            cases.edit_case(session, case_id, version=version, changes=changes, by=self.ctx.actor, now=now)
            if self.after_save is not None:
                self.after_save(session, case_id, by=self.ctx.actor, now=now)

    def take_on(self, case_id: uuid.UUID) -> None:
        with self.ctx.writing() as session:
            cases.take_on(session, case_id, by=self.ctx.actor)

    def close_case(self, case_id: uuid.UUID, *, disposition: str, note: str, now: datetime) -> None:
        with self.ctx.writing() as session:
            cases.close_case(session, case_id, disposition=disposition, note=note, by=self.ctx.actor, now=now)

    def reopen_case(self, case_id: uuid.UUID, *, reason: str) -> None:
        with self.ctx.writing() as session:
            cases.reopen_case(session, case_id, reason=reason, by=self.ctx.actor)

    def void_case(self, case_id: uuid.UUID, *, reason: str, now: datetime) -> None:
        with self.ctx.writing() as session:
            cases.void_case(session, case_id, reason=reason, by=self.ctx.actor, now=now)

    def link_related(self, case_id: uuid.UUID, *, other_case_no: str) -> None:
        with self.ctx.writing() as session:
            cases.link_related(session, case_id, other_case_no=other_case_no, by=self.ctx.actor)

    def write_receipt(self, case_id: uuid.UUID) -> tuple[Path, Path]:
        """The citizen's receipt for a case, as text and HTML files in the data folder."""
        ctx = self.ctx
        detail = self.case_detail(case_id)
        facts = ReceiptFacts(
            station=ctx.on_duty.station_name,
            case_no=detail.case.case_no,
            received_at=detail.case.received_at,
            category=case_views.category_name(self.categories(switched_off=True), detail.case.category),
            summary=detail.case.summary,
            officer=ctx.on_duty.officer_name,
            badge=ctx.on_duty.badge_no,
            desk_phone=ctx.settings.desk_phone,
        )
        return write_receipt(facts, Path(ctx.settings.data_dir) / "receipts", ctx.zone,
                             passphrase=passphrase_of(ctx.url))


def _stop_point(name: str) -> None:
    """Tests only: `FRONTDESK_TEST_KILL_AT=<name>` kills this process here, as a power cut would."""
    if os.environ.get("FRONTDESK_TEST_KILL_AT") == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))

