"""Encryption at rest (SQLCipher): creating, opening, refusing a wrong passphrase, converting."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from db import cipher
from db.engine import DatabaseError, PassphraseNeededError, make_engine, read_session
from frontdesk.station import encryption
from frontdesk.access.audit import verify
from tests.conftest import open_desk
from frontdesk.i18n import DeskError, set_language
from frontdesk.station.opening import connect
from tests.apphelpers import seed_cases
from tests.conftest import FROZEN_NOW

PASSPHRASE = "青山 绿水 outpost 2026"


@pytest.fixture(autouse=True)
def _nothing_held():
    """Passphrases are held per process: each test starts (and ends) with none."""
    cipher._held.clear()
    yield
    cipher._held.clear()


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _every_row(path: Path, passphrase: str | None) -> dict[str, list[tuple]]:
    """Every row of every table, read straight from the file (not through the services)."""
    connection = cipher.open_raw(path, passphrase)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in tables}
    finally:
        connection.close()


def _station(path: Path, settings, passphrase: str | None) -> list:
    """A station database with three cases, through the services."""
    if passphrase is not None:
        cipher.hold_passphrase(path, passphrase)
    desk = open_desk(settings, _url(path), clock=lambda: FROZEN_NOW)
    recorded = seed_cases(desk)
    desk.close()
    cipher.forget_passphrase(path)
    return recorded


def _bytes_on_disk(path: Path) -> bytes:
    return b"".join(Path(f"{path}{suffix}").read_bytes()
                    for suffix in ("", "-wal", "-shm") if Path(f"{path}{suffix}").exists())


def test_an_encrypted_database_is_created_and_every_connection_gets_the_key_then_the_durable_pragmas(tmp_path):
    path = tmp_path / "outpost.sqlite"
    engine = make_engine(_url(path), passphrase=PASSPHRASE)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cipher_version").scalar().startswith("4.")
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        conn.exec_driver_sql("CREATE TABLE probe (x TEXT)")
        conn.commit()
    engine.dispose()
    assert cipher.file_kind(path) == "encrypted"
    assert not path.read_bytes().startswith(cipher.SQLITE_HEADER)
    with pytest.raises(sqlite3.DatabaseError):  # plain SQLite cannot read it
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()


def test_the_records_are_not_readable_in_the_file(tmp_path, settings):
    path = tmp_path / "outpost.sqlite"
    recorded = _station(path, settings, PASSPHRASE)
    on_disk = _bytes_on_disk(path)
    for words in ("邻居占用车位发生口角", "电动车在小区楼下被盗", "张建国", "13812345678", "11010519491231002X",
                  recorded[0].case_no):
        assert words.encode("utf-8") not in on_disk
    # And with the passphrase they are all there.
    connection = cipher.open_raw(path, PASSPHRASE)
    summaries = [row[0] for row in connection.execute('SELECT summary FROM "case"')]
    connection.close()
    assert "邻居占用车位发生口角" in summaries


def test_the_right_passphrase_opens_it_through_the_services(tmp_path, settings):
    path = tmp_path / "outpost.sqlite"
    recorded = _station(path, settings, PASSPHRASE)
    assert encryption.passphrase_needed(_url(path), encrypted=False) == "open"
    encryption.unlock(_url(path), PASSPHRASE)
    assert encryption.passphrase_needed(_url(path), encrypted=False) is None
    desk = open_desk(settings, _url(path), clock=lambda: FROZEN_NOW)
    with read_session(desk.engine) as session:
        stored = {row[0] for row in session.execute(text('SELECT case_no FROM "case"'))}
        assert verify(session).intact
    desk.close()
    assert stored == {case.case_no for case in recorded}


@pytest.mark.parametrize("lang, words", [("en", "does not open this database"), ("zh", "无法打开此数据库")])
def test_a_wrong_passphrase_gets_a_clear_message_and_is_not_held(tmp_path, settings, lang, words):
    path = tmp_path / "outpost.sqlite"
    _station(path, settings, PASSPHRASE)
    set_language(lang)
    with pytest.raises(DeskError) as caught:
        encryption.unlock(_url(path), PASSPHRASE + " ")
    assert words in caught.value.message
    assert cipher.held_passphrase(path) is None
    # Without a passphrase the engine refuses plainly instead of failing on the first query.
    with pytest.raises(PassphraseNeededError):
        make_engine(_url(path))
    with pytest.raises(DeskError):
        connect(_url(path))


def test_sqlcipher_says_nothing_on_the_terminal_about_a_wrong_key(tmp_path, settings):
    path = tmp_path / "outpost.sqlite"
    _station(path, settings, PASSPHRASE)
    code = ("import sys; from db import cipher\n"
            f"try: cipher.check_passphrase({str(path)!r}, 'wrong wrong wrong')\n"
            "except cipher.WrongPassphraseError: print('refused')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "refused"
    assert result.stderr == ""  # the desk's screen would be scribbled over


def test_a_passphrase_in_the_database_url_is_refused(tmp_path):
    with pytest.raises(DatabaseError):
        make_engine(f"sqlite+pysqlcipher://:{PASSPHRASE}@/{tmp_path / 'x.sqlite'}")


def test_a_plain_file_is_not_opened_with_a_passphrase(tmp_path, sqlite_template):
    with pytest.raises(DatabaseError):
        make_engine(_url(sqlite_template), passphrase=PASSPHRASE)


@pytest.mark.parametrize(
    ("passphrase", "again", "key"),
    [
        ("short one", "short one", "cipher.too_short"),
        ("aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", "cipher.too_simple"),
        ("abababababababab", "abababababababab", "cipher.too_simple"),
        (PASSPHRASE, PASSPHRASE + "!", "cipher.mismatch"),
        ("x" * 300, "x" * 300, "cipher.too_long"),
    ],
)
def test_passphrase_rules(passphrase, again, key):
    with pytest.raises(DeskError) as caught:
        encryption.check_new_passphrase(passphrase, again)
    assert caught.value.key == key


def test_a_good_passphrase_passes_the_rules():
    encryption.check_new_passphrase(PASSPHRASE, PASSPHRASE)


def test_what_is_asked_before_opening(tmp_path, sqlite_template):
    new = tmp_path / "new.sqlite"
    assert encryption.passphrase_needed(_url(new), encrypted=False) is None
    assert encryption.passphrase_needed(_url(new), encrypted=True) == "create"
    assert encryption.passphrase_needed(_url(sqlite_template), encrypted=True) is None  # a plain file stays plain
    assert encryption.passphrase_needed("postgresql+psycopg://desk@10.0.0.5/frontdesk", encrypted=True) is None
    (tmp_path / "empty.sqlite").touch()
    assert encryption.passphrase_needed(_url(tmp_path / "empty.sqlite"), encrypted=True) == "create"
    (tmp_path / "noise.sqlite").write_bytes(os.urandom(4096))
    assert encryption.passphrase_needed(_url(tmp_path / "noise.sqlite"), encrypted=False) == "open"


def test_a_plain_database_is_encrypted_keeping_every_row_and_the_plain_file_goes(tmp_path, settings):
    path = tmp_path / "frontdesk.sqlite"
    recorded = _station(path, settings, None)
    before = _every_row(path, None)
    assert encryption.encrypt_database(_url(path), PASSPHRASE) == path
    assert cipher.file_kind(path) == "encrypted"
    assert _every_row(path, PASSPHRASE) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("frontdesk.sqlite")) == ["frontdesk.sqlite"]
    assert recorded[0].case_no.encode() not in _bytes_on_disk(path)
    # The desk opens it with the passphrase, and the audit chain is whole.
    cipher.forget_passphrase(path)
    encryption.unlock(_url(path), PASSPHRASE)
    desk = open_desk(settings, _url(path), clock=lambda: FROZEN_NOW)
    with read_session(desk.engine) as session:
        assert verify(session).intact
    desk.close()


def test_an_encrypted_database_is_decrypted_keeping_every_row(tmp_path, settings):
    path = tmp_path / "frontdesk.sqlite"
    _station(path, settings, PASSPHRASE)
    before = _every_row(path, PASSPHRASE)
    with pytest.raises(DeskError) as caught:
        encryption.decrypt_database(_url(path), "not the passphrase at all")
    assert caught.value.key == "cipher.wrong"
    assert cipher.file_kind(path) == "encrypted"
    encryption.decrypt_database(_url(path), PASSPHRASE)
    assert cipher.file_kind(path) == "plain"
    assert _every_row(path, None) == before
    assert cipher.held_passphrase(path) is None


def test_encrypting_twice_or_a_missing_file_is_refused_with_words(tmp_path, settings):
    path = tmp_path / "frontdesk.sqlite"
    with pytest.raises(DeskError) as caught:
        encryption.encrypt_database(_url(path), PASSPHRASE)
    assert caught.value.key == "backup.no_database"
    _station(path, settings, PASSPHRASE)
    with pytest.raises(DeskError) as caught:
        encryption.encrypt_database(_url(path), PASSPHRASE)
    assert caught.value.key == "cipher.already_encrypted"


def test_an_officers_password_is_refused_as_the_passphrase(tmp_path, settings):
    path = tmp_path / "frontdesk.sqlite"
    desk = open_desk(settings, _url(path), clock=lambda: FROZEN_NOW)
    password = "officer password 031245"
    desk.access.create_first_admin(name="王建军", badge="031245", password=password, again=password)
    desk.close()
    with pytest.raises(DeskError) as caught:
        encryption.encrypt_database(_url(path), password)
    assert caught.value.key == "cipher.is_a_password"
    assert cipher.file_kind(path) == "plain"


def test_a_conversion_is_refused_while_another_program_has_the_database_open(tmp_path, settings):
    path = tmp_path / "frontdesk.sqlite"
    _station(path, settings, None)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(path)!r}); c.execute('SELECT 1 FROM site').fetchall()\n"
        "print('open', flush=True); time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(DeskError) as caught:
            encryption.encrypt_database(_url(path), PASSPHRASE)
        assert caught.value.key == "backup.in_use" and str(holder.pid) in caught.value.message
        assert cipher.file_kind(path) == "plain"
    finally:
        holder.kill()
        holder.wait()


# ---- the command line -------------------------------------------------------------------

def _frontdesk(*args: str, home: Path, typed: str, lang: str = "en"):
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
    return subprocess.run([sys.executable, "-m", "frontdesk", "--lang", lang, *args], input=typed,
                          capture_output=True, text=True, env=environ, timeout=180,
                          start_new_session=True)


def test_the_command_line_creates_opens_and_refuses_and_never_writes_the_passphrase(tmp_path):
    created = _frontdesk("--encrypted", "db", "upgrade", home=tmp_path, typed=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert created.returncode == 0, created.stderr
    path = tmp_path / "data" / "frontdesk.sqlite"
    assert cipher.file_kind(path) == "encrypted"

    wrong = _frontdesk("db", "current", home=tmp_path, typed="one wrong phrase\ntwo wrong phrase\nthree wrong!!\n",
                       lang="zh")
    assert wrong.returncode == 2
    assert wrong.stderr.count("无法打开此数据库") == 3 and "3" in wrong.stderr
    assert "Traceback" not in wrong.stderr

    nothing = _frontdesk("db", "current", home=tmp_path, typed="")  # no terminal: input ends at once
    assert nothing.returncode == 2 and "no passphrase could be read" in nothing.stderr
    assert "Traceback" not in nothing.stderr

    right = _frontdesk("db", "current", home=tmp_path, typed=f"nope nope nope\n{PASSPHRASE}\n")
    assert right.returncode == 0, right.stderr
    assert "schema revision" in right.stdout

    secret = PASSPHRASE.encode("utf-8")
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert secret not in file.read_bytes(), file  # config, logs, backups: nowhere
