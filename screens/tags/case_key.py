"""The key on a case (g): tag one of its people — the reporter or a party, chosen first if there are several."""

from __future__ import annotations

import uuid

from frontdesk.i18n import t
from screens.tags.picker import TagPickerScreen, WhoToTagScreen


class CaseTags:
    """Mixin for the case screen (screens.cases.detail): action_tag_people."""

    case_id: uuid.UUID

    def action_tag_people(self) -> None:
        detail = getattr(self, "detail", None)
        if detail is None:
            return
        people, seen = [], set()
        for party in sorted(detail.parties, key=lambda p: p.role != "reporter"):  # the reporter first
            if party.person_id not in seen:
                seen.add(party.person_id)
                people.append((party.person_id, party.role, party.name))
        if not people:
            self.notify(t("tags.nobody"), severity="warning")  # type: ignore[attr-defined]
        elif len(people) == 1:
            self._tag(people[0][0], people[0][2])
        else:
            self.app.push_screen(WhoToTagScreen(people),  # type: ignore[attr-defined]
                                 lambda chosen: chosen and self._tag(*chosen))

    def _tag(self, person_id: uuid.UUID, name: str) -> None:
        self.app.push_screen(TagPickerScreen(person_id, name))  # type: ignore[attr-defined]
