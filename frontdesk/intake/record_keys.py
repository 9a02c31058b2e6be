"""A logbook row's source key as the row makes it (how keys held by other records are settled: source_keys).

A key a rejects file carries is the row's. A number that names its record (JF123456, 2023031500123) keys it by
its column, in any export of the same system; a row counter (序号 1, 2, 3 …) keys its row of its file (and
sheet); a row with no number is keyed by its content.
"""

from __future__ import annotations

import hashlib
import re

from frontdesk.intake.mapping import fold

#: A key as a rejects file carries it.
KEY = re.compile(r"^[0-9a-f]{40}$")
#: A number that names a record rather than counts a file's rows: six characters or more, a digit among them,
#: not a spreadsheet's rounding of one (2.022E+11, which every row of such a file shares).
_ROUNDED = re.compile(r"^\d(?:\.\d+)?[eE]\+?\d+$")


def names_record(number: str) -> bool:
    folded = fold(number)
    return len(folded) >= 6 and any(ch.isdecimal() for ch in folded) and not _ROUNDED.match(number.strip())


def digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()[:40]


def numbered_key(number: str, *, column: str, source: str, sheet: str) -> str | None:
    """The key of a row with a record number (None without one: it is keyed by its content)."""
    if names_record(number):
        # The record's own number: the same record in another export of the same system (a week's file, then
        # the month's) is the one already there, whatever the file is called.
        return digest("record-no", fold(column), fold(number))
    if number:  # a row's place in its file: only that file's row, on that sheet
        return digest("record", source, *((fold(sheet),) if sheet else ()), fold(number))
    return None


def legacy_key(number: str, *, source: str, sheet: str) -> str | None:
    """The key the row's number had when every number was keyed by its file's name, its sheet not counted."""
    if number and (sheet or names_record(number)):
        return digest("record", source, fold(number))
    return None
