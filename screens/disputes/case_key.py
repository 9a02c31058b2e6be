"""The key on a case (d): the dispute the case is in, or a dispute opened from it, or an offered one it joins."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from frontdesk.i18n import DeskError, t
from screens.disputes.dialogs import JoinDialog

if TYPE_CHECKING:
    from frontdesk.disputes.views import Offer


class CaseDispute:
    """Mixin for the case screen (screens.cases.detail): action_dispute."""

    case_id: uuid.UUID

    def action_dispute(self) -> None:
        detail = getattr(self, "detail", None)
        if detail is None:
            return
        desk, case_id, case_no = self.app.desk, self.case_id, detail.case.case_no  # type: ignore[attr-defined]
        self.read(lambda: desk.disputes.for_case(case_id),  # type: ignore[attr-defined]
                  lambda found: self._dispute_found(case_no, *found), key="case-dispute")

    def offer_disputes(self) -> None:
        """Once per case screen: say so when the case matches an open dispute it is not in (d joins it)."""
        if getattr(self, "_disputes_offered", False):
            return
        self._disputes_offered = True
        desk, case_id = self.app.desk, self.case_id  # type: ignore[attr-defined]
        self.read(lambda: desk.disputes.for_case(case_id), self._offered, key="case-dispute-offer")  # type: ignore[attr-defined]

    def _offered(self, found: tuple[uuid.UUID | None, list[Offer]]) -> None:
        current, offers = found
        if current is None and offers:
            self.notify(t("dispute.offered", count=len(offers), ref=offers[0].ref, title=offers[0].title),  # type: ignore[attr-defined]
                        timeout=10)

    def _dispute_found(self, case_no: str, current: uuid.UUID | None, offers: list[Offer]) -> None:
        if current is not None:
            self._show_dispute(current)
            return
        self.app.push_screen(JoinDialog(case_no, offers),  # type: ignore[attr-defined]
                             lambda choice: self._join(case_no, choice))

    def _join(self, case_no: str, choice: tuple[str, str] | None) -> None:
        if choice is None:
            return
        which, plan = choice
        desk, case_id = self.app.desk, self.case_id  # type: ignore[attr-defined]
        if which == "new":
            job, done = (lambda: desk.disputes.open_from_case(case_id, plan=plan)), "dispute.opened"
        else:
            dispute_id = uuid.UUID(which)

            def job() -> uuid.UUID:
                desk.disputes.link_case(dispute_id, case_id)
                return dispute_id
            done = "dispute.linked"

        def refused(error: DeskError) -> bool:
            self.notify(error.message, severity="warning", timeout=8)  # type: ignore[attr-defined]
            return True

        def then(dispute_id: uuid.UUID) -> None:
            self.notify(t(done, case_no=case_no), timeout=6)  # type: ignore[attr-defined]
            self._show_dispute(dispute_id)

        self.write(job, then, refused=refused, notice=t(done, case_no=case_no))  # type: ignore[attr-defined]

    def _show_dispute(self, dispute_id: uuid.UUID) -> None:
        from screens.disputes.detail import DisputeScreen

        self.app.push_screen(DisputeScreen(dispute_id))  # type: ignore[attr-defined]
