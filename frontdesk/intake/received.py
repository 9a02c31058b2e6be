"""When a logbook's row was received, from its date cell and its own time-of-day cell if the file has one.

A register writes the year once, in its title or the book's name, and then `3月8日` on each row: a date with
no year takes the year of the row read before it (the year before or after where that is close to it), else
the year the file's or the sheet's name gives. A time-of-day cell that holds a whole date and time (报警时间
written in full beside 登记日期) is taken as it is.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from itertools import islice

from frontdesk.i18n import DeskError
from frontdesk.intake.cells import BadValue, cell_text, parse_when, to_utc
from frontdesk.intake.clock_times import parse_time_of_day
from frontdesk.intake.day_order import nearest
from frontdesk.intake.logbook_file import data_rows
from frontdesk.intake.title_years import titles_above

#: The years a logbook's times are read in; outside them a cell is a system's "no date" (0001-01-01, 9999-12-31).
_FIRST_YEAR, _LAST_YEAR = 1950, 2100
#: A Chinese date with no year: 3月8日, 3月8号 (a time may follow).
_NO_YEAR = re.compile(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
#: A year-less date is taken into the year before or after only within this many days of the row before,
#: and only where in its own year it is more than `_FAR_DAYS` away.
_CLOSE_DAYS, _FAR_DAYS = 62, 183
_MONTH = r"(?:0?[1-9]|1[0-2])"
#: A month with no day (June 2020, 2020-06, 2020年6月, 06/2020): a statistics table's, not a logbook's.
_MONTH_ONLY = re.compile(
    r"^\s*(?:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+(?:19|20)\d{2}"
    rf"|(?:19|20)\d{{2}}\s*(?:[-/.]\s*{_MONTH}|年\s*{_MONTH}\s*月)|{_MONTH}\s*[-/.]\s*(?:19|20)\d{{2}})\s*$", re.I)
#: A year in a file's or a sheet's name, and its month if it has one: 接处警登记表2023-03, 2024年1月, 2023.
_NAMED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*(?:年|[-_.])\s*(\d{1,2})(?!\d))?")


class Received:
    """Reads the received time of each row in turn (the year-less dates lean on the rows before)."""

    def __init__(self, reader, names: tuple[str, ...]):
        self.reader = reader
        self.mapping = reader.mapping
        self.names = names
        self.last: date | None = None
        self.settled = not reader.opened.dates_mixed  # (else a date is read as near the row before as it can be)
        self.hhmm = hhmm_column(reader.opened, self.mapping.column("received_time") or "")
        #: How the last row's date was taken where the cell alone does not say it (the preview names it):
        #: "no_year_rows" / "no_year_name" / "no_year_title" (its year from the row before, the name or the title
        #: above the header), "nearest", or "".
        self.how = ""
        #: Each sheet's title lines, read where a date with no year finds no year in the names (titles_above).
        self.titles: dict[str, str] | None = None
        #: The offset the last row's received cell was written with (2024-01-16T20:33:27-08:00), or None.
        self.offset = None

    def read(self, row, problems: list[DeskError]) -> datetime | None:
        reader, mapping = self.reader, self.mapping
        self.how, self.offset = "", None
        raw = reader.cell(row, mapping.column("received_at") or "")
        if raw is None or cell_text(raw) == "":
            return None
        try:
            local = parse_when(raw, day_first=mapping.day_first, date_format=mapping.date_format)
            self.offset = local.tzinfo  # (the day a bare closed date is compared with: read_closed)
            if self.last is not None and not self.settled and isinstance(raw, str):
                near = nearest(raw, local, self.last, mapping.day_first)
                self.how, local = ("nearest" if near != local else ""), near
        except BadValue:
            self.how = "no_year_rows" if self.last is not None else "no_year_name"
            local = self._without_year(cell_text(raw), mapping, row.sheet)
            if local is None:
                text = cell_text(raw)
                problems.append(DeskError("import.month_only" if _MONTH_ONLY.match(text) else "import.bad_date",
                                          value=text))
                return None
        clock = reader.cell(row, mapping.column("received_time") or "")
        if clock is not None and cell_text(clock):
            try:
                local = _with_time(local, clock, mapping, self.hhmm)
            except BadValue:
                problems.append(DeskError("import.bad_time", value=cell_text(clock)))
                return None
        if not _FIRST_YEAR <= local.year <= _LAST_YEAR:  # 9999-12-31 in New York is no time in UTC
            problems.append(DeskError("import.bad_date", value=cell_text(raw)))
            return None
        self.last = local.date()
        received = to_utc(local, reader.source_zone)
        if received > reader.now:
            problems.append(DeskError("import.future", value=cell_text(raw)))
        return received

    def _title(self, sheet: str) -> str:
        """The sheet's lines above its header (its title), read once."""
        if self.titles is None:
            self.titles = titles_above(self.reader.opened)
        return self.titles.get(sheet, "")

    def _without_year(self, text: str, mapping, sheet: str) -> datetime | None:
        """3月8日: in the year of the row before (else the year the sheet's or file's name gives); in the year
        before or after only where that puts it close to the row before (or to the month the name gives) and
        its own year far: a book kept newest first, a late entry, January's book opening with 12月30日."""
        match = _NO_YEAR.match(text)
        named = _named(sheet, *self.names)
        if named is None and match is not None and (named := _named(self._title(sheet))) and self.last is None:
            self.how = "no_year_title"
        anchor = self.last or (named[0] if named and named[1] else None)
        year = self.last.year if self.last else named[0].year if named else None
        if match is None or year is None or mapping.date_format:
            return None
        readings = {}
        for candidate in (year, year - 1, year + 1):
            try:
                readings[candidate] = parse_when(f"{candidate}年{text.strip()}", day_first=mapping.day_first)
            except BadValue:
                continue
        if year not in readings:
            return None
        if anchor is not None and abs((readings[year].date() - anchor).days) > _FAR_DAYS:
            for other in (year - 1, year + 1):
                if other in readings and abs((readings[other].date() - anchor).days) <= _CLOSE_DAYS:
                    return readings[other]
        return readings[year]


def _named(*names: str) -> tuple[date, bool] | None:
    """The year a name gives, as the middle of its month if it gives one too (登记表2024年1月 → 15 January
    2024, True), else its first day (登记表2023 → 1 January 2023, False)."""
    for name in names:
        if found := _NAMED_YEAR.search(name or ""):
            month = int(found.group(2) or 0)
            if 1 <= month <= 12:
                return date(int(found.group(1)), month, 15), True
            return date(int(found.group(1)), 1, 1), False
    return None


#: The rows `hhmm_column` looks at, and a time of day written in digits alone (ASCII: ① is a digit to Python).
HHMM_SAMPLE = 500
_DIGITS = re.compile(r"[0-9]{1,6}")
#: How a time column writes a time in digits alone: hours (9, 14), HHMM or HHMMSS with the zeros dropped.
HOURS, HHMM, HHMMSS = "", "hhmm", "hhmmss"


def hhmm_column(opened, header: str) -> str:
    """How a time column writes a time in digits alone: HHMM with its leading zeros dropped (Los Angeles's TIME
    OCC: 1730, 945, 18, 6) where at least half of its first rows' values written in digits alone have 3 or 4
    (a time after 01:00 has); HHMMSS (Reno's 040200, 84100) where most have 5 or 6; else hours (a register's 9
    and 14, with a 930 now and then); or as the mapping's `time_digits` says. Worked out once per file and column
    (kept on `opened`: every preview and the import read it again)."""
    position = opened.index.get(header) if header else None
    if position is None:
        return HOURS
    stated = opened.mapping.time_digits
    if stated and header == opened.mapping.column("received_time"):  # (the mapping says it: 930 is 09:30)
        return HOURS if stated == "hours" else stated
    if header not in opened.time_columns:
        opened.time_columns[header] = _digits_kind(opened, position)
    return opened.time_columns[header]


def _digits_kind(opened, position: int) -> str:
    counts = [0, 0, 0]  # (1-2 digits, 3-4 digits, 5-6 digits)
    rows = data_rows(opened)
    try:
        for row in islice(rows, HHMM_SAMPLE):
            text = cell_text(row.cells[position]).strip() if position < len(row.cells) else ""
            if _DIGITS.fullmatch(text):
                counts[(len(text) - 1) // 2] += 1
    finally:
        rows.close()
    if counts[2] > 0 and counts[2] >= max(counts[:2]):
        return HHMMSS
    return HHMM if counts[1] > 0 and counts[1] >= counts[0] else HOURS


def _with_time(day: datetime, clock: object, mapping, digits_kind: str = HOURS) -> datetime:
    """The row's date with its time-of-day cell: a time (15:45, 下午3点, an Excel time; digits alone in an HHMM
    or HHMMSS column: hours, minutes and seconds), or a whole date and time, which is taken as it is (报警时间
    written in full beside 登记日期, the day the entry was made). A bare date in the time column gives no time:
    it is refused, not read as midnight."""
    if digits_kind and _DIGITS.fullmatch(digits := cell_text(clock).strip()):  # 6 is 00:06, 130 01:30
        number = int(digits)
        hour, minute, second = (number // 100, number % 100, 0) if digits_kind == HHMM else \
            (number // 10000, number // 100 % 100, number % 100)
        if hour > 23 or minute > 59 or second > 59:
            raise BadValue(clock)
        return datetime.combine(day.date(), time(hour, minute, second), day.tzinfo)
    if isinstance(clock, datetime) and clock.year > 1900:  # an Excel date cell
        if clock.hour == clock.minute == clock.second == 0:
            raise BadValue(clock)
        return clock.replace(microsecond=0, tzinfo=day.tzinfo)
    try:
        return datetime.combine(day.date(), parse_time_of_day(clock), day.tzinfo)
    except BadValue:
        whole = parse_when(clock, day_first=mapping.day_first, date_format=mapping.date_format)
        if not _CLOCK.search(cell_text(clock)):
            raise
        return whole


#: A time written in a cell: 15:45, 15时, 3点, 3 PM.
_CLOCK = re.compile(r"\d\s*[:时点]|\d\s*[ap]\.?m", re.IGNORECASE)



#: A closed time this much before the received one is the received time: the two were stamped by different
#: clocks (the hotline's and the body's), not closed before the call was made.
CLOCK_SLIP = timedelta(minutes=10)


def read_closed(reader, row, column: str, received: datetime | None, problems: list[DeskError], *,
                before: str, bare_date_at_received: bool = True) -> datetime | None:
    """When a row's case (or a hotline's request) was closed, from its own column; None where the cell is
    empty. Read as the received time is: the mapping's day order, format and zone, an offset in the cell
    winning. A time of day alone (15:30) is on the day received, or the day after where it is earlier. A date
    with no time on the day received (a 办结日期, Kansas City's CLOSED DATE) is closed at the received time
    (None with `bare_date_at_received` False: a request done, the time unknown); a time before the received
    one otherwise is refused with `before`, but for one up to CLOCK_SLIP before it (closed when received).
    Raises BadValue where the cell is no time the desk can read."""
    raw = reader.cell(row, column) if column else None
    if raw is None or cell_text(raw).strip() == "":
        return None
    mapping = reader.mapping
    try:
        written = parse_when(raw, day_first=mapping.day_first, date_format=mapping.date_format)
    except BadValue:
        if received is None:
            raise
        clock, day = parse_time_of_day(raw), received.astimezone(reader.source_zone)
        closed = datetime.combine(day.date(), clock)
        closed += timedelta(days=1) if closed < day.replace(tzinfo=None) else timedelta(0)
        return to_utc(closed, reader.source_zone)
    if not _FIRST_YEAR <= written.year <= _LAST_YEAR:  # 0001-01-01 or 9999-12-31: a system's "no date"
        raise BadValue(raw)
    closed = to_utc(written, reader.source_zone)
    if received is not None and closed < received:
        # The day received, as the received cell wrote it: in its own offset where it gave one (Vancouver's 311
        # writes 2024-01-16T20:33:27-08:00 and closes it 2024-01-16, a day before in Shanghai's time).
        days = {received.astimezone(zone).date() for zone in (reader.source_zone, reader.received.offset) if zone}
        if written.tzinfo is None and written.time() == time(0) and written.date() in days:
            return received if bare_date_at_received else None
        if received - closed <= CLOCK_SLIP:
            return received  # two systems' clocks a little apart (a 12345 reply 1 min 43 s "before" the call)
        bare_day_before = written.tzinfo is None and written.time() == time(0) and \
            written.date() + timedelta(days=1) in days  # (Vancouver's open times written at +03:00)
        problems.append(DeskError("import.closed_day_before" if bare_day_before else before, value=cell_text(raw)))
    elif closed > reader.now:
        problems.append(DeskError("import.future", value=cell_text(raw)))
    return closed
