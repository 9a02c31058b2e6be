"""Referring a dispute makes a real hand-off of its latest live case to the chosen body, carrying the dispute's
cases and parties in its note; the dispute shows the hand-off's step and call-back until it is done; a
refused hand-off leaves the dispute as it was."""

from __future__ import annotations

import pytest
from sqlmodel import select

from db.engine import read_session
from db.models import AuditEvent, Case, Dispute, Handoff
from frontdesk.callers.people import FieldErrors
from frontdesk.disputes.lifecycle import StepInput
from frontdesk.disputes.referral import Referral
from frontdesk.handoffs.lifecycle import FollowUpInput
from frontdesk.i18n import DeskError
from tests.unit.test_disputes import clock, dispute_case, duty, supervisor  # noqa: F401  (fixtures)

TO_CENTRE = Referral(body="mediation_centre", matter="neighbour_dispute", note="双方同意到中心调解")


def _handoffs(engine):
    with read_session(engine) as session:
        return session.exec(select(Handoff)).all()


def test_referring_hands_the_latest_case_to_the_body_and_the_dispute_follows_the_hand_off(duty, clock, engine):
    first = dispute_case(duty, clock)
    clock.advance(days=1)
    again = dispute_case(duty, clock, repeat_of=first.case_id)
    dispute_id = duty.disputes.open_from_case(again.case_id)
    assert duty.disputes.referral_case(dispute_id) == again.case_id
    version = duty.disputes.detail(dispute_id).version
    clock.advance(hours=2)
    duty.disputes.refer(dispute_id, TO_CENTRE, version=version)

    [handoff] = _handoffs(engine)
    assert (handoff.case_id, handoff.matter, handoff.status) == (again.case_id, "neighbour_dispute", "pending")
    assert first.case_no in handoff.notes and again.case_no in handoff.notes
    assert "王秀英" in handoff.notes and "李强" in handoff.notes and "双方同意到中心调解" in handoff.notes
    with read_session(engine) as session:
        dispute = session.get(Dispute, dispute_id)
        assert dispute.state == "referred" and dispute.referral_handoff_id == handoff.id
        assert dispute.closed_at == clock() and dispute.state_reason == "双方同意到中心调解"
        assert session.get(Case, again.case_id).status == "handed_off"
        actions = set(session.exec(select(AuditEvent.action)).all())
        assert {"hand_off", "dispute_referred"} <= actions

    seen = duty.disputes.detail(dispute_id).referral
    assert seen.status == "pending" and seen.body == "Dispute-mediation centre" and not seen.finished
    # The body takes it and finishes; the dispute shows each step, then the call-back that ends it.
    duty.handoffs.advance(handoff.id, "accepted", version=handoff.version)
    assert duty.disputes.detail(dispute_id).referral.status == "accepted"
    current = duty.handoffs.of_case(again.case_id)[0]
    duty.handoffs.advance(handoff.id, "done", version=current.version)
    duty.handoffs.follow_up(handoff.id, FollowUpInput(reached=False))
    waiting = duty.disputes.detail(dispute_id).referral
    assert waiting.status == "done" and waiting.calls == 1 and not waiting.finished
    duty.handoffs.follow_up(handoff.id, FollowUpInput(reached=True, result="中心调解成功，双方签协议",
                                                      satisfaction="satisfied"))
    done = duty.disputes.detail(dispute_id).referral
    assert done.finished and done.result == "中心调解成功，双方签协议" and done.calls == 2


def test_a_refused_referral_leaves_the_dispute_open_and_makes_no_hand_off(duty, clock, engine):
    dispute_id = duty.disputes.open_from_case(dispute_case(duty, clock).case_id)
    with pytest.raises(DeskError, match="Receiving body is required"):
        duty.disputes.refer(dispute_id, Referral(body="", matter="neighbour_dispute"))
    with pytest.raises(FieldErrors):
        duty.disputes.refer(dispute_id, Referral(body="no_such_body", matter="neighbour_dispute"))
    with pytest.raises(DeskError, match="changed at another desk"):
        duty.disputes.refer(dispute_id, TO_CENTRE, version=99)
    assert _handoffs(engine) == [] and duty.disputes.detail(dispute_id).state == "open"
    # A referred dispute is not referred again, and takes no more steps.
    duty.disputes.refer(dispute_id, TO_CENTRE)
    with pytest.raises(DeskError, match="takes no more steps"):
        duty.disputes.refer(dispute_id, TO_CENTRE)
    with pytest.raises(DeskError, match="takes no more steps"):
        duty.disputes.record_step(dispute_id, StepInput(kind="visit", outcome="回访"))
    assert len(_handoffs(engine)) == 1


def test_a_dispute_whose_cases_are_all_closed_has_nothing_to_hand_on(duty, clock, engine):
    case = dispute_case(duty, clock)
    dispute_id = duty.disputes.open_from_case(case.case_id)
    duty.cases.close_case(case.case_id, disposition="mediated", note="当场调解", now=clock())
    with pytest.raises(DeskError, match="no case left to hand on"):
        duty.disputes.refer(dispute_id, TO_CENTRE)
    assert _handoffs(engine) == [] and duty.disputes.detail(dispute_id).state == "open"
