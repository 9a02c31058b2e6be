"""F8: statistics for a period, each figure compared with the same period a year before.

The period is this month at first; [ and ] move it by its own length, p goes to
the dates, s chooses the site, e writes CSV and XLSX files. The figures are
counted in a thread worker; the charts are drawn by textual-plotext with only
digits inside the plot (a Chinese name is two cells wide and plotext counts
one), the names stay in the tables beside them; narrow, where the charts stand in
place of the tables, a line under the bars says which number is which category.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from frontdesk.i18n import DeskError, t
from frontdesk.reports.statistics import (
    NIGHT_FROM, NIGHT_UNTIL, Compared, parse_period, value_text, year_on_year,
)
from frontdesk.timefmt import DATE_FORMAT, local_day, month_of, parse_day, shift_period
from screens.shell.bounded import BoundedInput
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.cases.dialogs import DeskDialog
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, OptionList, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.reports.statistics import Statistics

#: The two series: this period, and the same period a year before (RGB, the same in every theme).
NOW_COLOUR, BEFORE_COLOUR = (64, 156, 255), (150, 150, 150)
#: What the site choice answers for "all sites" (a site code never holds a star).
ALL_SITES = "*"


def _rgb(colour: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*colour)


class StatisticsScreen(DeskScreenBase):
    GUARDED = {"import_cases": "import_cases"}
    CSS_PATH = "statistics.tcss"
    HELP_KEY = "help.statistics"
    ESCAPE_LEAVES_TEXT_BOX = True
    AUTO_FOCUS = "#stats-figures"

    # In the order the footer keeps them (screens.shell.footer): at 80 columns, in both languages, the period's
    # keys, the import (the way in to it a new officer looks for) and the charts (offered narrow only) show. In
    # English the period's keys say "Prior" and "Next": with "Earlier" and "Later" the charts' key was a column short.
    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", "stats.key.back", tooltip="stats.key.back.tip", id="stats_back"),
        Binding("right_square_bracket", "step(1)", "stats.key.on", tooltip="stats.key.on.tip", id="stats_on"),
        Binding("p", "dates", "stats.key.period", tooltip="stats.key.period.tip", id="stats_period"),
        Binding("i", "import_cases", "stats.key.import", tooltip="import.area.tip", id="stats_import"),
        Binding("c", "charts", "stats.key.charts", tooltip="stats.key.charts.tip", id="stats_charts"),
        Binding("s", "site", "stats.key.site", tooltip="stats.key.site.tip", id="stats_site"),
        Binding("e", "export", "stats.key.export", tooltip="stats.key.export.tip", id="stats_export"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "back", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.site: str | None = None
        self.stats: Statistics | None = None
        self.wanted: tuple[date, date, str | None] | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="stats-period"):
            yield Label(t("stats.field.since"), classes="stats-label")
            yield BoundedInput(id="stats-since", placeholder="YYYY-MM-DD", compact=True)
            yield Label(t("stats.field.until"), classes="stats-label")
            yield BoundedInput(id="stats-until", placeholder="YYYY-MM-DD", compact=True)
            yield Label(t("stats.field.site"), classes="stats-label")
            yield Label(t("stats.all_sites"), id="stats-site")
        yield Static(t("stats.loading"), id="stats-title")
        with Horizontal(id="stats-body"):
            with VerticalScroll(id="stats-tables"):
                for name, first in (("figures", "stats.col.figure"), ("categories", "stats.col.category"),
                                    ("channels", "stats.col.channel"), ("campaigns", "stats.col.campaign")):
                    if name != "figures":
                        yield Label(t(f"stats.section.{name}"), classes="stats-section", id=f"stats-{name}-label")
                    table = FittedTable(id=f"stats-{name}", cursor_type="row", zebra_stripes=True,
                                        classes="stats-table")
                    table.set_columns(_columns(first, numbered=name == "categories"))
                    yield table
            with Vertical(id="stats-charts"):
                yield Label(t("stats.chart.categories"), classes="stats-section")
                yield PlotextPlot(id="stats-chart-categories", classes="stats-chart")
                # (narrow, the charts stand in place of the table whose numbers name the bars: said here)
                yield Static("", id="stats-chart-key")
                yield Label(t("stats.chart.hours"), classes="stats-section")
                yield PlotextPlot(id="stats-chart-hours", classes="stats-chart")
                yield Static(self._legend(), id="stats-legend")
        yield Static(t("stats.night_rule", start=f"{NIGHT_FROM:02d}:00", end=f"{NIGHT_UNTIL:02d}:00"),
                     id="stats-rule")
        yield DeskFooter()

    @staticmethod
    def _legend() -> Text:
        legend = Text()
        legend.append("██", style=_rgb(NOW_COLOUR))
        legend.append(f" {t('stats.legend')}   ")
        legend.append("██", style=_rgb(BEFORE_COLOUR))
        legend.append(f" {t('stats.legend.before')}")
        return legend

    def on_mount(self) -> None:
        for selector in ("#stats-campaigns", "#stats-campaigns-label"):
            self.query_one(selector).display = False  # until a period's outreach reached someone
        self._set_period(*month_of(self._today()))

    def on_resize(self, event: events.Resize) -> None:
        """Narrow, the tables take the width and c shows the charts in their place (and back)."""
        narrow = event.size.width < 120
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.remove_class("-charts")
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "charts":
            return self.has_class("-narrow")
        return super().check_action(action, parameters)

    def action_charts(self) -> None:
        self.toggle_class("-charts")
        if not self.has_class("-charts"):
            self.query_one("#stats-figures", DataTable).focus()

    def _today(self) -> date:
        return local_day(self.app.clock(), self.app.desk.zone)

    def _set_period(self, since: date, until: date) -> None:
        self.query_one("#stats-since", Input).value = since.strftime(DATE_FORMAT)
        self.query_one("#stats-until", Input).value = until.strftime(DATE_FORMAT)
        self.action_refresh()

    def period(self) -> tuple[date, date]:
        """The typed period; DeskError in the officer's words if it cannot be used."""
        return parse_period(self.query_one("#stats-since", Input).value, self.query_one("#stats-until", Input).value)

    def complain(self, message: str) -> None:
        self.query_one("#stats-title", Static).update(Text(message, style="bold red"))

    def action_refresh(self) -> None:
        try:
            since, until = self.period()
        except DeskError as error:
            self.complain(error.message)
            return
        self.wanted = (since, until, self.site)
        self.query_one("#stats-title", Static).update(t("stats.loading"))
        statistics, site = self.app.desk.statistics, self.site
        self.read(lambda: statistics.figures(since, until, site=site), self.show, refused=self._refused)

    def _refused(self, error: DeskError) -> bool:
        self.complain(error.message)
        return True

    # ---- showing the figures ------------------------------------------------------------------

    def show(self, stats: Statistics) -> None:
        if self.wanted != (stats.now.since, stats.now.until, stats.site):
            return  # an earlier period's figures, finished after the officer moved on
        self.stats = stats
        now, before = stats.now, stats.before
        self.query_one("#stats-title", Static).update(t(
            "stats.title", since=now.since.isoformat(), until=now.until.isoformat(),
            site=t("stats.site", site=stats.site) if stats.site else t("stats.all_sites"),
            before_since=before.since.isoformat(), before_until=before.until.isoformat()))
        self._fill("#stats-figures", stats.summary())
        self._fill("#stats-categories", stats.by_category(), numbered=True)
        self._fill("#stats-channels", stats.by_channel())
        campaigns = stats.by_campaign()  # shown only when outreach reached someone in either period
        self._fill("#stats-campaigns", campaigns)
        for selector in ("#stats-campaigns", "#stats-campaigns-label"):
            self.query_one(selector).display = bool(campaigns)
        self._draw_categories(stats)
        self._draw_hours(stats)

    def _fill(self, selector: str, rows: list[Compared], *, numbered: bool = False) -> None:
        cells = []
        for number, row in enumerate(rows, start=1):
            label: str | Text = row.label
            if row.note:  # counted for every site, whatever site is chosen: marked, said under the title
                label = Text.assemble(label, (" *", "bold"))
            figures = (label, value_text(row.now, row.unit), value_text(row.before, row.unit),
                       year_on_year(row, short=True))
            cells.append((Text(str(number), justify="right"), *figures) if numbered else figures)
        self.query_one(selector, FittedTable).set_rows(cells)

    def _draw_categories(self, stats: Statistics) -> None:
        rows = stats.by_category()
        plot = self.query_one("#stats-chart-categories", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        ticks = [str(number) for number in range(1, len(rows) + 1)]
        now, before = [row.now or 0 for row in rows], [row.before or 0 for row in rows]
        plt.multiple_bar(ticks, [now, before], color=[NOW_COLOUR, BEFORE_COLOUR], width=0.5)
        _whole_ticks(plt, max(now + before, default=0))
        plot.refresh()
        self.query_one("#stats-chart-key", Static).update(
            Text(t("stats.chart.key", names=" · ".join(f"{tick} {row.label}" for tick, row in zip(ticks, rows)))))

    def _draw_hours(self, stats: Statistics) -> None:
        rows = stats.by_hour()
        plot = self.query_one("#stats-chart-hours", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        hours = list(range(24))
        plt.plot(hours, [row.before or 0 for row in rows], color=BEFORE_COLOUR, marker="braille")
        plt.plot(hours, [row.now or 0 for row in rows], color=NOW_COLOUR, marker="braille")
        plt.xticks([0, 4, 8, 12, 16, 20, 23], ["0", "4", "8", "12", "16", "20", "23"])
        plt.xlim(0, 23)
        _whole_ticks(plt, max([row.now or 0 for row in rows] + [row.before or 0 for row in rows]))
        plt.vline(NIGHT_UNTIL, BEFORE_COLOUR)
        plt.vline(NIGHT_FROM, BEFORE_COLOUR)
        plot.refresh()

    # ---- the period ---------------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        try:
            since, until = self.period()
        except DeskError:  # a period that cannot be used: move from the month of its first day, or today's
            try:
                since, until = month_of(parse_day(self.query_one("#stats-since", Input).value))
            except DeskError:
                since, until = month_of(self._today())
        self._set_period(*shift_period(since, until, step))

    def action_dates(self) -> None:
        self.query_one("#stats-since", Input).focus()

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        if event.input.id == "stats-since":
            try:
                parse_day(event.value)
            except DeskError as error:
                self.complain(error.message)  # said now, the cursor still in it, not after the second date
                return
            self.query_one("#stats-until", Input).focus()
            return
        try:
            self.period()
        except DeskError as error:
            self.complain(error.message)  # the typed dates stay as they are, the cursor in them
            return
        self.action_refresh()
        self.query_one("#stats-figures", DataTable).focus()

    # ---- the site -----------------------------------------------------------------------------

    def action_site(self) -> None:
        self.read(self.app.desk.statistics.sites, self._choose_site, key="sites", refused=self._refused)

    def _choose_site(self, sites: list[tuple[str, str]]) -> None:
        def chosen(code: str | None) -> None:
            if code is None:
                return
            self.site = None if code == ALL_SITES else code
            self.query_one("#stats-site", Label).update(self.site or t("stats.all_sites"))
            self.action_refresh()

        self.app.push_screen(SiteChoiceScreen(sites, self.site), chosen)

    # ---- export ---------------------------------------------------------------------------------

    def action_import_cases(self) -> None:
        from screens.intake.logbook import CaseImportScreen

        self.app.push_screen(CaseImportScreen())

    def action_export(self) -> None:
        try:
            since, until = self.period()
        except DeskError as error:
            self.complain(error.message)
            return
        self.query_one("#stats-title", Static).update(t("stats.export.writing"))
        statistics, site = self.app.desk.statistics, self.site
        self.write(lambda: statistics.export(since, until, site=site), self._exported, refused=self._refused,
                   notice=_exported_text)

    def _exported(self, paths) -> None:
        self.query_one("#stats-title", Static).update(_exported_text(paths))

    def action_back(self) -> None:
        figures = self.query_one("#stats-figures", DataTable)
        if isinstance(self.focused, Input):
            figures.focus()
        else:
            self.app.pop_screen()


def _columns(first: str, *, numbered: bool) -> list[ColumnSpec]:
    """A table's columns: what is counted, this period, a year before, year on year. The categories' table
    numbers its rows in a column of their own (the bars' numbers), and its names, the station's own and often
    long and alike ("Housing - residential property management dispute"), give way to the year before and the
    year on year at 80 columns, cut where two differ; kept whole, with the number, they pushed both off."""
    numbers = [ColumnSpec("number", t("stats.col.bar"), priority=0, keep=True)] if numbered else []
    label = (ColumnSpec("label", t(first), priority=0, minimum=12, names=True) if numbered
             else ColumnSpec("label", t(first), priority=0, keep=True))
    return [*numbers, label,
            ColumnSpec("now", t("stats.col.now"), priority=0, keep=True),
            ColumnSpec("before", t("stats.col.before"), priority=1, minimum=6),
            ColumnSpec("yoy", t("stats.col.yoy"), priority=2, minimum=10)]


def _exported_text(paths) -> str:
    return t("stats.export.done", count=len(paths), xlsx=str(paths[-1]))


def _whole_ticks(plt, highest: float) -> None:
    """Counts on the y axis as whole numbers, at most four of them (plotext would write 0.67, 1.33…): the charts
    at 80×24 have four rows, and two counts on one row were drawn one or the other from one run to the next."""
    step = max(1, -(-int(highest) // 3))
    plt.ylim(0, max(1, step * (-(-int(highest) // step))))
    plt.yticks(list(range(0, int(highest) + step + 1, step)))


class SiteChoiceScreen(DeskDialog):
    """All sites, or one of them."""

    AUTO_FOCUS = "#stats-site-choice"
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(self, sites: list[tuple[str, str]], current: str | None) -> None:
        super().__init__()
        self.sites, self.current = sites, current

    def compose(self) -> ComposeResult:
        options = [Option(t("stats.all_sites"), id=ALL_SITES)]
        options += [Option(f"{code}  {name}".rstrip(), id=code) for code, name in self.sites]
        with Vertical(classes="dialog"):
            yield Label(t("stats.site_choice.title"), classes="dialog-title")
            yield OptionList(*options, id="stats-site-choice")
            yield Label(t("stats.site_choice.keys"), classes="dialog-keys")

    def on_mount(self) -> None:
        choice = self.query_one(OptionList)
        codes = [None] + [code for code, _name in self.sites]
        choice.highlighted = codes.index(self.current) if self.current in codes else 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
