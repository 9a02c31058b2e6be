"""A caller's history: who they are, everything they reported, and what the desk did."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from frontdesk.i18n import DeskError, labelled, language, listed, t
from frontdesk.timefmt import local_text
from frontdesk.vocab import PARTY_ROLES, label
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable, narrowest_word, worded
from screens.shell.dialogs import ConfirmScreen
from screens.callers.person_dialogs import ContactScreen, MergeScreen, NotesScreen, RevealScreen
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Static
from screens.tags.shown import tag_lines
from screens.shell.widgets import DeskHeader
from screens.shell.wrapped import FoldedStatic

if TYPE_CHECKING:
    from frontdesk.callers.history import PersonHistory
    from frontdesk.tags.tagging import PersonTagRow


class PersonScreen(DeskScreenBase):
    CSS_PATH = "person.tcss"
    HELP_KEY = "help.person"
    AUTO_FOCUS = "#person-cases"

    BINDINGS = [
        Binding("n", "new_case", "key.new_case_for", tooltip="key.new_case_for.tip", id="new_case_for"),
        Binding("r", "reveal", "key.reveal", tooltip="key.reveal.tip", id="reveal"),
        Binding("a", "notes", "key.notes", tooltip="key.notes.tip", id="notes"),
        Binding("g", "tags", "key.person_tags", tooltip="key.person_tags.tip", id="person_tags"),
        Binding("e", "contact", "key.edit", tooltip="key.contact.tip", id="contact"),
        Binding("m", "merge", "key.merge", tooltip="key.merge.tip", id="merge"),
        Binding("u", "undo_merge", "key.undo_merge", tooltip="key.undo_merge.tip", id="undo_merge"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self, person_id: uuid.UUID) -> None:
        super().__init__()
        self.person_id = person_id
        self.history: PersonHistory | None = None
        self.tags: list[PersonTagRow] = []
        self.revealed: tuple[list[str], str] | None = None
        self._typed: dict = {}

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="person"):
            yield FoldedStatic(t("detail.loading"), id="person-head")
            yield Static("", id="person-counts")
            yield Label(t("person.cases"), classes="section")
            cases = FittedTable(id="person-cases", cursor_type="row", zebra_stripes=True)
            cases.set_columns([
                ColumnSpec("case_no", t("col.case_no"), keep=True), ColumnSpec("received", t("col.received"), keep=True),
                ColumnSpec("role", t("col.role"), priority=3, minimum=narrowest_word("role", PARTY_ROLES)), ColumnSpec("category", t("col.category"), priority=2, minimum=8, names=True),
                ColumnSpec("status", t("col.status"), keep=True), ColumnSpec("disposition", t("field.disposition"), priority=4),
                ColumnSpec("summary", t("col.summary"), priority=1, minimum=10)])
            yield cases
            yield Label(t("person.handoffs"), classes="section")
            handoffs = FittedTable(id="person-handoffs", cursor_type="row")
            handoffs.set_columns([
                ColumnSpec("case_no", t("col.case_no"), keep=True), ColumnSpec("body", t("person.col.body"), priority=1, names=True),
                ColumnSpec("status", t("col.status"), keep=True), ColumnSpec("handed", t("person.col.handed"), keep=True),
                ColumnSpec("follow_ups", t("person.col.follow_ups"), priority=3, minimum=4,
                           short=t("person.col.follow_ups.short")),
                ColumnSpec("satisfaction", t("person.col.satisfaction"), priority=2)])
            yield handoffs
            yield Label(t("person.shifts"), classes="section")
            shifts = FittedTable(id="person-shifts", cursor_type="row")
            shifts.set_columns([
                ColumnSpec("date", t("person.col.date"), keep=True), ColumnSpec("team", t("person.col.team"), priority=1),
                ColumnSpec("in", t("person.col.in"), keep=True), ColumnSpec("out", t("person.col.out"), keep=True)])
            yield shifts
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        desk, person_id = self.app.desk, self.person_id
        self.read(lambda: (desk.callers.person_history(person_id), desk.tags.of_person(person_id)), self._loaded)

    def _loaded(self, loaded: tuple[PersonHistory, list[PersonTagRow]]) -> None:
        self.history, self.tags = loaded
        self.show()

    def show(self) -> None:
        history, zone = self.history, self.app.desk.zone
        phones = listed(self.revealed[0] if self.revealed else history.phones)
        rid = (self.revealed[1] if self.revealed else history.resident_id) or "—"
        head = Text()
        head.append(history.name, style="bold")
        if history.merged_into:
            head.append(f"  {t('person.merged_away')}", style="reverse")
        head.append(f"\n{labelled(t('col.phone'), phones or '—')}    {labelled(t('col.rid'), rid)}")
        if self.revealed:
            head.append(f"  {t('person.revealed')}", style="bold")
        head.append("\n" + labelled(t("form.reporter_address"), history.address or "—"))
        head.append("\n" + labelled(t("person.notes"), history.notes or "—"))
        head.append("\n" + labelled(t("person.tags"), "" if self.tags else "—"))
        head.append_text(tag_lines(self.tags))
        self.query_one("#person-head", Static).update(head)
        month, year = history.last_30_days, history.last_year
        self.query_one("#person-counts", Static).update(t(
            "person.counts", month=month.reports, year=year.reports, repeats=year.repeats, unfounded=year.unfounded,
        ))
        self.query_one("#person-cases", FittedTable).set_rows([
            (case.case_no, local_text(case.received_at, zone), worded("role", case.role), case.category,
             t("detail.voided_state") if case.voided else label("status", case.status),
             label("disposition", case.disposition), case.summary)
            for case in history.cases])
        zh = language() == "zh"
        self.query_one("#person-handoffs", FittedTable).set_rows([
            (handoff.case_no, handoff.body_zh if zh else handoff.body_en, t(f"handoff.status.{handoff.status}"),
             local_text(handoff.handed_at, zone), str(handoff.follow_ups),
             t(f"satisfaction.{handoff.satisfaction}") if handoff.satisfaction else "—")
            for handoff in history.handoffs])
        self.query_one("#person-shifts", FittedTable).set_rows([
            (str(shift.shift_date), shift.team,
             t("person.no_show") if shift.no_show else (local_text(shift.checked_in_at, zone)[11:] if shift.checked_in_at else "—"),
             local_text(shift.checked_out_at, zone)[11:] if shift.checked_out_at else "—")
            for shift in history.shifts])

    @on(DataTable.RowSelected, "#person-cases")
    def _open_case(self, event: DataTable.RowSelected) -> None:
        from screens.cases.detail import CaseDetailScreen

        if self.history and 0 <= event.cursor_row < len(self.history.cases):
            self.app.push_screen(CaseDetailScreen(self.history.cases[event.cursor_row].case_id))

    def on_screen_resume(self) -> None:
        if self.history is not None:
            self.load()

    # ---- actions ---------------------------------------------------------------

    def action_new_case(self) -> None:
        from screens.cases.form import CaseFormScreen

        if self.history:
            self.app.push_screen(CaseFormScreen(person_id=self.person_id))

    def action_reveal(self) -> None:
        if self.revealed:
            self.revealed = None
            self.show()
        else:
            self.app.push_screen(RevealScreen(), self._reveal)

    def _reveal(self, reason: str | None) -> None:
        if reason:
            self.reveal_numbers(reason)

    def reveal_numbers(self, reason: str) -> None:
        # A write: the reason goes to the audit log.
        desk, person_id = self.app.desk, self.person_id
        self.write(lambda: desk.callers.reveal(person_id, reason=reason), self._revealed, notice="")

    def _revealed(self, numbers: tuple[list[str], str]) -> None:
        self.revealed = numbers
        self.show()

    def action_notes(self, message: str = "") -> None:
        if not self.history:
            return
        screen = NotesScreen(self._typed.get("notes", self.history.notes))
        self.app.push_screen(screen, self._notes)
        if message:
            self.call_after_refresh(screen.complain, message)

    def _notes(self, answer) -> None:
        if answer is not None:
            notes = answer
            self._typed = {"notes": notes}
            self.change(lambda desk: desk.callers.update_person(self.person_id, version=self.history.version,
                                                        notes=notes), "person.saved")

    def action_tags(self) -> None:
        from screens.tags.picker import TagPickerScreen

        if self.history:
            self.app.push_screen(TagPickerScreen(self.person_id, self.history.name), self._tagged)

    def _tagged(self, message: str | None) -> None:
        if message:
            self.load()

    def action_contact(self, message: str = "") -> None:
        if not self.history:
            return
        screen = ContactScreen(self._typed.get("name", self.history.name),
                               self._typed.get("address", self.history.address), self._typed.get("add_phone", ""))
        self.app.push_screen(screen, self._contact)
        if message:
            self.call_after_refresh(screen.complain, message)

    def _contact(self, answer) -> None:
        if answer is not None:
            self._typed = answer
            self.change(lambda desk: desk.callers.update_person(self.person_id, version=self.history.version, **answer),
                        "person.saved")

    def action_merge(self) -> None:
        if self.history:
            self.app.push_screen(MergeScreen(self.person_id, self.history.name), self._merge)

    def _merge(self, answer) -> None:
        if answer is None:
            return
        other, reason = answer

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._typed = {}
                self.change(lambda desk: desk.callers.merge_people(merged_id=other.person_id, survivor_id=self.person_id,
                                                           reason=reason), "person.merged")

        question = t("merge.confirm", other=f"{other.name} {other.phone} {other.resident_id}".strip(),
                     name=self.history.name, count=other.cases)
        self.app.push_screen(ConfirmScreen(question), confirmed)

    def action_undo_merge(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self._typed = {}
                self.change(lambda desk: desk.callers.undo_last_merge(self.person_id), "person.unmerged")

        self.app.push_screen(ConfirmScreen(t("merge.undo_confirm")), confirmed)

    def change(self, do, done_key: str) -> None:
        desk, message = self.app.desk, t(done_key)
        self.write(lambda: do(desk), lambda _: self._changed(message), refused=self._change_refused, notice=message)

    def _changed(self, message: str) -> None:
        self._typed = {}  # saved: the next edit starts from what is stored
        if message:
            self.notify(message)
        self.load()

    def _change_refused(self, error: DeskError) -> bool:
        """A refused edit reopens its dialog with what was typed and why; the history is
        loaded again, so a second try is made against what is there now."""
        if self._typed:
            self.load()
            if "add_phone" in self._typed:
                self.action_contact(error.message)
            else:
                self.action_notes(error.message)
            return True
        self.notify(error.message, severity="error", timeout=8)
        return True
