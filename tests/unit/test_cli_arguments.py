"""What a command was given is checked before anyone is asked for a password or waits a turn: a missing
or wrong file, a number out of range, a database path where there is none. Each is said for what it is, in
the officer's language, and no sign-in is tried (none is counted toward a lock-out)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.test_cli import _frontdesk, _rows, station  # noqa: F401  (the fixture)


def _env(tmp_path: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRONTDESK_DATA_DIR": str(tmp_path / "data"),
            "FRONTDESK_CONFIG": str(tmp_path / "config.toml"), "LANG": "en_US.UTF-8"}


def _at_a_script(tmp_path: Path, *words: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """The command with no terminal and no password file: a sign-in would be refused asking for a password."""
    return subprocess.run([sys.executable, "-m", "frontdesk", *words, "--badge", "000001"], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=timeout, env=_env(tmp_path))


def _cases(tmp_path: Path) -> list[tuple[list[str], str]]:
    folder = tmp_path / "stick"
    folder.mkdir(exist_ok=True)
    text = tmp_path / "notes.txt"
    text.write_text("交接班记录\n", encoding="utf-8")
    return [
        (["restore", str(tmp_path / "MISSING.bak")], "There is no file"),
        (["restore", str(folder)], "is a folder"),
        (["backup", "--keep", "0"], "must be from 1 to 1000, not 0"),
        (["import", "cases", str(tmp_path / "MISSING.csv")], "There is no file"),
        (["import", "cases", str(folder)], "is a folder"),
        (["sync", "import", str(folder)], "is a folder, not a bundle file"),
        (["sync", "import", str(tmp_path / "MISSING.fdsync")], "There is no bundle file at"),
        (["sync", "import", str(text)], "is not a Front Desk bundle"),
        (["sync", "enrol", str(folder)], "is a folder, not an outpost set-up file"),
        (["sync", "enrol", str(text)], "is not an outpost set-up file"),
        (["unseal", str(tmp_path / "MISSING"), "--to", str(folder)], "there is no such file"),
        (["unseal", str(text), "--to", str(folder)], "is not sealed by Front Desk"),
    ]


def test_what_was_typed_is_checked_before_the_password_is_asked(tmp_path, station):
    for words, said in _cases(tmp_path):
        result = _at_a_script(tmp_path, *words)
        assert result.returncode == 2 and said in result.stderr, (words, result.stderr)
        assert "password" not in result.stderr.lower() and "Traceback" not in result.stderr, (words, result.stderr)
    assert _rows(station, "SELECT count(*) FROM auditevent WHERE action = 'sign_in'") == [(0,)]


def test_a_second_long_command_given_a_missing_file_says_so_without_waiting_its_turn(tmp_path, station):
    import fcntl

    with open(f"{station}.turn", "a") as first:  # a first import holding its turn for as long as it likes
        fcntl.flock(first, fcntl.LOCK_EX)
        result = _at_a_script(tmp_path, "import", "cases", str(tmp_path / "MISSING.csv"), timeout=60)
    assert result.returncode == 2 and "There is no file" in result.stderr, result.stderr
    assert "waits" not in result.stderr


@pytest.mark.parametrize("lang, folder_words, kit_words", [
    ("en", "is a folder, not a bundle file: give the bundle file in it",
     "is a folder, not an outpost set-up file: give the set-up file in it"),
    ("zh", "是文件夹，不是同步包文件：请指定其中的同步包文件", "是文件夹，不是警务室设置文件：请指定其中的设置文件"),
])
def test_a_folder_given_to_sync_is_called_a_folder_and_a_kit_a_set_up_file(tmp_path, lang, folder_words, kit_words):
    folder = tmp_path / "stick"
    folder.mkdir()
    imported = _frontdesk("--lang", lang, "sync", "import", str(folder), "--site", "LS-02", tmp_path=tmp_path)
    enrolled = _frontdesk("--lang", lang, "sync", "enrol", str(folder), "--site", "LS-02", tmp_path=tmp_path)
    assert imported.returncode == 2 and folder_words in imported.stderr, imported.stderr
    assert enrolled.returncode == 2 and kit_words in enrolled.stderr, enrolled.stderr
    missing = _frontdesk("--lang", lang, "sync", "enrol", str(tmp_path / "LS-02.fdkit"), "--site", "LS-02",
                         tmp_path=tmp_path)
    assert missing.returncode == 2 and ("There is no outpost set-up file at" if lang == "en" else "找不到警务室设置文件") \
        in missing.stderr, missing.stderr
    assert "bundle" not in enrolled.stderr + missing.stderr and "同步包" not in enrolled.stderr + missing.stderr
    assert not (tmp_path / "data" / "frontdesk.sqlite").exists()  # (an enrol refused leaves no database)


@pytest.mark.parametrize("lang, since, words", [
    ("en", "-5", "give a change number, 0 or more (sync status shows them), not “-5”"),
    ("en", "five", "not “five”"), ("en", "1.5", "not “1.5”"),
    ("zh", "-5", "请给出变更序号（0 或更大，见 sync status），而不是“-5”"),
])
def test_a_negative_or_malformed_since_is_refused(tmp_path, station, lang, since, words):
    result = _at_a_script(tmp_path, "--lang", lang, "sync", "export", "--since", since)
    assert result.returncode == 2 and words in result.stderr, result.stderr
    assert not (tmp_path / "data" / "sync").exists()


def test_since_zero_is_a_change_number():
    from frontdesk.cli import _parsed

    assert _parsed(["sync", "export", "--since", "0"]).since == 0
    assert _parsed(["sync", "export", "--since", "12"]).since == 12


@pytest.mark.parametrize("words", [("db", "current"), ("db", "encrypt"), ("audit", "verify", "--badge", "000001"),
                                   ("backup", "--badge", "000001"), ("sync", "status", "--badge", "000001"),
                                   ("tags", "apply-rules", "--badge", "000001")])
def test_a_database_path_where_there_is_none_is_said_so_and_nothing_is_made(tmp_path, words):
    typo = tmp_path / "srv" / "frontdsk" / "frontdesk.sqlite"
    result = _frontdesk(*words, "--db", str(typo), tmp_path=tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"There is no Front Desk database at {typo}" in result.stderr and "db upgrade --db" in result.stderr
    assert "assphrase" not in result.stderr and not (tmp_path / "srv").exists()


def test_a_missing_database_is_said_so_in_chinese_and_db_upgrade_still_makes_one(tmp_path):
    new = tmp_path / "new" / "frontdesk.sqlite"
    refused = _frontdesk("--lang", "zh", "db", "current", "--db", str(new), tmp_path=tmp_path)
    assert refused.returncode == 2 and f"{new} 处没有接警台数据库" in refused.stderr, refused.stderr
    made = _frontdesk("db", "upgrade", "--db", str(new), tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    with sqlite3.connect(new) as connection:
        assert connection.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    assert _frontdesk("db", "current", "--db", str(new), tmp_path=tmp_path).returncode == 0
