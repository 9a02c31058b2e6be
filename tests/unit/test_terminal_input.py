"""Bytes from the terminal that are no UTF-8 (a paste from a GBK window, an encoded lone surrogate)
come in as "�": the desk keeps running, and ctrl+q still ends it cleanly.

Run on a real pseudo-terminal: the test harness's own driver never decodes bytes."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time

import pytest

from screens.shell.terminal import DeskTerminalDriver, terminal_driver

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")


def _read_until(terminal: int, wanted: bytes, seconds: float) -> bytes:
    seen, end = b"", time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < end:
        ready, _, _ = select.select([terminal], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(terminal, 65536)
            except OSError:  # the child has gone and closed its end
                break
            if not chunk:
                break
            seen += chunk
    return seen


def _drain(terminal: int, seconds: float) -> bytes:
    return _read_until(terminal, b"\x00never\x00", seconds)


def test_bytes_that_are_no_utf8_do_not_end_the_desk(tmp_path):
    env = {**os.environ, "FRONTDESK_DATA_DIR": str(tmp_path), "FRONTDESK_CONFIG": str(tmp_path / "config.toml"),
           "FRONTDESK_STATION_NAME": "城关派出所", "PYTHONUNBUFFERED": "1", "TERM": "xterm-256color"}
    env.pop("TEXTUAL_DRIVER", None)
    terminal, its_end = pty.openpty()
    fcntl.ioctl(its_end, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-m", "frontdesk", "--lang", "en", "--db", f"sqlite:///{tmp_path / 'desk.sqlite'}"],
        stdin=its_end, stdout=its_end, stderr=its_end, env=env, start_new_session=True,
    )
    os.close(its_end)
    try:
        shown = _read_until(terminal, b"admin", 60)  # a new station: the first admin's form
        assert b"admin" in shown, shown.decode(errors="replace")
        os.write(terminal, "张".encode() + b"\xed\xa0\xbd" + b"\xff\xfe" + "三".encode())
        shown = _drain(terminal, 3)
        assert child.poll() is None, shown.decode(errors="replace")
        assert b"Traceback" not in shown and b"UnicodeDecodeError" not in shown
        os.write(terminal, b"\x11")  # ctrl+q
        _drain(terminal, 1)
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        os.close(terminal)


def test_the_desk_reads_the_terminal_leniently_only_where_textual_would_use_its_linux_driver():
    from textual.drivers.headless_driver import HeadlessDriver
    from textual.drivers.linux_driver import LinuxDriver

    assert terminal_driver(LinuxDriver) is DeskTerminalDriver
    assert terminal_driver(HeadlessDriver) is HeadlessDriver
