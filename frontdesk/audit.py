"""The audit log: checking its hash chain, and reading it for supervisors."""

from __future__ import annotations

from sqlmodel import Session, select

from db.audit_chain import COUNTER, ChainReport, verify_chain
from db.models import AuditEvent, Counter

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
