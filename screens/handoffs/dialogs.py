"""Dialogs of a hand-off: passing a case on, the body's next step, the call-back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input

from frontdesk.handoffs.lifecycle import (
    FollowUpInput,
    HandoffInput,
    Proposal,
)
from frontdesk.handoffs.lists import BodyChoice, MatterChoice
from frontdesk.i18n import DeskError, parenthesised, t
from frontdesk.timefmt import local_text, parse_local
from frontdesk.vocab import HANDOFF_METHODS, SATISFACTION, label
from screens.shell.bounded import BoundedInput
from screens.cases.dialogs import DeskDialog
from screens.shell.plain import Label, Select, Static
from screens.shell.choices import NumberedSelect
from screens.shell.named_select import NamedSelect
from screens.shell.widgets import field_line


@dataclass(frozen=True)
class HandoffTyped:
    """The hand-off form as typed (kept to open the form again if saving is refused)."""

    matter: str | None
    body: str | None
    method: str
    our_ref: str
    their_ref: str
    due: str
    note: str


class HandoffDialog(DeskDialog):
    """A hand-off dialog: on a short terminal (80×24) its lines close up, so every field and the keys show."""

    CSS_PATH = ["../shell/dialogs.tcss", "dialogs.tcss"]

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < 32, "-short")


class HandoffFormScreen(HandoffDialog):
    """Pass a case to the body that owns the matter: the proposal is filled in, the officer confirms."""

    AUTO_FOCUS = "#handoff-matter"

    def __init__(self, proposal: Proposal, bodies: list[BodyChoice], matters: list[MatterChoice], zone: ZoneInfo,
                 typed: HandoffTyped | None = None) -> None:
        super().__init__()
        self.proposal, self.bodies, self.matters, self.zone = proposal, bodies, matters, zone
        due = local_text(proposal.due_at, zone) if proposal.due_at else ""
        self.typed = typed or HandoffTyped(matter=proposal.matter, body=proposal.body, method="work_order",
                                           our_ref=proposal.case_no, their_ref="", due=due, note="")
        self._due_by_hand = typed is not None and typed.due != due

    def compose(self) -> ComposeResult:
        typed = self.typed
        matters, bodies = {m.code for m in self.matters}, {b.code for b in self.bodies}
        with Vertical(classes="dialog wide"):
            yield Label(t("handoff.form.title", case_no=self.proposal.case_no), classes="dialog-title")
            yield Label(self.proposal.summary, classes="dialog-summary")
            # (the station's own lists, their names often long and alike: the chosen one is shown where it differs)
            yield field_line("field.matter", NamedSelect(
                [(m.name, m.code) for m in self.matters], id="handoff-matter", prompt=t("form.choose"),
                value=typed.matter if typed.matter in matters else Select.NULL))
            yield field_line("field.body", NamedSelect(
                [(self._body_text(b), b.code) for b in self.bodies], id="handoff-body",
                prompt=t("form.choose"), value=typed.body if typed.body in bodies else Select.NULL))
            yield field_line("field.method", NumberedSelect(
                [(label("method", code), code) for code in HANDOFF_METHODS], id="handoff-method",
                value=typed.method, allow_blank=False))
            yield field_line("field.our_ref", BoundedInput(typed.our_ref, id="handoff-our-ref", max_length=40))
            yield field_line("field.their_ref", BoundedInput(typed.their_ref, id="handoff-their-ref", max_length=40))
            yield field_line("field.due_at", BoundedInput(typed.due, id="handoff-due", placeholder="YYYY-MM-DD HH:MM"))
            yield field_line("field.note", BoundedInput(typed.note, id="handoff-note"))
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def _body_text(self, body: BodyChoice) -> str:
        return parenthesised(body.name, body.contact) if body.contact else body.name

    @on(Select.Changed, "#handoff-matter")
    def _matter_chosen(self, event: Select.Changed) -> None:
        """A matter proposes its usual body (and that body's due time, unless typed by hand)."""
        matter = next((m for m in self.matters if m.code == event.value), None)
        if matter is not None and matter.default_body:
            self.query_one("#handoff-body", Select).value = matter.default_body

    @on(Select.Changed, "#handoff-body")
    def _body_chosen(self, event: Select.Changed) -> None:
        body = next((b for b in self.bodies if b.code == event.value), None)
        if body is not None and not self._due_by_hand:
            self.query_one("#handoff-due", Input).value = local_text(
                self.app.clock() + timedelta(hours=body.default_due_hours), self.zone)

    @on(Input.Changed, "#handoff-due")
    def _due_typed(self, event: Input.Changed) -> None:
        if self.query_one("#handoff-due", Input).has_focus:
            self._due_by_hand = True

    def current(self) -> HandoffTyped:
        def chosen(selector: str) -> str | None:
            value = self.query_one(selector, Select).value
            return None if value is Select.NULL else str(value)

        return HandoffTyped(
            matter=chosen("#handoff-matter"), body=chosen("#handoff-body"),
            method=chosen("#handoff-method") or "work_order",
            our_ref=self.query_one("#handoff-our-ref", Input).value,
            their_ref=self.query_one("#handoff-their-ref", Input).value,
            due=self.query_one("#handoff-due", Input).value, note=self.query_one("#handoff-note", Input).value,
        )

    def action_done(self) -> None:
        typed = self.current()
        for value, field in ((typed.matter, "field.matter"), (typed.body, "field.body")):
            if value is None:
                self.complain(t("form.required", field=t(field)))
                return
        due: datetime | None = None
        if typed.due.strip():
            try:
                due = parse_local(typed.due, self.zone)
            except DeskError as error:
                self.complain(error.message)
                self.query_one("#handoff-due", Input).focus()
                return
        self.dismiss((typed, HandoffInput(body=typed.body, matter=typed.matter, method=typed.method,
                                          our_ref=typed.our_ref, their_ref=typed.their_ref, due_at=due,
                                          note=typed.note)))


class AdvanceScreen(HandoffDialog):
    """The body's next step: sent, accepted or done, with their reference if they gave one."""

    AUTO_FOCUS = "#advance-step"

    def __init__(self, case_no: str, steps: list[str], their_ref: str) -> None:
        super().__init__()
        self.case_no, self.steps, self.their_ref = case_no, steps, their_ref

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("handoff.advance.title", case_no=self.case_no), classes="dialog-title")
            yield field_line("handoff.advance.step", NumberedSelect(
                [(label("handoff.status", s), s) for s in self.steps], id="advance-step",
                value=self.steps[0], allow_blank=False))
            yield field_line("field.their_ref", BoundedInput(self.their_ref, id="advance-their-ref", max_length=40))
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def on_input_submitted(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        self.dismiss((str(self.query_one("#advance-step", Select).value),
                      self.query_one("#advance-their-ref", Input).value))


class FollowUpScreen(HandoffDialog):
    """The call-back: reached or not, what the citizen said, how satisfied they were."""

    AUTO_FOCUS = "#follow-reached"

    def __init__(self, case_no: str, body: str, typed: dict | None = None) -> None:
        super().__init__()
        self.case_no, self.body = case_no, body
        self.typed = typed or {"reached": True, "satisfaction": None, "result": "", "backflow": False}

    def compose(self) -> ComposeResult:
        typed = self.typed
        with Vertical(classes="dialog wide"):
            yield Label(t("followup.title", case_no=self.case_no, body=self.body), classes="dialog-title")
            yield field_line("field.reached", NumberedSelect(
                [(t("followup.reached"), "yes"), (t("followup.not_reached"), "no")], id="follow-reached",
                value="yes" if typed["reached"] else "no", allow_blank=False))
            yield field_line("field.satisfaction", NumberedSelect(
                [(label("satisfaction", s), s) for s in SATISFACTION], id="follow-satisfaction",
                prompt=t("form.choose"), value=typed["satisfaction"] or Select.NULL))
            yield field_line("field.result", BoundedInput(typed["result"], id="follow-result",
                                                   placeholder=t("followup.result_hint")))
            yield Checkbox(t("followup.backflow"), typed["backflow"], id="follow-backflow", compact=True)
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    @on(Select.Changed, "#follow-reached")
    def _reached_changed(self, event: Select.Changed) -> None:
        self.query_one("#follow-satisfaction", Select).disabled = event.value == "no"

    def on_input_submitted(self) -> None:
        self.action_done()

    def current(self) -> dict:
        satisfaction = self.query_one("#follow-satisfaction", Select).value
        return {
            "reached": self.query_one("#follow-reached", Select).value == "yes",
            "satisfaction": None if satisfaction is Select.NULL else str(satisfaction),
            "result": self.query_one("#follow-result", Input).value,
            "backflow": self.query_one("#follow-backflow", Checkbox).value,
        }

    def action_done(self) -> None:
        typed = self.current()
        if typed["reached"] and typed["satisfaction"] is None:
            self.complain(t("form.required", field=t("field.satisfaction")))
            self.query_one("#follow-satisfaction", Select).focus()
            return
        if typed["reached"] and not typed["result"].strip():
            self.complain(t("form.required", field=t("field.result")))
            self.query_one("#follow-result", Input).focus()
            return
        self.dismiss((typed, FollowUpInput(reached=typed["reached"], result=typed["result"],
                                           satisfaction=typed["satisfaction"] if typed["reached"] else None,
                                           backflow=typed["backflow"])))
