"""Suggested cases linked on the case form before the case exists (串并 at the moment of entry).

The panel's k (related) and j (same series) on the form hold the link here: it is shown above
the panel, kept with the draft (so it survives the draft being kept and taken up again) and
handed to the save in the CaseDraft, which writes it in the case's own transaction, audited.
Nothing is written before the case is saved.
"""

from __future__ import annotations

import uuid
from typing import Any

from screens.shell.plain import Static

from frontdesk.cases.recording import HeldLink
from frontdesk.i18n import listed, t


class HeldLinks:
    """Mixed into the case form (which has a #held-links Static and keeps drafts)."""

    held_links: list[tuple[HeldLink, str]]  # each link and the other case's number

    def hold_link(self, link: HeldLink, case_no: str) -> None:
        """Hold a link for the save; the same link held twice stays once."""
        if any(held == link for held, _ in self.held_links):
            return
        self.held_links.append((link, case_no))
        self._show_links()
        self._changed()  # the draft keeps it
        self.app.notify(t("form.link_held", case_no=case_no))

    def _show_links(self) -> None:
        texts = [t("form.link.related", case_no=case_no) if link.kind == "related"
                 else t("form.link.series", case_no=case_no, name=link.series_name)
                 for link, case_no in self.held_links]
        held = self.query_one("#held-links", Static)
        held.update(t("form.links_held", links=listed(texts)) if texts else "")
        held.display = bool(texts)
        self.set_class(bool(texts), "-has-held-links")  # type: ignore[attr-defined]

    def links_fields(self) -> list[dict[str, Any]]:
        return [{"kind": link.kind, "case_id": str(link.other_case_id), "case_no": case_no,
                 "series_id": str(link.series_id) if link.series_id else "", "series_name": link.series_name}
                for link, case_no in self.held_links]

    def restore_links(self, values: list[dict[str, Any]]) -> None:
        for value in values or []:
            try:
                link = HeldLink(kind=value["kind"], other_case_id=uuid.UUID(value["case_id"]),
                                series_id=uuid.UUID(value["series_id"]) if value.get("series_id") else None,
                                series_name=value.get("series_name", ""))
            except (KeyError, TypeError, ValueError):
                continue  # a damaged entry in a kept draft is left out, the rest come back
            if link.kind in ("related", "series"):
                self.held_links.append((link, str(value.get("case_no", ""))))
        self._show_links()
