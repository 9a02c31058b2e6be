"""A bulk writer's WAL is copied into the database file on a thread of its own after each commit
(db.wal_copy.WalCopier), and started again from its top once it holds MOST_PAGES: however much is written,
the WAL stays about that long, what was committed is all there and the file is whole. Without the copier a
bulk writer's WAL (wal_autocheckpoint=0) would grow with every commit."""

from __future__ import annotations

import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from db import wal_copy
from db.engine import bulk_write_session, make_engine, read_session
from db.wal_copy import WalCopier

#: Rows of 3,000 bytes: each one a page of its own (and a little), so a transaction's pages are known.
ROW = "x" * 3000
COMMITS, ROWS_EACH, MOST = 150, 40, 600


def _write(engine, copier: WalCopier | None) -> None:
    with bulk_write_session(engine) as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS bulk_probe (n INTEGER PRIMARY KEY, body TEXT)"))
        session.commit()
    for commit in range(COMMITS):
        with bulk_write_session(engine) as session:
            session.execute(text("INSERT INTO bulk_probe (n, body) VALUES (:n, :body)"),
                            [{"n": commit * ROWS_EACH + row, "body": ROW} for row in range(ROWS_EACH)])
            session.commit()
        if copier is not None:
            copier.committed()


def _wal_pages(path: Path) -> int:
    """The WAL file's length in frames (its 32-byte header, then a 24-byte header and a page each)."""
    wal = path.with_name(path.name + "-wal")
    return (wal.stat().st_size - 32) // (4096 + 24) if wal.exists() else 0


def test_the_wal_is_copied_meanwhile_and_started_again_so_it_stays_about_its_most_long(sqlite_engine):
    path = Path(sqlite_engine.url.database)
    copier = WalCopier(sqlite_engine, most_pages=MOST)
    _write(sqlite_engine, copier)
    copier.close()
    written = COMMITS * ROWS_EACH  # pages written in all, at the least
    # The WAL file never grew much past its most (its length is the longest it has been: a few commits' pages
    # past its most, written while the copy before ran), where all that was written is 6,000 pages.
    assert _wal_pages(path) < MOST + 15 * ROWS_EACH < written / 4
    assert copier.longest < MOST + 15 * ROWS_EACH
    with read_session(sqlite_engine) as session:
        assert session.execute(text("SELECT count(*) FROM bulk_probe")).scalar_one() == written
        assert session.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    # A desk opening the file afresh (the copy's pages in the file, the rest in the WAL) finds it all.
    again = make_engine(str(sqlite_engine.url))
    with read_session(again) as session:
        assert session.execute(text("SELECT count(*) FROM bulk_probe")).scalar_one() == written
    again.dispose()


def test_without_the_copier_a_bulk_writers_wal_grows_with_every_commit(sqlite_engine):
    # What the copier is for: a bulk writer's connection copies nothing itself.
    _write(sqlite_engine, None)
    assert _wal_pages(Path(sqlite_engine.url.database)) >= COMMITS * ROWS_EACH


def test_a_copy_that_fails_is_not_raised_the_next_one_copies_and_nothing_is_lost(sqlite_engine, monkeypatch):
    copy = wal_copy.checkpoint
    failures = []

    def failing_once(engine):
        if not failures:
            failures.append(True)
            raise OperationalError("PRAGMA wal_checkpoint(PASSIVE)", {}, Exception("disk I/O error"))
        return copy(engine)

    monkeypatch.setattr(wal_copy, "checkpoint", failing_once)
    copier = WalCopier(sqlite_engine, most_pages=MOST)
    _write(sqlite_engine, copier)  # the first copy fails on its thread; the writer goes on
    copier.close()
    assert failures == [True]
    with read_session(sqlite_engine) as session:
        assert session.execute(text("SELECT count(*) FROM bulk_probe")).scalar_one() == COMMITS * ROWS_EACH
    assert _wal_pages(Path(sqlite_engine.url.database)) < MOST + 15 * ROWS_EACH


def test_closing_copies_what_the_last_commits_left(sqlite_engine, monkeypatch):
    copy = wal_copy.checkpoint

    def slow(engine):  # a copy still under way (its flushes) when the last commits are made: they are not in it
        pages = copy(engine)
        time.sleep(0.2)
        return pages

    monkeypatch.setattr(wal_copy, "checkpoint", slow)
    copier = WalCopier(sqlite_engine, most_pages=10 * COMMITS * ROWS_EACH)
    _write(sqlite_engine, copier)
    copier.close()
    # Every row is in the database file itself: the file read alone, without its WAL, holds them all.
    path = Path(sqlite_engine.url.database)
    alone = path.with_name("alone.sqlite")
    shutil.copyfile(path, alone)
    with closing(sqlite3.connect(alone)) as connection:
        assert connection.execute("SELECT count(*) FROM bulk_probe").fetchone()[0] == COMMITS * ROWS_EACH


def test_on_postgresql_there_is_no_wal_to_copy(engine):
    copier = WalCopier(engine)
    copier.committed()
    copier.close()
    if engine.dialect.name == "postgresql":
        assert copier.copying is None and copier.executor is None
    else:  # (a copy was started, and has ended)
        assert copier.copying is None and copier.executor is not None and copier.longest >= 0
