"""Recording a case: one durable commit with synchronous=FULL (target ≤ 20 ms).

    .venv/bin/python tests/perf/bench_record_case.py [demo_cases] [records]
                                                   (defaults 100000 and 300)

Builds a demo database of `demo_cases` cases, then records `records` walk-in
cases through the desk exactly as the form does (new reporter with phone and
ID, or a known reporter), one commit each, and prints the median, 95th
percentile and worst time per case. Also times the as-you-type reporter look-up
(`match_people`) on that database, by full phone and by last four digits.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from frontdesk.cases.recording import CaseDraft  # noqa: E402
from frontdesk.station.config import Settings  # noqa: E402
from frontdesk.desk import open_desk  # noqa: E402
from frontdesk.callers.people import PersonInput  # noqa: E402


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(f"{name:34s} median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms   worst {max(times):6.2f} ms")


def main(argv: list[str]) -> None:
    demo_cases = int(argv[1]) if len(argv) > 1 else 100_000
    records = int(argv[2]) if len(argv) > 2 else 300
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), station_name="城关派出所")
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        print(f"building a {demo_cases:,}-case demo database …", flush=True)
        desk = open_desk(settings, url, demo_cases=demo_cases)
        desk.cases.record_case(CaseDraft(reporter=PersonInput(name="回访人", phone="13800000000"), category="help",
                                   summary="求助"), now=desk.clock())
        known = desk.callers.match_people("13800000000")
        new_times, known_times = [], []
        for number in range(records):
            phone = f"139{number:08d}"
            draft = CaseDraft(
                reporter=PersonInput(name="测试来访人", phone=phone, address="东关村"),
                category="dispute", summary="邻里纠纷", place="东关村",
            )
            new_times.append(timed(lambda: desk.cases.record_case(draft, now=desk.clock())))
            if known:
                again = CaseDraft(reporter=PersonInput(person_id=known[0].person_id), category="help",
                                  summary="求助", place="东关村")
                known_times.append(timed(lambda: desk.cases.record_case(again, now=desk.clock())))
        report("record case, new reporter", new_times)
        if known_times:
            report("record case, known reporter", known_times)
        full = known[0].phone_e164[3:] if known else "13900000001"
        report("look-up by full phone", [timed(lambda: desk.callers.match_people(full)) for _ in range(200)])
        report("look-up by last 4 digits", [timed(lambda: desk.callers.match_people(full[-4:])) for _ in range(200)])
        desk.close()


if __name__ == "__main__":
    main(sys.argv)
