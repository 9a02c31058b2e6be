"""The lines above a register's header: its title (城关派出所接处警登记表（2023年1月）), which often gives the year
that the rows' dates (1月5日) leave out, where neither the file's name nor the sheet's does."""

from __future__ import annotations

from itertools import islice

from frontdesk.intake.cells import cell_text

#: The rows a header is looked for in (frontdesk.intake.header_rows): the title lines are among them.
TITLE_ROWS = 20


def titles_above(opened) -> dict[str, str]:
    """Sheet (as its rows name it; "" for a file of one) -> the words of its lines above its header."""
    file = opened.file
    if file.kind == "xlsx":
        rows = file.sheet_heads(file.sheets, TITLE_ROWS) if file.sheets else file.rows(head=TITLE_ROWS)
    else:
        rows = file.rows()
    found: dict[str, str] = {}
    try:
        for row in islice(rows, TITLE_ROWS * max(1, len(file.sheets))):
            if row.number < opened.sheet_headers.get(row.sheet, opened.header_row):
                words = " ".join(text for cell in row.cells if (text := cell_text(cell).strip()))
                found[row.sheet] = f"{found.get(row.sheet, '')} {words}".strip()
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    return found
