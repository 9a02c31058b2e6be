"""A dispute's cases open by Enter, so the case behind a resolved dispute can be closed from the dispute; back on the
dispute, the case shows as it is now."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Input, OptionList

from screens.cases.detail import CaseDetailScreen
from screens.disputes.detail import DisputeScreen
from screens.disputes.dialogs import JoinDialog
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.conftest import FROZEN_NOW
from tests.flow.test_disputes_flow import _case


async def test_enter_on_a_disputes_case_opens_it_and_back_on_the_dispute_it_is_as_now(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        case = _case(desk, at=FROZEN_NOW - timedelta(hours=2))
        app.push_screen(CaseDetailScreen(case.case_id))
        await settle(pilot)
        await pilot.press("d")
        assert await wait_until(pilot, lambda: isinstance(app.screen, JoinDialog))
        app.screen.query_one("#join-plan", Input).value = "约双方到社区调解"
        app.screen.query_one("#join-choices", OptionList).focus()
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeScreen) and app.screen.detail)
        dispute = app.screen
        assert [c.status for c in dispute.detail.cases] == ["open"]

        dispute.query_one("#dispute-cases", DataTable).focus()
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen) and app.screen.detail)
        assert app.screen.case_id == case.case_id
        desk.cases.close_case(case.case_id, disposition="mediated", note="调解成功", now=FROZEN_NOW)
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: app.screen is dispute)
        assert await wait_until(pilot, lambda: [c.status for c in dispute.detail.cases] == ["closed"])


async def test_enter_opens_the_case_it_was_pressed_on_though_a_refresh_reordered_the_cases_before_it_was_read(tmp_path):
    """Back on the dispute, its refresh may land while the officer's Enter is still waiting to be read: another,
    earlier case joined meanwhile puts a different case on the row the cursor was on. The case opened is the one
    Enter was pressed on, not whichever now sits at that row."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        first = _case(desk, at=FROZEN_NOW - timedelta(days=5))
        again = _case(desk, at=FROZEN_NOW - timedelta(hours=2), repeat_of=first.case_id)
        dispute_id = desk.disputes.open_from_case(again.case_id)
        app.push_screen(DisputeScreen(dispute_id))
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeScreen) and app.screen.detail)
        dispute = app.screen
        assert [c.case_id for c in dispute.detail.cases] == [first.case_id, again.case_id]
        table = dispute.query_one("#dispute-cases", DataTable)
        table.focus()
        table.move_cursor(row=1)  # on the repeat case
        await pilot.pause()

        earlier = _case(desk, at=FROZEN_NOW - timedelta(days=10))
        desk.disputes.link_case(dispute_id, earlier.case_id)
        table.action_select_cursor()  # Enter, its RowSelected not yet read...
        dispute.show(desk.disputes.detail(dispute_id))  # ...when the refresh lands: three cases, the earlier first
        assert [c.case_id for c in dispute.detail.cases] == [earlier.case_id, first.case_id, again.case_id]

        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen))
        assert app.screen.case_id == again.case_id
