"""The officers screen (F10) says every key it takes, t (the tag list) too, on an 80-column terminal, in
both languages; the footer still fits, and t does open the tag list."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from screens.access.officers import OfficersScreen
from screens.shell.footer import footer_width, key_cells
from screens.tags.taxonomy import TaxonomyScreen
from tests.apphelpers import desk_app, open_desk_app, settle


@pytest.mark.parametrize("lang, hint, help_words", [
    ("en", "k the case categories, t the tag list.", "t its tag list"),
    ("zh", "k 警情类别，t 标签体系。", "按 t 打开本所标签体系"),
])
async def test_the_officers_screen_names_t_for_the_tag_list_and_its_footer_fits_80_columns(
        tmp_path, lang, hint, help_words):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f10")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OfficersScreen)
        said = str(screen.query_one("#officers-hint", Static).render())
        assert hint in said, said

        shown = [active.binding for active in screen.active_bindings.values() if active.binding.show]
        used = sum(key_cells(app.get_key_display(binding), binding.description) for binding in
                   {binding.action: binding for binding in shown}.values())
        assert used <= footer_width(screen) == 80, [binding.key for binding in shown]

        await pilot.press("f1")
        await settle(pilot)
        intro = str(app.screen.query_one("#help-intro", Static).render())
        assert help_words in intro, intro
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TaxonomyScreen)
