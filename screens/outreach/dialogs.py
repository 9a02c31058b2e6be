"""The outreach dialogs: a campaign's title, purpose and script; one contact logged; who works a person."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, TextArea

from frontdesk.i18n import t
from screens.shell.bounded import BoundedInput
from screens.cases.dialogs import DeskDialog
from screens.shell.choices import NumberedSelect
from screens.shell.plain import Label, Select, Static

CHANNELS = ("phone", "visit", "message")


@dataclass(frozen=True)
class CampaignTyped:
    title: str
    purpose: str
    script: str


class CampaignDialog(DeskDialog):
    """A campaign to the list's people: its title, what it is for, and what to say."""

    AUTO_FOCUS = "#campaign-title"

    def __init__(self, people: int, *, typed: CampaignTyped | None = None, message: str = "") -> None:
        super().__init__()
        self.people, self.typed, self.message = people, typed, message

    def compose(self) -> ComposeResult:
        typed = self.typed
        with Vertical(classes="dialog"):
            yield Label(t("outreach.campaign.new", count=self.people), classes="dialog-title")
            yield Label(t("outreach.field.title"))
            yield BoundedInput(typed.title if typed else "", id="campaign-title", max_length=200)
            yield Label(t("outreach.field.purpose"))
            yield TextArea(typed.purpose if typed else "", id="campaign-purpose", soft_wrap=True,
                           classes="short-text")
            yield Label(t("outreach.field.script"))
            yield TextArea(typed.script if typed else "", id="campaign-script", soft_wrap=True, classes="short-text")
            yield Static(self.message, classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def action_done(self) -> None:
        title = self.query_one("#campaign-title", Input).value
        typed = CampaignTyped(title, self.query_one("#campaign-purpose", TextArea).text,
                              self.query_one("#campaign-script", TextArea).text)
        if not title.strip():
            self.complain(t("form.required", field=t("outreach.field.title")))
            return
        self.dismiss(typed)


@dataclass(frozen=True)
class ContactTyped:
    channel: str
    reached: bool
    outcome: str
    follow_up: bool


class ContactDialog(DeskDialog):
    """One try to reach a person: how, whether they were reached, what came of it, whether to follow up."""

    AUTO_FOCUS = "#contact-channel"

    def __init__(self, name: str, *, typed: ContactTyped | None = None, message: str = "") -> None:
        super().__init__()
        self.name_shown, self.typed, self.message = name, typed, message

    def compose(self) -> ComposeResult:
        typed = self.typed
        with Vertical(classes="dialog"):
            yield Label(t("outreach.contact.title", name=self.name_shown), classes="dialog-title")
            yield Label(t("outreach.field.channel"))
            yield NumberedSelect([(t(f"outreach.channel.{code}"), code) for code in CHANNELS],
                                 id="contact-channel", value=typed.channel if typed else "phone", allow_blank=False)
            yield Checkbox(t("outreach.field.reached"), typed.reached if typed else False, id="contact-reached")
            yield Label(t("outreach.field.outcome"))
            yield BoundedInput(typed.outcome if typed else "", id="contact-outcome", max_length=4000)
            yield Checkbox(t("outreach.field.follow_up"), typed.follow_up if typed else False, id="contact-follow-up")
            yield Static(self.message, classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def on_input_submitted(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        typed = ContactTyped(self.query_one("#contact-channel", Select).value,
                             self.query_one("#contact-reached", Checkbox).value,
                             self.query_one("#contact-outcome", Input).value,
                             self.query_one("#contact-follow-up", Checkbox).value)
        if typed.reached and not typed.outcome.strip():
            self.complain(t("form.required", field=t("outreach.field.outcome")))
            return
        self.dismiss(typed)


@dataclass(frozen=True)
class AssignTyped:
    kind: str  # officer | volunteer
    worker_id: uuid.UUID
    everyone_waiting: bool


class AssignDialog(DeskDialog):
    """Who works the highlighted person (or every person nobody works yet): an officer or a volunteer."""

    AUTO_FOCUS = "#assign-worker"

    def __init__(self, name: str, workers: list[tuple[str, uuid.UUID, str]], *, message: str = "") -> None:
        super().__init__()
        # Not self.workers: that is Textual's worker manager of every widget, which has no setter.
        self.name_shown, self.worker_choices, self.message = name, workers, message

    def compose(self) -> ComposeResult:
        options = [(t(f"outreach.worker.{kind}", name=name), f"{kind}:{worker_id}")
                   for kind, worker_id, name in self.worker_choices]
        with Vertical(classes="dialog"):
            yield Label(t("outreach.assign.title", name=self.name_shown), classes="dialog-title")
            yield Label(t("outreach.field.worker"))
            yield NumberedSelect(options, id="assign-worker", prompt=t("form.choose"))
            yield Checkbox(t("outreach.assign.everyone"), False, id="assign-everyone")
            yield Static(self.message, classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def action_done(self) -> None:
        chosen = self.query_one("#assign-worker", Select).value
        if chosen is Select.NULL:
            self.complain(t("form.required", field=t("outreach.field.worker")))
            return
        kind, _, worker_id = str(chosen).partition(":")
        self.dismiss(AssignTyped(kind, uuid.UUID(worker_id), self.query_one("#assign-everyone", Checkbox).value))
