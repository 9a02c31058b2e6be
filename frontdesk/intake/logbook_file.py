"""Reading a typed-up logbook file (CSV or XLSX) row by row, and finding its header row.

A file is never loaded whole: CSV goes through `csv.reader` line by line (the encoding found first in one streaming
pass: UTF-8 with or without BOM, UTF-16 with or without a BOM, else GB 18030, which covers GBK), XLSX through
openpyxl's read-only `iter_rows`, with merged cells filled from their first cell. What is not a logbook (binary
content, a workbook whose formulas have no saved values, a cell too long for any logbook) is refused by name before
a row is written; a last row the file cuts short is marked, to be rejected with that reason.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

from frontdesk.i18n import DeskError, listed, t
from frontdesk.intake.cells import cell_text
from frontdesk.intake.ditto import with_dittos
from frontdesk.intake.han_forms import simplified
from frontdesk.intake.text_files import SAMPLE, delimiter_of, detect_encoding
from frontdesk.intake.workbook_xml import fill_merged, sheet_facts

#: The longest cell a CSV may hold (csv's own limit): longer means a broken file, not a logbook.
CELL_MAX = csv.field_size_limit()


@dataclass(frozen=True)
class SourceRow:
    """One row of the file: its number as a spreadsheet shows it (header = its own row) and its cells."""

    number: int
    cells: tuple[object, ...]
    #: The file ends inside this row (no line end, a quote left open): its last cells are missing.
    cut: bool = False
    #: A workbook's sheet the row is on, when more than one sheet is read ("" otherwise).
    sheet: str = ""
    #: The row has cells, not empty, beyond the header's columns (a cell too many: the others may be shifted).
    beyond: bool = False


def row_text(number: int, sheet: str = "") -> str:
    """A row as the officer finds it in the file: its number, and its sheet when several are read."""
    return t("import.row_in_sheet", row=number, sheet=sheet) if sheet else str(number)


def check_logbook_path(path: str | Path) -> Path:
    """The logbook's path as typed (quotes a file manager adds taken off), refused unless a file of a kind
    read here is there; nothing of it is read yet."""
    text = str(path).strip().strip("\"'")
    if not text:
        raise DeskError("import.no_path")
    found = Path(text).expanduser()
    if not found.exists():
        raise DeskError("import.no_file", path=str(found))
    if found.is_dir():
        raise DeskError("import.is_folder", path=str(found))
    suffix = found.suffix.lower()
    if suffix == ".xls":
        raise DeskError("import.old_xls", path=str(found))
    if suffix in (".ods", ".fods"):
        raise DeskError("import.ods", path=str(found))
    return found


class LogbookFile:
    """A logbook file opened for reading; `rows()` streams it from the top each time it is called."""

    def __init__(self, path: str | Path, chosen: tuple[str, ...] = ()):
        self.path = check_logbook_path(path)
        suffix = self.path.suffix.lower()
        self.size = self._size()
        # A workbook saved under a .csv name is read as the workbook it is.
        self.kind = "xlsx" if suffix in (".xlsx", ".xlsm") or self._opened(zipfile.is_zipfile) else "csv"
        self.encoding = ""
        self._facts: dict[str, tuple[dict, str]] = {}
        #: A workbook's sheet whose header is read (its active one), and its other sheets that hold something
        #: and are not read (laid out otherwise).
        self.sheet, self.other_sheets = "", ()
        #: The sheets read, in the workbook's order, when the active one's layout is on others too (a register's
        #: months): () reads the active one alone.
        self.sheets: tuple[str, ...] = ()
        self.titles: tuple[str, ...] = ()  # every sheet's, in the workbook's order
        #: The sheets a mapping names to read (its `sheets`), as the workbook spells them once it is opened: the
        #: first is `sheet`, and none other is looked for (frontdesk.intake.workbook_sheets).
        self.chosen = chosen if self.kind == "xlsx" else ()
        if self.kind == "csv":
            self.encoding = self._opened(detect_encoding)

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

    def rows(self, progress: Callable[[float], None] | None = None, *, head: int | None = None) -> Iterator[SourceRow]:
        """Every row, blank ones included (their numbers count), one at a time; or a workbook's first `head`
        rows (its formulas not yet looked at: `check_saved` does, once it is known which sheets are read)."""
        if self.kind == "xlsx":
            return self._xlsx_rows(progress, most=head)
        return self._csv_rows(progress)

    def check_saved(self) -> None:
        """Refuse a workbook whose sheets read hold a formula with no saved value."""
        for title in (self.sheets or (self.sheet,)) if self.kind == "xlsx" else ():
            self._sheet_facts(title, f"{title}!" if self.sheets else "")

    def _sheet_facts(self, title: str, named: str, *, refuse: bool = True) -> dict:
        """A sheet's merged ranges (see `workbook_xml.sheet_facts`); refused if it holds a formula with no saved value."""
        if title not in self._facts:  # one pass over the sheet's XML, not one per reading of the file
            self._facts[title] = sheet_facts(self.path, title)
        merged, unsaved = self._facts[title]
        if unsaved and refuse:
            raise DeskError("import.formula_no_value", path=str(self.path), cell=named + unsaved)
        return merged

    def sheet_heads(self, titles: tuple[str, ...], most: int) -> Iterator[SourceRow]:
        """The first `most` rows of each of a workbook's sheets `titles` (each row named by its sheet), from one
        opening of the workbook: to find their headers."""
        return self._xlsx_rows(None, only=titles, most=most)

    def _csv_rows(self, progress) -> Iterator[SourceRow]:
        try:
            raw = self.path.open("rb")
        except OSError as exc:
            raise DeskError("import.unreadable", path=str(self.path), detail=exc.strerror or str(exc))
        with raw:
            text = io.TextIOWrapper(raw, encoding=self.encoding, newline="")
            delimiter = delimiter_of(text.read(SAMPLE))
            text.seek(0)
            record: list[str] = []  # the lines of the row being read, to see at the end whether it was cut

            def lines() -> Iterator[str]:
                for line in text:
                    record.append(line)
                    yield line

            reader = csv.reader(lines(), delimiter=delimiter)
            size = max(self.size, 1)
            held: SourceRow | None = None  # one row behind: the last row is known only at the end
            last: list[str] = []
            number = widest = 0
            try:
                for number, cells in enumerate(reader, start=1):
                    if held is not None:
                        widest = max(widest, len(held.cells))
                        yield held
                    if progress is not None and number % 500 == 0:
                        progress(min(raw.tell() / size, 1.0))
                    held = SourceRow(number, tuple(_unquoted(cells, delimiter, widest)))
                    last = list(record)
                    record.clear()
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    raise DeskError("import.cell_too_long", path=str(self.path), row=number + 1,
                                    most=f"{CELL_MAX:,}")
                raise DeskError("import.bad_csv", path=str(self.path), detail=str(exc))
            if held is not None:
                yield _maybe_cut(held, "".join(last), widest)
        if progress is not None:
            progress(1.0)

    def _xlsx_rows(self, progress, only: tuple[str, ...] = (), most: int | None = None) -> Iterator[SourceRow]:
        from zipfile import BadZipFile

        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            handle = self.path.open("rb")
        except OSError as exc:
            raise DeskError("import.unreadable", path=str(self.path), detail=exc.strerror or str(exc))
        try:
            # From an open file: a workbook saved under another name (.csv) is read all the same.
            book = load_workbook(handle, read_only=True, data_only=True)
        except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            handle.close()
            raise DeskError("import.bad_xlsx", path=str(self.path), detail=str(exc) or type(exc).__name__)
        try:
            if not self.sheet:
                # The sheet shown when it opens, unless that is a chart or hidden; hidden sheets are never read.
                shown = [other for other in book.worksheets if getattr(other, "sheet_state", "visible") == "visible"]
                if not shown:
                    raise DeskError("import.empty_file")
                sheet = book.active if book.active in shown else shown[0]
                if self.chosen:  # (a hidden sheet too, when the mapping names it)
                    self.chosen = _named_sheets(self.path, self.chosen, [other.title for other in book.worksheets])
                    sheet = book[self.chosen[0]]
                self.sheet, self.titles = sheet.title, tuple(other.title for other in shown)
                self.other_sheets = tuple(other.title for other in shown
                                          if other.title not in (sheet.title, *self.chosen) and _holds_rows(other))
            titles = only or self.sheets or (self.sheet,)
            sheets = [book[title] for title in titles]
            total = max(sum(sheet.max_row or 0 for sheet in sheets), 1)
            done = 0
            for sheet in sheets:
                named = sheet.title if len(titles) > 1 or only else ""
                # (A sheet's head is read to see its layout: its formulas are looked at once it is read.)
                merged = self._sheet_facts(sheet.title, f"{named}!" if named else "", refuse=most is None)
                spans: list[tuple[int, int, int, int, object]] = []  # merged ranges under way, with their value
                for number, cells in enumerate(sheet.iter_rows(max_row=most, values_only=True), start=1):
                    if progress is not None and (done + number) % 500 == 0:
                        progress(min((done + number) / total, 1.0))
                    values = [_excel_cell(cell) for cell in cells]
                    if merged or spans:
                        values = fill_merged(values, number, merged, spans)
                    yield SourceRow(number, tuple(values), sheet=named)
                done += sheet.max_row or 0
        finally:
            book.close()
            handle.close()
        if progress is not None:
            progress(1.0)


def _named_sheets(path: Path, names: tuple[str, ...], titles: list[str]) -> tuple[str, ...]:
    """The sheets a mapping names, as the workbook spells them (Excel's names ignore case, and a space typed
    around one is no part of it); refused, with the workbook's sheets listed, if it lacks one."""
    spelled = {title.strip().casefold(): title for title in titles}
    found = [name if name in titles else spelled.get(name.strip().casefold()) for name in names]
    if None in found:
        raise DeskError("import.sheets_missing", path=str(path), sheets=listed(
                        f"“{name}”" for name, title in zip(names, found) if title is None),
                        titles=listed(f"“{title}”" for title in titles))
    return tuple(dict.fromkeys(title for title in found if title is not None))


def _holds_rows(sheet) -> bool:
    """A sheet with a value in its first rows (a register's month), not an empty or chart-only one."""
    if not hasattr(sheet, "iter_rows"):
        return False
    return any(value not in (None, "") for row in sheet.iter_rows(max_row=5, values_only=True) for value in row)



def _unquoted(cells: list[str], delimiter: str, widest: int) -> list[str]:
    """A row some tool wrote whole inside one pair of quotes ("3,10508693,HZ250496,05/03/2016 11:40:00 PM,…",
    seen in a Chicago crimes download): the cells inside it, when they are as many as the widest row's before
    it (the header's). A title or a note of one cell ("Note: Jan 3, Jan 4, Jan 5 missing") is left as it is."""
    if len(cells) != 1 or widest < 3 or cells[0].count(delimiter) < widest - 1:
        return cells
    try:
        inner = next(csv.reader([cells[0]], delimiter=delimiter))
    except csv.Error:  # (a line end inside it, outside quotes: not a row)
        return cells
    return inner if len(inner) == widest else cells


def _maybe_cut(row: SourceRow, written: str, widest: int) -> SourceRow:
    """The file's last row, marked if the file ends inside it: a quote left open, or no line end and
    fewer cells than the rows before it."""
    open_quote = written.count('"') % 2 == 1
    short = not written.endswith(("\n", "\r")) and 0 < len(row.cells) < widest
    return SourceRow(row.number, row.cells, cut=True) if open_quote or short else row


def _excel_cell(value: object) -> object:
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1e6:
        return str(int(value))  # a phone typed as a number: 13812345678.0
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 1e6:
        return str(value)
    return value


def is_blank(row: SourceRow) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in row.cells)


#: What a logbook's closing lines begin with: a total, a page count, the signatures under a printed form.
_FOOTER = re.compile(r"^(合计|总计|小计|共计|累计|本页共|本页合计|本页小计|填表人|填报人|制表人|制表[:：]|统计人|登记人|审核人|"
                     r"审核[:：]|审批人|负责人|值班领导|值班员|值班人[:：]|带班领导|签字|签名|"
                     r"total\b|subtotal\b|grand total\b|prepared by\b|checked by\b|signed\b|page total\b|"
                     # a Spanish-speaking police's: its source and the hands that made, checked and signed it
                     r"fuente\s*:|elabor[óo]\s*:|elaborado\s*(?:por)?\s*:|revis[óo]\s*:|revisado\s*(?:por)?\s*:|"
                     r"autoriz[óo]\s*:|autorizado\s*(?:por)?\s*:)",
                     re.IGNORECASE)
#: A note under the records ("注：警情类别按《110警情分类》填写"; the NPA's 資料提供日期：113年07月01日, the day the data
#: was given out): a footer when it is the row's only cell. Both are matched in simplified characters.
_NOTE = re.compile(r"^(备注|注|说明|note|notes|资料提供日期|资料日期|资料来源|数据来源|数据提供日期)\s*[:：]", re.IGNORECASE)


def footer_kind(row: SourceRow) -> str | None:
    """Whether the row is a total, signature or note line under the records ("合计 2起", "填表人：王建军",
    "本页共30条", "注：…" alone), with no case in it: "note" for a note alone in its row (the lines after it
    that hold one cell each are the rest of it: 說明 : 機車竊盜案件因… / 人提供失竊地點不明確時…), "footer"
    for the others, else None."""
    filled = []
    for cell in row.cells:  # (the first two filled cells are all it needs: a row's cells are not all read)
        text = str(cell).strip() if cell is not None else ""
        if text:
            filled.append(text)
            if len(filled) == 2:
                break
    if not filled:
        return None
    first = simplified(filled[0])
    if _FOOTER.match(first):
        return "footer"
    return "note" if len(filled) == 1 and _NOTE.match(first) else None


def one_cell(row: SourceRow) -> bool:
    """Whether the row holds one filled cell only."""
    return sum(1 for cell in row.cells if cell is not None and str(cell).strip()) == 1


#: The rows `first_values` looks through at most.
SAMPLE_ROWS = 500


def first_values(opened, headers, count: int) -> dict[str, list[object]]:
    """Each of `headers`' first `count` cells that are not empty, from the first SAMPLE_ROWS data rows of a
    logbook opened (a file keeps one kind of value in a column: its first ones say which)."""
    positions = {opened.index[header]: header for header in headers if header in opened.index}
    values: dict[str, list[object]] = {header: [] for header in positions.values()}
    rows = data_rows(opened)
    try:
        for row in itertools.islice(rows, SAMPLE_ROWS):
            for position, header in positions.items():
                cell = row.cells[position] if position < len(row.cells) else None
                if len(values[header]) < count and cell is not None and str(cell).strip():
                    values[header].append(cell)
            if all(len(cells) >= count for cells in values.values()):
                break
    finally:
        rows.close()
    return values


def data_rows(opened, progress: Callable[[float], None] | None = None) -> Iterator[SourceRow]:
    """The rows after the header of a logbook opened (frontdesk.intake.logbook.Opened), one at a time; blank
    lines and a form's totals, signatures and notes left out. A row's cells end with those of the columns the
    file writes over several (`opened.composed`)."""
    note, sheet = False, None  # (a note's lines of one cell each, under the records of a sheet)
    above: tuple[object, ...] = ()  # (the row before on the sheet, which a 同上 under it repeats)
    composed, headers = opened.composed, [header.strip() for header in opened.file_headers]
    for row in opened.file.rows(progress):
        if row.sheet != sheet:
            note, sheet, above = False, row.sheet, ()
        if row.number <= opened.sheet_headers.get(row.sheet, opened.header_row) or is_blank(row):
            continue
        if row.cells and headers and cell_text(row.cells[0]).strip() == headers[0] and _repeats(row, headers):
            continue  # the header again: tables appended one after another (Taiwan's crim109, every few thousand rows)
        kind = footer_kind(row)
        note = kind is not None or (note and one_cell(row))  # (a line of one cell under a footer: its rest)
        if kind is None and not note:
            row, above = with_dittos(row, above)
            if len(row.cells) > len(headers) and any(cell_text(cell).strip() for cell in row.cells[len(headers):]):
                row = replace(row, beyond=True)  # (not an empty cell: a trailing delimiter is common and harmless)
            if composed:  # (a date over several columns: its cells after the file's, where its index says)
                width = len(opened.headers) - len(composed)
                cells = row.cells[:width] + (None,) * (width - len(row.cells))
                row = replace(row, cells=cells + tuple(part.cell(row.cells) for part in composed))
            yield row


def _repeats(row: SourceRow, headers: list[str]) -> bool:
    """The row says the header's words again, in their columns (and nothing else)."""
    said = [(cell_text(cell).strip(), header) for cell, header in zip(row.cells, headers)]
    said = [(text, header) for text, header in said if text]
    return len(said) >= max(2, len(headers) // 2) and all(text == header for text, header in said)
