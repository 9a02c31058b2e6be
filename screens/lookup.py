"""The look-up box: results as the officer types, the best first; Enter opens one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Static
from textual.worker import Worker, WorkerState

from frontdesk.i18n import t
from frontdesk.timefmt import local_text
from frontdesk.vocab import label

if TYPE_CHECKING:
    from frontdesk.search import Results


class LookupBox(Vertical):
    """Search input and its results; posts Chosen when the officer opens a result."""

    DEFAULT_CSS = """
    LookupBox { height: auto; }
    LookupBox #search-row { height: 3; padding: 0 1; margin-top: 1; }
    LookupBox #search-label { width: auto; padding: 1 1 0 0; text-style: bold; }
    LookupBox #search { width: 1fr; }
    LookupBox #search-note { color: $text-muted; padding: 0 2; height: 1; }
    LookupBox #results { height: auto; max-height: 12; margin: 0 1; display: none; }
    LookupBox.-has-results #results { display: block; }
    """

    BINDINGS = [
        Binding("down", "to_results", show=False),
    ]

    @dataclass
    class Chosen(Message):
        person_id: uuid.UUID | None = None
        case_id: uuid.UUID | None = None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.results: Results | None = None
        self._open_when_found = False  # Enter pressed before the search had answered
        self._mode = ""  # which columns the results table has: "cases" or "people"

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-row"):
            yield Label(t("desk.search.label"), id="search-label")
            yield Input(placeholder=t("desk.search.placeholder"), id="search")
        yield Static(t("lookup.hint"), id="search-note")
        yield DataTable(id="results", cursor_type="row", zebra_stripes=True)

    @property
    def input(self) -> Input:
        return self.query_one("#search", Input)

    def clear(self) -> None:
        self.input.value = ""

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        if self.app.desk is None:
            return
        if not event.value.strip():
            self._open_when_found = False
            self._show(None)
            return
        self.find(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="lookup")
    def find(self, typed: str) -> Results:
        return self.app.desk.search(typed)

    @on(Worker.StateChanged)
    def _found(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "find":
            return
        if event.state == WorkerState.SUCCESS:
            results = event.worker.result
            if results.typed == self.input.value:  # a newer keystroke's search is on its way otherwise
                self._show(results)
                if self._open_when_found:
                    self._open_when_found = False
                    self._open(0)
        elif event.state == WorkerState.ERROR:
            self.query_one("#search-note", Static).update(getattr(event.worker.error, "message", t("lookup.failed")))

    def _show(self, results: Results | None) -> None:
        self.results = results
        table = self.query_one("#results", DataTable)
        note = self.query_one("#search-note", Static)
        if results is None:
            self.remove_class("-has-results")
            note.update(t("lookup.hint"))
            return
        zone = self.app.desk.zone
        mode = "cases" if results.cases else "people"
        if mode != self._mode:  # columns change only when cases give way to people or back
            self._mode = mode
            table.clear(columns=True)
            if mode == "cases":
                table.add_columns(t("col.case_no"), t("col.received"), t("col.category"), t("col.status"),
                                  t("col.summary"))
            else:
                table.add_columns(t("col.name"), t("col.phone"), t("col.rid"), t("col.cases"),
                                  t("lookup.col.matched"), t("form.reporter_address"))
        else:
            table.clear()
        if results.cases:
            for hit in results.cases:
                table.add_row(hit.case_no, local_text(hit.received_at, zone), hit.category,
                              label("status", hit.status), hit.summary)
        else:
            for hit in results.people:
                table.add_row(hit.name, hit.phone, hit.resident_id, str(hit.cases),
                              t(f"lookup.matched.{hit.matched}") + (" ✓" if hit.exact else ""), hit.address)
        count = len(results.cases) or len(results.people)
        self.set_class(count > 0, "-has-results")
        note.update(t("lookup.count", count=count) if count else t("lookup.none"))

    def action_to_results(self) -> None:
        if self.has_class("-has-results"):
            self.query_one("#results", DataTable).focus()

    @on(Input.Submitted, "#search")
    def _open_first(self) -> None:
        if self.results is None or self.results.typed != self.input.value:
            self._open_when_found = bool(self.input.value.strip())
        else:
            self._open(0)

    @on(DataTable.RowSelected, "#results")
    def _open_chosen(self, event: DataTable.RowSelected) -> None:
        self._open(event.cursor_row)

    def _open(self, row: int) -> None:
        results = self.results
        if results is None:
            return
        if results.cases and 0 <= row < len(results.cases):
            self.post_message(self.Chosen(case_id=results.cases[row].case_id))
        elif results.people and 0 <= row < len(results.people):
            self.post_message(self.Chosen(person_id=results.people[row].person_id))
