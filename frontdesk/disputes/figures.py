"""A period's dispute figures: dispute cases, disputes opened and ended, the share resolved (化解率), the share
resolved on site, and repeat reports per dispute before and after it got an owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Case, Dispute, DisputeCase


@dataclass(frozen=True)
class DisputeFigures:
    #: Cases received in the period that belong to a dispute.
    dispute_cases: int
    opened: int
    #: Disputes that left the open states in the period, and how many of them were resolved / on site.
    ended: int
    resolved: int
    resolved_on_site: int
    #: Of the disputes opened in the period: their cases before the owner took them, and after.
    reports_before_owner: int
    reports_after_owner: int

    @property
    def any(self) -> bool:
        return bool(self.dispute_cases or self.opened or self.ended)

    @property
    def resolved_share(self) -> float | None:
        return self.resolved / self.ended if self.ended else None

    @property
    def on_site_share(self) -> float | None:
        return self.resolved_on_site / self.resolved if self.resolved else None

    @property
    def before_per_dispute(self) -> float | None:
        return self.reports_before_owner / self.opened if self.opened else None

    @property
    def after_per_dispute(self) -> float | None:
        return self.reports_after_owner / self.opened if self.opened else None


def figures(session: Session, *, since: datetime, until: datetime, site: str | None = None) -> DisputeFigures:
    """The figures of [since, until) (UTC moments), of every site or of `site`'s disputes."""
    at_site = [] if site is None else [Dispute.site == site]
    dispute_cases = session.exec(
        select(func.count(func.distinct(DisputeCase.case_id))).join(Case, Case.id == DisputeCase.case_id)
        .where(Case.received_at >= since, Case.received_at < until, Case.voided_at.is_(None),
               *([] if site is None else [Case.site == site]))).one()
    opened = session.exec(select(func.count()).select_from(Dispute)
                          .where(Dispute.opened_at >= since, Dispute.opened_at < until, *at_site)).one()
    ended_rows = session.exec(select(Dispute.state, Dispute.resolved_on_site)
                              .where(Dispute.closed_at >= since, Dispute.closed_at < until, *at_site)).all()
    resolved = [on_site for state, on_site in ended_rows if state == "resolved"]
    owned = session.exec(
        select(Case.received_at, Dispute.owned_at).join(DisputeCase, DisputeCase.case_id == Case.id)
        .join(Dispute, Dispute.id == DisputeCase.dispute_id)
        .where(Dispute.opened_at >= since, Dispute.opened_at < until, *at_site)).all()
    # The case the dispute was opened from is its last report before the owner.
    before = sum(1 for received, owned_at in owned if owned_at is None or received <= owned_at)
    return DisputeFigures(dispute_cases=dispute_cases, opened=opened, ended=len(ended_rows), resolved=len(resolved),
                          resolved_on_site=sum(1 for on_site in resolved if on_site),
                          reports_before_owner=before, reports_after_owner=len(owned) - before)
