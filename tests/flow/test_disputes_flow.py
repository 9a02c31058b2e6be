"""A repeat dispute by keys: from the repeat case to a dispute with an owner, on the daily review, a mediation
step, resolved on site; a third case from the same reporter is offered the open dispute."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from textual.widgets import Input, OptionList, Static, TextArea

from db.engine import read_session
from db.models import Dispute, DisputeCase, DisputeStep
from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft, PartyDraft
from screens.cases.detail import CaseDetailScreen
from screens.disputes.detail import DisputeScreen
from screens.disputes.dialogs import JoinDialog, StateDialog, StepDialog
from screens.disputes.review import DisputeReviewScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.conftest import FROZEN_NOW

WANG = PersonInput(name="王秀英", phone="13900001111")
LI = PersonInput(name="李强", phone="13900002222")


def _case(desk, *, at, repeat_of=None):
    return desk.cases.record_case(CaseDraft(reporter=WANG, category="dispute", summary="楼上漏水纠纷",
                                            place="幸福小区5栋", parties=(PartyDraft("other_party", LI),),
                                            repeat_of=repeat_of), now=at)


def _disputes(desk):
    with read_session(desk.engine) as session:
        return session.exec(select(Dispute)).all()


async def test_a_repeat_case_becomes_a_dispute_that_is_reviewed_mediated_and_resolved(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first = _case(desk, at=FROZEN_NOW - timedelta(days=5))
        again = _case(desk, at=FROZEN_NOW - timedelta(hours=2), repeat_of=first.case_id)

        # On the repeat case, d: no open dispute to join, so the dialog offers a new one.
        app.push_screen(CaseDetailScreen(again.case_id))
        await settle(pilot)
        await pilot.press("d")
        assert await wait_until(pilot, lambda: isinstance(app.screen, JoinDialog))
        dialog = app.screen
        assert dialog.query_one("#join-choices", OptionList).option_count == 1
        dialog.query_one("#join-plan", Input).value = "约双方到社区调解"
        dialog.query_one("#join-choices", OptionList).focus()
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeScreen) and app.screen.detail)
        [dispute] = _disputes(desk)
        assert dispute.owner_id == desk.actor.officer_id and dispute.plan == "约双方到社区调解"
        assert [c.case_no for c in app.screen.detail.cases] == [first.case_no, again.case_no]
        head = str(app.screen.query_one("#dispute-head", Static).render())
        assert dispute.ref in head and "open" in head and "王建军" in head

        # F11: the daily review lists it, its first step due tomorrow, not yet overdue.
        await pilot.press("f11")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeReviewScreen) and app.screen.rows)
        review = app.screen
        assert [row.ref for row in review.rows] == [dispute.ref] and not review.rows[0].overdue
        assert "Every open dispute: 1; overdue: 0" in str(review.query_one("#dispute-summary", Static).render())
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeScreen) and app.screen.detail)
        screen = app.screen

        # a: a mediation session, on site; an empty outcome is refused in the dialog, nothing lost.
        await pilot.press("a")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StepDialog))
        step = app.screen
        await pilot.press("enter", "3")  # the third kind: mediation
        step.query_one("#step-took-part", Input).value = "王秀英、李强、社区调解员"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert await wait_until(pilot, lambda: isinstance(app.screen, StepDialog))
        assert "What came of it is required" in str(app.screen.query_one(".dialog-message", Static).render())
        again_dialog = app.screen
        assert again_dialog.query_one("#step-took-part", Input).value == "王秀英、李强、社区调解员"
        again_dialog.query_one("#step-outcome", TextArea).text = "双方同意分摊维修费"
        again_dialog.query_one("#step-next-days", Input).value = "2"
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: app.screen is screen and screen.detail.steps)
        assert screen.detail.state == "mediating"
        with read_session(desk.engine) as session:
            [saved] = session.exec(select(DisputeStep)).all()
        assert (saved.kind, saved.outcome) == ("mediation", "双方同意分摊维修费")
        assert screen.detail.next_step_due == FROZEN_NOW + timedelta(days=2)

        # s: resolved (the first choice from mediating), on site.
        await pilot.press("s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StateDialog))
        app.screen.query_one("#state-on-site").value = True
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: app.screen is screen and screen.detail.state == "resolved")
        [dispute] = _disputes(desk)
        assert dispute.state == "resolved" and dispute.resolved_on_site and dispute.closed_at == FROZEN_NOW
        assert "Resolved on site." in str(screen.query_one("#dispute-head", Static).render())
        # A resolved dispute offers no more steps or states.
        assert screen.check_action("add_step", ()) is False and screen.check_action("change_state", ()) is False

        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeReviewScreen) and not app.screen.rows)


async def test_a_new_case_of_the_same_reporter_is_offered_the_open_dispute(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first = _case(desk, at=FROZEN_NOW - timedelta(days=3))
        dispute_id = desk.disputes.open_from_case(first.case_id)
        third = desk.cases.record_case(CaseDraft(reporter=WANG, category="dispute", summary="又来吵架",
                                                 place="别处"), now=FROZEN_NOW - timedelta(hours=1))
        app.push_screen(CaseDetailScreen(third.case_id))
        await settle(pilot)
        # The case screen says at once that the case matches the open dispute.
        assert await wait_until(pilot, lambda: any("matches 1 open dispute" in str(n.message)
                                                   for n in app._notifications))
        await pilot.press("d")
        assert await wait_until(pilot, lambda: isinstance(app.screen, JoinDialog))
        choices = app.screen.query_one("#join-choices", OptionList)
        assert choices.option_count == 2
        assert "same party" in str(choices.get_option_at_index(1).prompt)
        choices.focus()
        await pilot.press("down", "enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeScreen) and app.screen.detail)
        assert app.screen.dispute_id == dispute_id
        with read_session(desk.engine) as session:
            linked = session.exec(select(DisputeCase.case_id).where(DisputeCase.dispute_id == dispute_id)).all()
        assert set(linked) == {first.case_id, third.case_id}
        # d again on the case: it is in the dispute, which opens at once.
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen))
        await pilot.press("d")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeScreen) and app.screen.detail)
        assert app.screen.dispute_id == dispute_id


async def test_a_plan_typed_in_the_dispute_box_and_enter_opens_the_dispute(tmp_path):
    """d on a case, Tab to the plan, type it, Enter: the desk closed with a traceback ('list' object is not
    callable: the dialog's list of matching disputes was taken for the area keys' check). Now the dispute
    opens with the plan as typed."""
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        first = _case(desk, at=FROZEN_NOW - timedelta(days=5))
        again = _case(desk, at=FROZEN_NOW - timedelta(hours=2), repeat_of=first.case_id)
        app.push_screen(CaseDetailScreen(again.case_id))
        await settle(pilot)
        await pilot.press("d")
        assert await wait_until(pilot, lambda: isinstance(app.screen, JoinDialog))
        await pilot.press("tab")
        app.focused.insert_text_at_cursor("约双方到社区调解室面谈")
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeScreen) and app.screen.detail)
        [dispute] = _disputes(desk)
        assert (dispute.plan, dispute.owner_id) == ("约双方到社区调解室面谈", desk.actor.officer_id)
