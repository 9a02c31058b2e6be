"""Demo build: how fast `build_demo` fills a fresh SQLite file.

    .venv/bin/python tests/perf/bench_demo_build.py [cases]     (default 100000)

Builds the demo into a temporary file with the desk's own pragmas
(WAL, synchronous=FULL) and reports the elapsed time, records per second
(each record is also one change-log row) and the file's size. The target is
1,000,000 cases well under 15 minutes on two cores.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from frontdesk.station.config import Settings  # noqa: E402
from frontdesk.demo import build_demo  # noqa: E402
from frontdesk.station.opening import open_station  # noqa: E402


def main(argv: list[str]) -> None:
    cases = int(argv[1]) if len(argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        engine, on_duty = open_station(Settings(data_dir=Path(folder)), f"sqlite:///{path}")
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            elapsed = time.perf_counter() - started
            print(f"\r{done:>10,} / {total:,} cases  {elapsed:7.1f} s", end="", file=sys.stderr, flush=True)

        try:
            summary = build_demo(engine, on_duty, cases=cases, progress=progress)
        finally:
            engine.dispose()
        elapsed = time.perf_counter() - started
        size_mb = sum(f.stat().st_size for f in Path(folder).iterdir()) / 1e6
    print(file=sys.stderr)
    print(f"cases            {summary.cases:,}")
    print(f"people           {summary.people:,}")
    print(f"records          {summary.records:,} (+ as many change-log rows)")
    print(f"elapsed          {elapsed:.1f} s")
    print(f"records/second   {summary.records / elapsed:,.0f}")
    print(f"cases/second     {summary.cases / elapsed:,.0f}")
    print(f"database         {size_mb:,.0f} MB")


if __name__ == "__main__":
    main(sys.argv)
