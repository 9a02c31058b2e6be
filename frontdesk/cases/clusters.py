"""Where and when matters cluster: a period's cases per category by place and by hour, against
the period before and the same period a year before, and what is rising.

One pass over each period's cases (the (category, received_at) index serves the range); places
are compared by their street or village (`similar.street_of`), or the place cut of house numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlmodel import Session

from db.models import Case
from frontdesk.cases.series import SeriesCaseRow
from frontdesk.cases.similar import normalize_place, street_of

#: Rising: at least RISING_FROM cases, RISING_BY more than before and RISING_RATIO times as many, "before"
#: being the larger of the period just before and the same period a year before. A period in which the
#: station recorded no case at all (the database does not reach back so far) is not compared: its 0 is
#: unknown, not none. With neither to compare, nothing is rising. So 0 -> 1 or 2 is never rising, and a
#: new station (or the demo's short history) is not all "rising".
RISING_FROM = 4
RISING_BY = 3
RISING_RATIO = 1.5


@dataclass(frozen=True)
class ClusterRow:
    kind: str  # place | hour
    key: str  # the street/place, or the hour "22"
    category: str
    count: int
    before: int | None  # the period just before, as long (None: no case recorded then at all)
    year_before: int | None  # the same period a year before (likewise)
    rising: bool


def place_key(place: str) -> str:
    return street_of(place) or normalize_place(place)


def _keys(received_at: datetime, place: str, zone: ZoneInfo) -> tuple[str, str]:
    return place_key(place), f"{received_at.astimezone(zone).hour:02d}"


def _count(session: Session, start: datetime, end: datetime, zone: ZoneInfo) -> Counter:
    counts: Counter = Counter()
    query = select(Case.category, Case.place, Case.received_at).where(
        Case.received_at >= start, Case.received_at < end, Case.voided_at.is_(None))
    for category, place, received_at in session.execute(query):
        where, hour = _keys(received_at, place, zone)
        if where:
            counts["place", where, category] += 1
        counts["hour", hour, category] += 1
    return counts


def clusters(session: Session, start: datetime, end: datetime, zone: ZoneInfo, *, limit: int = 100) -> list[ClusterRow]:
    """The period's places and hours by cases per category, most first, rising ones named."""
    now = _count(session, start, end, zone)
    span = end - start
    before = _count(session, start - span, start, zone)
    year = _count(session, start - relativedelta(years=1), end - relativedelta(years=1), zone)
    rows = []
    for (kind, key, category), count in now.items():
        earlier = before.get((kind, key, category), 0) if before else None
        last_year = year.get((kind, key, category), 0) if year else None
        rows.append(ClusterRow(kind, key, category, count, earlier, last_year, is_rising(count, earlier, last_year)))
    rows.sort(key=lambda r: (not r.rising, -r.count, r.kind != "place", r.key, r.category))  # places before hours
    return rows[:limit]


def is_rising(count: int, before: int | None, year_before: int | None) -> bool:
    compared = [n for n in (before, year_before) if n is not None]
    if not compared:
        return False
    baseline = max(compared)
    return count >= RISING_FROM and count - baseline >= RISING_BY and count >= RISING_RATIO * baseline


def cluster_cases(session: Session, row_kind: str, key: str, category: str, start: datetime, end: datetime,
                  zone: ZoneInfo, *, limit: int = 500) -> list[SeriesCaseRow]:
    """The period's cases behind one row of `clusters`."""
    query = (select(Case.id, Case.case_no, Case.received_at, Case.category, Case.place, Case.summary, Case.status)
             .where(Case.received_at >= start, Case.received_at < end, Case.category == category,
                    Case.voided_at.is_(None)).order_by(Case.received_at.desc()))
    found = []
    for row in session.execute(query):
        where, hour = _keys(row[2], row[4], zone)
        if (row_kind == "place" and where == key) or (row_kind == "hour" and hour == key):
            found.append(SeriesCaseRow(*row))
            if len(found) >= limit:
                break
    return found
