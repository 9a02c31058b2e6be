"""Dialogs on a person: reveal numbers with a reason, notes, contact, merge (tags: screens/tags/picker.py)."""

from __future__ import annotations

import uuid

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, TextArea

from frontdesk.callers.history import REVEAL_REASONS
from frontdesk.i18n import t
from screens.shell.bounded import BoundedInput
from screens.cases.dialogs import DeskDialog
from screens.shell.plain import DataTable, Label, Select, Static
from screens.shell.choices import NumberedSelect
from screens.shell.work import DeskWork


class RevealScreen(DeskDialog):
    """Why the full numbers are needed: the reason goes to the audit log."""

    AUTO_FOCUS = "#reveal-reason"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("reveal.title"), classes="dialog-title")
            options = [(t(f"reveal.reason.{code}"), code) for code in REVEAL_REASONS]
            yield NumberedSelect(options, id="reveal-reason", prompt=t("form.choose"))
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def action_done(self) -> None:
        reason = self.query_one("#reveal-reason", Select).value
        if reason is Select.NULL:
            self.complain(t("form.required", field=t("field.reason")))
            return
        self.dismiss(reason)


class NotesScreen(DeskDialog):
    """The desk's notes on a person."""

    AUTO_FOCUS = "#person-notes"

    def __init__(self, notes: str) -> None:
        super().__init__()
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("notes.title"), classes="dialog-title")
            yield Label(t("person.notes"))
            yield TextArea(self.notes, id="person-notes", soft_wrap=True)
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def action_done(self) -> None:
        self.dismiss(self.query_one("#person-notes", TextArea).text)


class ContactScreen(DeskDialog):
    """Name, address, and one more phone number."""

    AUTO_FOCUS = "#contact-name"

    def __init__(self, name: str, address: str, add_phone: str = "") -> None:
        super().__init__()
        self.values = (name, address, add_phone)

    def compose(self) -> ComposeResult:
        name, address, add_phone = self.values
        with Vertical(classes="dialog"):
            yield Label(t("contact.title"), classes="dialog-title")
            yield Label(t("form.reporter_name"))
            yield BoundedInput(name, id="contact-name")
            yield Label(t("form.reporter_address"))
            yield BoundedInput(address, id="contact-address")
            yield Label(t("contact.add_phone"))
            yield BoundedInput(add_phone, id="contact-phone", placeholder=t("form.optional"))
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def on_input_submitted(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        value = lambda name: self.query_one(f"#contact-{name}", Input).value  # noqa: E731
        self.dismiss({"name": value("name"), "address": value("address"), "add_phone": value("phone")})


class MergeScreen(DeskWork, DeskDialog):
    """Find the other record of this person; it is merged into this one."""

    AUTO_FOCUS = "#merge-find"

    def __init__(self, person_id: uuid.UUID, name: str) -> None:
        super().__init__()
        self.person_id, self.person_name = person_id, name
        self.hits: list = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("merge.title", name=self.person_name), classes="dialog-title")
            yield Label(t("merge.find"))
            yield BoundedInput(id="merge-find", placeholder=t("desk.search.placeholder"))
            table: DataTable[str] = DataTable(id="merge-hits", cursor_type="row")
            table.add_columns(t("col.name"), t("col.phone"), t("col.rid"), t("col.cases"))
            yield table
            yield Label(t("field.reason"))
            yield BoundedInput(id="merge-reason")
            yield Static("", classes="dialog-message")
            yield Label(t("merge.keys"), classes="dialog-keys")

    @on(Input.Changed, "#merge-find")
    def _find(self, event: Input.Changed) -> None:
        self.find(event.value)

    def find(self, typed: str) -> None:
        desk = self.app.desk
        self.read(lambda: (typed, desk.callers.search(typed).people), self._found, key="merge-find")

    def _found(self, found: tuple) -> None:
        typed, hits = found
        if typed != self.query_one("#merge-find", Input).value:
            return
        self.hits = [hit for hit in hits if hit.person_id != self.person_id]
        table = self.query_one("#merge-hits", DataTable)
        table.clear()
        for hit in self.hits:
            table.add_row(hit.name, hit.phone, hit.resident_id, str(hit.cases))

    def action_done(self) -> None:
        table = self.query_one("#merge-hits", DataTable)
        reason = self.query_one("#merge-reason", Input).value
        if not self.hits:
            self.complain(t("merge.choose_first"))
        elif not reason.strip():
            self.complain(t("form.required", field=t("field.reason")))
        else:
            self.dismiss((self.hits[max(table.cursor_row, 0)], reason))
