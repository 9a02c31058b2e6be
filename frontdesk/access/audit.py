"""The audit log: checking its hash chain, and reading it for supervisors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from db.audit_chain import COUNTER, ChainReport, verify_chain
from db.models import AuditEvent, Case, Counter, Officer, Person
from frontdesk.callers import lookup as search
from frontdesk.access.roles import require
from frontdesk.records import Actor, audit
from frontdesk.validation import mask_numbers

COLUMNS = ("site", "seq", "at", "officer_id", "action", "table_name", "record_id", "outcome", "reason",
           "prev_hash", "hash")


def verify(session: Session) -> ChainReport:
    """Walk every site's chain in order; read in batches, never the whole log at once."""
    query = (
        select(*(getattr(AuditEvent, name) for name in COLUMNS))
        .order_by(AuditEvent.site, AuditEvent.seq)
        .execution_options(yield_per=5000)
    )
    events = (dict(zip(COLUMNS, row)) for row in session.execute(query))
    counters = {site: value for site, value in session.exec(
        select(Counter.site, Counter.value).where(Counter.name == COUNTER)).all()}
    return verify_chain(events, counters)


@dataclass(frozen=True)
class AuditFilter:
    officer: str = ""  # badge number
    person: str = ""  # name, phone, ID… as the look-up box takes them
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    seq: int
    site: str
    officer: str
    badge: str
    action: str
    table_name: str
    record: str  # a person's name or a case number where there is one
    outcome: str
    reason: str


ACTIONS_SHOWN = ("sign_in", "sign_out", "lock", "shift_change", "unlock", "view_person", "reveal", "create",
                 "update", "close", "reopen", "void", "hand_off", "follow_up", "slip", "export", "import",
                 "merge_people", "role_change", "set_officer", "create_admin")


def read_events(session: Session, filters: AuditFilter, *, by: Actor, limit: int = 500) -> list[AuditRow]:
    """The audit log for a supervisor, newest first; reading it is itself audited."""
    require(by, "read_audit")
    query = (
        select(AuditEvent, Officer.name, Officer.badge_no, Person.name, Case.case_no)
        .join(Officer, Officer.id == AuditEvent.officer_id, isouter=True)
        .join(Person, Person.id == AuditEvent.record_id, isouter=True)
        .join(Case, Case.id == AuditEvent.record_id, isouter=True)
    )
    if filters.officer.strip():
        query = query.where(Officer.badge_no == filters.officer.strip())
    if filters.person.strip():
        people = [hit.person_id for hit in search.search(session, filters.person).people]
        query = query.where(AuditEvent.record_id.in_(people))
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.since is not None:
        query = query.where(AuditEvent.at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditEvent.at < filters.until)
    rows = session.exec(query.order_by(AuditEvent.at.desc(), AuditEvent.seq.desc()).limit(limit)).all()
    audit(session, by=by, action="read_audit", reason=_described(filters))
    return [
        AuditRow(at=e.at, seq=e.seq, site=e.site, officer=officer or "", badge=badge or "", action=e.action,
                 table_name=e.table_name, record=person or case_no or "", outcome=e.outcome,
                 reason=mask_numbers(e.reason))
        for e, officer, badge, person, case_no in rows
    ]


def _described(filters: AuditFilter) -> str:
    parts = [f"{name}={value}" for name, value in (("officer", filters.officer), ("person", filters.person),
                                                   ("action", filters.action)) if value]
    return mask_numbers(" ".join(parts))[:200]
