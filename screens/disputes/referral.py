"""Referring a dispute from its screen: the hand-off form, proposed for the dispute's latest live case; and
the lines that show the referral's hand-off (its step, the body's return, the call-back) on the dispute."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from frontdesk.i18n import DeskError, parenthesised, t
from frontdesk.timefmt import local_text
from frontdesk.vocab import label
from screens.handoffs.dialogs import HandoffFormScreen, HandoffTyped

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from frontdesk.disputes.referral import ReferralState


def referral_lines(state: ReferralState, zone: ZoneInfo) -> list[str]:
    """What the dispute says about its referral: where it went and how far the body has got."""
    status = label("handoff.status", state.status)
    if state.overdue:
        status = parenthesised(status, t("dispute.referral.overdue"))
    lines = [t("dispute.referral.line", body=state.body, status=status,
               due=local_text(state.due_at, zone) if state.due_at else "—")]
    if state.status == "returned":
        lines.append(t("dispute.referral.returned", reason=state.returned_reason or "—"))
    elif state.finished:
        lines.append(t("dispute.referral.finished", result=state.result or "—"))
    elif state.status == "done":
        lines.append(t("dispute.referral.awaiting_call_back", count=state.calls))
    return lines


class DisputeReferral:
    """Mixin for the dispute screen: `refer` opens the hand-off form and refers the dispute through it."""

    dispute_id: uuid.UUID

    def refer(self, note: str = "", typed: HandoffTyped | None = None, message: str = "") -> None:
        desk, dispute_id = self.app.desk, self.dispute_id  # type: ignore[attr-defined]

        def propose() -> tuple:
            case_id = desk.disputes.referral_case(dispute_id)
            return desk.handoffs.propose(case_id), desk.handoffs.bodies(), desk.handoffs.matters()

        self.read(propose, lambda found: self._referral_form(*found, note, typed, message),  # type: ignore[attr-defined]
                  key="dispute-referral")

    def _referral_form(self, proposal, bodies, matters, note: str, typed: HandoffTyped | None, message: str) -> None:
        if typed is None and note.strip():
            due = local_text(proposal.due_at, self.app.desk.zone) if proposal.due_at else ""  # type: ignore[attr-defined]
            typed = HandoffTyped(matter=proposal.matter, body=proposal.body, method="work_order",
                                 our_ref=proposal.case_no, their_ref="", due=due, note=note.strip())
        screen = HandoffFormScreen(proposal, bodies, matters, self.app.desk.zone, typed)  # type: ignore[attr-defined]
        self.app.push_screen(screen, self._referral_typed)  # type: ignore[attr-defined]
        if message:
            self.call_after_refresh(screen.complain, message)  # type: ignore[attr-defined]

    def _referral_typed(self, result) -> None:
        detail = getattr(self, "detail", None)
        if result is None or detail is None:
            return
        from frontdesk.disputes.referral import Referral

        typed, handoff = result
        referral = Referral(body=handoff.body, matter=handoff.matter, method=handoff.method, our_ref=handoff.our_ref,
                            their_ref=handoff.their_ref, due_at=handoff.due_at, note=handoff.note)
        desk, dispute_id, version, ref = self.app.desk, self.dispute_id, detail.version, detail.ref  # type: ignore[attr-defined]

        def refused(error: DeskError) -> bool:
            self.refer(typed=typed, message=error.message)  # the form again, as typed, with the reason
            return True

        def done(_result: object) -> None:
            self.notify(t("dispute.referral.saved", ref=ref), timeout=6)  # type: ignore[attr-defined]
            self.action_refresh()  # type: ignore[attr-defined]

        self.write(lambda: desk.disputes.refer(dispute_id, referral, version=version), done,  # type: ignore[attr-defined]
                   refused=refused, notice=t("dispute.referral.saved", ref=ref))
