"""sync bundles: site keys, trusted peers, acknowledgements, bundles and conflicts

Revision ID: 5c1e0a7d2b94
Revises: 5e81c0d4a7b2
Create Date: 2026-11-23 09:10:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types


revision: str = '5c1e0a7d2b94'
down_revision: Union[str, None] = '5e81c0d4a7b2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('sitekey',
    sa.Column('site', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('private_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('public_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('site', name=op.f('pk_sitekey'))
    )
    op.create_table('syncpeer',
    sa.Column('site', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('public_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('trusted_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('trusted_by', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('site', name=op.f('pk_syncpeer'))
    )
    op.create_table('syncack',
    sa.Column('peer', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('peer', 'origin', name=op.f('pk_syncack'))
    )
    op.create_table('syncbundle',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('direction', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('peer', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('at', db.types.UTCDateTime(), nullable=False),
    sa.Column('by', sa.Uuid(), nullable=True),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=260), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('applied', sa.Integer(), nullable=False),
    sa.Column('already', sa.Integer(), nullable=False),
    sa.Column('conflicts', sa.Integer(), nullable=False),
    sa.Column('ranges', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_syncbundle'))
    )
    with op.batch_alter_table('syncbundle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_syncbundle_peer'), ['peer'], unique=False)
    op.create_table('syncconflict',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('table_name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('other_id', sa.Uuid(), nullable=True),
    sa.Column('origin_site', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('origin_seq', sa.Integer(), nullable=False),
    sa.Column('bundle_id', sa.Uuid(), nullable=True),
    sa.Column('base', sa.JSON(), nullable=False),
    sa.Column('ours', sa.JSON(), nullable=False),
    sa.Column('theirs', sa.JSON(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('found_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('resolved_at', db.types.UTCDateTime(), nullable=True),
    sa.Column('resolved_by', sa.Uuid(), nullable=True),
    sa.Column('outcome', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_syncconflict'))
    )
    with op.batch_alter_table('syncconflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_syncconflict_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_syncconflict_status'), ['status'], unique=False)
    with op.batch_alter_table('changelog', schema=None) as batch_op:
        batch_op.add_column(sa.Column('applied', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('changelog', schema=None) as batch_op:
        batch_op.drop_column('applied')
    with op.batch_alter_table('syncconflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_syncconflict_status'))
        batch_op.drop_index(batch_op.f('ix_syncconflict_record_id'))
    op.drop_table('syncconflict')
    with op.batch_alter_table('syncbundle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_syncbundle_peer'))
    op.drop_table('syncbundle')
    op.drop_table('syncack')
    op.drop_table('syncpeer')
    op.drop_table('sitekey')
