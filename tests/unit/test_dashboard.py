"""The desk's figures, on both backends, checked against counts made here from the same rows."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from db.engine import make_engine, read_session
from frontdesk.cases.recording import CaseDraft
from frontdesk.desk import Desk
from frontdesk.handoffs.lifecycle import HandoffInput
from frontdesk.i18n import set_language
from frontdesk.callers.people import PersonInput
from tests.conftest import FROZEN_NOW
from tests.patrolhelpers import seed_patrols

#: The local day of FROZEN_NOW (2026-11-22, Beijing) in UTC, worked out by hand.
DAY_START = datetime(2026, 11, 21, 16, 0, tzinfo=timezone.utc)
DAY_END = datetime(2026, 11, 22, 16, 0, tzinfo=timezone.utc)


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)


ZHANG = PersonInput(name="张建国", phone="13812345678", address="东关村3组")
LI = PersonInput(name="李秀英", phone="13900001111", address="西街12号")


def record(desk, person, category, hours_ago, **more):
    values = dict(reporter=person, category=category, summary=f"{category} 事项", place="人民路",
                  police=category != "noise")
    values.update(more)
    return desk.cases.record_case(CaseDraft(**values), now=FROZEN_NOW - timedelta(hours=hours_ago))


def seed_day(desk):
    """Cases today and before, a voided one, a closed one, a repeat, hand-offs due today and overdue."""
    today = [("dispute", 1), ("dispute", 2), ("dispute", 3), ("help", 4), ("theft", 5), ("noise", 6),
             ("fraud", 7), ("help", 8)]
    made = [record(desk, ZHANG if i % 2 else LI, category, hours) for i, (category, hours) in enumerate(today)]
    record(desk, LI, "theft", 21)  # 23:30 the day before: not today
    record(desk, LI, "dispute", 30)
    voided = record(desk, ZHANG, "fraud", 1.5)
    desk.cases.void_case(voided.case_id, reason="录入错误", now=FROZEN_NOW)
    desk.cases.close_case(made[0].case_id, disposition="mediated", note="已调解", now=FROZEN_NOW)
    desk.cases.take_on(made[1].case_id)
    again = PersonInput(person_id=made[0].reporter_id)
    record(desk, again, "dispute", 0.5, repeat_of=made[0].case_id)
    noise = made[5]
    desk.handoffs.hand_off(noise.case_id, HandoffInput(body="grid_worker", matter="noise", method="work_order",
                                                       due_at=FROZEN_NOW + timedelta(hours=2)))
    late = record(desk, ZHANG, "noise", 50)
    then = desk.with_clock(clock=lambda: FROZEN_NOW - timedelta(hours=49))  # handed off two days ago
    then.handoffs.hand_off(late.case_id, HandoffInput(body="grid_worker", matter="noise", method="work_order",
                                                      due_at=FROZEN_NOW - timedelta(hours=3)))
    later = record(desk, LI, "noise", 40)
    desk.handoffs.hand_off(later.case_id, HandoffInput(body="hotline_12345", matter="noise", method="work_order",
                                                       due_at=FROZEN_NOW + timedelta(days=2)))


def counted_here(engine):
    """The same figures, from plain SQL over the rows and Python."""
    with engine.connect() as conn:
        cases = conn.execute(text('SELECT id, received_at, category, status, voided_at FROM "case"')).all()
        handoffs = conn.execute(text("SELECT status, due_at FROM handoff")).all()
        links = conn.execute(text("SELECT case_id, kind FROM caselink")).all()
        members = [row for row in conn.execute(text(
            "SELECT s.shift_date, m.checked_in_at FROM shiftmember m JOIN patrolshift s ON s.id = m.shift_id")).all()
            if str(row.shift_date)[:10] == "2026-11-22"]
    as_utc = _as_utc(engine)
    today = {row.id for row in cases
             if DAY_START <= as_utc(row.received_at) < DAY_END and row.voided_at is None}
    per_category = Counter(row.category for row in cases if row.id in today)
    open_cases = sum(1 for row in cases if row.status in ("open", "in_progress", "handed_off") and row.voided_at is None)
    still_with_body = [as_utc(row.due_at) for row in handoffs
                       if row.status in ("pending", "sent", "accepted") and row.due_at is not None]
    return {
        "per_category": dict(per_category),
        "cases_today": len(today),
        "open_cases": open_cases,
        "due_today": sum(1 for due in still_with_body if FROZEN_NOW <= due < DAY_END),
        "overdue": sum(1 for due in still_with_body if due < FROZEN_NOW),
        "repeats": sum(1 for link in links if link.kind == "repeat_of" and _id(link.case_id) in map(_id, today)),
        "expected": len(members),
        "checked_in": sum(1 for m in members if m.checked_in_at is not None),
    }


def _id(value) -> str:
    return str(value).replace("-", "")


def _as_utc(engine):
    def convert(value):
        if isinstance(value, str):  # SQLite keeps UTC text
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)

    return convert


def test_the_figures_match_counts_made_from_the_rows(desk, engine):
    seed_day(desk)
    seed_patrols(desk)
    _mark, today = desk.dashboard.figures_and_mark(FROZEN_NOW)
    here = counted_here(engine)
    assert {c.code: c.count for c in today.by_category} == here["per_category"]
    assert today.cases_today == here["cases_today"] == 9  # 8 + the repeat; not the voided, not yesterday's
    assert today.open_cases == here["open_cases"]
    assert today.handoffs_due_today == here["due_today"] == 1
    assert today.handoffs_overdue == here["overdue"] == 1
    assert today.repeats_today == here["repeats"] == 1
    assert today.volunteers_expected == here["expected"]
    assert today.volunteers_checked_in == here["checked_in"]
    assert today.shifts_tonight == 1


def test_categories_come_most_first_named_in_the_officers_language(desk):
    seed_day(desk)
    _mark, today = desk.dashboard.figures_and_mark(FROZEN_NOW)
    counts = [c.count for c in today.by_category]
    assert counts == sorted(counts, reverse=True)
    assert (today.by_category[0].code, today.by_category[0].name) == ("dispute", "Dispute")
    set_language("zh")
    _mark, today = desk.dashboard.figures_and_mark(FROZEN_NOW)
    assert today.by_category[0].name == "纠纷"
    # Ties keep the station's own order: help (求助) before theft (盗窃) before noise and fraud.
    assert [c.code for c in today.by_category[1:]] == ["help", "theft", "fraud", "noise"]


def test_an_empty_day_has_no_categories(desk):
    _mark, today = desk.dashboard.figures_and_mark(FROZEN_NOW)
    assert today.by_category == () and today.cases_today == 0


def test_the_change_mark_moves_when_another_connection_saves(desk, db_url, settings, on_duty):
    before = desk.dashboard.change_mark()
    assert desk.dashboard.change_mark() == before  # nothing saved: nothing moves
    other_engine = make_engine(db_url)  # the other terminal: its own engine and connections
    try:
        other = Desk(settings=settings, engine=other_engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)
        record(other, ZHANG, "theft", 0.2)
    finally:
        other_engine.dispose()
    after = desk.dashboard.change_mark()
    assert after != before
    mark, today = desk.dashboard.figures_and_mark(FROZEN_NOW)
    assert mark == after and today.cases_today == 1


def test_the_counts_use_the_covering_indexes(desk, engine):
    """The open-case and hand-off counts read an index only (no row look-ups) on SQLite."""
    if engine.dialect.name != "sqlite":
        pytest.skip("query plans checked on SQLite")
    with read_session(engine) as session:
        conn = session.connection()
        open_plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
            'EXPLAIN QUERY PLAN SELECT count(*) FROM "case" WHERE status IN (\'open\', \'in_progress\', '
            "'handed_off') AND voided_at IS NULL"))
        due_plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM handoff WHERE status IN ('pending', 'sent', 'accepted') "
            "AND due_at < '2026-11-22'"))
    assert "COVERING INDEX ix_case_status_voided_at" in open_plan
    assert "COVERING INDEX ix_handoff_status_due_at" in due_plan
