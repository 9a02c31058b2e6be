"""The desk's day at a glance at scale: computing the figures, and the cheap look for changes.

    .venv/bin/python tests/perf/bench_dashboard.py [--cases N] [--db URL] [--runs R]

Uses (or first builds: minutes for a million cases) the demo database of N
cases (default 1,000,000) in FRONTDESK_DATA_DIR or ./.bench, as
tests/perf/bench_lookup.py does, and migrates it. "Now" is the newest case's
time, so today holds a demo day's cases. Prints the median and 95th percentile
of: the whole dashboard computation (every figure, the categories of the day
and the change mark, in one read, as the desk's worker runs it; target
≤ 100 ms), the change mark alone (what the desk reads every few seconds), and
the handover report of the shift that holds "now". On SQLite it also prints
the query plan of each count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from sqlalchemy import func, text  # noqa: E402
from sqlmodel import select  # noqa: E402

from db.models import Case  # noqa: E402
from frontdesk.cli import demo_settings  # noqa: E402
from frontdesk.station.config import Settings, database_url  # noqa: E402
from frontdesk.desk import open_desk  # noqa: E402
from frontdesk.reports.handover import shift_at  # noqa: E402
from frontdesk.timefmt import day_bounds, local_day  # noqa: E402

PLANS = {
    "cases today by category": 'SELECT category, count(*) FROM "case" WHERE received_at >= :a AND received_at < :b '
                               "AND voided_at IS NULL GROUP BY category",
    "still open": "SELECT count(*) FROM \"case\" WHERE status IN ('open', 'in_progress', 'handed_off') "
                  "AND voided_at IS NULL",
    "hand-offs due / overdue": "SELECT count(*) FROM handoff WHERE status IN ('pending', 'sent', 'accepted') "
                               "AND due_at < :b",
    "repeats today": "SELECT count(*) FROM caselink JOIN \"case\" ON \"case\".id = caselink.case_id "
                     "WHERE caselink.kind = 'repeat_of' AND received_at >= :a AND received_at < :b",
    "change mark": "SELECT max(rowid) FROM changelog",
}


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   (max {ordered[-1]:.2f})"


def timed(call, runs: int) -> list[float]:
    call()  # warm the page cache once, as a desk that has been open a while has it
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--db", help="database URL (default: the demo file for --cases)")
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    folder = Path(os.environ.get("FRONTDESK_DATA_DIR", ".bench"))
    settings = demo_settings(Settings(data_dir=folder))
    url = args.db or database_url(settings, demo_cases=args.cases)
    print(f"database: {url}  (building the demo first if it is not there: minutes for a million cases)")
    started = time.perf_counter()
    desk = open_desk(settings, url, demo_cases=None if args.db else args.cases,
                     progress=lambda done, total: print(f"\r  {done:,} / {total:,} cases", end="", flush=True))
    print(f"\nopened (and migrated) in {time.perf_counter() - started:.1f} s")
    with desk.reading() as session:
        cases = session.exec(select(func.count()).select_from(Case)).one()
        now = session.exec(select(func.max(Case.received_at))).one() + timedelta(minutes=1)
    print(f"cases: {cases:,}   now: {now.astimezone(desk.zone):%Y-%m-%d %H:%M} (the newest case's time)")
    _mark, today = desk.dashboard.figures_and_mark(now)
    print(f"figures: {today.cases_today} today, {today.open_cases:,} open, {today.handoffs_due_today} due today, "
          f"{today.handoffs_overdue:,} overdue, {today.repeats_today} repeats, "
          f"{len(today.by_category)} categories today")
    if desk.engine.dialect.name == "sqlite":
        print_plans(desk, now)
    print(f"{args.runs} runs each:")
    print(f"  {'dashboard (all figures)':28s} {percentiles(timed(lambda: desk.dashboard.figures_and_mark(now), args.runs))}")
    print(f"  {'change mark (the poll)':28s} {percentiles(timed(lambda: desk.dashboard.change_mark(), args.runs))}")
    handover = desk.handover
    shift = shift_at(now, desk.zone)
    report_times = timed(lambda: handover.report(shift), max(5, args.runs // 10))
    report = handover.report(shift)
    print(f"  {'handover report (one shift)':28s} {percentiles(report_times)}   "
          f"({len(report.cases)} cases, {report.call_backs_owed:,} call-backs owed)")
    desk.close()


def print_plans(desk, now) -> None:
    start, end = day_bounds(local_day(now, desk.zone), desk.zone)
    bounds = {"a": start.astimezone(timezone.utc).isoformat(" "), "b": end.astimezone(timezone.utc).isoformat(" ")}
    with desk.reading() as session:
        conn = session.connection()
        print("query plans:")
        for name, sql in PLANS.items():
            plan = conn.execute(text("EXPLAIN QUERY PLAN " + sql), bounds).all()
            print(f"  {name:26s} " + " / ".join(str(row[-1]) for row in plan))


if __name__ == "__main__":
    main()
