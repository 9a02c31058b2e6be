"""The patrol desk: what the patrol screens call, from thread workers.

Like every area desk, each method opens one short session on the desk's context, calls the services in
`frontdesk.patrols` (and its presence, views and totals) and `frontdesk.patrol_roster`
and hands back plain dataclasses.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from frontdesk.patrols import presence
from frontdesk.patrols import roster
from frontdesk.patrols import totals as patrol_totals
from frontdesk.patrols import shifts as patrols
from frontdesk.patrols import views
from frontdesk.cases.recording import CaseDraft
from frontdesk.i18n import t
from frontdesk.records import audit
from frontdesk.sealing import passphrase_of
from frontdesk.timefmt import local_day
from frontdesk.context import DeskContext


#: The patrol screen lists shifts from this many days back to this many ahead.
LIST_DAYS_BACK = 30
LIST_DAYS_AHEAD = 7


@dataclass(frozen=True)
class ShiftList:
    since: date
    until: date
    rows: tuple[views.ShiftRow, ...]
    closed_now: int  # shifts left open overnight that this load closed and flagged


@dataclass(frozen=True)
class Tonight:
    shifts: tuple[views.TonightShift, ...]
    to_review: int


@dataclass(frozen=True)
class StartChoices:
    teams: tuple[roster.TeamRow, ...]  # active ones
    officers: tuple[views.OfficerChoice, ...]
    today: date


class PatrolDesk:
    def __init__(self, ctx: DeskContext):
        self.ctx = ctx

    @property
    def today(self) -> date:
        return local_day(self.ctx.clock(), self.ctx.zone)

    # ---- the evening -------------------------------------------------------------------

    def close_stale(self) -> int:
        """Close shifts still open the morning after (planned end, flagged); how many were.

        Looks first with a reading session, so a desk refreshing its figures
        takes the write lock only when there is something to close.
        """
        ctx, now = self.ctx, self.ctx.clock()
        with ctx.reading() as session:
            if not patrols.has_stale_shifts(session, now=now, zone=ctx.zone):
                return 0
        with ctx.writing() as session:
            return len(patrols.close_stale_shifts(session, now=now, zone=ctx.zone, by=ctx.actor))

    def tonight(self) -> Tonight:
        """What the desk shows: tonight's shifts, and how many shifts wait for review."""
        self.close_stale()
        with self.ctx.reading() as session:
            return Tonight(tuple(views.tonight(session, now=self.ctx.clock(), zone=self.ctx.zone)),
                           views.shifts_to_review(session))

    def shifts(self) -> ShiftList:
        closed = self.close_stale()
        today = self.today
        since, until = today - timedelta(days=LIST_DAYS_BACK), today + timedelta(days=LIST_DAYS_AHEAD)
        with self.ctx.reading() as session:
            rows = views.list_shifts(session, since=since, until=until)
        return ShiftList(since, until, tuple(rows), closed)

    def shift(self, shift_id: uuid.UUID) -> views.ShiftView:
        with self.ctx.reading() as session:
            return views.shift_view(session, shift_id)

    def start_choices(self) -> StartChoices:
        with self.ctx.reading() as session:
            return StartChoices(tuple(roster.list_teams(session, include_inactive=False)),
                                tuple(views.officer_choices(session)), self.today)

    def start_shift(self, data: patrols.ShiftInput) -> uuid.UUID:
        ctx = self.ctx
        with ctx.writing() as session:
            return patrols.start_shift(session, data, by=ctx.actor, now=ctx.clock(), zone=ctx.zone).id

    # ---- the checklist -------------------------------------------------------------------

    def toggle_presence(self, member_id: uuid.UUID) -> str:
        ctx = self.ctx
        with ctx.writing() as session:
            return presence.toggle_presence(session, member_id, by=ctx.actor, now=ctx.clock(), zone=ctx.zone)

    def take_back(self, member_id: uuid.UUID, *, version: int) -> tuple[str, datetime]:
        """Take back the volunteer's latest check-in or check-out, as shown at `version`: ("in" | "out", its time)."""
        ctx = self.ctx
        with ctx.writing() as session:
            return presence.take_back(session, member_id, version=version, by=ctx.actor, now=ctx.clock(),
                                      zone=ctx.zone)

    def set_no_show(self, member_id: uuid.UUID, *, no_show: bool) -> None:
        with self.ctx.writing() as session:
            presence.set_no_show(session, member_id, no_show=no_show, by=self.ctx.actor, zone=self.ctx.zone)

    def set_times(self, member_id: uuid.UUID, *, check_in: str, check_out: str) -> None:
        ctx = self.ctx
        with ctx.writing() as session:
            presence.set_times(session, member_id, check_in_text=check_in, check_out_text=check_out, by=ctx.actor,
                              now=ctx.clock(), zone=ctx.zone)

    def walk_up(self, shift_id: uuid.UUID, person_id: uuid.UUID) -> uuid.UUID:
        """Add and check in a volunteer not on the shift's list; their line's id on the checklist."""
        ctx = self.ctx
        with ctx.writing() as session:
            return presence.add_walk_up(session, shift_id, person_id, by=ctx.actor, now=ctx.clock(), zone=ctx.zone).id

    def end_shift(self, shift_id: uuid.UUID) -> int:
        ctx = self.ctx
        with ctx.writing() as session:
            return patrols.end_shift(session, shift_id, by=ctx.actor, now=ctx.clock(), zone=ctx.zone)

    def mark_reviewed(self, shift_id: uuid.UUID) -> None:
        with self.ctx.writing() as session:
            patrols.mark_reviewed(session, shift_id, by=self.ctx.actor)

    # ---- what the shift did ------------------------------------------------------------

    def record_counts(self, shift_id: uuid.UUID, *, counts: dict[str, tuple[int, int]],
                      observations: tuple[str, str] | None) -> None:
        with self.ctx.writing() as session:
            patrols.record_counts(session, shift_id, counts=counts, observations=observations, by=self.ctx.actor)

    def case_draft(self, shift_id: uuid.UUID, *, summary: str, reporter_member: uuid.UUID | None) -> CaseDraft:
        with self.ctx.reading() as session:
            return patrols.case_draft_from_shift(session, shift_id, now=self.ctx.clock(), summary=summary,
                                                 reporter_member=reporter_member)

    # ---- the roster ----------------------------------------------------------------------

    def teams(self, *, include_inactive: bool = True) -> list[roster.TeamRow]:
        with self.ctx.reading() as session:
            return roster.list_teams(session, include_inactive=include_inactive)

    def team_volunteers(self, team_id: uuid.UUID, *, include_inactive: bool) -> list[roster.VolunteerRow]:
        with self.ctx.reading() as session:
            return roster.team_volunteers(session, team_id, include_inactive=include_inactive)

    def find_volunteers(self, typed: str) -> list[roster.VolunteerHit]:
        with self.ctx.reading() as session:
            return roster.find_volunteers(session, typed)

    def volunteers_of(self, person_id: uuid.UUID) -> list[roster.VolunteerRow]:
        with self.ctx.reading() as session:
            return roster.volunteers_of(session, person_id)

    def add_team(self, data: roster.TeamInput) -> uuid.UUID:
        with self.ctx.writing() as session:
            return roster.add_team(session, data, by=self.ctx.actor).id

    def edit_team(self, team_id: uuid.UUID, data: roster.TeamInput, *, version: int) -> None:
        with self.ctx.writing() as session:
            roster.edit_team(session, team_id, data, version=version, by=self.ctx.actor)

    def set_team_active(self, team_id: uuid.UUID, *, active: bool, version: int) -> None:
        with self.ctx.writing() as session:
            roster.set_team_active(session, team_id, active=active, version=version, by=self.ctx.actor)

    def add_volunteer(self, data: roster.VolunteerInput) -> uuid.UUID:
        with self.ctx.writing() as session:
            return roster.add_volunteer(session, data, by=self.ctx.actor, today=self.today).id

    def edit_volunteer(self, volunteer_id: uuid.UUID, *, version: int, team_id: uuid.UUID | None, trained_on: str,
                       add_phone: str) -> None:
        with self.ctx.writing() as session:
            roster.edit_volunteer(session, volunteer_id, version=version, team_id=team_id, trained_on=trained_on,
                                  add_phone=add_phone, by=self.ctx.actor, today=self.today)

    def set_volunteer_active(self, volunteer_id: uuid.UUID, *, active: bool, version: int) -> None:
        with self.ctx.writing() as session:
            roster.set_volunteer_active(session, volunteer_id, active=active, version=version, by=self.ctx.actor)

    # ---- totals ------------------------------------------------------------------------------

    def totals(self, since: date, until: date) -> patrol_totals.PatrolTotals:
        self.close_stale()
        with self.ctx.reading() as session:
            return patrol_totals.patrol_totals(session, since=since, until=until)

    def export(self, since: date, until: date) -> list[Path]:
        """The period's totals as CSV and XLSX in the data folder's `exports/`; the export is audited."""
        figures = self.totals(since, until)
        written = patrol_totals.export_totals(figures, Path(self.ctx.settings.data_dir) / "exports", zone=self.ctx.zone,
                                              passphrase=passphrase_of(self.ctx.url))
        with self.ctx.writing() as session:
            audit(session, by=self.ctx.actor, action="export", table_name="patrolshift",
                  reason=t("audit.reason.patrol_totals", since=since.isoformat(), until=until.isoformat(),
                           files=t("words.list_sep").join(p.name for p in written)))
        return written
