"""the cases' text index for similar words: FTS5 on SQLite, a tsvector under GIN on PostgreSQL

`casewordrow` holds each case's row number in the index (its received second << 20 plus bits of
its id, so a window of days is a row range); `casewords` holds the summary's and narrative's
tokens (Chinese character pairs and Latin words, made by db.case_words.tokens). Back-filled here
from every case; the GIN index is made after the back-fill (one build instead of a million
insertions into it).

Revision ID: f4c8a2d6b1e3
Revises: f3a8c1d6b2e4
Create Date: 2026-12-06 02:40:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import db.types  # noqa: F401


revision: str = 'f4c8a2d6b1e3'
down_revision: Union[str, None] = 'f3a8c1d6b2e4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    from db.case_words import TABLE, backfill
    op.create_table(
        'casewordrow',
        sa.Column('case_id', sa.Uuid(), nullable=False),
        sa.Column('row', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_casewordrow_case_id_case')),
        sa.PrimaryKeyConstraint('case_id', name=op.f('pk_casewordrow')),
        sa.UniqueConstraint('row', name=op.f('uq_casewordrow_row')),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE {TABLE} USING fts5(words, tokenize = 'unicode61 remove_diacritics 0')")
    else:
        op.execute(f"CREATE TABLE {TABLE} (row BIGINT PRIMARY KEY, words TSVECTOR NOT NULL)")
    backfill(bind)
    if bind.dialect.name == "sqlite":
        op.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")
    else:
        op.execute(f"CREATE INDEX ix_{TABLE}_words ON {TABLE} USING gin (words)")


def downgrade() -> None:
    from db.case_words import TABLE
    op.execute(f"DROP TABLE {TABLE}")
    op.drop_table('casewordrow')
