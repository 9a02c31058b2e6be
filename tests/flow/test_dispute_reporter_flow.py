"""From the repeat list (F7) to a resolved dispute, by keys: d on the repeat reporter, their recent cases
ticked (space leaves one out), the dispute opened with them as a party, a mediation step, resolved on site."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from textual.widgets import Input, SelectionList, Static, TextArea

from db.engine import read_session
from db.models import AuditEvent, Dispute, DisputeCase, DisputeParty
from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft, PartyDraft
from screens.callers.repeat_reporters import RepeatReportersScreen
from screens.disputes.detail import DisputeScreen
from screens.disputes.dialogs import StateDialog, StepDialog
from screens.disputes.reporter import ReporterDisputeDialog
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.conftest import FROZEN_NOW

WANG = PersonInput(name="王秀英", phone="13900001111")
LI = PersonInput(name="李强", phone="13900002222")


async def test_a_repeat_reporter_on_f7_becomes_a_dispute_that_is_mediated_and_resolved(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        old = desk.cases.record_case(CaseDraft(reporter=WANG, category="dispute", summary="去年的停车争执"),
                                     now=FROZEN_NOW - timedelta(days=200))
        recorded = [desk.cases.record_case(CaseDraft(
            reporter=PersonInput(person_id=old.reporter_id), category="dispute", summary=f"楼上漏水第{n}次",
            place="幸福小区5栋", parties=(PartyDraft("other_party", LI),)), now=FROZEN_NOW - timedelta(days=days))
            for n, days in ((1, 9), (2, 5), (3, 2))]

        await pilot.press("f7")
        assert await wait_until(pilot, lambda: isinstance(app.screen, RepeatReportersScreen) and app.screen.rows)
        screen = app.screen
        assert [row.name for row in screen.rows] == ["王秀英"]
        await pilot.press("d")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReporterDisputeDialog))
        dialog = app.screen
        cases = dialog.query_one("#reporter-dispute-cases", SelectionList)
        # Newest first; the three of the last 30 days are ticked, the old one is not.
        assert cases.option_count == 4
        assert set(cases.selected) == {case.case_id for case in recorded}
        # Nothing ticked is refused in the dialog, and the choice is kept.
        cases.deselect_all()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "at least one case" in str(dialog.query_one(".dialog-message", Static).render())
        cases.select_all()
        cases.focus()
        await pilot.press("end", "space")  # the old case (last, oldest) left out again by a key
        assert set(cases.selected) == {case.case_id for case in recorded}
        dialog.query_one("#reporter-dispute-plan", Input).value = "约双方与物业到社区调解"
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeScreen) and app.screen.detail)
        dispute_screen = app.screen
        detail = dispute_screen.detail
        assert [case.case_no for case in detail.cases] == [case.case_no for case in recorded]
        assert [party.name for party in detail.parties] == ["王秀英", "李强"]
        assert detail.owner_id == desk.actor.officer_id and detail.plan == "约双方与物业到社区调解"
        with read_session(desk.engine) as session:
            [dispute] = session.exec(select(Dispute)).all()
            assert set(session.exec(select(DisputeCase.case_id)).all()) == {case.case_id for case in recorded}
            assert old.reporter_id in session.exec(select(DisputeParty.person_id)).all()
            assert session.exec(select(AuditEvent).where(AuditEvent.action == "open_dispute")).first()

        # a: the mediation session; s: resolved on site.
        await pilot.press("a")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StepDialog))
        await pilot.press("enter", "3")  # mediation
        app.screen.query_one("#step-outcome", TextArea).text = "物业出资修管，双方和解"
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: app.screen is dispute_screen and dispute_screen.detail.steps)
        assert dispute_screen.detail.state == "mediating"
        await pilot.press("s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StateDialog))
        app.screen.query_one("#state-on-site").value = True
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: app.screen is dispute_screen
                                and dispute_screen.detail.state == "resolved")
        with read_session(desk.engine) as session:
            dispute = session.get(Dispute, dispute.id)
        assert dispute.state == "resolved" and dispute.resolved_on_site

        # Back on F7, d again: the cases in a closed dispute may open a new one; none is marked as taken.
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("d")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReporterDisputeDialog))
        assert "JF-" not in str(app.screen.query_one("#reporter-dispute-cases", SelectionList).get_option_at_index(0).prompt)


async def test_a_reporter_with_many_cases_at_80x24_still_shows_the_title_and_the_keys(tmp_path):
    """Twelve cases to choose from at 24 rows: the list scrolls within the dialog, so whose dispute it is and
    which keys tick, open and cancel stay on the screen, as does a refusal."""
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        first = desk.cases.record_case(CaseDraft(reporter=WANG, category="dispute", summary="停车争执第0次"),
                                       now=FROZEN_NOW - timedelta(days=25))
        for n in range(1, 12):
            desk.cases.record_case(CaseDraft(reporter=PersonInput(person_id=first.reporter_id), category="dispute",
                                             summary=f"停车争执第{n}次"), now=FROZEN_NOW - timedelta(days=25 - 2 * n))
        await pilot.press("f7")
        assert await wait_until(pilot, lambda: isinstance(app.screen, RepeatReportersScreen) and app.screen.rows)
        await pilot.press("d")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReporterDisputeDialog))
        dialog = app.screen
        cases = dialog.query_one("#reporter-dispute-cases", SelectionList)
        assert cases.option_count == 12
        cases.deselect_all()
        await pilot.press("ctrl+s")  # refused: nothing ticked
        await settle(pilot)
        assert app.screen is dialog
        box = dialog.query_one(".dialog")
        assert box.max_scroll_y == 0
        for shown in (dialog.query_one(".dialog-title"), dialog.query_one(".dialog-message", Static),
                      dialog.query_one(".dialog-keys")):
            assert box.content_region.contains_region(shown.region), (shown, shown.region, box.content_region)
        assert "王秀英" in str(dialog.query_one(".dialog-title").render())
        assert cases.max_scroll_y > 0  # the cases scroll in their own list


async def test_a_step_on_a_dispute_at_80x24_shows_its_title_and_keys(tmp_path):
    """a on a dispute at 24 rows: the step dialog shows which dispute it is for and how to save or cancel,
    and a refusal of its days, without scrolling."""
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        first = desk.cases.record_case(CaseDraft(reporter=WANG, category="dispute", summary="停车争执"),
                                       now=FROZEN_NOW - timedelta(days=3))
        dispute_id = desk.disputes.open_for_person(first.reporter_id, [first.case_id], plan="")
        app.push_screen(DisputeScreen(dispute_id))
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeScreen) and app.screen.detail)
        await pilot.press("a")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StepDialog))
        dialog = app.screen
        dialog.query_one("#step-next-days", Input).value = "0"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        box = dialog.query_one(".dialog")
        assert box.max_scroll_y == 0
        for shown in (dialog.query_one(".dialog-title"), dialog.query_one(".dialog-message", Static),
                      dialog.query_one(".dialog-keys")):
            assert box.content_region.contains_region(shown.region), (shown, shown.region, box.content_region)
        assert str(dialog.query_one(".dialog-message", Static).render())
