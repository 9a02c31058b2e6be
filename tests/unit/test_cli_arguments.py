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
