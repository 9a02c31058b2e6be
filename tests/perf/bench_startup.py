"""Start-up: time to the first paint of the desk, against a bare Textual app.

    .venv/bin/python tests/perf/bench_startup.py [runs]

Each run is a fresh process (as the officer starts it), headless; the figure is
the time from spawning it to its first painted screen. The bare app has the same widgets
(header labels, input, panels of figures, footer) and nothing else. Also
reports whether SQLAlchemy had been imported by the time of the first paint: it
should not be, as the database opens in a worker after it.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time

DESK = """
import sys, time
from frontdesk.cli import build_app
app = build_app(["--lang", "zh"], environ={"FRONTDESK_DATA_DIR": sys.argv[1], "FRONTDESK_CONFIG": sys.argv[1] + "/config.toml"})
def painted():
    print(time.time() - float(sys.argv[2]), "heavy" if "sqlalchemy" in sys.modules else "light", flush=True)
    app.exit()
app.call_after_refresh(painted)
app.run(headless=True, size=(110, 34))
"""

BARE = """
import sys, time
from textual.app import App
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Label, Static

class Bare(App):
    def compose(self):
        with Horizontal(id="header"):
            yield Label("接警台 · 城关派出所 (LS)"); yield Label("值班民警"); yield Label("2026-11-22 20:30")
        yield Input(placeholder="电话、姓名、拼音、身份证号或警情编号")
        yield Static("查询结果")
        with Horizontal():
            for _ in range(3):
                with Vertical():
                    for _ in range(3):
                        yield Static("今日接警  0")
        for _ in range(7):
            yield Label("F2  新建警情")
        yield Static("数据库")
        yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        print(time.time() - float(sys.argv[2]), "light", flush=True)
        self.exit()

Bare().run(headless=True, size=(110, 34))
"""


def one_run(code: str, folder: str) -> tuple[float, str]:
    """Seconds from spawning the process to its first paint, and its import note."""
    result = subprocess.run(
        [sys.executable, "-c", code, folder, repr(time.time())], capture_output=True, text=True, timeout=60
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    elapsed, note = result.stdout.strip().splitlines()[-1].split()
    return float(elapsed), note


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as folder:
        one_run(DESK, folder)  # first start creates and migrates the database; not counted
        for name, code in (("bare Textual app", BARE), ("Front Desk desk", DESK)):
            times, notes = zip(*(one_run(code, folder) for _ in range(runs)))
            print(
                f"{name:18s} median {statistics.median(times) * 1000:6.0f} ms"
                f"  min {min(times) * 1000:6.0f} ms  over {runs} runs;"
                f" database layer imported at first paint: {'yes' if 'heavy' in notes else 'no'}"
            )


if __name__ == "__main__":
    main()
