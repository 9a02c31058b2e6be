"""Statistics and handover at 100,000 cases: SQLite against PostgreSQL, the same demo size, in one run.

    .venv/bin/python tests/perf/bench_reports_backends.py [FOLDER]

Builds a 100,000-case demo on SQLite in FOLDER/sqlite (default ./.bench/backends) and on a private
PostgreSQL server (tests/pgserver.py: Debian's binaries), then prints the median wall time (and this
process's CPU time) of the statistics screen for a month and a year and of one shift's handover.
Target: PostgreSQL within 2x of SQLite.
"""
import os
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere
FOLDER = Path(sys.argv[1] if len(sys.argv) > 1 else '.bench/backends')
from sqlalchemy import create_engine, text, func
from sqlmodel import select
from frontdesk.cli import demo_settings
from frontdesk.station.config import Settings
from frontdesk.desk import open_desk
from frontdesk.reports.handover import shift_at
from frontdesk.timefmt import local_day, month_of
from db.models import Case
from tests.pgserver import TempPostgres

def timed(runs, call):
    call(); w=[]; c=[]
    for _ in range(runs):
        t0=time.perf_counter(); c0=time.process_time(); call(); w.append((time.perf_counter()-t0)*1000); c.append((time.process_time()-c0)*1000)
    return f"median {statistics.median(w):7.1f} ms  CPU(this process) {statistics.median(c):6.1f} ms  load {os.getloadavg()[0]:.1f}"

def bench(label, url, folder):
    settings = demo_settings(Settings(data_dir=Path(folder)))
    t0=time.perf_counter()
    desk = open_desk(settings, url, demo_cases=100_000)
    print(label, "opened/built in", round(time.perf_counter()-t0), "s", flush=True)
    desk.actor = replace(desk.actor, role="supervisor")
    with desk.reading() as s:
        newest = s.exec(select(func.max(Case.received_at))).one()
    first = month_of(local_day(newest, desk.zone))[0]
    month = month_of(first - timedelta(days=1))
    year = (date(month[0].year - 1, month[0].month, 1), month[1])
    year = (month_of(year[0])[1] + timedelta(days=1), year[1])
    print(label, "statistics month", timed(5, lambda: desk.statistics.figures(*month)), flush=True)
    print(label, "statistics year ", timed(3, lambda: desk.statistics.figures(*year)), flush=True)
    shift = shift_at(newest, desk.zone)
    print(label, "handover shift  ", timed(10, lambda: desk.handover.report(shift)), flush=True)
    desk.close()

(FOLDER / "sqlite").mkdir(parents=True, exist_ok=True)
bench("sqlite", f"sqlite:///{(FOLDER / 'sqlite' / 'demo.sqlite').resolve()}", FOLDER / "sqlite")
server = TempPostgres(); admin = server.start()
try:
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn: conn.execute(text("CREATE DATABASE fd_p_bench"))
    eng.dispose()
    (FOLDER / "postgres").mkdir(parents=True, exist_ok=True)
    bench("postgres", admin.rsplit("/", 1)[0] + "/fd_p_bench", FOLDER / "postgres")
finally:
    server.stop()
