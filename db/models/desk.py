"""The desk's own records: the notes one duty officer leaves the next at the shift handover.

Also the indexes that keep the desk's figures cheap on a big database (the
dashboard counts open cases and hand-offs falling due on every refresh).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from db.models.base import Synced, moment
from db.models.cases import Case, CaseLink
from db.models.handoffs import FollowUp, Handoff


class HandoverNote(Synced, table=True):
    """What the officer of one duty shift tells the next (交接班), kept with the shift it closes.

    One per site and shift: the desk that wrote it numbers it, so two outposts'
    handovers never meet; a second save changes the same note (its version says so).
    """

    __table_args__ = (UniqueConstraint("site", "shift_start", name="uq_handovernote_site_shift_start"),)

    shift_start: datetime = moment(index=True)
    shift_end: datetime = moment()
    kind: str = Field(max_length=8)  # day | night
    note: str = Field(default="")


# Covering indexes for the desk's counts: "still open" reads (status, voided_at)
# only, "due today" and "overdue" one range of (status, due_at) per open status.
Index("ix_case_status_voided_at", Case.status, Case.voided_at)
Index("ix_handoff_status_due_at", Handoff.status, Handoff.due_at)
# The handover report: the hand-offs made in a shift, the cases raised on its patrols.
Index("ix_handoff_handed_at", Handoff.handed_at)
Index("ix_case_patrol_shift_id", Case.patrol_shift_id)
# The period statistics: a period's cases counted from one index range (no table rows), and
# the non-police cases of a period (the hand-off figures' cohort) as a range of their own.
Index("ix_case_received_figures", Case.received_at, Case.voided_at, Case.police, Case.category, Case.channel,
      Case.disposition, Case.site, Case.id)
Index("ix_case_police_received", Case.police, Case.received_at, Case.voided_at, Case.site, Case.id)
# The handover's call-backs owed (done hand-offs without a call-back that reached the citizen) and
# the backflow count on every hand-off queue row.
Index("ix_followup_handoff_reached", FollowUp.handoff_id, FollowUp.reached)
Index("ix_caselink_handoff_id", CaseLink.handoff_id)
