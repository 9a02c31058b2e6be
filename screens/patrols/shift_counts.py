"""A shift's counters and observations: kept on the screen, saved a moment after the last key.

Pressing + ten times is one save: each change restarts a short timer, ctrl+s saves at
once, and leaving the shift (Esc, or F3 to the look-up) saves what is still unsaved.
The shift screen (screens.patrols.shift) is this plus the checklist of volunteers.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.message import Message
from textual.widgets import TextArea

from frontdesk.i18n import DeskError, t
from frontdesk.patrols.shifts import counter_refusal
from screens.patrols.dialogs import CountScreen
from screens.shell.base import DeskScreenBase
from screens.shell.columns import FittedTable
from screens.shell.plain import DataTable, Label

if TYPE_CHECKING:
    from frontdesk.patrols.views import ShiftView

#: Seconds after the last change to a counter or the observations before they are saved.
SAVE_DELAY = 0.8


class CounterTable(FittedTable):
    """The shift's counters; a digit typed on one starts typing its new value."""

    class Typed(Message):
        def __init__(self, digit: str) -> None:
            self.digit = digit
            super().__init__()

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character.isdecimal():
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed(event.character))


class ShiftCounting(DeskScreenBase):
    """The counters and observations half of a shift screen; the screen supplies the rest."""

    shift_id: uuid.UUID
    view: ShiftView | None

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, int] = {}  # counters as last saved or loaded
        self.counts: dict[str, int] = {}  # counters as on the screen
        self.observations_seen = ""
        self._saving = False
        self._leave_after_save = False
        self._save_timer = None

    def load(self) -> None:
        raise NotImplementedError

    def say(self, text: str, *, error: bool = False) -> None:
        raise NotImplementedError

    def _take_counts(self, view: ShiftView) -> None:
        """A loaded shift's counters and observations, where nothing unsaved is on the screen."""
        for counter in view.counters:
            if self.counts.get(counter.code) == self.seen.get(counter.code) or counter.code not in self.counts:
                self.seen[counter.code] = self.counts[counter.code] = counter.value  # nothing unsaved here
        self._show_counts()
        observations = self.query_one("#observations", TextArea)
        if observations.text == self.observations_seen != view.observations:
            observations.text = view.observations  # nothing typed here: show what was saved elsewhere
        self.observations_seen = view.observations

    def _show_counts(self) -> None:
        if self.view is None:
            return
        table = self.query_one("#counters", CounterTable)
        row = table.cursor_row
        rows = []
        for counter in self.view.counters:
            value = self.counts.get(counter.code, counter.value)
            rows.append((counter.name, Text(str(value), style="bold" if value != self.seen.get(counter.code) else "")))
        table.set_rows(rows)
        if self.view.counters:
            table.move_cursor(row=min(max(row, 0), len(self.view.counters) - 1))
        title = t("patrol.shift.counts")
        if self._pending():
            title += "  " + t("patrol.shift.unsaved")
        self.query_one("#counts-title", Label).update(title)

    # ---- counting ------------------------------------------------------------------------------

    def _counter_code(self) -> tuple[str, str] | None:
        if self.view is None or not self.view.counters:
            return None
        row = self.query_one("#counters", CounterTable).cursor_row
        counter = self.view.counters[min(max(row, 0), len(self.view.counters) - 1)]
        return counter.code, counter.name

    def action_count(self, step: int) -> None:
        found = self._counter_code()
        if found is None:
            return
        code, name = found
        value = self.counts.get(code, 0) + step
        refusal = counter_refusal(name, value)
        if refusal is not None:
            self.say(refusal.message, error=True)
            return
        self._set_count(code, value)

    def _set_count(self, code: str, value: int) -> None:
        self.counts[code] = value
        self.say("")
        self._show_counts()
        self._schedule_save()

    @on(DataTable.RowSelected, "#counters")
    def _type_count(self) -> None:
        found = self._counter_code()
        if found is not None:
            self._ask_count(found, str(self.counts.get(found[0], 0)), replace=True)

    @on(CounterTable.Typed)
    def _digit_typed(self, typed: CounterTable.Typed) -> None:
        found = self._counter_code()
        if found is not None:
            self._ask_count(found, typed.digit)

    def _ask_count(self, found: tuple[str, str], start: str, *, replace: bool = False) -> None:
        code, name = found
        self.app.push_screen(CountScreen(name, start, replace=replace),
                             lambda value: value is not None and self._set_count(code, value))

    def action_observations(self) -> None:
        self.query_one("#observations", TextArea).focus()

    @on(TextArea.Changed, "#observations")
    def _observations_typed(self) -> None:
        if self._pending():
            self._schedule_save()

    # ---- saving ----------------------------------------------------------------------------------

    def _changes(self) -> tuple[dict[str, tuple[int, int]], tuple[str, str] | None]:
        counts = {code: (self.seen.get(code, 0), value) for code, value in self.counts.items()
                  if value != self.seen.get(code, 0)}
        typed = self.query_one("#observations", TextArea).text
        return counts, (self.observations_seen, typed) if typed != self.observations_seen else None

    def _pending(self) -> bool:
        counts, observations = self._changes()
        return bool(counts) or observations is not None

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.action_save)
        self._show_counts()

    def action_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self._saving or self.view is None:
            return  # the save under way looks again when it is done
        counts, observations = self._changes()
        if not counts and observations is None:
            if self._leave_after_save:
                self.app.pop_screen()
            return
        self._saving = True
        patrols, shift_id = self.app.desk.patrols, self.shift_id
        self.write(lambda: patrols.record_counts(shift_id, counts=counts, observations=observations),
                   lambda _: self._counts_saved(counts, observations), refused=self._counts_refused,
                   notice=t("patrol.shift.saved"), failed=lambda _error: self._counts_ended())

    def _counts_ended(self) -> None:
        """The save under way is over, saved or not: the next change saves again, Esc asks again."""
        self._saving = False
        self._leave_after_save = False

    def _counts_saved(self, counts: dict, observations: tuple[str, str] | None) -> None:
        self._saving = False
        for code, (_seen, value) in counts.items():
            self.seen[code] = value
        if observations is not None:
            self.observations_seen = observations[1]
        self.say(t("patrol.shift.saved"))
        if self._leave_after_save and not self._pending():
            self.app.pop_screen()
            return
        if self._pending():
            self.action_save()
        self._show_counts()
        self.load()

    def _counts_refused(self, error: DeskError) -> bool:
        """A refused count is explained on the message line; nothing typed is lost."""
        self._counts_ended()
        if error.key == "patrol.observations_changed":
            self.load()  # their text becomes what was seen: ctrl+s saves ours over it
        self.say(error.message, error=True)
        return True

    def keep_for_later(self) -> None:
        """The officer left for the look-up (F3): save what is unsaved; its outcome comes as a notice."""
        counts, observations = self._changes()
        if counts or observations is not None:
            patrols, shift_id = self.app.desk.patrols, self.shift_id
            self.write(lambda: patrols.record_counts(shift_id, counts=counts, observations=observations),
                       notice=t("patrol.shift.saved"))
