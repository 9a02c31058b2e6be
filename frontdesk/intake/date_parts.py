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
from dataclasses import dataclass

from frontdesk.intake.cells import cell_text
from frontdesk.intake.logbook_file import first_values

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
#: The range of each part's values.
RANGES = {"year": (1950, 2100), "month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59)}
#: A day of the week is no day of the month (Descripcio_dia_setmana, DAY_OF_WEEK, weekday).
_WEEK = re.compile(r"week|setmana|semana|woche|semaine|settimana|星期|周|週|礼拜", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+|\d+")
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
                elif whole.endswith(name) and len(whole) - len(name) <= 4:
                    found.append((2, part, whole[:-len(name)]))
            elif words == [name]:
                found.append((0, part, ""))
            elif words[0] == name:
                found.append((1, part, "".join(words[1:])))
            elif words[-1] == name:
                found.append((2, part, "".join(words[:-1])))
    if not found:
        return None
    rank, part, rest = min(found)
    return part, rank, rest


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
    for date in _sets(candidates, ("year", "month", "day")):
        name = DATE_JOIN.join(date)
        if name not in index:
            found.setdefault(name, Composed(name, "date", tuple(index[header] for header in date)))
    if any(composed.kind == "date" for composed in found.values()):
        for clock in _sets(candidates, ("hour", "minute"), needed=1):
            if len(clock) > 1:  # (an hour alone is a time column as it is: 19 is 19:00)
                name = TIME_JOIN.join(clock)
                if name not in index:
                    found.setdefault(name, Composed(name, "time", tuple(index[header] for header in clock)))
    return tuple(found.values())


def _sets(candidates: dict[str, list[tuple[int, str, str]]], parts: tuple[str, ...],
          needed: int | None = None) -> list[tuple[str, ...]]:
    """The headers that make up each set of `parts` (the first `needed` of them required, all by default): the
    plainest header of each part where a part has one only, else those whose other words are the same."""
    needed = len(parts) if needed is None else needed
    if any(not candidates[part] for part in parts[:needed]):
        return []
    if all(len(candidates[part]) <= 1 for part in parts):
        return [tuple(candidates[part][0][1] for part in parts if candidates[part])]
    sets = []
    for _rank, first, rest in sorted(candidates[parts[0]]):
        same = [next((header for _r, header, other in sorted(candidates[part]) if other == rest), None)
                for part in parts]
        if all(same[:needed]):
            sets.append(tuple(header for header in same if header))
    return sets


def hour_column(opened, headers: list[str]) -> str | None:
    """A column of whole hours alone (Barcelona's Hora_dia: 19), the time of day of a date in parts."""
    hours = [header for header in headers if header and (part := _part(header)) and part[0] == "hour"]
    if len(hours) != 1:
        return None
    values = first_values(opened, set(hours), SAMPLE).get(hours[0], [])
    plain = all(cell_text(value).strip().isdigit() for value in values)  # (3.0 is no time of day as it is)
    return hours[0] if plain and _fits(values, "hour") else None
