"""--db naming something that is not the station's database: a folder, a logbook, another program's SQLite
file. Each is said for what it is, in the officer's language, and nothing is written into it."""

from __future__ import annotations

import sqlite3

import pytest

from tests.unit.test_cli import _frontdesk


def _tables(path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


@pytest.mark.parametrize("words", [("db", "upgrade"), ("backup", "--badge", "000001"),
                                   ("audit", "verify", "--badge", "000001")])
def test_another_program_s_database_gets_no_front_desk_tables(tmp_path, words):
    other = tmp_path / "places.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        connection.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    result = _frontdesk(*words, "--db", str(other), tmp_path=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "another program's database (its tables: moz_places)" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and _tables(other) == ["moz_places"]


def test_another_program_s_database_is_said_so_in_chinese(tmp_path):
    other = tmp_path / "其他.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    result = _frontdesk("--lang", "zh", "db", "upgrade", "--db", str(other), tmp_path=tmp_path)
    assert result.returncode == 2 and "是其他程序的数据库（其中的表：t）" in result.stderr, result.stderr
    assert _tables(other) == ["t"]


@pytest.mark.parametrize("lang, words", [("en", "is a folder: give --db the database file in it"),
                                         ("zh", "是文件夹：请用 --db 指定其中的数据库文件")])
def test_a_folder_given_as_the_database_is_said_to_be_one(tmp_path, lang, words):
    folder = tmp_path / "data folder"
    folder.mkdir()
    for command in (("db", "current"), ("backup", "--badge", "000001")):
        result = _frontdesk("--lang", lang, *command, "--db", str(folder), tmp_path=tmp_path)
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert list(folder.iterdir()) == []


def test_a_logbook_given_as_the_database_is_no_database_not_one_to_ask_a_passphrase_for(tmp_path):
    book = tmp_path / "book.csv"
    book.write_text("接警时间,报警人\n2026-11-01 09:30,张三\n", encoding="utf-8")
    result = _frontdesk("backup", "--badge", "000001", "--db", str(book), tmp_path=tmp_path)
    assert result.returncode == 2 and "is not a database" in result.stderr, result.stderr
    assert "assphrase" not in result.stderr and book.read_text(encoding="utf-8").startswith("接警时间")
