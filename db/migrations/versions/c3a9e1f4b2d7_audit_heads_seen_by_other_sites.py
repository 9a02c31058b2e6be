"""audit heads seen by other sites (carried in sync bundles), so a chain rewritten whole is found

Revision ID: c3a9e1f4b2d7
Revises: a4d9e2c71b30
Create Date: 2026-12-05 23:30:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types


revision: str = 'c3a9e1f4b2d7'
down_revision: Union[str, None] = 'a4d9e2c71b30'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'audithead',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('site', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('from_site', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('received_at', db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audithead')),
        sa.UniqueConstraint('site', 'seq', 'hash', name='uq_audithead_site_seq_hash'),
    )


def downgrade() -> None:
    op.drop_table('audithead')
