"""One patrol shift: the checklist of volunteers, what the shift counted and saw, cases raised on it.

Check-ins and check-outs are saved at once, one key each, in the order pressed.
The counters and the observations (saved a moment after the last key) are the
part this screen takes from screens.patrols.shift_counts.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import TextArea

from frontdesk.i18n import DeskError, t
from frontdesk.patrols.totals import hours
from frontdesk.timefmt import local_text
from frontdesk.vocab import label
from screens.shell.dialogs import ConfirmScreen
from screens.patrols.dialogs import TimesScreen
from screens.patrols.shift_counts import CounterTable, ShiftCounting
from screens.patrols.shift_walk_up import ShiftWalkUps
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.patrols.views import MemberView, ShiftView

STATE_STYLE = {"in": "bold green", "out": "", "expected": "dim", "no_show": "red"}


class ShiftScreen(ShiftWalkUps, ShiftCounting):
    CSS_PATH = "patrols.tcss"
    HELP_KEY = "patrol.help.shift"
    ESCAPE_LEAVES_TEXT_BOX = True
    AUTO_FOCUS = "#members"

    # Not ctrl+a/d/x/e/k/u/w: the observations field uses those for editing.
    BINDINGS = [
        Binding("space", "toggle", "patrol.key.toggle", tooltip="patrol.key.toggle.tip", id="patrol_toggle"),
        Binding("n", "no_show", "patrol.key.no_show", tooltip="patrol.key.no_show.tip", id="patrol_no_show"),
        Binding("w", "walk_up", "patrol.key.walk_up", tooltip="patrol.key.walk_up.tip", id="patrol_walk_up"),
        Binding("t", "times", "patrol.key.times", tooltip="patrol.key.times.tip", id="patrol_times"),
        Binding("u", "take_back", "patrol.key.take_back", tooltip="patrol.key.take_back.tip", show=False,
                id="patrol_take_back"),
        Binding("plus,equals_sign", "count(1)", "patrol.key.more", tooltip="patrol.key.more.tip", id="patrol_more"),
        Binding("minus", "count(-1)", "patrol.key.less", tooltip="patrol.key.less.tip", show=False,
                id="patrol_less"),
        Binding("o", "observations", "patrol.key.observations", tooltip="patrol.key.observations.tip",
                show=False, id="patrol_observations"),
        Binding("c", "raise_case", "patrol.key.case", tooltip="patrol.key.case.tip", id="patrol_case"),
        Binding("e", "end_shift", "patrol.key.end", tooltip="patrol.key.end.tip", id="patrol_end"),
        Binding("r", "reviewed", "patrol.key.reviewed", tooltip="patrol.key.reviewed.tip", show=False,
                id="patrol_reviewed"),
        Binding("ctrl+s", "save_now", "key.save", tooltip="patrol.key.save.tip", show=False, id="save"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="patrol.key.reload.tip", show=False, id="refresh"),
        Binding("escape", "back", "key.back", tooltip="patrol.key.back.tip", id="back"),
    ]

    def __init__(self, shift_id: uuid.UUID) -> None:
        super().__init__()
        self.shift_id = shift_id
        self.view: ShiftView | None = None
        self._last_ticked: uuid.UUID | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("detail.loading"), id="shift-head")
        with Horizontal(id="shift-body"):
            with Vertical(id="shift-left"):
                yield Label(t("patrol.shift.members"), id="members-title", classes="patrol-section")
                members = FittedTable(id="members", cursor_type="row", zebra_stripes=True)
                members.set_columns([
                    ColumnSpec("state", t("patrol.col.state"), priority=0, keep=True),
                    ColumnSpec("name", t("col.name"), priority=0, keep=True),
                    ColumnSpec("team", t("patrol.col.team"), priority=3, minimum=8),
                    ColumnSpec("phone", t("col.phone"), priority=4, minimum=11),
                    ColumnSpec("in", t("patrol.col.in"), priority=0, keep=True),
                    ColumnSpec("out", t("patrol.col.out"), priority=0, keep=True),
                    ColumnSpec("hours", t("patrol.col.hours"), priority=1, minimum=4, short=t("patrol.col.hours.short")),
                ])
                yield members
            with Vertical(id="shift-right"):
                yield Label(t("patrol.shift.counts"), id="counts-title", classes="patrol-section")
                counters = CounterTable(id="counters", cursor_type="row")
                counters.set_columns([
                    ColumnSpec("counter", t("patrol.col.counter"), priority=0, minimum=10),
                    ColumnSpec("count", t("patrol.col.count"), priority=0, keep=True),
                ])
                yield counters
                yield Label(t("patrol.field.observations"), classes="patrol-section")
                yield TextArea(id="observations", soft_wrap=True)
                yield Label(t("patrol.shift.cases"), classes="patrol-section")
                cases = FittedTable(id="shift-cases", cursor_type="row")
                cases.set_columns([
                    ColumnSpec("case_no", t("col.case_no"), priority=0, keep=True),
                    ColumnSpec("status", t("col.status"), priority=0, keep=True),
                    ColumnSpec("summary", t("col.summary"), priority=1, minimum=6),
                ])
                yield cases
        yield Static("", id="shift-message")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        """Narrow, the counters' side gives the checklist room; short, the sections close up."""
        self.set_class(event.size.width < 110, "-narrow")
        self.set_class(event.size.height < 32, "-short")

    # ---- loading -------------------------------------------------------------------------

    def load(self) -> None:
        patrols, shift_id = self.app.desk.patrols, self.shift_id
        self.read(lambda: patrols.shift(shift_id), self.show, refused=self.refused)

    def show(self, view: ShiftView) -> None:
        first = self.view is None
        self.view = view
        self._show_head(view)
        members = self.query_one("#members", FittedTable)
        row = members.cursor_row
        members.set_rows([self._member_cells(member, view) for member in view.members])
        if view.members:
            members.move_cursor(row=min(max(row, 0), len(view.members) - 1))
        states = [m.state for m in view.members]
        # Once the shift has ended, those not come were never checked in (as their lines say), and nobody is out on it.
        self.query_one("#members-title", Label).update(t(
            "patrol.shift.members_count_ended" if view.state == "ended" else "patrol.shift.members_count",
            came=states.count("in") + states.count("out"), listed=len(states),
            out=states.count("in"), expected=states.count("expected"), no_shows=states.count("no_show")))
        self._take_counts(view)
        self.query_one("#shift-cases", FittedTable).set_rows(
            [(case.case_no, label("status", case.status), case.summary) for case in view.cases])
        if first and view.needs_review:
            self.say(t("patrol.shift.flagged_hint"))
        self.show_walked_up(view)

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
        # (on an ended shift, one still expected was never checked in: "not yet" would say they still may come)
        never_came = member.state == "expected" and view.state == "ended"
        state = Text(t("patrol.state.never_came" if never_came else f"patrol.state.{member.state}"),
                     style=STATE_STYLE[member.state])
        team = member.team + (f" · {t('patrol.walk_up')}" if member.walk_up else "")
        worked = f"{hours(member.worked):.2f}" if member.checked_out_at else ("…" if member.state == "in" else "")
        return (state, member.name, team, member.phone, self._clock(member.checked_in_at, view),
                self._clock(member.checked_out_at, view), worked)

    def say(self, text: str, *, error: bool = False) -> None:
        self.query_one("#shift-message", Static).update(text)
        self.set_class(error, "-error")

    def refused(self, error: DeskError) -> bool:
        """A refused check-in, load or case is explained on the message line."""
        self.say(error.message, error=True)
        return True

    # ---- the checklist ---------------------------------------------------------------------

    def _member(self) -> MemberView | None:
        if self.view is None or not self.view.members:
            return None
        row = self.query_one("#members", DataTable).cursor_row
        return self.view.members[min(max(row, 0), len(self.view.members) - 1)]

    def act(self, do: Callable[[], Any], done_text: str | Callable[[Any], str] = "",
            refused: Callable[[DeskError], bool] | None = None) -> None:
        """Save one change to the checklist; pressed twice, both are saved, in that order."""
        said = done_text if callable(done_text) else (lambda _result: done_text)
        self.write(do, lambda result: self._acted(said(result)), refused=refused or self.refused, notice=said)

    def _acted(self, text: str) -> None:
        if text:
            self.say(text)
        self.load()

    def action_toggle(self) -> None:
        member = self._member()
        if member is None:
            return
        patrols = self.app.desk.patrols
        self._last_ticked = member.member_id  # what u takes back, though the cursor moves on
        members = self.query_one("#members", DataTable)
        if members.cursor_row < members.row_count - 1:
            members.move_cursor(row=members.cursor_row + 1)  # a ticked line: on to the next name
        left_on = members.cursor_row

        def refused(error: DeskError) -> bool:
            # Not ticked: back to the name refused (unless moved since), and nothing of it for u to take back.
            if self._last_ticked == member.member_id:
                self._last_ticked = None
            if members.cursor_row == left_on:
                self._move_to(member.member_id)
            return self.refused(error)

        self.act(lambda: patrols.toggle_presence(member.member_id),
                 lambda done: t(f"patrol.done.{done}", name=member.name), refused=refused)

    def _move_to(self, member_id: Any) -> None:
        rows = [shown.member_id for shown in self.view.members] if self.view is not None else []
        if member_id in rows:
            self.query_one("#members", DataTable).move_cursor(row=rows.index(member_id))

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

    def _undo_target(self) -> MemberView | None:
        """Whom u is about: the volunteer the last Space on this screen ticked (the cursor has moved on to the
        next name by then, and a slip is noticed after it), else the highlighted one. The cursor goes to them."""
        if self._last_ticked is not None:
            self._move_to(self._last_ticked)
        return self._member()

    def action_take_back(self) -> None:
        """u: take back the last check-in or check-out Space made here (or the highlighted volunteer's), once
        the officer has said yes to a question naming them and the time."""
        member, view = self._undo_target(), self.view
        if member is None or view is None:
            return
        self._last_ticked = None  # asked once; after that, u follows the cursor
        if view.state == "ended":  # no question whose yes would be refused (the service checks again)
            self.say(t("patrol.undo_after_end", ended=local_text(view.actual_end, self.app.desk.zone)), error=True)
            return
        if member.checked_in_at is None:
            self.say(t("patrol.nothing_to_undo", name=member.name), error=True)
            return
        key = "patrol.undo.confirm_out" if member.checked_out_at else "patrol.undo.confirm_in"
        question = t(key, name=member.name, time=self._clock(member.checked_out_at or member.checked_in_at, view))
        self.app.push_screen(ConfirmScreen(question), lambda yes: self._take_back_confirmed(yes, member, view))

    def _take_back_confirmed(self, yes: bool | None, member: MemberView, view: ShiftView) -> None:
        if not yes:
            return
        patrols = self.app.desk.patrols

        def said(done: tuple[str, datetime]) -> str:
            which, moment = done
            key = "patrol.done.undo_out" if which == "out" else "patrol.done.undo_in"
            return t(key, name=member.name, time=self._clock(moment, view))

        def refused(error: DeskError) -> bool:
            self.load()  # changed at another desk, or the shift ended: show the list as it is now
            return self.refused(error)

        self.write(lambda: patrols.take_back(member.member_id, version=member.version),
                   lambda done: self._acted(said(done)), refused=refused, notice=said)

    def action_end_shift(self) -> None:
        if self.view is None:
            return
        if self.view.state == "ended":
            self.say(t("patrol.shift_ended", ended=local_text(self.view.actual_end, self.app.desk.zone)), error=True)
            return
        still = sum(1 for m in self.view.members if m.state == "in")
        question = t("patrol.end.confirm", team=self.view.team, count=still)
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

    def action_save_now(self) -> None:
        """ctrl+s: saved now, and out of the observations, so Space and the letters work the checklist again."""
        if isinstance(self.focused, TextArea):
            self.query_one("#members", DataTable).focus()
        self.action_save()

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
        patrols, shift_id = self.app.desk.patrols, self.shift_id
        self.read(lambda: patrols.case_draft(shift_id, summary=summary, reporter_member=reporter),
                  self._open_case_form, key="case_draft", refused=self.refused)

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
