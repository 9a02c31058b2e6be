"""The reporter half of the case form: find the person as they are typed, show their past.

A base screen of CaseFormScreen (Textual registers @on handlers per screen
class), holding what concerns the reporter: matches for the phone or ID being
typed and likely duplicates of a new person, taking one of them, their recent
cases (same category first) and marking the new case as a repeat.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from textual import on
from textual.widgets import Checkbox, Input

from frontdesk.cases.views import category_name
from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from frontdesk.vocab import label
from screens.shell.base import DeskScreenBase
from screens.shell.columns import FittedTable
from screens.shell.plain import DataTable, Select, Static

if TYPE_CHECKING:
    from frontdesk.cases.views import CategoryChoice, RecentCase, ReporterCounts
    from frontdesk.callers.lookup import PersonHit


class ReporterLookup(DeskScreenBase):
    """What the case form knows and does about its reporter."""

    def __init__(self) -> None:
        super().__init__()
        self.person_id: uuid.UUID | None = None
        self.repeat_of: tuple[uuid.UUID, str] | None = None
        self.matches: list[PersonHit] = []
        self.matches_for: tuple = ()  # what was typed when these matches were found
        self.take_when_found = False
        self.recent: list[RecentCase] = []
        self.counts: ReporterCounts | None = None
        self.choices: list[CategoryChoice] = []
        #: Every category of the list, switched-off ones too: the reporter's earlier cases are named by it.
        self.named: list[CategoryChoice] = []
        self._loaded = False

    def _changed(self) -> None:
        """Something in the form changed (the form keeps its draft)."""

    @on(Input.Changed, "#reporter-phone, #reporter-rid, #reporter-name")
    def _reporter_typed(self, event: Input.Changed) -> None:
        if self._loaded and self.person_id is None and event.input.id != "reporter-name":
            self._forget_repeat()  # another number: the earlier case may be someone else's
        if self._loaded and self.person_id is None:
            self.find_matches(self._typed_reporter(), changed=event.input.id)
        if self._loaded and event.input.id != "reporter-name":
            self._lookup_reporter()

    def _typed_reporter(self) -> tuple[str, str, str]:
        value = lambda name: self.query_one(f"#reporter-{name}", Input).value  # noqa: E731
        return value("phone"), value("rid"), value("name")

    def find_matches(self, typed: tuple[str, str, str], changed: str | None) -> None:
        """Known people for the number being typed, then likely duplicates of a new person
        (same phone or ID, or the same name with a phone one digit away). Each keystroke's
        search makes the one before it stale."""
        phone, rid, name = typed
        desk = self.app.desk
        number = rid if changed == "reporter-rid" else phone

        def find() -> tuple[tuple, list[PersonHit]]:
            hits = desk.callers.match_people(number) if number else []
            if name.strip():
                seen = {hit.person_id for hit in hits}
                hits += [hit for hit in desk.callers.likely_duplicates(name=name, phone=phone, resident_id=rid)
                         if hit.person_id not in seen]
            return typed, hits

        self.read(find, lambda found: self._show_matches(*found), key="matches")

    def _show_matches(self, typed: tuple, matches: list[PersonHit]) -> None:
        if typed != self._typed_reporter() or self.person_id is not None:
            return  # a newer keystroke has its own search under way
        self.matches = matches
        self.matches_for = typed
        self.query_one("#matches", FittedTable).set_rows(
            [(match.name, match.phone, match.resident_id, str(match.cases)) for match in matches])
        self.set_class(bool(matches), "-has-matches")
        if self.take_when_found:
            self.take_when_found = False
            if matches:
                self._take(matches[0])
            else:
                self.focus_next()

    @on(Input.Submitted, "#reporter-phone, #reporter-rid")
    def _take_top_match(self) -> None:
        if self.person_id is not None:
            self.focus_next()
        elif self.matches_for != self._typed_reporter():
            # The matches on screen are for what was typed a moment ago: take the
            # first match of what is typed now, when its look-up answers.
            self.take_when_found = True
        elif self.matches:
            self._take(self.matches[0])
        else:
            self.focus_next()

    @on(DataTable.RowSelected, "#matches")
    def _take_chosen(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.matches):
            self._take(self.matches[event.cursor_row])

    def _take(self, match: PersonHit) -> None:
        self._forget_repeat()
        self.person_id = match.person_id
        self.query_one("#reporter-name", Input).value = match.name
        self.query_one("#reporter-address", Input).value = match.address
        # Their phone is not written into the box: shown whole, it would be the number unmasked with no reason
        # given or audited (the person's page asks for one). Taken with none typed, the case has the phone on file.
        for name in ("reporter-name", "reporter-address", "reporter-rid"):
            self.query_one(f"#{name}", Input).disabled = True
        self.query_one("#reporter-taken", Static).update(
            t("form.taken", name=match.name, phone=match.phone, count=match.cases)
        )
        self._lookup_reporter()
        self.query_one("#category", Select).focus()
        self._changed()

    def action_forget_person(self) -> None:
        if self.person_id is None:
            return
        self._forget_repeat()
        self.person_id = None
        for name in ("reporter-name", "reporter-address", "reporter-rid"):
            self.query_one(f"#{name}", Input).disabled = False
        self.query_one("#reporter-taken", Static).update("")
        self.query_one("#reporter-name", Input).focus()
        self._lookup_reporter()
        self._changed()

    @on(Select.Changed, "#category")
    def _category_chosen(self, event: Select.Changed) -> None:
        for choice in self.choices:
            if choice.code == event.value:
                self.query_one("#police", Checkbox).value = choice.police
        if self._loaded:
            self._lookup_reporter()

    def reporter_changed(self) -> None:
        """The reporter (taken, forgotten or their number typed) changed: the form asks again what matches."""

    def _lookup_reporter(self) -> None:
        from frontdesk.validation import normalize_phone

        self.reporter_changed()

        phone = None
        try:
            phone = normalize_phone(self.query_one("#reporter-phone", Input).value)
        except DeskError:
            pass
        if self.person_id is None and phone is None:
            # Nobody known yet: no read on this keystroke, and none still under way
            # may show the history of a number since deleted.
            self.stale("history")
            self._show_history([], None)
            return
        category = self.query_one("#category", Select).value
        self.load_history(self.person_id, phone, None if category is Select.NULL else category)

    def load_history(self, person_id: uuid.UUID | None, phone: str | None, category: str | None) -> None:
        desk, now = self.app.desk, self.app.clock()
        self.read(lambda: desk.cases.reporter_history(person_id=person_id, phone=phone, category=category, now=now),
                  lambda found: self._show_history(*found), key="history")

    def _show_history(self, recent: list[RecentCase], counts: ReporterCounts | None) -> None:
        self.recent = recent
        zone = self.app.desk.zone
        self.query_one("#recent", FittedTable).set_rows([
            (case.case_no, local_text(case.received_at, zone)[5:],  # MM-DD HH:MM: the year is this one
             category_name(self.named or self.choices, case.category), label("status", case.status), case.summary)
            for case in recent])
        self.counts = counts
        self._show_counts()
        self.set_class(bool(recent), "-has-history")

    def _show_counts(self) -> None:
        counts = self.counts
        text = t("form.counts", reports=counts.reports, repeats=counts.repeats, unfounded=counts.unfounded) if counts else ""
        if self.recent and self.repeat_of is None:
            text += "  " + t("form.repeat_prompt")
        self.query_one("#reporter-counts", Static).update(text)

    def action_mark_repeat(self) -> None:
        """Mark the new case as a repeat of the highlighted earlier case (again: unmark)."""
        if self.repeat_of is not None:
            self.repeat_of = None
        elif self.recent:
            row = self.query_one("#recent", DataTable).cursor_row
            earlier = self.recent[min(max(row, 0), len(self.recent) - 1)]
            self.repeat_of = (earlier.case_id, earlier.case_no)
        else:
            self.notify(t("form.no_earlier"), severity="warning")
            return
        self._show_repeat()
        self._changed()

    def _forget_repeat(self) -> None:
        """A repeat mark belongs to the reporter it was made for."""
        if self.repeat_of is not None:
            self.repeat_of = None
            self._show_repeat()

    def _show_repeat(self) -> None:
        self._show_counts()
        note = self.query_one("#repeat-of", Static)
        if self.repeat_of is None:
            note.update("")
            return
        status = next((c.status for c in self.recent if c.case_id == self.repeat_of[0]), None)
        note.update(t("form.repeat_marked", case_no=self.repeat_of[1], status=label("status", status) if status else "…"))
