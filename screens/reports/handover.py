"""The shift handover (交接班): one duty shift's cases, hand-offs, call-backs owed, patrols and notes.

Opens on the shift just ended (frontdesk.handover.handover_shift); [ / ] move
by a shift, s switches day and night, f types a date. n writes the notes for
the next officer, ctrl+s saves them, w writes the report files (saving first).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, TextArea

from frontdesk.sealing import sealed_note
from frontdesk.i18n import DeskError, parenthesised, t
from frontdesk.timefmt import DATE_FORMAT, local_text, parse_day
from screens.shell.bounded import BoundedInput
from screens.shell.base import DeskScreenBase
from screens.shell.columns import Fit, cell_width, plan_columns
from screens.shell.name_cuts import ellipsize
from screens.shell.footer import DeskFooter
from screens.shell.plain import Label, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from pathlib import Path

    from frontdesk.reports.desk import HandoverDesk
    from frontdesk.reports.handover import DutyShift, Handover
    from frontdesk.reports.handover_view import Column

#: How the screen colours a cell's tone (frontdesk.reports.handover_view).
TONES = {"open": "yellow", "alert": "bold red"}


class HandoverScreen(DeskScreenBase):
    CSS_PATH = "handover.tcss"
    HELP_KEY = "handover.help"
    ESCAPE_LEAVES_TEXT_BOX = True
    AUTO_FOCUS = "#handover-report"

    # In order of importance, as the footer leaves keys out from the last: at the handover the report is
    # written and the notes kept; stepping to another shift or date comes after.
    BINDINGS = [
        Binding("w", "write", "handover.key.write", tooltip="handover.key.write.tip", id="handover_write"),
        Binding("ctrl+s", "save", "handover.key.save", tooltip="handover.key.save.tip", id="handover_save"),
        Binding("n", "notes", "handover.key.notes", tooltip="handover.key.notes.tip", id="handover_notes"),
        Binding("s", "switch", "handover.key.switch", tooltip="handover.key.switch.tip", id="handover_switch"),
        Binding("f", "date", "handover.key.date", tooltip="handover.key.date.tip", id="handover_date"),
        Binding("left_square_bracket", "step(-1)", "handover.key.previous", tooltip="handover.key.previous.tip",
                id="handover_previous"),
        Binding("right_square_bracket", "step(1)", "handover.key.next", tooltip="handover.key.next.tip",
                id="handover_next"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh", show=False),
        Binding("escape", "back", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shift: DutyShift | None = None
        self.report: Handover | None = None
        self._shown_note = ""  # the note as loaded: leaving with other text saves it

    @property
    def service(self) -> HandoverDesk:
        return self.app.desk.handover

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="handover-period"):
            yield Label(t("handover.heading"), id="handover-heading")
            yield Label("", id="handover-shift")
            yield Label(t("handover.field.date"), classes="handover-label")
            yield BoundedInput(id="handover-day", placeholder="YYYY-MM-DD", compact=True)
        yield Static(t("handover.loading"), id="handover-summary")
        with VerticalScroll(id="handover-report"):
            yield Static("", id="handover-tables")
        yield Label(t("handover.section.notes"), id="handover-notes-title")
        yield TextArea(id="handover-note", soft_wrap=True, placeholder=t("handover.note_placeholder"))
        yield Static("", id="handover-message")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.shift = self.service.default_shift()
        self.action_refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < 32, "-short")  # a desk terminal: the report gets the rows

    # ---- choosing the shift ----------------------------------------------------------------

    def _show_shift(self, shift: DutyShift) -> None:
        if self._note_text() != self._shown_note and self.report is not None:
            self._save(then_load=shift)  # what was typed goes with the shift it was typed for
            return
        self.shift = shift
        self.action_refresh()

    def action_step(self, step: int) -> None:
        if self.shift is not None:
            self._show_shift(self.service.step(self.shift, step))

    def action_switch(self) -> None:
        if self.shift is not None:
            other = "night" if self.shift.kind == "day" else "day"
            self._show_shift(self.service.shift(self.shift.day, other))

    def action_date(self) -> None:
        self.query_one("#handover-day", Input).focus()

    @on(Input.Submitted, "#handover-day")
    def _date_typed(self, event: Input.Submitted) -> None:
        try:
            day: date = parse_day(event.value)
        except DeskError as error:
            self._message(error.message, error=True)
            return
        self.query_one("#handover-report").focus()
        self._show_shift(self.service.shift(day, self.shift.kind if self.shift else "day"))

    def action_refresh(self) -> None:
        if self.shift is not None:
            self.query_one("#handover-day", Input).value = self.shift.day.strftime(DATE_FORMAT)
            service, shift = self.service, self.shift
            self.read(lambda: service.report(shift), self.show, refused=self._refused)

    # ---- the notes -------------------------------------------------------------------------

    def _note_text(self) -> str:
        return self.query_one("#handover-note", TextArea).text

    def action_notes(self) -> None:
        self.query_one("#handover-note", TextArea).focus()

    def action_save(self) -> None:
        """ctrl+s: the notes are saved and the focus leaves them, so letters are the screen's keys again."""
        if isinstance(self.focused, (TextArea, Input)):
            self.query_one("#handover-report").focus()
        self._save()

    def keep_for_later(self) -> None:
        """The officer left for another area (an F-key): save the note typed; the outcome comes as a notice."""
        if self.report is not None and self._note_text() != self._shown_note:
            service, shift, text, version = self.service, self.report.shift, self._note_text(), self.report.note_version
            self.write(lambda: service.save_note(shift, text, version=version), notice=t("handover.saved"))

    def _save(self, then_load: DutyShift | None = None) -> None:
        if self.report is None:
            return
        self.save_note(self.report.shift, self._note_text(), self.report.note_version, then_load)

    def save_note(self, shift: DutyShift, text: str, version: int | None, then_load: DutyShift | None,
                  leave: bool = False) -> None:
        service = self.service
        self.write(lambda: service.save_note(shift, text, version=version),
                   lambda report: self._note_saved(report, then_load, leave), refused=self._refused,
                   notice=t("handover.saved"))

    def action_write(self) -> None:
        if self.report is not None:
            self._message(t("handover.loading"))
            service, shift, text, version = self.service, self.report.shift, self._note_text(), self.report.note_version
            self.write(lambda: service.write(shift, text, version=version), self._written, refused=self._refused,
                       notice=lambda result: _written_text(result[1]))

    def action_back(self) -> None:
        if isinstance(self.focused, (TextArea, Input)):
            self.query_one("#handover-report").focus()
            return
        if self.report is not None and self._note_text() != self._shown_note:
            self.save_note(self.report.shift, self._note_text(), self.report.note_version, None, leave=True)
            return
        self.app.pop_screen()

    # ---- what the saves answer ------------------------------------------------------------

    def _note_saved(self, report: Handover, then_load: DutyShift | None, leave: bool) -> None:
        self.show(report)
        if leave:
            self.app.pop_screen()
        elif then_load is not None:
            self.shift = then_load
            self.action_refresh()
        else:
            self._message(t("handover.saved"))

    def _written(self, result: tuple[Handover, list[Path]]) -> None:
        report, written = result
        self.show(report)
        self._message(_written_text(written))

    def _refused(self, error: DeskError) -> bool:
        """A refusal (notes too long, changed at another desk) shows under the notes; nothing typed is lost."""
        self._message(error.message, error=True)
        return True

    def _message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#handover-message", Static)
        message.update(text)
        message.set_class(error, "-error")

    # ---- showing it ------------------------------------------------------------------------

    def show(self, report: Handover) -> None:
        from frontdesk.reports.handover_view import facts, shift_title

        zone = self.app.desk.zone
        self.report, self.shift = report, report.shift
        self.query_one("#handover-shift", Label).update(shift_title(report, zone))
        self.query_one("#handover-day", Input).value = report.shift.day.strftime(DATE_FORMAT)
        shown = dict(facts(report, zone))
        summary = Text(no_wrap=False)
        for key in ("received", "still_open", "handed_off", "call_backs", "overdue", "patrol", "flagged", "audit_head"):
            name = t(f"handover.fact.{key}")
            if key in ("patrol", "audit_head"):
                summary.append("\n")
            elif summary:
                summary.append("   ")
            alert = key in ("still_open", "call_backs", "overdue", "flagged") and shown[name] not in ("0", "")
            summary.append(f"{name} ", style="dim")
            summary.append(shown[name], style="bold red" if alert else "bold")
        self.query_one("#handover-summary", Static).update(summary)
        self.query_one("#handover-tables", Static).update(self._tables(report))
        note = self.query_one("#handover-note", TextArea)
        if note.text != report.note:
            note.load_text(report.note)
        self._shown_note = report.note
        title = t("handover.section.notes")
        if report.note_at is not None:
            title += "  ·  " + t("handover.note_by", at=local_text(report.note_at, zone), name=report.note_by)
        self.query_one("#handover-notes-title", Label).update(title)

    def _tables(self, report: Handover) -> Group:
        from frontdesk.reports.handover_view import SCREEN, tables

        def cell(value: object, tone: str, mark: str, styled: bool) -> Text | str:
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            if not styled:
                return shown
            text = Text(shown, style=TONES.get(tone, ""))
            if mark:
                text.append(" · " + mark, style="bold red")
            return text

        parts: list[FittedGrid | Text] = []
        for model in tables(report, self.app.desk.zone):
            if SCREEN not in model.shows:
                continue
            columns = model.columns_for(SCREEN)
            title = parenthesised(model.title, model.total)
            rows = [[cell(c.value, c.tone, c.mark, column.styled) for c, column in zip(row, columns)]
                    for row in model.cells(SCREEN)]
            parts.append(FittedGrid(title, columns, rows) if model.items
                         else Text.assemble((title, "bold"), "  ", (t("handover.none"), "dim")))
            parts.append(Text(""))
        return Group(*parts)


class FittedGrid:
    """One handover table, laid out for the width it is drawn in: the identifying columns whole,
    the others narrowed or left out by their priority (screens.shell.columns), cut text ending in "…"."""

    def __init__(self, title: str, columns: list[Column], rows: list[list[Text | str]]) -> None:
        self.title, self.columns, self.rows = title, columns, rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fits = [Fit(str(index), max([cell_width(column.header)] + [cell_width(row[index]) for row in self.rows]),
                    column.priority, column.minimum, column.keep, header=cell_width(column.header))
                for index, column in enumerate(self.columns)]
        # Columns are two cells apart, none at the edges: that is one cell of padding either side, less two.
        plan = plan_columns(fits, options.max_width + 2, padding=1)
        grid = Table(title=self.title, title_justify="left", title_style="bold", box=None, header_style="bold",
                     expand=False, pad_edge=False, show_edge=False)
        for key, width in plan:
            grid.add_column(ellipsize(self.columns[int(key)].header, width), width=width, no_wrap=True)
        for row in self.rows:
            grid.add_row(*(ellipsize(row[int(key)], width) for key, width in plan))
        yield grid


def _written_text(written: list[Path]) -> str:
    return t("handover.written", files=", ".join(p.name for p in written), folder=str(written[0].parent)) + sealed_note(written[0])
