"""A duty officer at the desk is not offered supervisor's or admin's actions, and cannot take them by keys."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import select

from db.engine import read_session
from db.models import Case, ReceivingBody
from frontdesk.cases.recording import CaseDraft
from tests.conftest import open_desk
from frontdesk.callers.people import PersonInput
from screens.cases.detail import CaseDetailScreen
from screens.handoffs.lists import HandoffListsScreen
from tests.apphelpers import TEST_PASSWORD, desk_app, open_desk_app, settle
from tests.conftest import FROZEN_NOW


def _station_with_an_admin_first(tmp_path, settings):
    """The station was set up by its admin; the officer at this desk came later, as a duty officer."""
    admin = open_desk(replace(settings, officer_name="李所长", officer_badge="000001", data_dir=tmp_path),
                      f"sqlite:///{tmp_path / 'frontdesk.sqlite'}")
    admin.access.create_first_admin(name="李所长", badge="000001", password="admin-pass-1", again="admin-pass-1")
    admin.access.add_officer(name="王建军", badge="031245", role="duty", password=TEST_PASSWORD)
    recorded = admin.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678"),
                                           category="dispute", summary="纠纷"), now=FROZEN_NOW)
    admin.cases.close_case(recorded.case_id, disposition="mediated", note="已调解", now=FROZEN_NOW)
    admin.close()
    return recorded


async def test_a_duty_officer_is_not_offered_reopening_or_the_station_lists(tmp_path, settings):
    recorded = _station_with_an_admin_first(tmp_path, settings)
    app = desk_app(tmp_path)
    async with app.run_test(size=(130, 40)) as pilot:
        desk = await open_desk_app(pilot)
        assert desk.actor.role == "duty"
        await app.push_screen(CaseDetailScreen(recorded.case_id))
        await settle(pilot)
        assert app.screen.check_action("reopen", ()) is False
        await pilot.press("o")  # the key does nothing for them
        await settle(pilot)
        with read_session(desk.engine) as session:
            assert session.get(Case, recorded.case_id).status == "closed"
        await pilot.press("escape", "f5", "b")
        await settle(pilot)
        assert isinstance(app.screen, HandoffListsScreen)
        assert app.screen.check_action("add_body", ()) is False
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, HandoffListsScreen)  # no form opened
        await pilot.press("enter")  # nor by changing a body
        await settle(pilot)
        assert isinstance(app.screen, HandoffListsScreen)
        assert any("Only the station admin" in str(n.message) for n in app._notifications)
        with read_session(desk.engine) as session:
            assert len(session.exec(select(ReceivingBody)).all()) == 8


async def test_a_case_offers_only_what_its_state_and_the_officers_role_allow(tmp_path, settings):
    recorded = _station_with_an_admin_first(tmp_path, settings)  # closed; the officer here is on duty
    app = desk_app(tmp_path)
    async with app.run_test(size=(130, 40)) as pilot:
        desk = await open_desk_app(pilot)
        await app.push_screen(CaseDetailScreen(recorded.case_id))
        await settle(pilot)
        screen = app.screen
        offered = {name for name in ("void", "edit", "close_case", "take_on", "reopen", "receipt")
                   if screen.check_action(name, ())}
        assert offered == {"receipt"}  # closed: no void (needs a supervisor), no edit, close or take on
        await pilot.press("v")
        await settle(pilot)
        assert app.screen is screen  # no reason dialog opened only to be refused
        fresh = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="李秀英", phone="13900001111"),
                                           category="theft", summary="电动车被盗"), now=FROZEN_NOW)
        desk.cases.void_case(fresh.case_id, reason="录入错误", now=FROZEN_NOW)
        await app.push_screen(CaseDetailScreen(fresh.case_id))
        await settle(pilot)
        voided = app.screen
        assert not any(voided.check_action(name, ()) for name in ("edit", "take_on", "close_case", "void", "link"))
        assert voided.check_action("receipt", ())
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is voided  # no edit form for a voided case
