"""When a logbook's row was received, from its date cell and its own time-of-day cell if the file has one.

A register writes the year once, in its title or the book's name, and then `3月8日` on each row: a date with
no year takes the year of the row read before it (the next year, where the days run on past December), else
the year the file's or the sheet's name gives. A time-of-day column that holds a whole date and time (接警日期
beside 接警时间 written in full) gives its time.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

from frontdesk.i18n import DeskError
from frontdesk.intake.cells import BadValue, cell_text, parse_time_of_day, parse_when, to_utc

#: A Chinese date with no year: 3月8日, 3月8号 (a time may follow).
_NO_YEAR = re.compile(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
#: A year in a file's or a sheet's name, and its month if it has one: 接处警登记表2023-03, 2024年1月, 2023.
_NAMED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*(?:年|[-_.])\s*(\d{1,2})(?!\d))?")


class Received:
    """Reads the received time of each row in turn (the year-less dates lean on the rows before)."""

    def __init__(self, reader, names: tuple[str, ...]):
        self.reader = reader
        self.mapping = reader.mapping
        self.names = names
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
            local = self._without_year(cell_text(raw), mapping, row.sheet)
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

    def _without_year(self, text: str, mapping, sheet: str) -> datetime | None:
        """3月8日: in the year (before, that of the row before, or the next) that puts it nearest the row
        before it, else nearest the middle of the month or year the sheet's or the file's name gives."""
        match = _NO_YEAR.match(text)
        near = self.last or _named(sheet, *self.names)
        if match is None or near is None or mapping.date_format:
            return None
        readings = []
        for year in (near.year - 1, near.year, near.year + 1):
            try:  # (a book kept newest first, a late entry, a December row in January's book: all nearest)
                readings.append(parse_when(f"{year}年{text.strip()}", day_first=mapping.day_first))
            except BadValue:
                continue
        return min(readings, key=lambda when: abs((when.date() - near).days), default=None)


def _named(*names: str) -> date | None:
    """The middle of the month (or year) a name gives: 登记表2024年1月 → 15 January 2024."""
    for name in names:
        if found := _NAMED_YEAR.search(name or ""):
            month = int(found.group(2) or 0)
            return date(int(found.group(1)), month, 15) if 1 <= month <= 12 else date(int(found.group(1)), 7, 1)
    return None


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
        if whole.date() != day or not _CLOCK.search(cell_text(clock)):
            raise  # another day's, or a date with no time at all: not this row's time
        return whole.time()


#: A time written in a cell: 15:45, 15时, 3点, 3 PM.
_CLOCK = re.compile(r"\d\s*[:时点]|\d\s*[ap]\.?m", re.IGNORECASE)


#: How many of a proposed time-of-day column's first cells are looked at.
_TIME_SAMPLE = 30


def whole_time_column(mapping, index: dict[str, int], rows) -> object:
    """The proposed mapping, its time-of-day column taken for the received time itself where its cells are
    whole dates and times (报警时间 beside 登记日期, the day the entry was made): the date column is let go."""
    clock = mapping.column("received_time")
    position = index.get(clock) if clock else None
    if position is None:
        return mapping
    whole = times = 0
    for count, row in enumerate(rows):
        if count >= _TIME_SAMPLE:
            break
        value = row.cells[position] if position < len(row.cells) else None
        if isinstance(value, datetime) and value.year > 1900:  # a date cell with its date
            whole += 1
            continue
        if value is None or cell_text(value) == "":
            continue
        try:
            parse_time_of_day(value)
            times += 1
        except BadValue:
            try:
                parse_when(value, day_first=mapping.day_first)
                whole += 1
            except BadValue:
                continue
    if whole <= times:
        return mapping
    columns = {name: column for name, column in mapping.columns.items() if name != "received_time"}
    return replace(mapping, columns=columns | {"received_at": clock})
