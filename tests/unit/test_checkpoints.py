"""A bulk writer's WAL is copied into the database file on a thread of its own, between its batches: its own
connections copy nothing at their commits, the WAL is copied whole by the end, and the thread is gone after
the import, also after one that failed."""

from __future__ import annotations

import struct
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from db.checkpoints import Checkpoints
from db.engine import bulk_write_session
from frontdesk.intake import batch, import_run
from tests.conftest import FROZEN_NOW
from tests.unit.test_case_import import HEADER, count, desk, good_row, imports, write_csv  # noqa: F401


def _wal(engine) -> tuple[int, int]:
    """(frames in the WAL, frames of it copied into the database file), read from the WAL index's header
    (https://www.sqlite.org/walformat.html: mxFrame at byte 16, nBackfill at byte 96) without copying any."""
    shm = Path(engine.url.database + "-shm").read_bytes()
    return struct.unpack_from("=I", shm, 16)[0], struct.unpack_from("=I", shm, 96)[0]


def _checkpoint_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "wal-checkpoints"]


@pytest.fixture
def sqlite_only(db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL checkpoints by itself")


def test_a_bulk_writers_commits_copy_nothing_and_the_thread_copies_the_wal(sqlite_only, desk):
    with bulk_write_session(desk.engine) as session:
        assert session.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        session.execute(text("CREATE TABLE probe (n INTEGER)"))
        session.execute(text("INSERT INTO probe SELECT value FROM json_each(:many)"), {"many": str(list(range(5000)))})
        session.commit()
    frames, copied = _wal(desk.engine)
    assert frames > copied  # the commit copied nothing
    checkpoints = Checkpoints(desk.engine)
    checkpoints.asked()
    checkpoints.wait()
    frames, copied = _wal(desk.engine)
    assert frames > 0 and frames == copied
    checkpoints.close()
    assert not _checkpoint_threads()


def test_postgresql_has_no_checkpoint_thread(engine, db_url):
    checkpoints = Checkpoints.for_engine(engine)
    assert (checkpoints is None) == db_url.startswith("postgresql")
    if checkpoints is not None:
        checkpoints.close()
    assert not _checkpoint_threads()


def test_an_import_ends_with_its_wal_copied_and_no_thread_left(sqlite_only, imports, desk, tmp_path):
    rows = [HEADER, *(good_row(n, 报警人=f"周{n}", 联系电话=f"137{n:08d}") for n in range(1, 60))]
    result = import_run.run_import(desk.engine, imports.open(str(write_csv(tmp_path / "wal.csv", rows))),
                                   by=desk.actor, zone=desk.zone, now=FROZEN_NOW, report_folder=tmp_path,
                                   batch_rows=7)
    assert result.imported == 59
    frames, copied = _wal(desk.engine)
    assert frames == copied  # (its own audit event too, made after the last batch)
    assert not _checkpoint_threads()


def test_a_failed_import_leaves_no_checkpoint_thread(sqlite_only, imports, desk, tmp_path, monkeypatch):
    def failing(*_args, **_kwargs):
        raise RuntimeError("the disk is gone")

    monkeypatch.setattr(batch, "_write_plan", failing)
    rows = [HEADER, *(good_row(n) for n in range(1, 20))]
    with pytest.raises(RuntimeError):
        import_run.run_import(desk.engine, imports.open(str(write_csv(tmp_path / "fails.csv", rows))),
                              by=desk.actor, zone=desk.zone, now=FROZEN_NOW, report_folder=tmp_path, batch_rows=7)
    assert not _checkpoint_threads()
    assert count(desk.engine, "SELECT count(*) FROM \"case\"") == 0
