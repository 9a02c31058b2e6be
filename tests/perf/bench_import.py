"""Importing a logbook: rows per second and peak memory, which must not grow with the file.

    .venv/bin/python tests/perf/bench_import.py [--rows 100000] [--cases 1000000] [--also 20000] [--xlsx]
                                                [--db STATION.sqlite]

Writes a realistic logbook (GBK CSV, or XLSX with date cells, with --xlsx): a
title line, mixed date formats, every row naming its reporter (name + phone,
written with spaces and +86), every 50th row bad in some way, repeat reporters
(one row in three is someone seen before). Then imports it exactly as
`frontdesk import cases` does into a copy of a station that already holds
`--cases` cases (tests/perf/big_station.py builds it once and caches it under
/tmp; `--cases 0`: a fresh database), SQLite with the desk's pragmas (WAL,
synchronous=FULL). Prints rows/s and the peak resident memory above what the
process held before the import; then checks what must still hold: each new
reporter created once (people added = distinct new name + phone pairs), the
change log one entry per record written, the audit chain whole (what
`frontdesk audit verify` checks), and the same file again adds nothing.
`--db` names the station to copy instead (e.g. one at the newest schema; never
written). Prints the CPU time beside the wall time, and the load average.
`--also N` first does the same with a smaller file, so that the two peaks can
be compared: streaming means the peak is flat in the file's size.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

import psutil  # noqa: E402

from frontdesk.intake.import_run import kinds_text, summary_text  # noqa: E402
from frontdesk.station.config import Settings  # noqa: E402
from tests.perf.big_station import NOW, fresh_copy, supervisor_desk  # noqa: E402

HEADER = ["序号", "接警时间", "报警人", "联系电话", "身份证号", "警情类别", "报警方式", "发生地点", "简要案情", "处理结果"]
CATEGORIES = ["纠纷", "求助", "举报", "盗窃", "诈骗", "遗失", "噪音扰民", "交通", "其他"]
CHANNELS = ["来所", "电话", "110", "网上"]
DISPOSITIONS = ["现场化解", "调解", "移交侦查", ""]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚"


def logbook_rows(rows: int, *, xlsx: bool):
    """The logbook's rows, one at a time (the file is never built in memory either)."""
    rng = random.Random(7)
    start = datetime(2023, 1, 1, 8, 0)
    people: list[tuple[str, str]] = []
    for number in range(1, rows + 1):
        when = start + timedelta(minutes=number * 5 + rng.randint(0, 4))
        if xlsx and number % 3:
            written: object = when
        else:
            style = number % 4
            written = (when.strftime("%Y-%m-%d %H:%M") if style == 0 else
                       f"{when.year}/{when.month}/{when.day} {when.hour}:{when.minute:02d}" if style == 1 else
                       f"{when.year}年{when.month}月{when.day}日 {when.hour}时{when.minute}分" if style == 2 else
                       when.strftime("%d/%m/%Y %H:%M"))
        if people and rng.random() < 0.33:
            name, phone = rng.choice(people)
        else:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
            digits = f"13{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"
            phone = rng.choice([digits, f"{digits[:3]} {digits[3:7]} {digits[7:]}", f"+86 {digits[:3]}-{digits[3:7]}-"
                                f"{digits[7:]}"])
            if len(people) < 20_000:
                people.append((name, phone))
        category = rng.choice(CATEGORIES)
        if number % 50 == 0:  # a bad row now and then
            kind = (number // 50) % 4
            if kind == 0:
                written = "2023-13-45"
            elif kind == 1:
                phone = "1381234"
            elif kind == 2:
                category = "醉酒滋事"
            else:
                name = ""
        yield [str(number), written, name, phone, "", category, rng.choice(CHANNELS), f"东关村{rng.randint(1, 12)}组",
               f"{category}：第{number}号登记，" + "情况说明" * rng.randint(1, 8), rng.choice(DISPOSITIONS)]


def write_logbook(folder: Path, rows: int, *, xlsx: bool) -> Path:
    if xlsx:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(["某派出所接警登记台账"])
        sheet.append(HEADER)
        for row in logbook_rows(rows, xlsx=True):
            sheet.append(row)
        path = folder / f"logbook-{rows}.xlsx"
        book.save(path)
        return path
    path = folder / f"logbook-{rows}.csv"
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["某派出所接警登记台账"])
        writer.writerow(HEADER)
        writer.writerows(logbook_rows(rows, xlsx=False))
    return path


class PeakMemory:
    """The process's resident memory, sampled every 50 ms on a thread."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.base = self.process.memory_info().rss
        self.peak = self.base
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.05)

    def stop(self) -> tuple[float, float]:
        self.running = False
        self.thread.join()
        return self.base / 2**20, (self.peak - self.base) / 2**20


def _counts(desk) -> dict[str, int]:
    from sqlalchemy import func, select

    from db.models import AuditEvent, Case, ChangeLog, Person, PersonPhone

    with desk.reading() as session:
        return {model.__name__: session.execute(select(func.count()).select_from(model)).scalar_one()
                for model in (Case, Person, PersonPhone, ChangeLog, AuditEvent)}


def bench(rows: int, *, xlsx: bool, cases: int, db: str = "") -> None:
    from frontdesk.access.audit import verify

    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        base = Path(folder)
        started = time.perf_counter()
        path = write_logbook(base, rows, xlsx=xlsx)
        print(f"\nwrote {path.name}: {rows:,} rows, {path.stat().st_size / 2**20:.1f} MB "
              f"in {time.perf_counter() - started:.1f} s", flush=True)
        database = base / "bench.sqlite"
        if db:
            started = time.perf_counter()
            subprocess.run(["cp", "--sparse=always", db, str(database)], check=True)
            print(f"a copy of {db} in {time.perf_counter() - started:.0f} s", flush=True)
        elif cases:
            started = time.perf_counter()
            fresh_copy(cases, database)
            print(f"a copy of the station holding {cases:,} cases in {time.perf_counter() - started:.0f} s",
                  flush=True)
        settings = Settings(data_dir=base, config_path=base / "config.toml", officer_badge="031245",
                            officer_name="王建军")
        desk = supervisor_desk(settings, f"sqlite:///{database}", clock=lambda: NOW)
        before = _counts(desk)
        print("before: " + ", ".join(f"{name} {count:,}" for name, count in before.items()), flush=True)
        imports = desk.intake
        memory = PeakMemory()
        opened = imports.open(str(path))
        started = time.perf_counter()
        cpu = time.process_time()
        last = [0.0]

        def progress(step) -> None:
            now = time.perf_counter()
            if now - last[0] > 5:
                last[0] = now
                print(f"  {step.fraction:4.0%}  {step.read:>8,} read  {step.read / (now - started):6,.0f} rows/s",
                      flush=True)

        result = imports.run(opened, progress=progress)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        base_mb, peak_mb = memory.stop()
        print(summary_text(result))
        print(kinds_text(result.kinds))
        print(f"{rows:,} rows: {seconds:.1f} s, {result.read / seconds:,.0f} rows/s; "
              f"resident memory {base_mb:.0f} MB before, peak +{peak_mb:.1f} MB during the import")
        print(f"CPU time of the importing process: {cpu:.1f} s = {result.read / cpu:,.0f} rows per CPU-second "
              f"(wall time also counts waiting for a core on a shared machine); load average "
              f"{' '.join(f'{value:.1f}' for value in os.getloadavg())}")
        after = _counts(desk)
        added = {name: after[name] - before[name] for name in after}
        print("added: " + ", ".join(f"{name} {count:,}" for name, count in added.items()))
        records = added["Case"] * 2 + added["Person"] + added["PersonPhone"]  # a case and its reporter party
        print(f"change log: {added['ChangeLog']:,} entries for {records:,} records written "
              f"({'whole' if added['ChangeLog'] == records else 'NOT WHOLE'}); people created: {result.people:,}")
        started = time.perf_counter()
        with desk.reading() as session:
            report = verify(session)
        print(f"audit chain: {report.events:,} events, {'intact' if report.intact else report.problems[:3]} "
              f"(checked in {time.perf_counter() - started:.1f} s)")
        again = time.perf_counter()
        second = imports.run(imports.open(str(path)))
        print(f"importing it again: {second.imported:,} added, {second.skipped:,} already there, "
              f"{time.perf_counter() - again:.1f} s")
        desk.close()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--also", type=int, default=0, help="a smaller file first, to compare memory")
    parser.add_argument("--cases", type=int, default=1_000_000,
                        help="cases the station holds before the import (0: a fresh database)")
    parser.add_argument("--xlsx", action="store_true")
    parser.add_argument("--db", default="", help="a station database to copy (instead of the cached demo one)")
    args = parser.parse_args(argv[1:])
    if args.also:
        bench(args.also, xlsx=args.xlsx, cases=args.cases, db=args.db)
    bench(args.rows, xlsx=args.xlsx, cases=args.cases, db=args.db)


if __name__ == "__main__":
    main(sys.argv)
