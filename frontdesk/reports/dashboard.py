"""The day at a glance: the figures the desk screen shows, and how the desk knows they moved.

Every count is one indexed query (EXPLAIN QUERY PLAN checked at a million
cases; tests/perf/bench_dashboard.py measures the whole), so the desk can
recount whenever anything changes. Noticing a change is cheaper still: the
newest change-log entry, read from the end of an index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, literal_column
from sqlmodel import Session, select

from db.models import Case, CaseLink, Category, ChangeLog, Handoff, PatrolShift, ShiftMember
from frontdesk.i18n import language
from frontdesk.outreach.views import CampaignRow, campaigns
from frontdesk.patrols.views import of_tonight
from frontdesk.timefmt import day_bounds, local_day
from frontdesk.vocab import HANDOFF_OPEN, OPEN_STATUSES


@dataclass(frozen=True)
class CategoryCount:
    code: str
    name: str  # in the officer's language
    count: int


@dataclass(frozen=True)
class Today:
    cases_today: int
    open_cases: int
    handoffs_due_today: int
    handoffs_overdue: int
    repeats_today: int
    shifts_tonight: int
    volunteers_checked_in: int
    volunteers_expected: int
    #: Today's cases per category, most first (categories with none today left out).
    by_category: tuple[CategoryCount, ...] = ()
    #: Outreach campaigns running, newest first, each with its progress.
    campaigns: tuple[CampaignRow, ...] = ()


def today_figures(session: Session, *, now: datetime, zone: ZoneInfo) -> Today:
    """Counts for the desk: each one indexed, so they stay cheap on a big database."""
    start, end = day_bounds(local_day(now, zone), zone)
    live = Case.voided_at.is_(None)
    received_today = (Case.received_at >= start, Case.received_at < end)

    def count(statement) -> int:
        return int(session.exec(statement).one())

    per_category = session.exec(
        select(Case.category, func.count()).where(*received_today, live).group_by(Case.category)
    ).all()
    open_cases = count(select(func.count()).where(Case.status.in_(OPEN_STATUSES), live))
    due_today = count(
        select(func.count()).where(
            Handoff.status.in_(HANDOFF_OPEN), Handoff.due_at >= now, Handoff.due_at < end
        )
    )
    overdue = count(select(func.count()).where(Handoff.status.in_(HANDOFF_OPEN), Handoff.due_at < now))
    repeats_today = count(
        select(func.count())
        .select_from(CaseLink)
        .join(Case, Case.id == CaseLink.case_id)
        .where(CaseLink.kind == "repeat_of", *received_today)
    )
    tonight = select(PatrolShift.id).where(of_tonight(now, zone))  # as the list beneath the figures
    shifts_tonight = count(select(func.count()).select_from(tonight.subquery()))
    expected = count(select(func.count()).where(ShiftMember.shift_id.in_(tonight)))
    checked_in = count(
        select(func.count()).where(ShiftMember.shift_id.in_(tonight), ShiftMember.checked_in_at.is_not(None))
    )
    return Today(
        cases_today=sum(int(n) for _code, n in per_category),
        open_cases=open_cases,
        handoffs_due_today=due_today,
        handoffs_overdue=overdue,
        repeats_today=repeats_today,
        shifts_tonight=shifts_tonight,
        volunteers_checked_in=checked_in,
        volunteers_expected=expected,
        by_category=_named(session, {code: int(n) for code, n in per_category}),
        campaigns=tuple(campaigns(session, running_only=True)),
    )


def _named(session: Session, counts: dict[str, int]) -> tuple[CategoryCount, ...]:
    """Category counts with their names, most first; ties in the station's own order."""
    if not counts:
        return ()
    zh = language() == "zh"
    known = {
        code: (name_zh if zh else name_en, sort)
        for code, name_zh, name_en, sort in session.exec(
            select(Category.code, Category.name_zh, Category.name_en, Category.sort)
            .where(Category.code.in_(list(counts)))
        ).all()
    }
    rows = [CategoryCount(code, known.get(code, (code, 0))[0], n) for code, n in counts.items()]
    return tuple(sorted(rows, key=lambda row: (-row.count, known.get(row.code, ("", 10**6))[1], row.code)))


def newest_change(session: Session) -> str | None:
    """A mark that moves whenever any desk saves anything, read in one index step.

    On SQLite, the change log's highest rowid: every entry written here, by
    this desk, another terminal or a bundle import, takes a higher one. On
    PostgreSQL, the newest entry's id (UUIDv7, so the last in the primary
    key); an imported entry made earlier elsewhere may sort below it, and is
    counted at the desk's next full refresh instead.
    """
    if session.get_bind().dialect.name == "sqlite":
        newest = session.exec(select(func.max(literal_column("rowid"))).select_from(ChangeLog)).one()
    else:
        newest = session.exec(select(ChangeLog.id).order_by(ChangeLog.id.desc()).limit(1)).first()
    return None if newest is None else str(newest)
