"""The shift handover report at scale: one shift's report, as the handover screen asks for it.

    .venv/bin/python tests/perf/bench_handover.py --db URL [--runs R]

The database must hold a station (for example the 1,000,000-case demo; it is
only read). Prints the median and 95th percentile of wall and CPU time of
`desk.handover.report` for the shift of the newest case, and of the
station-wide count of call-backs owed alone. Target: ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from sqlalchemy import func  # noqa: E402
from sqlmodel import select  # noqa: E402

from db.engine import make_engine  # noqa: E402
from db.models import Case  # noqa: E402
from frontdesk.cli import demo_settings  # noqa: E402
from frontdesk.desk import Desk  # noqa: E402
from frontdesk.reports.handover import call_backs_owed, shift_at  # noqa: E402
from frontdesk.station.config import Settings  # noqa: E402
from frontdesk.station.opening import OnDuty  # noqa: E402


def timed(runs: int, call) -> str:
    call()  # warm the page cache
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    walls.sort()
    p95 = walls[max(0, int(len(walls) * 0.95 + 0.5) - 1)]
    return (f"median {statistics.median(walls):7.1f} ms   p95 {p95:7.1f} ms   "
            f"CPU median {statistics.median(cpus):6.1f} ms   ({runs} runs, load {os.getloadavg()[0]:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database URL of a station (only read)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    settings = demo_settings(Settings(data_dir=Path(os.environ.get("FRONTDESK_DATA_DIR", ".bench"))))
    desk = Desk(settings=settings, engine=make_engine(args.db), url=args.db,
                on_duty=OnDuty(site_code=settings.site_code, site_name="", station_name="", officer_id=None,
                               officer_name="", badge_no="", role="duty"))
    with desk.reading() as session:
        newest = session.exec(select(func.max(Case.received_at))).one()
        cases = session.exec(select(func.count()).select_from(Case)).one()
    shift = shift_at(newest, desk.zone)
    print(f"database: {args.db}  ({cases:,} cases); shift {shift.day} {shift.kind}")
    report = desk.handover.report(shift)
    print(f"  {len(report.cases)} cases, {len(report.handed_off)} hand-offs, "
          f"{report.call_backs_owed:,} call-backs owed")
    print(f"  the whole report        {timed(args.runs, lambda: desk.handover.report(shift))}")

    def owed() -> None:
        with desk.reading() as session:
            call_backs_owed(session)

    print(f"  call-backs owed alone   {timed(args.runs, owed)}")
    desk.close()


if __name__ == "__main__":
    main()
