"""What openpyxl's read-only reading does not give of a workbook's sheet, read from the sheet's own XML in one
streaming pass: its merged ranges (a spreadsheet keeps their value in the first cell only) and a formula with no
saved value (a workbook written by a program, never opened in Excel)."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
#: A formula cell with no saved value (a workbook written by a program, never opened in Excel).
_UNSAVED = re.compile(rb'<c\s+r="([A-Z]+\d+)"[^>]*>\s*<f[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>')


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{re.escape(name)}="([^"]*)"', tag)
    return html.unescape(found.group(1)) if found else None  # (a sheet named R&amp;D is R&D)


def sheet_facts(path: Path, title: str) -> tuple[dict[int, list[tuple[int, int, int]]], str]:
    """The sheet's merged ranges by first row ({row: [(last row, first col, last col)]}) and the first formula
    cell with no saved value, from one streaming pass over the sheet's XML."""
    try:
        with zipfile.ZipFile(path) as book:
            workbook = book.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = book.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            sheet_id = next((_attribute(tag, "r:id") for tag in re.findall(r"<sheet\b[^>]*>", workbook)
                             if _attribute(tag, "name") == title), None)
            target = next((_attribute(tag, "Target") for tag in re.findall(r"<Relationship\b[^>]*>", rels)
                           if _attribute(tag, "Id") == sheet_id), None)
            if target is None:
                return {}, ""
            name = target.lstrip("/") if target.startswith("/") else "xl/" + target
            merged: dict[int, list[tuple[int, int, int]]] = {}
            unsaved = ""
            tail = b""
            with book.open(name) as xml:
                while chunk := xml.read(1 << 20):
                    text = tail + chunk
                    if not unsaved and (found := _UNSAVED.search(text)):
                        unsaved = found.group(1).decode()
                    for m in _MERGE.finditer(text):
                        first, last = int(m.group(2)), int(m.group(4))
                        span = (last, _column(m.group(1)), _column(m.group(3)))
                        if span not in merged.get(first, []):
                            merged.setdefault(first, []).append(span)
                    tail = text[-4096:]
            return merged, unsaved
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}, ""  # openpyxl has read it: a part laid out otherwise only means no merged cells are filled


def fill_merged(values: list[object], number: int, merged: dict[int, list[tuple[int, int, int]]],
                 spans: list[tuple[int, int, int, int, object]]) -> list[object]:
    """A row with each merged range's value in all its cells (a spreadsheet keeps it in the first only)."""
    for last, first_col, last_col in merged.get(number, ()):
        value = values[first_col - 1] if first_col <= len(values) else None
        spans.append((number, last, first_col, last_col, value))
    spans[:] = [span for span in spans if span[1] >= number]
    for _first, _last, first_col, last_col, value in spans:
        if len(values) < last_col:
            values += [None] * (last_col - len(values))
        for col in range(first_col, last_col + 1):
            values[col - 1] = value
    return values
