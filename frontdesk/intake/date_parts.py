"""A date written over several columns (Vancouver's police: YEAR | MONTH | DAY | HOUR | MINUTE; Barcelona's
Guàrdia Urbana: Any | Mes_any | Dia_mes | Hora_dia), read as one column the file does not have.

Such a file has no date column to map. Its parts are found by their headers' words and checked against their
first values (a year is 1950–2100, a month 1–12 …); each set of them becomes a column of its own, named by its
parts (`YEAR/MONTH/DAY`, `HOUR:MINUTE`), listed with the file's columns and proposed as the received date and
time where no column says it. Its cells are the parts put together (2017-09-05, 03:44), so everything that
reads a date column reads it. A mapping may name such a column too (`received_at = "C/D/E"`, year, month and
day in that order; `received_time = "F:G"`), which the file's header words need not bear out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from itertools import islice

from frontdesk.intake.cells import BadValue, cell_text
from frontdesk.intake.clock_times import parse_time_of_day
from frontdesk.intake.header_words import TIME_ONLY_WORDS
from frontdesk.intake.logbook_file import data_rows, first_values
from frontdesk.intake.mapping import Mapping, fold, own_words

#: The words that name each part of a date, as a header's first or last word (Mes_any: the month of the
#: year; Dia_mes: the day of the month; NK_Any; OccurrenceYear). Chinese headers: the whole header or its end
#: (发案年, 发案月).
PART_WORDS = {
    "year": ("year", "yr", "any", "año", "ano", "anio", "jahr", "année", "annee", "anno", "年", "年份"),
    "month": ("month", "mon", "mes", "mês", "monat", "mois", "mese", "月", "月份"),
    "day": ("day", "dia", "día", "tag", "jour", "giorno", "日", "号"),
    "hour": ("hour", "hr", "hora", "stunde", "heure", "ora", "时", "小时", "時"),
    "minute": ("minute", "min", "minuto", "minut", "minuten", "分", "分钟"),
}
#: What a Chinese header names before a part of its date: the event's (发案年, 接警月, 报警时, 受案日). A year, a
#: month or a day may follow any few characters (their values must fit: 年龄, an age, is no year); 号, a time
#: and a minute only an event's (序号 is a row number, 评分 a score, 用时 a duration).
_EVENTS = frozenset({"发案", "案发", "发生", "接警", "报警", "受理", "报案", "来电", "登记", "受案", "立案", "出警", "处警",
                     "發案", "發生", "報案", "報警", "來電", "登記", "處警", "事故", "事件"})
_ANY_BEFORE = frozenset({"年", "年份", "月", "月份", "日"})
#: What a year, a month or a day of is no date of the matter's: a birth (出生年), a person's.
_NOT_EVENTS = ("出生", "生", "入职", "毕业")
#: The other words of a set of parts that name when the matter was reported, which is the received date: its
#: set is proposed first (Reported Year beside Occurrence Year).
_REPORTED = ("report", "rep", "receiv", "call", "denuncia", "registro", "registre", "接警", "报警", "受理", "报案",
             "登记", "報案", "報警")
#: The range of each part's values.
RANGES = {"year": (1950, 2100), "month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59)}
#: A day of the week is no day of the month (Descripcio_dia_setmana, DAY_OF_WEEK, weekday).
_WEEK = re.compile(r"week|setmana|semana|woche|semaine|settimana|星期|周|週|礼拜", re.IGNORECASE)
_CAMEL = re.compile(r"[A-ZÀ-Þ]?[a-zß-ÿ]+|[A-ZÀ-Þ]+(?![a-zß-ÿ])|[^\W\d_]+|\d+")
#: A whole number as a cell holds it: 2017, 9, 3.0 (a float column's), 09.
_WHOLE = re.compile(r"\s*(\d{1,4})(?:\.0+)?\s*")
#: How many of a column's first values are checked.
SAMPLE = 30
DATE_JOIN, TIME_JOIN = "/", ":"


@dataclass(frozen=True)
class Composed:
    """A column the file does not have: its parts' columns put together, a date (year, month, day) or a time
    of day (hour, and minute where there is one)."""

    name: str
    kind: str  # "date" | "time"
    positions: tuple[int, ...]
    #: The other words its parts' headers share (occ of occ_year …), which pair a date with its time.
    rest: str = ""

    def cell(self, cells: tuple[object, ...]) -> str:
        """The row's parts put together: 2017-09-05 or 03:44; the parts as written where one is not a whole
        number (the row is refused with them); "" where the row has none."""
        parts = [cell_text(cells[position]) if position < len(cells) else "" for position in self.positions]
        if not any(parts):
            return ""
        numbers = [_number(part) for part in parts]
        if self.kind == "time":
            if numbers[0] is None:
                return TIME_JOIN.join(parts) if parts[0] else ""
            minute = numbers[1] if len(numbers) > 1 else 0
            return f"{numbers[0]:02d}:{minute:02d}" if minute is not None else TIME_JOIN.join(parts)
        if None in numbers:
            return DATE_JOIN.join(parts)
        year, month, day = numbers
        return f"{year:04d}-{month:02d}-{day:02d}"


def _number(text: str) -> int | None:
    found = _WHOLE.fullmatch(text)
    return int(found.group(1)) if found else None


def _words(header: str) -> list[str]:
    text = unicodedata.normalize("NFKC", header).strip()
    return [word.lower() for piece in re.split(r"[\W_]+", text) for word in _CAMEL.findall(piece)]


def _part(header: str) -> tuple[str, int, str] | None:
    """Which part a header names, how plainly (0: the whole header; 1: its first word; 2: its last) and the
    rest of its words (which tell two sets apart: occ_year beside rep_year), or None."""
    if _WEEK.search(header):
        return None
    words = _words(header)
    if not words:
        return None
    found = []
    for part, names in PART_WORDS.items():
        for name in names:
            if not name.isascii() and not words[-1].isascii():  # 发案年: a Chinese header's end
                whole = "".join(words)
                if whole == name:
                    found.append((0, part, ""))
                elif whole.endswith(name) and (whole[:-len(name)] in _EVENTS or name in _ANY_BEFORE
                                               and len(whole) - len(name) <= 4
                                               and not whole.startswith(_NOT_EVENTS)):  # (not 序号, 评分, 出生年)
                    found.append((2, part, whole[:-len(name)]))
            elif words == [name]:
                found.append((0, part, ""))
            elif words[0] == name:
                found.append((1, part, "".join(words[1:])))
            elif words[-1] == name:
                found.append((2, part, "".join(words[:-1])))
    if len(words) == 1 and words[0].isascii():  # reportedhour, occurrenceyear: English run together
        found += [(2, part, words[0][:-len(part)]) for part in PART_WORDS
                  if words[0].endswith(part) and len(words[0]) - len(part) >= 3]
    if not found:
        return None
    rank, part, rest = min(found)
    return part, rank, rest


def names_date_parts(headers: list[str]) -> bool:
    """Whether headers name a year, a month and a day (a sheet whose date is written over several columns)."""
    parts = {found[0] for header in headers if header and (found := _part(str(header)))}
    return {"year", "month", "day"} <= parts


def _fits(values: list[object], part: str) -> bool:
    low, high = RANGES[part]
    numbers = [_number(cell_text(value)) for value in values]
    fitting = sum(1 for number in numbers if number is not None and low <= number <= high)
    return bool(numbers) and fitting * 3 >= len(numbers) * 2  # (a row mistyped now and then is refused by itself)


def find_composed(opened, headers: list[str], named: tuple[str, ...] = ()) -> tuple[Composed, ...]:
    """The dates and times `headers` (the file's own) write over several columns; and any a mapping names
    (`named`: "C/D/E", "HOUR:MINUTE") whose parts are the file's columns."""
    index = {header: position for position, header in enumerate(headers) if header}
    found: dict[str, Composed] = {}
    for name in named:
        for kind, join, sizes in (("date", DATE_JOIN, (3,)), ("time", TIME_JOIN, (1, 2))):
            parts = name.split(join)
            if name not in index and len(parts) in sizes and all(part in index for part in parts):
                found[name] = Composed(name, kind, tuple(index[part] for part in parts))
    candidates: dict[str, list[tuple[int, str, str]]] = {part: [] for part in PART_WORDS}
    named_parts = {header: _part(header) for header in headers if header}
    named_parts = {header: part for header, part in named_parts.items() if part is not None}
    if named_parts:
        samples = first_values(opened, set(named_parts), SAMPLE)
        for header, (part, rank, rest) in named_parts.items():
            if _fits(samples.get(header, []), part):
                candidates[part].append((rank, header, rest))
    for rest, date in _sets(candidates, ("year", "month", "day")):
        name = DATE_JOIN.join(date)
        if name not in index:
            found.setdefault(name, Composed(name, "date", tuple(index[header] for header in date), rest))
    if any(composed.kind == "date" for composed in found.values()):
        for rest, clock in _sets(candidates, ("hour", "minute"), needed=1):
            if len(clock) > 1:  # (an hour alone is a time column as it is: 19 is 19:00)
                name = TIME_JOIN.join(clock)
                if name not in index:
                    found.setdefault(name, Composed(name, "time", tuple(index[header] for header in clock), rest))
    return tuple(found.values())


def time_of(date: Composed, composed: tuple[Composed, ...]) -> Composed | None:
    """The time of day that goes with a date in parts: the one whose headers share its other words (rep_hour
    with rep_year), else the only one beside the only date."""
    times = [one for one in composed if one.kind == "time"]
    same = [one for one in times if one.rest == date.rest]
    if same:
        return same[0]
    dates = [one for one in composed if one.kind == "date"]
    return times[0] if len(times) == 1 and len(dates) == 1 else None


def _sets(candidates: dict[str, list[tuple[int, str, str]]], parts: tuple[str, ...],
          needed: int | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """The headers that make up each set of `parts` (the first `needed` of them required, all by default), with
    the other words they share: the header of each part where a part has one only, else those whose other words
    are the same, the set that names a report first, then in the file's order."""
    needed = len(parts) if needed is None else needed
    if any(not candidates[part] for part in parts[:needed]):
        return []
    if all(len(candidates[part]) <= 1 for part in parts):
        return [(candidates[parts[0]][0][2], tuple(candidates[part][0][1] for part in parts if candidates[part]))]
    sets = []
    for _rank, first, rest in candidates[parts[0]]:  # (in the file's order, the one that names a report first)
        same = [next((header for _r, header, other in candidates[part] if other == rest), None) for part in parts]
        if all(same[:needed]):
            sets.append((not any(word in rest for word in _REPORTED), rest, tuple(header for header in same if header)))
    return [(rest, headers) for _later, rest, headers in sorted(sets, key=lambda found: found[0])]


def hour_column(opened, headers: list[str]) -> str | None:
    """A column of whole hours alone (Barcelona's Hora_dia: 19), the time of day of a date in parts."""
    hours = [header for header in headers if header and (part := _part(header)) and part[0] == "hour"]
    if len(hours) != 1:
        return None
    values = first_values(opened, set(hours), SAMPLE).get(hours[0], [])
    plain = all(cell_text(value).strip().isdigit() for value in values)  # (3.0 is no time of day as it is)
    return hours[0] if plain and _fits(values, "hour") else None


def with_parts(opened, headers: list[str]) -> Mapping:
    """The proposal with a date written over several columns as the received one where no column is proposed
    for it, and its time of day (the hour and minute put together, or a column of hours alone)."""
    mapping = opened.mapping
    dates = [composed for composed in opened.composed if composed.kind == "date"]
    columns = dict(mapping.columns)
    proposed = columns.get("received_at", "")
    if dates and fold(own_words(proposed)) in TIME_ONLY_WORDS and "received_time" not in columns and \
            _times_alone(opened, proposed):
        columns["received_time"] = columns.pop("received_at")  # (Año | Mes | Día | Hora: Hora is the time of day)
    if columns.get("received_at") or not dates:
        return mapping
    columns["received_at"] = dates[0].name
    clock = time_of(dates[0], opened.composed)
    spare = [header for header in headers if header and header not in columns.values()
             and fold(own_words(header)) in TIME_ONLY_WORDS]  # (France's hrmn, 1900, beside annee | mois | jour)
    clock = clock.name if clock else spare[0] if spare else hour_column(opened, headers)
    if clock and not columns.get("received_time"):
        columns["received_time"] = clock
    return replace(mapping, columns=columns)


def _times_alone(opened, header: str) -> bool:
    """Whether a column's first values are times of day with no date (14:30, 9)."""
    values = first_values(opened, {header}, SAMPLE).get(header, [])
    try:
        for value in values:
            parse_time_of_day(value)
    except BadValue:
        return False
    return bool(values)


def mapped_columns(opened) -> set[str]:
    """The columns the mapping reads: those it names, and the parts of a date it names over several."""
    named = set(opened.mapping.columns.values())
    return named | {opened.headers[position] for composed in opened.composed if composed.name in named
                    for position in composed.positions}


#: A date and time marked UTC (Z), as Toronto's open data writes its times: 2015-10-10T04:05:00.000Z.
_MARKED_UTC = re.compile(r"(\d{4}-\d{2}-\d{2})([T ])(\d{2}):(\d{2})(:\d{2})?(\.\d+)?Z")


def local_marked_utc(opened) -> tuple[Mapping, str]:
    """The proposal reading a received column's times marked UTC as the local times they are, where the file's
    own hour column of the same event gives the hour as written (Toronto's reporteddate 2015-10-10T04:05:00.000Z
    beside reportedhour 4: read as UTC, every case was hours out and a third of them a day out): a `date_format`
    that takes the Z as a letter. Returns the mapping and the hour column that showed it ("" if none did)."""
    mapping = opened.mapping
    header = mapping.column("received_at") or ""
    if not header or mapping.date_format or header not in opened.index:
        return mapping, ""
    folded = fold(header)
    hours = [name for name in opened.headers if name and (part := _part(name)) and part[0] == "hour"
             and part[2] and part[2] in folded]
    if len(hours) != 1:
        return mapping, ""
    written, position, clock = [], opened.index[header], opened.index[hours[0]]
    for row in islice(data_rows(opened), SAMPLE):
        cells = row.cells
        marked = _MARKED_UTC.fullmatch(cell_text(cells[position])) if position < len(cells) else None
        hour = _number(cell_text(cells[clock])) if clock < len(cells) else None
        if marked and hour is not None:
            written.append((int(marked.group(3)), hour, marked))
    same = sum(1 for hour, column, _marked in written if hour == column)
    if len(written) < 5 or same * 10 < len(written) * 9 or len({hour for hour, _c, _m in written}) < 2:
        return mapping, ""
    first = written[0][2]
    form = f"%Y-%m-%d{first.group(2)}%H:%M" + (":%S" if first.group(5) else "") + (".%f" if first.group(6) else "")
    return replace(mapping, date_format=form + "Z"), hours[0]
