"""A dispute opened from the repeat list (F7, d on a reporter): the reporter's cases to link, chosen by keys
(space), the recent ones already ticked; cases in another open dispute are named and cannot be chosen."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from frontdesk.vocab import label
from screens.shell.bounded import BoundedInput
from screens.cases.dialogs import DeskDialog
from screens.shell.plain import Label, Selection, SelectionList, Static

if TYPE_CHECKING:
    from frontdesk.disputes.views import ReporterCases


class ReporterDisputeDialog(DeskDialog):
    """Which of the reporter's cases the new dispute links, and its plan."""

    AUTO_FOCUS = "#reporter-dispute-cases"
    # A reporter with many cases: the list scrolls within the dialog, so the title, the plan, a refusal and
    # the keys stay on the screen (at 24 rows, five cases show at a time).
    DEFAULT_CSS = """
    ReporterDisputeDialog #reporter-dispute-cases { max-height: 14; }
    ReporterDisputeDialog.-short #reporter-dispute-cases { max-height: 7; }
    """

    def __init__(self, found: ReporterCases, *, recent_days: int, message: str = "",
                 chosen: list[uuid.UUID] | None = None, plan: str = "") -> None:
        super().__init__()
        self.found, self.recent_days, self.message = found, recent_days, message
        self.chosen, self.plan = chosen, plan

    def compose(self) -> ComposeResult:
        zone, now = self.app.desk.zone, self.app.clock()
        since = now - timedelta(days=self.recent_days)
        options = []
        for case in self.found.cases:
            # A case in another open dispute names it where its status would be, before a long summary is cut.
            state = t("dispute.reporter.in", ref=case.dispute_ref) if case.dispute_ref else label("status", case.status)
            text = f"{case.case_no}  {local_text(case.received_at, zone)[:10]}  {state}  {case.summary}"
            ticked = (case.case_id in self.chosen) if self.chosen is not None else case.received_at >= since
            options.append(Selection(text, case.case_id, ticked and not case.dispute_ref,
                                     disabled=bool(case.dispute_ref)))
        with Vertical(classes="dialog wide"):
            yield Label(t("dispute.reporter.title", name=self.found.name), classes="dialog-title")
            yield Label(t("dispute.reporter.cases"))
            yield SelectionList[uuid.UUID](*options, id="reporter-dispute-cases")
            yield Label(t("dispute.plan"))
            yield BoundedInput(self.plan, id="reporter-dispute-plan")
            yield Static(self.message, classes="dialog-message")
            yield Label(t("dispute.reporter.keys"), classes="dialog-keys")

    def on_input_submitted(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        chosen = list(self.query_one("#reporter-dispute-cases", SelectionList).selected)
        if not chosen:
            self.complain(DeskError("dispute.choose_cases").message)
            return
        self.dismiss((chosen, self.query_one("#reporter-dispute-plan", Input).value))


class ReporterDispute:
    """Mixin for the repeat list (screens.callers.repeat_reporters): d opens a dispute for the reporter."""

    def open_dispute_for(self, person_id: uuid.UUID | None, phone: str | None, *, message: str = "",
                         chosen: list[uuid.UUID] | None = None, plan: str = "") -> None:
        desk = self.app.desk  # type: ignore[attr-defined]
        self.read(lambda: desk.disputes.reporter_cases(person_id=person_id, phone=phone),  # type: ignore[attr-defined]
                  lambda found: self._ask_cases(found, message, chosen, plan), key="reporter-dispute")

    def _ask_cases(self, found: ReporterCases, message: str, chosen, plan: str) -> None:
        dialog = ReporterDisputeDialog(found, recent_days=self.app.settings.repeat_window_days,  # type: ignore[attr-defined]
                                       message=message, chosen=chosen, plan=plan)
        self.app.push_screen(dialog, lambda answer: self._open_dispute(found, answer))  # type: ignore[attr-defined]

    def _open_dispute(self, found: ReporterCases, answer: tuple[list[uuid.UUID], str] | None) -> None:
        if answer is None:
            return
        case_ids, plan = answer
        desk, person_id = self.app.desk, found.person_id  # type: ignore[attr-defined]

        def refused(error: DeskError) -> bool:
            self.open_dispute_for(person_id, None, message=error.message, chosen=case_ids, plan=plan)
            return True

        def opened(dispute_id: uuid.UUID) -> None:
            from screens.disputes.detail import DisputeScreen

            self.notify(t("dispute.reporter.opened", name=found.name), timeout=6)  # type: ignore[attr-defined]
            self.app.push_screen(DisputeScreen(dispute_id))  # type: ignore[attr-defined]

        self.write(lambda: desk.disputes.open_for_person(person_id, case_ids, plan=plan), opened,  # type: ignore[attr-defined]
                   refused=refused, notice=t("dispute.reporter.opened", name=found.name))
