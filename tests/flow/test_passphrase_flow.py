"""An encrypted database at start: the passphrase screen comes before anything opens, by keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from textual.widgets import Input, Static
from textual.worker import WorkerFailed

from db import cipher
from db.engine import make_engine
from frontdesk.cases.views import CaseFilter
from tests.conftest import open_desk
from screens.shell.desk import DeskScreen
from screens.station.passphrase import PassphraseScreen
from screens.access.signin import FirstAdminScreen
from tests.apphelpers import desk_app, seed_cases, settle
from tests.conftest import FROZEN_NOW

PASSPHRASE = "青山 绿水 outpost 2026"


@pytest.fixture(autouse=True)
def _nothing_held():
    """The passphrase is held per process: each test starts (and ends) with none."""
    cipher._held.clear()
    yield
    cipher._held.clear()


def _database(data_dir: Path) -> Path:
    return data_dir / "frontdesk.sqlite"


def _encrypted_station(data_dir: Path, settings) -> list:
    """An encrypted database with three cases, made through the services; then the passphrase is dropped."""
    path = _database(data_dir)
    cipher.hold_passphrase(path, PASSPHRASE)
    desk = open_desk(settings, f"sqlite:///{path}", clock=lambda: FROZEN_NOW)
    recorded = seed_cases(desk)
    desk.close()
    cipher.forget_passphrase(path)
    return recorded


async def _wait_for_answer(pilot, screen) -> str:
    message = screen.query_one("#passphrase-message", Static)
    for _ in range(200):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerFailed:
            pass  # a refused passphrase fails its worker; the screen says so, and that is what is checked
        await pilot.pause()
        shown = str(message.render())
        if shown and "Checking" not in shown:
            return shown
        if not screen.is_attached:
            return ""
    raise AssertionError("the passphrase check gave no answer")


async def test_a_wrong_passphrase_is_told_and_the_right_one_opens_the_desk(tmp_path, settings):
    recorded = _encrypted_station(tmp_path, settings)
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PassphraseScreen) and app.desk is None
        await pilot.press("f2", "f3", "f12")  # the desk's keys do nothing before the records are open
        assert app.screen is screen

        await pilot.press(*"not the passphrase", "enter")
        shown = await _wait_for_answer(pilot, screen)
        assert "does not open this database" in shown
        assert app.screen is screen and app.desk is None
        assert screen.query_one("#passphrase-field", Input).value == ""  # nothing of it stays on screen
        assert screen.query_one("#passphrase-field", Input).has_focus

        await pilot.press(*PASSPHRASE, "enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen), app.screen
        assert app.desk is not None
        found = app.desk.cases.list_cases(CaseFilter())
        assert {row.case_no for row in found} == {case.case_no for case in recorded}


async def test_the_wrong_passphrase_message_speaks_chinese(tmp_path, settings):
    _encrypted_station(tmp_path, settings)
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press(*"wrong passphrase!", "enter")
        assert "无法打开此数据库" in await _wait_for_answer(pilot, screen)


async def test_encrypted_creates_a_new_database_with_a_passphrase_typed_twice(tmp_path):
    app = desk_app(tmp_path, "--encrypted", sign_in=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PassphraseScreen) and screen.need == "create"
        await pilot.press(*"too short", "enter", *"too short", "enter")
        assert "at least 12 characters" in await _wait_for_answer(pilot, screen)
        await pilot.press(*PASSPHRASE, "enter", *(PASSPHRASE + "x"), "enter")
        assert "not the same" in await _wait_for_answer(pilot, screen)
        assert not _database(tmp_path).exists()  # nothing is created until the passphrase is settled

        await pilot.press(*PASSPHRASE, "enter", *PASSPHRASE, "enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, FirstAdminScreen)  # the new station goes on to create its admin
    path = _database(tmp_path)
    assert cipher.file_kind(path) == "encrypted"
    # The file opens with the passphrase only, and holds the migrated schema.
    engine = make_engine(f"sqlite:///{path}", passphrase=PASSPHRASE)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    engine.dispose()
    with pytest.raises(cipher.WrongPassphraseError):
        cipher.check_passphrase(path, "something else entirely")
