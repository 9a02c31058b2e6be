"""Sign-in: an unknown badge is refused as slowly as a wrong password (the answer's time tells nothing).

    .venv/bin/python tests/perf/bench_signin_timing.py [--tries 200]

With the station's real Argon2 cost, on a fresh SQLite station with one admin, takes the given
number of tries of each (taken in turns, so a busy machine slows both alike) and prints the
medians, their difference and the load average. The unit test (tests/unit/test_signin.py) does
the same with as many tries as fit in about 12 seconds; this script is the full measurement.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from db.engine import write_session  # noqa: E402
from frontdesk.access import signin  # noqa: E402
from frontdesk.desk import open_desk  # noqa: E402
from frontdesk.station.config import Settings  # noqa: E402

PASSWORD = "correct horse 2026"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=200, help="tries of each kind (default 200)")
    tries = parser.parse_args().tries
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), station_name="城关派出所")
        desk = open_desk(settings, f"sqlite:///{Path(folder) / 'signin.sqlite'}")
        desk.access.create_first_admin(name="李所长", badge="000001", password=PASSWORD, again=PASSWORD)
        taken: dict[str, list[float]] = {"unknown badge": [], "wrong password": []}
        now = desk.clock()
        for _ in range(tries):
            for kind, badge in (("unknown badge", "999999"), ("wrong password", "000001")):
                with write_session(desk.engine) as session:
                    started = time.perf_counter()
                    attempt = signin.sign_in(session, badge=badge, password="not the password", site="LS",
                                             now=now, lockout_minutes=15, zone=ZoneInfo("Asia/Shanghai"))
                    taken[kind].append((time.perf_counter() - started) * 1000)
                    session.rollback()  # no lock-out builds up: every try is a first wrong one
                assert attempt.officer is None
        desk.close()
    medians = {kind: statistics.median(times) for kind, times in taken.items()}
    for kind, times in taken.items():
        print(f"{kind:15s} median {medians[kind]:7.1f} ms   min {min(times):7.1f}   max {max(times):7.1f}   ({tries} tries)")
    unknown, wrong = medians["unknown badge"], medians["wrong password"]
    print(f"difference {100 * (unknown - wrong) / wrong:+.1f}% of the wrong password's median "
          f"(target within ±10%); load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
