"""The outreach desk: what the list and campaign screens, the desk screen and the statistics call, from thread
workers. Each method opens one short session on the context and hands back plain dataclasses."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from frontdesk.context import DeskContext
from frontdesk.outreach import campaigns, choosing, lists, views
from frontdesk.outreach.export import Exported, export_list
from frontdesk.sealing import passphrase_of
from frontdesk.timefmt import local_day


class OutreachDesk:
    def __init__(self, ctx: DeskContext):
        self.ctx = ctx

    def _today(self) -> date:
        return local_day(self.ctx.clock(), self.ctx.zone)

    # ---- reading ----------------------------------------------------------------------------

    def count_list(self, query: lists.ListQuery) -> lists.ListResult:
        """The list's count and first page (phones and ID numbers masked); DeskError for what cannot be used."""
        with self.ctx.reading() as session:
            expression = lists.read_expression(session, query)
            return lists.first_page(session, expression, today=self._today())

    def tag_choices(self) -> list[choosing.TagChoice]:
        """The tags a list may be made of, each with the word that puts it in a box (the tag picker's)."""
        with self.ctx.reading() as session:
            return choosing.tag_choices(session)

    def campaigns(self, *, running_only: bool = False) -> list[views.CampaignRow]:
        with self.ctx.reading() as session:
            return views.campaigns(session, running_only=running_only)

    def campaign(self, campaign_id: uuid.UUID) -> views.CampaignDetail:
        with self.ctx.reading() as session:
            return views.detail(session, campaign_id, today=self._today())

    def workers(self) -> list[tuple[str, uuid.UUID, str]]:
        with self.ctx.reading() as session:
            return views.workers(session)

    # ---- writing ----------------------------------------------------------------------------

    def start(self, typed: campaigns.CampaignInput, query: lists.ListQuery) -> uuid.UUID:
        ctx = self.ctx
        with ctx.writing() as session:
            return campaigns.start_campaign(session, typed, query, by=ctx.actor, now=ctx.clock(), zone=ctx.zone,
                                            today=self._today()).id

    def assign(self, campaign_id: uuid.UUID, campaign_person_ids: list[uuid.UUID], *,
               officer_id: uuid.UUID | None = None, volunteer_id: uuid.UUID | None = None) -> int:
        with self.ctx.writing() as session:
            return campaigns.assign(session, campaign_id, campaign_person_ids, officer_id=officer_id,
                                    volunteer_id=volunteer_id, by=self.ctx.actor)

    def log_contact(self, campaign_person_id: uuid.UUID, typed: campaigns.ContactInput) -> None:
        with self.ctx.writing() as session:
            campaigns.log_contact(session, campaign_person_id, typed, by=self.ctx.actor, now=self.ctx.clock())

    def finish(self, campaign_id: uuid.UUID) -> None:
        with self.ctx.writing() as session:
            campaigns.finish(session, campaign_id, by=self.ctx.actor, now=self.ctx.clock())

    def export(self, query: lists.ListQuery) -> Exported:
        """The whole list as CSV in the data folder's `exports/`, masked unless the role allows full numbers."""
        ctx = self.ctx
        with ctx.writing() as session:
            return export_list(session, query, folder=Path(ctx.settings.data_dir) / "exports", by=ctx.actor,
                               now=ctx.clock(), today=self._today(), passphrase=passphrase_of(ctx.url))
