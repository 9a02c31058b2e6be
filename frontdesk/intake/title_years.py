"""The lines above a register's header: its title (城关派出所接处警登记表（2023年1月）), which often gives the year
that the rows' dates (1月5日) leave out, where neither the file's name nor the sheet's does."""

from __future__ import annotations

from itertools import islice

from frontdesk.intake.cells import cell_text
from frontdesk.intake.han_forms import simplified

#: The rows a header is looked for in (frontdesk.intake.header_rows): the title lines are among them.
TITLE_ROWS = 20
#: Words of a register's title (城关派出所接处警登记表（2023年1月）): its line comes first, so its year is the rows'
#: before a year on another line above the header (填报日期：2024年2月3日, the day the book was filled in).
TITLE_WORDS = ("登记表", "登记簿", "台账", "记录", "统计表", "明细表", "汇总表", "一览表", "报表")


def titles_above(opened) -> dict[str, str]:
    """Sheet (as its rows name it; "" for a file of one) -> the words of its lines above its header: the title's
    line first (TITLE_WORDS), then the others as they stand."""
    file = opened.file
    if file.kind == "xlsx":
        rows = file.sheet_heads(file.sheets, TITLE_ROWS) if file.sheets else file.rows(head=TITLE_ROWS)
    else:
        rows = file.rows()
    found: dict[str, list[str]] = {}
    try:
        for row in islice(rows, TITLE_ROWS * max(1, len(file.sheets))):
            if row.number < opened.sheet_headers.get(row.sheet, opened.header_row):
                words = " ".join(text for cell in row.cells if (text := cell_text(cell).strip()))
                found.setdefault(row.sheet, []).append(words)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    return {sheet: _title_first(lines) for sheet, lines in found.items()}


def _title_first(lines: list[str]) -> str:
    """The lines' words, the title's line before the others (each kept in its order)."""
    titled = [line for line in lines if any(word in simplified(line) for word in TITLE_WORDS)]
    return " ".join(line for line in (*titled, *(line for line in lines if line not in titled)) if line)
