"""When a logbook's row was received, from its date cell and its own time-of-day cell if the file has one.

A register writes the year once, in its title or the book's name, and then `3月8日` on each row: a date with
no year takes the year of the row read before it (the next year, where the days run on past December), else
the year the file's or the sheet's name gives. A time-of-day column that holds a whole date and time (接警日期
beside 接警时间 written in full) gives its time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from frontdesk.i18n import DeskError
from frontdesk.intake.cells import BadValue, cell_text, parse_time_of_day, parse_when, to_utc

#: A Chinese date with no year: 3月8日, 3月8号 (a time may follow).
_NO_YEAR = re.compile(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
#: A year in a file's or a sheet's name: 接处警登记表2023-03, 2023年.
_NAMED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
#: Days before the last date read that a year-less date may fall before it is taken as the next year's.
_WRAP_DAYS = 180


class Received:
    """Reads the received time of each row in turn (the year-less dates lean on the rows before)."""

    def __init__(self, reader, names: tuple[str, ...]):
        self.reader = reader
        self.mapping = reader.mapping
        years = [int(found) for name in names for found in _NAMED_YEAR.findall(name)]
        self.named_year = years[0] if years else None
        self.last: date | None = None
        self.settled = reader.opened.dates_settled

    def read(self, row, problems: list[DeskError]) -> datetime | None:
        reader, mapping = self.reader, self.mapping
        raw = reader.cell(row, mapping.column("received_at") or "")
        if raw is None or cell_text(raw) == "":
            return None
        try:
            local = parse_when(raw, day_first=mapping.day_first, date_format=mapping.date_format)
            if self.last is not None and not self.settled and isinstance(raw, str):
                local = _nearest(raw, local, self.last, mapping.day_first)
        except BadValue:
            local = self._without_year(cell_text(raw), mapping)
            if local is None:
                problems.append(DeskError("import.bad_date", value=cell_text(raw)))
                return None
        clock = reader.cell(row, mapping.column("received_time") or "")
        if clock is not None and cell_text(clock):
            try:
                local = datetime.combine(local.date(), _time_of_day(clock, local.date(), mapping), local.tzinfo)
            except BadValue:
                problems.append(DeskError("import.bad_time", value=cell_text(clock)))
                return None
        if local.year < 1950:
            problems.append(DeskError("import.bad_date", value=cell_text(raw)))
            return None
        self.last = local.date()
        received = to_utc(local, reader.source_zone)
        if received > reader.now:
            problems.append(DeskError("import.future", value=cell_text(raw)))
        return received

    def _without_year(self, text: str, mapping) -> datetime | None:
        match = _NO_YEAR.match(text)
        year = self.last.year if self.last is not None else self.named_year
        if match is None or year is None or mapping.date_format:
            return None
        rest = text[match.end():].strip()
        try:
            when = parse_when(f"{year}年{text.strip()}", day_first=mapping.day_first) if rest else \
                datetime(year, int(match.group(1)), int(match.group(2)))
        except (BadValue, ValueError):
            return None
        if self.last is not None and when.date() < self.last - timedelta(days=_WRAP_DAYS):
            try:
                when = when.replace(year=year + 1)  # 12月30日, then 1月2日: the register ran into the new year
            except ValueError:
                return None
        return when


#: A numeric date that may read more than one way: 9/3/2023 (day or month first), 23/9/10 (a year written short
#: first, or the 23rd).
_TWO_WAYS = re.compile(r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})(?!\d)")


def _nearest(raw: str, read: datetime, last: date, day_first: bool) -> datetime:
    """Of the readings a date has, the one nearest the row before it (a register is kept in order): in a
    column typed by several hands (9/3/2023 beside 4/9/2023 and 23/9/10), each row is read as its place says."""
    match = _TWO_WAYS.match(raw)
    if match is None:
        return read
    first, mark, then, year = match.groups()
    rest = raw[match.end():]
    spellings = [f"{then}{mark}{first}{mark}{year}{rest}"]  # the other order of day and month
    if len(year) == 2:
        spellings.append(f"20{first}-{then}-{year}{rest}")  # a year written short, first
    readings = [read]
    for spelling in spellings:
        try:
            readings.append(parse_when(spelling, day_first=day_first))
        except BadValue:
            continue
    return min(readings, key=lambda when: abs((when.date() - last).days))  # (ties: the first, as read)


def _time_of_day(clock: object, day: date, mapping):
    try:
        return parse_time_of_day(clock)
    except BadValue:
        whole = parse_when(clock, day_first=mapping.day_first, date_format=mapping.date_format)
        if whole.date() != day:  # a time column whose date says another day: not this row's time
            raise
        return whole.time()
