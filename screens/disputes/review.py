"""The daily review (每日梳理): open disputes, oldest first, with days open, the last step and the next one due;
overdue ones marked. Each officer sees their own first (m shows all or only mine); Enter opens a dispute."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.disputes.views import ReviewRow


class DisputeReviewScreen(DeskScreenBase):
    CSS_PATH = "disputes.tcss"
    HELP_KEY = "help.disputes"
    AUTO_FOCUS = "#dispute-review"
    GUARDED = {"reassign": "assign_dispute"}

    BINDINGS = [
        Binding("m", "toggle_mine", "dispute.key.mine", tooltip="dispute.key.mine.tip", id="dispute_mine"),
        Binding("g", "reassign", "dispute.key.assign", tooltip="dispute.key.reassign.tip", id="dispute_reassign"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ReviewRow] = []
        #: A supervisor reviews every dispute; a duty officer their own.
        self.mine_only: bool | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("detail.loading"), id="dispute-summary")
        table = FittedTable(id="dispute-review", cursor_type="row", zebra_stripes=True)
        table.set_columns([
            ColumnSpec("ref", t("dispute.col.ref"), keep=True),
            ColumnSpec("title", t("dispute.col.title"), priority=3, minimum=8),
            ColumnSpec("state", t("dispute.col.state"), priority=2),
            ColumnSpec("owner", t("dispute.col.owner"), priority=4, minimum=4),
            ColumnSpec("days", t("dispute.col.days"), keep=True),
            ColumnSpec("last", t("dispute.col.last"), priority=5, minimum=10),
            ColumnSpec("due", t("dispute.col.due"), keep=True)])
        yield table
        yield DeskFooter()

    def on_mount(self) -> None:
        if self.mine_only is None:
            self.mine_only = not self.app.desk.access.may("assign_dispute")
        self.action_refresh()

    def on_screen_resume(self) -> None:
        if self.mine_only is not None:
            self.action_refresh()

    def action_refresh(self) -> None:
        desk, mine = self.app.desk, bool(self.mine_only)
        self.read(lambda: desk.disputes.review(mine_only=mine), self.show, key="dispute-review")

    def action_toggle_mine(self) -> None:
        self.mine_only = not self.mine_only
        self.action_refresh()

    def show(self, rows: list[ReviewRow]) -> None:
        self.rows = rows
        zone = self.app.desk.zone
        overdue = sum(1 for row in rows if row.overdue)
        self.query_one("#dispute-summary", Static).update(t(
            "dispute.summary.mine" if self.mine_only else "dispute.summary.all", count=len(rows), overdue=overdue))
        table = self.query_one("#dispute-review", FittedTable)
        table.set_rows([self._cells(row, zone) for row in rows])

    @staticmethod
    def _cells(row: ReviewRow, zone) -> tuple:
        if row.last_step_at is None:
            last = t("dispute.no_step")
        else:
            last = f"{local_text(row.last_step_at, zone)[5:]} {t(f'dispute.step.{row.last_step_kind}')}"
        due: str | Text = local_text(row.next_step_due, zone)[5:] if row.next_step_due else "—"
        if row.overdue:
            due = Text(f"{due} {t('dispute.overdue')}", style="bold red")
        return (row.ref, row.title, t(f"dispute.state.{row.state}"), row.owner, str(row.days_open), last, due)

    def _current(self) -> ReviewRow | None:
        index = self.query_one("#dispute-review", DataTable).cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def action_reassign(self, message: str = "") -> None:
        """The highlighted dispute to another owner or leader (a supervisor), without leaving the review."""
        row = self._current()
        if row is None:
            return
        desk = self.app.desk
        self.read(lambda: (desk.disputes.detail(row.dispute_id), desk.disputes.officers()),
                  lambda found: self._ask_owner(*found, message), key="dispute-reassign")

    def _ask_owner(self, detail, officers: list, message: str) -> None:
        from screens.disputes.dialogs import AssignDialog

        dialog = AssignDialog(detail.ref, officers, owner_id=detail.owner_id, leader_id=detail.leader_id,
                              message=message)
        self.app.push_screen(dialog, lambda chosen: self._reassign(detail, chosen))

    def _reassign(self, detail, chosen: tuple | None) -> None:
        if chosen is None:
            return
        owner_id, leader_id = chosen
        desk = self.app.desk

        def refused(error: DeskError) -> bool:
            self.action_refresh()
            self.notify(error.message, severity="warning", timeout=8)
            return True

        def done(_result: object) -> None:
            self.notify(t("dispute.assign.saved", ref=detail.ref), timeout=6)
            self.action_refresh()

        self.write(lambda: desk.disputes.assign(detail.dispute_id, owner_id=owner_id, leader_id=leader_id,
                                                version=detail.version),
                   done, refused=refused, notice=t("dispute.assign.saved", ref=detail.ref))

    @on(DataTable.RowSelected, "#dispute-review")
    def _open(self, event: DataTable.RowSelected) -> None:
        from screens.disputes.detail import DisputeScreen

        index = event.cursor_row
        if 0 <= index < len(self.rows):
            self.app.push_screen(DisputeScreen(self.rows[index].dispute_id))
