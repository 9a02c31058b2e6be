"""Hand-offs through the service layer, on both backends: lifecycle, call-backs, backflow, queues, figures."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import select

from db.engine import read_session
from db.models import AuditEvent, Case, CaseLink, ChangeLog, FollowUp, Handoff, NonPoliceMatter, ReceivingBody
from frontdesk.cases.recording import CaseDraft
from frontdesk.desk import Desk
from frontdesk.handoffs.lifecycle import FollowUpInput, HandoffInput
from frontdesk.handoffs.lists import BodyInput, MatterInput
from frontdesk.i18n import DeskError, set_language
from frontdesk.callers.people import FieldErrors, PersonInput
from tests.conftest import FROZEN_NOW


class Clock:
    """The desk's clock, moved by the test."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(FROZEN_NOW)


@pytest.fixture
def desk(engine, settings, on_duty, db_url, clock):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=clock)


ZHANG = PersonInput(name="张建国", phone="13812345678", address="东关村3组")


def noise_case(desk, clock, person=ZHANG, **changes):
    values = dict(reporter=person, category="noise", police=False, summary="楼上深夜噪音", place="东关村3组")
    values.update(changes)
    return desk.cases.record_case(CaseDraft(**values), now=clock())


def noise_hand_off(**changes) -> HandoffInput:
    values = dict(body="hotline_12345", matter="noise", method="work_order")
    values.update(changes)
    return HandoffInput(**values)


def the(engine, model, record_id):
    with read_session(engine) as session:
        return session.get(model, record_id)


def only_handoff(engine, case_id) -> Handoff:
    with read_session(engine) as session:
        [handoff] = session.exec(select(Handoff).where(Handoff.case_id == case_id)).all()
        return handoff


# ---- proposing and handing off -------------------------------------------------------------


def test_a_non_police_noise_case_proposes_the_noise_matter_its_body_and_due_time(desk, clock):
    recorded = noise_case(desk, clock)
    proposal = desk.handoffs.propose(recorded.case_id)
    assert (proposal.matter, proposal.body) == ("noise", "grid_worker")
    assert proposal.due_at == clock() + timedelta(hours=48)
    assert proposal.case_no == recorded.case_no and not proposal.open_handoff


def test_handing_off_makes_the_case_handed_off_and_logs_both(desk, clock, engine):
    recorded = noise_case(desk, clock)
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off(their_ref="", note="请尽快处理"))
    handoff = only_handoff(engine, recorded.case_id)
    assert the(engine, Case, recorded.case_id).status == "handed_off"
    assert (handoff.status, handoff.our_ref, handoff.notes) == ("pending", recorded.case_no, "请尽快处理")
    assert handoff.due_at == clock() + timedelta(hours=72)  # 12345's usual time
    assert handoff.handed_by == desk.on_duty.officer_id
    with read_session(engine) as session:
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.record_id == handoff.id)).all()
    assert actions == ["hand_off"]


def test_a_case_with_a_hand_off_in_progress_cannot_be_handed_off_again(desk, clock):
    recorded = noise_case(desk, clock)
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off())
    with pytest.raises(DeskError) as refused:
        desk.handoffs.hand_off(recorded.case_id, noise_hand_off(body="grid_worker"))
    assert "12345" in refused.value.message


def test_a_bad_hand_off_names_every_field_to_fix(desk, clock):
    recorded = noise_case(desk, clock)
    with pytest.raises(FieldErrors) as refused:
        desk.handoffs.hand_off(recorded.case_id, HandoffInput(body="nobody", matter="", method="fax",
                                                              their_ref="x" * 41, due_at=clock() - timedelta(hours=1)))
    assert set(refused.value.errors) == {"body", "matter", "method", "their_ref", "due_at"}
    set_language("zh")
    assert "到期时间已过" in refused.value.errors["due_at"].message


def test_a_closed_case_is_not_handed_off(desk, clock):
    recorded = noise_case(desk, clock)
    desk.cases.close_case(recorded.case_id, disposition="resolved_on_site", note="已劝解", now=clock())
    with pytest.raises(DeskError, match="Reopen it"):
        desk.handoffs.hand_off(recorded.case_id, noise_hand_off())


# ---- lifecycle --------------------------------------------------------------------------------


def test_the_body_moves_it_forward_and_a_step_may_be_skipped_but_never_back(desk, clock, engine):
    recorded = noise_case(desk, clock)
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off(method="three_way_call"))
    handoff = only_handoff(engine, recorded.case_id)
    desk.handoffs.advance(handoff.id, "accepted", version=handoff.version, their_ref="GD2026112200123")
    handoff = only_handoff(engine, recorded.case_id)
    assert (handoff.status, handoff.their_ref) == ("accepted", "GD2026112200123")
    with pytest.raises(DeskError, match="cannot go back"):
        desk.handoffs.advance(handoff.id, "sent", version=handoff.version)
    done_at = clock.advance(hours=30)
    desk.handoffs.advance(handoff.id, "done", version=handoff.version)
    handoff = only_handoff(engine, recorded.case_id)
    assert (handoff.status, handoff.done_at) == ("done", done_at)
    with read_session(engine) as session:
        steps = session.exec(
            select(ChangeLog.changed).where(ChangeLog.record_id == handoff.id, ChangeLog.op == "update")
            .order_by(ChangeLog.seq)
        ).all()
    assert [step["status"] for step in steps] == [["pending", "accepted"], ["accepted", "done"]]


def test_a_step_taken_on_an_old_view_is_refused(desk, clock, engine):
    recorded = noise_case(desk, clock)
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off())
    handoff = only_handoff(engine, recorded.case_id)
    desk.handoffs.advance(handoff.id, "sent", version=handoff.version)
    with pytest.raises(DeskError, match="changed the hand-off"):
        desk.handoffs.advance(handoff.id, "accepted", version=handoff.version)


def test_a_return_keeps_the_bodys_reason_and_reopens_the_case_at_the_desk(desk, clock, engine):
    recorded = noise_case(desk, clock)
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off())
    handoff = only_handoff(engine, recorded.case_id)
    with pytest.raises(FieldErrors):
        desk.handoffs.return_handoff(handoff.id, reason="  ", version=handoff.version)
    desk.handoffs.return_handoff(handoff.id, reason="不属于本单位职责", version=handoff.version)
    handoff = only_handoff(engine, recorded.case_id)
    assert (handoff.status, handoff.returned_reason) == ("returned", "不属于本单位职责")
    assert the(engine, Case, recorded.case_id).status == "in_progress"
    with pytest.raises(DeskError, match="cannot move on"):
        desk.handoffs.advance(handoff.id, "done", version=handoff.version)
    # Back at the desk it can be handed to someone else.
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off(body="grid_worker"))


def test_no_close_without_a_call_back_that_reached_the_citizen(desk, clock, engine):
    recorded = noise_case(desk, clock)
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off())
    handoff = only_handoff(engine, recorded.case_id)
    with pytest.raises(DeskError, match="still with the receiving body"):
        desk.cases.close_case(recorded.case_id, disposition="handed_off", note="", now=clock())
    with pytest.raises(DeskError, match="after the body has finished"):
        desk.handoffs.follow_up(handoff.id, FollowUpInput(reached=True, result="已解决", satisfaction="satisfied"))
    desk.handoffs.advance(handoff.id, "done", version=handoff.version)
    with pytest.raises(DeskError, match="only after a call-back"):
        desk.cases.close_case(recorded.case_id, disposition="handed_off", note="", now=clock())

    clock.advance(hours=2)
    desk.handoffs.follow_up(handoff.id, FollowUpInput(reached=False, result="无人接听"))
    assert the(engine, Case, recorded.case_id).status == "handed_off"  # try again later
    with pytest.raises(FieldErrors) as refused:
        desk.handoffs.follow_up(handoff.id, FollowUpInput(reached=True, result=""))
    assert set(refused.value.errors) == {"result", "satisfaction"}

    closed_at = clock.advance(hours=20)
    desk.handoffs.follow_up(handoff.id, FollowUpInput(reached=True, result="噪音已停止", satisfaction="basically"))
    case = the(engine, Case, recorded.case_id)
    assert (case.status, case.disposition, case.closed_at, case.closing_note) == (
        "closed", "handed_off", closed_at, "噪音已停止")
    with read_session(engine) as session:
        calls = session.exec(select(FollowUp).where(FollowUp.handoff_id == handoff.id).order_by(FollowUp.at)).all()
    assert [(c.reached, c.satisfaction) for c in calls] == [(False, None), (True, "basically")]
    with pytest.raises(DeskError, match="already been closed"):
        desk.handoffs.follow_up(handoff.id, FollowUpInput(reached=True, result="再次", satisfaction="satisfied"))


# ---- backflow ------------------------------------------------------------------------------------


def handed_and_called_back(desk, clock, engine, person=ZHANG):
    recorded = noise_case(desk, clock, person)
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off())
    handoff = only_handoff(engine, recorded.case_id)
    clock.advance(days=1)
    desk.handoffs.advance(handoff.id, "done", version=handoff.version)
    desk.handoffs.follow_up(handoff.id, FollowUpInput(reached=True, result="已处理", satisfaction="satisfied"))
    return recorded, handoff


def test_the_same_phone_reporting_the_same_kind_of_matter_inside_the_window_is_backflow(desk, clock, engine):
    first, handoff = handed_and_called_back(desk, clock, engine)
    clock.advance(days=10)
    # Same phone, typed as a new person with another name: still the same caller.
    again = noise_case(desk, clock, PersonInput(name="张先生", phone="138-1234-5678"))
    assert again.backflow is not None
    assert (again.backflow.earlier_case_no, again.backflow.handoff_id) == (first.case_no, handoff.id)
    with read_session(engine) as session:
        [link] = session.exec(select(CaseLink).where(CaseLink.case_id == again.case_id)).all()
    assert (link.kind, link.other_case_id, link.handoff_id) == ("backflow", first.case_id, handoff.id)
    # Both show it: the earlier case's hand-off lists the case that came back.
    [view] = desk.handoffs.of_case(first.case_id)
    assert [b.case_no for b in view.backflows] == [again.case_no]
    assert any(link.kind == "backflow" and not link.outgoing for link in desk.cases.case_detail(first.case_id).links)


def test_outside_the_window_another_category_or_another_caller_is_not_backflow(desk, clock, engine, settings):
    handed_and_called_back(desk, clock, engine)
    clock.advance(days=2)
    assert noise_case(desk, clock, ZHANG, category="dispute", police=True).backflow is None
    assert noise_case(desk, clock, PersonInput(name="李秀英", phone="13900001111")).backflow is None
    clock.advance(days=settings.backflow_window_days)  # now past the window since the hand-off
    assert noise_case(desk, clock, PersonInput(person_id=None, name="张建国", phone="13812345678")).backflow is None


def test_a_returned_hand_off_does_not_make_backflow(desk, clock, engine):
    recorded = noise_case(desk, clock)
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off())
    handoff = only_handoff(engine, recorded.case_id)
    desk.handoffs.return_handoff(handoff.id, reason="不属于本单位", version=handoff.version)
    clock.advance(days=1)
    assert noise_case(desk, clock).backflow is None


# ---- queues: due and overdue at day boundaries and in the desk's zone -------------------------


def test_due_today_and_overdue_follow_the_local_day_not_utc(desk, clock, engine):
    # 20:30 in Beijing (12:30 UTC). Due 23:30 Beijing is today there, though 15:30 UTC.
    late_tonight = noise_case(desk, clock)
    desk.handoffs.hand_off(late_tonight.case_id, noise_hand_off(due_at=clock() + timedelta(hours=3)))
    # Due 00:30 Beijing tomorrow: still the 22nd in UTC, but not due today at this desk.
    after_midnight = noise_case(desk, clock, PersonInput(name="李秀英", phone="13900001111"))
    desk.handoffs.hand_off(after_midnight.case_id, noise_hand_off(due_at=clock() + timedelta(hours=4)))
    rows, counts = desk.handoffs.queue("due_today")
    assert [r.case_no for r in rows] == [late_tonight.case_no]
    assert (counts["due_today"], counts["overdue"]) == (1, 0)

    clock.advance(hours=3, minutes=1)  # 23:31: the first is overdue; the second is due "today" no more…
    rows, counts = desk.handoffs.queue("overdue")
    assert [r.case_no for r in rows] == [late_tonight.case_no] and rows[0].overdue
    assert counts["due_today"] == 0
    clock.advance(minutes=30)  # 00:01 on the 23rd: the second now falls due today
    rows, _counts = desk.handoffs.queue("due_today")
    assert [r.case_no for r in rows] == [after_midnight.case_no]
    assert desk.dashboard.today(clock()).handoffs_overdue == 1


def test_due_today_in_another_zone(engine, settings, on_duty, db_url, clock):
    from dataclasses import replace

    desk = Desk(settings=replace(settings, timezone="Europe/London"), engine=engine, on_duty=on_duty, url=db_url,
                clock=clock)
    recorded = noise_case(desk, clock)
    # 12:30 in London; due 23:59 London is today there, 00:30 next day is not.
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off(due_at=datetime(2026, 11, 23, 0, 30, tzinfo=ZoneInfo("Europe/London"))))
    assert desk.handoffs.queue("due_today")[1]["due_today"] == 0
    clock.now = datetime(2026, 11, 23, 0, 1, tzinfo=timezone.utc)
    assert desk.handoffs.queue("due_today")[1]["due_today"] == 1


def test_the_call_back_queue_and_the_done_queue(desk, clock, engine):
    recorded = noise_case(desk, clock)
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off())
    handoff = only_handoff(engine, recorded.case_id)
    desk.handoffs.advance(handoff.id, "done", version=handoff.version)
    desk.handoffs.follow_up(handoff.id, FollowUpInput(reached=False, result="关机"))
    rows, counts = desk.handoffs.queue("awaiting_follow_up")
    assert [(r.case_no, r.calls) for r in rows] == [(recorded.case_no, 1)] and counts["done"] == 0
    desk.handoffs.follow_up(handoff.id, FollowUpInput(reached=True, result="已解决", satisfaction="satisfied"))
    rows, counts = desk.handoffs.queue("done")
    assert [r.case_no for r in rows] == [recorded.case_no] and counts["awaiting_follow_up"] == 0


# ---- figures against an independent count ----------------------------------------------------------


def test_figures_for_a_period_match_a_count_from_the_tables(desk, clock, engine):
    start = clock()
    first, _handoff = handed_and_called_back(desk, clock, engine)  # handed, called back, satisfied
    second = noise_case(desk, clock, PersonInput(name="李秀英", phone="13900001111"))
    desk.handoffs.hand_off(second.case_id, noise_hand_off(body="grid_worker"))
    noise_case(desk, clock, PersonInput(name="王芳", phone="13700002222"))  # not handed off
    desk.cases.record_case(CaseDraft(reporter=ZHANG, category="theft", summary="电动车被盗"), now=clock())  # police
    clock.advance(days=3)
    back = noise_case(desk, clock)  # backflow of the first
    assert back.backflow is not None

    figures = desk.handoffs.figures(since=start - timedelta(hours=1), until=clock() + timedelta(hours=1))
    with read_session(engine) as session:
        non_police = session.exec(select(func.count()).select_from(Case).where(Case.police.is_(False))).one()
        handed = session.exec(select(func.count(func.distinct(Handoff.case_id)))).one()
        reached = session.exec(select(func.count()).select_from(FollowUp).where(FollowUp.reached)).one()
    assert (figures.non_police, figures.handed_off, figures.followed_up) == (non_police, handed, reached) == (4, 2, 1)
    assert (figures.rated, figures.satisfied, figures.backflow) == (1, 1, 1)
    hotline = next(b for b in figures.bodies if b.body == "12345 citizen hotline")
    assert (hotline.handed, hotline.done, hotline.hours_to_done) == (1, 1, pytest.approx(24.0))
    grid = next(b for b in figures.bodies if b.body == "Community grid worker")
    assert (grid.handed, grid.done, grid.hours_to_done) == (1, 0, None)


# ---- the station's lists and the slip ----------------------------------------------------------------


def test_the_station_adds_a_body_and_a_matter_and_a_bad_one_is_refused(desk, engine):
    desk.handoffs.save_body(BodyInput(name_zh="市场监管所", name_en="", contact="0571-12315",
                                      default_due_hours="96", takes=("price_complaint",)), body_id=None, version=None)
    body = next(b for b in desk.handoffs.bodies() if b.name_zh == "市场监管所")
    assert (body.name_en, body.default_due_hours, body.takes) == ("市场监管所", 96, ("price_complaint",))
    desk.handoffs.save_matter(MatterInput(name_zh="食品安全投诉", name_en="Food safety complaint",
                                          default_body=body.code, category="tip"), matter_id=None, version=None)
    matter = next(m for m in desk.handoffs.matters() if m.name_en == "Food safety complaint")
    assert (matter.default_body, matter.category) == (body.code, "tip")
    with pytest.raises(FieldErrors) as refused:
        desk.handoffs.save_body(BodyInput(name_zh="", name_en="", default_due_hours="三天", takes=("nothing",)),
                                body_id=None, version=None)
    assert set(refused.value.errors) == {"name", "default_due_hours", "takes"}
    # An old view of a body cannot overwrite a newer change.
    desk.handoffs.save_body(BodyInput(name_zh="市场监管所", name_en="Market regulator", default_due_hours="72"),
                            body_id=body.id, version=body.version)
    with pytest.raises(DeskError, match="changed"):
        desk.handoffs.save_body(BodyInput(name_zh="市场监管所", name_en="Old", default_due_hours="72"),
                                body_id=body.id, version=body.version)
    with read_session(engine) as session:
        assert session.exec(select(func.count()).select_from(ReceivingBody)).one() == 9
        assert session.exec(select(func.count()).select_from(NonPoliceMatter)).one() == 13


def test_the_seeded_bodies_say_what_they_take(desk):
    bodies = {b.code: b for b in desk.handoffs.bodies()}
    assert set(bodies) >= {"hotline_12345", "legal_aid_12348", "transport_12328", "women_12338", "power_95598",
                           "mediation_centre", "grid_worker", "other_police"}
    assert "wage_arrears" in bodies["legal_aid_12348"].takes and "noise" in bodies["grid_worker"].takes


def test_the_slip_carries_the_full_phone_and_writing_it_is_audited(desk, clock, engine, settings):
    recorded = noise_case(desk, clock)
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off(note="夜间施工"))
    handoff = only_handoff(engine, recorded.case_id)
    set_language("zh")
    text_path, page = desk.handoffs.write_slip(handoff.id)
    text = text_path.read_text(encoding="utf-8")
    assert Path(page).parent == Path(settings.data_dir) / "slips"
    assert "12345政务服务便民热线" in text and "13812345678" in text and "夜间施工" in text
    assert recorded.case_no in page.read_text(encoding="utf-8")
    with read_session(engine) as session:
        assert session.exec(select(AuditEvent.action).where(AuditEvent.record_id == handoff.id,
                                                            AuditEvent.action == "slip")).all() == ["slip"]


def test_a_report_typed_in_the_same_minute_as_the_hand_off_is_still_after_it(desk, clock, engine):
    first = noise_case(desk, clock)
    clock.advance(seconds=30)
    desk.handoffs.hand_off(first.case_id, noise_hand_off())  # at 12:30:30
    clock.advance(seconds=15)
    minute = clock().replace(second=0, microsecond=0)  # the form fills the received time to the minute: 12:30
    again = desk.cases.record_case(CaseDraft(reporter=ZHANG, category="noise", police=False, summary="又响了",
                                       received_at=minute), now=clock())
    assert again.backflow is not None and again.backflow.earlier_case_no == first.case_no


def test_a_report_received_before_the_hand_off_but_recorded_later_is_not_backflow(desk, clock, engine):
    first = noise_case(desk, clock)
    clock.advance(hours=1)
    desk.handoffs.hand_off(first.case_id, noise_hand_off())
    late = desk.cases.record_case(CaseDraft(reporter=ZHANG, category="noise", police=False, summary="昨晚也吵",
                                      received_at=clock() - timedelta(minutes=50)), now=clock())
    assert late.backflow is None


def test_a_second_hand_off_waits_for_the_first_ones_call_back_and_the_case_closes_only_when_all_are_done(
        desk, clock, engine):
    recorded = noise_case(desk, clock)
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off())
    first = only_handoff(engine, recorded.case_id)
    desk.handoffs.advance(first.id, "done", version=first.version)
    with pytest.raises(DeskError, match="not been called back"):
        desk.handoffs.hand_off(recorded.case_id, noise_hand_off(body="grid_worker"))
    with pytest.raises(DeskError, match="only after a call-back"):
        desk.cases.close_case(recorded.case_id, disposition="handed_off", note="", now=clock())
    desk.handoffs.follow_up(first.id, FollowUpInput(reached=True, result="已解决", satisfaction="satisfied"))
    assert the(engine, Case, recorded.case_id).status == "closed"


def test_control_characters_in_a_reason_do_not_break_the_audit_write(desk, clock, engine):
    recorded = noise_case(desk, clock)
    desk.handoffs.hand_off(recorded.case_id, noise_hand_off())
    handoff = only_handoff(engine, recorded.case_id)
    desk.handoffs.return_handoff(handoff.id, reason="不属于\x00本单位\x07", version=handoff.version)
    with read_session(engine) as session:
        [reason] = session.exec(select(AuditEvent.reason).where(AuditEvent.action == "handoff_returned",
                                                               AuditEvent.table_name == "handoff")).all()
    assert reason == "不属于本单位"
