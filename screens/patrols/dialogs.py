"""Dialogs of the patrol screens: start a shift, correct times, a count, a team, a volunteer, find a person.

Those that write save themselves through the app's work router: a refusal is shown inside
the dialog with the fields to fix marked, and everything typed stays where it was.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input

from frontdesk.i18n import DeskError, parenthesised, t
from frontdesk.patrols.roster import TeamInput, VolunteerInput
from frontdesk.patrols.shifts import DEFAULT_END, DEFAULT_START, ShiftInput, counter_refusal
from frontdesk.callers.people import FieldErrors, PersonInput
from frontdesk.timefmt import DATE_FORMAT, local_text
from screens.shell.bounded import IdNumberInput
from screens.shell.bounded import BoundedInput
from screens.cases.dialogs import DeskDialog
from screens.callers.lookup import LookupBox
from screens.shell.plain import Label, Select, Static
from screens.shell.choices import NumberedSelect
from screens.shell.work import DeskWork

if TYPE_CHECKING:
    from frontdesk.patrols.desk import StartChoices
    from frontdesk.patrols.roster import TeamRow, VolunteerRow
    from frontdesk.patrols.views import MemberView
    from frontdesk.callers.lookup import PersonHit


def line(label_key: str, widget: Widget, name: str) -> Horizontal:
    """One line of a dialog: the field's name, then where to type or choose."""
    widget.compact = True
    return Horizontal(Label(t(label_key), classes="patrol-label"), widget, classes="patrol-line", id=f"line-{name}")


class PatrolDialog(DeskDialog):
    CSS_PATH = ["../shell/dialogs.tcss", "dialogs.tcss"]


class SavingDialog(DeskWork, PatrolDialog):
    """A dialog whose ctrl+s saves through `save(values)` off the UI thread and closes with its result."""

    #: Dialog lines (by name) and the service's error keys that belong to each.
    FIELDS: dict[str, tuple[str, ...]] = {}

    def __init__(self, save: Callable[[Any], Any]) -> None:
        super().__init__()
        self._save = save

    def values(self) -> Any:
        raise NotImplementedError

    def on_input_submitted(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        if self.writing():
            return  # one save at a time: a second ctrl+s would save the same form twice
        try:
            values = self.values()
        except DeskError as error:
            self.refused(error)
            return
        self.complain(t("patrol.saving"))
        save = self._save
        # Failing otherwise, the dialog closes and the error dialog says why.
        self.write(lambda: save(values), self.dismiss, refused=self.refused, failed=lambda _error: self.dismiss(None))

    def refused(self, error: DeskError) -> bool:
        self.complain(error.message)
        first = None
        for name, keys in self.FIELDS.items():
            bad = isinstance(error, FieldErrors) and any(key in error.errors for key in keys)
            self.query_one(f"#line-{name}").set_class(bad, "-invalid")
            if bad and first is None:
                first = name
        if first is not None:
            widget = self.query_one(f"#line-{first}").children[-1]
            widget.focus()
            if isinstance(widget, Input):
                widget.select_all()  # what was refused is typed over, not added to
        return True


# ---- shifts -------------------------------------------------------------------------------

class StartShiftScreen(SavingDialog):
    """Start a shift: team, date, planned times, area or route, escorting officer."""

    AUTO_FOCUS = "#shift-team"
    FIELDS = {"team": ("team",), "day": ("day",), "start": ("start",), "end": ("end",), "area": ("area",),
              "escort": ("escort",)}

    def __init__(self, choices: StartChoices, *, officer_id: uuid.UUID, save: Callable[[ShiftInput], Any]) -> None:
        super().__init__(save)
        self.choices = choices
        self.officer_id = officer_id

    def compose(self) -> ComposeResult:
        teams = [(team.name, team.team_id) for team in self.choices.teams]
        officers = [(parenthesised(o.name, o.badge_no), o.officer_id) for o in self.choices.officers]
        escort = self.officer_id if any(o.officer_id == self.officer_id for o in self.choices.officers) else Select.NULL
        with Vertical(classes="dialog"):
            yield Label(t("patrol.start.title"), classes="dialog-title")
            yield line("patrol.field.team", NumberedSelect(teams, id="shift-team", prompt=t("form.choose"),
                                                           value=teams[0][1] if len(teams) == 1 else Select.NULL), "team")
            yield line("patrol.field.day", BoundedInput(self.choices.today.strftime(DATE_FORMAT), id="shift-day"), "day")
            yield line("patrol.field.start", BoundedInput(DEFAULT_START, id="shift-start", placeholder="HH:MM"), "start")
            yield line("patrol.field.end", BoundedInput(DEFAULT_END, id="shift-end", placeholder="HH:MM"), "end")
            yield line("patrol.field.area", BoundedInput(id="shift-area"), "area")
            yield line("patrol.field.escort", NumberedSelect(officers, id="shift-escort", value=escort,
                                                             prompt=t("form.optional")), "escort")
            yield Static(t("patrol.start.hint"), classes="patrol-hint")
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    @on(Select.Changed, "#shift-team")
    def _team_chosen(self, event: Select.Changed) -> None:
        area = next((team.area for team in self.choices.teams if team.team_id == event.value), "")
        self.query_one("#shift-area", Input).placeholder = area

    def values(self) -> ShiftInput:
        team = self.query_one("#shift-team", Select).value
        escort = self.query_one("#shift-escort", Select).value
        value = lambda name: self.query_one(f"#shift-{name}", Input).value  # noqa: E731
        return ShiftInput(team_id=None if team is Select.NULL else team, day=value("day"), start=value("start"),
                          end=value("end"), area=value("area"), escort_id=None if escort is Select.NULL else escort)


class TimesScreen(SavingDialog):
    """Correct one volunteer's check-in and check-out."""

    AUTO_FOCUS = "#times-in"
    FIELDS = {"in": ("check_in",), "out": ("check_out",)}

    def __init__(self, member: MemberView, *, zone, save: Callable[[tuple[str, str]], Any]) -> None:
        super().__init__(save)
        self.member = member
        self.zone = zone

    def compose(self) -> ComposeResult:
        came, left = self.member.checked_in_at, self.member.checked_out_at
        with Vertical(classes="dialog"):
            yield Label(t("patrol.times.title", name=self.member.name), classes="dialog-title")
            yield line("patrol.field.check_in", BoundedInput(local_text(came, self.zone) if came else "", id="times-in"), "in")
            yield line("patrol.field.check_out", BoundedInput(local_text(left, self.zone) if left else "", id="times-out"),
                       "out")
            yield Static(t("patrol.times.hint"), classes="patrol-hint")
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def values(self) -> tuple[str, str]:
        return self.query_one("#times-in", Input).value, self.query_one("#times-out", Input).value


class CountScreen(PatrolDialog):
    """Type a counter's value (40 leaflets) instead of pressing + forty times."""

    AUTO_FOCUS = "#count"

    def __init__(self, counter: str, value: str, *, replace: bool = False) -> None:
        super().__init__()
        self.counter = counter
        self.value = value
        #: Editing the value the counter holds: it opens selected, so what is typed replaces it.
        self.replace = replace

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("patrol.count.title", counter=self.counter), classes="dialog-title")
            # A digit typed on the counter started the value: the box takes the focus without selecting it, so
            # the next digit goes on after it even when it comes before the cursor is placed (4 0 read in one go
            # had the 0 replace the 4).
            count = BoundedInput(self.value, id="count", max_length=6, select_on_focus=self.replace)
            yield line("patrol.col.count", count, "count")
            yield Static("", classes="dialog-message")
            yield Label(t("patrol.count.keys"), classes="dialog-keys")

    def on_mount(self) -> None:
        # After the focus has settled: focusing moves the cursor and selection too.
        self.call_after_refresh(self._place_cursor)

    def _place_cursor(self) -> None:
        count = self.query_one("#count", Input)
        if self.replace:
            count.select_all()
        else:  # a digit typed on the counter started the new value: go on after it
            count.cursor_position = len(self.value)

    def on_input_submitted(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        typed = self.query_one("#count", Input).value.strip()
        if not typed.isdecimal():
            message = (DeskError("patrol.counter_negative", counter=self.counter) if typed.startswith("-")
                       else DeskError("patrol.counter_not_number", counter=self.counter, value=typed))
            self.complain(message.message)
            return
        refusal = counter_refusal(self.counter, int(typed))
        if refusal is not None:
            self.complain(refusal.message)
            return
        self.dismiss(int(typed))


# ---- the roster ------------------------------------------------------------------------------

class TeamScreen(SavingDialog):
    """A new team, or a team's name, leader, area and meeting point."""

    AUTO_FOCUS = "#team-name"
    FIELDS = {"name": ("name",), "leader": ("leader",), "area": ("area",), "meeting": ("meeting_point",)}

    def __init__(self, team: TeamRow | None, members: list[VolunteerRow], *, save: Callable[[TeamInput], Any]) -> None:
        super().__init__(save)
        self.team = team
        self.members = members

    def compose(self) -> ComposeResult:
        team = self.team
        leaders = [(f"{m.name} {m.phone}", m.person_id) for m in self.members if m.active]
        leader = team.leader_id if team and any(value == team.leader_id for _n, value in leaders) else Select.NULL
        with Vertical(classes="dialog"):
            title = t("patrol.team.edit", team=team.name) if team else t("patrol.team.new")
            yield Label(title, classes="dialog-title")
            yield line("patrol.field.team_name", BoundedInput(team.name if team else "", id="team-name", max_length=80), "name")
            yield line("patrol.field.leader", NumberedSelect(leaders, id="team-leader", value=leader,
                                                             prompt=t("form.optional")), "leader")
            yield line("patrol.field.area", BoundedInput(team.area if team else "", id="team-area"), "area")
            yield line("patrol.field.meeting_point", BoundedInput(team.meeting_point if team else "", id="team-meeting"),
                       "meeting")
            if team is None:
                yield Static(t("patrol.team.leader_later"), classes="patrol-hint")
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def values(self) -> TeamInput:
        leader = self.query_one("#team-leader", Select).value
        value = lambda name: self.query_one(f"#team-{name}", Input).value  # noqa: E731
        return TeamInput(name=value("name"), area=value("area"), meeting_point=value("meeting"),
                         leader_id=None if leader is Select.NULL else leader)


class VolunteerScreen(SavingDialog):
    """Enrol a volunteer (someone found by the look-up, or someone new), or edit one."""

    FIELDS = {"name": ("volunteer.name",), "phone": ("volunteer.phone", "phone"),
              "rid": ("volunteer.resident_id",), "team": ("team",), "trained": ("trained_on",)}

    def __init__(
        self, teams: list[TeamRow], *, save: Callable[[dict], Any], team_id: uuid.UUID | None = None,
        person: PersonHit | None = None, volunteer: VolunteerRow | None = None,
    ) -> None:
        super().__init__(save)
        self.teams = [team for team in teams if team.active]
        self.team_id = volunteer.team_id if volunteer else team_id
        self.person = person
        self.volunteer = volunteer

    def compose(self) -> ComposeResult:
        known = self.person is not None or self.volunteer is not None
        name = self.volunteer.name if self.volunteer else (self.person.name if self.person else "")
        teams = [(team.name, team.team_id) for team in self.teams]
        team = self.team_id if any(value == self.team_id for _n, value in teams) else Select.NULL
        trained = self.volunteer.trained_on.strftime(DATE_FORMAT) if self.volunteer and self.volunteer.trained_on else ""
        with Vertical(classes="dialog"):
            title = t("patrol.volunteer.edit", name=name) if self.volunteer else t("patrol.volunteer.new")
            yield Label(title, classes="dialog-title")
            yield line("field.volunteer.name", BoundedInput(name, id="vol-name", disabled=known, max_length=80), "name")
            phone_hint = t("patrol.volunteer.add_phone") if known else t("form.phone_hint")
            yield line("col.phone", BoundedInput(id="vol-phone", placeholder=phone_hint), "phone")
            if not known:
                yield line("form.reporter_rid", IdNumberInput(id="vol-rid", placeholder=t("form.optional")),
                           "rid")
            yield line("patrol.field.team", NumberedSelect(teams, id="vol-team", value=team, prompt=t("form.choose")),
                       "team")
            yield line("patrol.field.trained_on", BoundedInput(trained, id="vol-trained", placeholder="YYYY-MM-DD"), "trained")
            if self.person is not None:
                yield Static(t("patrol.volunteer.known", name=self.person.name, phone=self.person.phone or "—"),
                             classes="patrol-hint")
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def on_mount(self) -> None:
        first = "#vol-phone" if self.person or self.volunteer else "#vol-name"
        self.query_one(first, Input).focus()

    def values(self) -> dict:
        team = self.query_one("#vol-team", Select).value
        value = lambda name: self.query_one(f"#vol-{name}", Input).value  # noqa: E731
        team_id = None if team is Select.NULL else team
        if self.volunteer is not None:
            return dict(volunteer_id=self.volunteer.volunteer_id, version=self.volunteer.version, team_id=team_id,
                        trained_on=value("trained"), add_phone=value("phone"))
        person = (PersonInput(person_id=self.person.person_id, phone=value("phone")) if self.person else
                  PersonInput(name=value("name"), phone=value("phone"), resident_id=value("rid")))
        return dict(data=VolunteerInput(person=person, team_id=team_id, trained_on=value("trained")))


class FindPersonScreen(PatrolDialog):
    """The callers' look-up box in a dialog: Enter takes the person; ctrl+n (if offered) someone new."""

    DEFAULT_CSS = """
    FindPersonScreen > .dialog { width: 130; }
    /* 24 rows: fewer results at once, so a refusal and the keys show under them. */
    FindPersonScreen.-short LookupBox #search-row { margin-top: 0; }
    FindPersonScreen.-short LookupBox #results { height: 3; }
    """

    BINDINGS = [
        Binding("ctrl+n", "someone_new", "patrol.key.someone_new", id="someone_new"),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def __init__(self, title: str, hint: str, *, allow_new: bool = False, typed: str = "", message: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.allow_new = allow_new
        self.typed = typed  # the search as typed: kept when a choice is refused, to choose again
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.hint, classes="patrol-hint")
            yield LookupBox(id="find-person", choosing=True)
            yield Static(self.message, classes="dialog-message")
            yield Label(t("patrol.find.keys_new") if self.allow_new else t("patrol.find.keys"), classes="dialog-keys")

    def on_mount(self) -> None:
        box = self.query_one(LookupBox).input
        box.focus()
        if self.typed:
            box.value = self.typed  # found again as it was

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "someone_new":
            return self.allow_new
        return True

    @on(LookupBox.Chosen)
    def _chosen(self, chosen: LookupBox.Chosen) -> None:
        chosen.stop()
        if chosen.person_id is not None:
            self.typed = self.query_one(LookupBox).input.value
            self.dismiss(chosen.person_id)
        elif chosen.case_id is not None:  # a case number was typed: say what finds a person
            self.query_one(".dialog-message", Static).update(t("patrol.find.not_a_case"))

    async def action_done(self) -> None:
        """ctrl+s, like Enter in the box: take the first person found (Input.action_submit is a coroutine: called
        without awaiting it, ctrl+s did nothing)."""
        await self.query_one(LookupBox).input.action_submit()

    def action_someone_new(self) -> None:
        self.dismiss("new")
