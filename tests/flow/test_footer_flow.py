"""The footer is drawn again when the keys it shows change, and only then."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from screens.shell.footer import DeskFooter
from tests.apphelpers import desk_app, settle, wait_until


def _keys(footer: DeskFooter) -> list[str]:
    return [key.key for key in footer.query(FooterKey)]


async def test_the_footer_keeps_its_keys_while_the_focus_moves_and_draws_them_again_when_they_change(tmp_path):
    from tests.unit.test_statistics import seed_statistics

    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        footer = app.screen.query_one(DeskFooter)
        drawn = list(footer.query(FooterKey))
        assert "ctrl+s" in _keys(footer)
        await pilot.press("tab", "tab", "tab", "shift+tab")
        await settle(pilot)
        # The same keys, the same widgets: not made, styled and laid out again at every Tab.
        assert list(footer.query(FooterKey)) == drawn

        await pilot.press("escape")
        await settle(pilot)
        seed_statistics(app.desk)
        await pilot.press("f8")
        await settle(pilot)
        footer = app.screen.query_one(DeskFooter)
        assert "c" in _keys(footer)  # narrow: c puts the charts in place of the tables
        await pilot.resize_terminal(200, 50)  # wide: both show, and c is not offered
        assert await wait_until(pilot, lambda: "c" not in _keys(footer))
        await pilot.resize_terminal(80, 24)
        assert await wait_until(pilot, lambda: "c" in _keys(footer))
