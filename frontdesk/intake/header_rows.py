"""A logbook's header: the row naming its columns among the first few, with a printed register's second
header row read into it, and every column given a name of its own.

A printed register heads some columns twice: 报警人 over 姓名 / 联系电话 / 身份证号, 处警民警 over
姓名 / 警号. Such a column is named with both, "报警人（姓名）" and "处警民警（姓名）", so two 姓名 never
shadow each other; the file saved as CSV (the parent in one cell, blanks to its right) reads the same.
Headers still written alike are numbered: "姓名 (1)", "姓名 (2)". A mapping may name each; a saved mapping
naming only "姓名" is taken when one column has that name, and refused when several have it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, time
from typing import Iterator

from frontdesk.i18n import DeskError, listed
from frontdesk.intake.cells import cell_text
from frontdesk.intake.logbook_file import SourceRow, is_blank
from frontdesk.intake.mapping import Mapping, fold, own_words, propose_columns, unnumbered

#: How many rows at the top may come before the header (a title line, a blank line).
HEADER_SEARCH_ROWS = 20
#: A cell no header holds: a number, a date, a run of digits (a record under a one-row header).
_DATA_TEXT = re.compile(r"^[\d\s:/.\-+]+$")


#: A cell only a record holds: a date, with its time or not (01/01/2011 12:00:02 AM, 2024-03-05 14:20).
_DATE_TEXT = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*"
                        r"(?:[AaPp]\.?[Mm]\.?)?)?$"
                        # eight digits, the year first or last (20111005; Reno's CAD dumps: 10052011)
                        r"|^(?:(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
                        r"|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|[12]\d|3[01])(?:19|20)\d{2})$"
                        # a Chinese date, its time after it or not (2024年3月5日 10时)
                        r"|^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]"
                        r"(?:\s*(?:上午|下午|晚上|凌晨|早上|中午|傍晚)?\s*\d{1,2}\s*[时点:：][\d\s分秒:：]*)?$")


#: A cell longer than this, or one that ends a sentence, is a record's free text (a 12345 reply's
#: 请转环保部门，联系电话… names words a header has: 电话, 内容, 时间), never a header's.
HEADER_TEXT_MAX = 40
_SENTENCE_END = re.compile(r"[。！？；]")


def _sentence(cell: object) -> bool:
    text = _text(cell)
    return len(text) > HEADER_TEXT_MAX or bool(_SENTENCE_END.search(text))


@dataclass(frozen=True)
class Header:
    """The header as read: the row the records start below, and each column's name (distinct)."""

    number: int
    names: list[str]
    #: A file with no header row (its first row a record): that row's cells, its columns named A, B, C ….
    first: tuple[str, ...] = ()


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip().lstrip("\ufeff")


def _texts(row: SourceRow, width: int) -> list[str]:
    texts = [_text(cell) for cell in row.cells[:width]]
    return texts + [""] * (width - len(texts))


def header_names(header: SourceRow) -> list[str]:
    """The header cells as text (an empty one stays empty: nothing maps to it)."""
    names = [_text(cell) for cell in header.cells]
    while names and not names[-1]:  # trailing empty headers are spreadsheet padding
        names.pop()
    return names


def _names_a_field(text: str) -> bool:
    return bool(text) and bool(propose_columns([text]))


def _two_rows(parent: SourceRow | None, child: SourceRow | None) -> list[str] | None:
    """The names of a two-row header, `parent` over `child`, or None if these are not one.

    One it is when the upper row heads several columns whose own headers are below it (a merged cell
    filled across them, or written once with blanks to its right), some columns are headed in the upper
    row only (blank below, or the same text from a merged cell), both rows name case fields, and the
    lower row holds no record's numbers or dates.
    """
    if parent is None or child is None or is_blank(parent) or is_blank(child):
        return None
    if any(isinstance(cell, (int, float, date, time)) and not isinstance(cell, bool) for cell in child.cells):
        return None
    width = max(len(parent.cells), len(child.cells))
    upper, lower = _texts(parent, width), _texts(child, width)
    spanning: list[str] = []  # the header each column stands under ("" where the upper row heads nothing)
    for j in range(width):
        spanning.append(upper[j] or (spanning[j - 1] if j and lower[j] else ""))
    under = [j for j in range(width) if lower[j] and spanning[j] and lower[j] != spanning[j]]
    alone = [j for j in range(width) if upper[j] and lower[j] in ("", upper[j])]
    runs = Counter(spanning[j] for j in under)
    subs = [lower[j] for j in under]
    if not under or not alone or max(runs.values()) < 2 or any(_DATA_TEXT.match(text) for text in lower if text):
        return None
    if sum(map(_names_a_field, subs)) * 2 < len(subs) or not any(_names_a_field(upper[j]) for j in alone):
        return None
    names = []
    for j in range(width):
        if j in under:
            names.append(f"{spanning[j]}（{lower[j]}）")
        else:
            names.append(upper[j] or lower[j])
    while names and not names[-1]:
        names.pop()
    return names


def distinct_names(names: list[str]) -> list[str]:
    """`names` with those written alike numbered ("姓名 (1)", "姓名 (2)"): each column can be named."""
    seen = Counter(fold(name) for name in names if name)
    counts: Counter = Counter()
    out = []
    for name in names:
        key = fold(name)
        if name and seen[key] > 1:
            counts[key] += 1
            name = f"{name} ({counts[key]})"
        out.append(name)
    return out


def read_header(rows: Iterator[SourceRow], mapping: Mapping | None = None) -> Header:
    """The header among the first few rows (a title line may come first), a second header row read in.

    With a mapping, the row holding most of its column names; without, the row whose cells most look like
    case fields, else the first row with two different texts or more (a title merged across the columns
    reads the same in each: 10 of them over a Colombian police workbook's header).
    """
    first: list[SourceRow] = []
    for row in rows:
        first.append(row)
        if len(first) > HEADER_SEARCH_ROWS:  # one more: the second row of a header on the last row searched
            break
    wanted = set()
    for name in (mapping.columns.values() if mapping else ()):
        wanted |= {fold(name), fold(own_words(name))}

    def score(row: SourceRow) -> int:
        if wanted:
            return sum(1 for cell in row.cells if cell is not None and fold(cell) in wanted)
        return len(propose_columns([str(cell) for cell in row.cells if cell is not None and not _sentence(cell)]))

    candidates = [row for row in first[:HEADER_SEARCH_ROWS] if not is_blank(row)]
    if not candidates:
        raise DeskError("import.empty_file")
    by_number = {row.number: row for row in first}
    top = candidates[0]  # a date where a header would be, and in the row below: records from the first row (a
    if _dates(top) & _dates(by_number.get(top.number + 1)):  # record's cell may be a word a header has, or a letter)
        return Header(top.number - 1, column_letters(max(len(row.cells) for row in first)),
                      tuple(cell_text(cell) for cell in top.cells))
    header = max(candidates, key=lambda row: (score(row), -row.number))
    if not score(header):  # no row names a field: the first that names columns, not a title over them all
        header = next((row for row in candidates if len({cell_text(c) for c in row.cells} - {""}) > 1), candidates[0])
    above, below = by_number.get(header.number - 1), by_number.get(header.number + 1)
    if (names := _two_rows(above, header)) is not None:
        return Header(header.number, distinct_names(names))
    if (names := _two_rows(header, below)) is not None:
        return Header(header.number + 1, distinct_names(names))
    return Header(header.number, distinct_names(header_names(header)))


def _dates(row: SourceRow | None) -> set[int]:
    """The columns where `row` holds a date (a header never does)."""
    return set() if row is None else {j for j, cell in enumerate(row.cells) if isinstance(cell, date) or (
        isinstance(cell, str) and _DATE_TEXT.match(cell.strip()))}


def column_letters(width: int) -> list[str]:
    """A spreadsheet's names for the first `width` columns: A … Z, AA, AB …."""
    names = []
    for number in range(1, width + 1):
        name = ""
        while number:
            number, rest = divmod(number - 1, 26)
            name = chr(ord("A") + rest) + name
        names.append(name)
    return names


def resolved_columns(mapping: Mapping, names: list[str]) -> dict[str, str]:
    """The mapping's columns as this file names them: a column it names by its own words only ("姓名" for
    "报警人（姓名）") is taken when one column has them, refused when several do; columns not in the file
    are left out (a saved mapping may name others)."""
    present = set(names)
    columns = {}
    for field_name, written in mapping.columns.items():
        if written in present:
            columns[field_name] = written
            continue
        matches = [name for name in names if name and fold(own_words(name)) == fold(written)]
        matches = matches or [name for name in names if name and fold(unnumbered(name)) == fold(written)]
        if len(matches) > 1:
            raise DeskError("import.column_ambiguous", column=written, columns=listed(matches),
                            mapping=mapping.name)
        if matches:
            columns[field_name] = matches[0]
    return columns
