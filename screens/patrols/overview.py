"""F6: the volunteer patrols — recent and coming shifts; start one, open one, the roster, the totals."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from frontdesk.i18n import t
from frontdesk.patrols.totals import hours
from frontdesk.timefmt import local_text
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.patrols.desk import ShiftList, StartChoices
    from frontdesk.patrols.views import ShiftRow


def shift_state(row) -> Text:
    """A shift's state as the lists show it, the review flag loud."""
    text = Text(t(f"patrol.state.{row.state}"), style="green" if row.state == "on_patrol" else "")
    if row.needs_review:
        text.append(" · " + t("patrol.review_flag"), style="bold red")
    return text


class PatrolScreen(DeskScreenBase):
    CSS_PATH = "patrols.tcss"
    HELP_KEY = "patrol.help.list"
    AUTO_FOCUS = "#shifts"

    BINDINGS = [
        Binding("n", "start_shift", "patrol.key.start", tooltip="patrol.key.start.tip", id="patrol_start"),
        Binding("r", "roster", "patrol.key.roster", tooltip="patrol.key.roster.tip", id="patrol_roster"),
        Binding("t", "totals", "patrol.key.totals", tooltip="patrol.key.totals.tip", id="patrol_totals"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="patrol.key.reload.tip", id="refresh"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: tuple[ShiftRow, ...] = ()

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("detail.loading"), id="patrol-summary")
        table = FittedTable(id="shifts", cursor_type="row", zebra_stripes=True)
        table.set_columns([
            ColumnSpec("date", t("patrol.col.date"), priority=0, keep=True),
            ColumnSpec("team", t("patrol.col.team"), priority=0, keep=True),
            ColumnSpec("planned", t("patrol.col.planned"), priority=0, keep=True),
            ColumnSpec("state", t("patrol.col.state"), priority=0, keep=True),
            ColumnSpec("came", t("patrol.col.came"), priority=2, minimum=4),
            ColumnSpec("no_shows", t("patrol.col.no_shows"), priority=4, minimum=4, short=t("patrol.col.no_shows.short")),
            ColumnSpec("hours", t("patrol.col.hours"), priority=3, minimum=5, short=t("patrol.col.hours.short")),
            ColumnSpec("cases", t("patrol.col.cases"), priority=5, minimum=4),
            ColumnSpec("area", t("patrol.field.area"), priority=6, minimum=8),
        ])
        yield table
        yield DeskFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.read(self.app.desk.patrols.shifts, self.show)

    def show(self, shifts: ShiftList) -> None:
        zone = self.app.desk.zone
        table = self.query_one("#shifts", FittedTable)
        current = self._current()
        self.rows = shifts.rows
        cells = []
        for row in shifts.rows:
            planned = f"{local_text(row.planned_start, zone)[11:]}–{local_text(row.planned_end, zone)[11:]}"
            cells.append((row.shift_date.isoformat(), row.team, planned, shift_state(row),
                          f"{row.checked_in}/{row.listed}", str(row.no_shows), f"{hours(row.worked):.2f}",
                          str(row.cases), row.area))
        table.set_rows(cells)
        for index, row in enumerate(shifts.rows):
            if current is not None and row.shift_id == current.shift_id:
                table.move_cursor(row=index)
        flagged = sum(1 for row in shifts.rows if row.needs_review)
        summary = t("patrol.list.summary", since=shifts.since.isoformat(), until=shifts.until.isoformat(),
                    count=len(shifts.rows), flagged=flagged)
        if shifts.closed_now:
            summary += "  " + t("patrol.list.closed_now", count=shifts.closed_now)
        self.query_one("#patrol-summary", Static).update(summary)

    def _current(self) -> ShiftRow | None:
        row = self.query_one("#shifts", DataTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    @on(DataTable.RowSelected, "#shifts")
    def _open(self) -> None:
        current = self._current()
        if current is not None:
            self.open_shift(current.shift_id)

    def open_shift(self, shift_id: uuid.UUID) -> None:
        from screens.patrols.shift import ShiftScreen

        self.app.push_screen(ShiftScreen(shift_id))

    def action_start_shift(self) -> None:
        self.read(self.app.desk.patrols.start_choices, self._start_form, key="start_choices")

    def _start_form(self, choices: StartChoices) -> None:
        from screens.patrols.dialogs import StartShiftScreen

        if not choices.teams:
            self.notify(t("patrol.no_teams"), severity="warning", timeout=6)
            return
        patrols = self.app.desk.patrols

        def started(shift_id: uuid.UUID | None) -> None:
            if shift_id is not None:
                self.open_shift(shift_id)

        self.app.push_screen(StartShiftScreen(choices, officer_id=self.app.desk.on_duty.officer_id,
                                              save=patrols.start_shift), started)

    def action_roster(self) -> None:
        from screens.patrols.roster import RosterScreen

        self.app.push_screen(RosterScreen())

    def action_totals(self) -> None:
        from screens.patrols.totals import TotalsScreen

        self.app.push_screen(TotalsScreen())

    def on_screen_resume(self) -> None:
        self.action_refresh()
