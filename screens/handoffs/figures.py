"""Hand-off figures for a period: how many, how many called back, satisfaction, backflow, per body."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import DATE_FORMAT, day_start, local_day, month_of, parse_day, shift_period
from screens.shell.bounded import BoundedInput
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.handoffs.views import HandoffFigures


def percent(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


class HandoffFiguresScreen(DeskScreenBase):
    CSS_PATH = "figures.tcss"
    HELP_KEY = "help.handoff_figures"
    AUTO_FOCUS = "#bodies"

    BINDINGS = [
        Binding("left_square_bracket", "month(-1)", "key.month_back", tooltip="key.month_back.tip", id="month_back"),
        Binding("right_square_bracket", "month(1)", "key.month_on", tooltip="key.month_on.tip", id="month_on"),
        Binding("p", "period", "key.period", tooltip="key.period.tip", id="period"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "back", "key.back", id="back"),
    ]

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="period-fields"):
            with Vertical(classes="filter date"):
                yield Label(t("list.from"))
                yield BoundedInput(id="period-from")
            with Vertical(classes="filter date"):
                yield Label(t("list.to"))
                yield BoundedInput(id="period-to")
        yield Static(t("detail.loading"), id="figures-summary")
        table = FittedTable(id="bodies", cursor_type="row", zebra_stripes=True)
        table.set_columns([
            ColumnSpec("body", t("col.body"), priority=0, minimum=12, names=True),
            ColumnSpec("handed", t("fig.handed"), priority=1, minimum=4),
            ColumnSpec("done", t("fig.done"), priority=2, minimum=4),
            ColumnSpec("overdue", t("fig.overdue"), priority=1, minimum=4),
            ColumnSpec("returned", t("fig.returned"), priority=3, minimum=4),
            ColumnSpec("hours", t("fig.hours_to_done"), priority=4, minimum=8, short=t("fig.hours_to_done.short")),
        ])
        yield table
        yield Static(t("fig.legend"), id="figures-legend")
        yield DeskFooter()

    def on_mount(self) -> None:
        self._set_period(*month_of(local_day(self.app.clock(), self.app.desk.zone)))

    def _set_period(self, first: date, last: date) -> None:
        self.query_one("#period-from", Input).value = first.strftime(DATE_FORMAT)
        self.query_one("#period-to", Input).value = last.strftime(DATE_FORMAT)
        self.action_refresh()

    def period(self) -> tuple[date, date]:
        """The typed period; DeskError if a date cannot be read or the end is before the start."""
        first = parse_day(self.query_one("#period-from", Input).value)
        last = parse_day(self.query_one("#period-to", Input).value)
        if last < first:
            raise DeskError("fig.bad_period")
        return first, last

    def action_refresh(self) -> None:
        try:
            first, last = self.period()
        except DeskError as error:
            self.query_one("#figures-summary", Static).update(Text(error.message, style="bold red"))
            return
        zone = self.app.desk.zone
        since, until = day_start(first, zone), day_start(last + timedelta(days=1), zone)
        handoffs = self.app.desk.handoffs
        self.read(lambda: handoffs.figures(since=since, until=until), self.show)

    def show(self, figures: HandoffFigures) -> None:
        f = figures
        self.query_one("#figures-summary", Static).update(t(
            "fig.summary",
            non_police=f"{f.non_police:,}",
            handed=f"{f.handed_off:,}", handed_share=percent(f.handed_off, f.non_police),
            followed=f"{f.followed_up:,}", followed_share=percent(f.followed_up, f.handed_off),
            satisfied=f"{f.satisfied:,}", rated=f"{f.rated:,}", satisfaction=percent(f.satisfied, f.rated),
            backflow=f"{f.backflow:,}", backflow_share=percent(f.backflow, f.handed_off),
        ))
        rows = []
        for body in f.bodies:
            hours = "—" if body.hours_to_done is None else t("fig.hours", hours=f"{body.hours_to_done:.1f}")
            overdue = Text(str(body.overdue), style="bold red" if body.overdue else "")
            rows.append((body.body, str(body.handed), str(body.done), overdue, str(body.returned), hours))
        self.query_one("#bodies", FittedTable).set_rows(rows)

    def action_month(self, step: int) -> None:
        try:
            first, last = self.period()
        except DeskError:  # a period that cannot be used: move from the month of its first day, or today's
            try:
                first, last = month_of(parse_day(self.query_one("#period-from", Input).value))
            except DeskError:
                first, last = month_of(local_day(self.app.clock(), self.app.desk.zone))
        self._set_period(*shift_period(first, last, step))

    def action_period(self) -> None:
        self.query_one("#period-from", Input).focus()

    @on(Input.Submitted)
    def _typed(self) -> None:
        self.action_refresh()
        self.query_one("#bodies", DataTable).focus()

    def action_back(self) -> None:
        if not self.query_one("#bodies", DataTable).has_focus:
            self.query_one("#bodies", DataTable).focus()
        else:
            self.app.pop_screen()
