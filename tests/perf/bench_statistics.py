"""Period statistics at scale: a month and a year of figures, compared with a year before.

    .venv/bin/python tests/perf/bench_statistics.py [--db URL] [--cases N] [--runs R]

Uses /tmp/fdbench/demo-1000000.sqlite when it exists (or --db, or the demo of
--cases in FRONTDESK_DATA_DIR / ./.bench, built first if missing) and prints
the median and 95th percentile of: the case figures alone (aggregate SQL, one
period), and everything the F8 screen asks for (both periods, with the hand-off
figures and patrol totals it reuses).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from frontdesk.cli import demo_settings  # noqa: E402
from frontdesk.station.config import Settings, database_url  # noqa: E402
from db.engine import make_engine  # noqa: E402
from frontdesk.desk import Desk, open_desk  # noqa: E402
from frontdesk.station.opening import OnDuty  # noqa: E402
from frontdesk.reports.statistics import case_counts  # noqa: E402
from frontdesk.timefmt import local_day, month_of  # noqa: E402

BIG_DEMO = Path("/tmp/fdbench/demo-1000000.sqlite")


def percentiles(times: list[tuple[float, float]]) -> str:
    ordered = sorted(wall for wall, _cpu in times)
    p95 = ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)]
    cpu = statistics.median(cpu for _wall, cpu in times)
    return (f"median {statistics.median(ordered):8.1f} ms   p95 {p95:8.1f} ms   CPU median {cpu:7.1f} ms"
            f"   ({len(ordered)} runs, load {os.getloadavg()[0]:.1f})")


def timed(runs: int, call) -> list[tuple[float, float]]:
    """(wall, CPU) milliseconds of each run; CPU time counts this process only (SQLite runs in it)."""
    call()  # warm the page cache
    times = []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        call()
        times.append(((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: the 1M demo in /tmp/fdbench if there, else --cases)")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    folder = Path(os.environ.get("FRONTDESK_DATA_DIR", ".bench"))
    settings = demo_settings(Settings(data_dir=folder))
    url = args.db or (f"sqlite:///{BIG_DEMO}" if BIG_DEMO.exists() else database_url(settings, demo_cases=args.cases))
    print(f"database: {url}")
    if args.db or BIG_DEMO.exists():
        # Only read: a database someone else built is not migrated or written to here.
        desk = Desk(settings=settings, engine=make_engine(url), url=url,
                    on_duty=OnDuty(site_code=settings.site_code, site_name="", station_name="", officer_id=None,
                                   officer_name="", badge_no="", role="supervisor"))
    else:
        desk = open_desk(settings, url, demo_cases=args.cases)
        desk.actor = replace(desk.actor, role="supervisor")  # the figures are for supervisors
    stats = desk.statistics
    first_of_this_month = month_of(local_day(desk.clock(), desk.zone))[0]
    last_month = month_of(first_of_this_month - timedelta(days=1))
    twelve_months = (date(last_month[0].year - 1, last_month[0].month, 1), last_month[1])
    twelve_months = (month_of(twelve_months[0])[1] + timedelta(days=1), twelve_months[1])
    for name, (since, until) in (("a month", last_month), ("twelve months", twelve_months)):
        with desk.reading() as session:
            counts = case_counts(session, since=since, until=until, zone=desk.zone)
        print(f"{name}: {since} .. {until}, {counts.cases:,} cases")
        with desk.reading() as session:
            times = timed(args.runs, lambda: case_counts(session, since=since, until=until, zone=desk.zone))
        print(f"  case figures (aggregate SQL, one period)       {percentiles(times)}")
        times = timed(max(3, args.runs // 2), lambda: stats.figures(since, until))
        print(f"  the whole screen (both periods, all figures)   {percentiles(times)}")
    desk.close()


if __name__ == "__main__":
    main()
