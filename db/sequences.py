"""Gap-free local number sequences: change-log seq, case numbers per day.

`next_value` inserts the counter row if missing, then increments it and reads the
new value in one statement. Under SQLite's IMMEDIATE write lock, or PostgreSQL's
row lock on the counter, two terminals saving in the same second get different
numbers, and a rolled-back save gives its number back.

The statements go to the driver as written (one per dialect, made once): every save
and every batch of an import takes two or three of them, and SQLAlchemy's own
statement handling cost more than the database's work.
"""

from __future__ import annotations

from functools import lru_cache

from sqlmodel import Session

from db.models.log import Counter


@lru_cache(maxsize=4)
def _statements(dialect_name: str, paramstyle: str) -> tuple[str, str, str]:
    """(create the counter if missing, move it by n and return the new value, lock it unmoved)."""
    mark = "?" if paramstyle == "qmark" else "%s"
    table = Counter.__tablename__
    where = f"site = {mark} AND name = {mark}"
    return (f"INSERT INTO {table} (site, name, value) VALUES ({mark}, {mark}, 0) ON CONFLICT (site, name) DO NOTHING",
            f"UPDATE {table} SET value = value + {mark} WHERE {where} RETURNING value",
            f"UPDATE {table} SET value = value WHERE {where}")


def _connection(session: Session):
    connection = session.connection()
    return connection, _statements(connection.dialect.name, connection.dialect.paramstyle)


def move(session: Session, *, site: str, name: str, count: int) -> int:
    """Move the counter on by `count` (created at 0 if missing) and return its new value."""
    connection, (create, step, _) = _connection(session)
    connection.exec_driver_sql(create, (site, name))
    return int(connection.exec_driver_sql(step, (count, site, name)).scalar_one())


def next_value(session: Session, *, site: str, name: str) -> int:
    return move(session, site=site, name=name, count=1)


def values(session: Session, *, site: str, names: tuple[str, ...]) -> tuple[int, ...]:
    """These counters' values now, in the order named (0 for one never moved)."""
    connection, _ = _connection(session)
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    found = dict(connection.exec_driver_sql(
        f"SELECT name, value FROM {Counter.__tablename__} WHERE site = {mark} AND name IN "
        f"({', '.join([mark] * len(names))})", (site, *names)).all())
    return tuple(int(found.get(name) or 0) for name in names)


def hold(session: Session, *, site: str, name: str) -> None:
    """Lock a counter without moving it, so locks are always taken in one order.

    PostgreSQL holds the row lock to the end of the transaction; under SQLite
    the IMMEDIATE write lock already serializes writers and this changes nothing.
    """
    connection, (_, _, lock) = _connection(session)
    connection.exec_driver_sql(lock, (site, name))
