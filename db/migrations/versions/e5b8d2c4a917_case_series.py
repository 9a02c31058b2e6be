"""case series (串并): a named series and the cases an officer put in it

Revision ID: e5b8d2c4a917
Revises: e19d5a7c3b21
Create Date: 2026-12-06 00:30:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types


revision: str = 'e5b8d2c4a917'
down_revision: Union[str, None] = 'e19d5a7c3b21'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _synced() -> list[sa.Column]:
    return [
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('site', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_at', db.types.UTCDateTime(), nullable=False),
        sa.Column('updated_by', sa.Uuid(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        'series',
        *_synced(),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_series')),
    )
    op.create_index(op.f('ix_series_site'), 'series', ['site'], unique=False)
    op.create_table(
        'seriescase',
        *_synced(),
        sa.Column('series_id', sa.Uuid(), nullable=False),
        sa.Column('case_id', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['series_id'], ['series.id'], name=op.f('fk_seriescase_series_id_series')),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_seriescase_case_id_case')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_seriescase')),
    )
    op.create_index(op.f('ix_seriescase_site'), 'seriescase', ['site'], unique=False)
    op.create_index(op.f('ix_seriescase_series_id'), 'seriescase', ['series_id'], unique=False)
    op.create_index(op.f('ix_seriescase_case_id'), 'seriescase', ['case_id'], unique=False)
    # The similar-cases panel and the cluster view read a month of cases: every column they read, by time.
    op.create_index('ix_case_similar', 'case', ['received_at', 'voided_at', 'category', 'place', 'summary', 'status',
                                                 'case_no', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_case_similar', table_name='case')
    op.drop_index(op.f('ix_seriescase_case_id'), table_name='seriescase')
    op.drop_index(op.f('ix_seriescase_series_id'), table_name='seriescase')
    op.drop_index(op.f('ix_seriescase_site'), table_name='seriescase')
    op.drop_table('seriescase')
    op.drop_index(op.f('ix_series_site'), table_name='series')
    op.drop_table('series')
