"""The order of day and month in a file's numeric dates (04/05/2022): settled by a date that reads one way
only, by a 12-hour clock or a Chinese header (month first), by the order that keeps the rows in sequence,
or by the mapping; a mapping that says the other order than the file shows is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Iterator

from frontdesk.i18n import DeskError, Phrase
from frontdesk.intake.cells import COMPACT_YEAR_LAST, BadValue, parse_when, short_year
from frontdesk.intake.logbook_file import data_rows
from frontdesk.intake.mapping import Mapping



#: A date written with numbers only, day and month in some order: 04/18/2019, 18.04.2019, 4-5-22.
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})(?!\d)")
#: The same written as eight digits, the year last (10052011), not a date written year first (20111005).
_YEAR_LAST = re.compile(COMPACT_YEAR_LAST + r"(?!\d)(?<!^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))")
#: How many rows are read for the order of day and month (a file keeps one order throughout).
DAY_ORDER_ROWS = 20_000


def day_order(opened, header: str) -> tuple[bool, str, int] | None:
    """How the column writes its dates, from the first that can only be read one way: (day first?,
    the cell, its row). None when every date reads either way (or the column mixes both orders).
    `opened`: a logbook opened for import (frontdesk.intake.logbook.Opened)."""
    return _day_order(opened, header).order


@dataclass
class _Order:
    """What a date column's numeric dates say of the order of day and month."""

    order: tuple[bool, str, int] | None = None
    twelve_hour: bool = False  # a 12-hour clock beside them (AM/PM)
    mixed: bool = False  # both orders, each shown by a date that reads one way only
    #: The column's first SEQUENCE_DATES texts, for `_in_sequence`.
    texts: list[str] = field(default_factory=list)


_CJK = re.compile(r"[\u4e00-\u9fff]")
#: A 12-hour clock after a numeric date (08/01/2022 6:10:00 AM): how US systems write, month first.
_TWELVE_HOUR = re.compile(r"(?i)\d\s*[ap]\.?m\.?\s*$")


def _cells(opened, header: str) -> Iterator[tuple[int, str]]:
    """(row number, text) of the column's text cells, in the first DAY_ORDER_ROWS rows."""
    position = opened.index.get(header)
    if position is None:
        return
    for count, row in enumerate(data_rows(opened)):
        if count >= DAY_ORDER_ROWS:
            return
        value = row.cells[position] if position < len(row.cells) else None
        if isinstance(value, str):
            yield row.number, value


def _day_order(opened, header: str) -> _Order:
    """`day_order`, with what else the column's numeric dates say (`_Order`)."""
    seen = _Order()
    if opened.mapping.date_format:
        return seen
    for number, value in _cells(opened, header):
        if len(seen.texts) < SEQUENCE_DATES:
            seen.texts.append(value)
        match = _NUMERIC_DATE.match(value)
        if match is None and (match := _YEAR_LAST.match(value)) is None:
            continue
        seen.twelve_hour = seen.twelve_hour or bool(_TWELVE_HOUR.search(value))
        first, then = int(match.group(1)), int(match.group(2))
        if (first > 12) == (then > 12):
            continue  # either way (5/3), or no date at all (13/13): the row's own reading says so
        if first > 12 and len(match.group(3)) == 2:
            continue  # 23/9/10: the 23rd, or a year written short (2023-09-10)
        order = (first > 12, value.strip(), number)
        if seen.order is None:
            seen.order = order
        elif seen.order[0] != order[0]:
            return _Order(twelve_hour=seen.twelve_hour, mixed=True)  # each row is read as it must be
    return seen


#: The dates `_in_sequence` reads, and the share of steps from one row to the next that must go forward by a
#: month at most for a reading to keep the rows in sequence.
SEQUENCE_DATES, IN_SEQUENCE = 2_000, 0.9
#: Fewer steps than this between dates say nothing of a sequence.
SEQUENCE_STEPS = 5
NEAREST = "nearest"


def _in_sequence(texts: list[str], day_first: bool) -> bool | str | None:
    """Where every date reads both ways, the reading that keeps the rows in sequence, as a register is kept:
    one order (True: day first, False: month first) where one does, oldest or newest first (of two, the one
    whose days are nearer each other: a week's pull, 08/01 … 08/07, is seven days one way and seven months
    the other; None where they are as near: every row of the same day), else
    NEAREST where each date read nearest the row before does (a register typed by several hands, 9/3/2023
    beside 4/9/2023) or where there are too few dates to say, else None (a file sorted as text, 01/01 …
    01/12 … 02/01, is in no sequence)."""
    def reading(order: bool | str) -> list[date]:
        days: list[date] = []
        for text in texts:
            try:
                when = parse_when(text, day_first=day_first if order == NEAREST else order)
                if order == NEAREST and days:
                    when = nearest(text, when, days[-1], day_first)
            except BadValue:
                continue
            days.append(when.date())
        return days

    kept: dict[bool | str, int] = {}
    for order in (True, False, NEAREST):
        days = reading(order)
        steps = [(later - earlier).days for earlier, later in zip(days, days[1:])]
        if len(steps) < SEQUENCE_STEPS:
            return NEAREST  # too few dates to say: each read as near the row before as it can be
        least = IN_SEQUENCE * len(steps)  # (kept oldest first, or newest first)
        if sum(0 <= step <= 31 for step in steps) >= least or sum(-31 <= step <= 0 for step in steps) >= least:
            kept[order] = sum(abs(step) for step in steps)
    if True in kept and False in kept and kept[True] == kept[False]:
        return None  # a day's pull, 9/3 on every row: no sequence says which
    single = [order for order in (True, False) if order in kept]
    if single:
        return min(single, key=lambda order: kept[order])
    return NEAREST if NEAREST in kept else None


def date_columns(mapping: Mapping) -> tuple[str | None, str]:
    """The columns whose dates settle the order: the received one, and the closed one (or a request's)."""
    closed = mapping.column("closed_at") or (mapping.service_requests.closed_at if mapping.service_requests else "")
    return mapping.column("received_at"), closed


def with_day_order(opened) -> Mapping:
    """The mapping with the day order the file's own dates show, so 12/08/2016 is read like 04/18/2019
    beside it; a mapping that says the other order is refused, naming the cell that shows it. Sets the
    opened file's `dates_settled`, `dates_mixed` and `dates_read`."""
    mapping = opened.mapping
    header, closed = opened.dates_read = date_columns(mapping)
    seen = _day_order(opened, header) if header else _Order()
    if seen.order is None and not seen.mixed and closed and closed != header:  # 1/1/20 0:05; 1/21/20 8:53 not
        also = _day_order(opened, closed)
        if also.order is not None or also.mixed:
            header, seen = closed, replace(also, twelve_hour=seen.twelve_hour or also.twelve_hour)
        else:
            seen.twelve_hour = seen.twelve_hour or also.twelve_hour
    order = seen.order
    stated = mapping.day_first_stated or bool(mapping.date_format)
    opened.dates_settled = order is not None or stated
    opened.dates_mixed = seen.mixed and not stated
    opened.dates_in_sequence = False
    if order is None:
        # Every date reads either way, and the file is read in one order (the preview says it is a guess, and
        # a mapping's day_first still wins): month first beside a 12-hour clock, as US systems write; else the
        # order that keeps the rows in sequence (or each date as near the row before as it reads, where only
        # that does); else month first in a Chinese register (9/3/2023 is 9月3日: Chinese never puts the day
        # before the month); else the mapping's (day first).
        if stated or opened.dates_mixed:
            return mapping
        if seen.twelve_hour:
            return replace(mapping, day_first=False)
        chinese = bool(_CJK.search(header or ""))
        sequence = _in_sequence(seen.texts, not chinese and mapping.day_first)
        if sequence == NEAREST:
            opened.dates_mixed = True
            sequence = None
        if sequence is None:
            return replace(mapping, day_first=False) if chinese else mapping
        opened.dates_in_sequence = True
        return replace(mapping, day_first=sequence)
    if order[0] == mapping.day_first:
        return replace(mapping, day_first_settled=header)
    day_first, cell, row = order
    if mapping.day_first_stated:
        raise DeskError("import.day_order_contradicts", column=header, cell=cell, row=row,
                        order=Phrase("import.reading.day_first" if day_first else "import.reading.month_first"),
                        mapping=mapping.name)
    return replace(mapping, day_first=day_first, day_first_settled=header)


#: A numeric date that may read more than one way: 9/3/2023 (day or month first), 23/9/10 (a year written short
#: first, or the 23rd).
_TWO_WAYS = re.compile(r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})(?!\d)")


def nearest(raw: str, read: datetime, last: date, day_first: bool) -> datetime:
    """Of the readings a date has, the one nearest the row before it (a register is kept in order): in a
    column typed by several hands (9/3/2023 beside 4/9/2023 and 23/9/10), each row is read as its place says."""
    match = _TWO_WAYS.match(raw)
    if match is None:
        return read
    first, mark, then, year = match.groups()
    rest = raw[match.end():]
    spellings = [f"{then}{mark}{first}{mark}{year}{rest}"]  # the other order of day and month
    if len(year) == 2:
        spellings.append(f"{short_year(int(first))}-{then}-{year}{rest}")  # a year written short, first
    readings = [read]
    for spelling in spellings:
        try:
            readings.append(parse_when(spelling, day_first=day_first))
        except BadValue:
            continue
    return min(readings, key=lambda when: abs((when.date() - last).days))  # (ties: the first, as read)
