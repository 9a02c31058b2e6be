"""covering indexes for the period statistics and the shift handover; look-up keys ranked by reports

Look-up: every search key carries its person's reports (cases reported) and the last
one's time, and a rank made of them; a one- or two-character query reads its first page
from (lead1|lead2, rank). Back-filled here from the case parties.

Statistics: cases by received time, non-police cases by received time.
Handover and hand-off queues: call-backs by hand-off with whether they reached the
citizen (the call-backs owed), backflow links by hand-off (each queue row counts them).

The statistics screen counts a period's cases by category, channel, hour and
disposition from one index range (no table rows read), and the hand-off figures
start from the period's non-police cases (a range of their own index).

Revision ID: e7b3d9a1c5f2
Revises: e5b8d2c4a917
Create Date: 2026-12-06 00:30:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = 'e7b3d9a1c5f2'
down_revision: Union[str, None] = 'e5b8d2c4a917'
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

    with op.batch_alter_table('searchkey', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lead1', db.types.byte_ordered(4), server_default=sa.text("''"),
                                      nullable=False))
        batch_op.add_column(sa.Column('lead2', db.types.byte_ordered(8), server_default=sa.text("''"),
                                      nullable=False))
        batch_op.add_column(sa.Column('reports', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('last_reported_at', db.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('rank', sa.BigInteger(), server_default=sa.text('0'), nullable=False))
    op.execute("UPDATE searchkey SET lead1 = substr(key, 1, 1), lead2 = substr(key, 1, 2)")
    from db.search_index import recount_all
    recount_all(op.get_bind())
    op.create_index('ix_searchkey_lead1_rank', 'searchkey', ['lead1', 'rank'], unique=False)
    op.create_index('ix_searchkey_lead2_rank', 'searchkey', ['lead2', 'rank'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_searchkey_lead2_rank', table_name='searchkey')
    op.drop_index('ix_searchkey_lead1_rank', table_name='searchkey')
    with op.batch_alter_table('searchkey', schema=None) as batch_op:
        for column in ('rank', 'last_reported_at', 'reports', 'lead2', 'lead1'):
            batch_op.drop_column(column)
    op.drop_index('ix_caselink_handoff_id', table_name='caselink')
    op.drop_index('ix_followup_handoff_reached', table_name='followup')
    op.drop_index('ix_case_police_received', table_name='case')
    op.drop_index('ix_case_received_figures', table_name='case')
