"""The callers desk: the look-up box, people's histories, merges and repeat reporters, from thread workers.

Like every area desk, each method opens one short session on the desk's context,
calls the services in `frontdesk.callers` and hands back plain dataclasses.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from frontdesk.callers import history as callers
from frontdesk.callers import lookup as search
from frontdesk.callers import merge
from frontdesk.context import DeskContext
from frontdesk.i18n import DeskError
from frontdesk.records import clean_text


class CallerDesk:
    def __init__(self, ctx: DeskContext):
        self.ctx = ctx

    # ---- the look-up ---------------------------------------------------------------

    def match_people(self, typed: str) -> list[search.PersonHit]:
        """Known people for a phone or ID number being typed into a form."""
        with self.ctx.reading() as session:
            return search.people_by_number(session, clean_text(typed))

    def person_match(self, person_id: uuid.UUID) -> search.PersonHit | None:
        """One person as a look-up result (to start a case for them)."""
        with self.ctx.reading() as session:
            hits = search.hits_for(session, {person_id: (True, "name")}, limit=1)
        return hits[0] if hits else None

    def search(self, typed: str) -> search.Results:
        """The look-up box: people or cases for whatever is typed."""
        with self.ctx.reading() as session:
            return search.search(session, typed)

    # ---- a person ------------------------------------------------------------------

    def person_history(self, person_id: uuid.UUID) -> callers.PersonHistory:
        with self.ctx.writing() as session:  # writes the audit event of the look
            return callers.person_history(session, person_id, now=self.ctx.clock(), by=self.ctx.actor)

    def reveal(self, person_id: uuid.UUID, *, reason: str) -> tuple[list[str], str]:
        with self.ctx.writing() as session:
            return callers.reveal(session, person_id, reason=reason, by=self.ctx.actor)

    def update_person(self, person_id: uuid.UUID, *, version: int, **changes) -> None:
        with self.ctx.writing() as session:
            callers.update_person(session, person_id, version=version, by=self.ctx.actor, **changes)

    # ---- repeat reporters ------------------------------------------------------------

    def repeat_reporters(self, *, days: int, min_reports: int, by_phone: bool) -> list[callers.RepeatReporter]:
        since = self.ctx.clock() - timedelta(days=days)
        with self.ctx.reading() as session:
            return callers.repeat_reporters(session, since=since, min_reports=min_reports, by_phone=by_phone)

    def repeat_reporter_page(self, *, days: int, min_reports: int, by_phone: bool,
                             limit: int = 100) -> callers.RepeatReporterPage:
        """The first `limit` repeat reporters and how many there are in all."""
        since = self.ctx.clock() - timedelta(days=days)
        with self.ctx.reading() as session:
            return callers.repeat_reporter_page(session, since=since, min_reports=min_reports, by_phone=by_phone,
                                                limit=limit)

    def record_review(self, *, person_id, phone_e164, called_back: bool, reached: bool, note: str) -> None:
        with self.ctx.writing() as session:
            callers.record_review(session, person_id=person_id, phone_e164=phone_e164, called_back=called_back,
                                  reached=reached, note=note, by=self.ctx.actor, now=self.ctx.clock())

    # ---- merges ------------------------------------------------------------------------

    def likely_duplicates(self, *, name: str, phone: str, resident_id: str) -> list[search.PersonHit]:
        with self.ctx.reading() as session:
            return merge.likely_duplicates(session, name=clean_text(name), phone=clean_text(phone),
                                           resident_id=clean_text(resident_id))

    def merge_people(self, *, merged_id: uuid.UUID, survivor_id: uuid.UUID, reason: str) -> merge.MergeDone:
        with self.ctx.writing() as session:
            return merge.merge_people(session, merged_id=merged_id, survivor_id=survivor_id, reason=reason,
                                      by=self.ctx.actor)

    def undo_last_merge(self, person_id: uuid.UUID) -> None:
        with self.ctx.writing() as session:
            merges = merge.merges_of(session, person_id)
            if not merges:
                raise DeskError("merge.nothing_to_undo")
            merge.undo_merge(session, merges[0].id, by=self.ctx.actor, now=self.ctx.clock())
