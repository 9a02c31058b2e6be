"""The hand-off desk: what the hand-off screens call, from thread workers.

Like every area desk, each method opens one short session on the desk's context, calls the services in
`frontdesk.handoffs` and hands back plain dataclasses.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from frontdesk.handoffs import views as handoff_views
from frontdesk.handoffs import lifecycle as handoffs
from frontdesk.handoffs import case_view, lists, slip
from frontdesk.i18n import t
from frontdesk.cases.receipt import write_paper
from frontdesk.sealing import passphrase_of
from frontdesk.context import DeskContext



class HandoffDesk:
    def __init__(self, ctx: DeskContext):
        self.ctx = ctx

    # ---- the station's lists -------------------------------------------------------

    def bodies(self, *, include_inactive: bool = False) -> list[lists.BodyChoice]:
        with self.ctx.reading() as session:
            return lists.bodies(session, include_inactive=include_inactive)

    def matters(self, *, include_inactive: bool = False) -> list[lists.MatterChoice]:
        with self.ctx.reading() as session:
            return lists.matters(session, include_inactive=include_inactive)

    def save_body(self, typed: lists.BodyInput, *, body_id: uuid.UUID | None, version: int | None) -> None:
        with self.ctx.writing() as session:
            lists.save_body(session, typed, body_id=body_id, version=version, by=self.ctx.actor)

    def save_matter(self, typed: lists.MatterInput, *, matter_id: uuid.UUID | None, version: int | None) -> None:
        with self.ctx.writing() as session:
            lists.save_matter(session, typed, matter_id=matter_id, version=version, by=self.ctx.actor)

    # ---- a case's hand-offs -------------------------------------------------------------

    def propose(self, case_id: uuid.UUID) -> handoffs.Proposal:
        with self.ctx.reading() as session:
            return handoffs.propose(session, case_id, now=self.ctx.clock())

    def hand_off(self, case_id: uuid.UUID, typed: handoffs.HandoffInput) -> None:
        with self.ctx.writing() as session:
            handoffs.hand_off(session, case_id, typed, by=self.ctx.actor, now=self.ctx.clock())

    def of_case(self, case_id: uuid.UUID) -> list[case_view.HandoffView]:
        with self.ctx.reading() as session:
            return case_view.handoffs_of_case(session, case_id, now=self.ctx.clock())

    def advance(self, handoff_id: uuid.UUID, to: str, *, version: int, their_ref: str | None = None) -> None:
        with self.ctx.writing() as session:
            handoffs.advance(session, handoff_id, to, by=self.ctx.actor, now=self.ctx.clock(),
                             their_ref=their_ref, version=version)

    def return_handoff(self, handoff_id: uuid.UUID, *, reason: str, version: int) -> None:
        with self.ctx.writing() as session:
            handoffs.return_handoff(session, handoff_id, reason=reason, by=self.ctx.actor, now=self.ctx.clock(),
                                    version=version)

    def follow_up(self, handoff_id: uuid.UUID, typed: handoffs.FollowUpInput) -> None:
        with self.ctx.writing() as session:
            handoffs.record_follow_up(session, handoff_id, typed, by=self.ctx.actor, now=self.ctx.clock())

    def write_slip(self, handoff_id: uuid.UUID) -> tuple[Path, Path]:
        """The slip for the receiving body, as text and HTML in the data folder's `slips`."""
        with self.ctx.writing() as session:  # writes the audit event of the full phone number
            reference, lines = slip.slip_lines(session, handoff_id, zone=self.ctx.zone, by=self.ctx.actor)
        on_duty, settings = self.ctx.on_duty, self.ctx.settings
        lines.append((t("slip.desk_phone"), settings.desk_phone or "—"))
        title = t("slip.title", station=on_duty.station_name)
        stem = Path(settings.data_dir) / "slips" / reference.replace("/", "-")
        return write_paper(title, lines, t("slip.closing"), stem, passphrase=passphrase_of(self.ctx.url))

    # ---- queues and figures -----------------------------------------------------------------

    def queue(self, which: str, *, sort: str = "due") -> tuple[list[handoff_views.HandoffRow], dict[str, int]]:
        now = self.ctx.clock()
        with self.ctx.reading() as session:
            rows = handoff_views.queue(session, which, now=now, zone=self.ctx.zone, sort=sort)
            counts = handoff_views.queue_counts(session, now=now, zone=self.ctx.zone)
        return rows, counts

    def figures(self, *, since: datetime, until: datetime) -> handoff_views.HandoffFigures:
        with self.ctx.reading() as session:
            return handoff_views.figures(session, since=since, until=until, now=self.ctx.clock())
