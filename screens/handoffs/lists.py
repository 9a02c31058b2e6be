"""The station's receiving bodies and non-police matters: see them, add to them, change them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, Input

from frontdesk.cases.views import category_name
from frontdesk.handoffs.lists import BodyInput, MatterInput
from frontdesk.i18n import DeskError, t
from screens.shell.bounded import BoundedInput
from screens.handoffs.dialogs import HandoffDialog
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Select, SelectionList, Static
from screens.shell.choices import NumberedSelect
from screens.shell.widgets import DeskHeader, field_line

if TYPE_CHECKING:
    from frontdesk.cases.views import CategoryChoice
    from frontdesk.handoffs.lists import BodyChoice, MatterChoice


class BodyFormScreen(HandoffDialog):
    """A receiving body: names, contact, the matters it takes, how long it usually needs."""

    AUTO_FOCUS = "#body-name-zh"

    def __init__(self, typed: BodyInput, matters: list[MatterChoice], *, adding: bool) -> None:
        super().__init__()
        self.typed, self.matters, self.adding = typed, matters, adding

    def compose(self) -> ComposeResult:
        typed = self.typed
        with Vertical(classes="dialog wide"):
            yield Label(t("lists.body.add" if self.adding else "lists.body.edit"), classes="dialog-title")
            yield field_line("field.name_zh", BoundedInput(typed.name_zh, id="body-name-zh", max_length=80))
            yield field_line("field.name_en", BoundedInput(typed.name_en, id="body-name-en", max_length=120))
            yield field_line("field.contact", BoundedInput(typed.contact, id="body-contact", max_length=200))
            yield field_line("field.due_hours", BoundedInput(typed.default_due_hours, id="body-hours", max_length=5))
            yield field_line("field.takes", SelectionList[str](
                *[(m.name, m.code, m.code in typed.takes) for m in self.matters], id="body-takes"))
            yield Checkbox(t("lists.active"), typed.active, id="body-active", compact=True)
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def action_done(self) -> None:
        self.dismiss(BodyInput(
            name_zh=self.query_one("#body-name-zh", Input).value,
            name_en=self.query_one("#body-name-en", Input).value,
            contact=self.query_one("#body-contact", Input).value,
            default_due_hours=self.query_one("#body-hours", Input).value,
            takes=tuple(self.query_one("#body-takes", SelectionList).selected),
            active=self.query_one("#body-active", Checkbox).value,
        ))


class MatterFormScreen(HandoffDialog):
    """A non-police matter: names, the body it usually goes to, the category it comes under."""

    AUTO_FOCUS = "#matter-name-zh"

    def __init__(self, typed: MatterInput, bodies: list[BodyChoice], categories: list[CategoryChoice], *,
                 adding: bool) -> None:
        super().__init__()
        self.typed, self.bodies, self.categories, self.adding = typed, bodies, categories, adding

    def compose(self) -> ComposeResult:
        typed = self.typed
        bodies = {b.code for b in self.bodies}
        categories = {c.code for c in self.categories}
        with Vertical(classes="dialog wide"):
            yield Label(t("lists.matter.add" if self.adding else "lists.matter.edit"), classes="dialog-title")
            yield field_line("field.name_zh", BoundedInput(typed.name_zh, id="matter-name-zh", max_length=80))
            yield field_line("field.name_en", BoundedInput(typed.name_en, id="matter-name-en", max_length=120))
            yield field_line("field.default_body", NumberedSelect(
                [(b.name, b.code) for b in self.bodies], id="matter-body", prompt=t("form.choose"),
                value=typed.default_body if typed.default_body in bodies else Select.NULL))
            yield field_line("field.category", NumberedSelect(
                [(category_name(self.categories, c.code), c.code) for c in self.categories],
                id="matter-category",
                prompt=t("form.choose"), value=typed.category if typed.category in categories else Select.NULL))
            yield Checkbox(t("lists.active"), typed.active, id="matter-active", compact=True)
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def action_done(self) -> None:
        def chosen(selector: str) -> str:
            value = self.query_one(selector, Select).value
            return "" if value is Select.NULL else str(value)

        self.dismiss(MatterInput(
            name_zh=self.query_one("#matter-name-zh", Input).value,
            name_en=self.query_one("#matter-name-en", Input).value,
            default_body=chosen("#matter-body"), category=chosen("#matter-category"),
            active=self.query_one("#matter-active", Checkbox).value,
        ))


@dataclass(frozen=True)
class _Editing:
    """What is being saved, kept to reopen the form if saving is refused."""

    kind: str  # body | matter
    record_id: uuid.UUID | None
    version: int | None
    typed: object


class HandoffListsScreen(DeskScreenBase):
    CSS_PATH = "lists.tcss"
    HELP_KEY = "help.handoff_lists"
    GUARDED = {"add_body": "station_lists", "add_matter": "station_lists"}
    AUTO_FOCUS = "#body-table"

    BINDINGS = [
        Binding("a", "add_body", "key.add_body", tooltip="key.add_body.tip", id="add_body"),
        Binding("m", "add_matter", "key.add_matter", tooltip="key.add_matter.tip", id="add_matter"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.bodies: list[BodyChoice] = []
        self.matters: list[MatterChoice] = []
        self.categories: list[CategoryChoice] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Label(t("lists.bodies"), classes="section")
        bodies = FittedTable(id="body-table", cursor_type="row", zebra_stripes=True)
        bodies.set_columns([
            ColumnSpec("name", t("col.body"), priority=0, minimum=12, names=True),
            ColumnSpec("contact", t("field.contact"), priority=2, minimum=8),
            ColumnSpec("hours", t("field.due_hours"), priority=3, minimum=4),
            ColumnSpec("takes", t("field.takes"), priority=4, minimum=10, short=t("field.takes.short")),
            ColumnSpec("active", t("lists.active"), priority=1, keep=True),
        ])
        yield bodies
        yield Label(t("lists.matters"), classes="section")
        matters = FittedTable(id="matter-table", cursor_type="row", zebra_stripes=True)
        matters.set_columns([
            ColumnSpec("name", t("col.matter"), priority=0, minimum=12, names=True),
            ColumnSpec("body", t("field.default_body"), priority=2, minimum=10, names=True),
            ColumnSpec("category", t("field.category"), priority=3, minimum=6, names=True),
            ColumnSpec("active", t("lists.active"), priority=1, keep=True),
        ])
        yield matters
        yield Static(t("lists.hint"), id="lists-hint")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        desk = self.app.desk
        self.read(lambda: (desk.handoffs.bodies(include_inactive=True), desk.handoffs.matters(include_inactive=True),
                           desk.cases.categories(switched_off=True)), self._loaded)

    def _loaded(self, lists: tuple) -> None:
        self.bodies, self.matters, self.categories = lists
        self.show()

    def show(self) -> None:
        names = {m.code: m.name for m in self.matters}
        body_names = {b.code: b.name for b in self.bodies}
        yes, no = t("detail.yes"), t("detail.no")
        rows = []
        for b in self.bodies:
            takes = "、".join(names.get(code, code) for code in b.takes)
            rows.append((b.name, b.contact or "—", str(b.default_due_hours), takes or "—", yes if b.active else no))
        self.query_one("#body-table", FittedTable).set_rows(rows)
        self.query_one("#matter-table", FittedTable).set_rows([
            (m.name, body_names.get(m.default_body or "", "—"),
             category_name(self.categories, m.category) if m.category else "—", yes if m.active else no)
            for m in self.matters])

    def action_add_body(self, editing: _Editing | None = None, message: str = "") -> None:
        editing = editing or _Editing("body", None, None, BodyInput(name_zh="", name_en=""))
        screen = BodyFormScreen(editing.typed, [m for m in self.matters if m.active], adding=editing.record_id is None)
        self.app.push_screen(screen, lambda typed: self._typed(editing, typed))
        if message:
            self.call_after_refresh(screen.complain, message)

    def action_add_matter(self, editing: _Editing | None = None, message: str = "") -> None:
        editing = editing or _Editing("matter", None, None, MatterInput(name_zh="", name_en=""))
        category = editing.typed.category  # offered: the active categories, and the one it has
        screen = MatterFormScreen(editing.typed, [b for b in self.bodies if b.active],
                                  [c for c in self.categories if c.active or c.code == category],
                                  adding=editing.record_id is None)
        self.app.push_screen(screen, lambda typed: self._typed(editing, typed))
        if message:
            self.call_after_refresh(screen.complain, message)

    def _may_change(self) -> bool:
        if self.app.desk.access.may("station_lists"):
            return True
        self.notify(t("lists.admin_only"), severity="warning")
        return False

    @on(DataTable.RowSelected, "#body-table")
    def _edit_body(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.bodies) and self._may_change():
            b = self.bodies[event.cursor_row]
            typed = BodyInput(name_zh=b.name_zh, name_en=b.name_en, contact=b.contact,
                              default_due_hours=str(b.default_due_hours), takes=b.takes, active=b.active)
            self.action_add_body(_Editing("body", b.id, b.version, typed))

    @on(DataTable.RowSelected, "#matter-table")
    def _edit_matter(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.matters) and self._may_change():
            m = self.matters[event.cursor_row]
            typed = MatterInput(name_zh=m.name_zh, name_en=m.name_en, default_body=m.default_body or "",
                                category=m.category or "", active=m.active)
            self.action_add_matter(_Editing("matter", m.id, m.version, typed))

    def _typed(self, editing: _Editing, typed) -> None:
        if typed is not None:
            self.save(_Editing(editing.kind, editing.record_id, editing.version, typed))

    def save(self, editing: _Editing) -> None:
        handoffs = self.app.desk.handoffs

        def job() -> None:
            if editing.kind == "body":
                handoffs.save_body(editing.typed, body_id=editing.record_id, version=editing.version)
            else:
                handoffs.save_matter(editing.typed, matter_id=editing.record_id, version=editing.version)

        self.write(job, lambda _: self._saved(), refused=lambda error: self._refused(editing, error),
                   notice=t("lists.saved"))

    def _saved(self) -> None:
        self.notify(t("lists.saved"))
        self.action_refresh()

    def _refused(self, editing: _Editing, error: DeskError) -> bool:
        """A refused body or matter opens its form again, as typed, with the reason."""
        if editing.kind == "body":
            self.action_add_body(editing, error.message)
        else:
            self.action_add_matter(editing, error.message)
        return True
