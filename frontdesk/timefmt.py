"""Times as the desk writes them: local `YYYY-MM-DD HH:MM`, stored as UTC."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from frontdesk.i18n import DeskError, as_typed, listed

TIME_FORMAT = "%Y-%m-%d %H:%M"
DATE_FORMAT = "%Y-%m-%d"


def local_text(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime(TIME_FORMAT)


#: How a whole time is written: 2026-11-22 20:30 (also with seconds, a T, or slashes), or 20261122 2030.
_WRITTEN = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?")
_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2}) (\d{2})(\d{2})")
#: A clock time alone: 19:30, 1930, 9:05 (the case form and the patrol screens read them alike: `read_clock`).
_CLOCK = re.compile(r"(\d{1,2}):?(\d{2})")
#: How a day alone is written: 2026-11-22 (or with slashes), or 20261122.
_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{4})(\d{2})(\d{2})")
#: A clock time alone up to this far after now is today's, and refused as still to come (a slipped key, a
#: desk's clock a little behind); further ahead it is yesterday's: 23:50 typed at 00:20 is last night.
CLOCK_AHEAD = timedelta(hours=1)


class _Listed:
    """Errors listed in the language active when the message is shown, not when it was raised."""

    def __init__(self, errors: list[DeskError]):
        self.errors = errors

    def __str__(self) -> str:
        return listed(error.message for error in self.errors)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


#: A day as Chinese is written (2026年12月7日, 12月7号) and a clock time (19时30分, 19点30, 7点半, 9点).
_CHINESE_DAY = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_CHINESE_CLOCK = re.compile(r"(\d{1,2})\s*[时點点]\s*(?:(\d{1,2})\s*分?|(半))?")
#: A part of the day before a clock time (下午 7:30), or am / pm after it (7:30 pm).
_HALF_DAY = re.compile(r"(?i)(?:(上午|早上|凌晨|中午|下午|傍晚|晚上)\s*)?(\d{1,2}):(\d{2})(:\d{2})?\s*(?:([ap])\.?m\.?)?(?![a-z])")
_LATER_HALF = ("下午", "傍晚", "晚上", "p")
_EARLIER_HALF = ("上午", "早上", "凌晨", "a")
#: A day named by its distance from today, before a clock time (昨天 23:40, 昨晚11点, yesterday 23:40).
_DAYS_BACK = {"today": 0, "今天": 0, "今日": 0, "今晚": 0, "yesterday": 1, "昨天": 1, "昨日": 1, "昨晚": 1, "前天": 2,
              "前晚": 2}


def _twelve_hour(found: re.Match) -> str:
    half, hour, minute, seconds, am_pm = found.groups()
    hour_of_day = int(hour)
    marks = (half, (am_pm or "").lower())
    if (any(mark in _LATER_HALF for mark in marks) or (half == "中午" and hour_of_day < 11)) and hour_of_day < 12:
        hour_of_day += 12
    elif any(mark in _EARLIER_HALF for mark in marks) and hour_of_day == 12:
        hour_of_day = 0  # 12 am, 凌晨12点: midnight
    return f"{hour_of_day}:{minute}{seconds or ''}"


def _cleaned(text: str) -> str:
    """A typed time in the one form the readers below know: 2026-12-07 19:30, 12-07 19:30, 19:30, 2026-12-07.

    What a Chinese input method types (１９：３０), the Chinese ways of writing a day and a clock time
    (2026年12月7日 下午7点半), 7:30 pm, dots or slashes between a day's numbers, and the invisible marks a
    copied time brings."""
    text = as_typed(text)
    text = _CHINESE_DAY.sub(lambda day: f"{day[1]}-{day[2]}-{day[3]} " if day[1] else f"{day[2]}-{day[3]} ", text)
    text = _CHINESE_CLOCK.sub(lambda clock: f"{clock[1]}:{'30' if clock[3] else f'{clock[2] or 0:0>2}'}", text)
    text = re.sub(r"(?<=\d)[/.](?=\d)", "-", text)
    return " ".join(_HALF_DAY.sub(_twelve_hour, text).split())


def _clock_problems(hour: int, minute: int, second: int = 0) -> list[DeskError]:
    problems = []
    if hour > 23:
        problems.append(DeskError("time.no_hour", hour=f"{hour:02d}"))
    if minute > 59:
        problems.append(DeskError("time.no_minute", minute=f"{minute:02d}"))
    if second > 59:
        problems.append(DeskError("time.no_second", second=f"{second:02d}"))
    return problems


def _date_problems(year: int, month: int, day: int) -> list[DeskError]:
    if not 1 <= month <= 12:
        return [DeskError("time.no_month", month=f"{month:02d}")]
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return [DeskError("time.no_day", month=f"{year:04d}-{month:02d}", day=f"{day:02d}", days=days)]
    return []


def _no_such(text: str, problems: list[DeskError]) -> DeskError:
    return DeskError("time.no_such", value=text.strip(), problems=_Listed(problems))


def _written(text: str, zone: ZoneInfo) -> datetime | None:
    """A whole local time as written; None if it is not written as one; DeskError naming what cannot be
    (2026-13-40 25:00: no month 13, no hour 25)."""
    cleaned = _cleaned(text)
    found = _WRITTEN.fullmatch(cleaned) or _DIGITS.fullmatch(cleaned)
    if found is None:
        return None
    parts = [int(part) for part in found.groups() if part is not None]
    year, month, day, hour, minute = parts[:5]
    second = parts[5] if len(parts) > 5 else 0
    if year < 1:
        return None
    problems = _date_problems(year, month, day) + _clock_problems(hour, minute, second)
    if problems:
        raise _no_such(text, problems)
    return datetime(year, month, day, hour, minute, second, tzinfo=zone)


def parse_local(text: str, zone: ZoneInfo) -> datetime:
    """A typed local time as an aware UTC-comparable datetime; DeskError saying what is wrong if unreadable."""
    moment = _written(text, zone)
    if moment is None:
        raise DeskError("form.bad_time", value=text)
    return moment


def read_clock(text: str) -> time | None:
    """A clock time alone as typed (`19:30`, `1930`, `9:05`, `19：30` from a Chinese input method) as a time of
    day; None if the text is not written as one; DeskError naming what cannot be (`25:10`: there is no hour 25).

    The one reading of a clock time: which day it falls on is the caller's rule (`parse_past`: the latest such
    time; a patrol shift: its evening, or the next morning)."""
    clock = _CLOCK.fullmatch(_cleaned(text))
    if clock is None:
        return None
    hour, minute = int(clock.group(1)), int(clock.group(2))
    problems = _clock_problems(hour, minute)
    if problems:
        raise _no_such(text, problems)
    return time(hour, minute)


def parse_past(text: str, zone: ZoneInfo, *, now: datetime) -> datetime:
    """A moment already past, as a desk officer types it: a whole local time (as `parse_local`), or a clock
    time alone meaning the latest such time: today's, or yesterday's when today's is more than
    CLOCK_AHEAD still to come (so 23:50 typed after midnight is last night, and 20:40 typed at 20:30 is
    today's, to be refused as not yet come rather than read as a day earlier)."""
    today = now.astimezone(zone).date()
    named = _named_day(text)
    if named is not None:  # 昨天 23:40: that day's
        back, rest = named
        clock = read_clock(rest)
        if clock is None:
            raise DeskError("time.unreadable", value=text.strip())
        return datetime.combine(today - timedelta(days=back), clock, tzinfo=zone)
    clock = read_clock(text)
    if clock is None:
        moment = _written(text, zone) or _this_year(text, zone, now)
        if moment is None:
            raise DeskError("time.unreadable", value=text.strip())
        return moment
    moment = datetime.combine(today, clock, tzinfo=zone)
    if moment - now > CLOCK_AHEAD:
        moment = datetime.combine(today - timedelta(days=1), clock, tzinfo=zone)
    return moment


def _named_day(text: str) -> tuple[int, str] | None:
    """(days back, the rest) for a time that starts by naming its day (昨晚11点: 1 and 晚上11点)."""
    typed = as_typed(text).strip()
    for word, back in _DAYS_BACK.items():
        if typed.lower().startswith(word):
            rest = typed[len(word):]
            return back, ("晚上" + rest) if word.endswith("晚") else rest
    return None


_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{2})")


def _this_year(text: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    """A day and time without its year (12-07 19:30, 12月7日 19:30): this year's, or last year's when the day
    is still to come this year (a time later today stays today's, to be refused as not yet come)."""
    found = _MONTH_DAY.fullmatch(_cleaned(text))
    if found is None:
        return None
    month, day, hour, minute = (int(part) for part in found.groups())
    today = now.astimezone(zone).date()
    problems = _date_problems(2024 if (month, day) == (2, 29) else today.year, month, day) + _clock_problems(hour, minute)
    if problems:
        raise _no_such(text, problems)
    year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    while (month, day) == (2, 29) and not calendar.isleap(year):
        year -= 1  # 29 February: the last year that had one
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def parse_day(text: str) -> date:
    """A typed day (`2026-11-22`, `2026/11/22`, `2026.11.22`, `2026年11月22日`, `20261122`); DeskError naming what cannot be when it is
    written as a day that does not exist (2026-13-01: there is no month 13), else saying how to write one."""
    found = _DAY.fullmatch(_cleaned(text))
    if found is None:
        raise DeskError("form.bad_day", value=text)
    year, month, day = (int(part) for part in found.groups() if part is not None)
    if year < 1:
        raise DeskError("form.bad_day", value=text)
    problems = _date_problems(year, month, day)
    if problems:
        raise DeskError("day.no_such", value=text.strip(), problems=_Listed(problems))
    return date(year, month, day)


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
