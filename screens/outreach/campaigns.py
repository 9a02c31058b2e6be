"""Outreach (alt+o): the campaigns, running first, each with its progress; n makes a list by tag (and a
campaign from it), Enter opens a campaign."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from frontdesk.i18n import t
from frontdesk.timefmt import local_text
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.outreach.views import CampaignRow


class OutreachScreen(DeskScreenBase):
    CSS_PATH = "outreach.tcss"
    HELP_KEY = "help.outreach"
    AUTO_FOCUS = "#outreach-campaigns"

    BINDINGS = [
        Binding("n", "new_list", "outreach.key.list", tooltip="outreach.key.list.tip", id="outreach_list"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CampaignRow] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("detail.loading"), id="outreach-summary")
        table = FittedTable(id="outreach-campaigns", cursor_type="row", zebra_stripes=True)
        table.set_columns([
            ColumnSpec("title", t("outreach.col.title"), priority=0, minimum=10),
            ColumnSpec("state", t("outreach.col.campaign_state"), keep=True),
            ColumnSpec("people", t("outreach.col.people"), keep=True),
            ColumnSpec("contacted", t("outreach.col.contacted"), keep=True),
            ColumnSpec("reached", t("outreach.col.reached"), keep=True),
            ColumnSpec("follow_ups", t("outreach.col.follow_ups"), priority=1, minimum=4),
            ColumnSpec("started", t("outreach.col.started"), priority=3, minimum=11),
            ColumnSpec("ref", t("outreach.col.ref"), priority=4, minimum=18)])
        yield table
        yield DeskFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        outreach = self.app.desk.outreach
        self.read(outreach.campaigns, self.show, key="outreach-campaigns")

    def show(self, rows: list[CampaignRow]) -> None:
        self.rows = rows
        zone = self.app.desk.zone
        running = sum(1 for row in rows if row.state == "running")
        self.query_one("#outreach-summary", Static).update(
            t("outreach.summary", count=len(rows), running=running) if rows else t("outreach.summary.none"))
        self.query_one("#outreach-campaigns", FittedTable).set_rows([
            (row.title, t(f"outreach.state.{row.state}"), str(row.progress.people), str(row.progress.contacted),
             str(row.progress.reached), str(row.progress.follow_ups), local_text(row.started_at, zone)[:10],
             row.ref) for row in rows])

    def action_new_list(self) -> None:
        from screens.outreach.lists import ListScreen

        self.app.push_screen(ListScreen())

    @on(DataTable.RowSelected, "#outreach-campaigns")
    def _open(self, event: DataTable.RowSelected) -> None:
        from screens.outreach.campaign import CampaignScreen

        index = event.cursor_row
        if 0 <= index < len(self.rows):
            self.app.push_screen(CampaignScreen(self.rows[index].campaign_id))
