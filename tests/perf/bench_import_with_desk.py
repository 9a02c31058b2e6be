"""A desk saving cases while a big import runs: how long does a save wait? (target: ≤ 100 ms)

    .venv/bin/python tests/perf/bench_import_with_desk.py [--rows 100000] [--cases 0] [--every 1.0]

One process imports a logbook of `--rows` rows (the import benchmark's file:
reporters with name and phone, every 50th row bad) exactly as `frontdesk import
cases` does, into a SQLite database (WAL, synchronous=FULL; `--cases N`: a copy
of a station already holding N cases, tests/perf/big_station.py). Another
process — a second desk on the same database — records a walk-in case every
`--every` seconds through the desk's own `record_case`, from before the import
starts until it ends. Prints each save's time, then their median, 95th
percentile and worst; and the same desk's saves with no import running, so that
what the import adds can be read off. Half a second after each save the desk
also takes the write lock alone (BEGIN IMMEDIATE, as a save does, then ROLLBACK)
and times the wait: that is the time a save waits for the import's short
transactions, apart from the CPU the two processes share.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere


def _settings(folder: Path):
    from frontdesk.station.config import Settings

    return Settings(data_dir=folder, config_path=folder / "config.toml", officer_badge="031245",
                    officer_name="王建军")


def desk_saving(url: str, folder: str, every: float, stop, times, waits) -> None:
    """The second desk: a walk-in case every `every` seconds until `stop` is set; each save's ms into `times`,
    and (half a period later) how long taking the write lock alone waited, into `waits`."""
    import sqlite3

    from frontdesk.callers.people import PersonInput
    from frontdesk.cases.recording import CaseDraft
    from frontdesk.desk import open_desk

    desk = open_desk(_settings(Path(folder)), url)
    probe = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30, isolation_level=None)
    number = 0
    while not stop.is_set():
        number += 1
        draft = CaseDraft(reporter=PersonInput(name="来所群众", phone=f"137{number:08d}"), category="dispute",
                          summary=f"邻里纠纷 {number}", place="东关村")
        started = time.perf_counter()
        desk.cases.record_case(draft, now=desk.clock())
        times.append((time.perf_counter() - started) * 1000)
        stop.wait(max(0.0, every / 2 - (time.perf_counter() - started)))
        asked = time.perf_counter()
        probe.execute("BEGIN IMMEDIATE")  # what a save waits for: the write lock, as the desk takes it
        waits.append((time.perf_counter() - asked) * 1000)
        probe.execute("ROLLBACK")
        stop.wait(max(0.0, every - (time.perf_counter() - started)))
    probe.close()
    desk.close()


def saves(url: str, folder: Path, every: float, during) -> tuple[list[float], list[float]]:
    """Run the saving desk in its own process while `during()` runs here; the saves' times and the write
    lock's waits, in ms."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        stop, times, waits = manager.Event(), manager.list(), manager.list()
        desk = context.Process(target=desk_saving, args=(url, str(folder), every, stop, times, waits))
        desk.start()
        while not len(times):  # the desk is open and has saved once before the import starts
            time.sleep(0.05)
        during()
        stop.set()
        desk.join()
        return list(times), list(waits)


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(f"{name}: {len(times)} saves, median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
          f"worst {max(times):.1f} ms", flush=True)


def main() -> None:
    from frontdesk.desk import open_desk
    from frontdesk.intake.import_run import summary_text
    from tests.perf.bench_import import write_logbook
    from tests.perf.big_station import NOW, fresh_copy, supervisor_desk

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=0, help="cases the station holds first (0: a fresh one)")
    parser.add_argument("--every", type=float, default=1.0, help="seconds between the desk's saves")
    parser.add_argument("--quiet-saves", type=int, default=15, help="saves timed with no import running")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir="/tmp") as name:
        folder = Path(name)
        path = write_logbook(folder, args.rows, xlsx=False)
        database = folder / "bench.sqlite"
        if args.cases:
            fresh_copy(args.cases, database)
        url = f"sqlite:///{database}"
        desk = supervisor_desk(_settings(folder), url, clock=lambda: NOW)
        quiet, quiet_waits = saves(url, folder, args.every, lambda: time.sleep(args.every * args.quiet_saves))
        report("the desk's saves, no import running", quiet)
        report("the write lock's wait, no import running", quiet_waits)
        result = []

        def importing() -> None:
            started = time.perf_counter()
            result.append(desk.intake.run(desk.intake.open(str(path))))
            result.append(time.perf_counter() - started)

        during, waits = saves(url, folder, args.every, importing)
        print(summary_text(result[0]))
        print(f"import: {result[0].read:,} rows in {result[1]:.1f} s = {result[0].read / result[1]:,.0f} rows/s "
              f"while the desk saved")
        print("each save during the import (ms): " + " ".join(f"{ms:.0f}" for ms in during))
        report("the desk's saves during the import", during)
        print("the write lock's wait during the import (ms): " + " ".join(f"{ms:.0f}" for ms in waits))
        report("the write lock's wait during the import", waits)
        print(f"what the import added to the worst save: {max(during) - statistics.median(quiet):.1f} ms; "
              f"to the 95th percentile: {sorted(during)[max(0, int(len(during) * 0.95) - 1)] - statistics.median(quiet):.1f} ms")
        desk.close()


if __name__ == "__main__":
    main()
