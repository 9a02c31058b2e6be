"""A register's ditto marks: a cell written 同上 (or 〃) says what the cell above it says.

A book kept by hand writes the date, the officer or the category once and 同上 under it for the rows of the same;
typed into Excel the marks stay. Each is read as the cell above it in the same column of the same sheet (itself
read so, for a run of them); one with nothing above it stays as written, for the row to be refused by what it says.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

#: A cell that is a ditto mark, whole (made plain: NFKC, no spaces).
DITTO_MARKS = frozenset({"同上", "仝上", "同前", "〃", "″", "ditto", "do."})


def is_ditto(cell: object) -> bool:
    return isinstance(cell, str) and unicodedata.normalize("NFKC", cell).replace(" ", "").lower() in DITTO_MARKS


def with_dittos(row, above: tuple[object, ...]):
    """The row with each ditto cell given the cell above it (`above`: the row before, its dittos read), and the
    cells the next row's dittos read."""
    if not any(is_ditto(cell) for cell in row.cells):
        return row, row.cells
    cells = tuple(above[index] if is_ditto(cell) and index < len(above) and not is_ditto(above[index])
                  and above[index] not in (None, "") else cell for index, cell in enumerate(row.cells))
    row = replace(row, cells=cells)
    return row, cells
