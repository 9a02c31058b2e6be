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
#: A spreadsheet's rounding of a long number, which every row of such a file may share: 2.022E+11, or an
#: 18-digit number kept to Excel's 15 significant digits (202203150012345000).
_ROUNDED = re.compile(r"^\d(?:\.\d+)?[eE]\+?\d+$|^\d{15}0+$")


def names_record(number: str) -> bool:
    """A number that names its record in the system that gave it (JF346999, P222131570, CPD220801000001,
    2023031500123): letters and digits, six characters or more; or nine digits or more, not starting with 0.
    A row counter (1, 2, 3; 000001; a station's 2024001) keys only its file's row."""
    folded = fold(number)
    if _ROUNDED.match(number.strip()) or len(folded) < 6 or not any(ch.isdecimal() for ch in folded):
        return False
    if folded.isdecimal():
        return len(folded) >= 9 and not folded.startswith("0")
    return any(ch.isalpha() for ch in folded)


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
    """The key the row's number had when every number was keyed by its file's name, its sheet not counted
    (a workbook's row is keyed by its sheet, read alone or with others)."""
    if number and (sheet or names_record(number)):
        return digest("record", source, fold(number))
    return None
