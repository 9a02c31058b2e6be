"""Backups taken while desks write, checked, rotated; restoring one; PostgreSQL pointed to pg_dump."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from db import cipher
from frontdesk.station.backup import backup_database, backups_of, restore_database
from frontdesk.cases.views import CaseFilter
from tests.conftest import open_desk
from frontdesk.i18n import DeskError
from tests.apphelpers import seed_cases
from tests.conftest import FROZEN_NOW

ZONE = ZoneInfo("Asia/Shanghai")
PASSPHRASE = "青山 绿水 outpost 2026"

#: A desk in another process saving people (with change log and audit event) as fast as it can.
WRITER = textwrap.dedent(
    """
    import sys
    from db import cipher
    from db.engine import make_engine, write_session
    from db.models import Person
    from frontdesk.records import Actor, save

    if len(sys.argv) > 2:
        cipher.hold_passphrase(sys.argv[1], sys.argv[2])
    engine = make_engine("sqlite:///" + sys.argv[1])
    number = 0
    while True:
        with write_session(engine) as session:
            save(session, Person(name=f"来访人{number}", notes="x" * 500), by=Actor(site="LS"))
            session.commit()
        print(number, flush=True)
        number += 1
    """
)


@pytest.fixture(autouse=True)
def _nothing_held():
    cipher._held.clear()
    yield
    cipher._held.clear()


@pytest.fixture
def database(tmp_path, sqlite_template) -> Path:
    path = tmp_path / "frontdesk.sqlite"
    shutil.copyfile(sqlite_template, path)
    return path


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _every_row(path: Path, passphrase: str | None = None) -> dict[str, list[tuple]]:
    connection = cipher.open_raw(path, passphrase)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in tables}
    finally:
        connection.close()


def _person_counts(path: Path, passphrase: str | None = None) -> tuple[int, int, int]:
    """People, their change-log entries and their audit events: equal in any consistent copy."""
    connection = cipher.open_raw(path, passphrase)
    try:
        return tuple(connection.execute(query).fetchone()[0] for query in (
            "SELECT count(*) FROM person",
            "SELECT count(*) FROM changelog WHERE table_name = 'person'",
            "SELECT count(*) FROM auditevent WHERE table_name = 'person'",
        ))
    finally:
        connection.close()


def _start_writer(path: Path, passphrase: str | None = None) -> subprocess.Popen:
    args = [sys.executable, "-c", WRITER, str(path)] + ([passphrase] if passphrase else [])
    writer = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    for line in writer.stdout:
        if int(line) >= 20:  # it is writing
            return writer
    raise AssertionError("the writer did not start")


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_backups_taken_while_another_desk_writes_are_consistent_and_checked(database, tmp_path, passphrase):
    if passphrase:
        from frontdesk.station.encryption import encrypt_database

        encrypt_database(_url(database), passphrase)
    writer = _start_writer(database, passphrase)
    folder = tmp_path / "backups"
    try:
        taken = [backup_database(_url(database), folder=folder, keep=10, now=FROZEN_NOW + timedelta(seconds=n),
                                 zone=ZONE) for n in range(4)]
        assert writer.poll() is None  # the desk went on writing throughout
    finally:
        writer.kill()
        writer.wait()
    sizes = []
    for result in taken:
        assert result.path.exists() and result.revision
        kind = cipher.file_kind(result.path)
        assert kind == ("encrypted" if passphrase else "plain")  # an encrypted database's backup stays encrypted
        people, logged, audited = _person_counts(result.path, passphrase)
        assert people == logged == audited and people >= 20  # a whole snapshot, nothing half-written
        sizes.append(people)
        connection = cipher.open_raw(result.path, passphrase)
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        connection.close()
    assert sizes == sorted(sizes) and sizes[-1] > sizes[0]  # each later backup saw later saves
    assert [path.name for path in backups_of(folder, "frontdesk")] == [
        f"frontdesk-20261122-20300{n}.sqlite" for n in range(4)]
    if passphrase:
        with pytest.raises(sqlite3.DatabaseError):
            sqlite3.connect(taken[0].path).execute("SELECT count(*) FROM person").fetchone()


def test_only_the_newest_backups_are_kept(database, tmp_path):
    folder = tmp_path / "backups"
    (folder / "keep-me").mkdir(parents=True)
    (folder / "notes.txt").write_text("not a backup")
    (folder / "frontdesk-before-restore-20261101-080000.sqlite").write_text("kept by restore")
    results = [backup_database(_url(database), folder=folder, keep=3, now=FROZEN_NOW + timedelta(hours=n), zone=ZONE)
               for n in range(5)]
    left = backups_of(folder, "frontdesk")
    assert left == [result.path for result in results[-3:]]
    assert results[-1].kept == 3 and results[-1].removed == (results[1].path,)
    assert (folder / "notes.txt").exists() and (folder / "frontdesk-before-restore-20261101-080000.sqlite").exists()
    # Two backups in the same second get different names.
    twin = backup_database(_url(database), folder=folder, keep=5, now=FROZEN_NOW + timedelta(hours=4), zone=ZONE)
    assert twin.path.name == "frontdesk-20261123-003000-2.sqlite"
    assert backups_of(folder, "frontdesk")[-1] == twin.path


def test_a_backup_is_restored_and_the_database_as_it_was_is_kept(database, tmp_path, settings):
    desk = open_desk(settings, _url(database), clock=lambda: FROZEN_NOW)
    seed_cases(desk)
    desk.close()
    folder = tmp_path / "backups"
    taken = backup_database(_url(database), folder=folder, keep=5, now=FROZEN_NOW, zone=ZONE)
    at_backup = _every_row(database)

    writer = _start_writer(database)  # later work, which the restore will take back
    writer.kill()
    writer.wait()
    before_restore = _every_row(database)
    assert before_restore != at_backup

    done = restore_database(_url(database), taken.path, source_passphrase=None, keep_folder=folder,
                            now=FROZEN_NOW + timedelta(days=1), zone=ZONE)
    assert _every_row(database) == at_backup
    assert done.kept_as.name == "frontdesk-before-restore-20261123-203000.sqlite"
    assert _every_row(done.kept_as) == before_restore
    assert not Path(f"{database}.restoring").exists()
    # The desk opens the restored database and goes on from there.
    desk = open_desk(settings, _url(database), clock=lambda: FROZEN_NOW)
    assert len(desk.cases.list_cases(CaseFilter())) == 3
    desk.close()


def test_an_encrypted_backup_is_restored_encrypted(database, tmp_path):
    from frontdesk.station.encryption import encrypt_database

    encrypt_database(_url(database), PASSPHRASE)
    folder = tmp_path / "backups"
    taken = backup_database(_url(database), folder=folder, keep=5, now=FROZEN_NOW, zone=ZONE)
    at_backup = _every_row(database, PASSPHRASE)
    _start_writer(database, PASSPHRASE).kill()
    restore_database(_url(database), taken.path, source_passphrase=PASSPHRASE, keep_folder=folder,
                     now=FROZEN_NOW, zone=ZONE)
    assert cipher.file_kind(database) == "encrypted"
    assert _every_row(database, PASSPHRASE) == at_backup


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(database, tmp_path):
    before = _every_row(database)
    noise = tmp_path / "noise.sqlite"
    noise.write_bytes(os.urandom(8192))
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    damaged = tmp_path / "damaged.sqlite"
    shutil.copyfile(database, damaged)
    with open(damaged, "r+b") as handle:  # scribble over the pages after the first (the same scribble each run)
        handle.seek(4096 * 3)
        handle.write(random.Random(203).randbytes(4096 * 4))
    cut_short = tmp_path / "cut-short.sqlite"  # head -c 100000 backup.sqlite > cut-short.sqlite
    cut_short.write_bytes(database.read_bytes()[:100_000])
    refused = "is not a usable Front Desk backup"
    for bad, key, words in (
            (noise, "restore.not_a_backup", f"{refused} (it does not open). Nothing was changed."),
            (other, "restore.not_a_backup",
             f"{refused} (no schema revision: not a Front Desk database). Nothing was changed."),
            (damaged, "restore.not_a_backup", f"{refused} (the file is damaged). Nothing was changed."),
            (cut_short, "restore.not_a_backup", f"{refused} (the file is damaged). Nothing was changed."),
            (tmp_path / "missing.sqlite", "restore.not_found", "There is no file ")):
        with pytest.raises(DeskError) as caught:
            restore_database(_url(database), bad, source_passphrase=None, keep_folder=tmp_path / "backups",
                             now=FROZEN_NOW, zone=ZONE)
        assert caught.value.key == key
        assert words in caught.value.message and str(bad) in caught.value.message
    assert _every_row(database) == before
    assert not (tmp_path / "backups").exists()


def test_restore_is_refused_while_a_desk_has_the_database_open(database, tmp_path):
    folder = tmp_path / "backups"
    taken = backup_database(_url(database), folder=folder, keep=5, now=FROZEN_NOW, zone=ZONE)
    writer = _start_writer(database)
    try:
        with pytest.raises(DeskError) as caught:
            restore_database(_url(database), taken.path, source_passphrase=None, keep_folder=folder,
                             now=FROZEN_NOW, zone=ZONE)
        assert caught.value.key == "backup.in_use" and str(writer.pid) in caught.value.message
    finally:
        writer.kill()
        writer.wait()


@pytest.mark.parametrize("lang, words", [("en", "pg_dump"), ("zh", "pg_dump")])
def test_postgresql_is_pointed_to_pg_dump(tmp_path, lang, words):
    from frontdesk.i18n import set_language

    set_language(lang)
    with pytest.raises(DeskError) as caught:
        backup_database("postgresql+psycopg://desk@10.0.0.5/frontdesk", folder=tmp_path, keep=3, now=FROZEN_NOW,
                        zone=ZONE)
    assert words in caught.value.message


def _frontdesk(*args: str, home: Path, typed: str = ""):
    environ = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "FRONTDESK_DATA_DIR": str(home / "data"),
        "FRONTDESK_CONFIG": str(home / "config.toml"),
        "LANG": "en_US.UTF-8",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    # No controlling terminal (a session of its own): getpass reads `typed` from stdin, as under CI,
    # instead of waiting at the terminal the suite was started from.
    return subprocess.run([sys.executable, "-m", "frontdesk", "--lang", "en", *args], input=typed,
                          capture_output=True, text=True, env=environ, timeout=180,
                          start_new_session=True)


def _station_with_admin(home: Path) -> tuple[str, ...]:
    """The station's database with its admin; the options that sign the admin in at a command."""
    from tests.conftest import open_desk
    from frontdesk.station.config import Settings, database_url

    settings = Settings(data_dir=home / "data")
    desk = open_desk(settings, database_url(settings))
    desk.access.create_first_admin(name="李所长", badge="000001", password="admin pass 1", again="admin pass 1")
    desk.close()
    password = home / "password"
    password.write_text("admin pass 1\n", encoding="utf-8")
    password.chmod(0o600)
    return ("--badge", "000001", "--password-file", str(password))


def test_the_backup_and_restore_commands(tmp_path):
    assert _frontdesk("db", "upgrade", home=tmp_path).returncode == 0
    signed = _station_with_admin(tmp_path)
    unsigned = _frontdesk("backup", home=tmp_path)
    assert unsigned.returncode == 2 and not (tmp_path / "data" / "backups").exists()
    first = _frontdesk("backup", "--keep", "2", *signed, home=tmp_path)
    assert first.returncode == 0, first.stderr
    written = tmp_path / "data" / "backups"
    assert f"Backup written: {written}" in first.stdout and "integrity ok" in first.stdout
    [backup] = backups_of(written, "frontdesk")
    restored = _frontdesk("restore", str(backup), *signed, home=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout and "before-restore" in restored.stdout
    elsewhere = _frontdesk("backup", "--to", str(tmp_path / "usb"), *signed, home=tmp_path)
    assert elsewhere.returncode == 0 and len(backups_of(tmp_path / "usb", "frontdesk")) == 1
    refused = _frontdesk("--db", "postgresql://desk@127.0.0.1:9/frontdesk", "backup", home=tmp_path)
    assert refused.returncode == 2 and "pg_dump" in refused.stderr and "Traceback" not in refused.stderr
    bad_keep = _frontdesk("backup", "--keep", "0", *signed, home=tmp_path)
    assert bad_keep.returncode == 2 and "from 1 to 1000" in bad_keep.stderr
