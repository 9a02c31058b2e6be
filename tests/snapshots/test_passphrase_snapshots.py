"""The passphrase screen of an encrypted database, in both languages."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from db import cipher
from tests.conftest import open_desk
from tests.apphelpers import desk_app, settle
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

SIZE = (120, 36)
PASSPHRASE = "青山 绿水 outpost 2026"


@pytest.fixture(autouse=True)
def _nothing_held():
    cipher._held.clear()
    yield
    cipher._held.clear()


async def _answered(pilot):
    message = pilot.app.screen.query_one("#passphrase-message", Static)
    for _ in range(200):  # the check runs in a worker; wait for its answer on screen
        await settle(pilot)
        shown = str(message.render())
        if shown and "Checking" not in shown and "正在" not in shown:
            return
    raise AssertionError("no answer from the passphrase check")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_passphrase_after_a_wrong_one(snap_compare, lang, settings):
    folder = _fixed_folder(f"passphrase-{lang}")
    path = folder / "frontdesk.sqlite"
    cipher.hold_passphrase(path, PASSPHRASE)
    open_desk(settings, f"sqlite:///{path}").close()
    cipher.forget_passphrase(path)
    app = desk_app(folder, lang=lang, sign_in=False)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press(*"not the passphrase", "enter")
        await _answered(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_new_encrypted_database(snap_compare, lang):
    app = desk_app(_fixed_folder(f"passphrase-new-{lang}"), "--encrypted", lang=lang, sign_in=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
