"""a referred dispute keeps the hand-off it was referred through

Revision ID: f2a6c8e4b1d3
Revises: f18b2d3e4f52
Create Date: 2026-12-06 02:30:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'f2a6c8e4b1d3'
down_revision: Union[str, None] = 'f18b2d3e4f52'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.add_column(sa.Column('referral_handoff_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_dispute_referral_handoff_id'), ['referral_handoff_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_dispute_referral_handoff_id_handoff'), 'handoff',
                                    ['referral_handoff_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_dispute_referral_handoff_id_handoff'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_dispute_referral_handoff_id'))
        batch_op.drop_column('referral_handoff_id')
