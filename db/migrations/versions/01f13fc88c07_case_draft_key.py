"""case draft key (the form draft a case was saved from, unique, written with the case) and reopen reason

Revision ID: 01f13fc88c07
Revises: 5c1e0a7d2b94
Create Date: 2026-12-05 20:58:22.968045
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '01f13fc88c07'
down_revision: Union[str, None] = '5c1e0a7d2b94'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_key', sa.Uuid(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_case_draft_key'), ['draft_key'])
        batch_op.add_column(sa.Column('reopen_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                      server_default=sa.text("''")))


def downgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('reopen_reason')
        batch_op.drop_constraint(batch_op.f('uq_case_draft_key'), type_='unique')
        batch_op.drop_column('draft_key')
