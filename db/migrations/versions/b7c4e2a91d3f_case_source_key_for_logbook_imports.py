"""case source key for logbook imports

Revision ID: b7c4e2a91d3f
Revises: 0fafdbe9dbd9
Create Date: 2026-11-23 09:10:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'b7c4e2a91d3f'
down_revision: Union[str, None] = '0fafdbe9dbd9'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_case_source_key'), ['source_key'])


def downgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_case_source_key'), type_='unique')
        batch_op.drop_column('source_key')
