"""Adding a party (victim, other party, suspect, witness) to a case being recorded."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from frontdesk.cases.recording import PartyDraft
from frontdesk.i18n import sentences, t
from frontdesk.callers.people import PersonInput, check_person_input
from frontdesk.vocab import PARTY_ROLES, label
from screens.shell.bounded import IdNumberInput
from screens.shell.bounded import BoundedInput
from screens.shell.localize import Localized
from screens.shell.choices import NumberedSelect
from screens.shell.plain import Label, Select, Static


class PartyScreen(Localized, ModalScreen[PartyDraft | None]):
    """Role, name and contact details of one more person in the case."""

    CSS_PATH = "../shell/dialogs.tcss"
    AUTO_FOCUS = "#party-role"

    BINDINGS = [
        Binding("ctrl+s", "add", "key.add", tooltip="key.add_party.tip", id="add"),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def compose(self) -> ComposeResult:
        roles = [(label("role", code), code) for code in PARTY_ROLES if code != "reporter"]
        with Vertical(classes="dialog"):
            yield Label(t("party.title"), classes="dialog-title")
            yield Label(t("field.party.role"))
            yield NumberedSelect(roles, id="party-role", value="victim", allow_blank=False)
            yield Label(t("form.reporter_name"))
            yield BoundedInput(id="party-name")
            yield Label(t("form.reporter_phone"))
            yield BoundedInput(id="party-phone", placeholder=t("form.optional"))
            yield Label(t("form.reporter_rid"))
            yield IdNumberInput(id="party-rid", placeholder=t("form.optional"))
            yield Label(t("form.reporter_address"))
            yield BoundedInput(id="party-address", placeholder=t("form.optional"))
            yield Static("", id="party-message", classes="dialog-message")
            yield Label(t("party.keys"), classes="dialog-keys")

    def on_input_submitted(self) -> None:
        self.action_add()

    def action_add(self) -> None:
        value = lambda name: self.query_one(f"#party-{name}", Input).value  # noqa: E731
        person = PersonInput(name=value("name"), phone=value("phone"), resident_id=value("rid"), address=value("address"))
        errors = check_person_input(person, "party")
        if errors:
            self.query_one("#party-message", Static).update(sentences(e.message for e in errors.values()))
            return
        self.dismiss(PartyDraft(role=self.query_one("#party-role", Select).value, person=person))

    def action_cancel(self) -> None:
        self.dismiss(None)
