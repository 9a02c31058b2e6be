"""Statistics and the handover at 100,000 cases: SQLite against PostgreSQL, the same demo, in one run.

    .venv/bin/python tests/perf/bench_reports_backends.py [--cases 100000] [--folder DIR] [--pg-dir DIR]
                                                          [--rebuild]

The SQLite demo is built once and kept in --folder (default /tmp/fd-backends); the PostgreSQL one
lives on a private server whose folder outlives the run (--pg-dir, default /tmp/fd-pg-similar, the
one tests/perf/bench_similar.py --postgres keeps: its 100,000-case demo takes ~20 minutes of one
core to build). --rebuild builds both again. Prints the median wall time, this process's CPU time
and the server's, of the statistics screen's figures for a month and a year and of one shift's
handover, then PostgreSQL's time over SQLite's. Target: within 2×.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from sqlalchemy import func  # noqa: E402
from sqlmodel import select  # noqa: E402

from db.models import Case  # noqa: E402
from frontdesk.cli import demo_settings  # noqa: E402
from frontdesk.desk import open_desk  # noqa: E402
from frontdesk.reports.handover import shift_at  # noqa: E402
from frontdesk.station.config import Settings  # noqa: E402
from frontdesk.timefmt import local_day, month_of  # noqa: E402
from tests.perf.bench_similar import KeptPostgres  # noqa: E402

RUNS = {"statistics, a month": 5, "statistics, a year": 3, "handover, a shift": 10}


def timed(runs: int, call, server_cpu=None) -> tuple[float, float, float]:
    """Median wall ms, this process's CPU ms and the server's CPU ms of `runs` calls (after one to warm)."""
    call()
    wall, cpu, server = [], [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        served = server_cpu() if server_cpu else 0.0
        call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        server.append(((server_cpu() if server_cpu else 0.0) - served) * 1000)
    return statistics.median(wall), statistics.median(cpu), statistics.median(server)


def measure(label: str, desk, server_cpu=None) -> dict[str, float]:
    desk.actor = replace(desk.actor, role="supervisor")
    with desk.reading() as session:
        newest = session.exec(select(func.max(Case.received_at))).one()
    first = month_of(local_day(newest, desk.zone))[0]
    month = month_of(first - timedelta(days=1))  # the last whole month
    year = (month_of(date(month[0].year - 1, month[0].month, 1))[1] + timedelta(days=1), month[1])
    shift = shift_at(newest, desk.zone)
    calls = {"statistics, a month": lambda: desk.statistics.figures(*month),
             "statistics, a year": lambda: desk.statistics.figures(*year),
             "handover, a shift": lambda: desk.handover.report(shift)}
    medians = {}
    for name, call in calls.items():
        wall, cpu, server = timed(RUNS[name], call, server_cpu)
        medians[name] = wall
        print(f"{label:10} {name:20} median {wall:7.1f} ms   CPU: this process {cpu:6.1f} ms, server {server:6.1f} ms"
              f"   load {os.getloadavg()[0]:.1f}", flush=True)
    return medians


def sqlite_desk(folder: Path, cases: int):
    database = folder / "demo.sqlite"
    built = folder / "built"
    if not (built.exists() and built.read_text().split()[0] == str(cases)):
        if folder.exists() and any(folder.iterdir()) and not database.exists():
            raise SystemExit(f"{folder} holds files this benchmark did not write: name another --folder")
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        desk = open_desk(demo_settings(Settings(data_dir=folder)), f"sqlite:///{database}", demo_cases=cases)
        built.write_text(f"{cases} cases\n")
        print(f"SQLite: demo of {cases:,} cases built in {time.perf_counter() - started:.0f} s (kept in {folder})",
              flush=True)
        return desk
    return open_desk(demo_settings(Settings(data_dir=folder)), f"sqlite:///{database}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--folder", default="/tmp/fd-backends", help="where the SQLite demo is kept")
    parser.add_argument("--pg-dir", default="/tmp/fd-pg-similar", help="where the PostgreSQL server is kept")
    parser.add_argument("--rebuild", action="store_true", help="build both demos again")
    args = parser.parse_args(argv[1:])
    if args.rebuild:
        shutil.rmtree(args.folder, ignore_errors=True)
    desk = sqlite_desk(Path(args.folder), args.cases)
    on_sqlite = measure("SQLite", desk)
    desk.close()
    server = KeptPostgres(Path(args.pg_dir))
    with server.demo(args.cases, rebuild=args.rebuild) as desk:
        on_postgres = measure("PostgreSQL", desk, server.cpu_seconds)
    for name in RUNS:
        print(f"{name:20} PostgreSQL / SQLite: {on_postgres[name] / on_sqlite[name]:.2f}× (target ≤ 2×)")


if __name__ == "__main__":
    main(sys.argv)
