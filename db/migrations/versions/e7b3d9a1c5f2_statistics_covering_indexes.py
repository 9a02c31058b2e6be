"""covering indexes for the period statistics and the shift handover

Statistics: cases by received time, non-police cases by received time.
Handover and hand-off queues: call-backs by hand-off with whether they reached the
citizen (the call-backs owed), backflow links by hand-off (each queue row counts them).

The statistics screen counts a period's cases by category, channel, hour and
disposition from one index range (no table rows read), and the hand-off figures
start from the period's non-police cases (a range of their own index).

Revision ID: e7b3d9a1c5f2
Revises: c3a9e1f4b2d7
Create Date: 2026-12-06 00:30:00.000000
"""

from typing import Sequence, Union

from alembic import op


revision: str = 'e7b3d9a1c5f2'
down_revision: Union[str, None] = 'c3a9e1f4b2d7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_case_received_figures', 'case',
                    ['received_at', 'voided_at', 'police', 'category', 'channel', 'disposition', 'site', 'id'],
                    unique=False, if_not_exists=True)
    op.create_index('ix_case_police_received', 'case', ['police', 'received_at', 'voided_at', 'site', 'id'],
                    unique=False, if_not_exists=True)
    op.create_index('ix_followup_handoff_reached', 'followup', ['handoff_id', 'reached'], unique=False,
                    if_not_exists=True)
    op.create_index('ix_caselink_handoff_id', 'caselink', ['handoff_id'], unique=False, if_not_exists=True)


def downgrade() -> None:
    op.drop_index('ix_caselink_handoff_id', table_name='caselink')
    op.drop_index('ix_followup_handoff_reached', table_name='followup')
    op.drop_index('ix_case_police_received', table_name='case')
    op.drop_index('ix_case_received_figures', table_name='case')
