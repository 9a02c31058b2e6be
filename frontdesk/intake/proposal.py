"""A proposal made from a file's headers, checked against its first values: a column of numbers is never
proposed for a field of words (诉求内容情绪, a score, is no summary; nor is a column of coordinates a place),
and a date column whose cells carry their own time is not given another column's time."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import time
from itertools import islice

from frontdesk.intake.cells import BadValue, cell_text, read_when
from frontdesk.intake.logbook_file import SAMPLE_ROWS, data_rows, first_values
from frontdesk.intake.mapping import WORDS_ONLY, Mapping, fold, own_words, propose_columns, propose_value

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
    if wordy := _wordy_columns(opened):
        mapping = replace(mapping, columns={name: header for name, header in mapping.columns.items()
                                            if header not in wordy})
    if not mapping.column("record_no") and (number := _id_column(opened, mapping)):
        mapping = replace(mapping, columns={**mapping.columns, "record_no": number})
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


def _id_column(opened, mapping: Mapping) -> str | None:
    """A column named `id` that no field has, as the record's number where no column is named for one: a call
    log's (Milwaukee's 1211372, 1211378; St. Louis's P2007280856). Not where its first values repeat, number
    the file's rows (a portal's _id: 1, 2, 3 …), or are people's numbers (a register's ID: 11010519491231002X,
    masked or not)."""
    header = next((h for h in opened.headers if fold(h) == "id" and h not in mapping.columns.values()), None)
    if header is None:
        return None
    texts = [cell_text(cell).strip() for cell in first_values(opened, {header}, SAMPLE).get(header, [])]
    numbers = [int(text) for text in texts if text.isdecimal()]
    counted = len(numbers) == len(texts) and all(b - a == 1 for a, b in zip(numbers, numbers[1:]))
    personal = any(_PERSONS_NUMBER.fullmatch(text) or "*" in text for text in texts)
    return header if len(texts) >= 3 and len(set(texts)) == len(texts) and not counted and not personal else None


#: A resident ID number (18 characters, its last maybe X; 15 in the old form): a register's ID is a person's.
_PERSONS_NUMBER = re.compile(r"\d{17}[\dXx]|\d{15}")


#: The fields of a number (a phone, an ID number), and what a masked one keeps of it (138****5678, ***).
_DIGITS_ONLY = ("reporter_phone", "reporter_id")
_DIGIT_OR_MASK = re.compile(r"[\d*＊]")


def _wordy_columns(opened) -> frozenset[str]:
    """The columns the proposal gives a number's field none of whose first values holds a digit: a header that
    names a phone is no phone column when its cells are words (the NPA's accidents' 行動電話或電腦或其他相類功能
    裝置名稱, whether a party was using a phone: 未使用, 不明)."""
    fields = {header for name, header in opened.mapping.columns.items() if name in _DIGITS_ONLY}
    found = set()
    for header, cells in first_values(opened, fields, SAMPLE).items():
        texts = [text for cell in cells if (text := cell_text(cell).strip())]
        if len(texts) >= 3 and not any(_DIGIT_OR_MASK.search(text) for text in texts):
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
    Offense TFMV always beside Description "Theft From Motr Vehc"). The summary is then the type as written.
    A summary of sentences (a dispatcher's notes beside its codes, a register's 简要案情 beside A1, B2) is no
    name of the code: each code must go with one text, and the texts be few."""
    mapping = opened.mapping
    category, summary = mapping.column("category"), mapping.column("summary")
    if not category or not summary or category not in opened.index or summary not in opened.index:
        return mapping
    pairs = _pairs(opened, opened.index[category], opened.index[summary])
    codes = [code for code, _name in pairs]
    named = [name for _code, name in pairs]
    if len(codes) < 3 or sum(bool(_CODE.fullmatch(code)) for code in codes) * 4 < len(codes) * 3:
        return mapping
    if sum(" " in name or not name.isupper() for name in named) * 2 < len(named):
        return mapping  # (words, not other codes)
    by_code: dict[str, Counter] = {}
    for code, name in pairs:
        by_code.setdefault(code, Counter())[name] += 1
    usual = sum(counter.most_common(1)[0][1] for counter in by_code.values())  # (rows whose code has its text)
    if len(set(named)) > 2 * len(by_code) + 2 or usual < 0.9 * len(pairs):
        return mapping

    def matched(texts: list[str]) -> float:
        return sum(propose_value(text, words) is not None for text in texts) / max(len(texts), 1)

    if matched(named) < matched(codes) + 0.25:
        return mapping
    return replace(mapping, columns={**{name: header for name, header in mapping.columns.items()
                                        if name != "summary"}, "category": summary})


def _pairs(opened, first: int, second: int) -> list[tuple[str, str]]:
    """The first rows' (cell, cell) of two columns, where both are filled."""
    pairs = []
    rows = data_rows(opened)
    try:
        for row in islice(rows, PAIR_ROWS):
            cells = row.cells
            one = cell_text(cells[first]) if first < len(cells) else ""
            two = cell_text(cells[second]) if second < len(cells) else ""
            if one and two:
                pairs.append((one, two))
    finally:
        rows.close()
    return pairs


#: The rows `coded_category` pairs a code column with its summary in.
PAIR_ROWS = 200


def matched_category(opened, words: dict[str, tuple[str, ...]]) -> Mapping:
    """The proposal with, of the columns whose headers name a category, the one whose first values the station's
    categories match far more often (a 110 export's 警情细致类别, 盗窃 or 诈骗, over its 报警类别代码, 10 or 20, and
    its 警情粗略类别, 刑事 or 治安, which the headers' words rank first)."""
    mapping = opened.mapping
    proposed = mapping.column("category")
    if not proposed:
        return mapping
    taken = set(mapping.columns.values()) - {proposed}
    candidates = [header for header in opened.headers
                  if header and header not in taken and propose_columns([header]).get("category") == header]
    if len(candidates) < 2:
        return mapping
    values = first_values(opened, set(candidates), SAMPLE)

    def share(header: str) -> float:
        texts = [cell_text(cell) for cell in values.get(header, [])]
        return sum(propose_value(text, words) is not None for text in texts) / len(texts) if len(texts) >= 3 else 0.0

    best = max(candidates, key=share)
    if share(best) < 0.5 or share(best) < share(proposed) + 0.25:
        return mapping
    return replace(mapping, columns={**mapping.columns, "category": best})


#: Digits too few for any identity number (a birth date, 19671007; a row number): a masked one (3301****1234), a
#: placeholder (无) or a passport's letters and digits are not counted against the column.
_TOO_SHORT = re.compile(r"\d{1,8}")


#: Channel headers that may name something else (Changsha's 来源: the procedure); a 报警方式 or a channel column
#: of words no channel has is still the channel's, for the officer to map.
_VAGUE_CHANNELS = frozenset({"来源", "source", "origin", "方式", "callertype"})


def read_values(opened, channel_words: dict[str, tuple[str, ...]]) -> Mapping:
    """The proposal without a reporter's ID column whose first values are mostly digits too few for an identity
    number (Changsha's traffic police: 身份证明号码 holding birth dates had every row refused), nor a channel
    column none of whose words in the first rows is a channel (its 来源: 简易事故 or 一般事故, the kind of
    procedure)."""
    mapping = opened.mapping
    dropped = set()
    ids, channel = mapping.column("reporter_id"), mapping.column("channel")
    numbers = [cell_text(cell).replace(" ", "") for cell in first_values(opened, {ids}, SAMPLE).get(ids, [])] \
        if ids else []
    if len(numbers) >= 3 and sum(bool(_TOO_SHORT.fullmatch(number)) for number in numbers) * 2 > len(numbers):
        dropped.add("reporter_id")
    words = {cell_text(cell) for cell in first_values(opened, {channel}, SAMPLE_ROWS)[channel]} \
        if channel and fold(own_words(channel)) in _VAGUE_CHANNELS else set()
    if words and not any(propose_value(word, channel_words) for word in words):
        dropped.add("channel")
    if not dropped:
        return mapping
    return replace(mapping, columns={name: header for name, header in mapping.columns.items() if name not in dropped})


#: A category column whose first values are nearly all different is headlines, not a category (Leipzig's police
#: reports: crime = "Toyota gestohlen", "Einbruch in Kindertagesstätte", … 355 different in 400 rows).
HEADLINES_SAMPLE, HEADLINES_SHARE = 40, 0.8


def headline_category(opened) -> Mapping:
    """The proposal with a category column of headlines as the summary (where none is proposed), not the
    category: each row's words would have to be mapped one by one."""
    mapping = opened.mapping
    header = mapping.column("category")
    if not header:
        return mapping
    values = [cell_text(cell) for cell in first_values(opened, {header}, HEADLINES_SAMPLE).get(header, [])]
    if len(values) < HEADLINES_SAMPLE // 2 or len(set(values)) < HEADLINES_SHARE * len(values):
        return mapping
    columns = {name: column for name, column in mapping.columns.items() if name != "category"}
    columns.setdefault("summary", header)
    return replace(mapping, columns=columns)


def type_summary(opened) -> Mapping:
    """The proposal with a second column whose header names a category as the summary, where none is proposed
    and it names each row's matter more finely than the category does: Kansas City's 311 has its CATEGORY
    (Streets / Roadways / Alleys) beside its TYPE (Pothole), and with no summary column a case's summary was its
    category's words again, the request's own type lost. Of several, the one the category's words rank first (TYPE
    before REQUEST TYPE). Not a coarser column (a parent type: Breaking & Entering beside BURGLARY 1ST DEGREE;
    Dallas's PART1 or PART2; Brisbane's nature, Animal, on every row), one of numbers, one saying what the category
    says, nor the one the headers' words made the category that a look at its values gave up (Minneapolis's
    Offense codes, TFMV, beside their Description, now the category)."""
    from frontdesk.intake.header_words import HEADER_WORDS

    mapping = opened.mapping
    category = mapping.column("category")
    if mapping.column("summary") or not category or category not in opened.index:
        return mapping
    taken = {*mapping.columns.values(), propose_columns(opened.headers).get("category")}
    ranks = {word: rank for rank, word in enumerate(HEADER_WORDS["category"])}
    # (a header that is one of the words: not one that holds one, 道路類別-第1當事者-名稱, a road's kind)
    spare = [header for header in opened.headers if header and header not in taken and fold(own_words(header)) in ranks]
    for header in sorted(spare, key=lambda header: ranks[fold(own_words(header))]):
        if _finer(_pairs(opened, opened.index[header], opened.index[category])):
            return replace(mapping, columns={**mapping.columns, "summary": header})
    return mapping


def _finer(pairs: list[tuple[str, str]]) -> bool:
    """Whether the first of each pair (a type) names the matter at least as finely as the second (its category):
    words, not numbers, not the category's words again, each type under one category (nearly always), and as
    many types as categories or more."""
    if not pairs or sum(bool(_NO_WORDS["summary"].fullmatch(kind)) for kind, _category in pairs) * 2 >= len(pairs):
        return False
    if all(kind == category for kind, category in pairs):
        return False
    under: dict[str, Counter] = {}
    for kind, category in pairs:
        under.setdefault(kind, Counter())[category] += 1
    usual = sum(counter.most_common(1)[0][1] for counter in under.values())
    return usual >= 0.95 * len(pairs) and len(under) >= len({category for _kind, category in pairs})
