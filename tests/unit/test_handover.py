"""The shift handover through the services, on both backends: shifts, contents, notes, files, audit."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from frontdesk.cases.recording import CaseDraft
from frontdesk.desk import Desk
from frontdesk.handoffs.lifecycle import FollowUpInput, HandoffInput
from frontdesk.reports.handover import duty_shift, handover_shift, next_shift, shift_at
from frontdesk.i18n import DeskError, set_language
from frontdesk.callers.people import PersonInput
from tests.conftest import FROZEN_NOW
from tests.patrolhelpers import seed_patrols

BEIJING = ZoneInfo("Asia/Shanghai")


def local(text_: str) -> datetime:
    return datetime.fromisoformat(text_).replace(tzinfo=BEIJING)


# ---- duty shifts -------------------------------------------------------------------------


@pytest.mark.parametrize(("moment", "day", "kind"), [
    ("2026-11-22 08:00", "2026-11-22", "day"),
    ("2026-11-22 19:59", "2026-11-22", "day"),
    ("2026-11-22 20:00", "2026-11-22", "night"),
    ("2026-11-23 07:59", "2026-11-22", "night"),
    ("2026-11-23 00:30", "2026-11-22", "night"),
])
def test_the_shift_on_duty(moment, day, kind):
    shift = shift_at(local(moment), BEIJING)
    assert (shift.day.isoformat(), shift.kind) == (day, kind)
    assert shift.start <= local(moment) < shift.end


def test_a_night_shift_runs_to_eight_the_next_morning_and_steps_go_day_night_day():
    night = duty_shift(date(2026, 11, 22), "night", BEIJING)
    assert (night.start, night.end) == (local("2026-11-22 20:00"), local("2026-11-23 08:00"))
    assert next_shift(night, 1, BEIJING) == duty_shift(date(2026, 11, 23), "day", BEIJING)
    assert next_shift(night, -1, BEIJING) == duty_shift(date(2026, 11, 22), "day", BEIJING)
    assert next_shift(night, -2, BEIJING) == duty_shift(date(2026, 11, 21), "night", BEIJING)


def test_the_handover_offered_is_the_shift_just_ended_early_in_the_next():
    assert handover_shift(local("2026-11-22 20:30"), BEIJING).kind == "day"  # FROZEN_NOW: just after 20:00
    assert handover_shift(local("2026-11-22 23:00"), BEIJING).kind == "night"
    offered = handover_shift(local("2026-11-23 08:15"), BEIJING)
    assert (offered.day, offered.kind) == (date(2026, 11, 22), "night")


# ---- the report ----------------------------------------------------------------------------


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)


def at(desk, moment: str) -> Desk:
    when = local(moment)
    return desk.with_clock(clock=lambda: when)


ZHANG = PersonInput(name="张建国", phone="13812345678", address="东关村3组")
LI = PersonInput(name="李秀英", phone="13900001111", address="西街12号")


def seed_shift(desk):
    """The day shift of 2026-11-22: three cases (one closed, one handed off), one before it, one after it."""
    made = {}
    for key, person, category, when, summary in (
        ("early", LI, "theft", "2026-11-22 07:40", "夜里电动车被盗"),
        ("dispute", ZHANG, "dispute", "2026-11-22 09:15", "邻居占用车位，电话 13812345678 联系"),
        ("noise", LI, "noise", "2026-11-22 14:00", "楼上装修噪音"),
        ("help", ZHANG, "help", "2026-11-22 19:30", "老人走失求助"),
        ("late", LI, "fraud", "2026-11-22 20:10", "接到冒充客服电话"),
    ):
        made[key] = at(desk, when).cases.record_case(
            CaseDraft(reporter=person, category=category, summary=summary, place="人民路 8 号",
                      police=category != "noise"), now=local(when))
    at(desk, "2026-11-22 11:00").cases.close_case(made["dispute"].case_id, disposition="mediated", note="已调解",
                                            now=local("2026-11-22 11:00"))
    at(desk, "2026-11-22 14:10").handoffs.hand_off(made["noise"].case_id, HandoffInput(
        body="grid_worker", matter="noise", method="work_order", due_at=local("2026-11-23 14:00")))
    # An older hand-off, done and not yet called back: a call-back owed.
    old = at(desk, "2026-11-20 10:00").cases.record_case(
        CaseDraft(reporter=ZHANG, category="noise", summary="广场舞噪音", police=False), now=local("2026-11-20 10:00"))
    old_desk = at(desk, "2026-11-20 10:05")
    old_desk.handoffs.hand_off(old.case_id, HandoffInput(body="hotline_12345", matter="noise", method="work_order"))
    [view] = old_desk.handoffs.of_case(old.case_id)
    done = at(desk, "2026-11-21 09:00")
    done.handoffs.advance(view.id, "done", version=view.version)
    return made


def plain_counts(engine, shift):
    """What the report must say, from plain SQL and Python over the rows."""
    with engine.connect() as conn:
        cases = conn.execute(text('SELECT case_no, received_at, status, voided_at FROM "case"')).all()
        handoffs = conn.execute(text("SELECT id, handed_at, status FROM handoff")).all()
        reached = {str(row.handoff_id) for row in conn.execute(text(
            "SELECT handoff_id FROM followup WHERE reached")).all()}

    def utc(value):
        value = datetime.fromisoformat(value) if isinstance(value, str) else value
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value

    received = sorted(row.case_no for row in cases
                      if shift.start <= utc(row.received_at) < shift.end and row.voided_at is None)
    still_open = sorted(row.case_no for row in cases if row.case_no in received
                        and row.status in ("open", "in_progress", "handed_off"))
    handed = sum(1 for row in handoffs if shift.start <= utc(row.handed_at) < shift.end)
    owed = sum(1 for row in handoffs if row.status == "done" and str(row.id) not in reached)
    return received, still_open, handed, owed


def test_the_report_holds_the_shifts_cases_hand_offs_and_call_backs_owed(desk, engine):
    made = seed_shift(desk)
    service = desk.handover
    shift = service.default_shift()
    assert (shift.day, shift.kind) == (date(2026, 11, 22), "day")
    report = service.report(shift)
    received, still_open, handed, owed = plain_counts(engine, shift)
    assert [c.case_no for c in report.cases] == received
    assert received == [made[k].case_no for k in ("dispute", "noise", "help")]
    assert sorted(c.case_no for c in report.still_open) == still_open
    assert len(report.handed_off) == handed == 1
    assert report.handed_off[0].case_no == made["noise"].case_no
    assert report.call_backs_owed == owed == 1 and len(report.call_backs) == 1
    dispute = report.cases[0]
    assert dispute.reporter == "张建国" and dispute.reporter_phone == "138****5678"
    assert "13812345678" not in dispute.summary and "138****5678" in dispute.summary
    assert report.station == "城关派出所" and "王建军" in report.officer


def test_the_patrol_summary_counts_the_evening_that_overlaps_the_shift(desk):
    seed_patrols(desk)
    service = desk.handover
    day = service.report(service.shift(date(2026, 11, 22), "day"))  # tonight's patrol from 18:30
    assert len(day.patrols) == 1 and day.patrols[0].came == 3
    assert day.counters == (("Leaflets handed out", 40), ("Shops visited", 6))
    quiet = service.report(service.shift(date(2026, 11, 21), "day"))
    assert quiet.patrols == () and quiet.volunteers == 0


def test_notes_are_saved_once_per_shift_and_changed_by_version(desk, engine):
    service = desk.handover
    shift = service.default_shift()
    first = service.save_note(shift, "钥匙在抽屉里\n", version=None)
    assert first.note == "钥匙在抽屉里" and first.note_version == 1 and first.note_by == "王建军"
    second = service.save_note(shift, "钥匙在抽屉里；回访张建国", version=1)
    assert second.note_version == 2
    with pytest.raises(DeskError):
        service.save_note(shift, "stale", version=1)  # another desk saved since: refused, not overwritten
    with pytest.raises(DeskError):
        service.save_note(shift, "x" * 5000, version=2)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT note, version, kind FROM handovernote")).all()
        logged = conn.execute(text("SELECT count(*) FROM changelog WHERE table_name = 'handovernote'")).scalar()
    assert [tuple(r) for r in rows] == [("钥匙在抽屉里；回访张建国", 2, "day")]
    assert logged == 2  # every change travels with the next bundle
    assert service.report(service.step(shift, 1)).note == ""  # the next shift has its own


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_writing_the_report_makes_three_files_with_numbers_masked_and_is_audited(desk, engine, settings, lang):
    set_language(lang)
    made = seed_shift(desk)
    service = desk.handover
    shift = service.default_shift()
    report, written = service.write(shift, "请回访 13900001111 李秀英", version=None)
    assert [p.name for p in written] == ["handover-20261122-day.md", "handover-20261122-day.html",
                                         "handover-20261122-day.xlsx"]
    assert all(p.parent == settings.data_dir / "reports" and p.exists() for p in written)
    markdown, page = written[0].read_text(encoding="utf-8"), written[1].read_text(encoding="utf-8")
    for case in report.cases:
        assert case.case_no in markdown and case.case_no in page
    assert made["early"].case_no not in page and made["late"].case_no not in page
    for paper in (markdown, page):
        assert "13812345678" not in paper and "13900001111" not in paper
        assert "139****1111" in paper
    assert "size: A4" in page and "Noto Sans CJK SC" in page
    book = load_workbook(written[2])
    cases_sheet = book.worksheets[1]
    numbers = [row[0] for row in cases_sheet.iter_rows(min_row=3, values_only=True)]
    assert numbers == [c.case_no for c in report.cases]
    with engine.connect() as conn:
        events = conn.execute(text(
            "SELECT action, table_name, reason FROM auditevent WHERE action = 'export'")).all()
    assert len(events) == 1 and events[0].table_name == "handovernote"
    assert "handover-20261122-day" in events[0].reason


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_screen_and_the_paper_read_one_layout(desk, lang):
    """Columns both show are in the same order and say the same; the paper may add its own."""
    from frontdesk.i18n import t
    from frontdesk.reports import handover_paper
    from frontdesk.reports.handover_view import PAPER, SCREEN, tables

    set_language(lang)
    seed_shift(desk)
    service = desk.handover
    report = service.report(service.default_shift())
    zone = desk.zone
    models = tables(report, zone)
    assert [m.key for m in models if SCREEN in m.shows] == ["cases", "handed_off", "call_backs", "patrols"]
    paper = {table.key: table for table in handover_paper.tables(report, zone)}
    assert list(paper) == ["cases", "still_open", "handed_off", "call_backs", "patrols"]
    for model in models:
        both = [c for c in model.columns if SCREEN in c.shows and PAPER in c.shows]
        assert [c.header for c in model.columns_for(SCREEN) if c in both] == [c.header for c in both]
        assert [h for h in paper[model.key].header if h in {c.header for c in both}] == [c.header for c in both]
        for item, row in zip(model.items, paper[model.key].rows):
            for column in both:
                shown = column.cell(item)
                assert row[paper[model.key].header.index(column.header)] == shown.on_paper()
    cases = next(m for m in models if m.key == "cases")
    assert cases.header(SCREEN) == cases.header(PAPER) == paper["cases"].header
    assert cases.header(PAPER).index(t("field.place")) == cases.header(PAPER).index(t("col.phone")) + 1
    handed = paper["handed_off"]
    assert handed.rows and all(len(row) == len(handed.header) for row in handed.rows)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_carries_the_audit_chain_head_on_paper(desk, engine, lang):
    set_language(lang)
    seed_shift(desk)
    service = desk.handover
    report = service.report(service.default_shift())
    with engine.connect() as conn:
        seq, digest = conn.execute(text(
            "SELECT seq, hash FROM auditevent WHERE site = 'LS' ORDER BY seq DESC LIMIT 1")).one()
    assert report.audit_head == (seq, digest)
    report, written = service.write(service.default_shift(), "", version=None)
    head = report.audit_head[1][:12]
    assert report.audit_head[0] >= seq  # writing is itself audited: the head is the one it was made at
    for paper in written[:2]:
        assert head in paper.read_text(encoding="utf-8")


# ---- the daily review of open disputes in the handover ----------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_handover_lists_the_open_disputes_oldest_first_with_the_overdue_marked(desk, lang):
    from frontdesk.reports import handover_paper
    from frontdesk.reports.handover_view import PAPER, SCREEN, tables

    set_language(lang)
    made = seed_shift(desk)
    service = desk.handover
    assert "disputes" not in [m.key for m in tables(service.report(service.default_shift()), desk.zone)]
    older = at(desk, "2026-11-22 09:30").disputes.open_from_case(made["dispute"].case_id)  # first step due 11-23
    newer = at(desk, "2026-11-22 19:40").disputes.open_from_case(made["help"].case_id)
    at(desk, "2026-11-23 10:00").disputes.move(newer, "resolved")
    late = at(desk, "2026-11-24 12:00")
    report = late.handover.report(late.handover.default_shift())
    assert [row.dispute_id for row in report.disputes] == [older]
    [row] = report.disputes
    assert row.overdue and row.days_open == 2
    [model] = [m for m in tables(report, desk.zone) if m.key == "disputes"]
    assert SCREEN in model.shows and PAPER in model.shows
    [[ref, _title, _owner, days, last, due]] = model.cells(PAPER)
    assert ref.value == row.ref and days.value == 2 and due.tone == "alert" and due.note
    paper = {table.key: table for table in handover_paper.tables(report, desk.zone)}
    assert paper["disputes"].rows[0][0] == row.ref


def test_call_backs_owed_is_the_count_over_the_rows_even_when_a_reached_call_back_sits_on_a_hand_off_not_done(
        desk, engine):
    """Done hand-offs without a reaching call-back, counted without a probe per done hand-off, equal a plain count;
    a reaching call-back on a hand-off that is not done (as a sync conflict could leave it) does not skew it."""
    from frontdesk.reports.handover import call_backs_owed
    from db.engine import read_session

    handoff_ids = []
    for n, (reached, tried) in enumerate(((True, False), (False, True), (False, False), (True, False), (True, True))):
        when = f"2026-11-1{n} 10:00"
        made = at(desk, when).cases.record_case(
            CaseDraft(reporter=ZHANG, category="noise", summary=f"噪音 {n}", police=False), now=local(when))
        at(desk, when).handoffs.hand_off(made.case_id, HandoffInput(body="hotline_12345", matter="noise",
                                                                   method="work_order"))
        [view] = desk.handoffs.of_case(made.case_id)
        at(desk, f"2026-11-1{n} 12:00").handoffs.advance(view.id, "done", version=view.version)
        if tried:
            at(desk, f"2026-11-1{n} 13:00").handoffs.follow_up(view.id, FollowUpInput(reached=False, result="无人接听"))
        if reached:
            at(desk, f"2026-11-1{n} 14:00").handoffs.follow_up(
                view.id, FollowUpInput(reached=True, result="已解决", satisfaction="satisfied"))
        handoff_ids.append(view.id)
    # The last one reached but is back at "returned" (a conflict resolved that way): not done, so not owed either.
    with engine.begin() as conn:
        conn.execute(text("UPDATE handoff SET status = 'returned' WHERE id = :id"),
                     {"id": handoff_ids[-1].hex if engine.dialect.name == "sqlite" else handoff_ids[-1]})
    _received, _open, _handed, owed = plain_counts(engine, duty_shift(date(2026, 11, 22), "day", BEIJING))
    with read_session(engine) as session:
        assert call_backs_owed(session) == owed == 2
