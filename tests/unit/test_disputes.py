"""Disputes through the service layer: opening from a repeat case, linking, steps, the states and their
refusals, the daily review, offers to a new case, and the figures on hand-made data."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from db.engine import read_session
from db.models import AuditEvent, ChangeLog, Dispute, DisputeCase, DisputeParty, Officer
from frontdesk.access.roles import NotAllowed
from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft, PartyDraft
from frontdesk.desk import Desk
from frontdesk.disputes.lifecycle import StepInput
from frontdesk.disputes.referral import Referral
from frontdesk.i18n import DeskError
from tests.conftest import FROZEN_NOW


class Clock:
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


def desk_as(role, engine, settings, on_duty, db_url, clock) -> Desk:
    return Desk(settings=settings, engine=engine, on_duty=replace(on_duty, role=role), url=db_url, clock=clock)


@pytest.fixture
def duty(engine, settings, on_duty, db_url, clock) -> Desk:
    return desk_as("duty", engine, settings, on_duty, db_url, clock)


@pytest.fixture
def supervisor(engine, settings, on_duty, db_url, clock) -> Desk:
    return desk_as("supervisor", engine, settings, on_duty, db_url, clock)


WANG = PersonInput(name="王秀英", phone="13900001111")
LI = PersonInput(name="李强", phone="13900002222")


def someone(name: str) -> PersonInput:
    return PersonInput(name=name, phone=f"137{sum(map(ord, name)) % 100_000_000:08d}")


def dispute_case(desk: Desk, clock: Clock, *, reporter=WANG, place="幸福小区5栋", repeat_of=None, other=LI):
    parties = (PartyDraft(role="other_party", person=other),) if other else ()
    return desk.cases.record_case(CaseDraft(reporter=reporter, category="dispute", summary="邻里漏水纠纷",
                                            place=place, parties=parties, repeat_of=repeat_of), now=clock())


def test_a_repeat_case_opens_a_dispute_owned_by_the_officer_with_both_cases_and_parties(duty, clock, engine):
    first = dispute_case(duty, clock)
    clock.advance(days=2)
    again = dispute_case(duty, clock, repeat_of=first.case_id)
    dispute_id = duty.disputes.open_from_case(again.case_id, plan="约双方到社区调解")
    seen = duty.disputes.detail(dispute_id)
    assert seen.state == "open" and seen.plan == "约双方到社区调解"
    assert seen.owner_id == duty.actor.officer_id
    assert [case.case_no for case in seen.cases] == [first.case_no, again.case_no]
    assert sorted(party.name for party in seen.parties) == ["李强", "王秀英"]  # each once, though recorded twice
    assert all("1111" in p.phone or "2222" in p.phone for p in seen.parties)
    assert "*" in seen.parties[0].phone  # masked
    assert seen.ref.startswith("JF-") and seen.next_step_due == clock() + timedelta(days=1)
    with read_session(engine) as session:
        logged = set(session.exec(select(ChangeLog.table_name).where(ChangeLog.record_id.in_(
            select(DisputeCase.id).union(select(Dispute.id), select(DisputeParty.id))))).all())
        assert logged == {"dispute", "disputecase", "disputeparty"}
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "open_dispute")).first() is not None
    # The case cannot open a second dispute while the first is open.
    with pytest.raises(DeskError, match="already in the open dispute"):
        duty.disputes.open_from_case(again.case_id)


def test_steps_move_a_dispute_to_mediating_and_resolved_on_site(duty, clock):
    case = dispute_case(duty, clock)
    dispute_id = duty.disputes.open_from_case(case.case_id)
    with pytest.raises(DeskError, match="What came of it is required"):
        duty.disputes.record_step(dispute_id, StepInput(kind="visit", outcome="  "))
    with pytest.raises(DeskError, match="Unknown kind"):
        duty.disputes.record_step(dispute_id, StepInput(kind="letter", outcome="寄信"))
    with pytest.raises(DeskError, match="later than now"):
        duty.disputes.record_step(dispute_id, StepInput(kind="call", outcome="约时间", next_due=clock()))
    clock.advance(hours=3)
    duty.disputes.record_step(dispute_id, StepInput(kind="call", outcome="约好周六调解",
                                                    next_due=clock() + timedelta(days=3)))
    assert duty.disputes.detail(dispute_id).state == "open"
    clock.advance(days=3)
    duty.disputes.record_step(dispute_id, StepInput(kind="mediation", outcome="双方同意分摊维修费",
                                                    took_part="王秀英、李强、社区调解员", on_site=True))
    seen = duty.disputes.detail(dispute_id)
    assert seen.state == "mediating" and [step.kind for step in seen.steps] == ["call", "mediation"]
    duty.disputes.move(dispute_id, "resolved", on_site=True, version=seen.version)
    done = duty.disputes.detail(dispute_id)
    assert done.state == "resolved" and done.resolved_on_site and done.closed_at == clock()
    assert done.next_step_due is None
    # A resolved dispute takes nothing more and moves nowhere.
    with pytest.raises(DeskError, match="takes no more steps"):
        duty.disputes.record_step(dispute_id, StepInput(kind="visit", outcome="回访"))
    with pytest.raises(DeskError, match="cannot become"):
        duty.disputes.move(dispute_id, "mediating")


def test_closing_unresolved_needs_a_supervisor_and_a_reason_referred_a_reason(duty, supervisor, clock):
    dispute_id = duty.disputes.open_from_case(dispute_case(duty, clock).case_id)
    with pytest.raises(NotAllowed, match="needs a supervisor"):
        duty.disputes.move(dispute_id, "closed_unresolved", reason="当事人拒绝调解")
    with pytest.raises(DeskError, match="needs a reason"):
        supervisor.disputes.move(dispute_id, "closed_unresolved", reason=" ")
    with pytest.raises(DeskError, match="through a hand-off"):
        duty.disputes.move(dispute_id, "referred", reason="移交镇人民调解委员会")
    stale = duty.disputes.detail(dispute_id).version
    duty.disputes.record_step(dispute_id, StepInput(kind="visit", outcome="上门了解情况"))
    with pytest.raises(DeskError, match="changed at another desk"):
        supervisor.disputes.move(dispute_id, "closed_unresolved", reason="当事人拒绝调解", version=stale - 1)
    supervisor.disputes.move(dispute_id, "closed_unresolved", reason="当事人拒绝调解")
    seen = duty.disputes.detail(dispute_id)
    assert seen.state == "closed_unresolved" and seen.state_reason == "当事人拒绝调解"
    other = duty.disputes.open_from_case(dispute_case(duty, clock, reporter=someone("赵敏")).case_id)
    duty.disputes.refer(other, Referral(body="mediation_centre", matter="neighbour_dispute", note="移交镇调委会"))
    assert duty.disputes.detail(other).state == "referred"


def test_only_a_supervisor_assigns_the_owner_and_leader(duty, supervisor, clock, engine, settings):
    from db.engine import write_session
    from frontdesk.records import Actor, save

    with write_session(engine) as session:
        leader = save(session, Officer(name="陈所长", badge_no="000777", role="supervisor"),
                      by=Actor(site=settings.site_code))
        owner = save(session, Officer(name="刘警官", badge_no="000778", role="duty"), by=Actor(site=settings.site_code))
        gone = save(session, Officer(name="退休者", badge_no="000779", role="duty", active=False),
                    by=Actor(site=settings.site_code))
        session.commit()
        leader_id, owner_id, gone_id = leader.id, owner.id, gone.id
    dispute_id = duty.disputes.open_from_case(dispute_case(duty, clock).case_id)
    with pytest.raises(NotAllowed, match="needs a supervisor"):
        duty.disputes.assign(dispute_id, owner_id=owner_id, leader_id=leader_id)
    with pytest.raises(DeskError, match="not on the station's active list"):
        supervisor.disputes.assign(dispute_id, owner_id=gone_id, leader_id=None)
    supervisor.disputes.assign(dispute_id, owner_id=owner_id, leader_id=leader_id)
    seen = duty.disputes.detail(dispute_id)
    assert (seen.owner, seen.leader) == ("刘警官", "陈所长")
    # Mine: the duty officer no longer owns it; all: it is there.
    assert duty.disputes.review(mine_only=True) == []
    assert [row.dispute_id for row in duty.disputes.review()] == [dispute_id]


def test_the_daily_review_lists_open_disputes_oldest_first_with_overdue_marked(duty, clock):
    older = duty.disputes.open_from_case(dispute_case(duty, clock).case_id)
    clock.advance(days=2)
    newer = duty.disputes.open_from_case(dispute_case(duty, clock, reporter=someone("孙丽"),
                                                      place="东关村", other=None).case_id)
    duty.disputes.record_step(newer, StepInput(kind="call", outcome="已联系", next_due=clock() + timedelta(days=5)))
    closed = duty.disputes.open_from_case(dispute_case(duty, clock, reporter=someone("周杰"),
                                                       place="西街", other=None).case_id)
    duty.disputes.move(closed, "resolved")
    clock.advance(hours=1)
    rows = duty.disputes.review()
    assert [row.dispute_id for row in rows] == [older, newer]
    first, second = rows
    assert first.days_open == 2 and first.overdue and first.last_step_at is None
    assert not second.overdue and second.last_step_kind == "call" and second.last_step_outcome == "已联系"
    assert all(row.mine for row in rows)


def test_a_new_case_is_offered_the_open_disputes_of_its_reporter_or_place(duty, clock):
    dispute_id = duty.disputes.open_from_case(dispute_case(duty, clock).case_id)
    by_person = dispute_case(duty, clock, reporter=LI, place="别处", other=None)
    by_place = dispute_case(duty, clock, reporter=someone("吴刚"), place="幸福小区5栋", other=None)
    stranger = dispute_case(duty, clock, reporter=someone("郑红"), place="南门", other=None)
    offered = duty.disputes.offers_for_case(by_person.case_id)
    assert [(o.dispute_id, o.by_party, o.by_place) for o in offered] == [(dispute_id, True, False)]
    assert [(o.by_party, o.by_place) for o in duty.disputes.offers_for_case(by_place.case_id)] == [(False, True)]
    assert duty.disputes.offers_for_case(stranger.case_id) == []
    duty.disputes.link_case(dispute_id, by_place.case_id)
    assert duty.disputes.offers_for_case(by_place.case_id) == []
    assert "吴刚" in {party.name for party in duty.disputes.detail(dispute_id).parties}
    with pytest.raises(DeskError, match="already in the open dispute"):
        duty.disputes.link_case(dispute_id, by_place.case_id)


def test_the_figures_on_hand_made_disputes(duty, supervisor, clock):
    start = clock()
    # A: two cases before the owner, one after; resolved on site.
    a1 = dispute_case(duty, clock)
    clock.advance(days=1)
    a2 = dispute_case(duty, clock, repeat_of=a1.case_id)
    a = duty.disputes.open_from_case(a2.case_id)
    clock.advance(days=1)
    duty.disputes.link_case(a, dispute_case(duty, clock).case_id)
    duty.disputes.move(a, "resolved", on_site=True)
    # B: one case, resolved not on site.  C: one case, closed unresolved.  D: one case, still open.
    b = duty.disputes.open_from_case(dispute_case(duty, clock, reporter=someone("甲"), place="一",
                                                  other=None).case_id)
    duty.disputes.move(b, "resolved")
    c = duty.disputes.open_from_case(dispute_case(duty, clock, reporter=someone("乙"), place="二",
                                                  other=None).case_id)
    supervisor.disputes.move(c, "closed_unresolved", reason="拒绝调解")
    duty.disputes.open_from_case(dispute_case(duty, clock, reporter=someone("丙"), place="三",
                                              other=None).case_id)
    seen = duty.disputes.figures(since=start, until=clock() + timedelta(seconds=1))
    assert (seen.dispute_cases, seen.opened, seen.ended, seen.resolved, seen.resolved_on_site) == (6, 4, 3, 2, 1)
    assert seen.resolved_share == pytest.approx(2 / 3) and seen.on_site_share == pytest.approx(0.5)
    assert (seen.reports_before_owner, seen.reports_after_owner) == (5, 1)
    assert seen.before_per_dispute == pytest.approx(5 / 4) and seen.after_per_dispute == pytest.approx(1 / 4)
    empty = duty.disputes.figures(since=start - timedelta(days=400), until=start - timedelta(days=300))
    assert empty.opened == 0 and empty.resolved_share is None and empty.on_site_share is None


def test_a_dispute_opened_for_a_repeat_reporter_links_the_chosen_cases_only(duty, clock, engine):
    first = dispute_case(duty, clock)
    clock.advance(days=1)
    second = dispute_case(duty, clock, reporter=PersonInput(person_id=first.reporter_id))
    taken = dispute_case(duty, clock, reporter=PersonInput(person_id=first.reporter_id), place="别处", other=None)
    elsewhere = duty.disputes.open_from_case(taken.case_id)
    found = duty.disputes.reporter_cases(person_id=first.reporter_id, phone=None)
    assert found.name == "王秀英"
    assert [(c.case_id, c.dispute_ref is not None) for c in found.cases] == [
        (taken.case_id, True), (second.case_id, False), (first.case_id, False)]
    by_phone = duty.disputes.reporter_cases(person_id=None, phone="+8613900001111")
    assert by_phone.person_id == first.reporter_id
    with pytest.raises(DeskError, match="at least one case"):
        duty.disputes.open_for_person(first.reporter_id, [])
    with pytest.raises(DeskError, match="already in the open dispute"):
        duty.disputes.open_for_person(first.reporter_id, [second.case_id, taken.case_id])
    assert [row.dispute_id for row in duty.disputes.review()] == [elsewhere]  # the refusal wrote nothing
    dispute_id = duty.disputes.open_for_person(first.reporter_id, [second.case_id], plan="社区调解")
    seen = duty.disputes.detail(dispute_id)
    assert [c.case_id for c in seen.cases] == [second.case_id]
    assert [p.name for p in seen.parties] == ["王秀英", "李强"] and seen.owner_id == duty.actor.officer_id
