"""One logbook row read and checked as the case form checks a case: a case draft, or the problems (in
the officer's language) that stop it, and the source key that makes importing the row again add nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import datetime, time
from zoneinfo import ZoneInfo

from frontdesk.callers.people import PersonInput, check_person_input
from frontdesk.cases.recording import PLACE_MAX, SUMMARY_MAX, CaseDraft
from frontdesk.i18n import DeskError, Phrase, language, sentences, t
from frontdesk.intake.cells import BadValue, cell_text
from frontdesk.intake.logbook import (NOT_RECORDED, STILL_OPEN, Opened, category_words, disposition_words,
                                      status_words, vocabulary_words)
from frontdesk.intake.logbook_file import SourceRow, row_text
from frontdesk.intake.masking import masked
from frontdesk.intake.header_words import CHANNEL_WORDS
from frontdesk.intake.mapping import REQUIRED, SOURCE_KEY_HEADER, fold
from frontdesk.intake.received import Received, read_closed
from frontdesk.intake.record_keys import KEY, digest, number_keys
from frontdesk.intake.reporter_text import masked_id, masked_phone, reporter_line
from frontdesk.validation import mask_phone, mobile_is_valid, normalize_phone
from frontdesk.vocab import CHANNELS, DISPOSITIONS

#: What a register writes where it has no number: the cell is empty, not a bad phone or ID number.
_NO_VALUE = frozenset(fold(word) for word in (
    "无", "没有", "暂无", "未留", "未提供", "不详", "不明", "拒绝提供", "拒绝透露", "不愿提供", "不愿透露", "无电话", "无号码",
    "none", "n/a", "na", "unknown", "-", "—", "/", "\\"))
#: A reporter the register does not name (110 internet alarms, callers who would not say).
_NO_NAME = frozenset(fold(word) for word in (
    "匿名", "匿名报警", "匿名人", "无名氏", "不详", "未留名", "未留姓名", "不愿透露", "拒绝透露", "anonymous", "unknown"))
#: A logbook names the same callers again and again: each way of writing a phone is parsed once.
_parsed = lru_cache(maxsize=8192)(normalize_phone)
#: A mainland mobile as logbooks write it: 13812345678, 138 1234 5678, +86 138-1234-5678.
_MOBILE = re.compile(r"(?:\+86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})")


def _e164(text: str) -> str:
    """`normalize_phone(text)`: a mainland mobile is checked against the phone library's numbering plan
    without its parse (most of a logbook's phones; a number it refuses is parsed for the reason)."""
    mobile = _MOBILE.fullmatch(text)
    if mobile is not None:
        digits = "".join(mobile.groups())
        if not digits.startswith("179") and mobile_is_valid(digits):  # 179xx: a carrier prefix, parsed
            return "+86" + digits
    return _parsed(text)


@dataclass(frozen=True)
class ParsedRow:
    """One logbook row made ready for the desk, or the problems that stop it."""

    number: int
    cells: tuple[object, ...]
    source_key: str
    draft: CaseDraft | None
    status: str
    disposition: str | None
    problems: tuple[DeskError, ...]
    beyond_header: bool = False  # (SourceRow.beyond)
    #: As shown in the preview: the time read, category code, reporter, masked phone, summary.
    received_at: datetime | None = None
    category: str = ""
    reporter: str = ""
    phone: str = ""
    summary: str = ""
    closed_by_default: bool = False
    #: The row's phone and ID number as written: masked where its problems are shown in a list.
    private: tuple[str, ...] = ()
    #: The case is imported with no person linked: the row names no reporter (a dispatch log), or names one
    #: with no full phone and no full ID number (masked, or none), kept as text (`reporter_text`).
    anonymous: bool = False
    #: The reporter's phone as the desk writes it (E.164), read once.
    e164: str | None = None
    #: When a closed case was closed, if the file says (else: when it was received).
    closed_at: datetime | None = None
    #: The row's closed time could not be read (a Y flag, 五月三日): closed at its received time, and said.
    closed_unread: bool = False
    #: A service request: the hand-off's columns (body_id, their_ref, status, handed_at, done_at, …).
    handoff: dict | None = None
    #: The key an earlier version gave a record number that names its record (its file's name and the number):
    #: rows imported under it are found, not imported again.
    legacy_key: str | None = None
    #: The workbook's sheet the row is on, when several are read.
    sheet: str = ""
    #: How its date was taken where the cell alone does not say (received.Received.how).
    reading: str = ""

    @property
    def where(self) -> str:
        return row_text(self.number, self.sheet)
    #: The reporter as the file wrote them, at the head of the case's narrative: one with no full phone and
    #: no full ID number, or a masked number beside a full one (frontdesk.intake.reporter_text).
    reporter_text: str = ""

    @property
    def kept_as_text(self) -> bool:
        """The reporter is kept as text only: named (or numbered) in the file, with no person record."""
        return self.anonymous and bool(self.reporter_text)

    @property
    def masked_problems(self) -> str:
        return masked(sentences(problem.message for problem in self.problems), self.private)


@dataclass(frozen=True)
class _Reporter:
    """A row's reporter as read: the person for the draft, and what the row says of them."""

    person: PersonInput
    anonymous: bool
    name: str
    #: The phone and ID number as written (the first phone of several), for the source key and masking.
    phone: str
    rid: str
    #: The phone the preview shows: masked if full, else as written (a masked ID if that is all there is).
    shown: str
    e164: str | None = None
    text: str = ""


def _cell(row: SourceRow, index: dict[str, int], header: str | None) -> object:
    if not header or header not in index:
        return None
    position = index[header]
    return row.cells[position] if position < len(row.cells) else None


def _code_for(value: str, mapped: dict[str, str], words: dict[str, tuple[str, ...]]) -> str | None:
    """The code for a word: the mapping first (as written, then folded), then an exact name. "" = refuse."""
    if value in mapped:
        return mapped[value]
    folded = fold(value)
    for word, code in mapped.items():
        if fold(word) == folded:
            return code
    for code, names in words.items():
        if folded == fold(code) or any(folded == fold(name) for name in names[:2]):
            return code
    return None


#: What Excel shows in place of a value it could not work out: a cell typed as --DISTURBANCE became =-DIST….
_EXCEL_ERRORS = frozenset({"#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!"})


def _split_summary(summary: str, narrative: str) -> tuple[str, str]:
    """A summary that fits its field, on one line as the desk's summary is (a complaint's lines joined, as a
    paste's are); longer text is kept whole, its lines as written, in the narrative."""
    if not summary:
        first = next((line.strip() for line in narrative.splitlines() if line.strip()), "")
        summary = first
    whole = summary
    summary = " ".join(line.strip() for line in summary.splitlines() if line.strip())
    if len(summary) > SUMMARY_MAX:
        summary = summary[:SUMMARY_MAX - 1].rstrip() + "…"
        if whole not in narrative:
            narrative = f"{whole}\n\n{narrative}".strip()
    return summary, narrative


#: The content keys a reader counts at most (about 10 MB): then it starts counting again.
SEEN_MOST = 100_000


class RowReader:
    """Turns the logbook's rows into case drafts, with the mapping's words and the desk's time zone."""

    def __init__(self, opened: Opened, *, zone: ZoneInfo, now: datetime):
        self.opened, self.zone, self.now = opened, zone, now
        self.mapping = opened.mapping
        self.index = opened.index
        self.police = {c.code: c.police for c in opened.categories}
        self.category_names = {c.code: (c.name_zh if language() == "zh" else c.name_en) or c.name_zh or c.name_en
                               for c in opened.categories}
        self.category_words = category_words(opened.categories)
        self.channel_words = vocabulary_words("channel", CHANNELS, CHANNEL_WORDS)
        self.status_words = status_words()
        self.disposition_words = disposition_words()
        self.source_zone = ZoneInfo(self.mapping.time_zone) if self.mapping.time_zone else zone
        self.received = Received(self, (opened.file.path.stem, opened.file.sheet))
        self._seen: dict[int, int] = {}  # the hash of each content key read -> the rows read with it
        #: The hash of each content key read -> the hash of its first row's cells; of the keys read with other cells,
        #: the hash of each other set -> its number (2, 3 …).
        self._first: dict[int, int] = {}
        self._more: dict[int, dict[int, int]] = {}
        self._counted, self._wrapped = 0, False  # (the entries of all three: SEEN_MOST at most)

    def text(self, row: SourceRow, name: str) -> str:
        return cell_text(_cell(row, self.index, self.mapping.column(name)))

    def cell(self, row: SourceRow, header: str) -> object:
        """The row's cell under `header` (None if the file has no such column)."""
        return _cell(row, self.index, header or None)

    def read(self, row: SourceRow) -> ParsedRow:
        problems: list[DeskError] = [DeskError("import.row_cut")] if row.cut else []
        m = self.mapping
        for name in REQUIRED:
            if (not m.column(name) or not self.text(row, name)) and not m.has_default(name):
                problems.append(DeskError("import.missing", field=Phrase(f"import.field.{name}")))
        received = self.received.read(row, problems)
        category = self._category(row, problems)
        channel = self._vocab(row, "channel", m.channels, self.channel_words, "import.unknown_channel",
                              problems) or m.default_channel
        status, disposition, by_default = self._status(row, problems)
        closed_at, closed_unread = None, False  # (a hotline's request: its closed time is the hand-off's)
        if status == "closed" and m.service_requests is None:
            try:
                closed_at = read_closed(self, row, m.column("closed_at") or "", received, problems,
                                        before="import.closed_before_received")
            except BadValue:  # closed at its received time, as with no closed column: the import says how many
                closed_unread = True
        summary, narrative = _split_summary(self.text(row, "summary"), self.text(row, "narrative"))
        if not summary:  # (the preview shows it: a register's 简要案情 left blank, Carrollton's empty narrative)
            # A row that gives a type and no words of its own (most calls-for-service and 311 files, a blank
            # summary cell): its summary is that type as the file writes it (Loose Dog, Street Light Issue).
            summary = _split_summary(self.text(row, "category"), "")[0]
        if not summary and category and not m.column("summary") and not m.column("category"):
            # A file with no type either (Barcelona's accidents, imported with a default category): the
            # category's name as the station's list gives it in the desk's language. (A blank row of a file that
            # has those columns is refused, its summary named as missing.)
            summary = self.category_names.get(category, "")
        if not summary and not any(p.key == "import.missing" for p in problems):
            problems.append(DeskError("import.missing", field=Phrase("import.field.summary")))
        place = " ".join(self.text(row, "place").split())  # (Los Angeles pads its: 800    CHESTNUT      AV)
        if len(place) > PLACE_MAX:
            problems.append(DeskError("form.too_long", field=Phrase("field.place"), most=PLACE_MAX))
        reporter = self._reporter(row, problems)
        draft = None
        if not problems:
            # The logbook's own number for the record (a CAD or report number the officer may be asked for) and the
            # reporter as written, at the head of the narrative. (A hotline's request keeps its number likewise.)
            number = cell_text(self.cell(row, m.column("record_no") or "")) if m.service_requests is None else ""
            kept = (t("import.record_number", number=number) if number else "", reporter.text, narrative)
            narrative = "\n".join(part for part in kept if part)
            draft = CaseDraft(reporter=reporter.person, channel=channel, received_at=received, category=category,
                              police=self.police.get(category, True), place=place, summary=summary,
                              narrative=narrative)
        numbered, legacy = self._number_keys(row)
        return ParsedRow(
            number=row.number, cells=row.cells, beyond_header=row.beyond,
            source_key=self._key(row, received, reporter.phone, reporter.rid, numbered), legacy_key=legacy,
            sheet=row.sheet, reading=self.received.how,
            draft=draft, status=status, disposition=disposition, problems=tuple(problems), received_at=received,
            category=category or self.text(row, "category"), reporter=reporter.name, phone=reporter.shown,
            summary=summary, closed_by_default=by_default, closed_at=closed_at, closed_unread=closed_unread,
            private=tuple(value for value in (reporter.phone, reporter.rid) if value),
            anonymous=reporter.anonymous, e164=reporter.e164, reporter_text=reporter.text,
        )

    def _reporter(self, row: SourceRow, problems: list[DeskError]) -> _Reporter:
        """Who reported, as the case form checks a reporter; one with no full phone and no full ID number
        (masked, or none) is kept as text, and a masked number beside a full one too (reporter_text)."""
        name = self.text(row, "reporter_name")
        phone_cell, id_cell = self.text(row, "reporter_phone"), self.text(row, "reporter_id")
        phone_text = re.split(r"[,，;；/、]", phone_cell)[0].strip()
        rid = id_cell.replace(" ", "").upper()
        # (Checked only where a number does not start as one, and a name only where no number is left.)
        if phone_text and not phone_text[0].isdecimal() and phone_text[0] != "+" and fold(phone_text) in _NO_VALUE:
            phone_text = ""
        if rid and not rid[0].isdecimal() and fold(rid) in _NO_VALUE:
            rid = ""
        if name and not phone_text and not rid and fold(name) in _NO_NAME:
            name = ""  # 匿名 with no number: a case without a reporter, not a person named 匿名
        # A masked number is never parsed: the phone library reads 555-***-1234 as +86 555 1234.
        hidden_phone, hidden_id = bool(phone_text) and masked_phone(phone_text), bool(rid) and masked_id(rid)
        e164, phone_error = None, None
        if phone_text and not hidden_phone:
            try:  # read once here (the batch uses it as read)
                e164 = _e164(phone_text)
            except DeskError as error:
                phone_error = error
        full_phone = "" if hidden_phone else phone_text
        full_rid = "" if hidden_id else rid
        shown = mask_phone(e164) if e164 else phone_text or (id_cell if hidden_id else "")
        written = dict(name=name, phone=phone_text, rid=rid, shown=shown)
        if not full_phone and not full_rid and (name or hidden_phone or hidden_id):
            # Nobody a person record could be matched by: the case is imported without one.
            text = reporter_line(name, phone_cell, id_cell)
            return _Reporter(person=PersonInput(), anonymous=True, text=text, **written)
        person = PersonInput(name=name, phone=full_phone, resident_id=full_rid)
        if not (name or full_phone or full_rid):
            return _Reporter(person=person, anonymous=True, **written)
        # The rest as the case form checks it.
        errors = check_person_input(replace(person, phone=""), "reporter")
        if phone_error is not None:
            errors = {**{k: v for k, v in errors.items() if k.endswith((".name", ".address"))},
                      "reporter.phone": phone_error, **errors}
        problems += [error for key, error in errors.items() if not key.endswith(".name") or name]
        if not name:
            problems.append(DeskError("import.missing", field=Phrase("import.field.reporter_name")))
        text = reporter_line(name, phone_cell if hidden_phone else "", id_cell if hidden_id else "") \
            if hidden_phone or hidden_id else ""
        return _Reporter(person=person, anonymous=False, text=text, e164=e164, **written)

    def _category(self, row: SourceRow, problems: list[DeskError]) -> str:
        value = self.text(row, "category")
        if not value:
            default = self.mapping.default_category
            if default and default not in self.police:  # (a mapping opened by the desk is checked before)
                problems.append(DeskError("import.unknown_category", value=default))
            return default if default in self.police else ""
        code = _code_for(value, self.mapping.categories, self.category_words)
        if not code or code not in self.police:
            problems.append(DeskError("import.excel_error" if value in _EXCEL_ERRORS else "import.unknown_category",
                                      value=value))
            return ""
        return code

    def _vocab(self, row: SourceRow, name: str, mapped: dict[str, str], words: dict[str, tuple[str, ...]],
               error_key: str, problems: list[DeskError]) -> str | None:
        value = self.text(row, name)
        if not value:
            return None
        code = _code_for(value, mapped, words)
        if (not code or code not in words) and name in ("status", "disposition") and fold(value) in NOT_RECORDED:
            return None  # NA, 不详 (Baltimore's Outcome, written by R): the file says nothing here
        if not code or code not in words:
            problems.append(DeskError(error_key, value=value))
            return None
        return code

    def _status(self, row: SourceRow, problems: list[DeskError]) -> tuple[str, str | None, bool]:
        """(status, disposition, closed by default). A row with no status was a finished matter:
        closed, with its disposition or else the mapping's default one. A status cell may name a
        disposition (调解, 已分流), which means closed that way."""
        m = self.mapping
        code = self._vocab(row, "status", m.statuses, self.status_words, "import.unknown_status", problems)
        disposition = self._vocab(row, "disposition", m.dispositions, self.disposition_words,
                                  "import.unknown_disposition", problems)
        if disposition in STILL_OPEN:  # 调解中: the matter is not finished, whatever the status says
            return (code if code in STILL_OPEN else disposition), None, False
        if code in DISPOSITIONS:
            code, disposition = "closed", disposition or code
        status = code or "closed"
        if status != "closed":
            return status, None, False
        if disposition:
            return status, disposition, False
        return status, m.default_disposition, not self._said(row, "status") and not self._said(row, "disposition")

    def _said(self, row: SourceRow, name: str) -> bool:
        """Whether the row's cell says something (not empty, not NA or 不详)."""
        value = self.text(row, name)
        return bool(value) and fold(value) not in NOT_RECORDED

    def _number_keys(self, row: SourceRow) -> tuple[str | None, str | None]:
        """The row's keys by its record number (record_keys.number_keys), from its cell as read (a number kept
        as a number, maybe rounded) and its sheet (a workbook's, read alone or with others)."""
        column = self.mapping.column("record_no") or ""
        cell = self.cell(row, column)
        return number_keys(cell_text(cell), row.sheet or self.opened.file.sheet, cell, column=column,
                           source=self.opened.source)

    def _key(self, row: SourceRow, received: datetime | None, phone: str, rid: str, numbered: str | None) -> str:
        carried = cell_text(_cell(row, self.index, SOURCE_KEY_HEADER if SOURCE_KEY_HEADER in self.index else None))
        if KEY.match(carried):
            return carried
        if numbered:
            return numbered
        key = digest(
            "content", received.isoformat() if received else self.text(row, "received_at"),
            *(fold(self.text(row, name)) for name in ("received_time", "category", "summary", "narrative", "place",
                                                      "reporter_name")),
            "".join(ch for ch in phone if ch.isdecimal()), rid)
        # A row the same as one before it in what the mapping reads, where it says when to the minute or who
        # reported, is the same record if it is alike in every cell (an entry made twice), else another (Berlin's
        # bicycle thefts: the same hour and offence, another bicycle and sum): each other set of cells is
        # numbered, so the file read again, sorted otherwise or saved with a column it does not read changed
        # keys its rows the same. With neither, it is another (two thefts of a day in one district, as a crime
        # file without times gives them): the n-th is keyed apart. The first is keyed as before.
        if self._counted >= SEEN_MOST:  # (then a row whose content key is not counted since is keyed by its cells
            self._seen.clear()          # too: it may be another of a key counted before, never to be lost as it)
            self._first.clear()
            self._more.clear()
            self._counted, self._wrapped = 0, True
        if self._wrapped and hash(key) not in self._first and hash(key) not in self._seen:
            key = digest("content", key, "cells", *(cell_text(cell) for cell in row.cells))
        if phone or rid or self.text(row, "reporter_name") or \
                received is not None and received.astimezone(self.source_zone).time() != time(0):
            cells, first = hash(row.cells), self._first.get(hash(key))
            if first is None:
                self._first[hash(key)] = cells
                self._counted += 1
            if first is None or first == cells:
                return key
            variants = self._more.setdefault(hash(key), {})
            if cells not in variants:
                variants[cells] = len(variants) + 2
                self._counted += 1
            return digest("content", key, "variant", str(variants[cells]))
        if hash(key) not in self._seen:
            self._counted += 1
        times = self._seen[hash(key)] = self._seen.get(hash(key), 0) + 1
        return key if times == 1 else digest("content", key, str(times))
