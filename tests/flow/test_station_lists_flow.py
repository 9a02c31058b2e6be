"""The station's receiving bodies and non-police matters (F5, b) by keys: a name the list already has is
refused, naming it, with the form as typed; nothing is added twice."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Input, Static

from db.engine import read_session
from db.models import NonPoliceMatter, ReceivingBody
from screens.handoffs.lists import BodyFormScreen, HandoffListsScreen, MatterFormScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until


async def test_a_body_or_a_matter_named_as_one_on_the_list_is_refused_and_the_form_keeps_what_was_typed(tmp_path):
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        lists = app.screen
        assert isinstance(lists, HandoffListsScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, BodyFormScreen)
        app.screen.query_one("#body-name-zh", Input).insert_text_at_cursor("社区网格员")
        await pilot.press("tab", "tab", *"0571-8765", "ctrl+s")
        await settle(pilot)
        assert await wait_until(pilot, lambda: isinstance(app.screen, BodyFormScreen))
        form = app.screen
        assert "已有名为 社区网格员 的承接单位" in str(form.query_one(".dialog-message", Static).render())
        assert form.query_one("#body-name-zh", Input).value == "社区网格员"
        assert form.query_one("#body-contact", Input).value == "0571-8765"
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MatterFormScreen)
        app.screen.query_one("#matter-name-zh", Input).insert_text_at_cursor("噪音扰民")
        await pilot.press("tab", *"noise", "ctrl+s")  # its English name, as on the list but for capitals
        await settle(pilot)
        assert await wait_until(pilot, lambda: isinstance(app.screen, MatterFormScreen))
        assert "已有名为 噪音扰民 的非警务事项" in str(app.screen.query_one(".dialog-message", Static).render())

        with read_session(desk.engine) as session:
            assert len(session.exec(select(ReceivingBody).where(ReceivingBody.name_zh == "社区网格员")).all()) == 1
            assert len(session.exec(select(NonPoliceMatter).where(NonPoliceMatter.name_zh == "噪音扰民")).all()) == 1
