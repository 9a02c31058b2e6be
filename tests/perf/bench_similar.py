"""Similar cases (串并) at scale: the panel's first page and the cluster view for a month.

    .venv/bin/python tests/perf/bench_similar.py [--source FILE] [--db FILE] [--runs R]
    .venv/bin/python tests/perf/bench_similar.py --postgres [--cases 100000] [--runs R] [--pg-dir DIR] [--rebuild]

Works on a copy of a big station (default: the cached 1,000,000-case demo
/tmp/frontdesk-bench-1000000.sqlite, copied to --db, default /tmp/frontdesk-bench-similar.sqlite,
and migrated there; the source is never written). For R earlier cases picked at random from
the last month it times, in process, what the panel's worker does after the officer stops
typing: the first page for a draft (place, summary, category, phone) and for a saved case.
Then the cluster view for the month before the latest case. Targets: first page ≤ 50 ms p95,
cluster month ≤ 500 ms. Prints median and p95 of each, wall and CPU (this process's: the
machine may be shared, so the wall time says as much about the others as about us), and the
load average. With --postgres it starts a private PostgreSQL server (Debian's binaries, as
tests/perf/bench_lookup.py does) in --pg-dir (default /tmp/fd-pg-similar), builds a demo of
--cases there and runs the same; the folder is kept, and a later run reuses its demo (about
20 minutes of one core to build) unless --rebuild is given.
"""

from __future__ import annotations

import argparse
import random
import shutil
import os
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from sqlalchemy import func  # noqa: E402
from sqlmodel import select  # noqa: E402

from db.models import Case, CaseParty  # noqa: E402
from frontdesk.cli import demo_settings  # noqa: E402
from frontdesk.desk import open_desk  # noqa: E402
from frontdesk.station.config import Settings  # noqa: E402


def percentiles(times: list[tuple[float, float]]) -> str:
    def p95(values):
        ordered = sorted(values)
        return ordered[max(0, int(len(ordered) * 0.95) - 1)]
    wall, cpu = [w for w, _ in times], [c for _, c in times]
    return (f"wall median {statistics.median(wall):7.2f} p95 {p95(wall):7.2f} ms   "
            f"CPU median {statistics.median(cpu):7.2f} p95 {p95(cpu):7.2f} ms   (n={len(times)}, "
            f"load {os.getloadavg()[0]:.1f})")


def timed(job) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    job()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="/tmp/frontdesk-bench-1000000.sqlite")
    parser.add_argument("--db", default="/tmp/frontdesk-bench-similar.sqlite")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--postgres", action="store_true",
                        help="start a private PostgreSQL server, build a demo of --cases there and run on it")
    parser.add_argument("--cases", type=int, default=100_000, help="the demo's size on PostgreSQL")
    parser.add_argument("--pg-dir", default="/tmp/fd-pg-similar",
                        help="the PostgreSQL server's folder, kept between runs and reused when its demo is complete")
    parser.add_argument("--rebuild", action="store_true", help="throw the kept PostgreSQL folder away and build again")
    args = parser.parse_args()
    if not args.postgres:
        target = Path(args.db)
        if not target.exists():
            print(f"copying {args.source} to {target} …", flush=True)
            shutil.copyfile(args.source, target)
        folder = target.parent / (target.stem + "-data")
        folder.mkdir(exist_ok=True)
        started = time.perf_counter()
        desk = open_desk(demo_settings(Settings(data_dir=folder)), f"sqlite:///{target}")  # migrates the copy
        print(f"opened (and migrated) in {time.perf_counter() - started:.1f} s", flush=True)
        return run(desk, args)
    server = KeptPostgres(Path(args.pg_dir))
    with server.demo(args.cases, rebuild=args.rebuild) as desk:
        run(desk, args, server_cpu=server.cpu_seconds)


class KeptPostgres:
    """A private PostgreSQL server whose data folder outlives the run (the 100,000-case demo takes ~20 min).

    The folder holds the cluster (data/), its log and socket, the desk's data folder and a mark
    written once the demo is complete; a later run starts the same cluster on a free port.
    """

    def __init__(self, folder: Path) -> None:
        from tests.pgserver import TempPostgres

        self.server = TempPostgres()  # for its binaries and its runuser handling
        self.folder = folder
        self.port = 0

    def wipe(self) -> None:
        if (self.folder / "data" / "postmaster.pid").exists():
            self.server.folder = self.folder
            try:
                self.server._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
            except Exception:  # noqa: BLE001 - not running after all
                pass
        shutil.rmtree(self.folder, ignore_errors=True)

    def start(self) -> str:
        import pwd

        data = self.folder / "data"
        self.folder.mkdir(parents=True, exist_ok=True)
        user = "postgres"
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        else:
            user = pwd.getpwuid(os.geteuid()).pw_name
        self.server.user = user
        if not (data / "PG_VERSION").exists():
            shutil.rmtree(data, ignore_errors=True)
            self.server._run("initdb", "-D", str(data), "-A", "trust", "-U", user, "-E", "UTF8", "--no-locale")
        from tests.pgserver import _free_port

        self.port = _free_port()
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c max_connections=200"
        self.server._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/postgres"

    @contextmanager
    def demo(self, cases: int, *, rebuild: bool) -> Iterator:
        """The desk on the kept demo of `cases` cases (wiped and built again if `rebuild`), with the server
        running until the block ends."""
        if rebuild:
            self.wipe()
        admin = self.start()
        try:
            desk = self.open_demo(admin, cases)
            try:
                yield desk
            finally:
                desk.close()
        finally:
            self.stop()

    def open_demo(self, admin: str, cases: int):
        """The desk on the kept demo of `cases` cases, built first if it is not there (a build cut short is
        dropped and made again)."""
        url = admin.rsplit("/", 1)[0] + "/frontdesk_similar"
        folder = self.folder / "desk-data"
        started = time.perf_counter()
        if not self.built(cases):
            self.create_database("frontdesk_similar")
            folder.mkdir(exist_ok=True)
            desk = open_desk(demo_settings(Settings(data_dir=folder)), url, demo_cases=cases)
            self.mark_built(cases)
            print(f"PostgreSQL: demo of {cases:,} cases built in {time.perf_counter() - started:.1f} s "
                  f"(kept in {self.folder}; --rebuild to build it again)", flush=True)
            return desk
        desk = open_desk(demo_settings(Settings(data_dir=folder)), url)  # migrates if need be
        print(f"PostgreSQL: the demo kept in {self.folder} opened in {time.perf_counter() - started:.1f} s",
              flush=True)
        return desk

    def built(self, cases: int) -> bool:
        mark = self.folder / "built"
        return mark.exists() and mark.read_text().split()[0] == str(cases)

    def mark_built(self, cases: int) -> None:
        (self.folder / "built").write_text(f"{cases} cases, built {time.strftime('%Y-%m-%d %H:%M:%S')}\n")

    def create_database(self, name: str) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(f"postgresql+psycopg://{self.server.user}@127.0.0.1:{self.port}/postgres",
                               isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))  # a build cut short
            connection.execute(text(f"CREATE DATABASE {name}"))
        engine.dispose()

    def cpu_seconds(self) -> float:
        """CPU time (user and system) of the server's processes so far: the postmaster and its backends."""
        postmaster = int((self.folder / "data" / "postmaster.pid").read_text().split()[0])
        tick, total = os.sysconf("SC_CLK_TCK"), 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            pid = int(stat.parent.name)
            if pid == postmaster or int(fields[1]) == postmaster:  # fields[1]: the parent's pid
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick

    def stop(self) -> None:
        self.server._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "stop")


def run(desk, args, server_cpu=None) -> None:
    rng = random.Random(17)
    with desk.reading() as session:
        total = session.exec(select(func.count()).select_from(Case)).one()
        latest = session.exec(select(func.max(Case.received_at))).one()
        picked = session.exec(select(Case.id, Case.received_at, Case.category, Case.place, Case.summary)
                              .where(Case.received_at >= latest - timedelta(days=30))).all()
        picked = rng.sample(picked, min(args.runs, len(picked)))
        phones = {case_id: phone for case_id, phone in session.exec(
            select(CaseParty.case_id, CaseParty.phone_e164).where(
                CaseParty.case_id.in_([row[0] for row in picked]), CaseParty.role == "reporter"))}
    print(f"{total:,} cases; probes from the month before {latest:%Y-%m-%d %H:%M}")

    series = desk.series
    found: list[int] = []

    def draft(row):
        result = series.similar_to_draft(received_at=row[1], category=row[2], place=row[3], summary=row[4],
                                         phones=(phones.get(row[0]) or "",))
        found.append(len(result))

    def measure(jobs: list) -> tuple[list[tuple[float, float]], str]:
        """Each job's (wall, CPU), and the database server's CPU a job (PostgreSQL's is not this process's)."""
        before = server_cpu() if server_cpu else 0.0
        times = [timed(job) for job in jobs]
        if server_cpu is None:
            return times, ""
        return times, f"   server CPU {(server_cpu() - before) * 1000 / len(jobs):.2f} ms a probe (mean)"

    series.similar_to_case(picked[0][0])  # warm the page cache once
    drafts, on_server = measure([lambda row=row: draft(row) for row in picked])
    print(f"panel, a draft's first page:  {percentiles(drafts)}  ({statistics.mean(found):.1f} suggestions on average)"
          f"{on_server}")
    saved, on_server = measure([lambda row=row: series.similar_to_case(row[0]) for row in picked])
    print(f"panel, a saved case's page:   {percentiles(saved)}{on_server}")
    end = latest + timedelta(minutes=1)
    months, on_server = measure([lambda: series.clusters(end - timedelta(days=30), end)] * 10)
    print(f"cluster view, one month:       {percentiles(months)}{on_server}")
    rows = series.clusters(end - timedelta(days=30), end)
    top = rows[0]
    lists = [timed(lambda: series.cluster_cases(top.kind, top.key, top.category, end - timedelta(days=30), end))
             for _ in range(10)]
    print(f"a cluster row's cases:         {percentiles(lists)}")


if __name__ == "__main__":
    main()
