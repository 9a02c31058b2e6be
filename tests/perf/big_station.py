"""A station database that already holds many cases, built once and cached, for the write benchmarks.

    .venv/bin/python tests/perf/big_station.py [cases]      (default 1000000)

Builds the demo station of `cases` cases (the desk's own demo builder: people,
phones, cases, parties, hand-offs, each with its change-log entry) into
`/tmp/frontdesk-bench-<cases>.sqlite` (or `$FRONTDESK_BENCH_CACHE`) if it is not
there yet — minutes for a million cases — and prints where it is. A benchmark
takes a copy (`fresh_copy`), so the cached file is never changed by a run.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from frontdesk.desk import open_desk  # noqa: E402
from frontdesk.station.config import Settings  # noqa: E402

#: The clock every benchmark runs at: the demo's cases end just before it.
NOW = datetime(2026, 11, 22, 12, 30, tzinfo=timezone.utc)


def cached_station(cases: int) -> Path:
    """The cached database of `cases` demo cases, built first if it is not there."""
    folder = Path(os.environ.get("FRONTDESK_BENCH_CACHE", "/tmp"))
    path = folder / f"frontdesk-bench-{cases}.sqlite"
    if path.exists() and not path.with_suffix(".building").exists():
        return path
    path.with_suffix(".building").touch()
    started = time.perf_counter()
    settings = Settings(data_dir=folder / f"frontdesk-bench-{cases}-data", config_path=folder / "none.toml",
                        officer_badge="031245", officer_name="王建军")

    def progress(done: int, total: int) -> None:
        print(f"\r  building the station: {done:>10,} / {total:,} cases  {time.perf_counter() - started:7.0f} s",
              end="", file=sys.stderr, flush=True)

    desk = open_desk(settings, f"sqlite:///{path}", demo_cases=cases, progress=progress, clock=lambda: NOW)
    desk.close()
    path.with_suffix(".building").unlink()
    print(f"\n  built {path} ({path.stat().st_size / 2**20:,.0f} MB) in {time.perf_counter() - started:.0f} s",
          file=sys.stderr, flush=True)
    return path


def supervisor_desk(settings, url: str, **options):
    """A desk with the settings' officer signed in as a supervisor (imports need one); as the tests do it,
    the officer is put on the station's list first if they are not on it yet."""
    from tests.conftest import open_desk as open_test_desk

    desk = open_test_desk(settings, url, **options)
    duty = desk.on_duty
    if duty.role not in ("supervisor", "admin"):
        desk.context.seat(officer_id=duty.officer_id, name=duty.officer_name, badge_no=duty.badge_no,
                          role="supervisor")
    return desk


def fresh_copy(cases: int, target: Path) -> Path:
    """A copy of the cached station (WAL checkpointed into the file) at `target`."""
    source = cached_station(cases)
    shutil.copyfile(source, target)
    return target


if __name__ == "__main__":
    print(cached_station(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000))
