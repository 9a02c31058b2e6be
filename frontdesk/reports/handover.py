"""The shift handover (交接班): what one duty officer leaves the next.

A duty shift is the day shift (08:00–20:00) or the night shift (20:00–08:00
the next morning), local time. The report for one shift lists the cases
received in it and which are still open, the hand-offs made and the call-backs
owed, the patrols that were out, and the officer's notes for the next one. The
notes are a synced record (`HandoverNote`), so an outpost's handover reaches
the station with its next bundle. The report is printed and left on the desk:
phone and ID numbers in it are masked as in every list, and writing it is in
the audit log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from db.models import (Case, CaseParty, Category, FollowUp, HandoverNote, Handoff, NonPoliceMatter, Officer,
                       PatrolCounter, Person, ReceivingBody)
from frontdesk.access.audit import chain_head
from frontdesk.disputes.views import ReviewRow, review
from frontdesk.handoffs.views import queue
from frontdesk.handoffs.case_view import reached_follow_up_exists
from frontdesk.handoffs.lists import local_name
from frontdesk.i18n import DeskError
from frontdesk.patrols.views import ShiftRow, list_shifts
from frontdesk.records import Actor, save
from frontdesk.validation import mask_numbers, mask_phone
from frontdesk.vocab import HANDOFF_OPEN, OPEN_STATUSES

KINDS = ("day", "night")
STARTS = {"day": time(8, 0), "night": time(20, 0)}
#: For this long after a shift ends its handover is still the one offered first.
HANDOVER_GRACE = timedelta(hours=2)
NOTE_MAX = 4000
#: Call-backs owed listed in full; beyond this the report gives the count.
CALL_BACKS_LISTED = 50


# ---- duty shifts -----------------------------------------------------------------------


@dataclass(frozen=True)
class DutyShift:
    day: date  # the date the shift began
    kind: str  # day | night
    start: datetime  # local, aware
    end: datetime

    @property
    def stem(self) -> str:
        """How the report files are named: handover-20261122-day."""
        return f"handover-{self.day:%Y%m%d}-{self.kind}"


def duty_shift(day: date, kind: str, zone: ZoneInfo) -> DutyShift:
    """The day or night shift that began on `day`."""
    if kind not in KINDS:
        raise ValueError(kind)
    start = datetime.combine(day, STARTS[kind], tzinfo=zone)
    other = "night" if kind == "day" else "day"
    end_day = day if kind == "day" else day + timedelta(days=1)
    return DutyShift(day, kind, start, datetime.combine(end_day, STARTS[other], tzinfo=zone))


def shift_at(moment: datetime, zone: ZoneInfo) -> DutyShift:
    """The shift on duty at `moment`."""
    local = moment.astimezone(zone)
    if local.time() < STARTS["day"]:
        return duty_shift(local.date() - timedelta(days=1), "night", zone)
    return duty_shift(local.date(), "day" if local.time() < STARTS["night"] else "night", zone)


def next_shift(shift: DutyShift, step: int, zone: ZoneInfo) -> DutyShift:
    """The shift `step` shifts after (or, negative, before) `shift`."""
    current = shift
    for _ in range(abs(step)):
        moment = current.end if step > 0 else current.start - timedelta(minutes=1)
        current = shift_at(moment, zone)
    return current


def handover_shift(now: datetime, zone: ZoneInfo) -> DutyShift:
    """The shift to hand over now: the one just ended in the first hours of the next, else the current one."""
    current = shift_at(now, zone)
    if now - current.start < HANDOVER_GRACE:
        return next_shift(current, -1, zone)
    return current


# ---- what the report holds ---------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedCase:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime
    category: str  # in the officer's language
    place: str  # numbers masked
    status: str
    summary: str  # numbers masked
    reporter: str
    reporter_phone: str  # masked

    @property
    def still_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True)
class HandedOff:
    case_no: str
    body: str
    matter: str
    handed_at: datetime
    due_at: datetime | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class CallBackOwed:
    case_no: str
    body: str
    done_at: datetime | None
    reporter: str
    reporter_phone: str  # masked
    tries: int


@dataclass(frozen=True)
class PatrolLine:
    team: str
    area: str
    planned_start: datetime
    planned_end: datetime
    came: int
    listed: int
    no_shows: int
    worked: timedelta
    counters: tuple[tuple[str, int], ...]  # (name, value)
    cases: int
    needs_review: bool


@dataclass(frozen=True)
class Handover:
    shift: DutyShift
    made_at: datetime
    cases: tuple[ReceivedCase, ...]
    handed_off: tuple[HandedOff, ...]
    call_backs: tuple[CallBackOwed, ...]
    call_backs_owed: int  # all of them; `call_backs` lists the oldest few
    overdue_handoffs: int  # at the station, now
    patrols: tuple[PatrolLine, ...]
    counters: tuple[tuple[str, int], ...]  # summed over the patrols
    note: str = ""
    note_version: int | None = None
    note_by: str = ""
    note_at: datetime | None = None
    station: str = ""
    officer: str = field(default="")
    #: The site's audit chain head when the report was made (seq, hash): on paper, a witness
    #: that the log as it stood then is still the log (`frontdesk audit verify` lists heads).
    audit_head: tuple[int, str] | None = None
    #: The daily review: every open dispute, oldest first, as the handover is made.
    disputes: tuple[ReviewRow, ...] = ()

    @property
    def still_open(self) -> tuple[ReceivedCase, ...]:
        return tuple(case for case in self.cases if case.still_open)

    @property
    def volunteers(self) -> int:
        return sum(line.came for line in self.patrols)

    @property
    def worked(self) -> timedelta:
        return sum((line.worked for line in self.patrols), timedelta(0))

    @property
    def patrol_cases(self) -> int:
        return sum(line.cases for line in self.patrols)

    @property
    def flagged(self) -> int:
        return sum(1 for line in self.patrols if line.needs_review)


def _received(session: Session, shift: DutyShift) -> tuple[ReceivedCase, ...]:
    reporter, person = aliased(CaseParty), aliased(Person)
    rows = session.exec(
        select(Case, Category.name_zh, Category.name_en, person.name, reporter.phone_e164)
        .join(Category, Category.code == Case.category, isouter=True)
        .join(reporter, and_(reporter.case_id == Case.id, reporter.role == "reporter"), isouter=True)
        .join(person, person.id == reporter.person_id, isouter=True)
        .where(Case.received_at >= shift.start, Case.received_at < shift.end, Case.voided_at.is_(None))
        .order_by(Case.received_at, Case.case_no)
    ).all()
    return tuple(
        ReceivedCase(case.id, case.case_no, case.received_at,
                     local_name(zh, en) if zh else case.category, mask_numbers(case.place), case.status,
                     mask_numbers(case.summary), name or "", mask_phone(phone) if phone else "")
        for case, zh, en, name, phone in rows
    )


def _handed_off(session: Session, shift: DutyShift, now: datetime) -> tuple[HandedOff, ...]:
    rows = session.exec(
        select(Handoff, Case.case_no, ReceivingBody.name_zh, ReceivingBody.name_en, NonPoliceMatter.name_zh,
               NonPoliceMatter.name_en)
        .join(Case, Case.id == Handoff.case_id)
        .join(ReceivingBody, ReceivingBody.id == Handoff.body_id)
        .join(NonPoliceMatter, NonPoliceMatter.code == Handoff.matter, isouter=True)
        .where(Handoff.handed_at >= shift.start, Handoff.handed_at < shift.end)
        .order_by(Handoff.handed_at, Case.case_no)
    ).all()
    return tuple(
        HandedOff(case_no, local_name(body_zh, body_en), local_name(m_zh, m_en) if m_zh else (h.matter or ""),
                  h.handed_at, h.due_at, h.status,
                  h.status in HANDOFF_OPEN and h.due_at is not None and h.due_at < now)
        for h, case_no, body_zh, body_en, m_zh, m_en in rows
    )


def _patrols(session: Session, shift: DutyShift) -> tuple[tuple[PatrolLine, ...], tuple[tuple[str, int], ...]]:
    """Patrol shifts that were out during the duty shift (planned or actual times overlapping it)."""
    rows: list[ShiftRow] = list_shifts(session, since=shift.day - timedelta(days=1), until=shift.end.date())
    overlapping = [
        row for row in rows
        if min(row.planned_start, row.actual_start or row.planned_start) < shift.end
        and (row.actual_end or row.planned_end) > shift.start
    ]
    names = {code: local_name(zh, en) for code, zh, en in session.exec(
        select(PatrolCounter.code, PatrolCounter.name_zh, PatrolCounter.name_en).order_by(PatrolCounter.sort))}
    order = {code: index for index, code in enumerate(names)}
    sums: dict[str, int] = {}
    lines = []
    for row in sorted(overlapping, key=lambda r: (r.planned_start, r.team)):
        counted = sorted(((code, value) for code, value in row.counters if value), key=lambda c: order.get(c[0], 999))
        for code, value in counted:
            sums[code] = sums.get(code, 0) + value
        lines.append(PatrolLine(row.team, mask_numbers(row.area), row.planned_start, row.planned_end,
                                row.checked_in, row.listed, row.no_shows, row.worked,
                                tuple((names.get(code, code), value) for code, value in counted), row.cases,
                                row.needs_review))
    totals = tuple((names.get(code, code), value)
                   for code, value in sorted(sums.items(), key=lambda c: order.get(c[0], 999)))
    return tuple(lines), totals


def find_note(session: Session, shift: DutyShift, *, site: str) -> HandoverNote | None:
    return session.exec(
        select(HandoverNote).where(HandoverNote.site == site, HandoverNote.shift_start == shift.start)
    ).first()


def call_backs_owed(session: Session) -> int:
    """How many done hand-offs have no call-back that reached the citizen, station-wide.

    Counted as done hand-offs less those with a reaching call-back; the latter are the hand-offs
    named by reaching call-backs (one index scan) less the few not done (a probe from each hand-off
    not done): no probe per done hand-off, which at a million cases are most of them.
    """
    done = int(session.exec(select(func.count()).select_from(Handoff).where(Handoff.status == "done")).one())
    reached = select(FollowUp.handoff_id).where(FollowUp.handoff_id.is_not(None), FollowUp.reached).distinct()
    with_call = int(session.exec(select(func.count()).select_from(reached.subquery())).one())
    not_done = int(session.exec(
        select(func.count()).select_from(Handoff).where(Handoff.status != "done", reached_follow_up_exists())
    ).one())
    return done - (with_call - not_done)


def handover(session: Session, shift: DutyShift, *, now: datetime, zone: ZoneInfo, site: str) -> Handover:
    """Everything the report for `shift` says, as of `now`."""
    owed = call_backs_owed(session)
    owed_rows = queue(session, "awaiting_follow_up", now=now, zone=zone, sort="due", limit=CALL_BACKS_LISTED)
    call_backs = tuple(CallBackOwed(r.case_no, r.body, r.done_at, r.reporter, r.reporter_phone, r.calls)
                       for r in owed_rows)
    overdue = int(session.exec(select(func.count()).select_from(Handoff).where(
        Handoff.status.in_(HANDOFF_OPEN), Handoff.due_at < now)).one())
    patrols, counters = _patrols(session, shift)
    note = find_note(session, shift, site=site)
    writer = session.get(Officer, note.updated_by) if note is not None and note.updated_by else None
    return Handover(
        shift=shift, made_at=now, cases=_received(session, shift), handed_off=_handed_off(session, shift, now),
        call_backs=call_backs, call_backs_owed=owed, overdue_handoffs=overdue, patrols=patrols,
        counters=counters, note=note.note if note else "", note_version=note.version if note else None,
        note_by=writer.name if writer else "", note_at=note.updated_at if note else None,
        audit_head=chain_head(session, site), disputes=tuple(review(session, now=now)),
    )


def save_note(session: Session, shift: DutyShift, text: str, *, version: int | None, by: Actor) -> HandoverNote:
    """Keep the notes for the next officer with the shift (a new note, or a change to the one there).

    `version` is the note's version the officer was shown (None: there was
    none); if another desk saved it since, the save is refused, not overwritten.
    """
    text = text.rstrip()
    if len(text) > NOTE_MAX:
        raise DeskError("handover.note_too_long", most=NOTE_MAX)
    note = find_note(session, shift, site=by.site)
    if note is None:
        if version is not None:
            raise DeskError("handover.note_changed")
        note = HandoverNote(shift_start=shift.start, shift_end=shift.end, kind=shift.kind, note=text)
        return save(session, note, by=by, action="create")
    if version is None or note.version != version:
        raise DeskError("handover.note_changed")
    note.note = text
    return save(session, note, by=by, expected_version=version)
