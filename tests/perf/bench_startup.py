"""Start-up: time to the first paint of the desk, and to a sign-in form that takes a key,
against a bare Textual app with the same widgets.

    .venv/bin/python tests/perf/bench_startup.py [rounds]

Each run is a fresh process (as the officer starts it), headless. Each round starts the bare
app, then the desk, so both see the same load on a shared machine (default 9 rounds). Figures:

- first paint: from spawning the process to its first painted screen;
- sign-in usable (the desk only): until the sign-in form is up and a key typed into its
  password field has landed there (the database opened, the station read, the form composed);

each as wall time and as the CPU time the process had used by then (all its threads), with
the load average. The ratios compare medians with the bare app's first paint (targets: first
paint ≤ 1.25×, sign-in usable ≤ 1.5×). The desk opens a small demo station (built by a
warm-up run that is not counted). The project's modules are byte-compiled first, as
installing the package does (the bare app's Textual is compiled in the environment too).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DESK = """
import sys, time
from frontdesk.cli import build_app
app = build_app(["--lang", "zh", "--demo", "--demo-size", "200"],
                environ={"FRONTDESK_DATA_DIR": sys.argv[1], "FRONTDESK_CONFIG": sys.argv[1] + "/config.toml"})
started = float(sys.argv[2])
def painted():
    print("paint", time.time() - started, time.process_time(),
          "heavy" if "sqlalchemy" in sys.modules else "light", flush=True)
    app.set_interval(0.002, wait_for_gate)
typed = []
def wait_for_gate():
    from textual import events
    from textual.widgets import Input
    from screens.access.signin import SignInScreen
    screen = app.screen
    if not isinstance(screen, SignInScreen) or not isinstance(app.focused, Input):
        return
    if not typed:  # a key as the terminal driver delivers it
        key = events.Key("x", "x")
        key.set_sender(app)
        app._driver.send_message(key)
        typed.append(key)
    elif app.focused.value == "x":
        print("signin", time.time() - started, time.process_time(), "-", flush=True)
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
        print("paint", time.time() - float(sys.argv[2]), time.process_time(), "light", flush=True)
        self.exit()

Bare().run(headless=True, size=(110, 34))
"""


def one_run(code: str, folder: str) -> dict[str, tuple[float, float, str]]:
    """{measure: (wall seconds from spawning, CPU seconds used by then, note)} for one fresh process."""
    environ = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    result = subprocess.run([sys.executable, "-c", code, folder, repr(time.time())], capture_output=True,
                            text=True, timeout=300, env=environ, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    figures = {}
    for line in result.stdout.splitlines():
        what, wall, cpu, note = line.split()
        figures[what] = (float(wall), float(cpu), note)
    return figures


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:6.0f} ms  min {min(values) * 1000:6.0f} ms"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    compileall.compile_dir(ROOT / "frontdesk", quiet=1)
    compileall.compile_dir(ROOT / "screens", quiet=1)
    compileall.compile_dir(ROOT / "db", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        one_run(DESK, folder)  # the first start builds the demo station; not counted
        runs: dict[str, list[dict]] = {"bare": [], "desk": []}
        loads = []
        for _ in range(rounds):
            loads.append(os.getloadavg()[0])
            runs["bare"].append(one_run(BARE, folder))
            runs["desk"].append(one_run(DESK, folder))
    print(f"{rounds} rounds, each a bare app then the desk, fresh processes;"
          f" load average {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")
    medians = {}
    for name, what, label in (("bare", "paint", "bare Textual app, first paint"),
                              ("desk", "paint", "Front Desk, first paint"),
                              ("desk", "signin", "Front Desk, sign-in usable")):
        walls = [run[what][0] for run in runs[name]]
        cpus = [run[what][1] for run in runs[name]]
        medians[(name, what)] = (statistics.median(walls), statistics.median(cpus))
        print(f"  {label:31s} wall {summary(walls)}   CPU {summary(cpus)}")
    heavy = any(run["paint"][2] == "heavy" for run in runs["desk"])
    print(f"  database layer imported at the desk's first paint: {'yes' if heavy else 'no'}")
    bare_wall, bare_cpu = medians[("bare", "paint")]
    for what, label, target in (("paint", "first paint", 1.25), ("signin", "sign-in usable", 1.5)):
        wall, cpu = medians[("desk", what)]
        print(f"  {label:15s} / bare first paint: wall {wall / bare_wall:.2f}×  CPU {cpu / bare_cpu:.2f}×"
              f"  (target ≤ {target}×)")


if __name__ == "__main__":
    main()
