"""byte-ordered number columns for prefix search on PostgreSQL

Revision ID: d21f3a75f1b5
Revises: 3a6efafedb74
Create Date: 2026-11-22 22:01:55.314538
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op



revision: str = 'd21f3a75f1b5'
down_revision: Union[str, None] = '3a6efafedb74'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# (table, column, length): columns searched by prefix ranges.
BYTE_ORDERED = [
    ("person", "resident_id", 18),
    ("person", "resident_id_reversed", 18),
    ("personphone", "e164", 20),
    ("personphone", "digits_reversed", 20),
    ("case", "case_no", 32),
]


def upgrade() -> None:
    # SQLite compares bytes already; only PostgreSQL needs the C collation.
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in BYTE_ORDERED:
        op.alter_column(table, column, type_=sa.String(length, collation="C"),
                        existing_type=sa.String(length), postgresql_using=f'"{column}" COLLATE "C"')


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in BYTE_ORDERED:
        op.alter_column(table, column, type_=sa.String(length), existing_type=sa.String(length, collation="C"))
