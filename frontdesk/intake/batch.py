"""A batch of checked logbook rows written in one short transaction, in bulk.

Per row the desk would look the reporter up, take a case number and save four
records one by one (a flush, a counter, a change-log row and an audit event
each). Here a batch does each of those once: the source keys already there in
one query, the reporters by ID number and by phone in one query each (people
new in the batch are remembered, so a reporter is created once however often
they appear), each day's case numbers as one block of the site's counter, and
the records through `records.prepare_many` / `write_prepared` (one insert per table, every record
with its change-log entry, the batch as one chained audit event).

The look-ups and records are worked out in a read transaction; the write lock
(db.engine.bulk_write_session: the commit is not flushed to the disk, as a second
run redoes a batch a power cut took back) is then held only to check that no other desk has meanwhile written one of the
batch's rows or given someone one of its reporters' numbers (if so, the batch
is worked out again under the lock), to number the cases and to insert. The
batch commits alone, so another desk's save waits at most for that. An import
commits each batch on a thread of its own while it works the next one out
(`Committing`), counting on what the batch before writes.
"""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import Executor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from db.audit_chain import COUNTER as AUDIT_COUNTER
from db.engine import bulk_write_session, read_session
from db.bulk_insert import new_row
from db.models import Case, CaseParty, Category, Handoff, Person, PersonPhone
from frontdesk.cases.recording import PLACE_MAX, SUMMARY_MAX, TEXT_MAX, CaseDraft
from frontdesk.i18n import DeskError, Phrase, t
from frontdesk.intake.reporters import Reporters, seen_by
from frontdesk.intake.rejects import Reject
from frontdesk.intake.rows import ParsedRow
from frontdesk.intake.source_keys import settle_keys
from frontdesk.records import CHANGELOG_SEQUENCE, Actor, Prepared, prepare_many, reserve, write_prepared
from frontdesk.vocab import CHANNELS
from db.sequences import hold, values



@dataclass(frozen=True)
class Written:
    imported: int
    skipped: int
    rejects: list[Reject]
    people: int = 0
    #: CPU seconds of this thread's work under the write lock (what another desk's save waits for).
    locked: float = 0.0
    #: Cases imported with their reporter kept as text only (no full phone or ID number in the file).
    kept_as_text: int = 0
    #: Closed cases imported whose closed time the file gives in a form the desk cannot read.
    closed_unread: int = 0
    #: Of the rows skipped, those whose record an earlier row of the same import had (a file that gives an
    #: incident a row for each of its offences), not one there before the import.
    repeated: int = 0
    #: The site's change-log and audit counters before and after the batch (None: the batch wrote nothing). Every
    #: writer moves one of them, the audit's even where it logs no change (a caller's history looked at): a
    #: batch that does not start where the import's batch before ended follows another desk's writes.
    log_span: tuple[tuple[int, ...], tuple[int, ...]] | None = None


@dataclass
class Planned:
    """A batch worked out by `plan_batch`, for `write_planned`."""

    rows: list[ParsedRow]
    plan: Plan
    prepared: Prepared


def plan_batch(engine: Engine, rows: list[ParsedRow], *, by: Actor, now: datetime, file_name: str,
               after: Planned | None = None, taken: set[int] | None = None) -> Planned:
    """Work a batch out, reading only: the look-ups, and every record but the case numbers made into the
    driver's parameters. `after`: the batch before, whose commit may not have ended yet: its rows and what
    it gives its reporters count as there. `taken`: the hashes of the keys the import's committed batches
    took (their plans' fresh rows'), which tell a row repeated in the file from one there before."""
    with read_session(engine) as reading:
        _larger_cache(reading)
        plan = _plan(reading, rows, by=by, now=now, file_name=file_name, after=after, taken=taken)
    return Planned(rows, plan, _prepare(engine, plan, by=by))


class Committing:
    """A batch written under the write lock whose commit is under way: `wait` for what it wrote.

    The commit is most of a batch's time at a large station: every page the batch changed is written to the
    WAL, and now and then the WAL is copied into the database file. SQLite does that without Python's
    interpreter, so `run_import` hands it to a thread of its own and works the next batch out meanwhile;
    the next batch takes the write lock only after this `wait`."""

    def __init__(self, written: Written, planned: Planned, owned: ExitStack, session: Session,
                 committer: Executor | None):
        self.written, self.planned = written, planned
        self.future, self.cpu = None, 0.0
        if committer is not None:
            self.future = committer.submit(_commit, session, owned)
        else:
            self.cpu = _commit(session, owned)

    def done(self) -> bool:
        return self.future is None or self.future.done()

    def wait(self) -> Written:
        """What the batch wrote, once committed (the commit's failure is raised here, the batch rolled back)."""
        if self.future is not None:
            self.cpu = self.future.result()
            self.future = None
        return replace(self.written, locked=self.written.locked + self.cpu)


def _commit(session: Session, owned: ExitStack) -> float:
    """Commit, then close the session (rolled back if the commit failed), on the thread that commits: an
    interrupt of the thread waiting for it never closes a session under a commit. Returns the CPU time the
    commit took this thread (the write lock is held for most of it)."""
    with owned:
        started = time.thread_time()
        session.commit()
        return time.thread_time() - started


def write_planned(engine: Engine, planned: Planned, *, by: Actor, now: datetime, zone: ZoneInfo, file_name: str,
                  committer: Executor | None = None, taken: set[int] | None = None) -> Committing:
    """Write a batch worked out by `plan_batch` in one transaction. The write lock is held only to check that
    nothing changed meanwhile (else the batch is worked out again under it), number the cases and insert;
    the commit runs on `committer`'s thread if given (`Committing.wait` for it), else here."""
    for attempt in (1, 2):
        try:
            with ExitStack() as stack:
                session = stack.enter_context(bulk_write_session(engine))
                _larger_cache(session)  # (SQLite: the write lock is taken here)
                asked = time.thread_time()
                plan, prepared = planned.plan, planned.prepared
                again = attempt == 2 or not _still_holds(session, planned)
                if again:  # (everything before this batch is committed now: nothing is counted on)
                    plan = _plan(session, planned.rows, by=by, now=now, file_name=file_name, taken=taken)
                    prepared = _prepare(engine, plan, by=by)
                span = _write_plan(session, plan, prepared, by=by, zone=zone, file_name=file_name)
                planned.plan, planned.prepared = plan, prepared  # what was written, for the batch after to count on
                written = replace(plan.written, locked=time.thread_time() - asked, log_span=span)
                return Committing(written, planned, stack.pop_all(), session, committer)
        except IntegrityError:
            if attempt == 2:
                raise  # another desk importing the same rows at the same moment: its keys are now there
    raise AssertionError("unreachable")


#: SQLite's page cache for an import's connections (KiB, as PRAGMA cache_size takes a negative number): the
#: default 2 MB makes every batch read the big indexes' inner pages again from the file. 100,000 rows into
#: 1,000,000 cases took about the same CPU time with 32, 16 and 8 MB each (the plan's reading connection and
#: the writing one: 1,373 / 1,383 rows per CPU-second at a load of 3, then 1,464 / 1,420 for 16 / 8 MB on a
#: quiet machine). The peak above the start was 107.3 / 89.6 MB for 32 / 16 MB, and +108.8 / +100.0 MB for
#: 16 / 8 MB once pypinyin's tables (about 26 MB) came to be loaded by the import's first look-up key
#: rather than at start: 8 MB kept the import within its 100 MB. With each commit on a thread of its own
#: (`Committing`) the peak is ~12 MB higher (+97.7 MB for 100,000 rows with 8 MB); 10,000 rows took the same
#: CPU with 4 MB as with 8 (1,329 / 1,318 rows per CPU-second) and peaked 8 MB lower.
IMPORT_CACHE_KIB = 4 * 1024


def _larger_cache(session: Session) -> None:
    """(Once per pooled connection: the setting stays with it.)"""
    connection = session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.info.get(_CACHE_SET):
        connection.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
        connection.connection.info[_CACHE_SET] = True


_CACHE_SET = "frontdesk.import_cache"


def case_errors(draft: CaseDraft, active: set[str], *, now: datetime) -> list[DeskError]:
    """What the case form would refuse in the case's own fields (the reporter is checked when read)."""
    errors: list[DeskError] = []
    if draft.channel not in CHANNELS:
        errors.append(DeskError("form.required", field=Phrase("field.channel")))
    if not draft.category.strip():
        errors.append(DeskError("form.required", field=Phrase("field.category")))
    elif draft.category not in active:
        errors.append(DeskError("form.unknown_category", value=draft.category))
    if not draft.summary.strip():
        errors.append(DeskError("form.required", field=Phrase("field.summary")))
    elif len(draft.summary) > SUMMARY_MAX:
        errors.append(DeskError("form.too_long", field=Phrase("field.summary"), most=SUMMARY_MAX))
    for name, most in (("narrative", TEXT_MAX), ("place", PLACE_MAX)):
        if len(getattr(draft, name)) > most:
            errors.append(DeskError("form.too_long", field=Phrase(f"field.{name}"), most=most))
    if draft.received_at is not None and draft.received_at > now:
        errors.append(DeskError("form.received_in_future"))
    return errors


@dataclass
class Plan:
    """A batch worked out before the write lock is taken: every record but the case numbers."""

    written: Written
    fresh: list[ParsedRow]
    cases: list[dict]
    parties: list[dict]
    handoffs: list[dict]
    reporters: Reporters | None
    #: What the reporters' look-up saw: (ID-number rows, phone rows) of the batch's numbers.
    seen: tuple[int, int] = (0, 0)


def _plan(session: Session, rows: list[ParsedRow], *, by: Actor, now: datetime, file_name: str,
          after: Planned | None = None, taken: set[int] | None = None) -> Plan:
    # The batch before's rows are there before this one's (a file may repeat a row, or a record number).
    rows, existing = settle_keys(session, rows, after.plan.fresh if after is not None else ())
    active = set(session.exec(select(Category.code).where(Category.active)).all())
    skipped, repeated, rejects, fresh = 0, 0, [], []
    # Taken by the import before this row: by the batches committed (`taken`), the one before this (its rows are
    # in `existing` too) and this one's rows before it. A key there before the import is not a repeat.
    taken = taken or set()
    mine = {row.source_key for row in after.plan.fresh} if after is not None else set()
    for row in rows:
        if row.source_key in existing:
            skipped += 1
            repeated += row.source_key in mine or hash(row.source_key) in taken
            continue
        errors = case_errors(row.draft, active, now=now)
        if errors:  # (its key is not taken: a later row of the same record may be imported)
            rejects.append(Reject(row.number, tuple(errors), row.private, row.sheet))
            continue
        existing.add(row.source_key)
        mine.add(row.source_key)
        fresh.append(row)
    if not fresh:
        return Plan(Written(0, skipped, rejects, repeated=repeated), [], [], [], [], None)
    named = [row for row in fresh if not row.anonymous]
    # (What it read, with what the batch before writes, is what `_still_holds` compares under the lock.)
    reporters = Reporters(session, named, after.plan.reporters if after is not None else None)
    cases, parties, handoffs = [], [], []
    for row in fresh:
        draft = row.draft
        closed = row.status == "closed"
        case = new_row(
            Case, case_no=None, received_at=draft.received_at, channel=draft.channel,
            category=draft.category, police=draft.police, summary=draft.summary.strip(),
            narrative=draft.narrative.strip(), place=draft.place.strip(), status=row.status,
            disposition=row.disposition if closed else None,
            closing_note=t("import.closing_note", file=file_name, row=row.where) if closed else "",
            closed_at=(row.closed_at or draft.received_at) if closed else None,
            recorded_by=by.officer_id, source_key=row.source_key)
        cases.append(case)
        if not row.anonymous:
            person_id, phone = reporters.take(row)
            parties.append(new_row(CaseParty, case_id=case["id"], person_id=person_id, role="reporter",
                                   phone_e164=phone))
        if row.handoff is not None:
            handoffs.append(new_row(Handoff, case_id=case["id"], handed_by=by.officer_id, **row.handoff))
    written = Written(len(cases), skipped, rejects, len(reporters.people),
                      kept_as_text=sum(row.kept_as_text for row in fresh), repeated=repeated,
                      closed_unread=sum(row.closed_unread for row in fresh))
    return Plan(written, fresh, cases, parties, handoffs, reporters, reporters.seen)


def _still_holds(session: Session, planned: Planned) -> bool:
    """Nothing another desk wrote since the plan was made changes it: none of its rows is there yet, and
    nobody has since been given one of its reporters' ID numbers or phones (but by the batch before, as
    counted on)."""
    plan = planned.plan
    if not plan.fresh:
        return True
    keys = [row.source_key for row in plan.fresh]
    if session.exec(select(Case.source_key).where(Case.source_key.in_(keys)).limit(1)).first() is not None:
        return False
    return seen_by(session, [row for row in plan.fresh if not row.anonymous]) == plan.seen


def _prepare(engine: Engine, plan: Plan, *, by: Actor) -> Prepared:
    """The plan's records as the driver's parameters and change-log entries (cases are numbered later)."""
    reporters = plan.reporters
    return prepare_many(engine, [(Person, reporters.people if reporters else []),
                                 (PersonPhone, reporters.phones if reporters else []),
                                 (Case, plan.cases), (CaseParty, plan.parties), (Handoff, plan.handoffs)],
                        by=by, late={Case: "case_no"})


def _write_plan(session: Session, plan: Plan, prepared: Prepared, *, by: Actor, zone: ZoneInfo,
                file_name: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """Under the write lock: each day's case numbers as one block (the change-log counter first, as every
    writer takes them), then every record as `prepare_many` made it. Returns the site's change-log and audit
    counters before and after."""
    if not plan.fresh:
        return None
    hold(session, site=by.site, name=CHANGELOG_SEQUENCE)
    before = values(session, site=by.site, names=_WRITERS_MOVE)
    days = [row.draft.received_at.astimezone(zone).strftime("%Y%m%d") for row in plan.fresh]
    next_number: dict[str, int] = {}
    for day, count in Counter(days).items():
        next_number[day] = reserve(session, site=by.site, name=f"case:{day}", count=count)
    for case, day in zip(plan.cases, days):
        case["case_no"] = f"{by.site}-{day}-{next_number[day]:04d}"
        next_number[day] += 1
    people = plan.reporters.people if plan.reporters else []
    write_prepared(session, prepared, by=by,
                   reason=t("import.batch_reason", file=file_name, first=plan.fresh[0].where,
                            last=plan.fresh[-1].where, cases=len(plan.cases), people=len(people)))
    return before, values(session, site=by.site, names=_WRITERS_MOVE)


#: The counters every writer at a site moves (Written.log_span).
_WRITERS_MOVE = (CHANGELOG_SEQUENCE, AUDIT_COUNTER)
