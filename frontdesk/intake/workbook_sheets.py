"""Which of a workbook's sheets are read, and where each one's header is: the sheet shown when it opens, unless
another names more of a logbook's fields; with it, the sheets laid out as it is (a register's months, one sheet
each), but for one that gathers the others again (全年, 汇总)."""

from __future__ import annotations

import re

from frontdesk.i18n import DeskError
from frontdesk.intake.date_parts import names_date_parts
from frontdesk.intake.header_rows import HEADER_SEARCH_ROWS, Header, read_header
from frontdesk.intake.logbook_file import LogbookFile, SourceRow
from frontdesk.intake.mapping import Mapping, fold, propose_columns


def sheets_read(logbook: LogbookFile, mapping: Mapping | None) -> tuple[Header, dict[str, int]]:
    """The header of the sheet a logbook is read from, and (when a workbook's sheets are read) where each
    sheet's header is, by title; the file is told which sheets it reads."""
    rows = logbook.rows(head=HEADER_SEARCH_ROWS + 1)
    try:
        header = read_header(rows, mapping)
    except DeskError as error:  # the sheet shown is empty: the logbook may be on another
        if error.key != "import.empty_file" or not logbook.other_sheets:
            raise
        header = Header(0, [])
    finally:
        rows.close()
    if logbook.chosen:
        return header, _chosen_sheets(logbook, header, mapping)
    heads = _other_heads(logbook, logbook.other_sheets, mapping)
    header = _logbook_sheet(logbook, header, heads, mapping)
    if not any(header.names):
        raise DeskError("import.empty_file")
    return header, _sheets_alike(logbook, header.names, header.number, heads)


def _chosen_sheets(logbook: LogbookFile, header: Header, mapping: Mapping | None) -> dict[str, int]:
    """Where the header of each sheet the mapping names is, by title ({} for one sheet alone); refused if one
    after the first is not laid out as it is (its columns would be read as the first's)."""
    rest = logbook.chosen[1:]
    if not rest:
        return {}
    heads = _other_heads(logbook, rest, mapping)
    layout = [fold(name) for name in header.names]
    for title in rest:
        if title not in heads or not _laid_out_as(layout, heads[title].names):
            raise DeskError("import.sheet_laid_out_otherwise", path=str(logbook.path), sheet=title,
                            first=logbook.sheet)
    logbook.sheets = logbook.chosen
    return {logbook.sheet: header.number, **{title: heads[title].number for title in rest}}


def _other_heads(logbook: LogbookFile, titles: tuple[str, ...], mapping: Mapping | None) -> dict[str, Header]:
    """The headers of a workbook's sheets `titles`, by title (one opening, a few rows each)."""
    if not titles:
        return {}
    heads: dict[str, list[SourceRow]] = {}
    rows = logbook.sheet_heads(titles, HEADER_SEARCH_ROWS + 1)
    try:
        for source_row in rows:
            heads.setdefault(source_row.sheet, []).append(source_row)
    finally:
        rows.close()
    found = {}
    for title, head in heads.items():
        try:
            found[title] = read_header(iter(head), mapping)
        except DeskError:  # (a sheet with no header row: not a logbook's)
            continue
    return found


def _logbook_sheet(logbook: LogbookFile, header: Header, heads: dict[str, Header], mapping: Mapping | None) -> Header:
    """The header of the sheet a workbook keeps its logbook on: the one shown when it opens, unless another
    names more of a logbook's fields (a 汇总 or a cover sheet left shown). The file reads from that one."""
    wanted = {fold(name) for name in mapping.columns.values()} if mapping else set()

    def fields(names: list[str]) -> int:
        if wanted:
            return sum(1 for name in names if fold(name) in wanted)
        proposed = propose_columns(names)  # (a logbook's sheet has its dates: a codebook's Descripción alone is none)
        return len(proposed) + 1 if "received_at" in proposed or names_date_parts(names) else 0

    def rank(title: str, names: list[str]) -> tuple[int, bool]:
        return fields(names), not gathers(title)  # (the months before a 全年 laid out as they are)

    best = max(heads, key=lambda title: rank(title, heads[title].names), default=None)
    if best is None or rank(best, heads[best].names) <= rank(logbook.sheet, header.names):
        return header
    # (A 汇总 shown gives way by its name alone only to its months, laid out as it is: Fuzhou's 汇总 is the
    # logbook, and the regression table after it, as many fields but laid out otherwise, is not.)
    if fields(heads[best].names) == fields(header.names) and \
            not _laid_out_as([fold(name) for name in header.names], heads[best].names):
        return header
    heads[logbook.sheet] = header
    logbook.other_sheets = tuple(title for title in logbook.titles
                                 if title != best and (title == logbook.sheet and any(header.names)
                                                       or title in logbook.other_sheets))
    logbook.sheet = best
    return heads.pop(best)


#: A sheet that gathers the others' rows again: 全年, 汇总, 合计, 总表, All, Total, Summary (one that names a
#: month, 1月统计, is that month's).
_WHOLE = re.compile(r"全年|汇总|合计|总表|总计|统计|^all$|total|summary|overview")
_MONTH = re.compile(r"\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|"
                    r"june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b")


def gathers(title: str) -> bool:
    """(A month's name is looked for in whole words: "Summary" holds "mar", and is no month.)"""
    return bool(_WHOLE.search(fold(title))) and not _MONTH.search(title.lower())


def _sheets_alike(logbook: LogbookFile, headers: list[str], row: int, heads: dict[str, Header]) -> dict[str, int]:
    """A workbook's other sheets laid out as the one read (a register's months, 1月 2月 3月 …) are read too:
    their headers' rows, by title, with the first sheet's. The file is told which it reads; sheets laid out
    otherwise stay its `other_sheets`, named to the officer as not read."""
    layout = [fold(name) for name in headers]
    found = {logbook.sheet: row}
    for title, header in heads.items():
        # (A 全年 or 汇总 laid out as the months holds their rows again: it is not read with them.)
        if title in logbook.other_sheets and _laid_out_as(layout, header.names) and not gathers(title):
            found[title] = header.number
    if len(found) == 1:
        return {}
    logbook.sheets = tuple(title for title in logbook.titles if title in found)
    logbook.other_sheets = tuple(title for title in logbook.other_sheets if title not in found)
    return found


def _laid_out_as(layout: list[str], names: list[str]) -> bool:
    """A sheet's header is the layout, but where its cell or the layout's holds no name (empty, or a formula's
    number: 台江区's =LEN(K1) in place of 回复长度)."""
    folded = [fold(name) for name in names]
    return len(folded) == len(layout) and all(mine == theirs or not theirs or theirs.isdecimal() or not mine
                                              or mine.isdecimal() for mine, theirs in zip(layout, folded))
