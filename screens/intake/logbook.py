"""Importing an old logbook (CSV or XLSX) as cases: map its columns and words, preview, import.

Type the file's path and Enter. The columns are matched to the case fields
and the file's categories (and channels, statuses, dispositions) to the
station's where the words obviously agree; change any of them with the lists
on the left and right. The first rows show below as they would be imported,
each with its problems, and how their dates were read (month first, day first,
a time zone). ctrl+s keeps the mapping under its name for the next logbook of
the same kind; ctrl+g imports, with a progress bar, the rows per second and the
time left; Esc stops an import after the batch in hand (import again to go on:
nothing is added twice).
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input
from textual.worker import get_current_worker

from frontdesk.intake.desk import CaseImports
from frontdesk.intake.import_run import outcome_lines, summary_text
from frontdesk.intake.logbook import missing_columns
from frontdesk.intake.mapping import FIELDS
from frontdesk.intake.preview import (checked_text, file_notes, handoff_column_text, opened_text, preview_notes,
                                     speed_text, status_text)
from frontdesk.intake.service_requests import mapping_saved_text
from frontdesk.i18n import DeskError, language, listed, t
from frontdesk.timefmt import local_text
from screens.shell.bounded import BoundedInput
from screens.intake.agencies import AgencyChoices
from screens.intake.layout import (PREVIEW_COLUMNS, REJECT_COLUMNS, VALUE_TABLES, ImportBar, ImportMessage,
                                   set_columns, value_lines)
from screens.shell.base import DeskScreenBase
from screens.shell.columns import FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Select, Static
from screens.shell.widgets import DeskHeader, field_line


if TYPE_CHECKING:
    from frontdesk.intake.agencies import AgencyList
    from frontdesk.intake.import_run import ImportResult, Progress
    from frontdesk.intake.logbook import Opened
    from frontdesk.intake.preview import Preview

class CaseImportScreen(DeskScreenBase):
    CSS_PATH = "logbook.tcss"
    HELP_KEY = "import.help"
    AUTO_FOCUS = "#import-path"

    BINDINGS = [
        Binding("ctrl+g", "run_import", "import.key.import", tooltip="import.key.import.tip", id="import_run"),
        Binding("ctrl+s", "save_mapping", "import.key.save_mapping", tooltip="import.key.save_mapping.tip",
                id="import_save_mapping"),
        Binding("ctrl+r", "refresh_preview", "import.key.preview", tooltip="import.key.preview.tip",
                id="import_preview"),
        Binding("ctrl+o", "focus_path", "import.key.file", tooltip="import.key.file.tip", id="import_file"),
        Binding("escape", "back", "key.back", id="back"),
    ]

    def __init__(self, path: str = "", mapping: str = "") -> None:
        super().__init__()
        self.initial_path, self.initial_mapping = path, mapping
        self.opened: Opened | None = None
        #: The path `opened` was read from as typed, the one being read, and the mapping name filled in for it.
        self.opened_path = self.reading_path = self.filled_name = ""
        self.importing = self.stop_asked = False
        #: select id -> (mapping table, the file's word) for the value lists
        self.value_selects: dict[str, tuple[str, str]] = {}
        #: A hotline's or 311 export's agencies and the bodies chosen for them.
        self.agencies = AgencyChoices()
        #: The preview's rows as shown (their problems in full for the highlighted one).
        self.preview_rows: list = []
        self.preview_note = ""
        #: When the import under way started (monotonic seconds), for its speed and the time left.
        self.started = 0.0

    @property
    def imports(self) -> CaseImports:
        return self.app.desk.intake

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="import-file-line"):
            yield Label(t("import.screen.file"), classes="import-label")
            yield BoundedInput(self.initial_path, id="import-path", placeholder=t("import.screen.path_hint"), compact=True)
            yield Label(t("import.screen.mapping"), classes="import-label")
            yield BoundedInput(self.initial_mapping, id="import-mapping-name", placeholder=t("import.screen.mapping_hint"),
                        compact=True)
        with ImportMessage(id="import-message-box"):
            yield Static(t("import.screen.start"), id="import-message")  # (a file's words and paths: [x])
        with Horizontal(id="import-body"):
            yield VerticalScroll(id="import-columns")
            yield VerticalScroll(id="import-values")
        yield Static("", id="import-note")
        yield FittedTable(id="import-preview", cursor_type="row", zebra_stripes=True)
        yield ImportBar(total=100, show_eta=False, id="import-progress")
        yield DeskFooter()

    def on_resize(self, event: events.Resize) -> None:
        """Narrow, the two lists share the width; short, they share the height with the preview."""
        self.set_class(event.size.width < 110, "-narrow")
        self.set_class(event.size.height < 36, "-short")

    def on_mount(self) -> None:
        self.query_one("#import-columns").border_title = t("import.screen.columns")
        self.query_one("#import-values").border_title = t("import.screen.values")
        self.query_one(ImportBar).put_away()
        self.query_one("#import-preview").can_focus = False  # (until it has columns: see set_columns)
        if self.initial_path:
            self.action_open()

    # ---- opening the file ------------------------------------------------------------------

    def say(self, text: str, *, error: bool = False) -> None:
        self.query_one("#import-message", Static).update(text)
        box = self.query_one("#import-message-box", ImportMessage)
        box.scroll_home(animate=False)
        self.set_class(error, "-error")
        self.call_after_refresh(box.reachable)

    @on(Input.Submitted, "#import-path, #import-mapping-name")
    def action_open(self) -> None:
        if self.importing:
            return
        path = self.query_one("#import-path", Input).value
        self.reading_path = path.strip()
        self.say(t("import.screen.reading"))
        self.open_file(path, self.query_one("#import-mapping-name", Input).value)

    def open_file(self, path: str, mapping_name: str) -> None:
        imports = self.imports

        def opened_and_preview() -> tuple[Opened, Preview, AgencyList | None]:
            opened = imports.open(path, mapping_name)
            return opened, imports.preview(opened), imports.agencies(opened)

        self.read(opened_and_preview, lambda result: self._opened(*result, first=True), key="open",
                  refused=self.refused)

    def remap(self, opened: Opened) -> None:
        imports, rows = self.imports, self.agencies.rows()

        def remapped_and_preview() -> tuple[Opened, Preview, AgencyList | None]:
            again = imports.remap(opened, opened.mapping)
            return again, imports.preview(again), imports.agencies(again, rows)

        self.read(remapped_and_preview, lambda result: self._opened(*result, first=self.opened is None), key="open",
                  refused=self.refused)

    def load_preview(self, opened: Opened, then=None) -> None:
        """The preview read again, and where each agency's rows go now."""
        imports, rows = self.imports, self.agencies.rows()
        self.read(lambda: (imports.preview(opened), imports.agencies(opened, rows)),
                  lambda result: (self.agencies.show(self, result[1]), self.show_preview(result[0]), then and then()),
                  key="preview", refused=self.refused)

    def _opened(self, opened: Opened, shown: Preview, listed: AgencyList | None, *, first: bool) -> None:
        self.opened, self.agencies.listed = opened, listed
        if first:
            self.opened_path = self.reading_path
            self.show_columns(opened)
            if not self.query_one("#import-mapping-name", Input).value.strip():
                self.query_one("#import-mapping-name", Input).value = self.filled_name = opened.mapping.name
        self.show_values(opened)
        self.show_preview(shown)

    @on(Input.Changed, "#import-path")
    def _path_changed(self, event: Input.Changed) -> None:
        """Another path, another file: the one read or being read is let go, and the mapping name filled in."""
        if event.value.strip() == self.reading_path:  # (the file read, or being read, since the last Enter)
            return
        for key in ("open", "preview", "saved"):  # (a read of it still under way is never shown)
            self.stale(key)
        self.opened, name = None, self.query_one("#import-mapping-name", Input)
        if name.value == self.filled_name:
            name.value = ""

    def refused(self, error: DeskError) -> bool:
        """A file that cannot be read or imported is said on the message line; the mapping stays as chosen."""
        self.say(error.message, error=True)
        return True

    # ---- the mapping ------------------------------------------------------------------------

    def show_columns(self, opened: Opened) -> None:
        box = self.query_one("#import-columns", VerticalScroll)
        box.remove_children()
        options = [(header, header) for header in dict.fromkeys(h for h in opened.headers if h)]
        lines = []
        for name in FIELDS:
            chosen = opened.mapping.column(name)
            prompt = handoff_column_text(opened, name) or t("import.not_in_file")  # (a request's, for its hand-off)
            select: Select[str] = Select(options, id=f"import-col-{name}", prompt=prompt,
                                         value=chosen if chosen in opened.headers else Select.NULL)
            lines.append(field_line(f"import.field.{name}", select))
        box.mount_all(lines)

    def show_values(self, opened: Opened) -> None:
        box = self.query_one("#import-values", VerticalScroll)
        box.remove_children()
        values, self.value_selects = value_lines(opened)
        widgets = [*self.agencies.lines(), *values]  # (where a request's rows go first: it is what it is read for)
        if not widgets:
            widgets.append(Label(t("import.screen.no_values"), classes="import-hint"))
        box.mount_all(widgets)

    @on(Select.Changed)
    def _mapping_changed(self, event: Select.Changed) -> None:
        if self.opened is None or event.select.id is None:
            return
        select_id = event.select.id
        mapping = self.opened.mapping
        value = "" if event.value is Select.NULL else event.value
        if select_id.startswith("import-col-"):
            name = select_id.removeprefix("import-col-")
            if (mapping.column(name) or "") == value:
                return
            columns = {k: v for k, v in mapping.columns.items() if k != name}
            if value:
                columns[name] = value
            self.opened = replace(self.opened, mapping=replace(mapping, columns=columns))
            if name in dict(VALUE_TABLES):
                table = dict(VALUE_TABLES)[name]
                self.opened = replace(self.opened, mapping=replace(self.opened.mapping, **{table: {}}))
                self.say(t("import.screen.reading"))
                self.remap(self.opened)
                return
        elif select_id in self.value_selects:
            table, word = self.value_selects[select_id]
            if getattr(mapping, table).get(word) == value:
                return
            words = {**getattr(mapping, table), word: value}
            self.opened = replace(self.opened, mapping=replace(mapping, **{table: words}))
        elif select_id in self.agencies.selects and mapping.service_requests is not None:
            requests = self.agencies.choose(select_id, value, mapping.service_requests)
            if requests is None:
                return
            self.opened = replace(self.opened, mapping=replace(mapping, service_requests=requests))
        else:
            return
        self.load_preview(self.opened)

    def _no_file(self) -> bool:
        """No file read: says what is missing (a path, or Enter to read the one typed)."""
        if self.opened is not None:
            return False
        typed = self.query_one("#import-path", Input).value.strip()
        self.say(t("import.screen.read_first", path=typed) if typed else t("import.no_path"), error=True)
        return True

    def action_save_mapping(self) -> None:
        if self._no_file():
            return
        name = self.query_one("#import-mapping-name", Input).value.strip()
        try:
            path = self.imports.save_mapping(replace(self.opened.mapping, name=name))
        except (DeskError, OSError) as error:
            self.say(error.message if isinstance(error, DeskError) else str(error), error=True)
            return
        self.opened = opened = replace(self.opened, mapping=replace(self.opened.mapping, name=name))
        self.filled_name = ""  # the name is the officer's now
        saved, imports = mapping_saved_text(path), self.imports
        self.say(saved)
        if opened.mapping.service_requests is not None:  # the import takes the bodies as the file now has them
            self.read(lambda: imports.as_saved(opened, path),
                      lambda back: back and self.opened and self._saved_back(back, saved), key="saved", refused=self.refused)

    def _saved_back(self, back: Opened, saved: str) -> None:
        """The file's `[service_requests]` into the mapping as it is now (changed meanwhile, maybe), shown."""
        requests = back.mapping.service_requests
        self.opened = opened = replace(self.opened, mapping=replace(self.opened.mapping, service_requests=requests))
        self.load_preview(opened, then=lambda: self.say(saved))

    # ---- the preview ------------------------------------------------------------------------

    def show_preview(self, shown: Preview) -> None:
        opened = self.opened
        if opened is None:  # another path was typed meanwhile
            return
        missing = missing_columns(opened.mapping)
        facts = opened_text(opened, shown.header_row)
        if shown.readings:
            facts += "\n" + t("import.reading.title", readings=" · ".join(shown.readings))
        for note in file_notes(opened):
            facts += "\n" + note
        if missing:
            facts += "\n" + t("import.columns_missing",
                              fields=listed(t(f"import.field.{name}") for name in missing))
        self.say(facts, error=bool(missing))
        if not self.importing:  # (the bar of the import before is not this file's)
            self.query_one(ImportBar).put_away()
        self.preview_note = "  ".join([t("import.screen.preview_title", count=len(shown.rows)),
                                       *preview_notes(opened, shown)])
        self.preview_rows = shown.rows
        self.query_one("#import-note", Static).update(self.preview_note)
        table = self.query_one("#import-preview", FittedTable)
        set_columns(table, PREVIEW_COLUMNS)
        names = {c.code: (c.name_zh if language() == "zh" else c.name_en) for c in opened.categories}
        rows = []
        for row in shown.rows:
            when = local_text(row.received_at, self.app.desk.zone) if row.received_at else ""
            problems = row.masked_problems
            if row.source_key in shown.already:
                problems = t("import.preview.already") + (" " + problems if problems else "")
            summary = row.summary.replace("\n", " ")
            cells = (row.where, when, names.get(row.category, row.category), row.reporter, row.phone,
                     status_text(row), problems or checked_text(row), summary)
            rows.append(cells)
        table.set_rows(rows)

    @on(DataTable.RowHighlighted, "#import-preview")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted preview row's problems in full under the lists (the column shows their start)."""
        if self.importing or not self.preview_rows or event.cursor_row >= len(self.preview_rows):
            return
        row = self.preview_rows[event.cursor_row]
        text = t("import.screen.row_problems", row=row.where, problems=row.masked_problems) if row.problems \
            else self.preview_note
        self.query_one("#import-note", Static).update(text)

    def action_refresh_preview(self) -> None:
        if self.opened is not None and not self.importing:
            self.load_preview(self.opened)

    def action_focus_path(self) -> None:
        """The path selected, typed over by the next (Enter leaves the focus in the box: focusing selected nothing)."""
        box = self.query_one("#import-path", Input)
        box.focus()
        box.select_all()

    # ---- importing --------------------------------------------------------------------------

    def action_run_import(self) -> None:
        if self.importing or self._no_file():
            return
        missing = missing_columns(self.opened.mapping)
        if missing:
            self.say(t("import.columns_missing", fields=listed(t(f"import.field.{name}") for name in missing)),
                     error=True)
            return
        self.importing, self.stop_asked = True, False
        self.query_one(ImportBar).start()
        self.say(t("import.screen.importing"))
        self.started = time.monotonic()
        self.import_rows(self.opened)

    def import_rows(self, opened: Opened) -> None:
        imports, app = self.imports, self.app

        def run() -> ImportResult:
            worker = get_current_worker()
            return imports.run(opened, progress=lambda step: app.call_from_thread(self.show_progress, step),
                               should_stop=lambda: self.stop_asked or worker.is_cancelled)

        # Whatever went wrong, the import is over: Esc leaves the screen again. Keys typed meanwhile act at once (Esc stops).
        self.write(run, self.show_result, refused=self._import_refused, holds_keys=False,
                   notice=lambda result: summary_text(result, timed=False), failed=lambda _error: self._import_ended())

    def _import_refused(self, error: DeskError) -> bool:
        self._import_ended()
        return self.refused(error)

    def show_progress(self, step: Progress) -> None:
        if self.stop_asked and step.fraction >= 1:
            return  # the run's last step says 1.0, stopped or not: the bar stays at the share of the file read
        self.query_one(ImportBar).update(progress=round(step.fraction * 100))
        counts = t("import.progress", percent=f"{step.fraction:.0%}", read=f"{step.read:,}",
                   imported=f"{step.imported:,}", skipped=f"{step.skipped:,}", rejected=f"{step.rejected:,}")
        self.say(counts + "\n" + speed_text(step.read, step.fraction, time.monotonic() - self.started))

    def _import_ended(self) -> None:
        self.importing = False

    def show_result(self, result: ImportResult) -> None:
        self._import_ended()
        if not result.stopped:
            self.query_one(ImportBar).update(progress=100)
        self.say("\n".join(outcome_lines(result, timed=False)), error=False)
        self.query_one("#import-note", Static).update(
            t("import.screen.rejects_title", count=f"{result.rejected:,}") if result.rejected
            else t("import.screen.no_rejects"))
        self.preview_rows = []
        table = self.query_one("#import-preview", FittedTable)
        set_columns(table, REJECT_COLUMNS)
        table.set_rows([(entry.where, entry.masked_reason) for entry in result.rejects])

    def action_back(self) -> None:
        if self.importing:
            self.stop_asked = True
            self.say(t("import.screen.stopping"))
            return
        self.app.pop_screen()
