"""handover notes and desk figure indexes

The notes one duty officer leaves the next (a synced table, so they travel
between sites), two covering indexes for the desk's counts: open cases by
(status, voided_at), hand-offs falling due by (status, due_at), and two for
the handover report: hand-offs by the time they were made, cases by the
patrol shift that raised them.

Revision ID: 5e81c0d4a7b2
Revises: b7c4e2a91d3f
Create Date: 2026-11-23 10:20:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types


revision: str = '5e81c0d4a7b2'
down_revision: Union[str, None] = 'b7c4e2a91d3f'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('handovernote',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('shift_start', db.types.UTCDateTime(), nullable=False),
    sa.Column('shift_end', db.types.UTCDateTime(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handovernote')),
    sa.UniqueConstraint('site', 'shift_start', name='uq_handovernote_site_shift_start')
    )
    with op.batch_alter_table('handovernote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handovernote_shift_start'), ['shift_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_handovernote_site'), ['site'], unique=False)

    # Plain CREATE INDEX (no table rebuild): quick even on a million cases.
    op.create_index('ix_case_status_voided_at', 'case', ['status', 'voided_at'], unique=False, if_not_exists=True)
    op.create_index('ix_handoff_status_due_at', 'handoff', ['status', 'due_at'], unique=False, if_not_exists=True)
    op.create_index('ix_handoff_handed_at', 'handoff', ['handed_at'], unique=False, if_not_exists=True)
    op.create_index('ix_case_patrol_shift_id', 'case', ['patrol_shift_id'], unique=False, if_not_exists=True)


def downgrade() -> None:
    op.drop_index('ix_case_patrol_shift_id', table_name='case')
    op.drop_index('ix_handoff_handed_at', table_name='handoff')
    op.drop_index('ix_handoff_status_due_at', table_name='handoff')
    op.drop_index('ix_case_status_voided_at', table_name='case')
    with op.batch_alter_table('handovernote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handovernote_site'))
        batch_op.drop_index(batch_op.f('ix_handovernote_shift_start'))

    op.drop_table('handovernote')
