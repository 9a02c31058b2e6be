"""What one Pilot test pays to start the desk: build the app, open a copied database, sign in,
open the case form, quit; and how much of it is parsing the CSS, with and without the parse
shared between apps (tests/sharedcss.py, which the test suite uses).

    PYTHONPATH=. .venv/bin/python tests/perf/bench_pilot_start.py [apps]

CPU time (process and the UI thread's) as well as wall time, and the load average: on a shared
machine the wall time says more about the neighbours than about the tests.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual.css.stylesheet import Stylesheet

import tests.conftest  # noqa: F401  the suite's settings: cheap hashing, strict modes, the shared CSS
from tests import sharedcss
from tests.apphelpers import desk_app, open_desk_app

parse_cpu = [0.0]


def _timed(name: str) -> None:
    original = getattr(Stylesheet, name)

    def timed(self, _original=original):
        started = time.thread_time()
        try:
            return _original(self)
        finally:
            parse_cpu[0] += time.thread_time() - started

    setattr(Stylesheet, name, timed)


_timed("parse")  # reparse() parses a fresh Stylesheet, so timing parse() counts it too


async def _one(folder: Path) -> None:
    app = desk_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f2")
        await pilot.pause()


def _measure(apps: int) -> list[tuple[float, float, float]]:
    runs = []
    for _ in range(apps):
        with tempfile.TemporaryDirectory() as folder:
            parse_cpu[0] = 0.0
            cpu, wall = time.process_time(), time.perf_counter()
            asyncio.run(_one(Path(folder)))
            runs.append((time.process_time() - cpu, time.perf_counter() - wall, parse_cpu[0]))
    return runs


def _report(label: str, runs: list[tuple[float, float, float]]) -> None:
    cpu, wall, parse = (statistics.median(values) for values in zip(*runs))
    print(f"{label:<28} per app, median of {len(runs)}: CPU {cpu:.2f} s, wall {wall:.2f} s, "
          f"CSS parse {parse * 1000:.0f} ms of CPU")


def main() -> None:
    apps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    _measure(1)  # imports, the template database, the first parse
    _report("CSS parsed once per process", _measure(apps))
    Stylesheet._parse_rules = sharedcss._parse_once_per_app
    _report("CSS parsed once per app", _measure(apps))
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
