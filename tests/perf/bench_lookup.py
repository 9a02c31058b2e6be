"""Caller look-up at scale: first page per kind of query, and keystroke-to-repaint.

    .venv/bin/python tests/perf/bench_lookup.py [--cases N] [--db URL] [--runs R]

Uses (or first builds) the demo database of N cases (default 1,000,000, about
250,000 people) in FRONTDESK_DATA_DIR or ./.bench, then for each kind of query
the look-up box understands prints the median and 95th percentile time to the
first page of results, in process. Finally it drives the desk through Pilot:
types a query one key at a time and measures, for each keystroke, the time
until the results table shows that keystroke's answer. Targets: first page
≤ 10 ms p95, repaint ≤ 33 ms p95 (aim 16). With --db a PostgreSQL URL, the queries run
there instead (the database must already hold a demo: `frontdesk --db URL demo`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from sqlmodel import select  # noqa: E402

from db.models import Case, Person, PersonPhone  # noqa: E402
from frontdesk.cli import demo_settings  # noqa: E402
from frontdesk.station.config import Settings, database_url  # noqa: E402
from frontdesk.desk import open_desk  # noqa: E402


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms"


def samples(desk, rng: random.Random, count: int) -> dict[str, list[str]]:
    """Real values from the database for every kind of query."""
    with desk.reading() as session:
        people = session.exec(select(Person.name, Person.name_pinyin, Person.name_initials, Person.resident_id)
                              .where(Person.resident_id.is_not(None)).limit(5000)).all()
        phones = session.exec(select(PersonPhone.e164).limit(5000)).all()
        cases = session.exec(select(Case.case_no).limit(5000)).all()
    picked = [rng.choice(people) for _ in range(count)]
    numbers = [rng.choice(phones)[3:] for _ in range(count)]
    return {
        "surname, 1 character": [p[0][0] for p in picked],
        "given name, 2 characters": [p[0][-2:] for p in picked],
        "whole name": [p[0] for p in picked],
        "full pinyin": [p[1] for p in picked],
        "pinyin initials": [p[2] for p in picked],
        "pinyin, 2 letters": [p[1][:2] for p in picked],
        "whole phone": numbers,
        "phone, last 4 digits": [n[-4:] for n in numbers],
        "ID, first 10": [p[3][:10] for p in picked],
        "ID, last 6": [p[3][-6:] for p in picked],
        "case number": [rng.choice(cases) for _ in range(count)],
        "case number, day prefix": [rng.choice(cases)[:11] for _ in range(count)],
    }


def bench_screens(desk, runs: int) -> None:
    """A person's whole history, and the repeat-reporter list, as their screens ask for them."""
    rng = random.Random(13)
    people = [hit.person_id for name in ("王", "李", "张", "刘", "陈") for hit in desk.callers.search(name).people]
    times = []
    for person_id in [rng.choice(people) for _ in range(runs)]:
        started = time.perf_counter()
        desk.callers.person_history(person_id)
        times.append((time.perf_counter() - started) * 1000)
    print(f"  {'person history (opening)':26s} {percentiles(times)}")
    for days in (30, 365):
        for by_phone in (False, True):
            times = []
            for _ in range(5):
                started = time.perf_counter()
                desk.callers.repeat_reporters(days=days, min_reports=3, by_phone=by_phone)
                times.append((time.perf_counter() - started) * 1000)
            label = f"repeat list, {days} d, by {'phone' if by_phone else 'person'}"
            print(f"  {label:26s} {percentiles(times)}")


def bench_queries(desk, runs: int) -> None:
    rng = random.Random(11)
    for kind, values in samples(desk, rng, runs).items():
        desk.callers.search(values[0])  # warm the page cache for this kind
        times, cpu, found = [], [], 0
        for value in values:
            started, cpu_started = time.perf_counter(), time.process_time()
            results = desk.callers.search(value)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            found += len(results.people) + len(results.cases)
        print(f"  {kind:26s} {percentiles(times)}   CPU {percentiles(cpu)}   "
              f"({found / len(values):.1f} results on the first page, load {os.getloadavg()[0]:.1f})")


async def bench_repaint(settings: Settings, url: str, typed: list[str],
                        pace: float = 0.0) -> tuple[list[float], list[float]]:
    """Keystroke to repainted results, in the desk app run headless by Pilot.

    Keys go in as the terminal driver delivers them; the clock stops when the
    screen has refreshed after showing that keystroke's results. (Pilot.press
    itself waits for the whole process to go idle, which measures Pilot's
    polling rather than the desk, so the keys are sent the driver's way.)
    By default each key follows the last one's repaint at once, so a repaint
    may wait for the screen's next frame (the desk paints at most 120 times a
    second, screens/__init__.py); `pace` seconds between keys measures an
    officer's typing instead.
    """
    from screens.shell.app import FrontDeskApp, Launch  # (first, as the desk imports it: it sets the frame rate)

    from textual import events
    from textual.widgets import OptionList

    app = FrontDeskApp(Launch(settings=settings, url=url))
    delays: list[float] = []
    cpu: list[float] = []  # the process's CPU time over the same span (all its threads)
    async with app.run_test(size=(120, 36)) as pilot:
        from frontdesk.access.signin import DEMO_PASSWORD
        from tests.apphelpers import sign_in

        while app.desk is None:  # sign in as the demo officer (a demo built before passwords: as its admin)
            await pilot.pause(0.1)
            if app.gate_desk is not None:
                await sign_in(pilot, DEMO_PASSWORD)
        lookup = app.screen.query_one("#lookup")
        table = lookup.query_one("#results", OptionList)
        painted, wanted, show, shown = [asyncio.Event()], [""], lookup._show, [False]

        def showing(results):  # the box's own method, then the benchmark's word when it is this keystroke's
            show(results)
            shown[0] = results is not None and results.typed == wanted[0]

        display = app._display

        def displaying(screen, update):  # the screen written out: the first time after the results, the clock stops
            display(screen, update)
            if shown[0]:
                shown[0] = False
                painted[0].set()

        # (Waiting for the results, then asking for a callback after the next refresh, missed a repaint done
        # before the benchmark's own task ran again and counted on to the one after: a frame, or a cursor blink.)
        app._display = displaying
        lookup._show = showing
        for query in typed:
            lookup.clear()
            await pilot.pause(0.05)
            for key in query:
                wanted[0] = lookup.input.value + key
                painted[0] = asyncio.Event()
                started, cpu_started = time.perf_counter(), time.process_time()
                key_event = events.Key(key, key)
                key_event.set_sender(app)
                app._driver.send_message(key_event)
                await painted[0].wait()  # set after the repaint: no polling loop spends the CPU being measured
                delays.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                assert table.option_count == len(lookup.results.people) + len(lookup.results.cases)
                if pace:
                    await asyncio.sleep(pace)  # the officer's next key comes this long after
    return delays, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--db", help="database URL (default: the demo file for --cases)")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--no-repaint", action="store_true", help="the queries and screens only, not Pilot")
    parser.add_argument("--repaint-only", action="store_true", help="Pilot's keystrokes only, not the queries")
    parser.add_argument("--keystrokes", type=int, default=240, help="at least this many keystrokes through Pilot")
    parser.add_argument("--pace", type=float, default=0.0,
                        help="milliseconds from one key's repaint to the next key (default: at once)")
    parser.add_argument("--postgres", action="store_true",
                        help="start a private PostgreSQL server (Debian's binaries) and run there")
    args = parser.parse_args()
    folder = Path(os.environ.get("FRONTDESK_DATA_DIR", ".bench"))
    settings = demo_settings(Settings(data_dir=folder))
    server = None
    if args.postgres:
        from sqlalchemy import create_engine, text

        from tests.pgserver import TempPostgres

        server = TempPostgres()
        admin = server.start()
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("CREATE DATABASE frontdesk_bench"))
        engine.dispose()
        args.db = admin.rsplit("/", 1)[0] + "/frontdesk_bench"
    try:
        run(args, settings)
    finally:
        if server is not None:
            server.stop()


def run(args, settings: Settings) -> None:
    url = args.db or database_url(settings, demo_cases=args.cases)
    print(f"database: {url}  (building the demo first if it is not there: minutes for a million cases)")
    started = time.perf_counter()
    desk = open_desk(settings, url, demo_cases=args.cases,
                     progress=lambda done, total: print(f"\r  {done:,} / {total:,} cases", end="", flush=True))
    print(f"\nopened in {time.perf_counter() - started:.1f} s")
    with desk.reading() as session:
        from sqlalchemy import func

        print(f"cases: {session.exec(select(func.count()).select_from(Case)).one():,}   "
              f"people: {session.exec(select(func.count()).select_from(Person)).one():,}")
    if not args.repaint_only:
        print(f"first page of results, {args.runs} queries of each kind:")
        bench_queries(desk, args.runs)
        print("screens that read more than a page:")
        bench_screens(desk, min(args.runs, 100))
    rng = random.Random(5)
    kinds = ("full pinyin", "phone, last 4 digits", "whole name")
    values = samples(desk, rng, max(10, args.keystrokes // 10))
    typed: list[str] = []
    for number in range(len(values[kinds[0]])):  # the kinds in turn, until there are keystrokes enough
        for kind in kinds:
            if sum(map(len, typed)) < args.keystrokes:
                typed.append(values[kind][number])
    desk.close()
    if args.no_repaint:
        return
    load = os.getloadavg()[0]
    delays, cpu = asyncio.run(bench_repaint(settings, url, typed, args.pace / 1000))
    paced = f", a key every {args.pace:g} ms after the repaint" if args.pace else ""
    print(f"keystroke to repainted results through Pilot, {len(delays)} keystrokes{paced}: {percentiles(delays)}"
          f"   CPU {percentiles(cpu)}   (load {load:.1f}–{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
