"""Gap-free local number sequences: change-log seq, case numbers per day.

`next_value` inserts the counter row if missing, then increments it and reads the
new value in one statement. Under SQLite's IMMEDIATE write lock, or PostgreSQL's
row lock on the counter, two terminals saving in the same second get different
numbers, and a rolled-back save gives its number back.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from db.models.log import Counter


def next_value(session: Session, *, site: str, name: str) -> int:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(Counter).values(site=site, name=name, value=0).on_conflict_do_nothing(
            index_elements=["site", "name"]
        )
    )
    result = session.execute(
        update(Counter)
        .where(Counter.site == site, Counter.name == name)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    )
    return int(result.scalar_one())


def hold(session: Session, *, site: str, name: str) -> None:
    """Lock a counter without moving it, so locks are always taken in one order.

    PostgreSQL holds the row lock to the end of the transaction; under SQLite
    the IMMEDIATE write lock already serializes writers and this changes nothing.
    """
    session.execute(update(Counter).where(Counter.site == site, Counter.name == name).values(value=Counter.value))
