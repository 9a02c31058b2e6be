"""Memory over simulated hours at the desk, on a copy of the 1,000,000-case database.

    .venv/bin/python tests/perf/bench_memory.py [--source FILE] [--work DIR] [--hours H] [--actions N]

Drives the real desk app headless by Pilot, by keys. The hour is a busy duty officer's hour at
the front desk, 180 actions: in every ten, six look-ups typed key by key (full pinyin, the last
four digits of a phone, a whole name), three people opened from the look-up (their history read)
and closed again, and one walk-in case recorded on the F2 form (phone, name, address, category,
place, summary, ctrl+s; a new reporter each time) and closed. That is 108 look-ups, 54 people and
18 cases an hour: a call or a visitor every 20 seconds, a case recorded every 3 minutes and 20
seconds. Time is compressed: the actions follow each other as fast as the desk answers and the
desk's clock moves on 20 seconds per action (so its dashboard refreshes and its clock-driven reads
see the hour pass). --hours (default 1) repeats the hour; --actions overrides the count.

Prints the process's resident memory (VmRSS) and what SQLite's allocator holds at sign-in, every
30 actions (ten minutes of the desk's time), its peak (VmHWM) and at the end, with wall and CPU
time and the load; at sign-in and at the end, where it is (Python's small-object heap, its arenas and what
is used in them, and glibc's heap). Target: ≤ 150 MiB after the hour. --growth N prints what grew between action
N and 2N (RSS, Python's blocks, modules imported, live objects by type; --tracemalloc adds where, slowly);
--growth 0 between sign-in and the end.

The source database is never written: it is copied into --work first (5.5 GB for a million
cases; a copy already there is used again with --reuse).
"""

from __future__ import annotations

import argparse
import asyncio
import faulthandler
import gc
import os
import random
import shutil
import signal
import sqlite3
import sys
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from frontdesk.cli import demo_settings  # noqa: E402
from frontdesk.station.config import Settings, database_url  # noqa: E402

CASES = 1_000_000
#: A busy duty officer's hour (see above), and the desk's clock per action.
ACTIONS_AN_HOUR = 180
SECONDS_AN_ACTION = 3600 // ACTIONS_AN_HOUR


def memory() -> dict[str, float]:
    """This process's resident memory now and at its peak (Linux's /proc), and what SQLite's own
    allocator holds (page caches, schemas, prepared statements of every connection), in MiB."""
    figures = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            figures[name] = int(value.split()[0]) / 1024
    figures["SQLite"] = _sqlite_memory_used() / 2**20
    return figures


def _sqlite_memory_used() -> int:
    import _sqlite3
    import ctypes

    used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
    used.restype = ctypes.c_int64
    return used()


def heaps() -> str:
    """Where the memory is: Python's small-object heap (its arenas, and what is used in them) and
    glibc's heap (in use, free, mapped on its own), in MiB."""
    import ctypes
    import tempfile

    with tempfile.TemporaryFile() as out:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(out.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        stats = {}
        for line in out.read().decode().splitlines():
            name, _, value = line.rpartition("=")
            stats[name.strip()] = value.strip().replace(",", "")
    arenas = int(stats.get("# arenas allocated current", 0))  # of 1 MiB each
    most = int(stats.get("# arenas highwater mark", 0))
    used = int(stats.get("# bytes in allocated blocks", 0)) / 2**20

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in
                    ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                     "keepcost")]

    try:
        mallinfo2 = ctypes.CDLL(None).mallinfo2
    except AttributeError:
        return f"Python's small-object heap {arenas} MiB ({used:.1f} in use; at most {most})"
    mallinfo2.restype = MallInfo2
    info = mallinfo2()
    return (f"Python's small-object heap {arenas} MiB ({used:.1f} in use; at most {most}); C heap {info.uordblks / 2**20:.1f} MiB"
            f" in use, {info.fordblks / 2**20:.1f} free, {info.hblkhd / 2**20:.1f} mapped apart")


def queries(path: Path, count: int, rng: random.Random) -> list[str]:
    """Look-ups an officer would type: full pinyin, a phone's last four digits, a whole name."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        people = db.execute("SELECT name, name_pinyin FROM person LIMIT 5000").fetchall()
        phones = [row[0] for row in db.execute("SELECT e164 FROM personphone LIMIT 5000")]
    typed = []
    for number in range(count):
        name, pinyin = rng.choice(people)
        typed.append((pinyin, rng.choice(phones)[-4:], name)[number % 3])
    return typed


def object_counts() -> dict[str, int]:
    """Live objects the garbage collector knows, by type."""
    counts: dict[str, int] = {}
    for thing in gc.get_objects():
        kind = type(thing)
        name = f"{kind.__module__}.{kind.__qualname__}" if kind.__module__ != "builtins" else kind.__qualname__
        counts[name] = counts.get(name, 0) + 1
    return counts


def show_growth(snapshots: list, start: int, end: int) -> None:
    """What grew between two actions (0: sign-in): RSS, Python's allocated blocks, live objects by type and,
    with --tracemalloc, what Python allocated and still holds, by where it was allocated."""
    (before, counts_before, blocks_before, rss_before, modules_before), \
        (after, counts_after, blocks_after, rss_after, modules_after) = snapshots
    print(f"actions {start}–{end}: RSS {rss_after - rss_before:+.1f} MiB,"
          f" Python's blocks {blocks_after - blocks_before:+,}", flush=True)
    imported = sorted(modules_after - modules_before)
    print(f"  modules imported ({len(imported)}): " + ", ".join(imported), flush=True)
    grown = sorted(((counts_after.get(name, 0) - counts_before.get(name, 0), name) for name in counts_after),
                   reverse=True)
    print("  objects grown: " + ", ".join(f"{name} {count:+,}" for count, name in grown[:40] if count > 0), flush=True)
    ours = [(count, name) for count, name in grown if count > 0 and name.startswith(("screens.", "frontdesk.", "db."))]
    print("  the desk's own: " + ", ".join(f"{name} {count:+,}" for count, name in ours[:15]), flush=True)
    widgets = [(count, name) for count, name in grown if count > 0 and name.startswith("textual.widgets")]
    print("  Textual's widgets: " + ", ".join(f"{name} {count:+,}" for count, name in widgets[:10]), flush=True)
    if before is None:
        return
    keep = [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen importlib*")]
    changes = after.filter_traces(keep).compare_to(before.filter_traces(keep), "traceback")
    total = sum(change.size_diff for change in changes)
    print(f"  held by Python: {total / 2**20:+.1f} MiB", flush=True)
    by_file = after.filter_traces(keep).compare_to(before.filter_traces(keep), "filename")
    print("  by file: " + ", ".join(f"{change.traceback[0].filename.rpartition('site-packages/')[2]}"
                                    f" {change.size_diff / 1024:+.0f} KiB" for change in by_file[:20]), flush=True)
    for change in changes[:12]:
        print(f"  {change.size_diff / 1024:+9.0f} KiB  {change.count_diff:+7d} blocks", flush=True)
        for line in change.traceback.format(limit=6, most_recent_first=True):
            print("     ", line.strip()[:150], flush=True)


async def simulate(settings: Settings, url: str, actions: int, typed: list[str], trace: bool = False,
                   growth: int | None = None, tracing: bool = False) -> None:
    from textual.widgets import Input, Select

    from frontdesk.access.signin import DEMO_PASSWORD
    from screens.callers.person import PersonScreen
    from screens.cases.dialogs import KeptDraftQuestion
    from screens.cases.detail import CaseDetailScreen
    from screens.cases.form import CaseFormScreen
    from screens.shell.app import FrontDeskApp, Launch
    from screens.shell.desk import DeskScreen
    from tests.apphelpers import sign_in, wait_until

    started_at = datetime.now(timezone.utc).replace(microsecond=0)
    done = [0]
    app = FrontDeskApp(Launch(settings=settings, url=url),
                       clock=lambda: started_at + timedelta(seconds=SECONDS_AN_ACTION * done[0]))
    rng = random.Random(7)
    wall = time.perf_counter()
    cpu = time.process_time()
    async with app.run_test(size=(120, 36)) as pilot:
        while app.desk is None:
            await pilot.pause(0.1)
            if app.gate_desk is not None:
                await sign_in(pilot, DEMO_PASSWORD)

        async def at_desk() -> None:
            assert await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), timeout=60), app.screen

        async def look_up(query: str) -> None:
            lookup = app.screen.query_one("#lookup")
            lookup.clear()
            lookup.input.focus()
            await pilot.press(*query) if query.isascii() else lookup.input.insert_text_at_cursor(query)
            assert await wait_until(pilot, lambda: lookup.results is not None and lookup.results.typed == query,
                                    timeout=60), query

        async def open_person(query: str) -> None:
            await look_up(query)
            if not app.screen.query_one("#lookup").results.people:
                return
            await pilot.press("enter")
            assert await wait_until(pilot, lambda: isinstance(app.screen, PersonScreen)
                                    and app.screen.history is not None, timeout=60)
            await pilot.press("escape")
            await at_desk()

        async def record_case(number: int) -> None:
            await pilot.press("f2")
            assert await wait_until(pilot, lambda: isinstance(app.screen, CaseFormScreen)
                                    and isinstance(app.focused, Input), timeout=60)
            phone = f"1990{number:07d}"  # a number the demo never gave anyone: a new reporter each time
            await pilot.press(*phone, "tab", "tab")
            app.focused.insert_text_at_cursor("周建国")
            await pilot.press("tab")
            app.focused.insert_text_at_cursor("南门村5组")
            await pilot.press("tab", "enter", "1")
            category = app.screen.query_one("#category", Select)
            if category.is_blank():  # the list had not opened yet on a loaded machine: choose again
                await pilot.press("enter")
                assert await wait_until(pilot, lambda: category.expanded, timeout=60)
                await pilot.press("1", "enter")
            await pilot.press("tab")
            app.focused.insert_text_at_cursor("南门村5组")
            await pilot.press("tab")
            app.focused.insert_text_at_cursor(f"与邻居因排水沟发生争执（{number}）")
            await pilot.press("ctrl+s")
            saved = await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen), timeout=60)
            assert saved, str(app.screen.query_one("#form-message").render())
            await pilot.press("escape")
            await at_desk()

        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if isinstance(app.screen, KeptDraftQuestion):  # a case left unsaved by a run stopped midway
            await pilot.press("n")  # set aside, kept
        await at_desk()
        gc.collect()
        first = memory()
        print(f"signed in: RSS {first['VmRSS']:.1f} MiB (peak so far {first['VmHWM']:.1f}; SQLite {first['SQLite']:.1f})",
              flush=True)
        print(f"  {heaps()}", flush=True)
        recorded = 0
        if tracing:
            tracemalloc.start(8)
        snapshots = []
        points = (0, actions) if growth == 0 else (growth, 2 * growth) if growth else ()

        def snapshot() -> None:
            gc.collect()
            snapshots.append((tracemalloc.take_snapshot() if tracing else None, object_counts(),
                              sys.getallocatedblocks(), memory()["VmRSS"], set(sys.modules)))
            if len(snapshots) == 2:
                show_growth(snapshots, *points)

        if points and points[0] == 0:
            snapshot()
        while done[0] < actions:
            step = done[0] % 10
            if step < 6:
                await look_up(typed[done[0] % len(typed)])
            elif step < 9:
                await open_person(typed[rng.randrange(len(typed))])
            else:
                await record_case(recorded)
                recorded += 1
            done[0] += 1
            if trace:
                print(f"  {done[0]:5d} {('look-up', 'person', 'case')[(step >= 6) + (step >= 9)]}"
                      f"  {time.perf_counter() - wall:.1f} s", flush=True)
            if done[0] in points:
                snapshot()
            if done[0] % 30 == 0:
                now = memory()
                minutes = done[0] * SECONDS_AN_ACTION // 60
                print(f"{done[0]:5d} actions ({minutes // 60}:{minutes % 60:02d} of desk time): RSS {now['VmRSS']:.1f} MiB"
                      f" (SQLite {now['SQLite']:.1f})   "
                      f"({time.perf_counter() - wall:.0f} s wall, {time.process_time() - cpu:.0f} s CPU,"
                      f" load {os.getloadavg()[0]:.1f})", flush=True)
        gc.collect()
        last = memory()
        print(f"end, {done[0]} actions ({recorded} cases recorded): RSS {last['VmRSS']:.1f} MiB"
              f" (SQLite {last['SQLite']:.1f}), "
              f"peak {last['VmHWM']:.1f} MiB; {time.perf_counter() - wall:.0f} s wall,"
              f" {time.process_time() - cpu:.0f} s CPU", flush=True)
        print(f"  {heaps()}", flush=True)
        pool = app.desk.engine.pool
        print(f"screens open {len(app.screen_stack)}, the router's running jobs {len(app.work._running)},"
              f" notifications {len(app._notifications)}; database connections kept {pool.checkedin()},"
              f" compiled statements cached {len(app.desk.engine._compiled_cache or ())}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="/tmp/q/frontdesk-1m.sqlite",
                        help="the 1,000,000-case demo database (read only; copied first)")
    parser.add_argument("--work", default="/tmp/frontdesk-memory-bench", help="where the copy goes")
    parser.add_argument("--reuse", action="store_true", help="use a copy already in --work")
    parser.add_argument("--hours", type=float, default=1.0, help="busy hours at the desk (180 actions each)")
    parser.add_argument("--actions", type=int, help="this many actions instead of --hours")
    parser.add_argument("--trace", action="store_true", help="a line for every action")
    parser.add_argument("--growth", type=int, metavar="N",
                        help="print what grew between action N and 2N (RSS, Python's blocks, objects by type);"
                             " 0: between sign-in and the end")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="with --growth: also where Python allocated what it still holds (slow)")
    args = parser.parse_args()
    faulthandler.register(signal.SIGUSR1)  # `kill -USR1 PID` prints where a long run is
    folder = Path(args.work)
    settings = demo_settings(Settings(data_dir=folder))
    url = database_url(settings, demo_cases=CASES)
    copy = Path(url.removeprefix("sqlite:///"))
    source = Path(args.source)
    if copy.resolve() == source.resolve():
        raise SystemExit("--work must not hold the source database itself")
    if not (args.reuse and copy.exists()):
        folder.mkdir(parents=True, exist_ok=True)
        print(f"copying {source} to {copy} …", flush=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source, copy)
    typed = queries(copy, 600, random.Random(5))
    args.actions = args.actions or round(args.hours * ACTIONS_AN_HOUR)
    print(f"database: {url}; {args.actions} actions; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
          flush=True)
    asyncio.run(simulate(settings, url, args.actions, typed, args.trace, args.growth, args.tracemalloc))


if __name__ == "__main__":
    main()
