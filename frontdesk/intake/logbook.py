"""A logbook opened for import: its header row and columns, the mapping to use (a saved one, or one
proposed from its headers), and the words of its value columns matched to the station's categories,
channels, statuses and dispositions."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

from sqlmodel import Session, select

from db.models import Category
from frontdesk.i18n import DeskError, catalogue
from frontdesk.intake.cells import cell_text
from frontdesk.intake.logbook_file import LogbookFile, SourceRow, find_header, header_names, is_blank
from frontdesk.intake.mapping import (
    CATEGORY_WORDS, CHANNEL_WORDS, DISPOSITION_WORDS, MAX_VALUES, REQUIRED, STATUS_WORDS, Mapping, fold,
    propose_columns, propose_value,
)
from frontdesk.vocab import CHANNELS, DISPOSITIONS

#: Statuses a logbook row may carry in; a hand-off needs its own record, so 已分流 closes as "handed off".
IMPORT_STATUSES = ("open", "in_progress", "closed")


@dataclass(frozen=True)
class StationCategory:
    code: str
    name_zh: str
    name_en: str
    police: bool


@dataclass
class Opened:
    """A logbook opened for import: where its header is, its columns, and the mapping to use."""

    file: LogbookFile
    header_row: int
    headers: list[str]
    mapping: Mapping
    categories: list[StationCategory]
    #: The logbook's identity in source keys: its file name, less the "-rejects" a rejects file adds.
    source: str

    @property
    def index(self) -> dict[str, int]:
        return {name: position for position, name in enumerate(self.headers) if name}


def station_categories(session: Session) -> list[StationCategory]:
    rows = session.exec(select(Category).where(Category.active).order_by(Category.sort, Category.code)).all()
    return [StationCategory(c.code, c.name_zh, c.name_en, c.police) for c in rows]


def _source_name(path: Path) -> str:
    stem = fold(path.stem)
    stem = re.sub(r"-?\d{8}-?\d{6}rejects$", "", stem)
    return stem.removesuffix("rejects") or stem


def open_logbook(path: str | Path, categories: list[StationCategory], mapping: Mapping | None = None) -> Opened:
    """Open a logbook, find its header row, and take `mapping` or propose one from its headers."""
    logbook = LogbookFile(path)
    rows = logbook.rows()
    try:
        header = find_header(rows, mapping)
    finally:
        rows.close()
    headers = header_names(header)
    if not any(headers):
        raise DeskError("import.empty_file")
    if mapping is None:
        mapping = Mapping(name=logbook.path.stem, columns=propose_columns(headers))
    else:
        present = set(headers)
        mapping = replace(mapping, columns={k: v for k, v in mapping.columns.items() if v in present})
    return Opened(logbook, header.number, headers, mapping, categories, _source_name(logbook.path))


def data_rows(opened: Opened, progress: Callable[[float], None] | None = None) -> Iterator[SourceRow]:
    """The rows after the header, blank ones left out, one at a time."""
    for row in opened.file.rows(progress):
        if row.number > opened.header_row and not is_blank(row):
            yield row


def distinct_values(opened: Opened, header: str) -> list[str]:
    """The different words in one column (at most MAX_VALUES), most frequent first: one pass over the file."""
    position = opened.index.get(header)
    if position is None:
        return []
    seen: Counter = Counter()
    for row in data_rows(opened):
        value = cell_text(row.cells[position]) if position < len(row.cells) else ""
        if value and (value in seen or len(seen) < MAX_VALUES):
            seen[value] += 1
    return [value for value, _count in seen.most_common()]


def category_words(categories: list[StationCategory]) -> dict[str, tuple[str, ...]]:
    return {c.code: (c.name_zh, c.name_en, *CATEGORY_WORDS.get(c.code, ())) for c in categories}


def vocabulary_words(kind: str, codes, extra: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """code -> its names in both languages first, then the code and the words logbooks use for it."""
    return {code: (*(catalogue().get(f"{kind}.{code}") or {}).values(), code, *extra.get(code, ()))
            for code in codes}


def status_words() -> dict[str, tuple[str, ...]]:
    """Statuses, and dispositions (a status cell saying 调解 means: closed, mediated)."""
    return {**vocabulary_words("status", IMPORT_STATUSES, STATUS_WORDS),
            **vocabulary_words("disposition", DISPOSITIONS, DISPOSITION_WORDS)}


def propose_values(opened: Opened, *, scan: bool = True) -> Mapping:
    """The mapping with the file's categories, channels, statuses and dispositions matched where obvious."""
    mapping = opened.mapping
    proposals = {
        "categories": ("category", category_words(opened.categories)),
        "channels": ("channel", vocabulary_words("channel", CHANNELS, CHANNEL_WORDS)),
        "statuses": ("status", status_words()),
        "dispositions": ("disposition", vocabulary_words("disposition", DISPOSITIONS, DISPOSITION_WORDS)),
    }
    changes = {}
    for attribute, (field_name, words) in proposals.items():
        header = mapping.column(field_name)
        known = dict(getattr(mapping, attribute))
        if header and scan:
            for value in distinct_values(opened, header):
                if value not in known:
                    known[value] = propose_value(value, words) or ""
        changes[attribute] = known
    return replace(mapping, **changes)


def missing_columns(mapping: Mapping) -> list[str]:
    """Required fields the mapping does not name a column for."""
    return [name for name in REQUIRED if not mapping.column(name)]
