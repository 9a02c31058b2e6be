"""A new case in the F2 form is offered the open dispute its reporter or place matches, beside the repeat
check; ctrl+g takes the offer and the case is linked into the dispute right after it is saved (audited);
without the key nothing is linked."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from textual.widgets import Input, Static

from db.engine import read_session
from db.models import AuditEvent, Case, DisputeCase
from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft, PartyDraft
from screens.cases.detail import CaseDetailScreen
from screens.cases.form import CaseFormScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.conftest import FROZEN_NOW

WANG = PersonInput(name="王秀英", phone="13900001111")
LI = PersonInput(name="李强", phone="13900002222")


def _linked(desk, dispute_id) -> set:
    with read_session(desk.engine) as session:
        return set(session.exec(select(Case.summary).join(DisputeCase, DisputeCase.case_id == Case.id)
                                .where(DisputeCase.dispute_id == dispute_id)).all())


async def _form(app, pilot) -> CaseFormScreen:
    await pilot.press("f2")
    assert await wait_until(pilot, lambda: isinstance(app.screen, CaseFormScreen) and app.screen._loaded)
    return app.screen


def _fill(form: CaseFormScreen, *, summary: str, place: str = "") -> None:
    form.query_one("#category").value = "dispute"
    form.query_one("#summary", Input).value = summary
    if place:
        form.query_one("#place", Input).value = place


async def test_the_party_of_an_open_dispute_reporting_again_is_offered_it_and_ctrl_g_links_the_case(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first = desk.cases.record_case(CaseDraft(reporter=WANG, category="dispute", summary="楼上漏水纠纷",
                                                 place="幸福小区5栋", parties=(PartyDraft("other_party", LI),)),
                                       now=FROZEN_NOW - timedelta(days=3))
        dispute_id = desk.disputes.open_from_case(first.case_id)
        ref = desk.disputes.detail(dispute_id).ref

        # The other party (李强) comes in: his number alone brings the offer, while the case is recorded.
        form = await _form(app, pilot)
        await pilot.press(*"13900002222")
        assert await wait_until(pilot, lambda: form.dispute_offers)
        offer = str(form.query_one("#dispute-offer", Static).render())
        assert ref in offer and "same party" in offer and "ctrl+g" in offer
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert form.joining is not None and form.joining.dispute_id == dispute_id
        assert "joins dispute" in str(form.query_one("#dispute-offer", Static).render())
        await pilot.press("ctrl+g")  # again: the only offer given back, none taken
        assert form.joining is None
        await pilot.press("ctrl+g")
        form.query_one("#reporter-name", Input).value = "李强"
        _fill(form, summary="楼下又来吵漏水")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen))
        assert await wait_until(pilot, lambda: _linked(desk, dispute_id) == {"楼上漏水纠纷", "楼下又来吵漏水"})
        assert await wait_until(pilot, lambda: any(f"joined dispute {ref}" in str(n.message)
                                                   for n in app._notifications))
        with read_session(desk.engine) as session:
            case_id = session.exec(select(Case.id).where(Case.summary == "楼下又来吵漏水")).one()
            link = session.exec(select(DisputeCase).where(DisputeCase.case_id == case_id)).one()
            audited = session.exec(select(AuditEvent).where(AuditEvent.record_id == link.id)).all()
        assert [event.action for event in audited] == ["link"]


async def test_a_matching_place_is_offered_but_nothing_is_linked_without_the_key(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first = desk.cases.record_case(CaseDraft(reporter=WANG, category="dispute", summary="楼上漏水纠纷",
                                                 place="幸福小区5栋"), now=FROZEN_NOW - timedelta(days=3))
        dispute_id = desk.disputes.open_from_case(first.case_id)

        form = await _form(app, pilot)
        await pilot.press("ctrl+g")  # nothing offered yet: said so, nothing taken
        assert form.joining is None
        assert any("No open dispute matches" in str(n.message) for n in app._notifications)
        await pilot.press(*"13700009999", "tab", "tab")
        form.query_one("#reporter-name", Input).value = "路人甲"
        _fill(form, summary="小区门口有人吵架", place="幸福小区5栋")
        assert await wait_until(pilot, lambda: form.dispute_offers)
        assert "same place" in str(form.query_one("#dispute-offer", Static).render())
        # Another place: the offer goes.
        form.query_one("#place", Input).value = "南门"
        assert await wait_until(pilot, lambda: not form.dispute_offers)
        assert str(form.query_one("#dispute-offer", Static).render()) == ""
        form.query_one("#place", Input).value = "幸福小区5栋"
        assert await wait_until(pilot, lambda: form.dispute_offers)
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen))
        await settle(pilot)
        assert _linked(desk, dispute_id) == {"楼上漏水纠纷"}
