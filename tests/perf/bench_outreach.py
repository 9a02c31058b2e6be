"""Lists by tag at scale: a tag expression's count and its first page at 250,000 people.

    .venv/bin/python tests/perf/bench_outreach.py [--people N] [--expressions E] [--db URL]

Builds (bulk inserts, no change log: this measures reading) N people (default 250,000) in 40 villages, with
ID numbers giving ages from 0 to 95, and their tags with a realistic spread: every person carries 0–7 of the
station's seeded tags, a few very common (registered resident, the elderly), most rare (a long tail); 2% of
the tags are removed again, 1% of the people are merged into another record. Then runs E (default 60)
random expressions — all of / any of / none of, some with a village or an age range — and prints, for the
count and the first page separately, the median and 95th percentile of wall and CPU time (time.process_time),
with the load average. Targets: count ≤ 100 ms, first page ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from sqlmodel import select  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from db.bulk_insert import new_row, statement_for  # noqa: E402
from db.engine import make_engine, read_session  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models import Person, PersonPhone  # noqa: E402
from db.models.tags import PersonTag, Tag  # noqa: E402
from frontdesk.outreach import lists  # noqa: E402

NOW = datetime(2026, 11, 22, 12, 30, tzinfo=timezone.utc)
TODAY = date(2026, 11, 22)
VILLAGES = [f"{name}村" for name in "东关 西关 南街 北街 高桥 石门 柳营 桃园 杏花 河口 新庄 旧县 马坊 李庄 王屯 张湾 刘集 陈庄 赵庄 孙家".split()]
VILLAGES += [f"{name}社区" for name in "幸福 和平 文化 建设 光明 团结 友谊 胜利 前进 红星 春晖 锦绣 金桥 银河 翠竹 松林 滨河 学府 花园 新华".split()]


def build(url: str, people: int, rng: random.Random) -> None:
    engine = make_engine(url)
    upgrade(engine)
    with read_session(engine) as session:
        tags = [tag.id for tag in session.exec(select(Tag).order_by(Tag.position, Tag.code)).all()]
    rng.shuffle(tags)
    # A long tail: the first tags very common, most rare (weight 1/rank).
    weights = [1 / (rank + 1) for rank in range(len(tags))]
    started = time.perf_counter()
    with engine.begin() as connection:
        person_sql = statement_for(connection, Person.__table__)
        phone_sql = statement_for(connection, PersonPhone.__table__)
        tag_sql = statement_for(connection, PersonTag.__table__)
        batch = 10_000
        ids = []
        for first in range(0, people, batch):
            rows, phones, carried = [], [], []
            for number in range(first, min(people, first + batch)):
                born = date(2026 - rng.randint(0, 95), rng.randint(1, 12), rng.randint(1, 28))
                body = f"330102{born:%Y%m%d}{number % 1000:03d}"
                rid = body + ric.calc_check_digit(body)
                merged = ids[rng.randrange(len(ids))] if ids and rng.random() < 0.01 else None
                row = new_row(Person, site="LS", name=f"居民{number}", resident_id=rid, resident_id_reversed=rid[::-1],
                              village=rng.choice(VILLAGES), merged_into_id=merged, updated_at=NOW)
                rows.append(row)
                ids.append(row["id"])
                mobile = f"13{number:09d}"
                phones.append(new_row(PersonPhone, site="LS", person_id=row["id"], e164=f"+86{mobile}",
                                      digits_reversed=mobile[::-1], updated_at=NOW))
                for tag_id in set(rng.choices(tags, weights, k=rng.randint(0, 7))):
                    carried.append(new_row(PersonTag, site="LS", person_id=row["id"], tag_id=tag_id,
                                           source="officer", removed=rng.random() < 0.02, set_at=NOW,
                                           updated_at=NOW))
            person_sql.run(connection, rows)
            phone_sql.run(connection, phones)
            tag_sql.run(connection, carried)
            print(f"\r  {min(people, first + batch):,} people", end="", file=sys.stderr, flush=True)
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")  # the planner's figures, as a station's nightly upkeep keeps them
    print(f"\n  built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    engine.dispose()


def expressions(url: str, count: int, rng: random.Random) -> list[lists.ListQuery]:
    engine = make_engine(url)
    with read_session(engine) as session:
        codes = [tag.code for tag in session.exec(select(Tag).where(Tag.active).order_by(Tag.code)).all()]
    engine.dispose()
    common, rest = codes[:12], codes
    made = []
    for _ in range(count):
        all_of = rng.sample(common if rng.random() < 0.5 else rest, rng.randint(0, 2))
        any_of = rng.sample(rest, rng.randint(0 if all_of else 1, 3))
        none_of = rng.sample(rest, rng.randint(0, 2))
        village = rng.choice(VILLAGES) if rng.random() < 0.3 else ""
        low = rng.choice(["", "", "60", "18", "70"])
        high = rng.choice(["", "", "17", "80"]) if not low or int(low) < 17 else rng.choice(["", "90"])
        made.append(lists.ListQuery(all_of=" ".join(all_of), any_of=" ".join(any_of), none_of=" ".join(none_of),
                                    village=village, age_from=low, age_to=high))
    return made


def summary(label: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"{label:<28} median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   max {ordered[-1]:7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=250_000)
    parser.add_argument("--expressions", type=int, default=60)
    parser.add_argument("--db", default="")
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if args.db:
        url = args.db
    else:
        path = Path(tempfile.gettempdir()) / f"frontdesk-bench-outreach-{args.people}.sqlite"
        url = f"sqlite:///{path}"
        if not path.exists():
            build(url, args.people, rng)
    queries = expressions(url, args.expressions, rng)
    engine = make_engine(url)
    walls: dict[str, list[float]] = {"count": [], "first page": []}
    cpus: dict[str, list[float]] = {"count": [], "first page": []}
    counts = []
    for query in queries * 2:  # the first round warms the cache; the second is measured
        walls_now, cpus_now = {}, {}
        with read_session(engine) as session:
            expression = lists.read_expression(session, query)
            wall, cpu = time.perf_counter(), time.process_time()
            found, ids = lists.counted(session, expression, today=TODAY)
            walls_now["count"], cpus_now["count"] = time.perf_counter() - wall, time.process_time() - cpu
            wall, cpu = time.perf_counter(), time.process_time()
            if ids is None:  # a long list: its page read along a tag's range (a short one came with the count)
                ids = lists.first_page_ids(session, expression, today=TODAY, total=found)
            lists.people_rows(session, ids, today=TODAY)
            walls_now["first page"], cpus_now["first page"] = time.perf_counter() - wall, time.process_time() - cpu
        if len(counts) >= len(queries):
            for key in walls:
                walls[key].append(1000 * walls_now[key])
                cpus[key].append(1000 * cpus_now[key])
        counts.append(found)
    measured = counts[len(queries):]
    print(f"{engine.dialect.name}, {args.people:,} people, {len(queries)} expressions "
          f"(matching {min(measured):,} to {max(measured):,} people, median {int(statistics.median(measured)):,})")
    for key in walls:
        print(summary(f"{key}, wall", walls[key]))
        print(summary(f"{key}, CPU", cpus[key]))
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    engine.dispose()


if __name__ == "__main__":
    main()
