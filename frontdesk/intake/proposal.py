"""A proposal made from a file's headers, checked against its first values: a column of numbers is never
proposed for a field of words (诉求内容情绪, a score, is no summary; nor is a column of coordinates a place),
and a date column whose cells carry their own time is not given another column's time."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time

from frontdesk.intake.cells import BadValue, cell_text, read_when
from frontdesk.intake.logbook_file import first_values
from frontdesk.intake.mapping import WORDS_ONLY, Mapping, propose_columns, propose_value

#: How many of a column's first values are looked at.
SAMPLE = 30
#: A pair of coordinates (POINT (-78.84 42.92), (42.92, -78.84)): no place; and a number alone in a cell (56,
#: 0.4285714285714286): no summary (a place may be a house number: 4500).
_COORDINATES = r"(?i:point)\s*\(\s*[-+]?\d+\.\d+\s+[-+]?\d+\.\d+\s*\)|\(?\s*[-+]?\d+\.\d+\s*,\s*[-+]?\d+\.\d+\s*\)?"
_NO_WORDS = {"place": re.compile(_COORDINATES), "summary": re.compile(r"[-+]?\d+(?:\.\d+)?|" + _COORDINATES),
             # scores (5, 6.75, 9.0357) are no outcome; codes (1, 2, 3) may be, for the officer to map
             "disposition": re.compile(r"[-+]?\d+(?:\.\d+)?")}
_NO_WORDS["narrative"] = _NO_WORDS["summary"]


def checked_proposal(opened) -> Mapping:
    """The proposal of `opened` (frontdesk.intake.logbook.Opened) made again without the columns of numbers
    it gave a field of words (the next best may be one too: 内容长度 after 诉求内容情绪), and without a time
    column beside a received column whose cells have their own times (Minneapolis's ReportedDate,
    2017-03-03T12:23:00.000Z, beside the Time its offence began)."""
    numbers: frozenset[str] = frozenset()
    while more := _number_columns(opened) - numbers:
        numbers |= more
        opened.mapping = replace(opened.mapping, columns=propose_columns(opened.headers, numbers=numbers))
    mapping = opened.mapping
    if mapping.column("received_time") and _timed(opened, mapping.column("received_at") or ""):
        mapping = replace(mapping, columns={name: header for name, header in mapping.columns.items()
                                            if name != "received_time"})
    return mapping


def _number_columns(opened) -> frozenset[str]:
    """The columns the proposal gives a field of words whose first values are numbers (coordinates, for a
    place), all but a few."""
    fields = {header: name for name, header in opened.mapping.columns.items() if name in WORDS_ONLY}
    found = set()
    for header, cells in first_values(opened, set(fields), SAMPLE).items():
        pattern = _NO_WORDS[fields[header]]
        numbers = sum(bool(pattern.fullmatch(cell_text(cell))) for cell in cells)
        scores = fields[header] != "disposition" or any("." in cell_text(cell) for cell in cells)
        if len(cells) >= 3 and numbers >= 0.8 * len(cells) and scores:
            found.add(header)
    return frozenset(found)


def _timed(opened, header: str) -> bool:
    """Whether most of the column's first dates carry a time of day of their own: not midnight, and not one
    time on every row (a date alone exported in UTC: 2019-01-01T06:00:00.000Z, 16:00 for China)."""
    cells = first_values(opened, {header}, SAMPLE).get(header, [])
    times = []
    for cell in cells:
        try:
            times.append(read_when(cell)[0].time())
        except BadValue:
            continue
    timed = [when for when in times if when != time(0)]
    return len(cells) >= 3 and len(timed) * 2 > len(cells) and len(set(timed)) > 1


#: A code for an offence as a records system writes it (Minneapolis's TFMV, BURGD, ASLT2): no spaces, no lower
#: case, a few letters and digits.
_CODE = re.compile(r"[A-Z][A-Z0-9]{1,7}")


def coded_category(opened, words: dict[str, tuple[str, ...]]) -> Mapping:
    """The proposal with the summary column as the category where the category column holds codes and the
    summary names the same offences in words that the station's categories match far more often (Minneapolis:
    Offense TFMV beside Description "Theft From Motr Vehc"). The summary is then the type as written."""
    mapping = opened.mapping
    category, summary = mapping.column("category"), mapping.column("summary")
    if not category or not summary:
        return mapping
    values = first_values(opened, {category, summary}, SAMPLE)
    codes = [cell_text(cell) for cell in values.get(category, [])]
    named = [cell_text(cell) for cell in values.get(summary, [])]
    if len(codes) < 3 or sum(bool(_CODE.fullmatch(code)) for code in codes) * 4 < len(codes) * 3:
        return mapping
    if sum(" " in name or not name.isupper() for name in named) * 2 < len(named):
        return mapping  # (words, not other codes)

    def matched(texts: list[str]) -> float:
        return sum(propose_value(text, words) is not None for text in texts) / max(len(texts), 1)

    if matched(named) < matched(codes) + 0.25:
        return mapping
    return replace(mapping, columns={**{name: header for name, header in mapping.columns.items()
                                        if name != "summary"}, "category": summary})
