"""A hand-off's next step is in the footer at 80×24, by keys: h on a non-police case not yet handed off, n while
the body has it, f once the body is done and the citizen is still to be called back; the keys that give way
(void, link, receipt) are still bound and listed by F1."""

from __future__ import annotations

from screens.cases.detail import CaseDetailScreen
from screens.handoffs.dialogs import AdvanceScreen, FollowUpScreen, HandoffFormScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.flow.test_handoffs_flow import _record_noise


def _footer_keys(screen) -> list[str]:
    return [key for key, active in screen.active_bindings.items() if active.binding.show]


async def test_the_footer_offers_the_hand_offs_next_step_at_80x24(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_desk_app(pilot)
        await _record_noise(pilot)
        assert await wait_until(pilot, lambda: isinstance(app.screen, HandoffFormScreen))
        await pilot.press("escape")  # not now: the case stays open, not handed off
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen) and app.screen.detail)
        await settle(pilot)
        detail = app.screen
        assert "h" in _footer_keys(detail)

        await pilot.press("h")
        assert await wait_until(pilot, lambda: isinstance(app.screen, HandoffFormScreen))
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: app.screen is detail and detail.handoffs)
        await settle(pilot)
        assert "n" in _footer_keys(detail) and "h" not in _footer_keys(detail)

        await pilot.press("n")
        assert await wait_until(pilot, lambda: isinstance(app.screen, AdvanceScreen))
        await pilot.press("enter", "3", "ctrl+s")  # the body has done it
        assert await wait_until(pilot, lambda: app.screen is detail and detail.handoffs
                                and detail.handoffs[0].status == "done")
        await settle(pilot)
        assert "f" in _footer_keys(detail)

        await pilot.press("f")
        assert await wait_until(pilot, lambda: isinstance(app.screen, FollowUpScreen))
        await pilot.press("escape")
        await settle(pilot)
        # Given way, not gone: void still answers.
        assert "v" in detail.active_bindings and detail.check_action("void", ()) is True
