"""Importing a station's old logbooks (paper books typed into spreadsheets) as cases: the rows written.

The file is read row by row (frontdesk.intake.logbook_file) and never held whole.
Each row is checked as the case form checks a case (frontdesk.intake.rows), then
recorded as the form would record it: the site's case numbers, the reporter found by
ID number or by phone and name (else created once), every record with its change-log
entry — in bulk, a batch per short transaction (frontdesk.intake.batch, through
`records.save_many`, one chained audit event per batch). A row that cannot be imported
is written, with its row number and the reason in the officer's language, to a
rejects CSV beside the import report, and the import goes on. Each case keeps
a source key (its logbook and record number, or its content), so importing the
same file again, on any desk of the station, adds nothing. The import itself is
one audit event with its counts.
"""

from __future__ import annotations

import re
import time as timer
from concurrent.futures import ThreadPoolExecutor
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from db.engine import write_session
from frontdesk.access.roles import require
from frontdesk.errors import officer_words
from frontdesk.i18n import DeskError, labelled, listed, os_reason, t
from frontdesk.intake.masking import masked_message
from frontdesk.intake.logbook import Opened, data_rows
from frontdesk.intake.batch import Committing, plan_batch, write_planned
from frontdesk.intake.preview import file_notes
from frontdesk.intake.rejects import Reject, RejectsFile
from frontdesk.intake.rows import ParsedRow, RowReader
from frontdesk.intake.service_requests import agencies_text, police_agencies_text
from frontdesk.records import Actor, audit
from frontdesk.sealing import sealed_note, write_out

#: Rows in the first transaction; then as many as keep the work done under the write lock about
#: LOCK_SECONDS of CPU time (another desk's save waits for the lock about that long on an idle machine;
#: longer when the machine is shared, but a batch shrunk to the load would cost more per row), between
#: BATCH_MIN and BATCH_MAX rows. 35 ms since a batch's commit is no longer flushed under the lock: beside a
#: desk saving each second (load 2.4-2.9) its wait for the lock was p95 35.6 ms, worst 78.9 ms (25 ms: 33.7
#: and 53.9-87.9 ms), and 100,000 rows into 1,000,000 cases took 1,607 rows per CPU-second (25 ms: 1,516).
BATCH_ROWS = 200
LOCK_SECONDS = 0.035
#: While no other desk has written for QUIET_SECONDS (the site's change-log and audit counters moved only by the
#: import's own batches), a batch may hold the lock LOCK_SECONDS_ALONE: each transaction costs a share of its own
#: (the commit writes every page it changed, the inner pages of the big indexes again each time). 10,000 rows
#: into 1,000,000 cases went in at 1,216 rows/s aimed at 35 ms, 1,595 at 80 ms, 1,660 at 150 ms, 1,690 at
#: 300 ms. A desk that starts saving waits for the batches already worked out at the longer aim (the batch it
#: follows shows it when committed, and the one after that is worked out meanwhile: two or three); the batches
#: after those are back to LOCK_SECONDS.
LOCK_SECONDS_ALONE = 0.08
QUIET_SECONDS = 60.0
BATCH_MIN, BATCH_MAX = 50, 1000
#: Rows read ahead at most while a batch commits (reading one is ~70 µs, a commit at a large station 40-70 ms):
#: the rows read meanwhile are not read later. 10,000 rows into 1,000,000 cases went in at 1,497 rows/s with 500,
#: 1,749 with 1,000 and 1,798 with 2,000; 100,000 rows at 1,558-1,643 with 1,000 (peak +91.7-93.0 MB) and 1,514
#: with 2,000 (+93.9 MB).
READ_AHEAD = 1000
#: Rejected rows kept in memory for the screen (all of them go to the rejects CSV).
REJECTS_SHOWN = 200
#: Rows with cells beyond the header named in the outcome (the first ones: the officer checks those in the file).
BEYOND_SHOWN = 5


@dataclass
class ImportResult:
    path: Path
    read: int = 0
    imported: int = 0
    skipped: int = 0
    rejected: int = 0
    #: People the import added (reporters the desk did not know).
    people: int = 0
    stopped: bool = False
    seconds: float = 0.0
    kinds: Counter = field(default_factory=Counter)
    rejects: list[Reject] = field(default_factory=list)
    report_path: Path | None = None
    rejects_path: Path | None = None
    #: Service requests: agencies with no receiving body in the station's list -> the rows naming them.
    unknown_agencies: Counter = field(default_factory=Counter)
    #: Service requests: agencies the mapping gives no body ("none") -> their rows, refused as it says.
    refused_agencies: Counter = field(default_factory=Counter)
    #: Service requests: agencies read as the police (the station's own cases) -> their rows.
    police_agencies: Counter = field(default_factory=Counter)
    #: Closed rows whose closed time could not be read: closed at their received time.
    closed_unread: int = 0
    #: Service requests the file gives as done without a closed time: done, the time unknown.
    done_untimed: int = 0
    #: Cases imported with their reporter kept as text only (no full phone or ID number in the file).
    kept_as_text: int = 0
    #: Of the rows already there, those an earlier row of the file had brought in (its record again).
    repeated: int = 0
    #: Rows with cells, not empty, beyond the header's columns (their cells may be shifted): their count, the first.
    beyond_header: int = 0
    beyond_rows: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    fraction: float
    read: int
    imported: int
    skipped: int
    rejected: int


def run_import(
    engine: Engine, opened: Opened, *, by: Actor, zone: ZoneInfo, now: datetime, report_folder: Path,
    progress: Callable[[Progress], None] | None = None, should_stop: Callable[[], bool] = lambda: False,
    batch_rows: int | None = None, reader=None, passphrase: str | None = None,
) -> ImportResult:
    """Import every row of the logbook; the result counts what happened and where the report is.
    `batch_rows` fixes the rows per transaction (else they follow the time the write lock was held);
    `passphrase` (an encrypted database's) seals the report and the rejects file."""
    require(by, "import_cases")
    started = timer.perf_counter()
    stamp = now.astimezone(zone).strftime("%Y%m%d-%H%M%S")
    stem = re.sub(r"[^\w-]+", "-", opened.file.path.stem).strip("-") or "logbook"
    result = ImportResult(path=opened.file.path)
    result.report_path = report_folder / f"{stem}-{stamp}.txt"
    rejects_file = RejectsFile(report_folder / f"{stem}-{stamp}-rejects.csv", opened.file_headers, passphrase)
    fraction = [0.0]
    size = [batch_rows or BATCH_ROWS]
    others = _OtherDesks()

    def reject(row: ParsedRow, problems: tuple[DeskError, ...]) -> None:
        entry = Reject(row.number, problems, row.private, row.sheet)
        result.rejected += 1
        result.kinds[entry.kind] += 1
        if len(result.rejects) < REJECTS_SHOWN:
            result.rejects.append(entry)
        rejects_file.write(row, entry)

    # Each batch's commit runs on a thread of its own while the next batch is read and worked out (see
    # batch.Committing); the next batch takes the write lock once it has ended. One batch is committing at a
    # time, in order, each in its own transaction.
    committer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-commit")
    taken: set[int] = set()  # the hashes of the keys the rows of the batches committed took (their plans' fresh rows)
    committing: list[tuple[list[ParsedRow], Committing]] = []
    name = opened.file.path.name
    # The file's rows, read and checked. While a commit is still under way once the next batch is worked out,
    # the rows after it are read meanwhile, into `ahead`; a failure met there (a file cut short, unreadable
    # bytes) is raised when the rows before it have been taken, as it would have been without reading ahead.
    rows = (reader.read(source_row) for source_row in data_rows(opened, lambda done: fraction.__setitem__(0, done)))
    ahead: deque[ParsedRow] = deque()
    failed: list[Exception] = []

    def read_ahead() -> None:
        while committing and not committing[0][1].done() and len(ahead) < READ_AHEAD and not failed:
            try:
                parsed = next(rows, None)
            except Exception as exc:  # noqa: BLE001 - raised again in its place (parsed_rows)
                failed.append(exc)
                return
            if parsed is None:
                return
            ahead.append(parsed)

    def parsed_rows() -> Iterator[ParsedRow]:
        while True:
            if ahead:
                yield ahead.popleft()
                continue
            if failed:
                raise failed[0]
            parsed = next(rows, None)
            if parsed is None:
                return
            yield parsed

    def flush(batch: list[ParsedRow]) -> None:
        after = committing[0][1].planned if committing else None
        planned = plan_batch(engine, batch, by=by, now=now, file_name=name, after=after, taken=taken)
        if committing:
            read_ahead()
            settle()
        committing.append((batch, write_planned(engine, planned, by=by, now=now, zone=zone, file_name=name,
                                                committer=committer, taken=taken)))

    def settle() -> None:
        batch, pending = committing.pop()
        written = pending.wait()  # (a failed commit stops the import here)
        others.saw(written.log_span)
        if batch_rows is None and written.locked > 0 and written.imported >= size[0] // 2:
            size[0] = next_batch_size(size[0], written.locked, others.lock_seconds())
        result.imported += written.imported
        result.skipped += written.skipped
        result.people += written.people
        result.kept_as_text += written.kept_as_text
        result.closed_unread += written.closed_unread
        result.repeated += written.repeated
        taken.update(hash(row.source_key) for row in pending.planned.plan.fresh)
        by_number = {(row.sheet, row.number): row for row in batch}
        for entry in written.rejects:
            reject(by_number[entry.sheet, entry.number], entry.problems)
        if progress is not None:
            progress(Progress(fraction[0], result.read, result.imported, result.skipped, result.rejected))

    outcome = "ok"
    try:
        with officer_words():
            reader = reader or RowReader(opened, zone=zone, now=now)  # or a service-request reader (a failure: audited)
            batch: list[ParsedRow] = []
            for parsed in parsed_rows():
                result.read += 1
                if parsed.beyond_header:
                    result.beyond_header += 1
                    result.beyond_rows += [parsed.where] if len(result.beyond_rows) < BEYOND_SHOWN else []
                if parsed.problems:
                    reject(parsed, parsed.problems)
                    continue
                batch.append(parsed)
                if len(batch) >= size[0]:
                    flush(batch)
                    batch = []
                    if should_stop():
                        result.stopped = True
                        break
            if batch and not result.stopped:
                flush(batch)
            if committing:
                settle()
            committer.shutdown()
            if result.stopped:
                outcome = "stopped"
    except BaseException:
        if committing:  # the batch committing is committed (or not), and counted, before the import's end is recorded
            try:
                settle()
            except BaseException:  # noqa: BLE001 - the first failure is the one the officer sees
                pass
        committer.shutdown()
        _reader_counts(result, reader)
        _finish(engine, opened, result, rejects_file, started, by=by, outcome="failed", zone=zone, now=now)
        raise
    _reader_counts(result, reader)
    _finish(engine, opened, result, rejects_file, started, by=by, outcome=outcome, zone=zone, now=now)
    if progress is not None:
        progress(Progress(1.0, result.read, result.imported, result.skipped, result.rejected))
    return result


def _reader_counts(result: ImportResult, reader) -> None:
    """What a service-request reader counted: agencies with no body, requests done without a closed time."""
    result.unknown_agencies = getattr(reader, "unknown_agencies", Counter())
    result.refused_agencies = getattr(reader, "refused_agencies", Counter())
    result.police_agencies = getattr(reader, "police_agencies", Counter())
    result.done_untimed = getattr(reader, "done_untimed", 0)


def notes_text(result: ImportResult) -> list[str]:
    """What the officer should know of the rows imported, beside the counts."""
    notes = [t("import.done_untimed", count=result.done_untimed)] if result.done_untimed else []
    if result.police_agencies:
        notes.append(police_agencies_text(result.police_agencies))
    if result.closed_unread:
        notes.append(t("import.closed_unread", count=result.closed_unread))
    if result.kept_as_text:
        notes.append(t("import.kept_as_text", count=result.kept_as_text))
    if result.repeated:
        notes.append(t("import.repeated", count=result.repeated))
    if result.beyond_header:
        notes.append(beyond_header_text(result.beyond_header, result.beyond_rows))
    return notes


def beyond_header_text(count: int, first: list[str]) -> str:
    """How many rows have cells beyond the header's columns, and the first of them."""
    return t("import.beyond_header", count=count, rows=listed(first) + (" …" if count > len(first) else ""))


class _OtherDesks:
    """Whether another desk has written lately, told by the site's change-log and audit counters: each batch
    should start where the import's batch before it ended. (A desk writing under another site's code to the
    same database is not seen: a site's desks share its code, an outpost writes to a database of its own.)"""

    def __init__(self, clock: Callable[[], float] = timer.monotonic) -> None:
        self.clock = clock
        self.last: tuple[int, ...] | None = None
        self.wrote_at: float | None = None

    def saw(self, span: tuple[tuple[int, ...], tuple[int, ...]] | None) -> None:
        """A batch's counters before and after it, in the order the batches were written (None: it wrote
        nothing)."""
        if span is None:
            return
        if self.last is not None and span[0] != self.last:
            self.wrote_at = self.clock()
        self.last = span[1]

    def lock_seconds(self) -> float:
        quiet = self.wrote_at is None or self.clock() - self.wrote_at > QUIET_SECONDS
        return LOCK_SECONDS_ALONE if quiet else LOCK_SECONDS


def next_batch_size(rows: int, locked: float, aim: float = LOCK_SECONDS) -> int:
    """The rows for the next transaction, after `rows` held the write lock `locked` seconds: aimed at `aim`
    seconds, growing at most by half at a time."""
    aimed = rows * aim / locked
    return max(BATCH_MIN, min(BATCH_MAX, int(rows * 1.5), int(aimed)))


def _finish(engine: Engine, opened: Opened, result: ImportResult, rejects_file: RejectsFile, started: float, *,
            by: Actor, outcome: str, zone: ZoneInfo, now: datetime) -> None:
    """Close the rejects file, audit the import with its counts and write the report (also after a failure).
    A rejects file that cannot be written (sealed, it is written only here) is said after them, not instead."""
    unwritten = None
    try:
        rejects_file.close()
    except OSError as exc:
        unwritten = DeskError("import.rejects_unwritten", path=str(rejects_file.path), reason=os_reason(exc))
    result.seconds = timer.perf_counter() - started
    result.rejects_path = rejects_file.path if result.rejected and unwritten is None else None
    try:
        _audit_import(engine, opened, result, by=by, outcome=outcome)
        _write_report(result, opened, zone=zone, now=now, passphrase=rejects_file.passphrase)
    except Exception:
        if outcome != "failed":
            raise  # after a failure, the failure is what the officer must see
    if unwritten is not None and outcome != "failed":
        raise unwritten


def _audit_import(engine: Engine, opened: Opened, result: ImportResult, *, by: Actor, outcome: str) -> None:
    with officer_words(), write_session(engine) as session:
        audit(session, by=by, action="import", table_name="case", outcome=outcome,
              reason=t("import.audit_reason", file=opened.file.path.name, read=result.read,
                       imported=result.imported, skipped=result.skipped, rejected=result.rejected))
        session.commit()


def outcome_lines(result: ImportResult, *, timed: bool = True) -> list[str]:
    """What the officer is told when an import ends, on the screen and the command line: the counts, the notes,
    the kinds of rows rejected and the agencies with no body, the rejects file and the report."""
    lines = [summary_text(result, timed=timed), *notes_text(result)]
    if result.rejected:
        lines += [kinds_text(result.kinds), *agency_lines(result)]
        if _UNMAPPED_WORDS & result.kinds.keys():
            lines.append(t("import.unmapped_hint"))
        lines.append(t("import.report.rejects_file", path=str(result.rejects_path)) + sealed_note(result.rejects_path))
    lines.append(t("import.cli.report", path=str(result.report_path)) + sealed_note(result.report_path))
    return lines


def agency_lines(result: ImportResult) -> list[str]:
    """The agencies whose rows were refused: with no receiving body, and given none by the mapping."""
    return [agencies_text(counted, key) for counted, key in ((result.unknown_agencies, "import.agencies_unknown"),
                                                            (result.refused_agencies, "import.agencies_refused"))
            if counted]


#: Rows refused for a word the station's lists do not have: the mapping gives it a code.
_UNMAPPED_WORDS = frozenset({"unknown_category", "unknown_channel", "unknown_status", "unknown_disposition"})


def kinds_text(kinds: Counter) -> str:
    return " · ".join(f"{t(f'import.kind.{kind}')} {count:,}" for kind, count in kinds.most_common())


def _write_report(result: ImportResult, opened: Opened, *, zone: ZoneInfo, now: datetime,
                  passphrase: str | None) -> None:
    lines = [
        t("import.report.title", file=str(opened.file.path)),
        t("import.report.when", at=now.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
          mapping=opened.mapping.name or "-"),
        summary_text(result),
        *notes_text(result),
    ]
    lines += file_notes(opened)
    if result.rejected:
        lines += [kinds_text(result.kinds), *agency_lines(result)]
        if _UNMAPPED_WORDS & result.kinds.keys():
            lines.append(t("import.unmapped_hint"))
        if result.rejects_path is not None:
            lines.append(t("import.report.rejects_file", path=str(result.rejects_path)))
            lines.append(t("import.report.numbers_masked"))
    lines.append("")
    lines += [labelled(f"{t('import.col.row')} {entry.where}", masked_message(entry.masked_reason))
              for entry in result.rejects]
    if result.rejected > len(result.rejects):
        lines.append(t("import.report.more", count=result.rejected - len(result.rejects)))
    result.report_path = write_out(result.report_path, ("\n".join(lines) + "\n").encode("utf-8"), passphrase)


def summary_text(result: ImportResult, *, timed: bool = True) -> str:
    """What the import did in one sentence; `timed` adds how long it took (the screen leaves it out)."""
    rate = result.read / result.seconds if result.seconds > 0 else 0
    key = "import.result.stopped" if result.stopped else "import.result.done" if timed else "import.result.counts"
    return t(key, read=f"{result.read:,}", imported=f"{result.imported:,}", skipped=f"{result.skipped:,}",
             rejected=f"{result.rejected:,}", seconds=f"{result.seconds:.1f}", rate=f"{rate:,.0f}")
