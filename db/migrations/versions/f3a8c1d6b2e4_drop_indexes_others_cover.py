"""drop indexes that others cover: fewer index entries written per imported case and reporter

ix_case_received_at and ix_case_status are the first column of ix_case_received_figures and
ix_case_status_voided_at: every query they served is served by those (same order, same
ranges). People's pinyin and initials are looked up through the search keys
(searchkey), never by an index of the person's own columns; a list sorted by them is a
team's volunteers. Each dropped index was one more B-tree page written per new case or
person in a bulk import (about 1.5 of 21 WAL pages per imported row at a million cases).

Revision ID: f3a8c1d6b2e4
Revises: f2a6c8e4b1d3
Create Date: 2026-12-06 02:40:00.000000
"""

from typing import Sequence, Union

from alembic import op


revision: str = 'f3a8c1d6b2e4'
down_revision: Union[str, None] = 'f2a6c8e4b1d3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_DROPPED = (("ix_case_received_at", "case", ["received_at"]), ("ix_case_status", "case", ["status"]),
            ("ix_person_name_pinyin", "person", ["name_pinyin"]),
            ("ix_person_name_initials", "person", ["name_initials"]))


def upgrade() -> None:
    for name, table, _columns in _DROPPED:
        op.drop_index(name, table_name=table, if_exists=True)


def downgrade() -> None:
    for name, table, columns in _DROPPED:
        op.create_index(name, table, columns, unique=False, if_not_exists=True)
