"""What the patrols added up to over a period: person-hours, counters, a month of shifts.

Hours are person-hours between check-in and check-out, never the plan, and
belong to the shift's date (a shift that runs past midnight counts wholly on
the evening it began). A volunteer still out on patrol counts nothing until
they check out. A walk-up's hours count for their own team.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import PatrolCounter, PatrolShift, Person, ShiftMember, Team, Volunteer
from db.types import seconds_between
from frontdesk.tables_out import write_tables
from frontdesk.i18n import DeskError, language, t
from frontdesk.patrols.views import ShiftRow, list_shifts
from frontdesk.patrols.shifts import parsed_or_error
from frontdesk.callers.people import FieldErrors
from frontdesk.timefmt import local_text, parse_day

LONGEST_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class VolunteerTotal:
    person_id: uuid.UUID
    name: str
    team: str
    shifts: int  # shifts they came to
    worked: timedelta
    no_shows: int
    still_out: int  # checked in, not yet out: counts once they check out


@dataclass(frozen=True)
class TeamTotal:
    team_id: uuid.UUID
    team: str
    shifts: int  # the team's own shifts
    volunteers: int  # its volunteers who came at least once
    worked: timedelta
    no_shows: int


@dataclass(frozen=True)
class CounterTotal:
    code: str
    name: str
    value: int


@dataclass(frozen=True)
class PatrolTotals:
    since: date
    until: date  # included
    volunteers: tuple[VolunteerTotal, ...]
    teams: tuple[TeamTotal, ...]
    counters: tuple[CounterTotal, ...]
    shifts: tuple[ShiftRow, ...]

    @property
    def worked(self) -> timedelta:
        return sum((v.worked for v in self.volunteers), timedelta(0))

    @property
    def cases(self) -> int:
        return sum(s.cases for s in self.shifts)


@dataclass(frozen=True)
class MonthTeam:
    team: str
    per_day: tuple[int, ...]  # shifts on day 1, 2, …
    flagged: frozenset[int]  # days with a shift flagged for review
    shifts: int
    worked: timedelta


@dataclass(frozen=True)
class MonthView:
    year: int
    month: int
    days: int
    teams: tuple[MonthTeam, ...]


def hours(span: timedelta) -> float:
    """Person-hours to two decimals (3 h 30 min is 3.5)."""
    return round(span.total_seconds() / 3600, 2)


# ---- periods ---------------------------------------------------------------------

def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def parse_period(since_text: str, until_text: str) -> tuple[date, date]:
    """A period typed as two dates (both included); FieldErrors naming what is wrong."""
    errors: dict[str, DeskError] = {}
    since = parsed_or_error(errors, "since", parse_day, since_text)
    until = parsed_or_error(errors, "until", parse_day, until_text)
    if not errors and until < since:
        errors["until"] = DeskError("patrol.period_backwards", since=since.isoformat(), until=until.isoformat())
    if not errors and (until - since).days > LONGEST_PERIOD_DAYS:
        errors["until"] = DeskError("patrol.period_too_long", days=LONGEST_PERIOD_DAYS)
    if errors:
        raise FieldErrors(errors)
    return since, until


# ---- totals ----------------------------------------------------------------------

def _counter_rows(session: Session, sums: dict[str, int]) -> tuple[CounterTotal, ...]:
    zh = language() == "zh"
    rows = session.exec(select(PatrolCounter).order_by(PatrolCounter.sort)).all()
    shown = [CounterTotal(r.code, r.name_zh if zh else r.name_en, sums.get(r.code, 0))
             for r in rows if r.active or sums.get(r.code)]
    known = {r.code for r in rows}
    return tuple(shown + [CounterTotal(code, code, value) for code, value in sorted(sums.items())
                          if code not in known])


def patrol_totals(session: Session, *, since: date, until: date, site: str | None = None) -> PatrolTotals:
    """Hours per volunteer and per team, counters summed, and the shifts of `since`..`until`
    (with `site`, of the shifts that site ran)."""
    stints = session.exec(
        select(Person.id, Person.name, Person.name_pinyin, Team.id, Team.name, ShiftMember.checked_in_at,
               ShiftMember.checked_out_at, ShiftMember.no_show)
        .join(Volunteer, Volunteer.id == ShiftMember.volunteer_id)
        .join(Person, Person.id == Volunteer.person_id)
        .join(Team, Team.id == Volunteer.team_id)
        .join(PatrolShift, PatrolShift.id == ShiftMember.shift_id)
        .where(PatrolShift.shift_date >= since, PatrolShift.shift_date <= until,
               *([PatrolShift.site == site] if site is not None else []))
    ).all()
    people: dict[tuple[uuid.UUID, uuid.UUID], dict] = {}
    for person_id, name, pinyin, team_id, team, came, left, no_show in stints:
        entry = people.setdefault((person_id, team_id), dict(
            name=name, pinyin=pinyin, team=team, shifts=0, worked=timedelta(0), no_shows=0, still_out=0))
        entry["no_shows"] += bool(no_show)
        if came is None:
            continue
        entry["shifts"] += 1
        if left is None:
            entry["still_out"] += 1
        else:
            entry["worked"] += left - came
    volunteers = tuple(
        VolunteerTotal(person_id, e["name"], e["team"], e["shifts"], e["worked"], e["no_shows"], e["still_out"])
        for (person_id, _team_id), e in sorted(
            people.items(), key=lambda item: (-item[1]["worked"], item[1]["team"], item[1]["pinyin"]))
        if e["shifts"] or e["no_shows"]
    )
    shifts = list_shifts(session, since=since, until=until, site=site)
    sums: dict[str, int] = {}
    for row in shifts:
        for code, value in row.counters:
            sums[code] = sums.get(code, 0) + value
    return PatrolTotals(since, until, volunteers, _team_totals(session, people, shifts),
                        _counter_rows(session, sums), tuple(shifts))


@dataclass(frozen=True)
class PeriodSums:
    """What `patrol_totals` adds up to, counted by the database: for figures that need no rows."""

    shifts: int
    volunteers: int  # volunteer-and-team pairs who came at least once, as `patrol_totals` lists them
    worked: timedelta
    counters: tuple[CounterTotal, ...]


def period_sums(session: Session, *, since: date, until: date, site: str | None = None) -> PeriodSums:
    """The shifts, the volunteers who came, the person-hours and the counters of `since`..`until`."""
    in_period = [PatrolShift.shift_date >= since, PatrolShift.shift_date <= until,
                 *([PatrolShift.site == site] if site is not None else [])]
    shifts = int(session.exec(
        select(func.count()).select_from(PatrolShift).join(Team, Team.id == PatrolShift.team_id).where(*in_period)
    ).one())
    came = ShiftMember.checked_in_at.is_not(None)
    pairs = (
        select(Volunteer.person_id, Volunteer.team_id)
        .join(ShiftMember, ShiftMember.volunteer_id == Volunteer.id)
        .join(PatrolShift, PatrolShift.id == ShiftMember.shift_id)
        .where(*in_period, came).distinct().subquery()
    )
    volunteers = int(session.exec(select(func.count()).select_from(pairs)).one())
    seconds = session.exec(
        select(func.sum(seconds_between(ShiftMember.checked_in_at, ShiftMember.checked_out_at)))
        .join(PatrolShift, PatrolShift.id == ShiftMember.shift_id)
        .where(*in_period, came, ShiftMember.checked_out_at.is_not(None))
    ).one()
    sums: dict[str, int] = {}
    for counters in session.exec(select(PatrolShift.counters).join(Team, Team.id == PatrolShift.team_id)
                                 .where(*in_period)).all():  # one small mapping per shift, not a row per case
        for code, value in (counters or {}).items():
            sums[code] = sums.get(code, 0) + int(value)
    return PeriodSums(shifts, volunteers, timedelta(seconds=round(float(seconds or 0), 3)),
                      _counter_rows(session, sums))


def _team_totals(session: Session, people: dict, shifts: list[ShiftRow]) -> tuple[TeamTotal, ...]:
    team_ids = {team_id for _p, team_id in people}
    teams = session.exec(select(Team).order_by(Team.name)).all()
    shift_count: dict[str, int] = {}
    for row in shifts:
        shift_count[row.team] = shift_count.get(row.team, 0) + 1
    result = []
    for team in teams:
        if not (team.active or team.id in team_ids):
            continue
        mine = [e for (_p, team_id), e in people.items() if team_id == team.id]
        result.append(TeamTotal(
            team.id, team.name, shift_count.get(team.name, 0), sum(1 for e in mine if e["shifts"]),
            sum((e["worked"] for e in mine), timedelta(0)), sum(e["no_shows"] for e in mine),
        ))
    return tuple(sorted(result, key=lambda row: (-row.worked, row.team)))


def month_view(shifts: list[ShiftRow] | tuple[ShiftRow, ...], year: int, month: int) -> MonthView:
    """Shifts per team per day of one month (from that month's shift rows)."""
    days = calendar.monthrange(year, month)[1]
    per_team: dict[str, dict] = {}
    for row in shifts:
        if (row.shift_date.year, row.shift_date.month) != (year, month):
            continue
        entry = per_team.setdefault(row.team, dict(per_day=[0] * days, flagged=set(), shifts=0, worked=timedelta(0)))
        entry["per_day"][row.shift_date.day - 1] += 1
        entry["shifts"] += 1
        entry["worked"] += row.worked
        if row.needs_review:
            entry["flagged"].add(row.shift_date.day)
    teams = tuple(MonthTeam(team, tuple(e["per_day"]), frozenset(e["flagged"]), e["shifts"], e["worked"])
                  for team, e in sorted(per_team.items()))
    return MonthView(year, month, days, teams)


# ---- export ----------------------------------------------------------------------

def _sheets(totals: PatrolTotals, zone: ZoneInfo) -> list[tuple[str, list[str], list[list]]]:
    """(name, header, rows) of each table the export writes, headers in the officer's language."""
    volunteers = [[v.name, v.team, v.shifts, hours(v.worked), v.no_shows, v.still_out] for v in totals.volunteers]
    teams = [[r.team, r.shifts, r.volunteers, hours(r.worked), r.no_shows] for r in totals.teams]
    counters = [[c.name, c.value] for c in totals.counters]
    shifts = []
    for row in sorted(totals.shifts, key=lambda r: (r.shift_date, r.planned_start, r.team)):
        shifts.append([
            row.shift_date.isoformat(), row.team,
            local_text(row.planned_start, zone)[11:] + "–" + local_text(row.planned_end, zone)[11:],
            local_text(row.actual_start, zone) if row.actual_start else "",
            local_text(row.actual_end, zone) if row.actual_end else "",
            row.area, row.checked_in, row.listed, row.no_shows, hours(row.worked),
            *[dict(row.counters).get(c.code, 0) for c in totals.counters], row.cases,
            t("patrol.export.yes") if row.needs_review else "",
        ])
    return [
        ("volunteers", [t("col.name"), t("patrol.col.team"), t("patrol.col.shifts"), t("patrol.col.hours"),
                        t("patrol.col.no_shows"), t("patrol.col.still_out")], volunteers),
        ("teams", [t("patrol.col.team"), t("patrol.col.shifts"), t("patrol.col.volunteers"),
                   t("patrol.col.hours"), t("patrol.col.no_shows")], teams),
        ("counters", [t("patrol.col.counter"), t("patrol.col.total")], counters),
        ("shifts", [t("patrol.col.date"), t("patrol.col.team"), t("patrol.col.planned"), t("patrol.col.started"),
                    t("patrol.col.ended"), t("patrol.field.area"), t("patrol.col.came"), t("patrol.col.listed"),
                    t("patrol.col.no_shows"), t("patrol.col.hours"), *[c.name for c in totals.counters],
                    t("patrol.col.cases"),
                    t("patrol.col.review")], shifts),
    ]


def export_totals(totals: PatrolTotals, folder: Path, *, zone: ZoneInfo, passphrase: str | None = None) -> list[Path]:
    """Write the totals as CSV files (UTF-8 with BOM, so Excel reads Chinese) and one XLSX.

    Returns the files written: `patrols-<since>-<until>-<table>.csv` for each
    table and `patrols-<since>-<until>.xlsx` holding them all as sheets.
    """
    tables = [(name, t(f"patrol.sheet.{name}"), header, rows) for name, header, rows in _sheets(totals, zone)]
    return write_tables(folder, f"patrols-{totals.since:%Y%m%d}-{totals.until:%Y%m%d}", tables,
                        title=t("patrol.export.period", since=totals.since.isoformat(), until=totals.until.isoformat()),
                        passphrase=passphrase)
