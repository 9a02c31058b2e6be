"""The desk shell, driven by keys as the duty officer would."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, Label, Static

from db.engine import write_session
from db.models import Case
from frontdesk.records import save
from screens.access.signin import SignInScreen
from screens.shell.desk import DeskScreen
from screens.shell.dialogs import ErrorScreen
from screens.shell.help import HelpScreen
from screens.shell.widgets import Figure
from tests.apphelpers import desk_app, migrated_template, settle, wait_until
from tests.conftest import FROZEN_NOW


def _status(app) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def test_the_desk_opens_its_database_and_counts_today(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert str(tmp_path / "frontdesk.sqlite") in _status(app)
        assert app.screen.query_one("#cases-today", Figure).value == 0

        desk = app.desk
        with write_session(desk.engine) as session:
            for minutes in (5, 60 * 30):  # one today, one yesterday
                save(
                    session,
                    Case(
                        case_no=f"LS-TEST-{minutes}",
                        received_at=FROZEN_NOW - timedelta(minutes=minutes),
                        channel="walk_in",
                        category="dispute",
                        summary="邻里纠纷",
                    ),
                    by=desk.on_duty.actor,
                )
            session.commit()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.screen.query_one("#cases-today", Figure).value == 1
        assert app.screen.query_one("#open-cases", Figure).value == 2


async def test_the_desk_paints_before_the_database_is_open(tmp_path, monkeypatch):
    import frontdesk.desk

    release = threading.Event()
    real_open = frontdesk.desk.open_desk

    def slow_open(*args, **kwargs):
        release.wait(10)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(frontdesk.desk, "open_desk", slow_open)
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        desk_screen = app.screen_stack[1]
        assert isinstance(desk_screen, DeskScreen)
        assert "正在打开数据库" in str(desk_screen.query_one("#status", Static).render())
        # The sign-in form is up over it already (screens.shell.opening); the desk's keys wait for it.
        assert isinstance(app.screen, SignInScreen)
        await pilot.press("f3")
        await pilot.press(*"138")
        assert desk_screen.query_one("#search", Input).value == ""  # nothing typed lands before sign-in
        release.set()
        await settle(pilot)
        assert app.desk is not None and app.screen is desk_screen
        assert "数据库" in _status(app) and "正在" not in _status(app)


async def test_keys_move_through_the_shell(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        search = app.screen.query_one("#search", Input)
        assert search.has_focus

        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        help_text = " ".join(str(row) for row in app.screen.query_one("#help-keys").get_row_at(0))
        assert help_text
        await pilot.press("escape")
        assert isinstance(app.screen, DeskScreen)

        await pilot.press("f3", *"zjg")
        assert search.has_focus and search.value == "zjg"
        await pilot.press("escape")
        assert search.value == "" and search.has_focus
        await pilot.press("escape")
        assert not search.has_focus
        await pilot.press("f3")
        assert search.has_focus

        await pilot.press("f8")
        await settle(pilot)
        assert type(app.screen).__name__ == "StatisticsScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        await pilot.press("f5")
        await settle(pilot)
        assert type(app.screen).__name__ == "HandoffQueueScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)

        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"help")
        palette = app.screen
        # The palette searches in the background; wait for its answer.
        assert await wait_until(pilot, lambda: palette.query("CommandList Option")
                                or palette.query_one("CommandList").option_count)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, DeskScreen)


async def test_a_database_that_cannot_be_used_is_explained_not_crashed(tmp_path, monkeypatch):
    import db.netfs

    migrated_template()  # made on this PC's disk before the share is pretended, whatever ran first
    monkeypatch.setattr(db.netfs, "_system_mounts", lambda: [db.netfs.Mount("/", "cifs", "rw")])
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        message = str(app.screen.query_one("#error-message", Static).render())
        assert "网络共享" in message and "PostgreSQL" in message
        # Nothing could be typed before the database opened: the dialog does not claim it was kept.
        assert str(app.screen.query_one("#error-keys", Label).render()) == "按 Enter 或 Esc 关闭。"
        await pilot.press("enter")
        assert isinstance(app.screen, DeskScreen)
        assert app.desk is None


async def test_ctrl_q_quits(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("area", ["f4", "f5", "f6"])
async def test_the_chinese_help_names_textuals_own_keys_in_chinese(tmp_path, area):
    """F1 lists every key of the screen, Textual's own among them: ctrl+c copies selected text (it was in English)."""
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        await pilot.press(area)
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys")
        text = " ".join(str(cell) for row in range(table.row_count) for cell in table.get_row_at(row))
        assert "复制选中的文字" in text and "Copy selected text" not in text
