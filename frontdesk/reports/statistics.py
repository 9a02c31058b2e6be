"""Figures for a period, each beside the same period a year before, as stations report them.

Cases received in the period (local days, voided ones left out), for all sites
or one: by category, by channel, by hour of day with the night share, and the
shares stations are asked about — repeat reports, unfounded reports, resolved
on site, non-police, handed off. Hand-off call-backs and backflow come from
`frontdesk.handoff_views.figures`, volunteer hours and counters from
`frontdesk.patrol_totals`, so each figure means what it means on its own screen.

Case figures are counted by the database (GROUP BY), never by loading cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, cast, exists, func, literal_column
from sqlmodel import Session, select

from db.models import Case, CaseLink, Category, Handoff, Site
from frontdesk.disputes import figures as dispute_figures
from frontdesk.outreach import views as outreach_views
from frontdesk.handoffs import views as handoff_views
from frontdesk.patrols import totals as patrol_totals
from frontdesk.i18n import DeskError, language, t
from frontdesk.timefmt import day_start, month_of, parse_day
from frontdesk.vocab import CHANNELS

#: The station's night duty: from 20:00 to 08:00 the next morning (local time).
NIGHT_FROM, NIGHT_UNTIL = 20, 8
NIGHT_HOURS = frozenset(list(range(NIGHT_FROM, 24)) + list(range(0, NIGHT_UNTIL)))
#: The longest period the figures cover (and compare with a year before).
LONGEST_PERIOD_DAYS = 3 * 366


# ---- the period ------------------------------------------------------------------------------


def parse_period(since_text: str, until_text: str) -> tuple[date, date]:
    """Two typed dates (both days included); DeskError in the officer's words if they cannot be used."""
    since, until = parse_day(since_text), parse_day(until_text)
    if until < since:
        raise DeskError("stats.period_backwards", since=since.isoformat(), until=until.isoformat())
    if (until - since).days >= LONGEST_PERIOD_DAYS:
        raise DeskError("stats.period_too_long", days=LONGEST_PERIOD_DAYS)
    return since, until


def _a_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def year_before(since: date, until: date) -> tuple[date, date]:
    """The same period a year before: a whole month is that month's whole (February 29 days or 28)."""
    if (since, until) == month_of(since):
        return month_of(since.replace(year=since.year - 1, day=1))
    return _a_year_before(since), _a_year_before(until)


def _offset_spans(start: datetime, end: datetime, zone: ZoneInfo) -> list[tuple[datetime, datetime, int]]:
    """[start, end) cut where the zone's UTC offset changes (summer time): (from, to, offset in minutes)."""
    def offset(moment: datetime) -> int:
        return int(moment.astimezone(zone).utcoffset().total_seconds() // 60)

    day, minute = timedelta(days=1), timedelta(minutes=1)
    spans, here, end = [], start.astimezone(timezone.utc), end.astimezone(timezone.utc)
    while here < end:
        current, step = offset(here), here
        while step < end and offset(min(step + day, end)) == current:
            step = min(step + day, end)
        if step >= end:
            spans.append((here, end, current))
            break
        while offset(step) == current:  # the change lies within this day: find its minute
            step += minute
        step = min(step, end)
        spans.append((here, step, current))
        here = step
    return spans


# ---- what is counted -------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseCounts:
    """The cases of one period (one site or all) and the counts the shares are made of."""

    cases: int
    by_category: dict[str, int]
    by_channel: dict[str, int]
    by_hour: tuple[int, ...]  # 24 local hours
    repeats: int  # linked as a repeat of an earlier case
    unfounded: int  # closed as unfounded (无效警情)
    resolved_on_site: int  # closed as resolved on site (现场化解)
    non_police: int
    handed_off: int  # non-police cases with a hand-off

    @property
    def night(self) -> int:
        return sum(self.by_hour[hour] for hour in NIGHT_HOURS)


@dataclass(frozen=True)
class PatrolFigures:
    shifts: int
    volunteers: int  # who came at least once
    hours: float  # person-hours
    counters: tuple[patrol_totals.CounterTotal, ...]


@dataclass(frozen=True)
class PeriodFigures:
    since: date
    until: date  # included
    cases: CaseCounts
    handoffs: handoff_views.HandoffFigures
    patrols: PatrolFigures
    disputes: dispute_figures.DisputeFigures | None = None
    #: People each outreach campaign reached in the period, by campaign reference.
    reached: dict[str, outreach_views.Reached] | None = None


def _site_filter(site: str | None) -> list:
    return [] if site is None else [Case.site == site]


def _hour_of(dialect: str, offset_minutes: int):
    """(SQL, shift): the hour of Case.received_at (stored as naive UTC) and the hours to add for local time.

    On SQLite a whole-hour offset groups by the stored text's hour digits and shifts the 24 groups
    afterwards: half the work of date arithmetic on every row.
    """
    if dialect == "postgresql":
        shifted = Case.received_at + literal_column(f"interval '{int(offset_minutes)} minutes'")
        return cast(func.extract("hour", shifted), Integer), 0
    if offset_minutes % 60 == 0:
        return cast(func.substr(Case.received_at, 12, 2), Integer), offset_minutes // 60
    return cast(func.strftime("%H", Case.received_at, f"{int(offset_minutes):+d} minutes"), Integer), 0


def case_counts(session: Session, *, since: date, until: date, zone: ZoneInfo, site: str | None = None) -> CaseCounts:
    """Cases received on the local days `since`..`until`, counted by the database."""
    start, end = day_start(since, zone), day_start(until + timedelta(days=1), zone)
    dialect = session.get_bind().dialect.name
    by_category: dict[str, int] = {}
    by_channel: dict[str, int] = {}
    by_hour = [0] * 24
    by_disposition: dict[str | None, int] = {}
    non_police = 0
    run = session.connection().execute  # plain rows: a year's groups are thousands, no ORM needed
    for span_start, span_end, offset in _offset_spans(start, end, zone):
        in_span = [Case.received_at >= span_start, Case.received_at < span_end, Case.voided_at.is_(None),
                   *_site_filter(site)]
        # One GROUP BY per breakdown: each sorts one short key over the covering index on received_at,
        # which is cheaper than one GROUP BY over every combination.
        for category, police, count in run(select(Case.category, Case.police, func.count()).where(*in_span)
                                           .group_by(Case.category, Case.police)):
            by_category[category] = by_category.get(category, 0) + count
            non_police += 0 if police else count
        for channel, count in run(select(Case.channel, func.count()).where(*in_span).group_by(Case.channel)):
            by_channel[channel] = by_channel.get(channel, 0) + count
        hour, shift = _hour_of(dialect, offset)
        for stored_hour, count in run(select(hour, func.count()).where(*in_span).group_by(hour)):
            by_hour[(int(stored_hour) + shift) % 24] += count
        for disposition, count in run(select(Case.disposition, func.count())
                                      .where(*in_span, Case.disposition.in_(("unfounded", "resolved_on_site")))
                                      .group_by(Case.disposition)):
            by_disposition[disposition] = by_disposition.get(disposition, 0) + count
    cohort = [Case.received_at >= start, Case.received_at < end, Case.voided_at.is_(None), *_site_filter(site)]
    # From the period's cases to their links (a month reads its own cases, not every link there is).
    repeats = session.exec(
        select(func.count()).select_from(Case)
        .where(*cohort, exists().where(CaseLink.case_id == Case.id, CaseLink.kind == "repeat_of"))
    ).one()
    handed_off = session.exec(
        select(func.count(func.distinct(Handoff.case_id)))
        .join(Case, Case.id == Handoff.case_id)
        .where(Case.police.is_(False), *cohort)
    ).one()
    return CaseCounts(
        cases=sum(by_category.values()), by_category=by_category, by_channel=by_channel, by_hour=tuple(by_hour),
        repeats=int(repeats), unfounded=by_disposition.get("unfounded", 0),
        resolved_on_site=by_disposition.get("resolved_on_site", 0), non_police=non_police,
        handed_off=int(handed_off),
    )


def patrol_figures(session: Session, *, since: date, until: date, site: str | None = None) -> PatrolFigures:
    sums = patrol_totals.period_sums(session, since=since, until=until, site=site)
    return PatrolFigures(shifts=sums.shifts, volunteers=sums.volunteers, hours=patrol_totals.hours(sums.worked),
                         counters=sums.counters)


def period_figures(session: Session, *, since: date, until: date, zone: ZoneInfo, now: datetime,
                   site: str | None = None) -> PeriodFigures:
    """Everything the statistics screen shows for one period."""
    start, end = day_start(since, zone), day_start(until + timedelta(days=1), zone)
    handoffs = handoff_views.figures(session, since=start, until=end, now=now, site=site)
    return PeriodFigures(since, until, case_counts(session, since=since, until=until, zone=zone, site=site),
                         handoffs, patrol_figures(session, since=since, until=until, site=site),
                         dispute_figures.figures(session, since=start, until=end, site=site),
                         outreach_views.reached_per_campaign(session, since=start, until=end, site=site))


# ---- compared with a year before --------------------------------------------------------------

COUNT, HOURS, SHARE, MEAN = "count", "hours", "share", "mean"


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` as a percentage, None when there is no whole."""
    return 100 * part / whole if whole else None


@dataclass(frozen=True)
class Compared:
    """One figure of the period and the same period a year before."""

    label: str
    unit: str  # count | hours | share (a percentage)
    now: float | None
    before: float | None
    note: str = ""  # e.g. "every site" when the site filter does not apply

    @property
    def change(self) -> float | None:
        """Year on year: per cent of the base for counts, percentage points for shares; None without a base."""
        if self.now is None or self.before is None:
            return None
        if self.unit == SHARE:  # from the shares as shown, so that the figures on the page add up
            return round(round(self.now, 2) - round(self.before, 2), 2)
        if not self.before:
            return None
        return round(100 * (self.now - self.before) / self.before, 2)


def value_text(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == SHARE:
        return f"{value:.2f}%"
    if unit in (HOURS, MEAN):
        return f"{value:,.2f}"
    return f"{int(value):,}"


def year_on_year(compared: Compared, *, short: bool = False) -> str:
    """"down 20.92% year on year" / "同比下降20.92%"; points for shares; "no figure a year before" without a base.
    `short`: as a column headed Year on year says it (the screen's: "down 20.92%", "up 1.51 pts", "—")."""
    change = compared.change
    if change is None:
        return t("stats.yoy_short.no_base" if short else "stats.yoy.no_base")
    if change == 0:
        return t("stats.yoy_short.level" if short else "stats.yoy.level")
    kind, way = "points_" if compared.unit == SHARE else "", "up" if change > 0 else "down"
    if short:
        return t(f"stats.yoy_short.{kind}{way}", change=f"{abs(change):.2f}")
    return t(f"stats.yoy.{kind}{way}", change=f"{abs(change):.2f}")


@dataclass(frozen=True)
class Statistics:
    site: str | None
    now: PeriodFigures
    before: PeriodFigures
    categories: tuple[tuple[str, str], ...]  # (code, name in the officer's language), in the station's order

    def summary(self) -> list[Compared]:
        """The figures stations report, in the order they report them."""
        a, b = self.now, self.before
        ca, cb = a.cases, b.cases
        ha, hb = a.handoffs, b.handoffs
        pa, pb = a.patrols, b.patrols
        rows = [
            Compared(t("stats.fig.cases"), COUNT, ca.cases, cb.cases),
            Compared(t("stats.fig.night", start=f"{NIGHT_FROM:02d}:00", end=f"{NIGHT_UNTIL:02d}:00"), SHARE,
                     share(ca.night, ca.cases), share(cb.night, cb.cases)),
            Compared(t("stats.fig.repeat"), SHARE, share(ca.repeats, ca.cases), share(cb.repeats, cb.cases)),
            Compared(t("stats.fig.unfounded"), SHARE, share(ca.unfounded, ca.cases), share(cb.unfounded, cb.cases)),
            Compared(t("stats.fig.resolved"), SHARE, share(ca.resolved_on_site, ca.cases),
                     share(cb.resolved_on_site, cb.cases)),
            Compared(t("stats.fig.non_police"), SHARE, share(ca.non_police, ca.cases),
                     share(cb.non_police, cb.cases)),
            Compared(t("stats.fig.handed_off"), SHARE, share(ca.handed_off, ca.non_police),
                     share(cb.handed_off, cb.non_police)),
            Compared(t("stats.fig.satisfaction"), SHARE, share(ha.satisfied, ha.rated), share(hb.satisfied, hb.rated)),
            Compared(t("stats.fig.backflow"), SHARE, share(ha.backflow, ha.handed_off),
                     share(hb.backflow, hb.handed_off)),
            Compared(t("stats.fig.patrol_shifts"), COUNT, pa.shifts, pb.shifts),
            Compared(t("stats.fig.volunteer_hours"), HOURS, pa.hours, pb.hours),
        ]
        before = {counter.code: counter.value for counter in pb.counters}
        rows += [Compared(counter.name, COUNT, counter.value, before.get(counter.code, 0))
                 for counter in pa.counters]
        return rows + dispute_rows(a.disputes, b.disputes)

    def by_category(self) -> list[Compared]:
        known = dict(self.categories)
        codes = list(known) + sorted((set(self.now.cases.by_category) | set(self.before.cases.by_category)) - set(known))
        return [Compared(known.get(code, code), COUNT, self.now.cases.by_category.get(code, 0),
                         self.before.cases.by_category.get(code, 0)) for code in codes]

    def by_channel(self) -> list[Compared]:
        codes = list(CHANNELS) + sorted((set(self.now.cases.by_channel) | set(self.before.cases.by_channel))
                                        - set(CHANNELS))
        return [Compared(t(f"channel.{code}") if code in CHANNELS else code, COUNT,
                         self.now.cases.by_channel.get(code, 0), self.before.cases.by_channel.get(code, 0))
                for code in codes]

    def by_campaign(self) -> list[Compared]:
        """People reached per outreach campaign, this period beside a year before (campaigns of either)."""
        now, before = self.now.reached or {}, self.before.reached or {}
        refs = sorted(set(now) | set(before), key=lambda ref: (-(now[ref].reached if ref in now else 0), ref))
        return [Compared((now.get(ref) or before[ref]).title, COUNT, now[ref].reached if ref in now else 0,
                         before[ref].reached if ref in before else 0) for ref in refs]

    def by_hour(self) -> list[Compared]:
        return [Compared(f"{hour:02d}:00", COUNT, self.now.cases.by_hour[hour], self.before.cases.by_hour[hour],
                         t("stats.night") if hour in NIGHT_HOURS else "") for hour in range(24)]


def dispute_rows(a: dispute_figures.DisputeFigures | None, b: dispute_figures.DisputeFigures | None) -> list[Compared]:
    """Disputes with an owner (包案): cases, opened and resolved, 化解率, on site, repeat reports per dispute
    before and after the owner; none where neither period had a dispute."""
    if a is None or b is None or not (a.any or b.any):
        return []

    def pct(value: float | None) -> float | None:
        return None if value is None else 100 * value

    return [
        Compared(t("stats.fig.dispute_cases"), COUNT, a.dispute_cases, b.dispute_cases),
        Compared(t("stats.fig.disputes_opened"), COUNT, a.opened, b.opened),
        Compared(t("stats.fig.disputes_resolved"), COUNT, a.resolved, b.resolved),
        Compared(t("stats.fig.dispute_resolved_share"), SHARE, pct(a.resolved_share), pct(b.resolved_share)),
        Compared(t("stats.fig.dispute_on_site_share"), SHARE, pct(a.on_site_share), pct(b.on_site_share)),
        Compared(t("stats.fig.dispute_before_owner"), MEAN, a.before_per_dispute, b.before_per_dispute),
        Compared(t("stats.fig.dispute_after_owner"), MEAN, a.after_per_dispute, b.after_per_dispute),
    ]


def categories(session: Session) -> tuple[tuple[str, str], ...]:
    zh = language() == "zh"
    rows = session.exec(select(Category).order_by(Category.sort, Category.code)).all()
    return tuple((row.code, row.name_zh if zh else row.name_en) for row in rows)


def sites(session: Session) -> list[tuple[str, str]]:
    """The sites that can be chosen: the station's list, and any site cases came from."""
    named = {code: name for code, name in session.exec(select(Site.code, Site.name)).all()}
    for code in session.exec(select(Case.site).distinct()).all():
        named.setdefault(code, "")
    return sorted(named.items())


def statistics(session: Session, *, since: date, until: date, zone: ZoneInfo, now: datetime,
               site: str | None = None) -> Statistics:
    """The period's figures and the same period's a year before."""
    earlier = year_before(since, until)
    return Statistics(
        site=site,
        now=period_figures(session, since=since, until=until, zone=zone, now=now, site=site),
        before=period_figures(session, since=earlier[0], until=earlier[1], zone=zone, now=now, site=site),
        categories=categories(session),
    )
