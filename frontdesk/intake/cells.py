"""A logbook's cells read as a case needs them: a date and time as logbooks write them (or an Excel
serial), a time of day from its own column, and any cell as plain text."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

_EXCEL_EPOCH = datetime(1899, 12, 30)
_CN_DATE = str.maketrans({"年": "-", "月": "-", "日": " ", "号": " ", "时": ":", "点": ":", "分": " ", "秒": " ",
                          "/": "-", ".": "-", "T": " "})
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})(?:\s+(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\s*(\d{2})(\d{2})(\d{2})?)?$")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?$")


class BadValue(ValueError):
    """A cell that cannot be read as what its column should hold."""


def _serial(value: float) -> datetime:
    if not 1 <= value < 2958466:
        raise BadValue(value)
    return _EXCEL_EPOCH + timedelta(seconds=round(value * 86400))


def _clean_time_words(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    for word in ("上午", "凌晨", "早上"):
        text = text.replace(word, " ")
    afternoon = any(word in text for word in ("下午", "晚上", "傍晚"))
    for word in ("下午", "晚上", "傍晚", "中午"):
        text = text.replace(word, " ")
    text = re.sub(r"\s+", " ", text.translate(_CN_DATE)).strip().rstrip(":").strip()
    text = re.sub(r"\s*:\s*", ":", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return ("PM " if afternoon else "") + text


def parse_when(value: object, *, day_first: bool = True) -> datetime:
    """A naive local date and time from a cell: a real datetime, an Excel serial, or text as logbooks write it.

    2024-03-05 14:20 · 2024/3/5 14:20 · 2024年3月5日 14时20分 · 05/03/2024 14:20 · 20240305 1420 · 45356.6
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value))
    raw = unicodedata.normalize("NFKC", str(value or "")).strip()
    if re.fullmatch(r"\d{5}(\.\d+)?", raw):
        return _serial(float(raw))
    text = _clean_time_words(raw)
    afternoon = text.startswith("PM ")
    text = text.removeprefix("PM ")
    if not text:
        raise BadValue(value)
    parts = None
    if match := _YMD.match(text):
        parts = match.groups()
    elif match := _DMY.match(text):
        first, then, year, hour, minute, second = match.groups()
        if int(first) > 12 or (day_first and int(then) <= 12):
            day, month = first, then
        else:
            day, month = then, first
        parts = (year, month, day, hour, minute, second)
    elif match := _COMPACT.match(text):
        parts = match.groups()
    if parts is None:
        raise BadValue(value)
    year, month, day, hour, minute, second = (int(part) if part else 0 for part in parts)
    if afternoon and hour < 12:
        hour += 12
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise BadValue(value)


def parse_time_of_day(value: object) -> time:
    """A time of day from its own column: 14:20, 14时20分, 下午2点, an Excel fraction, a time cell."""
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(float(value) * 86400)
        return time(min(seconds // 3600, 23), (seconds // 60) % 60)
    text = _clean_time_words(str(value or ""))
    afternoon = text.startswith("PM ")
    text = text.removeprefix("PM ").replace(" ", ":").strip(":")
    if re.fullmatch(r"\d{3,4}", text):
        text = f"{text[:-2]}:{text[-2:]}"
    match = _TIME.match(text)
    if not match:
        raise BadValue(value)
    hour, minute, second = (int(part) if part else 0 for part in match.groups())
    if afternoon and hour < 12:
        hour += 12
    if hour > 23 or minute > 59 or second > 59:
        raise BadValue(value)
    return time(hour, minute, second)


def cell_text(value: object) -> str:
    """A cell as text: numbers without a trailing .0, dates as the desk writes them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value).strip()
