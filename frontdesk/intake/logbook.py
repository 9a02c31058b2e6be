"""A logbook opened for import: its header row and columns, the mapping to use (a saved one, or one
proposed from its headers), and the words of its value columns matched to the station's categories,
channels, statuses and dispositions."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlmodel import Session, select

from db.models import Category
from frontdesk.i18n import catalogue
from frontdesk.intake.cells import cell_text
from frontdesk.intake.date_parts import find_composed, local_marked_utc, with_parts
from frontdesk.intake.day_order import date_columns, with_day_order
from frontdesk.intake.proposal import (checked_proposal, coded_category, headline_category, matched_category,
                                       read_values, type_summary)
from frontdesk.intake.han_forms import simplified
from frontdesk.intake.header_rows import resolved_columns
from frontdesk.intake.logbook_file import LogbookFile, data_rows, first_values
from frontdesk.intake.header_words import (CATEGORY_WORDS, CHANNEL_WORDS, DISPOSITION_WORDS, NEGATIONS,
                                           NEGATIONS_EN, NOT_REACHED, REAL_CALL_WORDS, STATUS_WORDS)
from frontdesk.intake.mapping import MAX_VALUES, REQUIRED, Mapping, fold, propose_columns, propose_value
from frontdesk.intake.transport import transport_matter
from frontdesk.intake.workbook_sheets import sheets_read
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
    #: Fields a saved mapping names a column for that the file does not have: field -> the column as written.
    absent: dict[str, str] = field(default_factory=dict)
    #: Where each sheet's header is, when a workbook's sheets are read (title -> row).
    sheet_headers: dict[str, int] = field(default_factory=dict)
    #: The day order is settled: by the mapping, or by a date in the file that reads one way only. When not,
    #: every date that reads two ways is read in one order still (the preview says it is a guess).
    dates_settled: bool = False
    #: The column's dates show both orders (a register typed by several hands: 9/3/2023 beside 23/9/2023) and the
    #: mapping says neither: a date that reads two ways takes the reading nearest the row before it.
    dates_mixed: bool = False
    #: The date columns (received, closed) the day order was worked out for: another, chosen later, has it
    #: worked out again (`settle_day_order`).
    dates_read: tuple = ()
    #: The order, where no date settles it, is the one that keeps the rows in date order (the preview says so).
    dates_in_sequence: bool = False
    #: A file with no header row: its first record's cells (its columns are named A, B, C …).
    no_header: tuple[str, ...] = ()
    #: Time columns -> how each writes a time in digits alone: hours, HHMM or HHMMSS (received.hhmm_column).
    time_columns: dict[str, str] = field(default_factory=dict)
    #: Dates and times the file writes over several columns, each read as a column of its own (named last in
    #: `headers`, its cells after the file's in each data row: frontdesk.intake.date_parts).
    composed: tuple = ()
    #: The hour column that showed the received times marked UTC to be local ones (date_parts.local_marked_utc).
    local_hours: str = ""

    @property
    def file_headers(self) -> list[str]:
        """The file's own columns (without those `composed` adds)."""
        return self.headers[:len(self.headers) - len(self.composed)]

    @property
    def index(self) -> dict[str, int]:
        return {name: position for position, name in enumerate(self.headers) if name}


def station_categories(session: Session) -> list[StationCategory]:
    rows = session.exec(select(Category).where(Category.active).order_by(Category.sort, Category.code)).all()
    return [StationCategory(c.code, c.name_zh, c.name_en, c.police) for c in rows]


#: What a browser or a file manager adds to a name it already has: report (1).csv, report - Copy.csv, 登记表 - 副本.
_COPY_MARK = re.compile(r"(?i)(?:\s+\(\d{1,3}\)|\s+-\s+(?:copy|副本)(?:\s+\(\d{1,3}\))?|\s+copy|\s*-\s*副本|副本)$")


def _source_name(path: Path) -> str:
    """The file's name as its source keys know it: the same download saved again under a copy's name, or
    rejects written back, is the same source."""
    stem = path.stem
    while (bare := _COPY_MARK.sub("", stem)) != stem and bare:
        stem = bare
    stem = fold(stem)
    stem = re.sub(r"-?\d{8}-?\d{6}rejects$", "", stem)
    return stem.removesuffix("rejects") or stem


def open_logbook(path: str | Path, categories: list[StationCategory], mapping: Mapping | None = None) -> Opened:
    """Open a logbook, find its header row, and take `mapping` or propose one from its headers."""
    logbook = LogbookFile(path, mapping.sheets if mapping else ())
    header, sheet_headers = sheets_read(logbook, mapping)
    headers = header.names
    opened = Opened(logbook, header.number, list(headers), mapping or Mapping(), categories,
                    _source_name(logbook.path), sheet_headers=sheet_headers, no_header=header.first)
    logbook.check_saved()  # (every sheet read is known now)
    # A date over several columns (YEAR | MONTH | DAY): a column of its own, listed after the file's.
    opened.composed = find_composed(opened, headers, tuple(mapping.columns.values()) if mapping else ())
    opened.headers += [composed.name for composed in opened.composed]
    proposed = mapping is None
    if mapping is None:
        opened.mapping = Mapping(name=logbook.path.stem, columns=propose_columns(opened.headers))
    else:
        resolved = resolved_columns(mapping, opened.headers)
        opened.absent = {name: written for name, written in mapping.columns.items() if name not in resolved}
        opened.mapping = replace(mapping, columns=resolved)
    if proposed:
        opened.mapping = checked_proposal(opened)
        opened.mapping = with_parts(opened, headers)
        opened.mapping = coded_category(opened, category_words(categories))
        opened.mapping = matched_category(opened, category_words(categories))
        opened.mapping = headline_category(opened)
        opened.mapping = type_summary(opened)
        opened.mapping = read_values(opened, vocabulary_words("channel", CHANNELS, CHANNEL_WORDS))
        opened.mapping, opened.local_hours = local_marked_utc(opened)
        opened.mapping = _free_text_results(opened)
        opened.mapping = _statuses_read(opened)
    opened.mapping = with_day_order(opened)
    return opened


#: How many of a proposed disposition column's first values are looked at (a file keeps one kind of them).
RESULT_SAMPLE = 30
#: A disposition is a word or two (调解不成功, NO REPORT); a longer cell is a sentence about what was done.
_RESULT_MOST_CHARS, _RESULT_MOST_WORDS = 6, 3


def _sentence(value: str) -> bool:
    if value.isascii():
        return len(value.split()) > _RESULT_MOST_WORDS
    return len(value) > _RESULT_MOST_CHARS


def _free_text_results(opened: Opened) -> Mapping:
    """The proposal with a results column written as sentences (处警结果简要情况: "民警到场处置完毕") as the
    narrative, not the disposition: most of its first values are sentences, not disposition words."""
    mapping = opened.mapping
    header = mapping.column("disposition")
    position = opened.index.get(header or "")
    if position is None:
        return mapping
    words = status_words()
    values = [cell_text(cell) for cell in first_values(opened, {header}, RESULT_SAMPLE)[header]]
    sentences = sum(1 for value in values if _sentence(value) and propose_value(value, words) is None)
    if sentences * 2 <= len(values):
        return mapping
    columns = {name: column for name, column in mapping.columns.items() if name != "disposition"}
    columns.setdefault("narrative", header)
    return replace(mapping, columns=columns)


def _statuses_read(opened: Opened) -> Mapping:
    """The proposal without a status column none of whose first values is a status or an outcome (São Paulo's
    STATUS: Consumado or Tentado, an offence done or attempted): proposed, it would have every row refused."""
    mapping = opened.mapping
    header = mapping.column("status")
    if header not in opened.index:
        return mapping
    words = status_words()
    values = [value for cell in first_values(opened, {header}, RESULT_SAMPLE)[header]
              if fold(value := cell_text(cell)) not in NOT_RECORDED]
    if not values or any(propose_value(value, words) is not None for value in values):
        return mapping
    return replace(mapping, columns={name: header for name, header in mapping.columns.items() if name != "status"})


def settle_day_order(opened: Opened) -> Mapping:
    """The mapping with the day order worked out again where its date columns are not those it was for (the
    officer chose another received column)."""
    if opened.dates_read == date_columns(opened.mapping):
        return opened.mapping
    return with_day_order(opened)


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


#: Statuses a disposition cell may give (调解中: the matter is still under way, so the case is not closed).
STILL_OPEN = ("open", "in_progress")


def disposition_words() -> dict[str, tuple[str, ...]]:
    """Dispositions, and the statuses of a matter not finished (a disposition cell saying 调解中)."""
    return {**vocabulary_words("disposition", DISPOSITIONS, DISPOSITION_WORDS),
            **vocabulary_words("status", STILL_OPEN, STATUS_WORDS)}


def not_reached(value: str) -> bool:
    """Whether an outcome says it was not reached (调解不成, 终止调解, mediation failed)."""
    folded = fold(value).replace("未成年", "")
    return any(word in folded for word in NOT_REACHED)


def unnegated(value: str) -> str:
    """The value less each disposition's word written right after a negation, and the negation (REPORT WRITTEN (NO
    ARREST): REPORT WRITTEN; 已受案未移交: 已受案; 未受案, Not Filed: nothing): what was reached, to be matched."""
    text = simplified(unicodedata.normalize("NFKC", value).lower())
    words = {fold(word) for names in vocabulary_words("disposition", DISPOSITIONS, DISPOSITION_WORDS).values()
             for word in names}
    spans = []
    for word in (word for word in words if len(word) >= 2 and not word.isascii()):
        for found in re.finditer(re.escape(word), text):
            before = text[:found.start()].rstrip()
            if no := next((no for no in NEGATIONS if before.endswith(no)), ""):
                spans.append((len(before) - len(no), found.end()))
    latin = list(re.finditer(r"[0-9a-z]+", text))
    for at, no in enumerate(latin):
        spans += [(no.start(), latin[at + size].end()) for size in (1, 2, 3) if no.group() in NEGATIONS_EN
                  and at + size < len(latin) and "".join(w.group() for w in latin[at + 1:at + 1 + size]) in words]
    if not spans:
        return value
    return "".join(char for at, char in enumerate(text) if not any(start <= at < end for start, end in spans))


def propose_values(opened: Opened, *, scan: bool = True, transport: str | None = None) -> Mapping:
    """The mapping with the file's categories, channels, statuses and dispositions matched where obvious. A
    transport authority's matter (交通运输, 出租车) is no Traffic: `transport`'s category (a hotline's hand-off to the
    transport body), else left unmapped."""
    mapping = opened.mapping
    proposals = {
        "categories": ("category", category_words(opened.categories)),
        "channels": ("channel", vocabulary_words("channel", CHANNELS, CHANNEL_WORDS)),
        "statuses": ("status", status_words()),
        "dispositions": ("disposition", disposition_words()),
    }
    closed = {fold(word) for word in (*status_words()["closed"], *REAL_CALL_WORDS)}  # (the word whole: 未完成 is not)
    changes = {}
    for attribute, (field_name, words) in proposals.items():
        header = mapping.column(field_name)
        known = dict(getattr(mapping, attribute))
        if header and scan:
            for value in distinct_values(opened, header):
                if attribute in ("statuses", "dispositions") and fold(value) in NOT_RECORDED:
                    continue  # NA: read as an empty cell, nothing to map
                if value not in known:
                    outcome = attribute in ("statuses", "dispositions")
                    proposed = None if outcome and not_reached(value) \
                        else propose_value(unnegated(value) if outcome else value, words)
                    if not proposed and attribute == "statuses" and not not_reached(value):
                        proposed = closed_with(value)  # Closed By Arrest (closed, an arrest), Closed No Arrest
                    if not proposed and attribute == "dispositions" and fold(value) in closed:
                        proposed = mapping.default_disposition  # Closed alone (UCPD's), 实警: as a row with none
                    if attribute == "categories" and proposed in (None, "traffic") and transport_matter(value):
                        proposed = transport
                    known[value] = proposed or _unknown(attribute, value, mapping)
        changes[attribute] = known
    return replace(mapping, **changes)


#: A status's words that say the matter is closed, whatever follows: Indiana University's Closed By Arrest and
#: Closed No Arrest (its CLOSED is a status word itself), Closed - Unfounded; 结案（移交）.
CLOSED_STATUS_WORDS = ("closed", "cleared", "close", "closure")
CLOSED_STATUS_STARTS = ("已结案", "结案", "已办结", "办结", "已结")
#: Words that make the outcome after them none (Closed No Arrest: closed, without the arrest).
_NOT_DONE = ("no", "not", "non", "without", "未", "无", "不", "没有")


def closed_with(value: str) -> str | None:
    """A status whose words say closed beside others (Closed By Arrest): closed with the disposition the rest
    names, where it names one and not as not done (Closed No Arrest), else closed (the mapping's default
    disposition); None for a value that does not say closed, or whose rest says the matter is still under way."""
    words = [word for word in re.split(r"[^0-9a-z]+", value.lower()) if word]
    folded = fold(value)
    if any(word in CLOSED_STATUS_WORDS for word in words):
        rest = " ".join(word for word in words if word not in CLOSED_STATUS_WORDS)
        not_done = rest.split()[:1] and rest.split()[0] in _NOT_DONE
    elif prefix := next((word for word in CLOSED_STATUS_STARTS if folded.startswith(word)), None):
        rest = folded[len(prefix):]
        not_done = rest.startswith(_NOT_DONE)
    else:
        return None
    if rest and propose_value(rest, vocabulary_words("status", STILL_OPEN, STATUS_WORDS)):
        return None  # (Closed Pending Review: not closed yet)
    if not rest or not_done:
        return "closed"
    return propose_value(rest, vocabulary_words("disposition", DISPOSITIONS, DISPOSITION_WORDS)) or "closed"


#: What exports write for "not recorded" (NYC 311's channel "UNKNOWN", 不详).
NOT_RECORDED = frozenset({"unknown", "unspecified", "notknown", "na", "none", "未知", "不详", "不明", "未填",
                          "statusupdateunavailable"})  # (police.uk's outcome of a crime it has no word of)


def _unknown(attribute: str, value: str, mapping: Mapping) -> str:
    """A channel the file says it does not know is not worth a rejected case: the mapping's default
    channel (shown in the preview, where the officer may change it). Any other unknown word: rejected."""
    if attribute == "channels" and fold(value) in NOT_RECORDED:
        return mapping.default_channel
    return ""


def missing_columns(mapping: Mapping) -> list[str]:
    """Required fields the mapping does not name a column for."""
    return [name for name in REQUIRED if not mapping.column(name) and not mapping.has_default(name)]
