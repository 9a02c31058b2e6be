"""Patrol totals for a period: person-hours per team and volunteer, counters summed; a month of shifts.

The period is this month at first; w this week, m this month, p / n the
period before or after, or type the dates. x writes CSV and XLSX files.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input

from frontdesk.i18n import DeskError, language, t
from frontdesk.patrols.totals import hours, month_view, parse_period, week_of
from frontdesk.timefmt import DATE_FORMAT, local_day, month_of, shift_period
from screens.shell.bounded import BoundedInput
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.name_cuts import ellipsize
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.patrols.totals import MonthView, PatrolTotals

TEAM_CELLS = 18
WEEKDAYS = {"zh": "一二三四五六日", "en": "MTWTFSS"}


class TotalsScreen(DeskScreenBase):
    CSS_PATH = "patrols.tcss"
    HELP_KEY = "patrol.help.totals"
    ESCAPE_LEAVES_TEXT_BOX = True
    AUTO_FOCUS = "#team-totals"

    BINDINGS = [
        Binding("w", "week", "patrol.key.week", tooltip="patrol.key.week.tip", id="patrol_week"),
        Binding("m", "month", "patrol.key.month", tooltip="patrol.key.month.tip", id="patrol_month"),
        Binding("p", "step(-1)", "patrol.key.previous", tooltip="patrol.key.previous.tip", id="patrol_previous"),
        Binding("n", "step(1)", "patrol.key.next", tooltip="patrol.key.next.tip", id="patrol_next"),
        Binding("f", "dates", "patrol.key.dates", tooltip="patrol.key.dates.tip", id="patrol_dates"),
        Binding("g", "month_view", "patrol.key.month_view", tooltip="patrol.key.month_view.tip",
                id="patrol_month_view"),
        Binding("x", "export", "patrol.key.export", tooltip="patrol.key.export.tip", id="patrol_export"),
        Binding("escape", "back", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.totals: PatrolTotals | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="period"):
            yield Label(t("patrol.field.since"), classes="period-label")
            yield BoundedInput(id="since", placeholder="YYYY-MM-DD", compact=True)
            yield Label(t("patrol.field.until"), classes="period-label")
            yield BoundedInput(id="until", placeholder="YYYY-MM-DD", compact=True)
        yield Static(t("detail.loading"), id="totals-summary")
        with Horizontal(id="totals-body"):
            with Vertical(id="totals-left"):
                yield Label(t("patrol.totals.teams"), classes="patrol-section")
                teams = FittedTable(id="team-totals", cursor_type="row", zebra_stripes=True)
                teams.set_columns([
                    ColumnSpec("team", t("patrol.col.team"), priority=0, keep=True),
                    ColumnSpec("shifts", t("patrol.col.shifts_held"), priority=2, minimum=4),
                    ColumnSpec("volunteers", t("patrol.col.volunteers"), priority=3, minimum=4, short=t("patrol.col.volunteers.short")),
                    ColumnSpec("hours", t("patrol.col.hours"), priority=0, keep=True, short=t("patrol.col.hours.short")),
                    ColumnSpec("no_shows", t("patrol.col.no_shows"), priority=4, minimum=4, short=t("patrol.col.no_shows.short")),
                ])
                yield teams
                yield Label(t("patrol.totals.counters"), classes="patrol-section")
                counters = FittedTable(id="counter-totals", cursor_type="row")
                counters.set_columns([
                    ColumnSpec("counter", t("patrol.col.counter"), priority=0, minimum=10),
                    ColumnSpec("total", t("patrol.col.total"), priority=0, keep=True),
                ])
                yield counters
            with Vertical(id="totals-right"):
                yield Label(t("patrol.totals.volunteers"), classes="patrol-section")
                people = FittedTable(id="volunteer-totals", cursor_type="row", zebra_stripes=True)
                people.set_columns([
                    ColumnSpec("name", t("col.name"), priority=0, keep=True),
                    ColumnSpec("team", t("patrol.col.team"), priority=4, minimum=8),
                    ColumnSpec("shifts", t("patrol.col.shifts"), priority=2, minimum=4, short=t("patrol.col.shifts.short")),
                    ColumnSpec("hours", t("patrol.col.hours"), priority=0, keep=True, short=t("patrol.col.hours.short")),
                    ColumnSpec("no_shows", t("patrol.col.no_shows"), priority=3, minimum=4, short=t("patrol.col.no_shows.short")),
                    ColumnSpec("still_out", t("patrol.col.still_out"), priority=1, minimum=4),
                ])
                yield people
        yield DeskFooter()

    def on_mount(self) -> None:
        self.action_month()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < 120, "-narrow")  # the teams' side shares the width with the people

    def _set_period(self, since: date, until: date) -> None:
        self.query_one("#since", Input).value = since.strftime(DATE_FORMAT)
        self.query_one("#until", Input).value = until.strftime(DATE_FORMAT)
        self.action_refresh()

    def period(self) -> tuple[date, date]:
        return parse_period(self.query_one("#since", Input).value, self.query_one("#until", Input).value)

    def _today(self) -> date:
        return local_day(self.app.clock(), self.app.desk.zone)

    def action_week(self) -> None:
        self._set_period(*week_of(self._today()))

    def action_month(self) -> None:
        self._set_period(*month_of(self._today()))

    def action_step(self, step: int) -> None:
        try:
            since, until = self.period()
        except DeskError as error:
            self.query_one("#totals-summary", Static).update(error.message)
            return
        self._set_period(*shift_period(since, until, step))

    def action_dates(self) -> None:
        self.query_one("#since", Input).focus()

    def action_refresh(self) -> None:
        try:
            since, until = self.period()
        except DeskError as error:
            self.query_one("#totals-summary", Static).update(error.message)
            self.add_class("-error")
            return
        self.remove_class("-error")
        patrols = self.app.desk.patrols
        self.read(lambda: patrols.totals(since, until), self.show, refused=self._say_refused)

    @on(Input.Submitted)
    def _dates_typed(self, event: Input.Submitted) -> None:
        if event.input.id == "since":
            self.query_one("#until", Input).focus()
            return
        self.action_refresh()
        self.query_one("#team-totals", DataTable).focus()

    def show(self, totals: PatrolTotals) -> None:
        self.totals = totals
        self.query_one("#totals-summary", Static).update(t(
            "patrol.totals.summary", since=totals.since.isoformat(), until=totals.until.isoformat(),
            shifts=len(totals.shifts), hours=f"{hours(totals.worked):.2f}",
            volunteers=sum(1 for person in totals.volunteers if person.shifts),
            cases=totals.cases))
        self.query_one("#team-totals", FittedTable).set_rows([
            (row.team, str(row.shifts), str(row.volunteers), f"{hours(row.worked):.2f}", str(row.no_shows))
            for row in totals.teams])
        self.query_one("#counter-totals", FittedTable).set_rows(
            [(counter.name, f"{counter.value:,}") for counter in totals.counters])
        self.query_one("#volunteer-totals", FittedTable).set_rows([
            (person.name, person.team, str(person.shifts), f"{hours(person.worked):.2f}",
             str(person.no_shows), str(person.still_out) if person.still_out else "")
            for person in totals.volunteers])

    def _say_refused(self, error: DeskError) -> bool:
        self.query_one("#totals-summary", Static).update(error.message)
        return True

    def action_export(self) -> None:
        try:
            since, until = self.period()
        except DeskError as error:
            self.query_one("#totals-summary", Static).update(error.message)
            return
        self.query_one("#totals-summary", Static).update(t("patrol.export.writing"))
        patrols = self.app.desk.patrols
        self.write(lambda: patrols.export(since, until), self._exported, refused=self._say_refused,
                   notice=_exported_text)

    def _exported(self, paths) -> None:
        self.query_one("#totals-summary", Static).update(_exported_text(paths))

    def action_month_view(self) -> None:
        try:
            since, _until = self.period()
        except DeskError:
            since = self._today()
        self.app.push_screen(MonthScreen(since.year, since.month))

    def action_back(self) -> None:
        if self.query_one("#since", Input).has_focus or self.query_one("#until", Input).has_focus:
            self.query_one("#team-totals", DataTable).focus()
        else:
            self.app.pop_screen()


class MonthScreen(DeskScreenBase):
    """A month of shifts per team: one mark a day, the flagged ones loud."""

    CSS_PATH = "patrols.tcss"
    HELP_KEY = "patrol.help.month"
    AUTO_FOCUS = "#month-teams"

    BINDINGS = [
        Binding("p", "step(-1)", "patrol.key.previous_month", tooltip="patrol.key.previous_month.tip",
                id="patrol_previous_month"),
        Binding("n", "step(1)", "patrol.key.next_month", tooltip="patrol.key.next_month.tip", id="patrol_next_month"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self, year: int, month: int) -> None:
        super().__init__()
        self.year, self.month = year, month
        self.view: MonthView | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("detail.loading"), id="month-title")
        with VerticalScroll(id="month-scroll"):
            yield Static("", id="month-grid")
            yield Static(t("patrol.month.legend"), id="month-legend")
            teams = FittedTable(id="month-teams", cursor_type="row")
            teams.set_columns([
                ColumnSpec("team", t("patrol.col.team"), priority=0, keep=True),
                ColumnSpec("shifts", t("patrol.col.shifts_held"), priority=1, minimum=4),
                ColumnSpec("hours", t("patrol.col.hours"), priority=0, keep=True, short=t("patrol.col.hours.short")),
                ColumnSpec("review_days", t("patrol.col.review_days"), priority=2, minimum=8),
            ])
            yield teams
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        patrols, year, month = self.app.desk.patrols, self.year, self.month

        def month_of_shifts() -> MonthView:
            first, last = month_of(date(year, month, 1))
            return month_view(patrols.totals(first, last).shifts, year, month)

        self.read(month_of_shifts, self.show)

    def show(self, view: MonthView) -> None:
        self.query_one("#month-title", Static).update(
            t("patrol.month.title", month=f"{view.year}-{view.month:02d}", teams=len(view.teams), count=len(view.teams)))
        self.view = view
        self._draw_grid()
        self.query_one("#month-teams", FittedTable).set_rows([
            (team.team, str(team.shifts), f"{hours(team.worked):.2f}", ", ".join(str(day) for day in sorted(team.flagged)))
            for team in view.teams])

    def _draw_grid(self) -> None:
        if self.view is not None:
            width = self.query_one("#month-scroll").content_region.width or self.size.width - 2
            self.query_one("#month-grid", Static).update(month_grid(self.view, width))

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._draw_grid)  # once the scroll has its new width

    def action_step(self, step: int) -> None:
        month = date(self.year, self.month, 1) + timedelta(days=32 * step if step > 0 else -1)
        self.year, self.month = month.year, month.month
        self.load()


def _exported_text(paths) -> str:
    return t("patrol.export.done", count=len(paths), xlsx=str(paths[-1]))


def _pad(text: str, cells: int) -> str:
    """Text padded to `cells` terminal cells (a Chinese character takes two), cut with … if longer."""
    shown = ellipsize(text, cells - 1).plain
    return shown + " " * (cells - cell_len(shown))


def month_grid(view: MonthView, width: int = 10_000) -> Text:
    """Teams down, days across: · no shift, ● one, 2 two, ! flagged for review.

    Where `width` cells cannot hold the whole month, it is shown in blocks of days, one under the other.
    """
    grid = Text(no_wrap=True)
    weekdays = WEEKDAYS["zh" if language() == "zh" else "en"]
    first = date(view.year, view.month, 1)
    per_block = max(7, (width - TEAM_CELLS) // 3)
    blocks = [range(start, min(start + per_block, view.days + 1)) for start in range(1, view.days + 1, per_block)]
    for index, days in enumerate(blocks):
        if index:
            grid.append("\n\n")
        grid.append(" " * TEAM_CELLS)
        for day in days:
            mark = weekdays[(first + timedelta(days=day - 1)).weekday()]
            shown = f" {mark} " if cell_len(mark) == 1 else f"{mark} "
            grid.append(shown, style="bold" if (first.weekday() + day - 1) % 7 >= 5 else "dim")
        grid.append("\n" + " " * TEAM_CELLS)
        for day in days:
            grid.append(f"{day:>2} ", style="bold")
        for team in view.teams:
            grid.append("\n" + _pad(team.team, TEAM_CELLS))
            for day in days:
                count = team.per_day[day - 1]
                if day in team.flagged:
                    grid.append(" ! ", style="bold red")
                elif count == 0:
                    grid.append(" · ", style="dim")
                else:
                    grid.append(" ● " if count == 1 else f" {count} ", style="green")
    return grid
