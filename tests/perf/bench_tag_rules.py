"""What the tag rules add to recording a case, and what `apply-rules` costs over a demo's people.

    .venv/bin/python tests/perf/bench_tag_rules.py [demo_cases] [records]
                                                 (defaults 20000 and 200)

Builds a demo of `demo_cases` cases, then records `records` fraud cases (every rule is asked: fraud
victim, repeat reporter, the two age rules by the ID number) with the rules on, and the same number
with the case desk's after-save seam off, one commit each; prints median, p95 and worst wall time and
the CPU time of each run (the machine is shared: CPU time is the steadier figure), then times one
`apply-rules` over every person. The load average at the time is printed too.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from frontdesk.callers.people import PersonInput  # noqa: E402
from frontdesk.cases.recording import CaseDraft  # noqa: E402
from frontdesk.desk import open_desk  # noqa: E402
from frontdesk.station.config import Settings  # noqa: E402


def run(desk, records: int, offset: int) -> tuple[list[float], float]:
    times, cpu = [], time.process_time()
    for n in range(records):
        draft = CaseDraft(reporter=PersonInput(name="测试人", phone=f"139{offset + n:08d}",
                                               resident_id="110105195003070027"),
                          category="fraud", summary="冒充客服退款", place="东关村3组")
        started = time.perf_counter()
        desk.cases.record_case(draft, now=desk.clock())
        times.append((time.perf_counter() - started) * 1000)
    return times, (time.process_time() - cpu) * 1000 / records


def report(name: str, times: list[float], cpu: float) -> None:
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(f"{name:30s} median {statistics.median(times):6.2f} ms  p95 {p95:6.2f} ms  worst {max(times):6.2f} ms"
          f"  CPU {cpu:5.2f} ms/case")


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    records = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(station_name="城关派出所", officer_name="王建军", officer_badge="031245",
                            data_dir=Path(folder))
        desk = open_desk(settings, f"sqlite:///{folder}/bench.sqlite", demo_cases=cases)
        try:
            print(f"load average {os.getloadavg()[0]:.2f} at the start; demo of {cases:,} cases")
            with_rules = run(desk, records, 0)
            seam, desk.cases.after_save = desk.cases.after_save, None
            without = run(desk, records, records)
            desk.cases.after_save = seam
            report("record a fraud case, rules on", *with_rules)
            report("the same, rules off", *without)
            desk.actor = desk.actor.__class__(**{**desk.actor.__dict__, "role": "admin"})
            cpu, started = time.process_time(), time.perf_counter()
            done = desk.tags.apply_rules()
            print(f"apply-rules over every person   {(time.perf_counter() - started) * 1000:8.1f} ms wall"
                  f"  {(time.process_time() - cpu) * 1000:8.1f} ms CPU  (put {done.put}, taken off {done.taken_off})")
            print(f"load average {os.getloadavg()[0]:.2f} at the end")
        finally:
            desk.close()


if __name__ == "__main__":
    main()
