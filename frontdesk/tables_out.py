"""Tables written for spreadsheets: one CSV per table and one XLSX holding them all as sheets."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Sequence

#: (file-name part, sheet name, header, rows)
Table = tuple[str, str, Sequence[str], Sequence[Sequence[object]]]


def write_tables(folder: Path, stem: str, tables: Sequence[Table], *, title: str) -> list[Path]:
    """`stem-<part>.csv` for each table (UTF-8 with BOM, so Excel reads Chinese) and `stem.xlsx`.

    Each sheet has `title` on its first line, the bold header on the second (frozen), and
    columns wide enough for what they hold. Returns the files written, the XLSX last.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for part, _sheet, header, rows in tables:
        path = folder / f"{stem}-{part}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        written.append(path)
    book = Workbook()
    book.remove(book.active)
    for _part, name, header, rows in tables:
        sheet = book.create_sheet(name)
        sheet.append([title])
        sheet.append(list(header))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
        for index in range(1, len(header) + 1):
            column = sheet.cell(row=2, column=index).column_letter
            widest = max(len(str(sheet.cell(row=r, column=index).value or "")) for r in range(2, sheet.max_row + 1))
            sheet.column_dimensions[column].width = min(60, max(8, widest * 2 + 2))
        sheet.freeze_panes = "A3"
    path = folder / f"{stem}.xlsx"
    book.save(path)
    written.append(path)
    return written
