"""A logbook row's source key as the row makes it (how keys held by other records are settled: source_keys).

A key a rejects file carries is the row's. A number that names its record (JF123456, 2023031500123) keys it by
its column, in any export of the same system; a row counter (序号 1, 2, 3 …) keys its row of its file (and
sheet); a row with no number is keyed by its content.
"""

from __future__ import annotations

import hashlib
import re

from frontdesk.intake.mapping import plain_fold as fold  # (as written: the keys are stored)

#: A key as a rejects file carries it.
KEY = re.compile(r"^[0-9a-f]{40}$")
#: A spreadsheet's rounding of a long number, which every row of such a file may share: 2.022E+11.
_ROUNDED = re.compile(r"^\d(?:\.\d+)?[eE]\+?\d+$")
#: What a counter is written with around its digits: No.0001, NO 12, 第0001号.
_COUNTER_MARKS = re.compile(r"^(?:no|第)|号$")


def names_record(number: str, *, cell: object = None) -> bool:
    """A number that names its record in the system that gave it (JF346999, P222131570, CPD220801000001,
    2023031500123): Latin letters and six digits or more, or nine digits or more not starting with 0. A row
    counter (1, 2, 3; 000001; No.0001; 第0001号; XF0001; a station's 2024001) keys only its file's row, and so
    does a number a spreadsheet kept as a number past its 15 exact digits (`cell`, as read)."""
    if _ROUNDED.match(number.strip()) or (isinstance(cell, float) and abs(cell) >= 1e15):
        return False
    folded = _COUNTER_MARKS.sub("", fold(number))
    digits = sum(ch.isdecimal() for ch in folded)
    if folded.isdecimal():
        return digits >= 9 and not folded.startswith("0")
    return digits >= 6 and any("a" <= ch <= "z" for ch in folded)


def digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()[:40]


def number_keys(number: str, sheet: str, cell: object = None, *, column: str,
                source: str) -> tuple[str | None, str | None]:
    """A row's keys by its record number (None, None without one: it is keyed by its content): its own, and the
    one it had when every number was keyed by its file's name, its sheet not counted (None where that is its
    own: a file's row counter)."""
    if not number:
        return None, None
    old = digest("record", source, fold(number))
    if names_record(number, cell=cell):
        # The record's own number: the same record in another export of the same system (a week's file, then
        # the month's) is the one already there, whatever the file is called.
        return digest("record-no", fold(column), fold(number)), old
    if sheet:  # a workbook's row counter: only that sheet's row, read alone or with others
        return digest("record", source, fold(sheet), fold(number)), old
    return old, None  # a row counter: only that file's row
