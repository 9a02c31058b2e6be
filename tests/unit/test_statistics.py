"""Period statistics on both backends: every figure against counts made here over the same rows."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select
from sqlmodel import Session

from db.engine import read_session, write_session
from db.models import AuditEvent, Case, CaseLink, FollowUp, Handoff, PatrolShift, ReceivingBody, ShiftMember
from frontdesk.reports import statistics as st
from frontdesk.access.roles import NotAllowed
from frontdesk.desk import Desk
from frontdesk.i18n import DeskError, set_language
from frontdesk.records import Actor, save
from frontdesk.vocab import CHANNELS, SATISFACTION
from tests.conftest import FROZEN_NOW

ZONE = ZoneInfo("Asia/Shanghai")
CATEGORIES = ("dispute", "help", "tip", "theft", "fraud", "lost_property", "noise", "traffic", "other")
DISPOSITIONS = ("resolved_on_site", "mediated", "handed_off", "referred", "unfounded", "duplicate", None)


def local(text: str, zone: ZoneInfo = ZONE) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=zone).astimezone(timezone.utc)


# ---- a station's year and a bit of cases, written as the desk writes them -------------------------


@dataclass
class Seeder:
    """Writes cases, links, hand-offs and call-backs straight through records.save."""

    session: Session
    officer_id: object
    numbers: dict[str, int] = field(default_factory=dict)

    def actor(self, site: str) -> Actor:
        return Actor(site=site, officer_id=self.officer_id, clock=lambda: FROZEN_NOW, role="admin")

    def case(self, at: datetime, *, site: str = "LS", category: str = "dispute", channel: str = "walk_in",
             police: bool = True, disposition: str | None = None, voided: bool = False) -> Case:
        self.numbers[site] = self.numbers.get(site, 0) + 1
        row = Case(site=site, case_no=f"{site}-{at:%Y%m%d}-{self.numbers[site]:04d}", received_at=at,
                   channel=channel, category=category, police=police, summary="测试警情",
                   status="closed" if disposition else "open", disposition=disposition,
                   closed_at=at + timedelta(hours=1) if disposition else None,
                   voided_at=at + timedelta(hours=2) if voided else None, void_reason="录入错误" if voided else "")
        return save(self.session, row, by=self.actor(site))

    def link(self, case: Case, other: Case, kind: str, handoff: Handoff | None = None) -> None:
        save(self.session, CaseLink(case_id=case.id, other_case_id=other.id, kind=kind,
                                    handoff_id=handoff.id if handoff else None), by=self.actor(case.site))

    def hand_off(self, case: Case, body_id, *, done: bool) -> Handoff:
        return save(self.session, Handoff(case_id=case.id, body_id=body_id, handed_at=case.received_at,
                                          status="done" if done else "sent",
                                          done_at=case.received_at + timedelta(days=1) if done else None),
                    by=self.actor(case.site))

    def call_back(self, case: Case, handoff: Handoff, *, reached: bool, satisfaction: str | None) -> None:
        save(self.session, FollowUp(case_id=case.id, handoff_id=handoff.id, at=case.received_at + timedelta(days=2),
                                    reached=reached, satisfaction=satisfaction if reached else None),
             by=self.actor(case.site))


def seed_statistics(desk: Desk, *, seed: int = 7, count: int = 140) -> None:
    """Cases from October 2025 to the frozen now on two sites: every category, channel and hour,
    dispositions, voided ones, repeats, non-police ones handed off, call-backs and backflow.
    A few sit on the edges of local days and months (UTC and Beijing days differ by 8 hours)."""
    rng = random.Random(seed)
    first = local("2025-10-01 00:00")
    span = (FROZEN_NOW - timedelta(hours=1) - first).total_seconds()
    moments = sorted(first + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
    moments += [local("2026-11-01 00:30"), local("2026-10-31 23:50"), local("2025-11-01 07:59"),
                local("2025-11-30 20:00"), local("2026-11-10 23:59"), local("2026-10-20 00:00")]
    moments.sort()
    with write_session(desk.engine) as session:
        seeder = Seeder(session, desk.on_duty.officer_id)
        body_id = session.exec(select(ReceivingBody.id).order_by(ReceivingBody.code)).first()[0]
        made: list[Case] = []
        handed: list[tuple[Case, Handoff]] = []
        for at in moments:
            category = rng.choice(CATEGORIES)
            police = not (category == "noise" or (category in ("dispute", "help") and rng.random() < 0.35))
            case = seeder.case(at, site="LS-02" if rng.random() < 0.3 else "LS", category=category,
                               channel=rng.choice(CHANNELS), police=police, disposition=rng.choice(DISPOSITIONS),
                               voided=rng.random() < 0.06)
            if made and rng.random() < 0.18:
                seeder.link(case, rng.choice(made), "repeat_of")
            if not police and rng.random() < 0.7:
                handoff = seeder.hand_off(case, body_id, done=rng.random() < 0.7)
                handed.append((case, handoff))
                if rng.random() < 0.8:
                    seeder.call_back(case, handoff, reached=rng.random() < 0.85,
                                     satisfaction=rng.choice(SATISFACTION + (None,)))
            made.append(case)
        for case, handoff in handed:
            later = [c for c in made if c.received_at > case.received_at]
            if later and rng.random() < 0.3:
                seeder.link(rng.choice(later), case, "backflow", handoff)
        session.commit()


# ---- what the figures should be, counted here from plain rows ------------------------------------


def plain_cases(engine, since: date, until: date, site: str | None = None, zone: ZoneInfo = ZONE) -> list:
    """The period's cases as plain rows, filtered here in Python by local day and site."""
    table = Case.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(table.c.id, table.c.site, table.c.received_at, table.c.category, table.c.channel,
                                   table.c.police, table.c.disposition, table.c.voided_at)).all()
    return [row for row in rows
            if since <= row.received_at.astimezone(zone).date() <= until and row.voided_at is None
            and (site is None or row.site == site)]


def plain_links(engine, kind: str) -> list[tuple]:
    table = CaseLink.__table__
    with engine.connect() as conn:
        return conn.execute(select(table.c.case_id, table.c.other_case_id).where(table.c.kind == kind)).all()


def plain_handed(engine) -> set:
    with engine.connect() as conn:
        return {row[0] for row in conn.execute(select(Handoff.__table__.c.case_id)).all()}


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def yoy_expected(now: float | None, before: float | None, *, share: bool, short: bool = False) -> str:
    """The phrase, worked out here from the two numbers (`short`: as the screen's column says it)."""
    if now is None or before is None or (not share and before == 0):
        return "—" if short else "no figure a year before"
    change = round(now - before, 2) if share else round(100 * (now - before) / before, 2)
    if change == 0:
        return "level" if short else "level year on year"
    unit = (" pts" if short else " points") if share else "%"
    return f"{'up' if change > 0 else 'down'} {abs(change):.2f}{unit}" + ("" if short else " year on year")


# ---- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)


@pytest.fixture
def seeded(desk):
    seed_statistics(desk)
    return desk


PERIODS = [
    pytest.param(date(2026, 11, 1), date(2026, 11, 30), None, id="this-month"),
    pytest.param(date(2026, 10, 20), date(2026, 11, 10), None, id="across-a-month"),
    pytest.param(date(2026, 11, 1), date(2026, 11, 30), "LS-02", id="one-site"),
    pytest.param(date(2025, 12, 1), date(2026, 11, 30), "LS", id="a-year-one-site"),
]


# ---- the case figures -------------------------------------------------------------------------------


@pytest.mark.parametrize("since,until,site", PERIODS)
def test_case_figures_are_the_counts_over_the_rows(seeded, since, until, site):
    stats = seeded.statistics.figures(since, until, site=site)
    for figures, (first, last) in ((stats.now, (since, until)), (stats.before, st.year_before(since, until))):
        rows = plain_cases(seeded.engine, first, last, site)
        ids = {row.id for row in rows}
        counts = figures.cases
        assert rows, "the seed should give every tested period some cases"
        assert counts.cases == len(rows)
        assert counts.by_category == {c: sum(r.category == c for r in rows) for c in {r.category for r in rows}}
        assert counts.by_channel == {c: sum(r.channel == c for r in rows) for c in {r.channel for r in rows}}
        hours = [row.received_at.astimezone(ZONE).hour for row in rows]
        assert list(counts.by_hour) == [hours.count(h) for h in range(24)]
        assert counts.night == sum(1 for h in hours if h >= 20 or h < 8)
        assert counts.repeats == len({case_id for case_id, _ in plain_links(seeded.engine, "repeat_of")} & ids)
        assert counts.unfounded == sum(r.disposition == "unfounded" for r in rows)
        assert counts.resolved_on_site == sum(r.disposition == "resolved_on_site" for r in rows)
        non_police = {r.id for r in rows if not r.police}
        assert counts.non_police == len(non_police)
        assert counts.handed_off == len(non_police & plain_handed(seeded.engine))


@pytest.mark.parametrize("since,until,site", PERIODS)
def test_the_summary_compares_each_share_with_a_year_before(seeded, since, until, site):
    stats = seeded.statistics.figures(since, until, site=site)
    rows = {row.label: row for row in stats.summary()}
    now_rows = plain_cases(seeded.engine, since, until, site)
    before_rows = plain_cases(seeded.engine, *st.year_before(since, until), site)
    repeats = {case_id for case_id, _ in plain_links(seeded.engine, "repeat_of")}
    handed = plain_handed(seeded.engine)

    def shares(rows):
        n = len(rows)
        non_police = [r for r in rows if not r.police]
        return {
            "Night share (20:00–08:00)": percent(sum(1 for r in rows if not 8 <= r.received_at.astimezone(ZONE).hour < 20), n),
            "Repeat reports": percent(sum(r.id in repeats for r in rows), n),
            "Unfounded reports": percent(sum(r.disposition == "unfounded" for r in rows), n),
            "Resolved on site": percent(sum(r.disposition == "resolved_on_site" for r in rows), n),
            "Non-police share": percent(len(non_police), n),
            "Handed off (of non-police)": percent(sum(r.id in handed for r in non_police), len(non_police)),
        }

    now, before = shares(now_rows), shares(before_rows)
    cases = rows["Cases"]
    assert (cases.now, cases.before) == (len(now_rows), len(before_rows))
    assert st.year_on_year(cases) == yoy_expected(len(now_rows), len(before_rows), share=False)
    for label in now:
        row = rows[label]
        assert (None if row.now is None else round(row.now, 2)) == now[label], label
        assert (None if row.before is None else round(row.before, 2)) == before[label], label
        assert st.year_on_year(row) == yoy_expected(now[label], before[label], share=True), label


@pytest.mark.parametrize("since,until,site", PERIODS[:2])
def test_call_back_satisfaction_and_backflow_are_the_hand_off_figures(seeded, since, until, site):
    """Satisfied + basically satisfied over rated call-backs; backflow over cases handed off (all sites)."""
    stats = seeded.statistics.figures(since, until, site=site)
    rows = {row.label: row for row in stats.summary()}
    for value, (first, last) in ((rows["Call-back satisfaction"].now, (since, until)),
                                 (rows["Call-back satisfaction"].before, st.year_before(since, until))):
        handed = {r.id for r in plain_cases(seeded.engine, first, last) if not r.police} & plain_handed(seeded.engine)
        table = FollowUp.__table__
        with seeded.engine.connect() as conn:
            calls = conn.execute(select(table.c.case_id, table.c.satisfaction)
                                 .where(table.c.reached.is_(True), table.c.handoff_id.is_not(None))).all()
        rated = [s for case_id, s in calls if case_id in handed and s]
        assert value == (100 * sum(s in ("satisfied", "basically") for s in rated) / len(rated) if rated else None)
    handed_now = {r.id for r in plain_cases(seeded.engine, since, until) if not r.police} & plain_handed(seeded.engine)
    came_back = {other for _case, other in plain_links(seeded.engine, "backflow")} & handed_now
    assert rows["Backflow"].now == (100 * len(came_back) / len(handed_now) if handed_now else None)


def test_a_site_counts_only_its_own_hand_offs_and_patrols(seeded):
    from tests.patrolhelpers import seed_patrols

    seed_patrols(seeded)
    november = (date(2026, 11, 1), date(2026, 11, 30))
    everywhere = {row.label: row.now for row in seeded.statistics.figures(*november).summary()}
    with seeded.engine.connect() as conn:
        shift_sites = {site for (site,) in conn.execute(select(PatrolShift.__table__.c.site).distinct())}
    assert shift_sites == {"LS"}  # every shift here is the station's own
    here = {row.label: row.now for row in seeded.statistics.figures(*november, site="LS").summary()}
    assert here["Patrol shifts"] == everywhere["Patrol shifts"]
    assert here["Volunteer person-hours"] == everywhere["Volunteer person-hours"]
    elsewhere = {row.label: row.now for row in seeded.statistics.figures(*november, site="LS-09").summary()}
    assert everywhere["Patrol shifts"] > 0 and elsewhere["Patrol shifts"] == 0
    assert elsewhere["Volunteer person-hours"] == 0
    assert elsewhere["Backflow"] is None and elsewhere["Call-back satisfaction"] is None


def test_volunteer_hours_and_counters_are_the_patrol_totals(desk):
    from tests.patrolhelpers import seed_patrols

    seed_patrols(desk)
    stats = desk.statistics.figures(date(2026, 11, 1), date(2026, 11, 30))
    rows = {row.label: row for row in stats.summary()}
    shift, member = PatrolShift.__table__, ShiftMember.__table__
    with desk.engine.connect() as conn:
        shifts = conn.execute(select(shift.c.id, shift.c.shift_date, shift.c.counters)).all()
        stints = conn.execute(select(member.c.shift_id, member.c.checked_in_at, member.c.checked_out_at)).all()
    november = {s.id for s in shifts if date(2026, 11, 1) <= s.shift_date <= date(2026, 11, 30)}
    seconds = sum((out - came).total_seconds() for shift_id, came, out in stints
                  if shift_id in november and came and out)
    assert rows["Patrol shifts"].now == len(november) and rows["Patrol shifts"].before == 0
    assert rows["Volunteer person-hours"].now == round(seconds / 3600, 2)
    assert st.year_on_year(rows["Volunteer person-hours"]) == "no figure a year before"
    leaflets = sum(s.counters.get("leaflets", 0) for s in shifts if s.id in november)
    assert rows["Leaflets handed out"].now == leaflets == 160


# ---- year on year, as the stations say it ---------------------------------------------------------------


@pytest.mark.parametrize("now,before,unit,en,zh", [
    (1977, 2500, st.COUNT, "down 20.92% year on year", "同比下降20.92%"),
    (12, 10, st.COUNT, "up 20.00% year on year", "同比上升20.00%"),
    (7, 0, st.COUNT, "no figure a year before", "去年同期无基数"),
    (0, 0, st.COUNT, "no figure a year before", "去年同期无基数"),
    (5, 5, st.COUNT, "level year on year", "同比持平"),
    (12.5, 10.25, st.SHARE, "up 2.25 points year on year", "同比上升2.25个百分点"),
    (3.0, 4.5, st.SHARE, "down 1.50 points year on year", "同比下降1.50个百分点"),
    (3.0, None, st.SHARE, "no figure a year before", "去年同期无基数"),
    (10.5, 8.4, st.HOURS, "up 25.00% year on year", "同比上升25.00%"),
])
def test_year_on_year_phrases(now, before, unit, en, zh):
    compared = st.Compared("x", unit, now, before)
    assert st.year_on_year(compared) == en
    set_language("zh")
    assert st.year_on_year(compared) == zh


def test_a_zero_base_a_year_before_is_said_so(seeded):
    """September 2026 has cases; September 2025 is before the first one."""
    stats = seeded.statistics.figures(date(2026, 9, 1), date(2026, 9, 30))
    cases = stats.summary()[0]
    assert cases.now == len(plain_cases(seeded.engine, date(2026, 9, 1), date(2026, 9, 30))) > 0
    assert cases.before == 0
    assert st.year_on_year(cases) == "no figure a year before"
    assert all(st.year_on_year(row) == "no figure a year before" for row in stats.by_category())


def test_the_same_period_a_year_before():
    assert st.year_before(date(2026, 11, 1), date(2026, 11, 30)) == (date(2025, 11, 1), date(2025, 11, 30))
    assert st.year_before(date(2025, 2, 1), date(2025, 2, 28)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert st.year_before(date(2024, 2, 1), date(2024, 2, 29)) == (date(2023, 2, 1), date(2023, 2, 28))
    assert st.year_before(date(2024, 2, 29), date(2024, 3, 10)) == (date(2023, 2, 28), date(2023, 3, 10))
    assert st.year_before(date(2026, 10, 20), date(2026, 11, 10)) == (date(2025, 10, 20), date(2025, 11, 10))


def test_a_typed_period_that_cannot_be_used_says_why():
    assert st.parse_period("2026-11-01", "2026/11/30") == (date(2026, 11, 1), date(2026, 11, 30))
    with pytest.raises(DeskError) as backwards:
        st.parse_period("2026-11-30", "2026-11-01")
    assert "ends (2026-11-01) before it begins (2026-11-30)" in backwards.value.message
    with pytest.raises(DeskError) as bad:
        st.parse_period("2026-13-01", "2026-11-30")
    assert bad.value.message == 'date "2026-13-01" does not exist: there is no month 13 (months go 01–12)'
    with pytest.raises(DeskError):
        st.parse_period("2020-01-01", "2026-11-30")
    set_language("zh")
    with pytest.raises(DeskError) as zh:
        st.parse_period("2026-11-30", "2026-11-01")
    assert "早于起始日期" in zh.value.message


# ---- how they are counted -------------------------------------------------------------------------------


def test_cases_are_counted_by_the_database_not_loaded(seeded):
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(seeded.engine, "before_cursor_execute", seen)
    try:
        with read_session(seeded.engine) as session:
            st.case_counts(session, since=date(2025, 12, 1), until=date(2026, 11, 30), zone=ZONE)
    finally:
        event.remove(seeded.engine, "before_cursor_execute", seen)
    about_cases = [s for s in statements if '"case"' in s or " case " in s.lower()]
    # One GROUP BY per breakdown (category, channel, hour, disposition), repeats and hand-offs: all counts.
    assert len(about_cases) == 6
    assert all("count(" in s.lower() for s in about_cases)


def test_hours_of_day_follow_summer_time(desk):
    """In a zone with summer time the local hour is right on both sides of the change."""
    berlin = ZoneInfo("Europe/Berlin")
    with write_session(desk.engine) as session:
        seeder = Seeder(session, desk.on_duty.officer_id)
        for text in ("2026-03-28 14:00", "2026-03-29 01:30", "2026-03-29 03:30", "2026-07-01 14:10",
                     "2026-10-25 02:30", "2026-12-01 14:59", "2026-12-31 23:59"):
            seeder.case(local(text, berlin))
        session.commit()
    with read_session(desk.engine) as session:
        counts = st.case_counts(session, since=date(2026, 1, 1), until=date(2026, 12, 31), zone=berlin)
    expected = [0] * 24
    for hour in (14, 1, 3, 14, 2, 14, 23):
        expected[hour] += 1
    assert list(counts.by_hour) == expected


# ---- export and who may -----------------------------------------------------------------------------------


def test_export_writes_csv_with_bom_and_a_workbook_and_is_audited(seeded):
    from openpyxl import load_workbook

    since, until = date(2026, 10, 20), date(2026, 11, 10)
    paths = seeded.statistics.export(since, until, site="LS")
    folder = Path(seeded.settings.data_dir) / "exports"
    names = [p.name for p in paths]
    assert names == [f"statistics-20261020-20261110-LS-{n}.csv" for n in ("figures", "categories", "channels", "hours")] \
        + ["statistics-20261020-20261110-LS.xlsx"]
    assert all(p.parent == folder and p.exists() for p in paths)
    raw = paths[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with paths[0].open(encoding="utf-8-sig", newline="") as handle:
        figures = list(csv.reader(handle))
    rows = plain_cases(seeded.engine, since, until, "LS")
    before = plain_cases(seeded.engine, date(2025, 10, 20), date(2025, 11, 10), "LS")
    assert figures[0] == ["Figure", "Unit", "This period", "A year before", "Year on year", "Note"]
    assert figures[1] == ["Cases", "count", str(len(rows)), str(len(before)),
                          yoy_expected(len(rows), len(before), share=False), ""]
    book = load_workbook(paths[-1])
    assert book.sheetnames == ["Figures", "Categories", "Channels", "Hours of day"]
    sheet = book["Figures"]
    assert sheet["A1"].value.startswith("Statistics 2026-10-20 – 2026-11-10 (LS)")
    assert [cell.value for cell in sheet[3]][:4] == ["Cases", "count", len(rows), len(before)]
    hours = book["Hours of day"]
    by_hour = [0] * 24
    for row in rows:
        by_hour[row.received_at.astimezone(ZONE).hour] += 1
    assert [hours.cell(row=3 + h, column=3).value for h in range(24)] == by_hour
    categories = {r[0].value: r[2].value for r in book["Categories"].iter_rows(min_row=3)}
    assert categories["Theft"] == sum(r.category == "theft" for r in rows)
    with read_session(seeded.engine) as session:
        exported = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert len(exported) == 1 and "statistics-20261020-20261110-LS.xlsx" in exported[0][0].reason


def test_export_in_chinese_names_the_sheets_and_columns_in_chinese(seeded):
    from openpyxl import load_workbook

    set_language("zh")
    paths = seeded.statistics.export(date(2026, 11, 1), date(2026, 11, 30))
    book = load_workbook(paths[-1])
    assert book.sheetnames == ["主要指标", "警情类别", "接警方式", "时段分布"]
    assert [c.value for c in book["主要指标"][2]][:5] == ["指标", "单位", "本期", "去年同期", "同比"]
    assert book["主要指标"]["E3"].value.startswith("同比")
    with paths[0].open(encoding="utf-8-sig") as handle:
        assert handle.readline().startswith("指标,单位,本期")


def test_a_duty_officer_may_not_read_the_statistics(seeded):
    from dataclasses import replace

    seeded.actor = replace(seeded.actor, role="duty")
    with pytest.raises(NotAllowed):
        seeded.statistics.figures(date(2026, 11, 1), date(2026, 11, 30))
    with pytest.raises(NotAllowed):
        seeded.statistics.export(date(2026, 11, 1), date(2026, 11, 30))


def test_sites_to_choose_from(seeded):
    assert [code for code, _name in seeded.statistics.sites()] == ["LS", "LS-02"]


def test_the_categories_are_the_stations_list_an_added_one_shows_and_a_switched_off_one_still_counts(desk):
    from dataclasses import replace

    from frontdesk.callers.people import PersonInput
    from frontdesk.cases.recording import CaseDraft
    from frontdesk.station.categories import CategoryInput

    def record(category: str, phone: str) -> None:
        desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone=phone), category=category,
                                         summary="测试警情"), now=FROZEN_NOW - timedelta(hours=1))

    desk.actor = replace(desk.actor, role="admin")
    lists = desk.categories
    lists.save(CategoryInput(name_zh="价格投诉", name_en="Price complaint", police=False), category_id=None,
               version=None)
    rows = {row.name_en: row for row in lists.rows()}
    record(rows["Price complaint"].code, "13812345678")
    record("noise", "13900001111")
    lists.switch(rows["Noise"].category_id, active=False)
    theft = rows["Theft"]
    lists.save(CategoryInput(name_zh="盗窃案", name_en="Property theft"), category_id=theft.category_id,
               version=theft.version)

    def counted(lang: str) -> dict[str, float | None]:
        set_language(lang)
        return {row.label: row.now for row in desk.statistics.figures(date(2026, 11, 1), date(2026, 11, 30))
                .by_category()}

    en = counted("en")
    assert (en["Price complaint"], en["Noise"], en["Property theft"]) == (1, 1, 0)
    assert "Theft" not in en and not any(label.startswith("cat_") for label in en)
    assert list(en)[-1] == "Price complaint"  # in the list's order
    zh = counted("zh")
    assert (zh["价格投诉"], zh["噪音扰民"], zh["盗窃案"]) == (1, 1, 0)


# ---- disputes with an owner (包案) ------------------------------------------------------------------


def test_dispute_figures_beside_the_year_before_on_hand_made_disputes(desk):
    from frontdesk.callers.people import PersonInput as Someone
    from frontdesk.cases.recording import CaseDraft as Draft

    def case(name, phone, when, repeat_of=None):
        return desk.with_clock(lambda: when).cases.record_case(Draft(
            reporter=Someone(name=name, phone=phone), category="dispute", summary="邻里纠纷", place=name,
            repeat_of=repeat_of), now=when)

    def at(when):
        return desk.with_clock(lambda: when).disputes

    nov = datetime(2026, 11, 3, 2, 0, tzinfo=timezone.utc)
    assert not [row for row in desk.statistics.figures(date(2026, 11, 1), date(2026, 11, 30)).summary()
                if row.unit == st.MEAN]  # no disputes: no dispute figures
    # This November: A (two reports before the owner, one after) resolved on site; B closed unresolved.
    a1 = case("甲", "13900000001", nov)
    a2 = case("甲", "13900000001", nov + timedelta(days=1), repeat_of=a1.case_id)
    a = at(nov + timedelta(days=1, hours=1)).open_from_case(a2.case_id)
    at(nov + timedelta(days=4)).link_case(a, case("甲", "13900000001", nov + timedelta(days=4)).case_id)
    at(nov + timedelta(days=5)).move(a, "resolved", on_site=True)
    b = at(nov + timedelta(days=6)).open_from_case(case("乙", "13900000002", nov + timedelta(days=6)).case_id)
    at(nov + timedelta(days=7)).move(b, "closed_unresolved", reason="拒绝调解")
    # A year before: one dispute, resolved not on site.
    last_year = nov.replace(year=2025)
    c = at(last_year).open_from_case(case("丙", "13900000003", last_year).case_id)
    at(last_year + timedelta(days=1)).move(c, "resolved")

    rows = {row.label: row for row in desk.statistics.figures(date(2026, 11, 1), date(2026, 11, 30)).summary()}
    assert (rows["Cases in disputes"].now, rows["Cases in disputes"].before) == (4, 1)
    assert (rows["Disputes given an owner"].now, rows["Disputes given an owner"].before) == (2, 1)
    assert (rows["Disputes resolved"].now, rows["Disputes resolved"].before) == (1, 1)
    share = rows["Disputes resolved, of those ended"]
    assert (share.now, share.before, share.change) == (50.0, 100.0, -50.0)
    assert st.year_on_year(share) == "down 50.00 points year on year"
    on_site = rows["Disputes resolved on site, of those resolved"]
    assert (on_site.now, on_site.before) == (100.0, 0.0)
    before_owner, after_owner = rows["Reports per dispute before its owner"], rows["Reports per dispute after its owner"]
    assert (before_owner.now, after_owner.now) == (1.5, 0.5) and (before_owner.before, after_owner.before) == (1, 0)
    assert st.value_text(before_owner.now, before_owner.unit) == "1.50"
