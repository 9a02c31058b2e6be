"""The station's case categories (admin; k on F10): add, rename, name a default hand-off matter, order,
switch off — never delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, Input

from frontdesk.i18n import DeskError, t
from frontdesk.station.categories import CategoryInput
from frontdesk.validation import one_line_name
from screens.shell.bounded import BoundedInput
from screens.cases.dialogs import DeskDialog
from screens.shell.base import DeskScreenBase
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Select, Static
from screens.shell.choices import NumberedSelect
from screens.shell.widgets import DeskHeader, field_line
from screens.shell.work import DeskWork

if TYPE_CHECKING:
    from frontdesk.handoffs.lists import MatterChoice
    from frontdesk.station.categories import CategoryRow


class CategoryFormScreen(DeskWork, DeskDialog):
    """A category's names in both languages, whether it is police business and the non-police matter its
    cases are handed off as (picked from the station's matters). Saves itself; a refused save keeps what
    was typed and says why."""

    AUTO_FOCUS = "#category-zh"

    def __init__(self, row: CategoryRow | None = None, matters: list[MatterChoice] | None = None) -> None:
        super().__init__()
        self.row = row
        current = row.default_matter if row else None
        #: Active matters, and the one already named even if switched off since.
        self.matters = [m for m in matters or [] if m.active or m.code == current]

    def compose(self) -> ComposeResult:
        row = self.row
        with Vertical(classes="dialog wide"):
            title = t("categories.change_title", name=row.name_zh) if row else t("categories.add_title")
            yield Label(title, classes="dialog-title")
            yield field_line("categories.name_zh", BoundedInput(row.name_zh if row else "", id="category-zh", max_length=50))
            yield field_line("categories.name_en", BoundedInput(row.name_en if row else "", id="category-en", max_length=80))
            yield Checkbox(t("categories.police"), row.police if row else True, id="category-police")
            codes = {m.code for m in self.matters}
            current = row.default_matter if row and row.default_matter in codes else Select.NULL
            yield field_line("categories.default_matter", NumberedSelect(
                [(m.name, m.code) for m in self.matters], id="category-matter",
                prompt=t("categories.no_matter"), value=current))
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def action_done(self) -> None:
        if self.writing():
            return
        matter = self.query_one("#category-matter", Select).value
        typed = CategoryInput(name_zh=self.query_one("#category-zh", Input).value,
                              name_en=self.query_one("#category-en", Input).value,
                              police=self.query_one("#category-police", Checkbox).value,
                              default_matter=None if matter is Select.NULL else str(matter))
        lists, row = self.app.desk.categories, self.row
        done = t("categories.saved", name=one_line_name(typed.name_zh) or one_line_name(typed.name_en))
        self.write(lambda: lists.save(typed, category_id=row.category_id if row else None,
                                      version=row.version if row else None),
                   lambda _done: self.dismiss(done), refused=self._refused, notice=done)

    def _refused(self, error: DeskError) -> bool:
        self.complain(error.message)
        return True


class CategoriesScreen(DeskScreenBase):
    CSS_PATH = "categories.tcss"
    HELP_KEY = "help.categories"
    AUTO_FOCUS = "#category-table"
    GUARDED = {"add": "station_lists", "change": "station_lists", "switch": "station_lists",
               "up": "station_lists", "down": "station_lists"}

    BINDINGS = [
        Binding("a", "add", "key.add_category", tooltip="key.add_category.tip", id="add"),
        Binding("d", "switch", "key.switch_category", tooltip="key.switch_category.tip", id="switch"),
        Binding("[", "up", "key.category_up", tooltip="key.category_up.tip", id="up"),
        Binding("]", "down", "key.category_down", tooltip="key.category_down.tip", id="down"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CategoryRow] = []
        self.matters: list[MatterChoice] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("categories.hint"), id="categories-hint")
        table: DataTable[str] = DataTable(id="category-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(t("categories.name_zh"), t("categories.name_en"), t("categories.kind"),
                          t("categories.default_matter"), t("categories.cases"), t("categories.state"))
        yield table
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self, keep: object = None) -> None:
        lists, handoffs = self.app.desk.categories, self.app.desk.handoffs
        self.read(lambda: (lists.rows(), handoffs.matters(include_inactive=True)),
                  lambda loaded: self.show(*loaded, keep=keep))

    def show(self, rows: list[CategoryRow], matters: list[MatterChoice], keep: object = None) -> None:
        self.rows, self.matters = rows, matters
        names = {m.code: m.name for m in matters}
        table = self.query_one("#category-table", DataTable)
        at = table.cursor_row
        table.clear()
        for row in rows:
            kind = t("categories.police_yes") if row.police else t("categories.police_no")
            state = Text(t("categories.on")) if row.active else Text(t("categories.off"), style="dim")
            matter = names.get(row.default_matter, row.default_matter) if row.default_matter else "—"
            table.add_row(row.name_zh, row.name_en, kind, matter, f"{row.cases:,}", state)
        if keep is not None:
            at = next((i for i, r in enumerate(rows) if r.category_id == keep), at)
        if rows:
            table.move_cursor(row=min(max(at, 0), len(rows) - 1))

    def _highlighted(self) -> CategoryRow | None:
        table = self.query_one("#category-table", DataTable)
        return self.rows[table.cursor_row] if 0 <= table.cursor_row < len(self.rows) else None

    def action_add(self) -> None:
        self.app.push_screen(CategoryFormScreen(matters=self.matters), self._saved)

    @on(DataTable.RowSelected, "#category-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self._highlighted()
        if row is not None and self.app.desk.access.may("station_lists"):
            self.app.push_screen(CategoryFormScreen(row, self.matters), self._saved)

    def _saved(self, message: str | None) -> None:
        if message:
            self.notify(message)
            self.load()

    def action_switch(self) -> None:
        row = self._highlighted()
        if row is None:
            return
        lists, back = self.app.desk.categories, not row.active
        done = t("categories.switched_on" if back else "categories.switched_off", name=row.name_zh)
        self.write(lambda: lists.switch(row.category_id, active=back), lambda _done: self._saved(done),
                   refused=self._refused, notice=done)

    def _move(self, step: int) -> None:
        row = self._highlighted()
        if row is None:
            return
        lists = self.app.desk.categories
        self.write(lambda: lists.move(row.category_id, step=step), lambda _done: self.load(keep=row.category_id),
                   refused=self._refused)

    def action_up(self) -> None:
        self._move(-1)

    def action_down(self) -> None:
        self._move(+1)

    def _refused(self, error: DeskError) -> bool:
        self.notify(error.message, severity="error", timeout=8)
        return True
