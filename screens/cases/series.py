"""Series (串并): choosing the series a case joins, and a series' own view (its name and cases)."""

from __future__ import annotations

import uuid
from importlib import import_module
from typing import TYPE_CHECKING, Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input
from textual.widgets.option_list import Option

from frontdesk.cases.views import category_name
from frontdesk.i18n import t
from frontdesk.timefmt import local_text
from frontdesk.vocab import label
from screens.shell.bounded import BoundedInput
from screens.cases.dialogs import DeskDialog
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, OptionList, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.cases.series import SeriesCaseRow, SeriesRow

NAME_MOST = 80


def open_case(app, case_id: uuid.UUID) -> None:
    """Push the case's own screen. Found by name, as the area keys find theirs: the case screen shows the
    similar-cases panel, which opens series, which open cases — a circle if imported."""
    app.push_screen(import_module("screens.cases.detail").CaseDetailScreen(case_id))


class SeriesPickScreen(DeskDialog):
    """A new series (type its name, Enter) or one already started (Enter on it in the list)."""

    AUTO_FOCUS = "#series-name"
    BINDINGS = [Binding("ctrl+s", "done", "key.save", id="done"),
                Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(self, case_no: str, known: list[SeriesRow]) -> None:
        super().__init__()
        self.case_no = case_no
        self.known = known

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("series.pick.title", case_no=self.case_no), classes="dialog-title")
            yield Label(t("series.pick.new"))
            yield BoundedInput(id="series-name", max_length=NAME_MOST)
            if self.known:
                yield Label(t("series.pick.known"))
                yield OptionList(*[Option(t("series.pick.row", name=row.name, count=row.cases), id=str(row.id))
                                   for row in self.known], id="series-known", compact=True)
            yield Static("", classes="dialog-message")
            yield Label(t("series.pick.keys"), classes="dialog-keys")

    def on_input_submitted(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        name = self.query_one("#series-name", Input).value.strip()
        if not name:
            self.complain(t("series.name_needed"))
            return
        self.dismiss(("new", name))

    @on(OptionList.OptionSelected, "#series-known")
    def _known(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("add", uuid.UUID(event.option.id)))


class CaseRowsScreen(DeskScreenBase):
    """A titled list of cases (a series, a cluster's row); Enter opens the highlighted one."""

    HELP_KEY = "help.case_rows"
    AUTO_FOCUS = "#case-rows"
    DEFAULT_CSS = """
    CaseRowsScreen #case-rows-title { text-style: bold; padding: 1 1 0 1; height: auto; }
    CaseRowsScreen #case-rows { height: 1fr; margin: 1 1 0 1; }
    """
    BINDINGS = [Binding("escape", "app.pop_screen", "key.back", id="back")]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SeriesCaseRow] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("detail.loading"), id="case-rows-title")
        table = FittedTable(id="case-rows", cursor_type="row")
        table.set_columns([ColumnSpec("case_no", t("col.case_no"), keep=True),
                           ColumnSpec("received", t("col.received"), keep=True),
                           ColumnSpec("category", t("col.category"), priority=3, minimum=6, names=True),
                           ColumnSpec("status", t("col.status"), keep=True),  # where each case stands: never cut
                           ColumnSpec("place", t("field.place"), priority=1, minimum=8),
                           ColumnSpec("summary", t("col.summary"), priority=1, minimum=8)])
        yield table
        yield DeskFooter()

    def on_mount(self) -> None:
        desk, job = self.app.desk, self.job()
        self.read(lambda: (job(), desk.cases.categories(switched_off=True)), lambda loaded: self.fill(*loaded))

    def job(self) -> Callable[[], Any]:
        raise NotImplementedError

    def title_of(self, loaded: Any) -> str:
        raise NotImplementedError

    def cases_of(self, loaded: Any) -> list[SeriesCaseRow]:
        return loaded

    def fill(self, loaded: Any, choices) -> None:
        self.rows = self.cases_of(loaded)
        zone = self.app.desk.zone
        self.query_one("#case-rows-title", Static).update(self.title_of(loaded))
        self.query_one("#case-rows", FittedTable).set_rows(
            [(row.case_no, local_text(row.received_at, zone), category_name(choices, row.category),
              label("status", row.status), row.place, row.summary) for row in self.rows])

    @on(DataTable.RowSelected, "#case-rows")
    def _open(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.rows):
            open_case(self.app, self.rows[event.cursor_row].case_id)


class SeriesScreen(CaseRowsScreen):
    """One series: its name and its cases, earliest first."""

    HELP_KEY = "help.series"

    def __init__(self, series_id: uuid.UUID) -> None:
        super().__init__()
        self.series_id = series_id

    def job(self) -> Callable[[], Any]:
        desk, series_id = self.app.desk, self.series_id
        return lambda: desk.series.series_detail(series_id)

    def title_of(self, loaded) -> str:
        return t("series.title", name=loaded.name, count=len(loaded.cases))

    def cases_of(self, loaded) -> list[SeriesCaseRow]:
        return loaded.cases


class SeriesListScreen(DeskScreenBase):
    """Every series, the latest changed first; Enter opens one."""

    HELP_KEY = "help.series"
    AUTO_FOCUS = "#series-list"
    DEFAULT_CSS = """
    SeriesListScreen #series-list-title { text-style: bold; padding: 1 1 0 1; height: auto; }
    SeriesListScreen #series-list { height: 1fr; margin: 1 1 0 1; }
    """
    BINDINGS = [Binding("escape", "app.pop_screen", "key.back", id="back")]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SeriesRow] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("series.list.title"), id="series-list-title")
        table = FittedTable(id="series-list", cursor_type="row")
        table.set_columns([ColumnSpec("name", t("series.col.name"), keep=True),
                           ColumnSpec("cases", t("col.cases"), keep=True)])
        yield table
        yield DeskFooter()

    def on_mount(self) -> None:
        self.read(self.app.desk.series.series_list, self._loaded)

    def _loaded(self, rows: list[SeriesRow]) -> None:
        self.rows = rows
        self.query_one("#series-list-title", Static).update(t("series.list.title") if rows else t("series.list.none"))
        self.query_one("#series-list", FittedTable).set_rows([(row.name, str(row.cases)) for row in rows])

    @on(DataTable.RowSelected, "#series-list")
    def _open(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.rows):
            self.app.push_screen(SeriesScreen(self.rows[event.cursor_row].id))
