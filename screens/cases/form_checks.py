"""The case form as a draft, and what is wrong with it: the marks on the fields and the line under the form.

A save is refused with every error at once (an unreadable time among them). After a refusal, each change
checks again what the form can tell by itself (phone, ID number, received time, required fields:
`draft_errors`, no database asked), so the message and the marks follow the officer's corrections and go
when nothing is left; what only the database could say (a category switched off meanwhile) stays until its
field is changed or the next save.
"""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Checkbox, Input, TextArea

from frontdesk.callers.people import FieldErrors, PersonInput
from frontdesk.cases.recording import CaseDraft, draft_errors
from frontdesk.i18n import DeskError
from frontdesk.timefmt import local_text, parse_past
from screens.shell.plain import Select

#: Form fields (widget id -> error keys from the service that belong to it).
FIELD_ERRORS = {
    "reporter-phone": ("reporter.phone",),
    "reporter-rid": ("reporter.resident_id",),
    "reporter-name": ("reporter.name",),
    "category": ("category",),
    "summary": ("summary",),
    "place": ("place",),
    "narrative": ("narrative",),
    "received-at": ("received_at",),
    "channel": ("channel",),
}

Errors = dict[str, DeskError]


class FormChecks:
    """Mixed into the case form (which has the widgets, the reporter taken, the parties and links held)."""

    #: What the database alone found wrong at the last refusal, while it is being shown; None when no
    #: refusal is on the screen (then changes are not checked as they are typed).
    database_said: Errors | None = None

    def typed_draft(self, now: datetime) -> tuple[CaseDraft, Errors]:
        """The form as a CaseDraft, and the received time's error if it cannot be read (the draft then has
        no time: it must not be saved, but the rest of it can be checked)."""
        value = lambda name: self.query_one(f"#{name}", Input).value  # noqa: E731
        unreadable: Errors = {}
        try:
            received_at = parse_past(value("received-at"), self.app.desk.zone, now=now)
        except DeskError as exc:
            received_at, unreadable = None, {"received_at": exc}
        category = self.query_one("#category", Select).value
        draft = CaseDraft(
            reporter=PersonInput(
                name=value("reporter-name"), phone=value("reporter-phone"),
                resident_id=value("reporter-rid"), address=value("reporter-address"), person_id=self.person_id,
            ),
            channel=self.query_one("#channel", Select).value,
            received_at=received_at,
            category="" if category is Select.NULL else category,
            police=self.query_one("#police", Checkbox).value,
            place=value("place"),
            summary=value("summary"),
            narrative=self.query_one("#narrative", TextArea).text,
            parties=tuple(self.parties),
            repeat_of=self.repeat_of[0] if self.repeat_of else None,
            patrol_shift_id=self.patrol_shift_id,
            draft_key=self.draft_key,
            links=tuple(link for link, _ in self.held_links),
        )
        return draft, unreadable

    def errors_here(self, now: datetime) -> Errors:
        """What the form can tell is wrong by itself, now."""
        draft, unreadable = self.typed_draft(now)
        return draft_errors(draft, now=now) | unreadable

    def refuse(self, errors: Errors, found_here: Errors) -> None:
        """A save refused for `errors`; `found_here` is what the form itself found in what it sent."""
        self.database_said = {key: error for key, error in errors.items()
                              if key not in found_here or found_here[key].key != error.key}
        self.recheck(focus=True)

    def recheck(self, *, focus: bool = False) -> None:
        """After a refusal, the message and the marks say what is still wrong, or go."""
        if self.database_said is None:
            return
        errors = self.errors_here(self.app.clock()) | self.database_said
        if not errors:
            self.database_said = None
            self._say("")
            self.query(".field.-invalid").remove_class("-invalid")
            return
        self._say(FieldErrors(errors).message, error=True)
        first = None
        for widget_id, keys in FIELD_ERRORS.items():
            bad = any(key in errors for key in keys)
            self.query_one(f"#field-{widget_id}").set_class(bad, "-invalid")
            if bad and first is None:
                first = widget_id
        if focus and first:
            self.query_one(f"#{first}").focus()

    def changed_field(self, widget) -> None:
        """The officer changed a field: its mark goes, and after a refusal the database's word on it too."""
        if widget is None or widget.id is None:
            return
        if self.database_said:
            for key in FIELD_ERRORS.get(widget.id, ()):
                self.database_said.pop(key, None)
        box = self.query(f"#field-{widget.id}")
        if box:
            box.first().remove_class("-invalid")

    def write_out_received(self) -> None:
        """A received time typed short (19:30) written out whole, so the day it was read as shows."""
        box = self.query_one("#received-at", Input)
        try:
            whole = local_text(parse_past(box.value, self.app.desk.zone, now=self.app.clock()), self.app.desk.zone)
        except DeskError:
            return
        if whole != box.value.strip():
            box.value = whole
