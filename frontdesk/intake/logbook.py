"""Importing a station's old logbooks (paper books typed into spreadsheets) as cases.

The file is read row by row (frontdesk.import_mapping) and never held whole.
Each row is checked as the case form checks a case, then recorded through the
same services: the site's case numbers, the reporter found by ID number or by
phone and name (else created, as the form does), every record through
`records.save`. Rows are committed in batches; a row that cannot be imported
is written, with its row number and the reason in the officer's language, to a
rejects CSV beside the import report, and the import goes on. Each case keeps
a source key (its logbook and record number, or its content), so importing the
same file again, on any desk of the station, adds nothing. The import itself is
one audit event with its counts.
"""

from __future__ import annotations

import csv
import hashlib
import re
import time as timer
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from db.engine import read_session, write_session
from db.models import Case, CaseParty, Category, Person, PersonPhone
from db.search_index import normalize_name
from frontdesk.access.roles import require
from frontdesk.cases.recording import PLACE_MAX, SUMMARY_MAX, CaseDraft, case_number, check_draft
from frontdesk.errors import officer_words
from frontdesk.i18n import DeskError, Phrase, catalogue, t
from frontdesk.intake.mapping import (
    CATEGORY_WORDS, CHANNEL_WORDS, DISPOSITION_WORDS, FIELDS, MAX_VALUES, REQUIRED, SOURCE_KEY_HEADER,
    STATUS_WORDS, BadValue, LogbookFile, Mapping, SourceRow, cell_text, find_header, fold, header_names, is_blank,
    parse_time_of_day, parse_when, propose_columns, propose_value,
)
from frontdesk.callers.people import FieldErrors, PersonInput, check_person_input, take_person
from frontdesk.records import Actor, audit, save
from frontdesk.validation import check_resident_id, mask_phone, normalize_phone
from frontdesk.vocab import CHANNELS, DISPOSITIONS, label

#: Rows per transaction: small enough that another desk is never kept waiting long.
BATCH_ROWS = 500
PREVIEW_ROWS = 20
#: Rejected rows kept in memory for the screen (all of them go to the rejects CSV).
REJECTS_SHOWN = 200
#: Statuses a logbook row may carry in; a hand-off needs its own record, so 已分流 closes as "handed off".
IMPORT_STATUSES = ("open", "in_progress", "closed")
_KEY = re.compile(r"^[0-9a-f]{40}$")


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
    #: As shown in the preview: the time read, category code, reporter, masked phone, summary.
    received_at: datetime | None = None
    category: str = ""
    reporter: str = ""
    phone: str = ""
    summary: str = ""
    closed_by_default: bool = False
    #: The row's phone and ID number as written: masked where its problems are shown in a list.
    private: tuple[str, ...] = ()
    #: The row names no reporter (a dispatch log): the case is imported without one.
    anonymous: bool = False

    @property
    def masked_problems(self) -> str:
        return masked("; ".join(problem.message for problem in self.problems), self.private)


def masked(text: str, values: tuple[str, ...]) -> str:
    """`text` with each of `values` (a phone, an ID number) shown as the lists show them: 138****5678."""
    for value in values:
        places = [i for i, ch in enumerate(value) if ch.isdigit() or ch in "Xx"]
        if value and len(places) >= 8:
            hide = set(places[3:-4])
            text = text.replace(value, "".join("*" if i in hide else ch for i, ch in enumerate(value)))
    return text


@dataclass(frozen=True)
class Reject:
    number: int
    problems: tuple[DeskError, ...]
    private: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        return "; ".join(problem.message for problem in self.problems)

    @property
    def masked_reason(self) -> str:
        return masked(self.reason, self.private)

    @property
    def kind(self) -> str:
        return problem_kind(self.problems[0]) if self.problems else "other"


@dataclass
class ImportResult:
    path: Path
    read: int = 0
    imported: int = 0
    skipped: int = 0
    rejected: int = 0
    stopped: bool = False
    seconds: float = 0.0
    kinds: Counter = field(default_factory=Counter)
    rejects: list[Reject] = field(default_factory=list)
    report_path: Path | None = None
    rejects_path: Path | None = None


@dataclass(frozen=True)
class Progress:
    fraction: float
    read: int
    imported: int
    skipped: int
    rejected: int


def problem_kind(error: DeskError) -> str:
    """The short kind a reject is counted under in the report (bad date, bad phone, …)."""
    key = error.key
    if key.startswith("phone."):
        return "bad_phone"
    if key.startswith("rid."):
        return "bad_id"
    return {
        "import.bad_date": "bad_date", "import.bad_time": "bad_date", "form.received_in_future": "bad_date",
        "import.future": "bad_date", "import.unknown_category": "unknown_category",
        "form.unknown_category": "unknown_category", "import.unknown_channel": "unknown_channel",
        "import.unknown_status": "unknown_status", "import.unknown_disposition": "unknown_disposition",
        "import.missing": "missing", "form.required": "missing", "form.reporter_contact": "no_contact",
        "form.too_long": "too_long",
    }.get(key, "other")


# ---- opening and mapping ---------------------------------------------------------------------

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


def _vocabulary_words(kind: str, codes, extra: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """code -> its names in both languages first, then the code and the words logbooks use for it."""
    return {code: (*(catalogue().get(f"{kind}.{code}") or {}).values(), code, *extra.get(code, ()))
            for code in codes}


def status_words() -> dict[str, tuple[str, ...]]:
    """Statuses, and dispositions (a status cell saying 调解 means: closed, mediated)."""
    return {**_vocabulary_words("status", IMPORT_STATUSES, STATUS_WORDS),
            **_vocabulary_words("disposition", DISPOSITIONS, DISPOSITION_WORDS)}


def propose_values(opened: Opened, *, scan: bool = True) -> Mapping:
    """The mapping with the file's categories, channels, statuses and dispositions matched where obvious."""
    mapping = opened.mapping
    proposals = {
        "categories": ("category", category_words(opened.categories)),
        "channels": ("channel", _vocabulary_words("channel", CHANNELS, CHANNEL_WORDS)),
        "statuses": ("status", status_words()),
        "dispositions": ("disposition", _vocabulary_words("disposition", DISPOSITIONS, DISPOSITION_WORDS)),
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


# ---- one row ---------------------------------------------------------------------------------

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


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()[:40]


def _split_summary(summary: str, narrative: str) -> tuple[str, str]:
    """A summary that fits its field; longer text is kept whole in the narrative."""
    if not summary:
        first = next((line.strip() for line in narrative.splitlines() if line.strip()), "")
        summary = first
    if len(summary) > SUMMARY_MAX:
        whole = summary
        summary = summary[:SUMMARY_MAX - 1].rstrip() + "…"
        if whole not in narrative:
            narrative = f"{whole}\n\n{narrative}".strip()
    return summary, narrative


class RowReader:
    """Turns the logbook's rows into case drafts, with the mapping's words and the desk's time zone."""

    def __init__(self, opened: Opened, *, zone: ZoneInfo, now: datetime):
        self.opened, self.zone, self.now = opened, zone, now
        self.mapping = opened.mapping
        self.index = opened.index
        self.police = {c.code: c.police for c in opened.categories}
        self.category_words = category_words(opened.categories)
        self.channel_words = _vocabulary_words("channel", CHANNELS, CHANNEL_WORDS)
        self.status_words = status_words()
        self.disposition_words = _vocabulary_words("disposition", DISPOSITIONS, DISPOSITION_WORDS)

    def text(self, row: SourceRow, name: str) -> str:
        return cell_text(_cell(row, self.index, self.mapping.column(name)))

    def read(self, row: SourceRow) -> ParsedRow:
        problems: list[DeskError] = []
        m = self.mapping
        for name in REQUIRED:
            if not m.column(name) or not self.text(row, name):
                problems.append(DeskError("import.missing", field=Phrase(f"import.field.{name}")))
        received = self._received(row, problems)
        category = self._category(row, problems)
        channel = self._vocab(row, "channel", m.channels, self.channel_words, "import.unknown_channel",
                              problems) or m.default_channel
        status, disposition, by_default = self._status(row, problems)
        summary, narrative = _split_summary(self.text(row, "summary"), self.text(row, "narrative"))
        if not summary and not any(p.key == "import.missing" for p in problems):
            problems.append(DeskError("import.missing", field=Phrase("import.field.summary")))
        place = self.text(row, "place")
        if len(place) > PLACE_MAX:
            problems.append(DeskError("form.too_long", field=Phrase("field.place"), most=PLACE_MAX))
        name = self.text(row, "reporter_name")
        phone_text = re.split(r"[,，;；/、]", self.text(row, "reporter_phone"))[0].strip()
        rid = self.text(row, "reporter_id").replace(" ", "").upper()
        person = PersonInput(name=name, phone=phone_text, resident_id=rid)
        anonymous = not (name or phone_text or rid)
        if not anonymous:
            problems += [error for key, error in check_person_input(person, "reporter").items()
                         if not key.endswith(".name") or name]
            if not name:
                problems.append(DeskError("import.missing", field=Phrase("import.field.reporter_name")))
        if name and not phone_text and not rid:
            problems.append(DeskError("form.reporter_contact"))
        draft = None
        if not problems:
            draft = CaseDraft(reporter=person, channel=channel, received_at=received, category=category,
                              police=self.police.get(category, True), place=place, summary=summary,
                              narrative=narrative)
        shown_phone = ""
        if phone_text:
            try:
                shown_phone = mask_phone(normalize_phone(phone_text))
            except DeskError:
                shown_phone = phone_text
        return ParsedRow(
            number=row.number, cells=row.cells, source_key=self._key(row, received, phone_text, rid),
            draft=draft, status=status, disposition=disposition, problems=tuple(problems), received_at=received,
            category=category or self.text(row, "category"), reporter=name, phone=shown_phone, summary=summary,
            closed_by_default=by_default, private=tuple(value for value in (phone_text, rid) if value),
            anonymous=anonymous,
        )

    def _received(self, row: SourceRow, problems: list[DeskError]) -> datetime | None:
        header = self.mapping.column("received_at")
        raw = _cell(row, self.index, header)
        if raw is None or cell_text(raw) == "":
            return None
        try:
            local = parse_when(raw, day_first=self.mapping.day_first)
        except BadValue:
            problems.append(DeskError("import.bad_date", value=cell_text(raw)))
            return None
        time_header = self.mapping.column("received_time")
        clock = _cell(row, self.index, time_header)
        if clock is not None and cell_text(clock):
            try:
                local = datetime.combine(local.date(), parse_time_of_day(clock))
            except BadValue:
                problems.append(DeskError("import.bad_time", value=cell_text(clock)))
                return None
        if local.year < 1950:
            problems.append(DeskError("import.bad_date", value=cell_text(raw)))
            return None
        received = local.replace(tzinfo=self.zone).astimezone(timezone.utc)
        if received > self.now:
            problems.append(DeskError("import.future", value=cell_text(raw)))
        return received

    def _category(self, row: SourceRow, problems: list[DeskError]) -> str:
        value = self.text(row, "category")
        if not value:
            return ""
        code = _code_for(value, self.mapping.categories, self.category_words)
        if not code or code not in self.police:
            problems.append(DeskError("import.unknown_category", value=value))
            return ""
        return code

    def _vocab(self, row: SourceRow, name: str, mapped: dict[str, str], words: dict[str, tuple[str, ...]],
               error_key: str, problems: list[DeskError]) -> str | None:
        value = self.text(row, name)
        if not value:
            return None
        code = _code_for(value, mapped, words)
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
        if code in DISPOSITIONS:
            code, disposition = "closed", disposition or code
        status = code or "closed"
        if status != "closed":
            return status, None, False
        if disposition:
            return status, disposition, False
        return status, m.default_disposition, not self.text(row, "status") and not self.text(row, "disposition")

    def _key(self, row: SourceRow, received: datetime | None, phone: str, rid: str) -> str:
        carried = cell_text(_cell(row, self.index, SOURCE_KEY_HEADER if SOURCE_KEY_HEADER in self.index else None))
        if _KEY.match(carried):
            return carried
        number = self.text(row, "record_no")
        if number:
            return _digest("record", self.opened.source, fold(number))
        return _digest("content", received.isoformat() if received else self.text(row, "received_at"),
                       *(fold(self.text(row, name)) for name in ("received_time", "category", "summary",
                                                                  "narrative", "place", "reporter_name")),
                       "".join(ch for ch in phone if ch.isdigit()), rid)


# ---- into the database -----------------------------------------------------------------------

def _known_reporter(session: Session, person: PersonInput) -> PersonInput:
    """The person the desk already knows, as the case form would take them: by ID number, else by phone
    and the same name; otherwise the typed person, to be created."""
    if person.resident_id:
        found = session.exec(select(Person.id).where(Person.resident_id == check_resident_id(
            person.resident_id).number)).first()
        if found is not None:
            return PersonInput(person_id=found, phone=person.phone)
    if person.phone:
        e164 = normalize_phone(person.phone)
        wanted = normalize_name(person.name)
        for person_id, name in session.exec(
            select(Person.id, Person.name).join(PersonPhone, PersonPhone.person_id == Person.id)
            .where(PersonPhone.e164 == e164)
        ).all():
            if normalize_name(name) == wanted:
                return PersonInput(person_id=person_id, phone=person.phone)
    return person


def _record(session: Session, row: ParsedRow, *, by: Actor, now: datetime, zone: ZoneInfo, note: str) -> None:
    if row.anonymous:
        draft = row.draft
        check_draft(session, draft, now=now, reporter=False)
    else:
        draft = replace(row.draft, reporter=_known_reporter(session, row.draft.reporter))
        check_draft(session, draft, now=now)
        reporter, phone = take_person(session, draft.reporter, by=by)
    closed = row.status == "closed"
    case = save(session, Case(
        case_no=case_number(session, site=by.site, received_at=draft.received_at, zone=zone),
        received_at=draft.received_at, channel=draft.channel, category=draft.category, police=draft.police,
        summary=draft.summary.strip(), narrative=draft.narrative.strip(), place=draft.place.strip(),
        status=row.status, disposition=row.disposition if closed else None,
        closing_note=note if closed else "", closed_at=draft.received_at if closed else None,
        recorded_by=by.officer_id, source_key=row.source_key,
    ), by=by)
    if not row.anonymous:
        save(session, CaseParty(case_id=case.id, person_id=reporter.id, role="reporter", phone_e164=phone), by=by)


def _write_batch(engine: Engine, rows: list[ParsedRow], *, by: Actor, now: datetime, zone: ZoneInfo,
                 file_name: str) -> tuple[int, int, list[Reject]]:
    """Record a batch in one transaction: (imported, already there, rejected)."""
    for attempt in (1, 2):
        imported, skipped, rejects = 0, 0, []
        try:
            with write_session(engine) as session:
                keys = [row.source_key for row in rows]
                existing = set(session.exec(select(Case.source_key).where(Case.source_key.in_(keys))).all())
                for row in rows:
                    if row.source_key in existing:
                        skipped += 1
                        continue
                    existing.add(row.source_key)
                    try:
                        _record(session, row, by=by, now=now, zone=zone,
                                note=t("import.closing_note", file=file_name, row=row.number))
                    except FieldErrors as errors:
                        rejects.append(Reject(row.number, tuple(errors.errors.values())))
                        continue
                    imported += 1
                    # Written rows are done with: a flush costs as much as the objects the session holds,
                    # so holding a whole batch would make every row slower than the one before.
                    session.flush()
                    session.expunge_all()
                session.commit()
            return imported, skipped, rejects
        except IntegrityError:
            if attempt == 2:
                raise  # another desk importing the same rows at the same moment: its keys are now there
    raise AssertionError("unreachable")


class _RejectsFile:
    """The rejects CSV, opened at the first reject: row, reason, the row as it was, and its source key."""

    def __init__(self, path: Path, headers: list[str]):
        self.path, self.headers = path, headers
        self.handle = None
        self.writer = None

    def write(self, row: ParsedRow, reject: Reject) -> None:
        if self.writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = self.path.open("w", encoding="utf-8-sig", newline="")  # the BOM: Excel shows Chinese
            self.writer = csv.writer(self.handle)
            self.writer.writerow([t("import.col.row"), t("import.col.reason"), *self.headers, SOURCE_KEY_HEADER])
        cells = [cell_text(cell) for cell in row.cells[:len(self.headers)]]
        cells += [""] * (len(self.headers) - len(cells))
        self.writer.writerow([row.number, reject.reason, *cells, row.source_key])

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def run_import(
    engine: Engine, opened: Opened, *, by: Actor, zone: ZoneInfo, now: datetime, report_folder: Path,
    progress: Callable[[Progress], None] | None = None, should_stop: Callable[[], bool] = lambda: False,
    batch_rows: int = BATCH_ROWS,
) -> ImportResult:
    """Import every row of the logbook; the result counts what happened and where the report is."""
    require(by, "import_cases")
    started = timer.perf_counter()
    stamp = now.astimezone(zone).strftime("%Y%m%d-%H%M%S")
    stem = re.sub(r"[^\w-]+", "-", opened.file.path.stem).strip("-") or "logbook"
    result = ImportResult(path=opened.file.path)
    result.report_path = report_folder / f"{stem}-{stamp}.txt"
    rejects_file = _RejectsFile(report_folder / f"{stem}-{stamp}-rejects.csv", opened.headers)
    reader = RowReader(opened, zone=zone, now=now)
    fraction = [0.0]

    def reject(row: ParsedRow, problems: tuple[DeskError, ...]) -> None:
        entry = Reject(row.number, problems, row.private)
        result.rejected += 1
        result.kinds[entry.kind] += 1
        if len(result.rejects) < REJECTS_SHOWN:
            result.rejects.append(entry)
        rejects_file.write(row, entry)

    def flush(batch: list[ParsedRow]) -> None:
        imported, skipped, rejects = _write_batch(engine, batch, by=by, now=now, zone=zone,
                                                  file_name=opened.file.path.name)
        result.imported += imported
        result.skipped += skipped
        by_number = {row.number: row for row in batch}
        for entry in rejects:
            reject(by_number[entry.number], entry.problems)
        if progress is not None:
            progress(Progress(fraction[0], result.read, result.imported, result.skipped, result.rejected))

    outcome = "ok"
    try:
        with officer_words():
            batch: list[ParsedRow] = []
            for source_row in data_rows(opened, lambda done: fraction.__setitem__(0, done)):
                result.read += 1
                parsed = reader.read(source_row)
                if parsed.problems:
                    reject(parsed, parsed.problems)
                    continue
                batch.append(parsed)
                if len(batch) >= batch_rows:
                    flush(batch)
                    batch = []
                    if should_stop():
                        result.stopped = True
                        break
            if batch and not result.stopped:
                flush(batch)
            if result.stopped:
                outcome = "stopped"
    except BaseException:
        _finish(engine, opened, result, rejects_file, started, by=by, outcome="failed", zone=zone, now=now)
        raise
    _finish(engine, opened, result, rejects_file, started, by=by, outcome=outcome, zone=zone, now=now)
    if progress is not None:
        progress(Progress(1.0, result.read, result.imported, result.skipped, result.rejected))
    return result


def _finish(engine: Engine, opened: Opened, result: ImportResult, rejects_file: _RejectsFile, started: float, *,
            by: Actor, outcome: str, zone: ZoneInfo, now: datetime) -> None:
    """Close the rejects file, audit the import with its counts and write the report (also after a failure)."""
    rejects_file.close()
    result.seconds = timer.perf_counter() - started
    if result.rejected:
        result.rejects_path = rejects_file.path
    try:
        _audit_import(engine, opened, result, by=by, outcome=outcome)
        _write_report(result, opened, zone=zone, now=now)
    except Exception:
        if outcome != "failed":
            raise  # after a failure, the failure is what the officer must see


def _audit_import(engine: Engine, opened: Opened, result: ImportResult, *, by: Actor, outcome: str) -> None:
    with officer_words(), write_session(engine) as session:
        audit(session, by=by, action="import", table_name="case", outcome=outcome,
              reason=t("import.audit_reason", file=opened.file.path.name, read=result.read,
                       imported=result.imported, skipped=result.skipped, rejected=result.rejected))
        session.commit()


def kinds_text(kinds: Counter) -> str:
    return " · ".join(f"{t(f'import.kind.{kind}')} {count:,}" for kind, count in kinds.most_common())


def _write_report(result: ImportResult, opened: Opened, *, zone: ZoneInfo, now: datetime) -> None:
    lines = [
        t("import.report.title", file=str(opened.file.path)),
        t("import.report.when", at=now.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
          mapping=opened.mapping.name or "-"),
        summary_text(result),
    ]
    if result.rejected:
        lines.append(kinds_text(result.kinds))
        lines.append(t("import.report.rejects_file", path=str(result.rejects_path)))
    lines.append("")
    lines += [f"{t('import.col.row')} {entry.number}: {entry.reason}" for entry in result.rejects]
    if result.rejected > len(result.rejects):
        lines.append(t("import.report.more", count=result.rejected - len(result.rejects)))
    result.report_path.parent.mkdir(parents=True, exist_ok=True)
    result.report_path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def summary_text(result: ImportResult, *, timed: bool = True) -> str:
    """What the import did in one sentence; `timed` adds how long it took (the screen leaves it out)."""
    rate = result.read / result.seconds if result.seconds > 0 else 0
    key = "import.result.stopped" if result.stopped else "import.result.done" if timed else "import.result.counts"
    return t(key, read=f"{result.read:,}", imported=f"{result.imported:,}", skipped=f"{result.skipped:,}",
             rejected=f"{result.rejected:,}", seconds=f"{result.seconds:.1f}", rate=f"{rate:,.0f}")


# ---- the preview -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Preview:
    rows: list[ParsedRow]
    already: frozenset[str]
    header_row: int
    #: Rows shown that had no status and will be closed with the mapping's default disposition.
    closed_by_default: int


def preview(engine: Engine, opened: Opened, *, zone: ZoneInfo, now: datetime, limit: int = PREVIEW_ROWS) -> Preview:
    """The first rows as they would be imported, each with its problems, and which are in already."""
    reader = RowReader(opened, zone=zone, now=now)
    rows: list[ParsedRow] = []
    for source_row in data_rows(opened):
        rows.append(reader.read(source_row))
        if len(rows) >= limit:
            break
    with officer_words(), read_session(engine) as session:
        keys = [row.source_key for row in rows]
        already = frozenset(session.exec(select(Case.source_key).where(Case.source_key.in_(keys))).all()) \
            if keys else frozenset()
    return Preview(rows, already, opened.header_row, sum(1 for row in rows if row.closed_by_default))


def status_text(row: ParsedRow) -> str:
    shown = label("status", row.status)
    return f"{shown} · {label('disposition', row.disposition)}" if row.disposition else shown


# ---- the desk's handle -------------------------------------------------------------------------

class CaseImports:
    """What the import screen and the command line call (from a worker: everything here reads files or
    the database)."""

    def __init__(self, engine: Engine, actor: Actor, *, zone: ZoneInfo, clock: Callable[[], datetime],
                 data_dir: Path, config_path: Path | None):
        from frontdesk.intake.mapping import mappings_folder

        self.engine, self.actor, self.zone, self.clock = engine, actor, zone, clock
        self.report_folder = Path(data_dir) / "imports"
        self.mappings_folder = mappings_folder(config_path)

    @classmethod
    def for_desk(cls, desk) -> CaseImports:
        return cls(desk.engine, desk.actor, zone=desk.zone, clock=desk.clock, data_dir=desk.settings.data_dir,
                   config_path=desk.settings.config_path)

    def categories(self) -> list[StationCategory]:
        with officer_words(), read_session(self.engine) as session:
            return station_categories(session)

    def open(self, path: str, mapping_name: str = "") -> Opened:
        """Open the file with the named mapping (if given) and the words of its value columns matched."""
        from frontdesk.intake.mapping import load_mapping

        mapping = load_mapping(mapping_name, self.mappings_folder) if mapping_name.strip() else None
        opened = open_logbook(path, self.categories(), mapping)
        opened.mapping = propose_values(opened)
        return opened

    def remap(self, opened: Opened, mapping: Mapping) -> Opened:
        """The same file with changed columns: the value columns' words matched again."""
        again = replace(opened, mapping=mapping)
        again.mapping = propose_values(again)
        return again

    def preview(self, opened: Opened) -> Preview:
        return preview(self.engine, opened, zone=self.zone, now=self.clock())

    def save_mapping(self, mapping: Mapping) -> Path:
        from frontdesk.intake.mapping import save_mapping

        return save_mapping(mapping, self.mappings_folder)

    def saved_mappings(self) -> list[str]:
        from frontdesk.intake.mapping import saved_mappings

        return saved_mappings(self.mappings_folder)

    def run(self, opened: Opened, *, progress=None, should_stop=lambda: False) -> ImportResult:
        return run_import(self.engine, opened, by=self.actor, zone=self.zone, now=self.clock(),
                          report_folder=self.report_folder, progress=progress, should_stop=should_stop)


def missing_columns(mapping: Mapping) -> list[str]:
    """Required fields the mapping does not name a column for."""
    return [name for name in REQUIRED if not mapping.column(name)]


# ---- the command line ----------------------------------------------------------------------------

def mapping_lines(opened: Opened) -> list[str]:
    """The mapping as the officer checks it: each field's column, each word's meaning."""
    m = opened.mapping
    lines = [t("import.cli.file", path=str(opened.file.path), encoding=opened.file.encoding or "xlsx",
               row=opened.header_row)]
    for name in FIELDS:
        lines.append(f"  {t(f'import.field.{name}')}: {m.column(name) or t('import.not_in_file')}")
    names = {c.code: c for c in opened.categories}
    for title, values, shown in (("import.values.categories", m.categories, lambda code: _category_label(names, code)),
                                 ("import.values.channels", m.channels, lambda code: label("channel", code)),
                                 ("import.values.statuses", m.statuses, _status_label),
                                 ("import.values.dispositions", m.dispositions,
                                  lambda code: label("disposition", code))):
        if values:
            lines.append(t(title))
            lines += [f"  {word} → {shown(code) if code else t('import.value.reject')}" for word, code in values.items()]
    return lines


def _category_label(names: dict[str, StationCategory], code: str) -> str:
    from frontdesk.i18n import language

    category = names.get(code)
    if category is None:
        return code
    return category.name_zh if language() == "zh" else category.name_en


def _status_label(code: str) -> str:
    if code in DISPOSITIONS:
        return f"{label('status', 'closed')} · {label('disposition', code)}"
    return label("status", code)


def import_from_command_line(args, settings, url: str) -> int:
    """`frontdesk import cases FILE [--mapping NAME_OR_FILE] [--save-mapping NAME] [--dry-run]`."""
    import sys

    from frontdesk.desk import open_desk

    desk = open_desk(settings, url)
    try:
        imports = CaseImports.for_desk(desk)
        opened = imports.open(args.file, args.mapping or "")
        for line in mapping_lines(opened):
            print(line)
        missing = missing_columns(opened.mapping)
        if missing:
            raise DeskError("import.columns_missing",
                            fields=", ".join(t(f"import.field.{name}") for name in missing))
        if args.save_mapping:
            opened.mapping = replace(opened.mapping, name=args.save_mapping)
            print(t("import.mapping_saved", path=str(imports.save_mapping(opened.mapping))))
        shown = imports.preview(opened)
        print(t("import.cli.preview", count=len(shown.rows)))
        for row in shown.rows:
            when = row.received_at.astimezone(desk.zone).strftime("%Y-%m-%d %H:%M") if row.received_at else "-"
            mark = t("import.preview.already") if row.source_key in shown.already else ""
            print(f"  {row.number:>6}  {when}  {row.category}  {row.reporter}  {row.phone}  {row.summary[:30]}"
                  f"  {status_text(row)} {mark}")
            for problem in row.problems:
                print(f"          ! {problem.message}")
        if shown.closed_by_default:
            print(t("import.closed_by_default", disposition=label("disposition", opened.mapping.default_disposition)))
        if args.dry_run:
            print(t("import.cli.dry_run"))
            return 0

        def progress(step: Progress) -> None:
            print("\r" + t("import.progress", percent=f"{step.fraction:.0%}", read=f"{step.read:,}",
                            imported=f"{step.imported:,}", skipped=f"{step.skipped:,}",
                            rejected=f"{step.rejected:,}"), end="", file=sys.stderr, flush=True)

        on_terminal = sys.stderr.isatty()  # a log or pipe gets the summary line only, not \r-joined updates
        result = imports.run(opened, progress=progress if on_terminal else None)
        if on_terminal:
            print(file=sys.stderr)
        print(summary_text(result))
        if result.rejected:
            print(kinds_text(result.kinds))
            print(t("import.report.rejects_file", path=str(result.rejects_path)))
        print(t("import.cli.report", path=str(result.report_path)))
        return 1 if result.rejected else 0  # 1: done, with rows rejected
    finally:
        desk.close()
