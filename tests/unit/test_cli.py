"""The `frontdesk` command as an admin uses it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _frontdesk(*args: str, tmp_path: Path, env: dict[str, str] | None = None):
    environ = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "FRONTDESK_DATA_DIR": str(tmp_path / "data"),
        "FRONTDESK_CONFIG": str(tmp_path / "config.toml"),
        "LANG": "en_US.UTF-8",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "frontdesk", *args], capture_output=True, text=True, env=environ, timeout=120
    )


def test_help_lists_the_jobs(tmp_path):
    result = _frontdesk("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    assert "--demo" in result.stdout and "db" in result.stdout


def test_db_upgrade_creates_and_migrates_the_default_database(tmp_path):
    result = _frontdesk("db", "upgrade", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "frontdesk.sqlite").exists()
    assert "schema revision" in result.stdout
    again = _frontdesk("db", "current", tmp_path=tmp_path)
    assert again.stdout.split()[-1].rstrip(".") == result.stdout.split()[-1].rstrip(".")


def test_db_flag_takes_a_plain_file_path(tmp_path):
    result = _frontdesk("--db", str(tmp_path / "elsewhere.sqlite"), "db", "upgrade", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "elsewhere.sqlite").exists()


@pytest.mark.parametrize("lang, words", [("en", "must be"), ("zh", "必须")])
def test_a_bad_config_gets_a_message_not_a_traceback(tmp_path, lang, words):
    (tmp_path / "config.toml").write_text('site_code = "L S"\n', encoding="utf-8")
    result = _frontdesk("--lang", lang, "db", "upgrade", tmp_path=tmp_path)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_demo_size_out_of_range_is_refused(tmp_path):
    result = _frontdesk("--demo-size", "5", "db", "upgrade", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "--demo-size" in result.stderr
