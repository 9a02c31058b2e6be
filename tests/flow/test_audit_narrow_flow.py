"""The audit log on an 80×24 terminal: every event says what it was about (the record) and how it ended, the
table fits without scrolling sideways; long officer names and actions end in "…" instead."""

from __future__ import annotations

import pytest
from rich.text import Text

from screens.access.audit import AuditScreen
from screens.shell.columns import FittedTable
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.snapshots.test_outreach_snapshots import seed_campaigns


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_each_event_says_what_it_was_about_at_80_columns(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        seed_campaigns(desk)  # "Started an outreach campaign", the longest action's words; people by name
        await pilot.press("f9")
        assert await wait_until(pilot, lambda: isinstance(app.screen, AuditScreen)
                                and app.screen.query_one("#audit-table", FittedTable).row_count > 5)
        await settle(pilot)
        table = app.screen.query_one("#audit-table", FittedTable)
        shown = [key for key, _width in table.shown_columns]
        assert {"when", "officer", "action", "record", "outcome"} <= set(shown)
        assert table.max_scroll_x == 0  # nothing off to the right: the outcome is read without scrolling
        record = shown.index("record")
        cells = [Text.from_markup(str(table.get_row_at(row)[record])).plain for row in range(table.row_count)]
        assert "王秀英" in cells  # the person the event was about, by name
