"""Screens closed are freed: an hour at the desk opens hundreds, and each held a few hundred KiB."""

from __future__ import annotations

import gc
import weakref

from screens.cases.form import CaseFormScreen
from screens.shell.desk import DeskScreen
from screens.shell.widgets import DeskHeader
from tests.apphelpers import desk_app, settle, wait_until


async def test_closed_forms_headers_and_footer_keys_are_let_go(tmp_path):
    from textual.widgets import Footer

    app = desk_app(tmp_path)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        desk_footer = app.screen.query_one(Footer)
        closed = []
        for _ in range(3):
            await pilot.press("f2")
            assert await wait_until(pilot, lambda: isinstance(app.screen, CaseFormScreen))
            await settle(pilot)
            form = app.screen
            header = form.query_one(DeskHeader)
            # A widget's StylesCache holds its rendered lines; Textual's lru_cache on one of its methods kept
            # the last 1,024 alive after their widgets (screens.shell.watchers.cache_colours_not_widgets).
            closed += [weakref.ref(form), weakref.ref(header), weakref.ref(header._styles_cache)]
            assert header._styles_cache._cache, "the header was drawn"
            del header
            del form
            await pilot.press("escape")
            assert await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen))
            await settle(pilot)

        def footer_watchers() -> int:
            return len(getattr(desk_footer, "__watchers", {}).get("compact", []))

        def all_freed() -> bool:
            gc.collect()
            return all(ref() is None for ref in closed)

        # Let go within a few of the app's one-second checks. The desk's own footer, drawn again each
        # time the desk came back, is watched only by the keys it shows now.
        assert await wait_until(pilot, all_freed, timeout=10), [ref() for ref in closed if ref() is not None]
        assert await wait_until(pilot, lambda: footer_watchers() <= len(desk_footer.children), timeout=10), (
            footer_watchers(), len(desk_footer.children))
        # The header on the desk still names the officer after all that (it is told, not watching).
        header = app.screen.query_one(DeskHeader)
        assert app.desk.on_duty.officer_name in header.officer
