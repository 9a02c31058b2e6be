"""Reading a typed-up logbook file (CSV or XLSX) row by row, and finding its header row.

A file is never loaded whole: CSV goes through `csv.reader` line by line (the
encoding found first in one streaming pass: UTF-8 with or without BOM, UTF-16
with a BOM, else GB 18030, which covers GBK), XLSX through openpyxl's
read-only `iter_rows`.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from frontdesk.i18n import DeskError
from frontdesk.intake.mapping import Mapping, fold, propose_columns

#: How many rows at the top may come before the header (a title line, a blank line).
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class SourceRow:
    """One row of the file: its number as a spreadsheet shows it (header = its own row) and its cells."""

    number: int
    cells: tuple[object, ...]


def _detect_encoding(path: Path) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else GB 18030 (a superset of GBK/GB2312): one streaming pass."""
    with path.open("rb") as handle:
        start = handle.read(4)
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        for encoding in ("utf-8-sig", "gb18030"):
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
                return encoding
            except UnicodeDecodeError:
                handle.seek(0)
    raise DeskError("import.bad_encoding", path=str(path))


def _delimiter(sample: str) -> str:
    """Comma, tab (Excel's "Unicode text") or semicolon: whichever splits the top lines most (a title may come first)."""
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    return max((",", "\t", ";"), key=lambda mark: max(line.count(mark) for line in lines))


class LogbookFile:
    """A logbook file opened for reading; `rows()` streams it from the top each time it is called."""

    def __init__(self, path: str | Path):
        text = str(path).strip().strip("\"'")
        if not text:
            raise DeskError("import.no_path")
        self.path = Path(text).expanduser()
        if not self.path.exists():
            raise DeskError("import.no_file", path=str(self.path))
        if self.path.is_dir():
            raise DeskError("import.is_folder", path=str(self.path))
        suffix = self.path.suffix.lower()
        if suffix == ".xls":
            raise DeskError("import.old_xls", path=str(self.path))
        self.kind = "xlsx" if suffix in (".xlsx", ".xlsm") else "csv"
        self.encoding = ""
        self.size = self._size()
        if self.kind == "csv":
            self.encoding = self._opened(_detect_encoding)

    def _size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError as exc:
            raise DeskError("import.unreadable", path=str(self.path), detail=exc.strerror or str(exc))

    def _opened(self, read: Callable):
        try:
            return read(self.path)
        except PermissionError as exc:
            raise DeskError("import.unreadable", path=str(self.path), detail=exc.strerror or str(exc))

    def rows(self, progress: Callable[[float], None] | None = None) -> Iterator[SourceRow]:
        """Every row, blank ones included (their numbers count), one at a time."""
        if self.kind == "xlsx":
            return self._xlsx_rows(progress)
        return self._csv_rows(progress)

    def _csv_rows(self, progress) -> Iterator[SourceRow]:
        try:
            raw = self.path.open("rb")
        except OSError as exc:
            raise DeskError("import.unreadable", path=str(self.path), detail=exc.strerror or str(exc))
        with raw:
            text = io.TextIOWrapper(raw, encoding=self.encoding, newline="")
            delimiter = _delimiter(text.read(64 * 1024))
            text.seek(0)
            reader = csv.reader(text, delimiter=delimiter)
            size = max(self.size, 1)
            try:
                for number, cells in enumerate(reader, start=1):
                    if progress is not None and number % 500 == 0:
                        progress(min(raw.tell() / size, 1.0))
                    yield SourceRow(number, tuple(cells))
            except csv.Error as exc:
                raise DeskError("import.bad_csv", path=str(self.path), detail=str(exc))
        if progress is not None:
            progress(1.0)

    def _xlsx_rows(self, progress) -> Iterator[SourceRow]:
        from zipfile import BadZipFile

        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            book = load_workbook(self.path, read_only=True, data_only=True)
        except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            raise DeskError("import.bad_xlsx", path=str(self.path), detail=str(exc) or type(exc).__name__)
        try:
            sheet = book.active or book.worksheets[0]
            total = max(sheet.max_row or 0, 1)
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                if progress is not None and number % 500 == 0:
                    progress(min(number / total, 1.0))
                yield SourceRow(number, tuple(_excel_cell(cell) for cell in cells))
        finally:
            book.close()
        if progress is not None:
            progress(1.0)


def _excel_cell(value: object) -> object:
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1e6:
        return str(int(value))  # a phone typed as a number: 13812345678.0
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 1e6:
        return str(value)
    return value


def is_blank(row: SourceRow) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in row.cells)


def find_header(rows: Iterator[SourceRow], mapping: Mapping | None = None) -> SourceRow:
    """The header row among the first few (a title line may come first).

    With a mapping, the row holding most of its column names; without, the row
    whose cells most look like case fields, else the first row with text.
    """
    first: list[SourceRow] = []
    for row in rows:
        first.append(row)
        if len(first) >= HEADER_SEARCH_ROWS:
            break
    wanted = {fold(name) for name in (mapping.columns.values() if mapping else ())}

    def score(row: SourceRow) -> int:
        if wanted:
            return sum(1 for cell in row.cells if cell is not None and fold(cell) in wanted)
        return len(propose_columns([str(cell) for cell in row.cells if cell is not None]))

    candidates = [row for row in first if not is_blank(row)]
    if not candidates:
        raise DeskError("import.empty_file")
    header = max(candidates, key=lambda row: (score(row), -row.number))
    return header if score(header) else candidates[0]


def header_names(header: SourceRow) -> list[str]:
    """The header cells as text (an empty one stays empty: nothing maps to it)."""
    names = ["" if cell is None else str(cell).strip().lstrip("\ufeff") for cell in header.cells]
    # Trailing empty headers are spreadsheet padding.
    while names and not names[-1]:
        names.pop()
    return names
