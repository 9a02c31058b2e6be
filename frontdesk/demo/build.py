"""Filling an empty database with a lived-in demo station, fast and repeatably."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import select

from db.engine import read_session, write_session
from db.ids import stable_id
from db.models import AuditEvent, Case, Category, NonPoliceMatter, Officer, ReceivingBody
from db.types import utcnow
from frontdesk.demo.cases import CaseMaker, Pool, StationLists, Visit
from frontdesk.demo.context import Build
from frontdesk.demo.disputes import add_disputes
from frontdesk.demo.tags import add_tags
from frontdesk.demo.outreach import add_campaigns
from frontdesk.demo.planted import planted_visits
from frontdesk.demo.patrols import add_patrols
from frontdesk.demo.people import PersonMaker, load_places
from frontdesk.demo.writer import BulkWriter
from frontdesk.i18n import DeskError
from frontdesk.records import Actor, audit, save
from frontdesk.access.signin import DEMO_PASSWORD, hash_password
from frontdesk.station.seeds import CATEGORIES
from frontdesk.station.opening import OnDuty

#: About what a busy station receives in a day; sets how many days a big demo spans.
CASES_PER_BUSY_DAY = 300

#: Cases (and people) per transaction: big enough to be fast, small enough to keep memory flat.
BATCH = 20_000

HEAVY_REPORTER_NOTE = "近期频繁报警，多数经核实不属实；接警时先查看既往警情"


DEMO_BUILT = "demo_build"


class DemoStopped(Exception):
    """The build was asked to stop between batches; what was written stays."""


def demo_complete(engine: Engine) -> bool:
    """Did a demo build finish here? (Its last act is the "demo_build" audit event.)"""
    with read_session(engine) as session:
        return session.exec(select(AuditEvent.id).where(AuditEvent.action == DEMO_BUILT).limit(1)).first() is not None


@dataclass(frozen=True)
class DemoSummary:
    """How many records of each kind the demo wrote."""

    officers: int
    people: int
    phones: int
    cases: int
    case_links: int
    case_parties: int
    handoffs: int
    follow_ups: int
    teams: int
    volunteers: int
    shifts: int
    shift_members: int
    disputes: int = 0
    dispute_parties: int = 0
    dispute_cases: int = 0
    dispute_steps: int = 0
    campaigns: int = 0
    campaign_people: int = 0
    contacts: int = 0

    @property
    def records(self) -> int:
        """All records written, which is also the number of change-log entries."""
        return sum(getattr(self, f.name) for f in fields(self))


def build_demo(
    engine: Engine,
    on_duty: OnDuty,
    *,
    cases: int = 3000,
    seed: int = 7,
    days: int | None = None,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    zone: str = "Asia/Shanghai",
    should_stop: Callable[[], bool] = lambda: False,
) -> DemoSummary:
    """Fill an empty, migrated database with `cases` demo cases over the last `days` days.

    `days` defaults to 60, or more for a big demo so that a day holds about as
    many cases as a busy station's (a 1,000,000-case demo spans some nine years).

    The same seed gives the same people, cases and shifts (record ids and the
    wall-clock time of writing aside). Around cases/4 people report and are
    involved; a dozen or more of them report again and again. Every record gets
    its change-log entry, numbered after the site's earlier ones, and one audit
    event records the build. Writes commit every `BATCH` cases, and `progress`
    is called with (cases written, cases planned) after each commit.

    Raises DeskError("demo.not_empty") if the database already holds a case:
    demo data must never mix with a station's real records. `should_stop` is
    asked between batches (the desk quitting); DemoStopped ends the build there,
    and `demo_complete` then tells the half-built demo apart from a whole one.
    """
    if days is None:
        days = max(60, -(-cases // CASES_PER_BUSY_DAY))
    if cases < 1 or days < 1:
        raise ValueError("a demo needs at least one case and one day")
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    now = (now or utcnow()).astimezone(timezone.utc)
    on_duty = demo_officer(engine, on_duty)
    lists, badges = _read_station(engine)
    rng = random.Random(seed)
    places = load_places(rng)
    writer = BulkWriter(engine, site=on_duty.site_code)
    tz = ZoneInfo(zone)
    b = Build(rng, writer, tz, now, places, PersonMaker(rng, places, now.astimezone(tz).date()))
    calendar = [b.today - timedelta(days=back) for back in range(days - 1, -1, -1)]
    report = progress or (lambda done, total: None)
    report(0, cases)

    b.officers = [on_duty.officer_id, *_add_officers(b, badges, calendar[0])]
    pool = _add_pool(b, max(50, cases // 4), repeaters=max(8, cases // 250), first_day=calendar[0],
                     should_stop=should_stop)
    shifts = add_patrols(b, calendar)
    writer.flush()

    maker = CaseMaker(b, pool, lists, shifts)
    repeats = _plan_repeat_reports(b, pool, calendar, budget=cases // 4)
    planted = planted_visits(b, pool, calendar, set(lists.category_shares))
    done = planned = 0
    for day, quota in zip(calendar, _daily_quotas(b, calendar, cases)):
        planned += quota
        room = planned - done  # a day crowded with repeat calls leaves less for the next
        visits = sorted(repeats.pop(day, []) + maker.backflows.pop(day, []) + planted.pop(day, []),
                        key=lambda visit: visit.at)
        if day == calendar[-1]:
            visits = visits[:max(room, 0)]  # so the total comes out exact
        visits += [Visit(b.moment(day), rng.randrange(len(pool.ids))) for _ in range(room - len(visits))]
        visits.sort(key=lambda visit: visit.at)
        if not visits:
            continue
        # Numbers come from the same per-day counter real cases use, so the first
        # case recorded after the demo continues the day's sequence.
        first = writer.reserve(f"case:{day:%Y%m%d}", len(visits))
        for number, visit in enumerate(visits, start=first):
            maker.case(visit, f"{on_duty.site_code}-{day:%Y%m%d}-{number:04d}")
            done += 1
            if done % BATCH == 0:
                writer.flush()
                report(done, cases)
                if should_stop():
                    raise DemoStopped()
    writer.flush()
    add_disputes(b, engine)
    add_tags(b, engine)
    add_campaigns(b, engine)
    report(done, cases)

    summary = _summary(writer)
    _refresh_statistics(engine)
    with write_session(engine) as session:
        officer = session.get(Officer, on_duty.officer_id)
        officer.password_hash = hash_password(DEMO_PASSWORD)
        save(session, officer, by=on_duty.actor, action="set_officer")
        audit(session, by=on_duty.actor, action=DEMO_BUILT,
              reason=f"seed={seed} days={days} cases={summary.cases} records={summary.records}")
        session.commit()
    return summary


#: The demo admin's badge when the desk names none (the command line's demo settings name it too).
DEMO_BADGE = "031245"


def demo_officer(engine: Engine, on_duty: OnDuty) -> OnDuty:
    """The demo's own admin (the desk's configured officer, badge 031245), made with the demo: a real
    officer, who signs in with the demo password once it is built. Opening a station makes nobody."""
    if on_duty.officer_id is not None:
        return on_duty
    badge = on_duty.badge_no or DEMO_BADGE
    with write_session(engine) as session:
        officer = session.exec(select(Officer).where(Officer.badge_no == badge)).first()
        if officer is None:
            officer = save(session, Officer(id=stable_id("officer", badge), name=on_duty.officer_name,
                                            badge_no=badge, role="admin"),
                           by=Actor(site=on_duty.site_code), action="create_admin")
        session.commit()
        return replace(on_duty, officer_id=officer.id, officer_name=officer.name, role=officer.role)


def _refresh_statistics(engine: Engine) -> None:
    """Let the query planner see the tables as they now are, after a bulk load.

    Without it PostgreSQL plans the look-up queries for empty tables until
    autovacuum gets round to them.
    """
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


def _read_station(engine: Engine) -> tuple[StationLists, set[str]]:
    """The station's lists and the badge numbers in use; refuses a database with cases."""
    with read_session(engine) as session:
        if session.exec(select(Case.id).limit(1)).first() is not None:
            raise DeskError("demo.not_empty")
        police = {c.code: c.police for c in session.exec(select(Category).where(Category.active))}
        due_hours = {body.id: body.default_due_hours for body in session.exec(select(ReceivingBody))}
        matters = {
            m.code: (m.default_body_id, due_hours[m.default_body_id])
            for m in session.exec(select(NonPoliceMatter).where(NonPoliceMatter.active))
            if m.default_body_id is not None
        }
        badges = set(session.exec(select(Officer.badge_no)))
    shares = {code: share for code, *_, share in CATEGORIES if code in police}
    return StationLists(category_shares=shares, category_police=police, matter_body=matters), badges


def _add_officers(b: Build, badges: set[str], first_day: date, count: int = 5) -> list[uuid.UUID]:
    """A few colleagues of the officer on duty, to record cases and escort patrols."""
    ids = []
    password_hash = hash_password(DEMO_PASSWORD)  # colleagues can take the desk over (a shift change)
    for index in range(count):
        badge = f"{b.rng.randrange(100_000, 1_000_000)}"
        while badge in badges:
            badge = f"{b.rng.randrange(100_000, 1_000_000)}"
        badges.add(badge)
        name = b.maker.name(b.maker.birth_date(24, 55), male=b.rng.random() < 0.8)
        ids.append(b.writer.add(Officer, updated_at=b.local(first_day), updated_by=None, name=name,
                                badge_no=badge, role="supervisor" if index == 0 else "duty",
                                password_hash=password_hash))
    return ids


def _add_pool(b: Build, size: int, *, repeaters: int, first_day: date, should_stop: Callable[[], bool]) -> Pool:
    """The people who report and are involved; the first of the repeat reporters is the heaviest."""
    repeaters = min(repeaters, size // 2)
    tracked = b.rng.sample(range(size), repeaters)
    ids, phones, names = [], [], []
    for index in range(size):
        extra = {}
        if index == tracked[0]:
            extra["notes"] = HEAVY_REPORTER_NOTE
        registered = b.local(first_day) - timedelta(days=b.rng.randint(1, 720))
        person = b.add_person(registered=registered, **extra)
        ids.append(person.id)
        phones.append(person.phone)
        names.append(person.name)
        if (index + 1) % BATCH == 0:
            b.writer.flush()
            if should_stop():
                raise DemoStopped()
    return Pool(ids=ids, phones=phones, names=names, tracked=frozenset(tracked), heaviest=tracked[0])


def _plan_repeat_reports(b: Build, pool: Pool, calendar: list[date], budget: int) -> dict[date, list[Visit]]:
    """When each repeat reporter calls, and whether it is valid, a repeat, or unfounded.

    The heaviest follows DESIGN.md's example: some 37 calls in six weeks, about
    one in five valid and one in ten a repeat of an earlier matter.
    """
    rng = b.rng
    plan: dict[date, list[Visit]] = {}
    # Heaviest first; together they take at most `budget` calls, which only bites
    # in a small demo over a few days.
    for reporter in sorted(pool.tracked, key=lambda index: (index != pool.heaviest, index)):
        if reporter == pool.heaviest:
            window = calendar[-42:]
            count = min(budget // 2, max(10, round(rng.randint(30, 39) * len(window) / 42)))
            valid, repeat = 0.19, 0.11
        else:
            window = calendar[-rng.randint(min(14, len(calendar)), len(calendar)):]
            count, valid, repeat = min(budget, rng.randint(5, 14)), 0.45, 0.30
        if count < 2:
            break
        budget -= count
        kinds = ["normal"] * max(1, round(count * valid)) + ["repeat"] * round(count * repeat)
        kinds += ["unfounded"] * (count - len(kinds))
        rng.shuffle(kinds)
        # The first call is a real matter, so later repeats have something to point at.
        kinds.remove("normal")
        kinds.insert(0, "normal")
        # Weighted by how much of each day has passed, so today gets only its share so far.
        days = rng.choices(window, [b.day_share(day) for day in window], k=count)
        for at, kind in zip(sorted(b.moment(day) for day in days), kinds):
            plan.setdefault(at.astimezone(b.zone).date(), []).append(Visit(at, reporter, kind))
    return plan


def _daily_quotas(b: Build, calendar: list[date], cases: int) -> list[int]:
    """Split `cases` over the days: busier weekends, day-to-day noise, today only so far."""
    weights = [
        (1.12 if day.weekday() >= 5 else 1.0) * b.rng.uniform(0.85, 1.15) * b.day_share(day)
        for day in calendar
    ]
    total = sum(weights)
    exact = [cases * w / total for w in weights]
    quotas = [int(x) for x in exact]
    # Largest remainders get the leftover cases, so the quotas add up exactly.
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - quotas[i], reverse=True)
    for i in by_remainder[: cases - sum(quotas)]:
        quotas[i] += 1
    return quotas


def _summary(writer: BulkWriter) -> DemoSummary:
    w = writer.written
    return DemoSummary(
        officers=w["officer"], people=w["person"], phones=w["personphone"], cases=w["case"],
        case_links=w["caselink"], case_parties=w["caseparty"], handoffs=w["handoff"],
        follow_ups=w["followup"], teams=w["team"], volunteers=w["volunteer"],
        shifts=w["patrolshift"], shift_members=w["shiftmember"], disputes=w["dispute"],
        dispute_parties=w["disputeparty"], dispute_cases=w["disputecase"], dispute_steps=w["disputestep"],
        campaigns=w["campaign"], campaign_people=w["campaignperson"], contacts=w["contact"],
    )
