"""The dispute desk: what the dispute screens, the case screen and the reports call, from thread workers."""

from __future__ import annotations

import uuid
from datetime import datetime

from frontdesk.context import DeskContext
from frontdesk.i18n import DeskError
from frontdesk.disputes import figures as dispute_figures
from frontdesk.disputes import lifecycle, referral, views


class DisputeDesk:
    def __init__(self, ctx: DeskContext, referrals: referral.Referrals | None = None):
        self.ctx = ctx
        #: The hand-off area's functions a referral goes through (the composing desk hands them in).
        self.referrals = referrals

    # ---- reading ----------------------------------------------------------------------------

    def review(self, *, mine_only: bool = False) -> list[views.ReviewRow]:
        with self.ctx.reading() as session:
            return views.review(session, now=self.ctx.clock(), officer_id=self.ctx.actor.officer_id,
                                mine_only=mine_only)

    def detail(self, dispute_id: uuid.UUID) -> views.DisputeDetail:
        with self.ctx.reading() as session:
            return views.detail(session, dispute_id, referral=self._referral_state)

    def _referral_state(self, session, handoff_id: uuid.UUID) -> referral.ReferralState | None:
        return self.referrals.state(session, handoff_id, self.ctx.clock()) if self.referrals else None

    def referral_case(self, dispute_id: uuid.UUID) -> uuid.UUID:
        """The case a referral of the dispute would hand on (the hand-off form is proposed for it)."""
        with self.ctx.reading() as session:
            lifecycle.dispute_for_change(session, dispute_id, None)
            return referral.carrying_case(session, dispute_id).id

    def offers_for_case(self, case_id: uuid.UUID) -> list[views.Offer]:
        with self.ctx.reading() as session:
            return views.offers_for_case(session, case_id)

    def for_case(self, case_id: uuid.UUID) -> tuple[uuid.UUID | None, list[views.Offer]]:
        """The open dispute the case is in (if any), and the open disputes it may join."""
        with self.ctx.reading() as session:
            current = lifecycle.dispute_of_case(session, case_id)
            return (current.id if current else None), ([] if current else views.offers_for_case(session, case_id))

    def offers(self, *, person_ids: list[uuid.UUID], place: str, phones: list[str] = ()) -> list[views.Offer]:
        """The open disputes a case being recorded would match: by its reporter (or their phone) or its place."""
        with self.ctx.reading() as session:
            return views.offers(session, person_ids=person_ids, place=place, phones=list(phones))

    def reporter_cases(self, *, person_id: uuid.UUID | None, phone: str | None) -> views.ReporterCases:
        with self.ctx.reading() as session:
            return views.reporter_cases(session, person_id=person_id, phone=phone)

    def officers(self) -> list[tuple[uuid.UUID, str]]:
        with self.ctx.reading() as session:
            return views.officers(session)

    def figures(self, *, since: datetime, until: datetime) -> dispute_figures.DisputeFigures:
        with self.ctx.reading() as session:
            return dispute_figures.figures(session, since=since, until=until)

    # ---- writing ----------------------------------------------------------------------------

    def open_from_case(self, case_id: uuid.UUID, *, plan: str = "") -> uuid.UUID:
        with self.ctx.writing() as session:
            return lifecycle.open_from_case(session, case_id, plan=plan, by=self.ctx.actor, now=self.ctx.clock(),
                                            zone=self.ctx.zone).id

    def open_for_person(self, person_id: uuid.UUID, case_ids: list[uuid.UUID], *, plan: str = "") -> uuid.UUID:
        with self.ctx.writing() as session:
            return lifecycle.open_for_person(session, person_id, case_ids, plan=plan, by=self.ctx.actor,
                                             now=self.ctx.clock(), zone=self.ctx.zone).id

    def link_case(self, dispute_id: uuid.UUID, case_id: uuid.UUID) -> None:
        with self.ctx.writing() as session:
            lifecycle.link_case(session, dispute_id, case_id, by=self.ctx.actor)

    def record_step(self, dispute_id: uuid.UUID, typed: lifecycle.StepInput) -> None:
        with self.ctx.writing() as session:
            lifecycle.record_step(session, dispute_id, typed, by=self.ctx.actor, now=self.ctx.clock())

    def move(self, dispute_id: uuid.UUID, to: str, *, reason: str = "", on_site: bool = False,
             version: int | None = None) -> None:
        with self.ctx.writing() as session:
            lifecycle.move(session, dispute_id, to, reason=reason, on_site=on_site, version=version,
                           by=self.ctx.actor, now=self.ctx.clock())

    def refer(self, dispute_id: uuid.UUID, typed: referral.Referral, *, version: int | None = None) -> None:
        """Refer the dispute to a body through a hand-off of its latest live case."""
        if self.referrals is None:
            raise DeskError("dispute.refer_unavailable")
        with self.ctx.writing() as session:
            referral.refer(session, dispute_id, typed, referrals=self.referrals, version=version,
                           by=self.ctx.actor, now=self.ctx.clock())

    def assign(self, dispute_id: uuid.UUID, *, owner_id: uuid.UUID | None, leader_id: uuid.UUID | None,
               version: int | None = None) -> None:
        with self.ctx.writing() as session:
            lifecycle.assign(session, dispute_id, owner_id=owner_id, leader_id=leader_id, version=version,
                             by=self.ctx.actor, now=self.ctx.clock())
