"""Tables written for spreadsheets: one CSV per table and one XLSX holding them all as sheets."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Sequence

from frontdesk.sealing import write_out

#: (file-name part, sheet name, header, rows)
Table = tuple[str, str, Sequence[str], Sequence[Sequence[object]]]


def write_tables(folder: Path, stem: str, tables: Sequence[Table], *, title: str,
                 passphrase: str | None = None) -> list[Path]:
    """`stem-<part>.csv` for each table (UTF-8 with BOM, so Excel reads Chinese) and `stem.xlsx`.

    Each sheet has `title` on its first line, the bold header on the second (frozen), and
    columns wide enough for what they hold. Returns the files written, the XLSX last. With
    an encrypted database's `passphrase` each is sealed (`.fdsealed`, frontdesk.sealing).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    written = []
    for part, _sheet, header, rows in tables:
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(rows)
        written.append(write_out(folder / f"{stem}-{part}.csv", text.getvalue().encode("utf-8-sig"), passphrase))
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
    packed = io.BytesIO()
    book.save(packed)
    written.append(write_out(folder / f"{stem}.xlsx", packed.getvalue(), passphrase))
    return written
