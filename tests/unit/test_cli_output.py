"""A command's output read by another program that may stop reading (`frontdesk audit verify | head -1`, a
pager quit early): the job still goes to its end, audited, and no traceback is shown."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.unit.test_cli import ADMIN_PASSWORD, _password_file, _rows, station  # noqa: F401 (a fixture)


def test_a_reader_gone_before_the_first_line_neither_stops_the_job_nor_shows_a_traceback(tmp_path, station):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the command writes a line: every write finds the pipe broken
    try:
        result = subprocess.run(
            [sys.executable, "-m", "frontdesk", "audit", "verify", "--badge", "000001", "--password-file",
             _password_file(tmp_path, ADMIN_PASSWORD)],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRONTDESK_DATA_DIR": str(tmp_path / "data"),
                 "FRONTDESK_CONFIG": str(tmp_path / "config.toml"), "LANG": "en_US.UTF-8"})
    finally:
        os.close(write_end)
    assert result.returncode == 0 and "Traceback" not in result.stderr and "Broken pipe" not in result.stderr, \
        result.stderr
    assert _rows(station, "SELECT reason FROM auditevent WHERE action = 'audit_verify'") == [("intact",)]


@pytest.mark.parametrize("lang, words", [("en", "The command stopped at "), ("zh", "命令在 ")])
def test_a_sync_folder_that_is_a_file_is_a_sentence_not_a_traceback(tmp_path, station, lang, words):
    a_file = tmp_path / "stick.txt"
    a_file.write_text("not a folder\n", encoding="utf-8")
    for out in (a_file, a_file / "bundles"):
        result = subprocess.run(
            [sys.executable, "-m", "frontdesk", "--lang", lang, "sync", "key", "--badge", "000001", "--password-file",
             _password_file(tmp_path, ADMIN_PASSWORD)], capture_output=True, text=True, timeout=120,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRONTDESK_DATA_DIR": str(out),
                 "FRONTDESK_CONFIG": str(tmp_path / "config.toml"), "LANG": "en_US.UTF-8",
                 "FRONTDESK_DB": str(station)})
        assert result.returncode == 2, result.stderr
        assert words in result.stderr and str(out) in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert a_file.read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_sealed_file_s_note_is_on_a_line_of_its_own_after_its_path(lang):
    """An import's rejects file and report, sealed: the sentence that names the file ends in its path, and how to
    print it follows on the next line (it ran on: '…rejects.csv.fdsealed It is sealed…')."""
    from pathlib import Path

    from frontdesk.i18n import set_language, t
    from frontdesk.sealing import sealed_note

    set_language(lang)
    try:
        path = Path("/srv/frontdesk/imports/book-rejects.csv.fdsealed")
        said = [(t(key, path=str(path)) + sealed_note(path)).splitlines()
                for key in ("import.report.rejects_file", "import.cli.report")]
    finally:
        set_language("en")
    for lines in said:
        assert len(lines) == 2 and lines[0].endswith(str(path)), lines
        assert f"frontdesk unseal {path.name} --to" in lines[1], lines
