"""A logbook's cells read as a case needs them: a date and time as other systems write them (or an Excel
serial), a range of them as its start, and any cell as plain text (a time of day in its own column:
`clock_times`).

Dates go the quickest way that reads them: ISO 8601 through the standard library's `fromisoformat`
(0.35 µs a value here against 0.28 µs for ciso8601: not worth a compiled dependency), the forms Chinese
logbooks write (年月日, 上午/下午, 时分, 点, a weekday beside the date, Chinese numerals), Unix time
(seconds or milliseconds), day/month/year with or without AM/PM and English month names
through a few patterns, everything else (weekdays, zone names, odd separators) through python-dateutil's
parser (about 300 µs a value, so it is the last resort). Each distinct text is read once (the same date
or time of day repeats down a logbook), and each reading says which way it was taken, for the preview.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache

from dateutil import parser as date_parser

from frontdesk.intake.chinese_times import CJK_WORDS, TRADITIONAL, clean_time_words
from frontdesk.intake.clock_times import AM_PM as _AM_PM, CLOCK_WORDS as _CLOCK_WORDS, RANGE_MARK as _RANGE_MARK
from frontdesk.intake.clock_times import BadValue, time_text as _time_text

_EXCEL_EPOCH = datetime(1899, 12, 30)
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})(?:\s+(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\s*(\d{2}):?(\d{2})?(?::?(\d{2}))?)?$")
#: Eight digits with the year last, as some US systems write a date (10052011: MMDDYYYY; DDMMYYYY in Europe).
COMPACT_YEAR_LAST = r"^(\d{2})(\d{2})((?:19|20)\d{2})"
_COMPACT_YEAR_LAST = re.compile(COMPACT_YEAR_LAST + r"(?:\s*(\d{2})(\d{2})?(\d{2})?)?$")
#: A date written year first with a two-digit year and a one-digit day (23/9/2, 23.9.5): no year is written so.
_SHORT_YEAR_FIRST = re.compile(r"^(\d{2})([/.-])(\d{1,2})\2(\d)(?!\d)")
#: 08/10/2022 6:10:00 AM, 10.08.2022 18:10: the numeric forms exports write most, read without any cleaning.
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                      r"(?:\s*([AaPp])\.?[Mm]\.?)?)?$")
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
#: Seconds (10 digits) or milliseconds (13) since 1970 in UTC, as GIS and web exports write a moment.
_EPOCH = re.compile(r"^(\d{10}|\d{13})(?:\.\d+)?$")
#: A year of the Republic of China (民國), as Taiwan's offices write dates: 民國104年1月1日, 104/01/01, 104.1.1,
#: 1040101 (year 104 is 2015). Three digits (100-199), or two after 民國/民国 (99/12/31 alone is a short year).
_ROC = re.compile(r"^(?:民[國国]\s*(\d{2,3})|(1\d{2}))\s*([/.\-年])\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})(?!\d)\s*[日号號]?")
_ROC_DIGITS = re.compile(r"^(1\d{2})(\d{2})(\d{2})$")
_ROC_OFFSET = 1911
_EPOCH_RANGE = (datetime(1990, 1, 1, tzinfo=timezone.utc).timestamp(), datetime(2100, 1, 1, tzinfo=timezone.utc).timestamp())
_TIME_PART = r"(?:[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"
_DAY_MONTH_WORD = re.compile(r"^(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})" + _TIME_PART + "$")
_MONTH_WORD_DAY = re.compile(r"^([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})" + _TIME_PART + "$")
_MONTHS = {name: number for number, names in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
     "sep sept september", "oct october", "nov november", "dec december"), start=1) for name in names.split()}
#: Two defaults far apart: a date that comes out differently under each lacked a year, month or day.
_DEFAULTS = (datetime(1, 1, 1), datetime(2, 2, 2))
_CACHE = 1 << 16

#: How a date cell was read (the preview names it: import.reading.<code>).
ISO, ISO_OFFSET, YEAR_FIRST, DAY_FIRST, MONTH_FIRST, CHINESE, WORDS, COMPACT, EXCEL_SERIAL, EXCEL_DATE, FORMAT = (
    "iso", "iso_offset", "year_first", "day_first", "month_first", "chinese", "words", "compact", "excel_serial",
    "excel_date", "format")
EPOCH, ROC = "epoch", "roc"
READINGS = (ISO, ISO_OFFSET, YEAR_FIRST, DAY_FIRST, MONTH_FIRST, CHINESE, WORDS, COMPACT, EXCEL_SERIAL, EXCEL_DATE,
            FORMAT, EPOCH, ROC)


def _serial(value: float) -> datetime:
    if not 1 <= value < 2958466:
        raise BadValue(value)
    return _EXCEL_EPOCH + timedelta(seconds=round(value * 86400))


def _epoch(seconds: float, raw: object) -> tuple[datetime, str]:
    if not _EPOCH_RANGE[0] <= seconds < _EPOCH_RANGE[1]:
        raise BadValue(raw)
    return datetime.fromtimestamp(seconds, timezone.utc).replace(microsecond=0), EPOCH


def _hourly(text: str) -> bool:
    """Ten digits that are a date and an hour (2023031514: 15 March 2023, 14:00), not Unix seconds."""
    if len(text) != 10 or not text.isdecimal():
        return False
    try:
        datetime(int(text[:4]), int(text[4:6]), int(text[6:8]), int(text[8:]))
    except ValueError:
        return False
    return 1950 <= int(text[:4]) <= 2100


def _patterns(raw: str, day_first: bool) -> tuple[datetime, str] | None:
    """The forms written most, without the general parser: 2024-03-05 14:20, 2024年3月5日 下午2点, 05/03/2024,
    08/10/2022 6:10:00 AM, Aug 10, 2022 6:10 PM, 10 August 2022 18:10, 20240305 1420."""
    chinese = bool(CJK_WORDS.search(raw))
    am_pm = _AM_PM.search(raw)
    if am_pm:
        raw = _AM_PM.sub(" ", raw)
    text = clean_time_words(raw)
    afternoon = text.startswith("PM ")
    text = text.removeprefix("PM ")
    if not text:
        return None
    if match := _YMD.match(text):
        parts, reading = match.groups(), YEAR_FIRST
    elif match := _DMY.match(text):
        first, then, year, hour, minute, second = match.groups()
        if int(first) > 12 or (day_first and int(then) <= 12):
            parts, reading = (year, then, first, hour, minute, second), DAY_FIRST
        else:
            parts, reading = (year, first, then, hour, minute, second), MONTH_FIRST
    elif (match := _COMPACT.match(text)) and match.group(1)[:2] in ("19", "20") and 1 <= int(match.group(2)) <= 12:
        parts, reading = match.groups(), COMPACT
    elif match := _COMPACT_YEAR_LAST.match(text):  # 10052011 (Reno's MMDDYYYY), 05102011
        first, then, year, hour, minute, second = match.groups()
        if int(first) > 12 or (day_first and int(then) <= 12):
            parts, reading = (year, then, first, hour, minute, second), DAY_FIRST
        else:
            parts, reading = (year, first, then, hour, minute, second), MONTH_FIRST
    elif _COMPACT.match(text):
        raise BadValue(raw)  # 20241305: eight digits year first, and no date (never left to the general parser)
    elif (match := _DAY_MONTH_WORD.match(raw.strip().lower())) and match.group(2) in _MONTHS:
        day, month, year, hour, minute, second = match.groups()
        parts, reading = (year, _MONTHS[month], day, hour, minute, second), WORDS
    elif (match := _MONTH_WORD_DAY.match(raw.strip().lower())) and match.group(1) in _MONTHS:
        month, day, year, hour, minute, second = match.groups()
        parts, reading = (year, _MONTHS[month], day, hour, minute, second), WORDS
    else:
        return None
    year, month, day, hour, minute, second = (int(part) if part else 0 for part in parts)
    if am_pm:
        if not 1 <= hour <= 12:
            raise BadValue(raw)
        hour = hour % 12 + (12 if am_pm.group(1).lower() == "p" else 0)
    elif afternoon and hour < 12:
        hour += 12
    try:
        if hour == 24:  # 24时, 晚上12点30分: after the midnight that ends the day
            return datetime(year, month, day, 0, minute, second) + timedelta(days=1), CHINESE if chinese else reading
        return datetime(year, month, day, hour, minute, second), CHINESE if chinese else reading
    except ValueError:
        raise BadValue(raw)


def _numeric(match: re.Match, day_first: bool, raw: str) -> tuple[datetime, str]:
    first, _mark, then, year, hour, minute, second, half = match.groups()
    first, then = int(first), int(then)
    if first > 12 or (day_first and then <= 12):
        day, month, reading = first, then, DAY_FIRST
    else:
        day, month, reading = then, first, MONTH_FIRST
    hour = int(hour or 0)
    if half:
        if not 1 <= hour <= 12:
            raise BadValue(raw)
        hour = hour % 12 + (12 if half in "Pp" else 0)
    try:
        return datetime(int(year), month, day, hour, int(minute or 0), int(second or 0)), reading
    except ValueError:
        raise BadValue(raw)


_YEAR_FIRST = re.compile(r"\s*\d{4}\s*[-/.]")


def _general(text: str, day_first: bool) -> tuple[datetime, str]:
    """Month names, AM/PM, offsets and the rest, by python-dateutil; a text lacking a year, month or day
    (which the parser would fill from today) is refused."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a zone abbreviation it does not know is left out, not guessed
        try:
            # A date that starts with its year is year, month, day (2022/08/01+00), whatever the day order: the
            # parser's day first would read it as year, day, month.
            year_first = _YEAR_FIRST.match(text) is not None
            readings = [date_parser.parse(text, dayfirst=day_first and not year_first, yearfirst=year_first,
                                          default=default) for default in _DEFAULTS]
        except (ValueError, OverflowError, TypeError):
            raise BadValue(text)
    first, second = readings
    if first.date() != second.date():
        raise BadValue(text)
    if any(word in _MONTHS for word in re.findall(r"[a-z]+", text.lower())):
        reading = WORDS
    else:
        numbers = [int(n) for n in re.findall(r"\d+", text)[:2]]
        if len(numbers) == 2 and len(re.findall(r"\d+", text)[0]) <= 2:
            reading = MONTH_FIRST if numbers[0] == first.month and numbers[0] != first.day else DAY_FIRST
            if numbers[0] == numbers[1]:
                reading = DAY_FIRST if day_first else MONTH_FIRST
        else:
            reading = YEAR_FIRST
    return first, reading


@lru_cache(maxsize=_CACHE)
def read_text(raw: str, day_first: bool = True, date_format: str = "") -> tuple[datetime, str]:
    """A date and time from a cell's text, and how it was read; aware when the text carries an offset."""
    text = _CLOCK_WORDS.sub(" ", unicodedata.normalize("NFKC", raw).translate(TRADITIONAL)).strip()
    if date_format:  # (on the text as written, a format may say 時 or Uhr; else as made plain: 14時 for %H时)
        for written in dict.fromkeys((unicodedata.normalize("NFKC", raw).strip(), text)):
            try:
                return datetime.strptime(written, date_format), FORMAT
            except ValueError:
                continue
        raise BadValue(raw)
    if not text:
        raise BadValue(raw)
    if _RANGE_MARK.search(text) and (start := _range_start(text, day_first)) is not None:
        return start
    if _SERIAL.match(text):
        return _serial(float(text)), EXCEL_SERIAL
    if (match := _ROC.match(text)) or (match := _ROC_DIGITS.match(text)):
        return _roc(match, raw, day_first)
    if match := _SHORT_YEAR_FIRST.match(text):
        # 23/9/2, 23-9-5: a two-digit year first (a day is never written with one digit where a year could be).
        text = f"{short_year(int(match.group(1)))}-{match.group(3)}-{match.group(4)}{text[match.end():]}"
    if (match := _EPOCH.match(text)) and not _hourly(text):
        return _epoch(int(match.group(1)) / (1000 if len(match.group(1)) == 13 else 1), raw)
    if len(text) >= 10 and text[4] == "-" and text[:4].isdecimal():
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return when, ISO_OFFSET if when.tzinfo is not None else ISO
    if match := _NUMERIC.match(text):
        return _numeric(match, day_first, raw)
    found = _patterns(text, day_first)
    if found is not None:
        return found
    if CJK_WORDS.search(text):
        raise BadValue(raw)
    return _general(text, day_first)


def _range_start(text: str, day_first: bool) -> tuple[datetime, str] | None:
    """A range's start, as a college police log's Occurred gives it: 11/10/2017 23:00 - 11/14/2017 08:00, or its
    two dates then its two times (6/29/10 to 7/1/10 3:00 PM to 1:50 PM). None where the text is no such range: its
    end is no date or clock time written as one (a bare 0500 or 1709650000), or a date is followed by a time alone
    (05/03/2024 - 14:20 is a date and its time, read as before). Refused where it ends before it starts, and where
    a time alone ends it more than six hours on (2024-03-05 10:00 - 05:00 is an offset written with spaces, not a
    night). (dateutil had read 2021-10-22 - 2021-10-23 as 22 October with an offset of -23 hours.)"""
    parts = _RANGE_MARK.split(text)
    if not all(_WRITTEN_AS_TIME.search(part) for part in parts):
        return None
    try:
        if len(parts) == 2:
            first, last = parts
            start = read_text(first, day_first)
            try:
                end = read_text(last, day_first)
            except BadValue:
                if not _CLOCK_MARK.search(first):
                    return None
                clock = _time_text(last)  # (11/10/2017 23:00 - 02:00: its end a time of the next day)
                ends = clock.hour * 60 + clock.minute
                spans = [(end - start[0].hour * 60 - start[0].minute) % (24 * 60) for end in (ends, ends + 12 * 60)]
                if not any(0 < span <= 6 * 60 for span in spans):  # (下午2点至3点: the afternoon goes on)
                    raise BadValue(text)
                return start
        elif len(parts) == 3:  # date to date, time to time
            first, middle, last = parts
            end_day, _, start_time = middle.partition(" ")
            end, _ = read_text(end_day, day_first), _time_text(last)
            start = read_text(f"{first} {start_time}", day_first)
        else:
            return None
    except BadValue:
        return None
    timed = _CLOCK_MARK.search(parts[-1]) and _CLOCK_MARK.search(parts[0])
    ends, starts = _naive(end[0]), _naive(start[0])
    if (ends < starts) if timed and len(parts) == 2 else (ends.date() < starts.date()):
        raise BadValue(text)
    return start


#: A time written as one (14:20, 14时, 3点, 2 PM) and a date or time written as one (a separator, a month's name):
#: what each end of a range shows.
_CLOCK_MARK = re.compile(r"\d\s*[:时時点點]|\d\s*[ap]\.?m\b", re.I)
_WRITTEN_AS_TIME = re.compile(r"[-/.:年月日时時点點]|[a-z]{3}", re.I)


def _naive(when: datetime) -> datetime:
    return when.replace(tzinfo=None)


def _roc(match: re.Match, raw: str, day_first: bool) -> tuple[datetime, str]:
    """A date written in the years of the Republic of China, its time (if any) read as after any date."""
    if match.re is _ROC_DIGITS:
        year, month, day, rest = *match.groups(), ""
    else:
        named, bare, _mark, month, day = match.groups()
        year, rest = named or bare, match.string[match.end():]
    try:
        when = datetime(int(year) + _ROC_OFFSET, int(month), int(day))
    except ValueError:
        raise BadValue(raw)
    if rest.strip():
        when = read_text(f"{when:%Y-%m-%d} {rest.strip()}", day_first)[0]
    return when, ROC


def short_year(year: int) -> int:  # a year written with two digits: 23 → 2023, 98 → 1998 (not yet to come)
    return 2000 + year if 2000 + year <= date.today().year else 1900 + year


def read_when(value: object, *, day_first: bool = True, date_format: str = "") -> tuple[datetime, str]:
    """A date and time from a cell (a real datetime, an Excel serial, or text), and how it was read.

    Naive unless the text carries an offset (2022-08-10T06:10:00+08:00); seconds are kept, fractions not.
    """
    if isinstance(value, datetime):
        return value.replace(microsecond=0), EXCEL_DATE
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day), EXCEL_DATE
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) and _ROC_DIGITS.match(str(value)):  # 1040101 typed as a number (no serial: 4747)
            return read_text(str(value), day_first, date_format)
        if value >= 1e12:  # a number cell holding milliseconds since 1970 (no Excel serial is this large)
            return _epoch(value / 1000, value)
        if value >= 1e9:
            return _epoch(value, value)
        return _serial(float(value)), EXCEL_SERIAL
    when, reading = read_text(str(value or ""), day_first, date_format)
    return when.replace(microsecond=0), reading


def parse_when(value: object, *, day_first: bool = True, date_format: str = "") -> datetime:
    """A date and time from a cell: naive (as the logbook wrote it) unless the text carries an offset.

    2024-03-05 14:20 · 2024/3/5 14:20 · 2024年3月5日 下午2点20分 · 05/03/2024 14:20 · 20240305 1420 · 45356.6 ·
    2022-08-10T06:10:00+08:00 · 2022-08-10 18:10:00.000 · 08/10/2022 6:10 AM · Aug 10, 2022 6:10 PM
    """
    return read_when(value, day_first=day_first, date_format=date_format)[0]


def to_utc(when: datetime, zone: tzinfo) -> datetime:
    """A parsed time in UTC: one that names its offset keeps it, a naive one is taken in `zone`
    (the source's time zone if the mapping names one, else the desk's)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=zone)
    return when.astimezone(timezone.utc)


#: What a database's or a data tool's export writes in an empty cell (Buenos Aires's barrio NULL, a MySQL dump's
#: \N, pandas's nan): nothing.
NULL_WORDS = frozenset({"NULL", "null", "\\N", "NaN", "nan"})


def cell_text(value: object) -> str:
    """A cell as text: numbers without a trailing .0, dates as the desk writes them; an export's NULL empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    text = str(value).strip()
    return "" if text in NULL_WORDS else text
