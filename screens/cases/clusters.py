"""Where and when matters cluster: a period's places and hours by cases per category, against the
period before and the same period a year before, what is rising first; Enter lists a row's cases."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from frontdesk.cases.clusters import RISING_BY, RISING_FROM
from frontdesk.cases.views import category_name
from frontdesk.i18n import language, t
from frontdesk.timefmt import local_text
from screens.cases.series import CaseRowsScreen, SeriesListScreen
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.cases.clusters import ClusterRow

WINDOWS = (30, 7, 90)


def where_or_when(row: ClusterRow) -> str:
    return t("cluster.hour", hour=row.key) if row.kind == "hour" else row.key


def _compared(count: int | None) -> str:
    """A period compared with, or "–" where the station has no case recorded then at all."""
    return "–" if count is None else str(count)


class ClusterScreen(DeskScreenBase):
    HELP_KEY = "help.clusters"
    AUTO_FOCUS = "#clusters"
    DEFAULT_CSS = """
    ClusterScreen #cluster-title { text-style: bold; padding: 1 1 0 1; height: auto; }
    ClusterScreen #clusters { height: 1fr; margin: 1 1 0 1; }
    """
    BINDINGS = [
        Binding("w", "next_window", "key.window", tooltip="key.window.tip", id="window"),
        Binding("s", "series", "key.series_list", tooltip="key.series_list.tip", id="series_list"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.days = WINDOWS[0]
        self.rows: list[ClusterRow] = []
        self.period: tuple[datetime, datetime] | None = None
        self.choices: list = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("detail.loading"), id="cluster-title")
        table = FittedTable(id="clusters", cursor_type="row")
        table.set_columns([ColumnSpec("where", t("cluster.col.where"), keep=True, minimum=8),
                           ColumnSpec("category", t("col.category"), keep=True),
                           ColumnSpec("count", t("cluster.col.count"), keep=True),
                           ColumnSpec("before", t("cluster.col.before"), priority=1, minimum=4),
                           ColumnSpec("year", t("cluster.col.year"), priority=2, minimum=4),
                           ColumnSpec("trend", t("cluster.col.trend"), keep=True)])
        yield table
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        desk = self.app.desk
        end = self.app.clock()
        start = end - timedelta(days=self.days)
        self.period = (start, end)
        self.read(lambda: (desk.series.clusters(start, end), desk.cases.categories(switched_off=True)), self._loaded)

    def _loaded(self, loaded) -> None:
        self.rows, self.choices = loaded
        start, end = self.period
        zone = self.app.desk.zone
        rising = [row for row in self.rows if row.rising]
        title = t("cluster.title", start=local_text(start, zone), end=local_text(end, zone), days=self.days)
        title += "\n" + t("cluster.rising_rule", least=RISING_FROM, more=RISING_BY)
        if rising:
            title += "\n" + t("cluster.rising", what=("、" if language() == "zh" else ", ").join(
                f"{where_or_when(row)} {category_name(self.choices, row.category)}" for row in rising[:3]))
        self.query_one("#cluster-title", Static).update(title)
        self.query_one("#clusters", FittedTable).set_rows(
            [(where_or_when(row), category_name(self.choices, row.category), str(row.count), _compared(row.before),
              _compared(row.year_before), t("cluster.up") if row.rising else "") for row in self.rows])

    def action_next_window(self) -> None:
        self.days = WINDOWS[(WINDOWS.index(self.days) + 1) % len(WINDOWS)]
        self.load()

    def action_series(self) -> None:
        self.app.push_screen(SeriesListScreen())

    @on(DataTable.RowSelected, "#clusters")
    def _open(self, event: DataTable.RowSelected) -> None:
        if self.period is not None and 0 <= event.cursor_row < len(self.rows):
            row = self.rows[event.cursor_row]
            title = t("cluster.cases", what=where_or_when(row), category=category_name(self.choices, row.category))
            self.app.push_screen(ClusterCasesScreen(row, self.period, title))


class ClusterCasesScreen(CaseRowsScreen):
    """The cases behind one row of the cluster view."""

    HELP_KEY = "help.clusters"

    def __init__(self, row: ClusterRow, period: tuple[datetime, datetime], title: str) -> None:
        super().__init__()
        self.row, self.period, self.title_text = row, period, title

    def job(self) -> Callable[[], Any]:
        desk, row, (start, end) = self.app.desk, self.row, self.period
        return lambda: desk.series.cluster_cases(row.kind, row.key, row.category, start, end)

    def title_of(self, loaded: Any) -> str:
        return t("cluster.cases_count", what=self.title_text, count=len(loaded))
