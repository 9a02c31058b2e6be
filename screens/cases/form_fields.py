"""The case form's fields as a draft keeps them: read out exactly as typed, put back field by field."""

from __future__ import annotations

import uuid
from typing import Any

from textual.widgets import Checkbox, Input, TextArea
from screens.shell.plain import Select, Static

from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import PartyDraft
from frontdesk.vocab import CHANNELS

TEXT_INPUTS = ("reporter-phone", "reporter-rid", "reporter-name", "reporter-address", "place", "summary", "received-at")


class FormFields:
    """Mixed into the case form (which has the widgets, the parties and the reporter taken)."""

    def fields(self) -> dict[str, Any]:
        """Everything typed so far, exactly as typed: what a draft keeps."""
        values: dict[str, Any] = {name: self.query_one(f"#{name}", Input).value for name in TEXT_INPUTS}
        category = self.query_one("#category", Select).value
        values.update(
            category="" if category is Select.NULL else category,
            channel=self.query_one("#channel", Select).value,
            police=self.query_one("#police", Checkbox).value,
            narrative=self.query_one("#narrative", TextArea).text,
            person_id=str(self.person_id) if self.person_id else "",
            person_label=str(self.query_one("#reporter-taken", Static).render()),
            patrol_shift_id=str(self.patrol_shift_id) if self.patrol_shift_id else "",
            draft_key=str(self.draft_key),
            repeat_of=[str(self.repeat_of[0]), self.repeat_of[1]] if self.repeat_of else None,
            parties=[
                {"role": p.role, "name": p.person.name, "phone": p.person.phone,
                 "rid": p.person.resident_id, "address": p.person.address}
                for p in self.parties
            ],
            links=self.links_fields(),
        )
        return values

    def _restore(self, values: dict[str, Any]) -> None:
        """Put a kept draft back into the form, field by field."""
        for name in TEXT_INPUTS:
            if values.get(name):
                self.query_one(f"#{name}", Input).value = values[name]
        if values.get("category") in {c.code for c in self.choices}:
            self.query_one("#category", Select).value = values["category"]
        if values.get("channel") in CHANNELS:
            self.query_one("#channel", Select).value = values["channel"]
        if "police" in values:
            self.query_one("#police", Checkbox).value = bool(values["police"])
        if values.get("narrative"):
            self.query_one("#narrative", TextArea).text = values["narrative"]
        if values.get("person_id"):
            self.person_id = uuid.UUID(values["person_id"])
            self.query_one("#reporter-taken", Static).update(values.get("person_label", ""))
        if values.get("patrol_shift_id"):
            self.patrol_shift_id = uuid.UUID(values["patrol_shift_id"])
        if values.get("draft_key"):
            self.draft_key = uuid.UUID(values["draft_key"])
        if values.get("repeat_of"):
            case_id, case_no = values["repeat_of"]
            self.repeat_of = (uuid.UUID(case_id), case_no)
            self._show_repeat()
        if values.get("links"):
            self.restore_links(values["links"])
        for party in values.get("parties", []):
            self._add_party_row(PartyDraft(party["role"], PersonInput(
                name=party["name"], phone=party["phone"], resident_id=party["rid"], address=party["address"])))

    def fields_dirty(self, values: dict[str, Any] | None = None) -> bool:
        """Has the officer typed anything worth keeping (beyond the defaults)?"""
        values = values or self.fields()
        typed = [values[name] for name in TEXT_INPUTS if name != "received-at"]
        return any(v.strip() for v in typed) or bool(values["narrative"].strip() or values["parties"])
