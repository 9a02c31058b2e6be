"""A backup or restore that cannot be done says where and why in the officer's language: the common
reasons a file cannot be written from the catalogue, the system's own words only as a last resort."""

from __future__ import annotations

import errno
import os
import sqlite3

import pytest

from frontdesk.i18n import os_reason, set_language
from tests.unit.test_cli import ADMIN_PASSWORD, _frontdesk, _password_file, station  # noqa: F401 (a fixture)

SYSTEM_WORDS = ("File exists", "Not a directory", "Permission denied", "No such file", "Traceback")


@pytest.mark.parametrize("lang, words", [("en", "is a file, not a folder"), ("zh", "是文件，不是文件夹")])
def test_a_backup_to_a_file_or_into_one_names_the_path_and_says_why(tmp_path, station, lang, words):
    signed = ("--badge", "000001", "--password-file", _password_file(tmp_path, ADMIN_PASSWORD))
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder\n", encoding="utf-8")
    for to in (a_file, a_file / "copies"):
        result = _frontdesk("--lang", lang, "backup", "--to", str(to), *signed, tmp_path=tmp_path)
        assert result.returncode == 2, result.stderr
        assert str(to) in result.stderr and words in result.stderr, result.stderr
        assert not any(english in result.stderr for english in SYSTEM_WORDS), result.stderr
    assert a_file.read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize("lang, words", [("en", "this account may not write there"), ("zh", "本账户无权在该处写入")])
def test_a_backup_into_a_folder_that_cannot_be_written_says_so(tmp_path, station, lang, words, monkeypatch, capsys):
    from frontdesk.cli import main

    folder = tmp_path / "read-only"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: str(path) != str(folder) and real_access(path, mode))
    for name, value in (("HOME", str(tmp_path)), ("FRONTDESK_DATA_DIR", str(tmp_path / "data")),
                        ("FRONTDESK_CONFIG", str(tmp_path / "config.toml"))):
        monkeypatch.setenv(name, value)
    done = main(["--lang", lang, "backup", "--to", str(folder), "--badge", "000001",
                 "--password-file", _password_file(tmp_path, ADMIN_PASSWORD)])
    said = capsys.readouterr().err
    set_language("en")
    assert done == 2 and str(folder) in said and words in said, said
    assert list(folder.iterdir()) == []  # no half-written copy left behind


@pytest.mark.parametrize("code, en, zh", [
    (errno.EEXIST, "a file of that name is already there", "该处已有同名文件"),
    (errno.ENOTDIR, "is a file, not a folder", "是文件，不是文件夹"),
    (errno.EACCES, "this account may not write there", "本账户无权在该处写入"),
    (errno.EPERM, "this account may not write there", "本账户无权在该处写入"),
    (errno.ENOSPC, "no space left on the disk", "磁盘空间已满"),
    (errno.ENOENT, "there is no such folder", "没有这个文件夹"),
])
def test_the_common_reasons_are_said_in_the_officer_s_language(code, en, zh):
    reason = os_reason(OSError(code, os.strerror(code), "/mnt/usb"))
    try:
        set_language("zh")
        assert zh in f"{reason}" and os.strerror(code) not in f"{reason}"
    finally:
        set_language("en")
    assert en in f"{reason}"


def test_a_rare_reason_is_the_system_s_own_words():
    assert os_reason(OSError(errno.EMLINK, "Too many links", "/mnt/usb")) == "Too many links"
    assert f"{os_reason(FileExistsError('/mnt/usb/x.sqlite'))}" == "a file of that name is already there"


def test_a_restore_of_a_foreign_database_says_why_in_chinese(tmp_path, station):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    result = _frontdesk("--lang", "zh", "restore", str(other), "--badge", "000001",
                        "--password-file", _password_file(tmp_path, ADMIN_PASSWORD), tmp_path=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "不是接警台数据库" in result.stderr and "schema revision" not in result.stderr, result.stderr


@pytest.mark.parametrize("lang, words", [("en", "is a folder: give the backup file in it"),
                                         ("zh", "是文件夹：请指定其中的备份文件")])
def test_a_restore_given_the_backup_folder_says_it_is_a_folder_not_that_it_is_missing(tmp_path, station, lang, words):
    folder = tmp_path / "备份 folder"
    folder.mkdir()
    result = _frontdesk("--lang", lang, "restore", str(folder), "--badge", "000001",
                        "--password-file", _password_file(tmp_path, ADMIN_PASSWORD), tmp_path=tmp_path)
    assert result.returncode == 2 and f"{folder} " in result.stderr and words in result.stderr, result.stderr
    assert not (tmp_path / "data" / "backups").exists()  # no database put aside: nothing was restored
