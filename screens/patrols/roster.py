"""The volunteer roster: teams above, the highlighted team's volunteers below.

Volunteers are found with the callers' look-up box (name, pinyin, phone);
nobody is deleted, only deactivated.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from frontdesk.i18n import DeskError, t
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.dialogs import ConfirmScreen
from screens.patrols.dialogs import FindPersonScreen, TeamScreen, VolunteerScreen
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.patrols.roster import TeamRow, VolunteerRow
    from frontdesk.callers.lookup import PersonHit


class RosterScreen(DeskScreenBase):
    CSS_PATH = "patrols.tcss"
    HELP_KEY = "patrol.help.roster"
    AUTO_FOCUS = "#teams"

    BINDINGS = [
        Binding("a", "add_volunteer", "patrol.key.add_volunteer", tooltip="patrol.key.add_volunteer.tip",
                id="patrol_add_volunteer"),
        Binding("n", "new_team", "patrol.key.new_team", tooltip="patrol.key.new_team.tip", id="patrol_new_team"),
        Binding("e", "edit", "key.edit", tooltip="patrol.key.edit_roster.tip", id="patrol_edit"),
        Binding("d", "deactivate", "patrol.key.deactivate", tooltip="patrol.key.deactivate.tip",
                id="patrol_deactivate"),
        Binding("f", "find", "patrol.key.find", tooltip="patrol.key.find.tip", id="patrol_find"),
        Binding("i", "toggle_inactive", "patrol.key.inactive", tooltip="patrol.key.inactive.tip",
                id="patrol_inactive"),
        Binding("p", "person", "patrol.key.person", tooltip="patrol.key.person.tip", show=False, id="patrol_person"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.teams: list[TeamRow] = []
        self.volunteers: list[VolunteerRow] = []
        self.include_inactive = False
        self._goto: tuple[uuid.UUID, uuid.UUID | None] | None = None  # (team, volunteer) to highlight once loaded

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Label(t("patrol.roster.teams"), classes="patrol-section")
        teams = FittedTable(id="teams", cursor_type="row", zebra_stripes=True)
        teams.set_columns([
            ColumnSpec("team", t("patrol.col.team"), priority=0, keep=True),
            ColumnSpec("leader", t("patrol.field.leader"), priority=2, minimum=6),
            ColumnSpec("volunteers", t("patrol.col.volunteers"), priority=1, minimum=4, short=t("patrol.col.volunteers.short")),
            ColumnSpec("area", t("patrol.field.area"), priority=3, minimum=8),
            ColumnSpec("meeting_point", t("patrol.field.meeting_point"), priority=4, minimum=8),
            ColumnSpec("state", t("patrol.col.state"), priority=0, keep=True),
        ])
        yield teams
        yield Label("", id="volunteers-title", classes="patrol-section")
        volunteers = FittedTable(id="volunteers", cursor_type="row", zebra_stripes=True)
        volunteers.set_columns([
            ColumnSpec("name", t("col.name"), priority=0, keep=True),
            ColumnSpec("phone", t("col.phone"), priority=1, minimum=11),
            ColumnSpec("trained_on", t("patrol.field.trained_on"), priority=2, minimum=10),
            ColumnSpec("state", t("patrol.col.state"), priority=0, keep=True),
        ])
        yield volunteers
        yield Static("", id="roster-message")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load_teams()

    def load_teams(self) -> None:
        self.read(self.app.desk.patrols.teams, self.show_teams)

    def load_volunteers(self, team_id: uuid.UUID, include_inactive: bool) -> None:
        patrols = self.app.desk.patrols
        self.read(lambda: patrols.team_volunteers(team_id, include_inactive=include_inactive),
                  lambda volunteers: self.show_volunteers(team_id, volunteers), key="volunteers")

    def refused(self, error: DeskError) -> bool:
        """A refusal is said on the roster itself, under the tables."""
        self.say(error.message, error=True)
        return True

    def say(self, text: str, *, error: bool = False) -> None:
        self.query_one("#roster-message", Static).update(text)
        self.set_class(error, "-error")

    # ---- teams ----------------------------------------------------------------------------------

    def show_teams(self, teams: list[TeamRow]) -> None:
        table = self.query_one("#teams", FittedTable)
        current = self.team()
        wanted = self._goto[0] if self._goto else (current.team_id if current else None)
        self.teams = teams
        rows = []
        for team in teams:
            state = t("patrol.active") if team.active else Text(t("patrol.inactive"), style="dim")
            count = str(team.volunteers) + (f" (+{team.inactive})" if team.inactive else "")
            rows.append((team.name, team.leader, count, team.area, team.meeting_point, state))
        table.set_rows(rows)
        for index, team in enumerate(teams):
            if team.team_id == wanted:
                table.move_cursor(row=index)
        self._team_highlighted()

    def team(self) -> TeamRow | None:
        row = self.query_one("#teams", DataTable).cursor_row
        return self.teams[row] if 0 <= row < len(self.teams) else None

    @on(DataTable.RowHighlighted, "#teams")
    def _team_highlighted(self) -> None:
        team = self.team()
        if team is None:
            self.query_one("#volunteers-title", Label).update(t("patrol.roster.no_teams"))
            return
        self.load_volunteers(team.team_id, self.include_inactive)

    @on(DataTable.RowSelected, "#teams")
    def _to_volunteers(self) -> None:
        self.query_one("#volunteers", DataTable).focus()

    def show_volunteers(self, team_id: uuid.UUID, volunteers: list[VolunteerRow]) -> None:
        team = self.team()
        if team is None or team.team_id != team_id:
            return  # the officer has moved on to another team meanwhile
        self.volunteers = volunteers
        table = self.query_one("#volunteers", FittedTable)
        current = self.volunteer()
        wanted = self._goto[1] if self._goto else (current.volunteer_id if current else None)
        self._goto = None
        rows = []
        for volunteer in volunteers:
            state = t("patrol.active") if volunteer.active else Text(t("patrol.inactive"), style="dim")
            trained = volunteer.trained_on.isoformat() if volunteer.trained_on else "—"
            rows.append((volunteer.name, volunteer.phone, trained, state))
        table.set_rows(rows)
        for index, volunteer in enumerate(volunteers):
            if volunteer.volunteer_id == wanted:
                table.move_cursor(row=index)
                table.focus()
        key = "patrol.roster.volunteers_all" if self.include_inactive else "patrol.roster.volunteers"
        self.query_one("#volunteers-title", Label).update(t(key, team=team.name, count=len(volunteers)))

    def volunteer(self) -> VolunteerRow | None:
        row = self.query_one("#volunteers", DataTable).cursor_row
        return self.volunteers[row] if 0 <= row < len(self.volunteers) else None

    def _on_volunteers(self) -> bool:
        return self.query_one("#volunteers", DataTable).has_focus and self.volunteer() is not None

    # ---- actions ----------------------------------------------------------------------------------

    def act(self, do, done_text: str = "") -> None:
        self.write(do, lambda _: self._acted(done_text), refused=self.refused, notice=done_text or None)

    def _acted(self, done_text: str) -> None:
        if done_text:
            self.say(done_text)
        self.load_teams()

    def action_new_team(self) -> None:
        patrols = self.app.desk.patrols

        def saved(team_id: uuid.UUID | None) -> None:
            if team_id is not None:
                self._goto = (team_id, None)
                self.say(t("patrol.done.team_added"))
                self.load_teams()

        self.app.push_screen(TeamScreen(None, [], save=patrols.add_team), saved)

    def action_edit(self) -> None:
        patrols = self.app.desk.patrols
        if self._on_volunteers():
            volunteer = self.volunteer()
            screen = VolunteerScreen(self.teams, volunteer=volunteer, save=lambda values: patrols.edit_volunteer(
                values["volunteer_id"], version=values["version"], team_id=values["team_id"],
                trained_on=values["trained_on"], add_phone=values["add_phone"]) or values["team_id"])
            self.app.push_screen(screen, lambda team_id: self._volunteer_saved(team_id, volunteer.volunteer_id))
            return
        team = self.team()
        if team is None:
            return
        members = [v for v in self.volunteers if v.team_id == team.team_id]

        def save(data) -> bool:
            patrols.edit_team(team.team_id, data, version=team.version)
            return True

        self.app.push_screen(TeamScreen(team, members, save=save),
                             lambda saved: saved and self._reload(t("patrol.done.team_saved")))

    def _reload(self, text: str) -> None:
        self.say(text)
        self.load_teams()

    def _volunteer_saved(self, team_id: uuid.UUID | None, volunteer_id: uuid.UUID) -> None:
        if team_id is not None:
            self._goto = (team_id, volunteer_id)
            self._reload(t("patrol.done.volunteer_saved"))

    def action_deactivate(self) -> None:
        patrols = self.app.desk.patrols
        if self._on_volunteers():
            volunteer = self.volunteer()
            key = "patrol.confirm.reactivate" if not volunteer.active else "patrol.confirm.deactivate"

            def answer(yes: bool | None) -> None:
                if yes:
                    self.act(lambda: patrols.set_volunteer_active(volunteer.volunteer_id, active=not volunteer.active,
                                                                  version=volunteer.version), t("patrol.done.saved"))

            self.app.push_screen(ConfirmScreen(t(key, name=volunteer.name)), answer)
            return
        team = self.team()
        if team is None:
            return
        key = "patrol.confirm.reactivate_team" if not team.active else "patrol.confirm.deactivate_team"

        def answer_team(yes: bool | None) -> None:
            if yes:
                self.act(lambda: patrols.set_team_active(team.team_id, active=not team.active, version=team.version),
                         t("patrol.done.saved"))

        self.app.push_screen(ConfirmScreen(t(key, team=team.name)), answer_team)

    def action_toggle_inactive(self) -> None:
        self.include_inactive = not self.include_inactive
        self._team_highlighted()

    def action_add_volunteer(self) -> None:
        screen = FindPersonScreen(t("patrol.add.title"), t("patrol.add.hint"), allow_new=True)
        self.app.push_screen(screen, self._person_chosen)

    def _person_chosen(self, chosen) -> None:
        if chosen == "new":
            self._enrol(None)
        elif isinstance(chosen, uuid.UUID):
            self.person_for(chosen)

    def person_for(self, person_id: uuid.UUID) -> None:
        desk = self.app.desk

        def person() -> PersonHit:
            hit = desk.callers.person_match(person_id)
            if hit is None:
                raise DeskError("person.gone")
            return hit

        self.read(person, self._enrol, key="person", refused=self.refused)

    def _enrol(self, person: PersonHit | None) -> None:
        patrols = self.app.desk.patrols
        team = self.team()

        def save(values: dict):
            data = values["data"]
            return data.team_id, patrols.add_volunteer(data)

        def saved(result) -> None:
            if result is not None:
                self._goto = result
                self._reload(t("patrol.done.volunteer_added"))

        self.app.push_screen(VolunteerScreen(self.teams, team_id=team.team_id if team else None, person=person,
                                             save=save), saved)

    def action_find(self) -> None:
        screen = FindPersonScreen(t("patrol.find.title"), t("patrol.find.hint"))
        self.app.push_screen(screen, lambda person_id: isinstance(person_id, uuid.UUID) and self.found(person_id))

    def found(self, person_id: uuid.UUID) -> None:
        patrols = self.app.desk.patrols
        self.read(lambda: patrols.volunteers_of(person_id), lambda volunteers: self._found(person_id, volunteers),
                  key="found", refused=self.refused)

    def _found(self, person_id: uuid.UUID, volunteers: list[VolunteerRow]) -> None:
        if not volunteers:
            self.say(t("patrol.find.not_a_volunteer"), error=True)
            return
        first = volunteers[0]
        if not first.active and not self.include_inactive:
            self.include_inactive = True
        self._goto = (first.team_id, first.volunteer_id)
        teams = ", ".join(v.team for v in volunteers)
        self.say(t("patrol.find.found", name=first.name, teams=teams))
        self.load_teams()

    def action_person(self) -> None:
        volunteer = self.volunteer()
        if volunteer is not None:
            from screens.callers.person import PersonScreen

            self.app.push_screen(PersonScreen(volunteer.person_id))
