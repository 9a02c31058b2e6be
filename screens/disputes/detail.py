"""One dispute: its owner and leader, plan, parties, cases and steps; a adds a step, s moves its state,
g gives it an owner and leader (a supervisor)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from frontdesk.vocab import label
from screens.disputes.dialogs import AssignDialog, StateDialog, StateTyped, StepDialog, StepTyped
from screens.cases.series import open_case
from screens.disputes.referral import DisputeReferral, referral_lines
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Static
from screens.shell.widgets import DeskHeader
from screens.shell.wrapped import WrappingTable

if TYPE_CHECKING:
    from frontdesk.disputes.views import DisputeDetail


class DisputeScreen(DisputeReferral, DeskScreenBase):
    CSS_PATH = "disputes.tcss"
    HELP_KEY = "help.dispute"
    GUARDED = {"assign": "assign_dispute"}

    BINDINGS = [
        Binding("a", "add_step", "dispute.key.step", tooltip="dispute.key.step.tip", id="dispute_step"),
        Binding("s", "change_state", "dispute.key.state", tooltip="dispute.key.state.tip", id="dispute_state"),
        Binding("g", "assign", "dispute.key.assign", tooltip="dispute.key.assign.tip", id="dispute_assign"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self, dispute_id: uuid.UUID) -> None:
        super().__init__()
        self.dispute_id = dispute_id
        self.detail: DisputeDetail | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="dispute-detail"):
            yield Static(t("detail.loading"), id="dispute-head")
            yield Label(t("dispute.parties"), classes="section")
            parties = FittedTable(id="dispute-parties", cursor_type="row")
            parties.set_columns([ColumnSpec("name", t("col.name"), keep=True),
                                 ColumnSpec("phone", t("col.phone"), priority=1, minimum=11)])
            yield parties
            yield Label(t("dispute.cases"), classes="section")
            cases = FittedTable(id="dispute-cases", cursor_type="row")
            cases.set_columns([ColumnSpec("case_no", t("col.case_no"), keep=True),
                               ColumnSpec("when", t("col.when"), priority=2, minimum=16),
                               ColumnSpec("status", t("col.status"), keep=True),
                               ColumnSpec("summary", t("col.summary"), priority=1, minimum=8)])
            yield cases
            yield Label(t("dispute.steps"), classes="section")
            steps = WrappingTable(id="dispute-steps", cursor_type="row")
            steps.set_columns([t("col.when"), t("dispute.step.kind"), t("col.officer"), t("dispute.field.outcome")])
            yield steps
        yield DeskFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    def on_screen_resume(self) -> None:
        """Back from one of its cases (closed there, say): the dispute as it is now."""
        if self.detail is not None:
            self.action_refresh()

    @on(DataTable.RowSelected, "#dispute-cases")
    def _open_case(self, event: DataTable.RowSelected) -> None:
        """Enter on one of the dispute's cases opens it, to close it or read it. Found by the row's key, its case id:
        a refresh (back from a case) may have put other cases on the rows before the Enter is read."""
        if event.row_key.value is not None:
            open_case(self.app, uuid.UUID(event.row_key.value))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or self.detail is None:
            return allowed
        if action in ("add_step", "change_state", "assign"):
            return self.detail.is_open
        return True

    def action_refresh(self) -> None:
        desk, dispute_id = self.app.desk, self.dispute_id
        self.read(lambda: desk.disputes.detail(dispute_id), self.show, key="dispute")

    def show(self, detail: DisputeDetail) -> None:
        self.detail = detail
        self.refresh_bindings()
        zone = self.app.desk.zone
        lines = [f"{detail.ref}  {detail.title}",
                 t("dispute.head.state", state=t(f"dispute.state.{detail.state}"), kind=detail.kind,
                   place=detail.place or "—"),
                 t("dispute.head.owner", owner=detail.owner, leader=detail.leader),
                 t("dispute.head.opened", opened=local_text(detail.opened_at, zone),
                   due=local_text(detail.next_step_due, zone) if detail.next_step_due else "—")]
        if detail.plan:
            lines.append(t("dispute.head.plan", plan=detail.plan))
        if detail.state_reason:
            lines.append(t("dispute.head.reason", reason=detail.state_reason))
        if detail.state == "resolved":
            lines.append(t("dispute.head.on_site") if detail.resolved_on_site else t("dispute.head.not_on_site"))
        if detail.referral is not None:
            lines.extend(referral_lines(detail.referral, zone))
        self.query_one("#dispute-head", Static).update("\n".join(lines))
        self.query_one("#dispute-parties", FittedTable).set_rows([(p.name, p.phone) for p in detail.parties])
        self.query_one("#dispute-cases", FittedTable).set_rows([
            (c.case_no, local_text(c.received_at, zone), label("status", c.status), c.summary) for c in detail.cases],
            keys=[c.case_id for c in detail.cases])
        self.query_one("#dispute-steps", WrappingTable).set_rows([
            (local_text(s.at, zone), t(f"dispute.step.{s.kind}") + (t("dispute.on_site_mark") if s.on_site else ""),
             s.by, t("dispute.step.who_what", who=s.took_part, what=s.outcome) if s.took_part else s.outcome)
            for s in detail.steps])

    # ---- changes: a refusal opens the dialog again as typed, with the reason -----------------------------

    def _change(self, job: Callable[[], Any], done_key: str, again: Callable[[str], None]) -> None:
        ref = self.detail.ref if self.detail else ""

        def refused(error: DeskError) -> bool:
            again(error.message)
            self.action_refresh()
            return True

        def done(_result: object) -> None:
            self.notify(t(done_key, ref=ref), timeout=6)
            self.action_refresh()

        self.write(job, done, refused=refused, notice=t(done_key, ref=ref))

    def action_add_step(self, typed: StepTyped | None = None, message: str = "") -> None:
        if self.detail is not None:
            self.app.push_screen(StepDialog(self.detail.ref, typed=typed, message=message), self._step)

    def _step(self, typed: StepTyped | None) -> None:
        if typed is None:
            return
        from frontdesk.disputes.lifecycle import StepInput

        desk, dispute_id = self.app.desk, self.dispute_id
        due = self.app.clock() + timedelta(days=typed.next_days) if typed.next_days else None
        step = StepInput(kind=typed.kind, outcome=typed.outcome, took_part=typed.took_part, on_site=typed.on_site,
                         next_due=due)
        self._change(lambda: desk.disputes.record_step(dispute_id, step), "dispute.step.saved",
                     lambda message: self.action_add_step(typed, message))

    def action_change_state(self, typed: StateTyped | None = None, message: str = "") -> None:
        detail = self.detail
        if detail is not None:
            may = self.app.desk.access.may("close_dispute_unresolved")
            self.app.push_screen(StateDialog(detail.ref, detail.state, may_close_unresolved=may, typed=typed,
                                             message=message), self._state)

    def _state(self, typed: StateTyped | None) -> None:
        if typed is None or self.detail is None:
            return
        if typed.to == "referred":  # through a hand-off to the body: its form next, with the reason as its note
            self.refer(note=typed.reason)
            return
        desk, dispute_id, version = self.app.desk, self.dispute_id, self.detail.version
        self._change(lambda: desk.disputes.move(dispute_id, typed.to, reason=typed.reason, on_site=typed.on_site,
                                                version=version),
                     "dispute.state.saved", lambda message: self.action_change_state(typed, message))

    def action_assign(self, message: str = "") -> None:
        if self.detail is None:
            return
        desk = self.app.desk
        self.read(desk.disputes.officers, lambda officers: self._ask_owner(officers, message), key="dispute-officers")

    def _ask_owner(self, officers: list, message: str) -> None:
        detail = self.detail
        if detail is not None:
            self.app.push_screen(AssignDialog(detail.ref, officers, owner_id=detail.owner_id,
                                              leader_id=detail.leader_id, message=message), self._assign)

    def _assign(self, chosen: tuple | None) -> None:
        if chosen is None or self.detail is None:
            return
        owner_id, leader_id = chosen
        desk, dispute_id, version = self.app.desk, self.dispute_id, self.detail.version
        self._change(lambda: desk.disputes.assign(dispute_id, owner_id=owner_id, leader_id=leader_id,
                                                  version=version),
                     "dispute.assign.saved", lambda message: self.action_assign(message))
