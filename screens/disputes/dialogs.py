"""The dispute dialogs: a step, a change of state, the owner and leader, and which dispute a case joins."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, TextArea
from textual.widgets.option_list import Option

from frontdesk.i18n import t
from screens.shell.bounded import BoundedInput
from screens.cases.dialogs import DeskDialog
from screens.shell.plain import Label, OptionList, Select, Static
from screens.shell.choices import NumberedSelect

if TYPE_CHECKING:
    from frontdesk.disputes.views import Offer

STEP_KINDS = ("visit", "call", "mediation")
#: The states an officer may move a dispute to from each state.
MOVES = {"open": ("mediating", "resolved", "referred", "closed_unresolved"),
         "mediating": ("resolved", "referred", "closed_unresolved")}


@dataclass(frozen=True)
class StepTyped:
    kind: str
    took_part: str
    outcome: str
    on_site: bool
    #: Days from now until the next step (None: leave the due date as it is).
    next_days: int | None


class StepDialog(DeskDialog):
    """A visit, call or mediation session: who took part, what came of it, and when the next step is due."""

    AUTO_FOCUS = "#step-kind"
    DEFAULT_CSS = """
    StepDialog.-short .dialog TextArea { max-height: 4; }
    """

    def __init__(self, ref: str, *, typed: StepTyped | None = None, message: str = "") -> None:
        super().__init__()
        self.ref, self.typed, self.message = ref, typed, message

    def compose(self) -> ComposeResult:
        typed = self.typed
        with Vertical(classes="dialog"):
            yield Label(t("dispute.step.title", ref=self.ref), classes="dialog-title")
            yield Label(t("dispute.step.kind"))
            yield NumberedSelect([(t(f"dispute.step.{kind}"), kind) for kind in STEP_KINDS],
                                 id="step-kind", value=typed.kind if typed else "visit", allow_blank=False)
            yield Label(t("dispute.step.took_part"))
            yield BoundedInput(typed.took_part if typed else "", id="step-took-part")
            yield Label(t("dispute.field.outcome"))
            yield TextArea(typed.outcome if typed else "", id="step-outcome", soft_wrap=True)
            yield Checkbox(t("dispute.step.on_site"), typed.on_site if typed else False, id="step-on-site")
            yield Label(t("dispute.step.next_days"))
            days = "" if typed is None or typed.next_days is None else str(typed.next_days)
            yield BoundedInput(days, id="step-next-days", type="integer", max_length=3)
            yield Static(self.message, classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_rows)  # once the screen's own handler has set -short or not

    def _fit_rows(self) -> None:
        """At 24 rows the boxes take one line each, so the dialog's title, a refusal and its keys show."""
        short = self.has_class("-short")
        for widget in self.query("Select, Input, Checkbox"):
            widget.compact = short

    def action_done(self) -> None:
        days = self.query_one("#step-next-days", Input).value.strip()
        if days and (not days.isdecimal() or int(days) < 1):
            self.complain(t("dispute.step.days_bad"))
            return
        self.dismiss(StepTyped(
            kind=self.query_one("#step-kind", Select).value, took_part=self.query_one("#step-took-part", Input).value,
            outcome=self.query_one("#step-outcome", TextArea).text, on_site=self.query_one("#step-on-site", Checkbox).value,
            next_days=int(days) if days else None))


@dataclass(frozen=True)
class StateTyped:
    to: str
    reason: str
    on_site: bool


class StateDialog(DeskDialog):
    """Where the dispute goes: mediating, resolved (on site?), referred (to whom) or closed unresolved (why)."""

    AUTO_FOCUS = "#state-to"

    def __init__(self, ref: str, state: str, *, may_close_unresolved: bool, typed: StateTyped | None = None,
                 message: str = "") -> None:
        super().__init__()
        self.ref, self.state, self.typed, self.message = ref, state, typed, message
        self.choices = [to for to in MOVES.get(state, ()) if to != "closed_unresolved" or may_close_unresolved]

    def compose(self) -> ComposeResult:
        typed = self.typed
        with Vertical(classes="dialog"):
            yield Label(t("dispute.state.title", ref=self.ref, state=t(f"dispute.state.{self.state}")),
                        classes="dialog-title")
            yield Label(t("dispute.state.to"))
            chosen = typed.to if typed and typed.to in self.choices else (self.choices[0] if self.choices else None)
            yield NumberedSelect([(t(f"dispute.state.{to}"), to) for to in self.choices],
                                 id="state-to", value=chosen if chosen else Select.NULL, allow_blank=not self.choices)
            yield Checkbox(t("dispute.state.on_site"), typed.on_site if typed else False, id="state-on-site")
            yield Label(t("dispute.state.reason"))
            yield BoundedInput(typed.reason if typed else "", id="state-reason")
            yield Static(self.message, classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def on_input_submitted(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        to = self.query_one("#state-to", Select).value
        if to is Select.NULL:
            self.complain(t("form.required", field=t("dispute.state.to")))
            return
        self.dismiss(StateTyped(to=to, reason=self.query_one("#state-reason", Input).value,
                                on_site=self.query_one("#state-on-site", Checkbox).value))


class AssignDialog(DeskDialog):
    """The owner officer and the responsible leader (a supervisor's choice)."""

    AUTO_FOCUS = "#assign-owner"

    def __init__(self, ref: str, officers: list[tuple[uuid.UUID, str]], *, owner_id: uuid.UUID | None,
                 leader_id: uuid.UUID | None, message: str = "") -> None:
        super().__init__()
        self.ref, self.officers, self.message = ref, officers, message
        self.owner_id, self.leader_id = owner_id, leader_id

    def compose(self) -> ComposeResult:
        known = {officer_id for officer_id, _ in self.officers}
        options = [(name, officer_id) for officer_id, name in self.officers]
        with Vertical(classes="dialog"):
            yield Label(t("dispute.assign.title", ref=self.ref), classes="dialog-title")
            yield Label(t("dispute.col.owner"))
            yield NumberedSelect(options, id="assign-owner", prompt=t("form.choose"),
                                 value=self.owner_id if self.owner_id in known else Select.NULL)
            yield Label(t("dispute.leader"))
            yield NumberedSelect(options, id="assign-leader", prompt=t("form.choose"),
                                 value=self.leader_id if self.leader_id in known else Select.NULL)
            yield Static(self.message, classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def action_done(self) -> None:
        owner = self.query_one("#assign-owner", Select).value
        leader = self.query_one("#assign-leader", Select).value
        if owner is Select.NULL:
            self.complain(t("form.required", field=t("dispute.col.owner")))
            return
        self.dismiss((owner, None if leader is Select.NULL else leader))


class JoinDialog(DeskDialog):
    """A case's way into a dispute: a new one opened from it, or one of the open disputes it matches."""

    AUTO_FOCUS = "#join-choices"

    def __init__(self, case_no: str, offers: list[Offer]) -> None:
        super().__init__()
        self.case_no, self.matching = case_no, offers

    def compose(self) -> ComposeResult:
        options = [Option(t("dispute.join.new"), id="new")]
        for offer in self.matching:
            why = t("dispute.join.by_party") if offer.by_party else t("dispute.join.by_place")
            options.append(Option(t("dispute.join.offer", ref=offer.ref, title=offer.title, why=why),
                                  id=str(offer.dispute_id)))
        with Vertical(classes="dialog"):
            yield Label(t("dispute.join.title", case_no=self.case_no), classes="dialog-title")
            yield OptionList(*options, id="join-choices")
            yield Label(t("dispute.plan"))
            yield BoundedInput("", id="join-plan")
            yield Static("", classes="dialog-message")
            yield Label(t("dispute.join.keys"), classes="dialog-keys")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._choice(event.option.id))

    def _choice(self, choice: str | None) -> tuple[str, str] | None:
        return (choice or "new", self.query_one("#join-plan", Input).value)

    def on_input_submitted(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        choices = self.query_one("#join-choices", OptionList)
        highlighted = choices.highlighted
        self.dismiss(self._choice(choices.get_option_at_index(highlighted).id if highlighted is not None else "new"))
