"""Importing a sync bundle (target: 10,000 changes in ≤ 1 s, aim ≤ 0.5 s).

    .venv/bin/python tests/perf/bench_sync.py [demo_cases] [runs]
                                            (defaults 2500 and 3)

Builds a demo station of `demo_cases` cases, sets up an outpost from it (the
kit's bundle holds every change the station has: people, phones, cases,
parties, hand-offs, patrols), and times verifying and applying that bundle at
a fresh outpost database, in one transaction, `runs` times (each on a fresh
copy). Also prints how long writing that bundle (the whole change log) took.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from db.migrate import head_revision, known_revision  # noqa: E402
from frontdesk.desk import open_desk  # noqa: E402
from frontdesk.records import Actor  # noqa: E402
from frontdesk.station.opening import connect, migrate  # noqa: E402
from frontdesk.sync.importing import import_bundle  # noqa: E402
from frontdesk.sync.outposts import add_outpost, open_kit, take_kit  # noqa: E402
from tests.synchelpers import Clock, site_settings  # noqa: E402


def main(demo_cases: int = 2500, runs: int = 3) -> None:
    base = Path(tempfile.mkdtemp(prefix="fd-bench-sync-"))
    started = time.perf_counter()
    station = open_desk(site_settings(base / "LS", "LS"), f"sqlite:///{base / 'LS' / 'desk.sqlite'}",
                        demo_cases=demo_cases, clock=Clock())
    print(f"demo station of {demo_cases:,} cases built in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    kit = add_outpost(station.engine, code="LS-02", name="东关警务室", by=station.actor,
                      folder=base / "kits", schema=head_revision())
    print(f"outpost kit (export of the whole change log) written in {time.perf_counter() - started:.2f} s")

    template = base / "outpost-template.sqlite"
    engine = connect(f"sqlite:///{template}")
    migrate(engine)
    bundle = take_kit(engine, open_kit(kit.path, "LS-02", kit.setup_code), by=Actor(site="LS-02", role="admin"),
                      scratch=base)
    engine.dispose()
    times, cpus = [], []
    for run in range(runs):
        target = base / f"outpost-{run}.sqlite"
        shutil.copyfile(template, target)
        engine = connect(f"sqlite:///{target}")
        started, cpu = time.perf_counter(), time.process_time()
        done = import_bundle(engine, bundle, by=Actor(site="LS-02", role="admin"),
                             known_revision=known_revision)
        times.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
        engine.dispose()
        print(f"run {run + 1}: {done.total:,} changes ({done.applied:,} applied) in {times[-1]:.2f} s "
              f"= {done.total / times[-1]:,.0f} changes/s; CPU {cpus[-1]:.2f} s", flush=True)
    per_10k = statistics.median(times) / done.total * 10_000
    print(f"import, new records: median {statistics.median(times):.2f} s for {done.total:,} changes "
          f"→ {per_10k:.2f} s per 10,000 changes (target ≤ 1 s); CPU median {statistics.median(cpus):.2f} s "
          f"(load average {os.getloadavg()[0]:.1f})")
    station.close()
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
