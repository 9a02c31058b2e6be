"""F4: cases, today's by default; filter by status, category and dates; sort; open one."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from frontdesk.cases.views import SORTS, VOID, CaseFilter, category_name
from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import DATE_FORMAT, day_start, local_day, local_text, parse_day
from frontdesk.vocab import STATUSES, label
from screens.shell.bounded import BoundedInput
from screens.shell.base import DeskScreenBase
from screens.shell.choices import NumberedSelect
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Select, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.cases.views import CaseRow, CategoryChoice

SORT_ORDER = list(SORTS)


class CaseListScreen(DeskScreenBase):
    CSS_PATH = "listing.tcss"
    HELP_KEY = "help.case_list"
    ESCAPE_LEAVES_TEXT_BOX = True
    AUTO_FOCUS = "#case-table"

    BINDINGS = [
        Binding("s", "next_sort", "key.sort", tooltip="key.sort.tip", id="sort"),
        Binding("v", "toggle_voided", "key.show_voided", tooltip="key.show_voided.tip", id="show_voided"),
        Binding("f", "filters", "key.filters", tooltip="key.filters.tip", id="filters"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "back", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CaseRow] = []
        self.choices: list[CategoryChoice] = []
        self.sort = "newest"
        self.include_voided = False

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="case-filters"):
            with Vertical(classes="filter"):
                yield Label(t("list.status"))
                statuses = [(label("status", code), code) for code in STATUSES]
                statuses.append((t("detail.voided_state"), VOID))
                yield NumberedSelect(statuses, id="filter-status", prompt=t("list.any"))
            with Vertical(classes="filter"):
                yield Label(t("field.category"))
                yield NumberedSelect([], id="filter-category", prompt=t("list.any"))
            with Vertical(classes="filter date"):
                yield Label(t("list.from"))
                yield BoundedInput(id="filter-from", placeholder=DATE_FORMAT.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD"))
            with Vertical(classes="filter date"):
                yield Label(t("list.to"))
                yield BoundedInput(id="filter-to", placeholder=t("list.to_hint"))
        yield Static("", id="list-summary")
        table = FittedTable(id="case-table", cursor_type="row", zebra_stripes=True)
        # Case number, time and status always whole; then the summary, category, reporter; the phone goes first.
        table.set_columns([
            ColumnSpec("case_no", t("col.case_no"), keep=True), ColumnSpec("received", t("col.received"), keep=True),
            ColumnSpec("category", t("col.category"), priority=2, minimum=8, names=True), ColumnSpec("status", t("col.status"), keep=True),
            ColumnSpec("reporter", t("col.reporter"), priority=3), ColumnSpec("phone", t("col.phone"), priority=5, minimum=11),
            ColumnSpec("summary", t("col.summary"), priority=1, minimum=10),
        ])
        yield table
        yield DeskFooter()

    def on_mount(self) -> None:
        today = local_day(self.app.clock(), self.app.desk.zone)
        self.query_one("#filter-from", Input).value = today.strftime(DATE_FORMAT)
        self.load_categories()

    def load_categories(self) -> None:
        cases = self.app.desk.cases  # switched-off categories too: their cases are still found and named
        self.read(lambda: cases.categories(switched_off=True), self._categories_loaded, key="categories")

    def _categories_loaded(self, choices: list[CategoryChoice]) -> None:
        self.choices = choices
        options = [(self.category_name(c.code), c.code) for c in self.choices]
        self.query_one("#filter-category", Select).set_options(options)
        self.action_refresh()

    def filters(self) -> CaseFilter:
        """The filters as typed; DeskError if a date cannot be read."""
        zone = self.app.desk.zone
        since = until = None
        typed_from = self.query_one("#filter-from", Input).value.strip()
        typed_to = self.query_one("#filter-to", Input).value.strip()
        if typed_from:
            since = day_start(parse_day(typed_from), zone)
        if typed_to:
            until = day_start(parse_day(typed_to) + timedelta(days=1), zone)
        status = self.query_one("#filter-status", Select).value
        category = self.query_one("#filter-category", Select).value
        return CaseFilter(
            since=since, until=until,
            status=None if status is Select.NULL else status,
            category=None if category is Select.NULL else category,
            include_voided=self.include_voided, sort=self.sort,
        )

    def action_refresh(self) -> None:
        try:
            filters = self.filters()
        except DeskError as error:
            self.query_one("#list-summary", Static).update(error.message)
            return
        self.load_cases(filters)

    def load_cases(self, filters: CaseFilter) -> None:
        desk = self.app.desk
        self.read(lambda: desk.cases.list_cases(filters), self.show, key="cases")

    def category_name(self, code: str) -> str:
        return category_name(self.choices, code)

    def show(self, rows: list[CaseRow]) -> None:
        self.rows = rows
        zone = self.app.desk.zone
        self.query_one("#case-table", FittedTable).set_rows([
            (row.case_no, local_text(row.received_at, zone), self.category_name(row.category),
             t("detail.voided_state") if row.voided else label("status", row.status),
             row.reporter, row.reporter_phone, row.summary)
            for row in rows
        ])
        self.query_one("#list-summary", Static).update(
            t("list.summary", count=len(rows), sort=t(f"sort.{self.sort}"),
              voided=t("list.with_voided") if self.include_voided else "")
        )

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        if self.choices:
            self.action_refresh()

    @on(Input.Submitted)
    def _date_entered(self) -> None:
        self.action_refresh()
        self.query_one("#case-table", DataTable).focus()

    def action_next_sort(self) -> None:
        self.sort = SORT_ORDER[(SORT_ORDER.index(self.sort) + 1) % len(SORT_ORDER)]
        self.action_refresh()

    def action_toggle_voided(self) -> None:
        self.include_voided = not self.include_voided
        self.action_refresh()

    def action_filters(self) -> None:
        self.query_one("#filter-status", Select).focus()

    def action_back(self) -> None:
        if not self.query_one("#case-table", DataTable).has_focus:
            self.query_one("#case-table", DataTable).focus()
        else:
            self.app.pop_screen()

    @on(DataTable.RowSelected, "#case-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        from screens.cases.detail import CaseDetailScreen

        if 0 <= event.cursor_row < len(self.rows):
            self.app.push_screen(CaseDetailScreen(self.rows[event.cursor_row].case_id))

    def on_screen_resume(self) -> None:
        if self.choices:
            self.action_refresh()
