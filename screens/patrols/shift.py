"""One patrol shift: the checklist of volunteers, what the shift counted and saw, cases raised on it.

Check-ins and check-outs are saved at once, one key each. Counters and the
observations are kept on the screen and saved a moment after the last key
(ctrl+s saves at once; leaving saves too), so pressing + ten times is one save.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from frontdesk.i18n import DeskError, t
from frontdesk.patrols.totals import hours
from frontdesk.patrols.shifts import COUNTER_MOST
from frontdesk.timefmt import local_text
from frontdesk.vocab import label
from screens.shell.base import DeskScreenBase
from screens.shell.dialogs import ConfirmScreen
from screens.patrols.dialogs import CountScreen, FindPersonScreen, TimesScreen
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.patrols.views import MemberView, ShiftView

#: Seconds after the last change to a counter or the observations before they are saved.
SAVE_DELAY = 0.8

STATE_STYLE = {"in": "bold green", "out": "", "expected": "dim", "no_show": "red"}


class CounterTable(DataTable):
    """The shift's counters; a digit typed on one starts typing its new value."""

    class Typed(Message):
        def __init__(self, digit: str) -> None:
            self.digit = digit
            super().__init__()

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character.isdigit():
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed(event.character))


class ShiftScreen(DeskScreenBase):
    CSS_PATH = "patrols.tcss"
    HELP_KEY = "patrol.help.shift"
    AUTO_FOCUS = "#members"

    # Not ctrl+a/d/x/e/k/u/w: the observations field uses those for editing.
    BINDINGS = [
        Binding("space", "toggle", "patrol.key.toggle", tooltip="patrol.key.toggle.tip", id="patrol_toggle"),
        Binding("n", "no_show", "patrol.key.no_show", tooltip="patrol.key.no_show.tip", id="patrol_no_show"),
        Binding("w", "walk_up", "patrol.key.walk_up", tooltip="patrol.key.walk_up.tip", id="patrol_walk_up"),
        Binding("t", "times", "patrol.key.times", tooltip="patrol.key.times.tip", id="patrol_times"),
        Binding("plus,equals_sign", "count(1)", "patrol.key.more", tooltip="patrol.key.more.tip", id="patrol_more"),
        Binding("minus", "count(-1)", "patrol.key.less", tooltip="patrol.key.less.tip", show=False,
                id="patrol_less"),
        Binding("o", "observations", "patrol.key.observations", tooltip="patrol.key.observations.tip",
                show=False, id="patrol_observations"),
        Binding("c", "raise_case", "patrol.key.case", tooltip="patrol.key.case.tip", id="patrol_case"),
        Binding("e", "end_shift", "patrol.key.end", tooltip="patrol.key.end.tip", id="patrol_end"),
        Binding("r", "reviewed", "patrol.key.reviewed", tooltip="patrol.key.reviewed.tip", show=False,
                id="patrol_reviewed"),
        Binding("ctrl+s", "save", "key.save", tooltip="patrol.key.save.tip", show=False, id="save"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="patrol.key.reload.tip", show=False, id="refresh"),
        Binding("escape", "back", "key.back", tooltip="patrol.key.back.tip", id="back"),
    ]

    def __init__(self, shift_id: uuid.UUID) -> None:
        super().__init__()
        self.shift_id = shift_id
        self.view: ShiftView | None = None
        self.seen: dict[str, int] = {}  # counters as last saved or loaded
        self.counts: dict[str, int] = {}  # counters as on the screen
        self.observations_seen = ""
        self._loads = 0
        self._saving = False
        self._leave_after_save = False
        self._save_timer = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("detail.loading"), id="shift-head")
        with Horizontal(id="shift-body"):
            with Vertical(id="shift-left"):
                yield Label(t("patrol.shift.members"), id="members-title", classes="patrol-section")
                members: DataTable[str] = DataTable(id="members", cursor_type="row", zebra_stripes=True)
                members.add_columns(t("patrol.col.state"), t("col.name"), t("patrol.col.team"), t("col.phone"),
                                    t("patrol.col.in"), t("patrol.col.out"), t("patrol.col.hours"))
                yield members
            with Vertical(id="shift-right"):
                yield Label(t("patrol.shift.counts"), id="counts-title", classes="patrol-section")
                counters = CounterTable(id="counters", cursor_type="row")
                counters.add_columns(t("patrol.col.counter"), t("patrol.col.count"))
                yield counters
                yield Label(t("patrol.field.observations"), classes="patrol-section")
                yield TextArea(id="observations", soft_wrap=True)
                yield Label(t("patrol.shift.cases"), classes="patrol-section")
                cases: DataTable[str] = DataTable(id="shift-cases", cursor_type="row")
                cases.add_columns(t("col.case_no"), t("col.status"), t("col.summary"))
                yield cases
        yield Static("", id="shift-message")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    # ---- loading -------------------------------------------------------------------------

    def load(self) -> None:
        self._loads += 1
        self.load_shift(self._loads)

    @work(thread=True, exit_on_error=False, group="shift-load")
    def load_shift(self, number: int) -> tuple[int, ShiftView]:
        return number, self.app.desk.patrols.shift(self.shift_id)

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.SUCCESS:
            return
        name, result = event.worker.name, event.worker.result
        if name == "load_shift":
            number, view = result
            if number == self._loads:  # an older load answering late would undo newer news
                self.show(view)
        elif name == "act":
            if result:
                self.say(result)
            self.load()
        elif name == "save_counts":
            self._counts_saved(*result)
        elif name == "draft_case":
            self._open_case_form(result)

    def show(self, view: ShiftView) -> None:
        first = self.view is None
        self.view = view
        self._show_head(view)
        members = self.query_one("#members", DataTable)
        row = members.cursor_row
        members.clear()
        for member in view.members:
            members.add_row(*self._member_cells(member, view))
        if view.members:
            members.move_cursor(row=min(max(row, 0), len(view.members) - 1))
        states = [m.state for m in view.members]
        self.query_one("#members-title", Label).update(t(
            "patrol.shift.members_count", came=states.count("in") + states.count("out"), listed=len(states),
            out=states.count("in"), expected=states.count("expected"), no_shows=states.count("no_show")))
        for counter in view.counters:
            if self.counts.get(counter.code) == self.seen.get(counter.code) or counter.code not in self.counts:
                self.seen[counter.code] = self.counts[counter.code] = counter.value  # nothing unsaved here
        self._show_counts()
        observations = self.query_one("#observations", TextArea)
        if observations.text == self.observations_seen != view.observations:
            observations.text = view.observations  # nothing typed here: show what was saved elsewhere
        self.observations_seen = view.observations
        cases = self.query_one("#shift-cases", DataTable)
        cases.clear()
        for case in view.cases:
            cases.add_row(case.case_no, label("status", case.status), case.summary)
        if first and view.needs_review:
            self.say(t("patrol.shift.flagged_hint"))

    def _show_head(self, view: ShiftView) -> None:
        zone = self.app.desk.zone
        head = Text()
        head.append(view.team, style="bold")
        head.append(f"  {view.shift_date.isoformat()} {local_text(view.planned_start, zone)[11:]}–"
                    f"{self._clock(view.planned_end, view)}  {view.area}")
        if view.escort:
            head.append("  " + t("patrol.shift.escort", name=view.escort))
        head.append("\n")
        if view.state == "planned":
            head.append(t("patrol.state.planned"))
        elif view.state == "on_patrol":
            head.append(t("patrol.shift.on_patrol_since", time=self._clock(view.actual_start, view)), style="green")
        else:
            head.append(t("patrol.shift.ended_at", start=self._clock(view.actual_start, view) if view.actual_start
                          else "—", end=self._clock(view.actual_end, view)))
        head.append("  " + t("patrol.shift.person_hours", hours=f"{hours(view.worked):.2f}"))
        if view.needs_review:
            head.append("  " + t("patrol.shift.flagged"), style="bold reverse red")
        self.query_one("#shift-head", Static).update(head)

    def _clock(self, moment: datetime | None, view: ShiftView) -> str:
        """HH:MM, marked when it falls on the morning after the shift's date."""
        if moment is None:
            return ""
        text = local_text(moment, self.app.desk.zone)
        if text[:10] != view.shift_date.isoformat():
            return t("patrol.next_day", time=text[11:]) if text[:10] > view.shift_date.isoformat() else text
        return text[11:]

    def _member_cells(self, member: MemberView, view: ShiftView) -> tuple:
        state = Text(t(f"patrol.state.{member.state}"), style=STATE_STYLE[member.state])
        team = member.team + (f" · {t('patrol.walk_up')}" if member.walk_up else "")
        worked = f"{hours(member.worked):.2f}" if member.checked_out_at else ("…" if member.state == "in" else "")
        return (state, member.name, team, member.phone, self._clock(member.checked_in_at, view),
                self._clock(member.checked_out_at, view), worked)

    def _show_counts(self) -> None:
        if self.view is None:
            return
        table = self.query_one("#counters", CounterTable)
        row = table.cursor_row
        table.clear()
        for counter in self.view.counters:
            value = self.counts.get(counter.code, counter.value)
            shown = Text(str(value), style="bold" if value != self.seen.get(counter.code) else "")
            table.add_row(counter.name, shown)
        if self.view.counters:
            table.move_cursor(row=min(max(row, 0), len(self.view.counters) - 1))
        title = t("patrol.shift.counts")
        if self._pending():
            title += "  " + t("patrol.shift.unsaved")
        self.query_one("#counts-title", Label).update(title)

    def say(self, text: str, *, error: bool = False) -> None:
        self.query_one("#shift-message", Static).update(text)
        self.set_class(error, "-error")

    # ---- the checklist ---------------------------------------------------------------------

    def _member(self) -> MemberView | None:
        if self.view is None or not self.view.members:
            return None
        row = self.query_one("#members", DataTable).cursor_row
        return self.view.members[min(max(row, 0), len(self.view.members) - 1)]

    @work(thread=True, exit_on_error=False, group="shift-act")
    def act(self, do, done_text: str = "") -> str:
        result = do()
        return done_text(result) if callable(done_text) else done_text

    def action_toggle(self) -> None:
        member = self._member()
        if member is None:
            return
        patrols = self.app.desk.patrols
        self.act(lambda: patrols.toggle_presence(member.member_id),
                 lambda done: t(f"patrol.done.{done}", name=member.name))
        members = self.query_one("#members", DataTable)
        if members.cursor_row < members.row_count - 1:
            members.move_cursor(row=members.cursor_row + 1)  # a ticked line: on to the next name

    @on(DataTable.RowSelected, "#members")
    def _member_chosen(self) -> None:
        self.action_toggle()

    def action_no_show(self) -> None:
        member = self._member()
        if member is None:
            return
        no_show = member.state != "no_show"
        patrols = self.app.desk.patrols
        self.act(lambda: patrols.set_no_show(member.member_id, no_show=no_show),
                 t("patrol.done.no_show" if no_show else "patrol.done.no_show_undone", name=member.name))

    def action_times(self) -> None:
        member = self._member()
        if member is None:
            return
        patrols = self.app.desk.patrols

        def save(values: tuple[str, str]) -> bool:
            patrols.set_times(member.member_id, check_in=values[0], check_out=values[1])
            return True

        def done(saved: bool | None) -> None:
            if saved:
                self.say(t("patrol.done.times", name=member.name))
                self.load()

        self.app.push_screen(TimesScreen(member, zone=self.app.desk.zone, save=save), done)

    def action_walk_up(self) -> None:
        if self.view is None:
            return
        screen = FindPersonScreen(t("patrol.walk_up.title"), t("patrol.walk_up.hint"))
        self.app.push_screen(screen, self._walk_up_chosen)

    def _walk_up_chosen(self, person_id) -> None:
        if isinstance(person_id, uuid.UUID):
            patrols, shift_id = self.app.desk.patrols, self.shift_id
            self.act(lambda: patrols.walk_up(shift_id, person_id), t("patrol.done.walk_up"))

    def action_end_shift(self) -> None:
        if self.view is None:
            return
        if self.view.state == "ended":
            self.say(t("patrol.shift_ended", ended=local_text(self.view.actual_end, self.app.desk.zone)), error=True)
            return
        still = sum(1 for m in self.view.members if m.state == "in")
        question = t("patrol.end.confirm", team=self.view.team, out=still)
        self.app.push_screen(ConfirmScreen(question), self._end_confirmed)

    def _end_confirmed(self, yes: bool | None) -> None:
        if yes:
            patrols, shift_id = self.app.desk.patrols, self.shift_id
            self.act(lambda: patrols.end_shift(shift_id), lambda out: t("patrol.done.ended", out=out))

    def action_reviewed(self) -> None:
        if self.view is None:
            return
        if not self.view.needs_review:
            self.say(t("patrol.not_flagged"))
            return
        patrols, shift_id = self.app.desk.patrols, self.shift_id
        self.act(lambda: patrols.mark_reviewed(shift_id), t("patrol.done.reviewed"))

    def action_refresh(self) -> None:
        self.load()

    def handle_worker_error(self, worker: Worker) -> bool:
        """A refused check-in or count is explained on the message line; nothing typed is lost."""
        error = worker.error
        if not isinstance(error, DeskError):
            return False
        if worker.name == "save_counts":
            self._saving = False
            self._leave_after_save = False
            if error.key == "patrol.observations_changed":
                self.load()  # their text becomes what was seen: ctrl+s saves ours over it
        self.say(error.message, error=True)
        return worker.name in ("act", "save_counts", "draft_case", "load_shift")

    # ---- counters and observations -----------------------------------------------------------

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
        if value < 0:
            self.say(t("patrol.counter_negative", counter=name), error=True)
            return
        if value > COUNTER_MOST:
            self.say(t("patrol.counter_too_big", counter=name, most=f"{COUNTER_MOST:,}"), error=True)
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
        self.save_counts(counts, observations)

    @work(thread=True, exit_on_error=False, group="shift-counts")
    def save_counts(self, counts: dict, observations: tuple[str, str] | None):
        self.app.desk.patrols.record_counts(self.shift_id, counts=counts, observations=observations)
        return counts, observations

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

    def keep_for_later(self) -> None:
        """The officer left for the look-up (F3): save what is unsaved, from the app."""
        counts, observations = self._changes()
        if counts or observations is not None:
            patrols, shift_id = self.app.desk.patrols, self.shift_id
            self.app.run_worker(lambda: patrols.record_counts(shift_id, counts=counts, observations=observations),
                                thread=True, group="shift-keep", exit_on_error=False)

    def action_back(self) -> None:
        members = self.query_one("#members", DataTable)
        if not members.has_focus:
            members.focus()
            self.action_save()  # done with the counters or the observations: keep them now
            return
        self._leave_after_save = True
        self.action_save()

    # ---- cases raised on the shift -------------------------------------------------------------

    def action_raise_case(self) -> None:
        if self.view is None:
            return
        observations = self.query_one("#observations", TextArea)
        row = observations.cursor_location[0]
        lines = observations.text.splitlines()
        summary = lines[row] if 0 <= row < len(lines) else ""
        member = self._member()
        reporter = member.member_id if member is not None and member.state == "in" else None
        self.action_save()
        self.draft_case(summary, reporter)

    @work(thread=True, exit_on_error=False, group="shift-act")
    def draft_case(self, summary: str, reporter: uuid.UUID | None):
        return self.app.desk.patrols.case_draft(self.shift_id, summary=summary, reporter_member=reporter)

    def _open_case_form(self, draft) -> None:
        from screens.cases.form import CaseFormScreen

        self.app.push_screen(CaseFormScreen(prefill=draft))

    @on(DataTable.RowSelected, "#shift-cases")
    def _open_case(self, event: DataTable.RowSelected) -> None:
        from screens.cases.detail import CaseDetailScreen

        if self.view is not None and 0 <= event.cursor_row < len(self.view.cases):
            self.app.push_screen(CaseDetailScreen(self.view.cases[event.cursor_row].case_id))

    def on_screen_resume(self) -> None:
        if self.view is not None:
            self.load()
