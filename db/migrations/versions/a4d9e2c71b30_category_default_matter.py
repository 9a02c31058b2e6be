"""category default hand-off matter (the non-police matter a case of the category is handed off as)

Revision ID: a4d9e2c71b30
Revises: 01f13fc88c07
Create Date: 2026-12-05 23:20:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'a4d9e2c71b30'
down_revision: Union[str, None] = '01f13fc88c07'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.add_column(sa.Column('default_matter', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.drop_column('default_matter')
