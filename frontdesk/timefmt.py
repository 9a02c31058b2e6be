"""Times as the desk writes them: local `YYYY-MM-DD HH:MM`, stored as UTC."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from frontdesk.i18n import DeskError

TIME_FORMAT = "%Y-%m-%d %H:%M"
DATE_FORMAT = "%Y-%m-%d"


def local_text(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime(TIME_FORMAT)


def parse_local(text: str, zone: ZoneInfo) -> datetime:
    """A typed local time as an aware UTC-comparable datetime; DeskError if unreadable."""
    cleaned = " ".join(text.strip().replace("/", "-").split())
    for pattern in (TIME_FORMAT, "%Y-%m-%d %H:%M:%S", "%Y%m%d %H%M", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.strptime(cleaned, pattern).replace(tzinfo=zone)
        except ValueError:
            continue
    raise DeskError("form.bad_time", value=text)


def parse_day(text: str) -> date:
    cleaned = text.strip().replace("/", "-")
    for pattern in (DATE_FORMAT, "%Y%m%d"):
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise DeskError("form.bad_day", value=text)


def day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = day_start(day, zone)
    return start, day_start(day + timedelta(days=1), zone)


def month_of(day: date) -> tuple[date, date]:
    """The first and last day of `day`'s month."""
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(day.year, day.month)[1])


def shift_period(since: date, until: date, step: int) -> tuple[date, date]:
    """The period before (step -1) or after (+1): a whole month stays a whole month."""
    first, last = month_of(since)
    if (since, until) == (first, last):
        month = (first - timedelta(days=1)) if step < 0 else (last + timedelta(days=1))
        return month_of(month)
    span = (until - since).days + 1
    return since + timedelta(days=step * span), until + timedelta(days=step * span)
