"""Times of day as logbooks write them in a column of their own: 14:20, 6:10:00 AM, 1625 hrs., 14时20分,
下午2点半, 1730 (HHMM), a band of hours (00~02) or a range of two times (11:30 PM - 12:05 AM), read as its start.
`cells` reads dates (and the times within them) with the same words."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, time
from functools import lru_cache

from frontdesk.intake.chinese_times import TRADITIONAL, clean_time_words


class BadValue(ValueError):
    """A cell that cannot be read as what its column should hold."""


#: The words a clock time is written with in English and German logs: 1625 hrs., 11:15 Uhr, gegen 16:50 Uhr.
CLOCK_WORDS = re.compile(r"(?i)(?<=\d)\s*(?:hrs?|hours|uhr)\.?\s*$|(?:^|(?<=\s))(?:gegen|ca\.|approx\.?|around|um)\s+(?=\d)")
#: 6:10 AM, 6 p.m.
AM_PM = re.compile(r"(?i)\b([ap])\.?m\.?(?=\s|$)")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?$")

#: Between the two ends of a range of dates or times: a spaced dash or word (10/22/2021 - 10/23/2021, 3:00 PM to
#: 1:50 PM), or a tilde or 至 / 到, spaced or not (2021-10-22 22:00至2021-10-23 06:00). A hyphen with no spaces is
#: a date's own (2021-10-22), or an offset's (-05:00).
RANGE_MARK = re.compile(r"\s+(?:[-–—]|to|thru|through|until)\s+|\s*[~～〜至到]\s*", re.I)


#: A band of hours, as Taiwan's open data gives a theft's time (00~02, 22-24時) and Chile's homicides (12:00 -
#: 17:59): read as its start (six hours wide at most: 1-15 is no band).
_HOUR_BAND = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*[時时點点]?\s*[~～〜\-–至到]\s*(\d{1,2})(?::(\d{2}))?\s*[時时點点]?$")


def _band_start(text: str) -> str | None:
    """A band's start as a time (12:00 of 12:00 - 17:59, 0:00 of 00~02), or None where the text is no band."""
    band = _HOUR_BAND.match(text)
    if band is None:
        return None
    first = int(band.group(1)) * 60 + int(band.group(2) or 0)
    last = int(band.group(3)) * 60 + int(band.group(4) or 0)
    if last < first and first < 24 * 60 and last <= 6 * 60:
        last += 24 * 60  # past midnight: 23~01
    if not 0 < last - first <= 6 * 60 or first >= 24 * 60 or int(band.group(2) or 0) > 59:
        return None
    return f"{band.group(1)}:{band.group(2) or '00'}"


@lru_cache(maxsize=1 << 16)
def time_text(raw: str) -> time:
    """A time of day from a cell's text (made plain: NFKC, simplified characters)."""
    text = CLOCK_WORDS.sub(" ", raw).strip()
    text = _band_start(text) or text
    ends = RANGE_MARK.split(text)
    if len(ends) == 2 and all(":" in end or AM_PM.search(end) for end in ends):
        # Two clock times (11:30 PM - 12:05 AM, 9:00 AM to 1:50 PM): a band like those above, read as its start.
        first, last = time_text(ends[0]), time_text(ends[1])
        if not 0 < ((last.hour - first.hour) * 60 + last.minute - first.minute) % (24 * 60) <= 6 * 60:
            raise BadValue(raw)  # (08:00 - 17:00: a working day, not when something happened)
        return first
    if re.fullmatch(r"\d{1,2}\.\d{2}", text):  # 15.17, as a register writes a time
        text = text.replace(".", ":")
    am_pm = AM_PM.search(text)
    if am_pm:  # 6:10:00 AM, 12:00 PM
        text = AM_PM.sub(" ", text).strip()
    text = clean_time_words(text)
    afternoon = text.startswith("PM ") or bool(am_pm and am_pm.group(1).lower() == "p")
    text = text.removeprefix("PM ").replace(" ", ":").strip(":")
    if re.fullmatch(r"\d{3,4}", text):
        text = f"{text[:-2]}:{text[-2:]}"
    elif re.fullmatch(r"\d{5,6}", text):  # 140800, 84100: HHMMSS
        text = f"{text[:-4]}:{text[-4:-2]}:{text[-2:]}"
    match = _TIME.match(text)
    if not match:
        raise BadValue(raw)
    hour, minute, second = (int(part) if part else 0 for part in match.groups())
    if am_pm and not 1 <= hour <= 12:
        raise BadValue(raw)
    if am_pm and hour == 12:
        hour = 0  # 12 AM is midnight, 12 PM noon (12 is added back below)
    if afternoon and hour < 12:
        hour += 12
    if hour > 23 or minute > 59 or second > 59:
        raise BadValue(raw)
    return time(hour, minute, second)


def parse_time_of_day(value: object) -> time:
    """A time of day from its own column: 14:20, 6:10:00 AM, 14时20分, 下午2点半, an Excel fraction, a time cell."""
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 10_000:
        raise BadValue(value)  # an Excel date (45356) in a time column: no time (140800 as text is HHMMSS)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(float(value) * 86400)
        return time(min(seconds // 3600, 23), (seconds // 60) % 60)
    return time_text(unicodedata.normalize("NFKC", str(value or "")).translate(TRADITIONAL))
