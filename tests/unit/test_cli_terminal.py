"""A command run at a real terminal (a pseudo-terminal the test types into): what the officer sees when
they end the input (Ctrl+D) at the badge or the password, and when they stop a command with Ctrl+C."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from pathlib import Path

import pytest

from tests.unit.test_cli import _rows, station  # noqa: F401 (a fixture)


class Terminal:
    """`frontdesk ARGS` on a pseudo-terminal of its own (its controlling terminal, as at a desk's console):
    `until` reads what it shows up to some words, `type` sends keys (b"\\x04" Ctrl+D, b"\\x03" Ctrl+C)."""

    def __init__(self, *args: str, tmp_path: Path, lang: str = "en"):
        environ = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRONTDESK_DATA_DIR": str(tmp_path / "data"),
                   "FRONTDESK_CONFIG": str(tmp_path / "config.toml"), "LANG": "en_US.UTF-8", "TERM": "xterm",
                   "FRONTDESK_LANG": lang, "PYTHONPATH": os.pathsep.join(sys.path)}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the command, nothing of pytest's
            import signal

            signal.signal(signal.SIGINT, signal.SIG_DFL)  # as a shell starts it: a test worker may ignore Ctrl+C
            os.execve(sys.executable, [sys.executable, "-m", "frontdesk", *args], environ)
        self.shown = b""

    def until(self, words: str, timeout: float = 60) -> str:
        """What the terminal has shown once `words` is on it (else the test fails, saying what it showed)."""
        deadline = time.monotonic() + timeout
        while words not in self.text():
            left = deadline - time.monotonic()
            assert left > 0, f"not shown: {words!r}; the terminal shows {self.text()!r}"
            if select.select([self.fd], [], [], left)[0]:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the command has ended and closed its terminal
                    chunk = b""
                assert chunk, f"ended without showing {words!r}; the terminal showed {self.text()!r}"
                self.shown += chunk
        return self.text()

    def quiet(self, seconds: float, timeout: float = 30) -> None:
        """Read on until the terminal has shown nothing new for `seconds` (the command is waiting)."""
        deadline = time.monotonic() + timeout
        while select.select([self.fd], [], [], seconds)[0]:
            assert time.monotonic() < deadline, f"never quiet; the terminal shows {self.text()!r}"
            self.shown += os.read(self.fd, 4096)

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def ended(self, timeout: float = 60) -> int:
        """The command's exit code, once it has ended (all it showed read first)."""
        code = self._ended_within(timeout)
        if code is None:
            os.kill(self.pid, 9)
            raise AssertionError(f"still running; the terminal shows {self.text()!r}")
        return code

    def interrupted(self) -> int:
        """Ctrl+C at a prompt, typed again until the command ends: one typed the instant the prompt shows can
        come before Python's input waits for a key and go unseen until the next key (no officer is that
        quick). The exit code."""
        for _ in range(30):
            before = len(self.shown)
            self.type(b"\x03")
            code = self._ended_within(1.0)
            if code is not None:
                return code
            if self.shown[before:].replace(b"^C", b"").strip():
                # It answered the key and is ending (slowly, on a loaded machine): another Ctrl+C now would
                # land while Python shuts down and kill it.
                return self.ended()
        return self.ended(0)

    def _ended_within(self, timeout: float) -> int | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if select.select([self.fd], [], [], 0.1)[0]:
                try:
                    self.shown += os.read(self.fd, 4096)
                except OSError:
                    pass
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        return None

    def text(self) -> str:
        return self.shown.decode("utf-8", errors="replace").replace("\r\n", "\n")


@pytest.mark.parametrize("lang, words", [("en", "The input ended (Ctrl+D)"), ("zh", "输入已结束（Ctrl+D）")])
def test_ctrl_d_at_the_badge_says_nobody_signed_in_not_a_passphrase_s_message(tmp_path, station, lang, words):
    desk = Terminal("audit", "verify", tmp_path=tmp_path, lang=lang)
    desk.until("警号：" if lang == "zh" else "Badge: ")
    desk.type(b"\x04")
    assert desk.ended() == 2
    shown = desk.text()
    assert words in shown and "passphrase" not in shown and "口令" not in shown and "Traceback" not in shown, shown
    assert _rows(station, "SELECT count(*) FROM auditevent WHERE action = 'sign_in'") == [(0,)]


def test_ctrl_d_at_the_password_tries_no_sign_in(tmp_path, station):
    desk = Terminal("backup", "--badge", "000001", tmp_path=tmp_path)
    desk.until("Password for badge 000001: ")
    desk.type(b"\x04")
    assert desk.ended() == 2
    shown = desk.text()
    assert "The input ended (Ctrl+D)" in shown and "passphrase" not in shown and "Traceback" not in shown, shown
    assert _rows(station, "SELECT count(*) FROM auditevent WHERE action = 'sign_in'") == [(0,)]
    assert not (tmp_path / "data" / "backups").exists()


def _logbook(path: Path, rows: int) -> Path:
    lines = ["接警时间,报警人,联系电话,类别,简要案情"]
    lines += [f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d} {n % 24:02d}:{n % 60:02d},张{n}号,138{n:08d},盗窃,电动车被偷{n}"
              for n in range(1, rows + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ctrl_c_stops_an_import_after_its_batch_audited_reported_and_said(tmp_path, station):
    from tests.unit.test_cli import ADMIN_PASSWORD, _password_file

    book = _logbook(tmp_path / "big book.csv", 30_000)
    desk = Terminal("import", "cases", str(book), "--badge", "000001", "--password-file",
                    _password_file(tmp_path, ADMIN_PASSWORD), tmp_path=tmp_path)
    desk.until("rows read: ")
    desk.type(b"\x03")
    assert desk.ended() == 130, desk.text()
    shown = desk.text()
    assert "Ctrl+C: the import stops" in shown and "Stopped after row" in shown and "Traceback" not in shown, shown
    assert "100% · rows read" not in shown, shown  # the progress line does not say the file was read whole
    [(outcome, reason)] = _rows(station, "SELECT outcome, reason FROM auditevent WHERE action = 'import'")
    imported = _rows(station, 'SELECT count(*) FROM "case"')[0][0]
    assert outcome == "stopped" and f"{imported} imported" in reason and 0 < imported < 30_000
    assert list((tmp_path / "data" / "imports").glob("big-book-*.txt")), "the import's report"


def _holding_the_write_lock(database: Path):
    """Another desk's write under way: the station's write lock held until the connection is closed."""
    import sqlite3

    other_desk = sqlite3.connect(database, timeout=10, isolation_level=None)
    other_desk.execute("BEGIN IMMEDIATE")
    return other_desk


@pytest.mark.parametrize("lang, words", [("en", "Ctrl+C: the import stops"), ("zh", "Ctrl+C：正在写入的行完成后导入即停止")])
def test_ctrl_c_is_said_at_once_while_the_import_waits_for_another_desk_and_a_second_stops_it(
        tmp_path, station, lang, words):
    """Before, the first Ctrl+C showed nothing until the import next asked whether to stop: while it waited for
    another desk's write, the officer saw no answer and pressed Ctrl+C again, stopping it hard."""
    from tests.unit.test_cli import ADMIN_PASSWORD, _password_file

    book = _logbook(tmp_path / "big book.csv", 30_000)
    desk = Terminal("import", "cases", str(book), "--badge", "000001", "--password-file",
                    _password_file(tmp_path, ADMIN_PASSWORD), tmp_path=tmp_path, lang=lang)
    desk.until("已读 " if lang == "zh" else "rows read: ")
    other_desk = _holding_the_write_lock(station)
    try:
        desk.quiet(0.5)  # its progress line has stopped: the import waits for the lock (up to 5 s, then fails)
        desk.type(b"\x03")
        desk.until(words, timeout=2)
    finally:
        other_desk.close()
    desk.until("\n")  # (the notice's line ended before the second Ctrl+C)
    desk.type(b"\x03")
    assert desk.ended() == 130, desk.text()
    shown = desk.text()
    assert shown.count(words) == 1 and "Traceback" not in shown, shown
    imported = _rows(station, 'SELECT count(*) FROM "case"')[0][0]
    assert 0 < imported < 30_000


@pytest.mark.parametrize("lang, words", [("en", "Stopped by Ctrl+C."), ("zh", "已按 Ctrl+C 中止。")])
def test_ctrl_c_at_the_badge_says_so_on_a_line_of_its_own(tmp_path, station, lang, words):
    desk = Terminal("backup", tmp_path=tmp_path, lang=lang)
    desk.until("警号：" if lang == "zh" else "Badge: ")
    assert desk.interrupted() == 130, desk.text()
    shown = desk.text()
    assert f"\n{words}\n" in shown and "Traceback" not in shown, shown
    assert not (tmp_path / "data" / "backups").exists()


def test_a_passphrase_asked_with_no_terminal_is_a_sentence_without_python_s_warning(tmp_path, station):
    import subprocess

    from db import cipher

    result = subprocess.run(
        [sys.executable, "-m", "frontdesk", "db", "encrypt"], capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL, start_new_session=True,  # no terminal at all: a cron job's
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRONTDESK_DATA_DIR": str(tmp_path / "data"),
             "FRONTDESK_CONFIG": str(tmp_path / "config.toml"), "LANG": "en_US.UTF-8"})
    assert result.returncode == 2 and "no passphrase could be read" in result.stderr, result.stderr
    assert "GetPassWarning" not in result.stderr and "may be echoed" not in result.stderr, result.stderr
    assert "\nThis needs the database's passphrase" in result.stderr, result.stderr  # not on the prompt's line
    assert cipher.file_kind(station) == "plain"


def test_enter_alone_at_the_badge_asks_for_it_again_and_three_times_is_nobody(tmp_path, station):
    desk = Terminal("audit", "verify", tmp_path=tmp_path)
    desk.until("Badge: ")
    desk.type(b"\r")
    desk.until("Badge: \nBadge: ")  # asked again, not a password for no badge
    desk.type(b"\r")
    desk.until("Badge: \nBadge: \nBadge: ")
    desk.type(b"\r")
    assert desk.ended() == 2
    shown = desk.text()
    assert "No badge number was typed" in shown and "Password for badge" not in shown, shown
    assert _rows(station, "SELECT count(*) FROM auditevent WHERE action = 'sign_in'") == [(0,)]
