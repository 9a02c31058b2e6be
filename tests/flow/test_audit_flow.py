"""A supervisor reads the audit log by keys: filtered by person and action; reading it is recorded."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input, Select

from db.engine import read_session
from db.models import AuditEvent
from frontdesk.access.roles import NotAllowed
from frontdesk.access.audit import ACTIONS_SHOWN, AuditFilter
from screens.access.audit import AuditScreen
from screens.shell.choices import CHOICE_KEYS
from tests.apphelpers import desk_app, open_desk_app, seed_cases, settle


async def test_the_log_filtered_by_person_and_action(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(130, 40)) as pilot:
        desk = await open_desk_app(pilot)
        first, _, _ = seed_cases(desk)
        desk.callers.person_history(first.reporter_id)
        desk.callers.reveal(first.reporter_id, reason="contact_caller")
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        table = screen.query_one("#audit-table", DataTable)
        assert table.row_count > 5
        screen.query_one("#audit-person", Input).focus()
        await pilot.press(*"13812345678", "enter")
        await settle(pilot)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows and all(row[3] == "张建国" for row in rows)
        assert any(row[2] == "Revealed a number" for row in rows)
        # The full number never shows in the log; the reason is as chosen.
        assert not any("13812345678" in str(cell) for row in rows for cell in row)
        await pilot.press("tab")  # the action filter, whose actions are picked by their number
        action = screen.query_one("#audit-action", Select)
        assert app.focused is action
        await pilot.press(CHOICE_KEYS[ACTIONS_SHOWN.index("reveal")])
        await settle(pilot)
        assert action.value == "reveal" and not action.expanded
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows and all(row[2] == "Revealed a number" for row in rows)
        screen.query_one("#audit-from", Input).value = "2026-13-40"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "2026-13-40" in str(screen.query_one("#audit-summary").render())
        with read_session(desk.engine) as session:
            assert session.exec(select(AuditEvent).where(AuditEvent.action == "read_audit")).all()


def test_a_duty_officer_cannot_read_the_log(engine, settings, on_duty, db_url):
    from frontdesk.desk import Desk

    duty = Desk(settings=settings, engine=engine, on_duty=replace(on_duty, role="duty"), url=db_url)
    with pytest.raises(NotAllowed):
        duty.access.read_audit(AuditFilter())
