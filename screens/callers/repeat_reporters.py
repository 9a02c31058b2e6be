"""F7: who reports again and again, by person or by phone, and whether they were called back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input

from frontdesk.i18n import t
from frontdesk.timefmt import local_text
from screens.shell.bounded import BoundedInput
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.cases.dialogs import DeskDialog
from screens.disputes.reporter import ReporterDispute
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Select, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.callers.history import RepeatReporter, RepeatReporterPage

WINDOWS = (7, 30, 90, 365)


class ReviewScreen(DeskDialog):
    """The number was reviewed: was the person called back, and reached?"""

    AUTO_FOCUS = "#review-called"

    def __init__(self, who: str) -> None:
        super().__init__()
        self.who = who

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("review.title", who=self.who), classes="dialog-title")
            yield Checkbox(t("review.called_back"), True, id="review-called")
            yield Checkbox(t("review.reached"), False, id="review-reached")
            yield Label(t("review.note"))
            yield BoundedInput(id="review-note")
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def on_input_submitted(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        self.dismiss({
            "called_back": self.query_one("#review-called", Checkbox).value,
            "reached": self.query_one("#review-reached", Checkbox).value,
            "note": self.query_one("#review-note", Input).value,
        })


class RepeatReportersScreen(ReporterDispute, DeskScreenBase):
    CSS_PATH = "repeat_reporters.tcss"
    HELP_KEY = "help.repeat_reporters"
    GUARDED = {"review": "review_repeat_reporter"}
    AUTO_FOCUS = "#reporters"
    #: The list shows at most this many (the summary then says "first N of M").
    LIMIT = 100

    BINDINGS = [
        Binding("w", "next_window", "key.window", tooltip="key.window.tip", id="window"),
        Binding("b", "toggle_by_phone", "key.by_phone", tooltip="key.by_phone.tip", id="by_phone"),
        Binding("r", "review", "key.review", tooltip="key.review.tip", id="review"),
        Binding("d", "open_dispute", "dispute.key.dispute", tooltip="dispute.key.reporter.tip",
                id="reporter_dispute"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RepeatReporter] = []
        self.by_phone = False

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="reporter-filters"):
            with Vertical(classes="filter"):
                yield Label(t("reporters.window"))
                options = [(t("reporters.days", days=days), days) for days in WINDOWS]
                yield Select(options, id="window", value=self.app.settings.repeat_window_days
                             if self.app.settings.repeat_window_days in WINDOWS else 30, allow_blank=False)
            with Vertical(classes="filter"):
                yield Label(t("reporters.min"))
                yield BoundedInput(str(self.app.settings.repeat_threshold), id="min-reports", type="integer", max_length=3)
        yield Static("", id="reporters-summary")
        yield FittedTable(id="reporters", cursor_type="row", zebra_stripes=True)
        yield DeskFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        window = self.query_one("#window", Select).value
        typed = self.query_one("#min-reports", Input).value
        least = int(typed) if typed.isdecimal() and int(typed) > 0 else self.app.settings.repeat_threshold
        self.load(window, least, self.by_phone)

    def load(self, days: int, least: int, by_phone: bool) -> None:
        desk, limit = self.app.desk, self.LIMIT
        self.read(lambda: (days, least, desk.callers.repeat_reporter_page(days=days, min_reports=least,
                                                                          by_phone=by_phone, limit=limit)),
                  lambda loaded: self.show(*loaded))

    def show(self, days: int, least: int, page: RepeatReporterPage) -> None:
        self.rows = rows = page.rows
        zone = self.app.desk.zone
        table = self.query_one("#reporters", FittedTable)
        first = t("col.phone") if self.by_phone else t("col.name")
        second = t("col.name") if self.by_phone else t("col.phone")
        # Who, and how often, always; the last report, the review and the unfounded count give way when narrow.
        table.set_columns([
            ColumnSpec("first", first, keep=True), ColumnSpec("second", second, priority=1),
            ColumnSpec("reports", t("reporters.col.reports"), keep=True),
            ColumnSpec("repeats", t("reporters.col.repeats"), priority=2, minimum=4),
            ColumnSpec("unfounded", t("reporters.col.unfounded"), priority=4, minimum=4),
            ColumnSpec("last", t("reporters.col.last"), priority=3, minimum=16),
            ColumnSpec("reviewed", t("reporters.col.reviewed"), priority=5, minimum=10)])
        table.set_rows([
            ((row.phone, row.name) if self.by_phone else (row.name, row.phone))
            + (str(row.reports), str(row.repeats), str(row.unfounded), local_text(row.last_at, zone),
               local_text(row.reviewed_at, zone)[:10] if row.reviewed_at else "—")
            for row in rows])
        self.query_one("#reporters-summary", Static).update(t(
            "reporters.summary" if page.total <= len(rows) else "reporters.summary_cut",
            count=len(rows), total=page.total, days=days, least=least,
            by=t("reporters.by_phone") if self.by_phone else t("reporters.by_person"),
        ))

    @on(Select.Changed, "#window")
    @on(Input.Submitted, "#min-reports")
    def _filters_changed(self) -> None:
        self.action_refresh()

    def action_next_window(self) -> None:
        select = self.query_one("#window", Select)
        select.value = WINDOWS[(WINDOWS.index(select.value) + 1) % len(WINDOWS)]

    def action_toggle_by_phone(self) -> None:
        self.by_phone = not self.by_phone
        self.action_refresh()

    def _current(self) -> RepeatReporter | None:
        row = self.query_one("#reporters", DataTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def action_review(self) -> None:
        current = self._current()
        if current is not None:
            who = f"{current.name} {current.phone}".strip()
            self.app.push_screen(ReviewScreen(who), lambda answer: self._review(current, answer))

    def _review(self, row: RepeatReporter, answer: dict | None) -> None:
        if answer is not None:
            self.save_review(row, answer)

    def save_review(self, row: RepeatReporter, answer: dict) -> None:
        desk = self.app.desk
        self.write(lambda: desk.callers.record_review(person_id=row.person_id, phone_e164=row.phone_e164, **answer),
                   self._reviewed, notice=t("review.saved"))

    def _reviewed(self, _result: object) -> None:
        self.notify(t("review.saved"))
        self.action_refresh()

    def action_open_dispute(self) -> None:
        """A dispute for the highlighted reporter: their cases to link are chosen next."""
        current = self._current()
        if current is not None:
            self.open_dispute_for(current.person_id, current.phone_e164)

    @on(DataTable.RowSelected, "#reporters")
    def _open(self, event: DataTable.RowSelected) -> None:
        from screens.callers.person import PersonScreen

        current = self._current()
        if current is not None and current.person_id is not None:
            self.app.push_screen(PersonScreen(current.person_id))
