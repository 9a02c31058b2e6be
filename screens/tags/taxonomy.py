"""The station's tag taxonomy (admin; t on F10): classes on the left, the highlighted class's tags on the
right. c adds a class, a adds a tag to the highlighted class, Enter renames what is highlighted (a tag's
class and rule too), d switches it off or on, Tab moves between the two lists. Nothing is deleted."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from frontdesk.i18n import DeskError, labelled, t
from frontdesk.tags.taxonomy import RULES, TagInput
from frontdesk.validation import one_line_name
from screens.shell.bounded import BoundedInput
from screens.cases.dialogs import DeskDialog
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Select, Static
from screens.shell.choices import NumberedSelect
from screens.shell.widgets import DeskHeader, field_line
from screens.shell.work import DeskWork

if TYPE_CHECKING:
    from frontdesk.tags.taxonomy import ClassRow, TagRow


class TagFormScreen(DeskWork, DeskDialog):
    """A class's or a tag's code (when added) and names in both languages; a tag's class and rule.
    Saves itself; a refused save keeps what was typed and says why."""

    AUTO_FOCUS = "#tagform-code"

    def __init__(self, *, classes: list[ClassRow], class_id: uuid.UUID | None, kind: str,
                 row: ClassRow | TagRow | None = None) -> None:
        super().__init__()
        self.class_rows, self.class_id, self.kind, self.row = classes, class_id, kind, row
        if row is not None:
            self.AUTO_FOCUS = "#tagform-zh"

    def compose(self) -> ComposeResult:
        row, tag = self.row, self.kind == "tag"
        with Vertical(classes="dialog wide"):
            if row is None:
                title = t("tags.add_tag_title" if tag else "tags.add_class_title")
            else:
                title = t("tags.change_title", name=row.name_zh)
            yield Label(title, classes="dialog-title")
            if row is None:
                yield field_line("tag.field.code", BoundedInput("", id="tagform-code", max_length=60 if tag else 40))
            else:
                yield Static(labelled(t("tag.field.code"), row.code))
            yield field_line("tag.field.name_zh", BoundedInput(row.name_zh if row else "", id="tagform-zh", max_length=80))
            yield field_line("tag.field.name_en", BoundedInput(row.name_en if row else "", id="tagform-en", max_length=80))
            if tag:
                yield field_line("tag.field.class", NumberedSelect(
                    [(c.name, str(c.class_id)) for c in self.class_rows], id="tagform-class",
                    value=str(self.class_id) if self.class_id else Select.NULL, prompt=t("form.choose")))
                rule = row.rule if row is not None else ""
                yield field_line("tag.field.rule", NumberedSelect(
                    [(t(f"tag.rule.{code}"), code) for code in RULES[1:]], id="tagform-rule",
                    value=rule or Select.NULL, prompt=t("tags.rule_none")))
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def action_done(self) -> None:
        if self.writing():
            return
        tags, row = self.app.desk.tags, self.row
        code = self.query_one("#tagform-code", Input).value if row is None else ""
        zh, en = self.query_one("#tagform-zh", Input).value, self.query_one("#tagform-en", Input).value
        done = t("tags.list_saved", name=one_line_name(zh) or one_line_name(en))
        if self.kind == "class":
            job = lambda: tags.save_class(code=code, name_zh=zh, name_en=en,  # noqa: E731
                                          class_id=row.class_id if row else None, version=row.version if row else None)
        else:
            chosen = self.query_one("#tagform-class", Select).value
            rule = self.query_one("#tagform-rule", Select).value
            typed = TagInput(code=code, name_zh=zh, name_en=en,
                             class_id=None if chosen is Select.NULL else uuid.UUID(str(chosen)),
                             rule="" if rule is Select.NULL else str(rule))
            job = lambda: tags.save_tag(typed, tag_id=row.tag_id if row else None,  # noqa: E731
                                        version=row.version if row else None)
        self.write(job, lambda _done: self.dismiss(done), refused=self._refused, notice=done)

    def _refused(self, error: DeskError) -> bool:
        self.complain(error.message)
        return True


class TaxonomyScreen(DeskScreenBase):
    CSS_PATH = "taxonomy.tcss"
    HELP_KEY = "help.tag_taxonomy"
    AUTO_FOCUS = "#tag-classes"
    GUARDED = {"add_tag": "station_lists", "add_class": "station_lists", "switch": "station_lists"}

    BINDINGS = [
        Binding("a", "add_tag", "key.add_tag", tooltip="key.add_tag.tip", id="add_tag"),
        Binding("c", "add_class", "key.add_tag_class", tooltip="key.add_tag_class.tip", id="add_class"),
        Binding("d", "switch", "key.switch_tag", tooltip="key.switch_tag.tip", id="switch"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tag_classes: list[ClassRow] = []
        self.tags: list[TagRow] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("tags.taxonomy_hint"), id="taxonomy-hint")
        with Horizontal(id="taxonomy"):
            classes = FittedTable(id="tag-classes", cursor_type="row", zebra_stripes=True)
            classes.set_columns([ColumnSpec("class", t("tags.col.class"), keep=True),
                                 ColumnSpec("count", t("tags.col.count"), priority=1, minimum=4)])
            yield classes
            tags = FittedTable(id="tag-table", cursor_type="row", zebra_stripes=True)
            tags.set_columns([ColumnSpec("tag", t("tags.col.tag"), keep=True),
                              ColumnSpec("people", t("tags.col.people"), keep=True),
                              ColumnSpec("rule", t("tags.col.rule"), priority=1, minimum=4),
                              ColumnSpec("code", t("tag.field.code"), priority=2, minimum=8)])
            yield tags
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self, keep: uuid.UUID | None = None) -> None:
        tags = self.app.desk.tags
        self.read(lambda: (tags.classes(), tags.tags(counted=True)), lambda loaded: self.show(*loaded, keep=keep))

    def show(self, classes: list[ClassRow], tags: list[TagRow], keep: uuid.UUID | None = None) -> None:
        self.tag_classes, self.tags = classes, tags
        table = self.query_one("#tag-classes", FittedTable)
        at = table.cursor_row
        table.set_rows([(Text(row.name) if row.active else Text(f"{row.name} {t('tags.off_mark')}", style="dim"),
                         f"{row.tags:,}") for row in classes])
        if keep is not None:
            at = next((i for i, r in enumerate(classes) if r.class_id == keep), at)
        if classes:
            table.move_cursor(row=min(max(at, 0), len(classes) - 1))
        self.show_tags(keep)

    def _class(self) -> ClassRow | None:
        table = self.query_one("#tag-classes", DataTable)
        return self.tag_classes[table.cursor_row] if 0 <= table.cursor_row < len(self.tag_classes) else None

    def _class_tags(self) -> list[TagRow]:
        chosen = self._class()
        return [row for row in self.tags if chosen is not None and row.class_id == chosen.class_id]

    def show_tags(self, keep: uuid.UUID | None = None) -> None:
        table = self.query_one("#tag-table", FittedTable)
        at = table.cursor_row
        rows = self._class_tags()
        table.set_rows([(Text(row.name) if row.active else Text(f"{row.name} {t('tags.off_mark')}", style="dim"),
                         f"{row.people:,}", t("tags.by_rule_mark") if row.rule else "", row.code) for row in rows])
        if keep is not None:
            at = next((i for i, r in enumerate(rows) if r.tag_id == keep), at)
        if rows:
            table.move_cursor(row=min(max(at, 0), len(rows) - 1))

    @on(DataTable.RowHighlighted, "#tag-classes")
    def _class_moved(self, event: DataTable.RowHighlighted) -> None:
        self.show_tags()

    def _tag(self) -> TagRow | None:
        table, rows = self.query_one("#tag-table", DataTable), self._class_tags()
        return rows[table.cursor_row] if 0 <= table.cursor_row < len(rows) else None

    def _on_tags(self) -> bool:
        return self.focused is self.query_one("#tag-table", DataTable)

    def action_add_tag(self) -> None:
        chosen = self._class()
        self.app.push_screen(TagFormScreen(classes=self.tag_classes, class_id=chosen.class_id if chosen else None,
                                           kind="tag"), self._saved)

    def action_add_class(self) -> None:
        self.app.push_screen(TagFormScreen(classes=self.tag_classes, class_id=None, kind="class"), self._saved)

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not self.app.desk.access.may("station_lists"):
            return
        if event.data_table.id == "tag-table":
            row = self._tag()
            if row is not None:
                self.app.push_screen(TagFormScreen(classes=self.tag_classes, class_id=row.class_id, kind="tag", row=row),
                                     self._saved)
        elif (chosen := self._class()) is not None:
            self.app.push_screen(TagFormScreen(classes=self.tag_classes, class_id=chosen.class_id, kind="class",
                                               row=chosen), self._saved)

    def _saved(self, message: str | None) -> None:
        if message:
            self.notify(message)
            chosen = self._class()
            self.load(keep=chosen.class_id if chosen else None)

    def action_switch(self) -> None:
        tags = self.app.desk.tags
        row = self._tag() if self._on_tags() else self._class()
        if row is None:
            return
        back = not row.active
        done = t("tags.switched_on" if back else "tags.switched_off_now", name=row.name)
        if self._on_tags():
            job = lambda: tags.switch_tag(row.tag_id, active=back)  # noqa: E731
        else:
            job = lambda: tags.switch_class(row.class_id, active=back)  # noqa: E731
        self.write(job, lambda _done: self._saved(done), refused=self._refused, notice=done)

    def _refused(self, error: DeskError) -> bool:
        self.notify(error.message, severity="error", timeout=8)
        return True
