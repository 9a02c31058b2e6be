"""The case form's dispute offer (beside the repeat check): while a case is recorded, the open disputes its
reporter (a party, or a party's phone) or its place match are offered; ctrl+g takes the offer (again: the
next one, then none), and the new case is linked into that dispute right after it is saved (audited as a
link). Nothing is linked without the officer's key."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Callable

from textual.widgets import Input
from screens.shell.plain import Static

from frontdesk.i18n import DeskError, t

if TYPE_CHECKING:
    from frontdesk.disputes.views import Offer


class DisputeOffer:
    """Mixin for the case form (screens.cases.form): the offer, the key, and the link after the save."""

    person_id: uuid.UUID | None

    def init_dispute_offer(self) -> None:
        self.dispute_offers: list[Offer] = []
        #: The offered dispute the officer took with ctrl+g (None: the case joins none).
        self.joining: Offer | None = None
        #: What became of the link after the last save: (message, severity).
        self._join_outcome: list[tuple[str, str]] = []

    def look_for_disputes(self) -> None:
        """Ask again which open disputes the reporter or place typed so far match."""
        from frontdesk.validation import normalize_phone

        phone = None
        try:
            phone = normalize_phone(self.query_one("#reporter-phone", Input).value)  # type: ignore[attr-defined]
        except DeskError:
            pass
        place = self.query_one("#place", Input).value  # type: ignore[attr-defined]
        person_id, desk = self.person_id, self.app.desk  # type: ignore[attr-defined]
        if person_id is None and phone is None and not place.strip():
            self.stale("dispute-offer")  # type: ignore[attr-defined]
            self._show_offers([])
            return
        self.read(lambda: desk.disputes.offers(person_ids=[person_id] if person_id else [], place=place,  # type: ignore[attr-defined]
                                               phones=[phone] if phone else []),
                  self._show_offers, key="dispute-offer")

    def reporter_changed(self) -> None:
        self.look_for_disputes()

    def _show_offers(self, offers: list[Offer]) -> None:
        self.dispute_offers = offers
        if self.joining is not None and all(offer.dispute_id != self.joining.dispute_id for offer in offers):
            self.joining = None  # another reporter or place: the dispute taken no longer matches
        self._show_offer()

    def _show_offer(self) -> None:
        note = self.query_one("#dispute-offer", Static)  # type: ignore[attr-defined]
        offers, joining = self.dispute_offers, self.joining
        if joining is not None:
            note.update(t("dispute.form.joining", ref=joining.ref, title=joining.title))
        elif offers:
            first = offers[0]
            why = t("dispute.join.by_party") if first.by_party else t("dispute.join.by_place")
            note.update(t("dispute.form.offer", count=len(offers), ref=first.ref, title=first.title, why=why))
        else:
            note.update("")
        self.set_class(bool(offers), "-has-dispute-offer")  # type: ignore[attr-defined]

    def action_join_dispute(self) -> None:
        """Take the offered dispute for the new case; again: the next offer, and after the last, none."""
        offers = self.dispute_offers
        if not offers:
            self.notify(t("dispute.form.none"), severity="warning")  # type: ignore[attr-defined]
            return
        at = next((n for n, offer in enumerate(offers) if self.joining and offer.dispute_id == self.joining.dispute_id),
                  -1)
        self.joining = offers[at + 1] if at + 1 < len(offers) else None
        self._show_offer()

    def recording(self, record: Callable[[], Any]) -> Callable[[], Any]:
        """The save's job: the case recorded, then (taken by the officer) linked into the dispute."""
        joining, desk, outcome = self.joining, self.app.desk, self._join_outcome  # type: ignore[attr-defined]
        outcome.clear()

        def job() -> Any:
            recorded = record()
            if joining is not None and not recorded.already:
                try:
                    desk.disputes.link_case(joining.dispute_id, recorded.case_id)
                    outcome.append((t("dispute.form.joined", case_no=recorded.case_no, ref=joining.ref), "information"))
                except DeskError as error:  # the case stands; the officer hears why it did not join
                    outcome.append((t("dispute.form.not_joined", case_no=recorded.case_no, ref=joining.ref,
                                      why=error.message), "warning"))
            return recorded

        return job

    def say_joined(self) -> None:
        for message, severity in self._join_outcome:
            self.app.notify(message, severity=severity, timeout=10)  # type: ignore[attr-defined]
