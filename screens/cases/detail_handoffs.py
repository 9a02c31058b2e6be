"""The hand-offs of a case, on its screen: the table and its lines, and the keys that move them on.

A mixin of `CaseDetailScreen` (screens.cases.detail): hand off (h), the next step (n),
returned (r), a call-back (f) and the slip (s). Every write goes through the screen's
`act`, so its notice, the case read again, or its refusal reaches the officer.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.text import Text

from frontdesk.handoffs.views import next_steps
from frontdesk.sealing import sealed_note
from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from frontdesk.vocab import label
from screens.cases.dialogs import ReasonScreen
from screens.shell.columns import FittedTable
from screens.handoffs.dialogs import AdvanceScreen, FollowUpScreen, HandoffFormScreen, HandoffTyped
from screens.shell.plain import Static

if TYPE_CHECKING:
    from frontdesk.cases.views import CaseDetail
    from frontdesk.handoffs.case_view import HandoffView


class CaseHandoffs:
    """What a case shows and does about its hand-offs (mixed into the case's screen)."""

    case_id: uuid.UUID
    detail: CaseDetail | None
    handoffs: list[HandoffView]

    def show_handoffs(self) -> None:
        zone = self.app.desk.zone
        rows = []
        for view in self.handoffs:
            status = Text(label("handoff.status", view.status))
            if view.overdue:
                status = Text(f"{status.plain} · {t('handoff.overdue')}", style="bold red")
            elif view.closed:
                status.append(f" · {t('handoff.closed')}")
            rows.append((view.body, view.matter, status, local_text(view.due_at, zone) if view.due_at else "—",
                         view.their_ref or "—", str(len(view.follow_ups))))
        self.query_one("#detail-handoffs", FittedTable).set_rows(rows)
        showing = bool(self.handoffs)
        for selector in ("#handoffs-title", "#detail-handoffs", "#handoff-lines"):
            self.query_one(selector).display = showing
        if showing:
            self.query_one("#handoff-lines", Static).update(self._handoff_text(self.handoffs[0]))

    def _handoff_text(self, view: HandoffView) -> Text:
        zone = self.app.desk.zone
        text = Text()
        text.append(t("handoff.line.handed", at=local_text(view.handed_at, zone), officer=view.handed_by or "—",
                      method=label("method", view.method), our_ref=view.our_ref))
        if view.body_contact:
            text.append(f"  ☎ {view.body_contact}")
        if view.done_at:
            text.append("\n" + t("handoff.line.done", at=local_text(view.done_at, zone)))
        if view.returned_reason:
            text.append("\n" + t("handoff.line.returned", reason=view.returned_reason), style="bold")
        if view.notes:
            text.append("\n" + t("handoff.line.note", note=view.notes))
        for call in view.follow_ups:
            outcome = label("satisfaction", call.satisfaction) if call.reached else t("followup.not_reached")
            said = dict(at=local_text(call.at, zone), officer=call.officer or "—", outcome=outcome)
            text.append("\n" + (t("handoff.line.call", **said, result=call.result) if call.result.strip()
                                 else t("handoff.line.call_only", **said)))
            if call.backflow:
                text.append(f" · {t('followup.backflow_said')}", style="bold")
        for back in view.backflows:
            text.append("\n" + t("handoff.line.backflow", case_no=back.case_no,
                                  at=local_text(back.received_at, zone)), style="bold red")
        if view.status == "done" and not view.closed:
            text.append("\n" + t("handoff.line.awaiting_call"), style="bold")
        return text

    def footer_first(self) -> tuple[str, ...]:
        """The hand-off's next step, kept in the footer when the rest gives way (screens.shell.footer): h on a
        non-police case not handed off, n while the body has it, f once it is done and no call-back reached."""
        if self.detail is None or self.detail.case.voided:
            return ()
        if not self.handoffs:
            return ("hand_off",) if not self.detail.case.police and self.detail.case.status != "closed" else ()
        latest = self.handoffs[0]
        if latest.status == "done":
            return () if latest.closed else ("follow_up",)
        return ("advance",) if next_steps(latest.status) else ()

    def _latest(self) -> HandoffView | None:
        if not self.handoffs:
            self.notify(t("handoff.none_yet"), severity="warning")
            return None
        return self.handoffs[0]

    def action_hand_off(self) -> None:
        if self.detail is None:
            return
        case = self.detail.case
        if case.status == "closed" and not case.voided:
            # Said at once: the form would only be refused once filled in (the service still decides).
            self.notify(t("handoff.case_closed", case_no=case.case_no), severity="warning")
            return
        self.open_hand_off(None, "")

    def open_hand_off(self, typed: HandoffTyped | None, message: str) -> None:
        """The hand-off form with the body proposed (again as typed, after a refusal)."""
        desk, case_id = self.app.desk.handoffs, self.case_id

        def propose() -> tuple:
            proposal = desk.propose(case_id)
            if proposal.open_handoff and typed is None:
                raise DeskError("handoff.already_open_short", case_no=proposal.case_no)
            return proposal, desk.bodies(), desk.matters()

        self.read(propose, lambda found: self._hand_off_form(*found, typed, message), key="hand-off")

    def _hand_off_form(self, proposal, bodies, matters, typed, message) -> None:
        screen = HandoffFormScreen(proposal, bodies, matters, self.app.desk.zone, typed)
        self.app.push_screen(screen, self._hand_off_typed)
        if message:
            self.call_after_refresh(screen.complain, message)

    def _hand_off_typed(self, result) -> None:
        if result is None:
            return
        typed, handoff = result
        desk, case_id = self.app.desk.handoffs, self.case_id

        def refused(error: DeskError) -> bool:
            self.open_hand_off(typed, error.message)  # the form again, as typed, with the reason
            return True

        self.act(lambda: desk.hand_off(case_id, handoff), self.said("handoff.done_msg"), refused=refused)

    def action_advance(self) -> None:
        view = self._latest()
        if view is None or self.detail is None:
            return
        steps = list(next_steps(view.status))
        if not steps:
            self.notify(t("handoff.finished", case_no=self.detail.case.case_no,
                          status=label("handoff.status", view.status)), severity="warning")
            return
        self.app.push_screen(AdvanceScreen(self.detail.case.case_no, steps, view.their_ref),
                             lambda chosen: self._advance(view, chosen))

    def _advance(self, view: HandoffView, chosen) -> None:
        if chosen is not None:
            step, their_ref = chosen
            desk = self.app.desk.handoffs
            self.act(lambda: desk.advance(view.id, step, version=view.version, their_ref=their_ref),
                     self.said(f"handoff.moved.{step}"))

    def action_returned(self) -> None:
        view = self._latest()
        if view is not None and self.detail is not None:
            title = t("handoff.return.title", case_no=self.detail.case.case_no, body=view.body)
            self.app.push_screen(ReasonScreen(title, field_key="field.returned_reason"),
                                 lambda reason: self._returned(view, reason))

    def _returned(self, view: HandoffView, reason: str | None) -> None:
        if reason is not None:
            desk = self.app.desk.handoffs
            self.act(lambda: desk.return_handoff(view.id, reason=reason, version=view.version),
                     self.said("handoff.returned_msg"))

    def action_follow_up(self, typed: dict | None = None, message: str = "") -> None:
        view = self._latest()
        if view is None or self.detail is None:
            return
        if view.status != "done" and typed is None:
            # Said at once: the call-back would only be refused once typed, and the citizen's words lost with it
            # (the service still decides).
            self.notify(t("handoff.not_done_yet", case_no=self.detail.case.case_no,
                          status=label("handoff.status", view.status)), severity="warning")
            return
        screen = FollowUpScreen(self.detail.case.case_no, view.body, typed)
        self.app.push_screen(screen, lambda result: self._followed_up(view, result))
        if message:
            self.call_after_refresh(screen.complain, message)

    def _followed_up(self, view: HandoffView, result) -> None:
        if result is None:
            return
        typed, follow_up = result
        desk = self.app.desk.handoffs

        def refused(error: DeskError) -> bool:
            self.action_follow_up(typed, error.message)  # the call-back again, as typed, with the reason
            return True

        key = "followup.saved_closed" if follow_up.reached else "followup.saved_again"
        self.act(lambda: desk.follow_up(view.id, follow_up), self.said(key), refused=refused)

    def action_slip(self) -> None:
        view = self._latest()
        if view is not None:
            desk = self.app.desk.handoffs
            # The slip changes nothing on the case: no need to read it again.
            self.act(lambda: desk.write_slip(view.id),
                     lambda written: t("handoff.slip_written", path=str(written[1])) + sealed_note(written[1]), reload=False)
