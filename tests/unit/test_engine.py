"""The SQLite connection settings that make the desk's data durable."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from db.engine import BULK_CHECKPOINT_PAGES, CHECKPOINT_PAGES, bulk_write_session, make_engine, read_session, write_session
from db.netfs import Mount, NetworkFilesystemError, network_fstype, refuse_network_path


def test_every_sqlite_connection_gets_the_durable_pragmas(sqlite_engine):
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_a_bulk_writer_commits_without_a_flush_and_its_connection_goes_back_to_full(sqlite_engine):
    """An import's batches (redone by a second run) skip the flush of each commit; the pooled connection the
    desk gets next is durable again."""
    with bulk_write_session(sqlite_engine) as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == BULK_CHECKPOINT_PAGES
        raw = connection.connection.dbapi_connection
        assert raw.in_transaction  # BEGIN IMMEDIATE: the write lock, as any writer takes it
        session.execute(text("CREATE TABLE bulk_probe (n INTEGER)"))
        session.execute(text("INSERT INTO bulk_probe VALUES (1)"))
        session.commit()
    # The same pooled connection, returned: back to the desk's pragmas, whoever takes it next.
    assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == CHECKPOINT_PAGES
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT n FROM bulk_probe").scalar() == 1
    with write_session(sqlite_engine) as session:
        assert session.connection().exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_writes_begin_immediate_so_a_second_writer_waits_but_readers_do_not(tmp_path: Path, sqlite_template):
    import shutil

    shutil.copyfile(sqlite_template, tmp_path / "d.sqlite")
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    first = make_engine(url)
    impatient = make_engine(url, busy_timeout_ms=100)
    with write_session(first) as holding:
        # No statement yet: BEGIN IMMEDIATE alone must already hold the write lock.
        holding.connection()
        outcome: dict[str, object] = {}

        def second_writer():
            try:
                with write_session(impatient) as other:
                    other.connection()
                outcome["second"] = "got the lock"
            except OperationalError as exc:
                outcome["second"] = str(exc.orig)

        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join()
        assert "locked" in str(outcome["second"])
        with read_session(impatient) as reader:
            assert reader.execute(text("SELECT count(*) FROM site")).scalar() == 0
    first.dispose()
    impatient.dispose()


def test_a_write_that_fails_leaves_nothing(sqlite_engine):
    with pytest.raises(RuntimeError):
        with write_session(sqlite_engine) as session:
            session.execute(text("INSERT INTO counter (site, name, value) VALUES ('LS', 'x', 1)"))
            raise RuntimeError("power cut in the middle")
    with read_session(sqlite_engine) as session:
        assert session.execute(text("SELECT count(*) FROM counter")).scalar() == 0


MOUNTS = [
    Mount("/", "ext4", "rw"),
    Mount("/srv/share", "nfs4", "rw"),
    Mount("/media/station", "cifs", "rw"),
    Mount("/home", "xfs", "rw"),
    Mount("Z:\\", "NTFS", "rw,remote"),
]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/desk/frontdesk.sqlite", None),
        ("/srv/share/frontdesk.sqlite", "nfs4"),
        ("/media/station/db/frontdesk.sqlite", "cifs"),
        ("/srv/shared-local/frontdesk.sqlite", None),
        ("/var/lib/frontdesk.sqlite", None),
    ],
)
def test_network_filesystems_are_recognised(path, expected):
    assert network_fstype(Path(path), MOUNTS) == expected


def test_a_local_folder_is_accepted(tmp_path: Path):
    refuse_network_path(tmp_path / "not-yet" / "frontdesk.sqlite")


def test_sqlite_on_a_share_is_refused_with_a_message(monkeypatch, tmp_path: Path):
    import db.netfs

    monkeypatch.setattr(db.netfs, "_system_mounts", lambda: [Mount("/", "nfs", "rw")])
    with pytest.raises(NetworkFilesystemError) as caught:
        make_engine(f"sqlite:///{tmp_path / 'frontdesk.sqlite'}")
    assert "network share" in str(caught.value)
    assert not (tmp_path / "frontdesk.sqlite").exists()


def test_no_engine_is_created_at_import_time():
    code = (
        "import sqlalchemy, sqlalchemy.engine.create as c\n"
        "def refuse(*a, **k): raise SystemExit('engine created at import')\n"
        "sqlalchemy.create_engine = c.create_engine = refuse\n"
        "import db.engine, db.models, db.migrate, db.sequences\n"
        "import frontdesk.cli, frontdesk.desk, frontdesk.records, frontdesk.station.opening, frontdesk.demo\n"
        "import screens.shell.app\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout
