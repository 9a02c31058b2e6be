"""The audit log: checking its hash chain, and reading it for supervisors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from db.audit_chain import COUNTER, ChainReport, verify_chain
from db.models import AuditEvent, AuditHead, Case, Counter, Officer, Person
from frontdesk.callers import lookup as search
from frontdesk.i18n import t
from frontdesk.access.roles import require
from frontdesk.records import Actor, audit
from frontdesk.validation import mask_numbers

COLUMNS = ("site", "seq", "at", "officer_id", "action", "table_name", "record_id", "outcome", "reason",
           "prev_hash", "hash")


def verify(session: Session, *, site: str | None = None) -> ChainReport:
    """Walk every site's chain in order; read in batches, never the whole log at once.

    The heads other sites saw (AuditHead) are checked too: the chain of `site` (this
    database's own) and of any site numbered here must still hold each of them.
    """
    query = (
        select(*(getattr(AuditEvent, name) for name in COLUMNS))
        .order_by(AuditEvent.site, AuditEvent.seq)
        .execution_options(yield_per=5000)
    )
    events = (dict(zip(COLUMNS, row)) for row in session.execute(query))
    counters = {site: value for site, value in session.exec(
        select(Counter.site, Counter.value).where(Counter.name == COUNTER)).all()}
    held = session.exec(select(AuditHead.site, AuditHead.seq, AuditHead.hash)).all()
    return verify_chain(events, counters, held=held, chained_here=[site] if site else [])


def heads_held(session: Session) -> int:
    """How many chain heads seen by other sites this database keeps."""
    return session.exec(select(func.count()).select_from(AuditHead)).one()


def chain_head(session: Session, site: str) -> tuple[int, str] | None:
    """(seq, hash) of the last event of `site`'s audit chain, or None before its first."""
    row = session.exec(select(AuditEvent.seq, AuditEvent.hash).where(AuditEvent.site == site)
                       .order_by(AuditEvent.seq.desc()).limit(1)).first()
    return (row[0], row[1]) if row is not None else None


def heads_for(session: Session, *, here: str, to_site: str) -> list[list]:
    """What a bundle from `here` to `to_site` carries: this site's head, and every head of
    `to_site`'s chain kept here, as [site, seq, hash] (the receiver keeps them all)."""
    carried = []
    own = chain_head(session, here)
    if own is not None:
        carried.append([here, own[0], own[1]])
    for seen_site, seq, digest in session.exec(
            select(AuditHead.site, AuditHead.seq, AuditHead.hash).where(AuditHead.site == to_site)
            .order_by(AuditHead.seq)).all():
        carried.append([seen_site, seq, digest])
    return carried


def keep_heads(session: Session, carried: object, *, from_site: str, now: datetime) -> int:
    """Keep the heads a bundle carried (see `heads_for`) that are new here; how many were."""
    if not isinstance(carried, list):
        return 0
    kept = 0
    for item in carried:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)
                and isinstance(item[1], int) and isinstance(item[2], str)):
            continue
        seen_site, seq, digest = item
        known = session.exec(select(AuditHead.id).where(AuditHead.site == seen_site, AuditHead.seq == seq,
                                                        AuditHead.hash == digest)).first()
        if known is None:
            session.add(AuditHead(site=seen_site[:16], seq=seq, hash=digest[:64], from_site=from_site[:16],
                                  received_at=now))
            kept += 1
    return kept


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


#: Every action the program writes into the audit log, each named in the catalogue as audit.action.<code>
#: (tests/unit/test_words.py walks the code for the actions it writes and checks this list against them).
ACTIONS = (
    # signing in and the desk
    "sign_in", "sign_out", "lock", "shift_change", "unlock", "read_audit", "audit_verify", "backup", "restore",
    "demo_build",
    # officers and categories
    "create_admin", "add_officer", "set_officer", "role_change", "retire_officer", "reinstate_officer",
    "add_category", "change_category", "category_on", "category_off", "move_category",
    # people and cases
    "view_person", "reveal", "merge", "unmerge", "review_reporter", "create", "update", "take_on", "close",
    "reopen", "void", "link",
    # hand-offs
    "hand_off", "handoff_sent", "handoff_accepted", "handoff_done", "handoff_returned", "follow_up", "backflow",
    "slip",
    # patrols
    "activate", "deactivate", "check_in", "check_out", "no_show", "correct_times", "count", "end_shift", "review",
    "auto_check_out", "auto_close", "undo_check_in", "undo_check_out",
    # files and sync
    "export", "import", "sync_export", "sync_import", "sync_trust", "resolve_conflict", "not_same_person", "unseal",
    # disputes and series
    "open_dispute", "dispute_step", "dispute_mediating", "dispute_resolved", "dispute_referred", "dispute_unresolved",
    "assign_dispute", "series_start", "series_add",
    # people's tags
    "add_tag_class", "change_tag_class", "tag_class_on", "tag_class_off", "add_tag", "change_tag", "tag_on",
    "tag_off", "tag_person", "untag_person", "tag_by_rule", "untag_by_rule",
    # outreach
    "campaign_start", "campaign_assign", "campaign_contact", "campaign_finish", "list_export",
)
#: The actions the F9 filter offers.
ACTIONS_SHOWN = ("sign_in", "sign_out", "lock", "shift_change", "unlock", "view_person", "reveal", "create",
                 "update", "close", "reopen", "void", "hand_off", "follow_up", "slip", "export", "import",
                 "merge", "role_change", "set_officer", "create_admin", "check_in", "end_shift", "read_audit")
#: Every kind of record an event can be about (a table), each named in the catalogue as audit.table.<name>.
RECORD_KINDS = tuple(sorted(SQLModel.metadata.tables))


def action_words(action: str) -> str:
    """An action as the desk's language names it; a code this program does not know, as stored."""
    return t(f"audit.action.{action}") if action in ACTIONS else action


def record_kind_words(table_name: str) -> str:
    """A kind of record as the desk's language names it ("" for an event about no record)."""
    return t(f"audit.table.{table_name}") if table_name in RECORD_KINDS else table_name


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
    """The filters a supervisor read the log with, in the desk's language ("Officer: 031245; Action: Sign-in")."""
    parts = [t("audit.reason.filter", name=t(label), value=value) for label, value in (
        ("audit.officer", filters.officer), ("audit.person", filters.person),
        ("audit.action", action_words(filters.action) if filters.action else "")) if value]
    return mask_numbers(t("words.clause_sep").join(parts))[:200]
