"""The sign-in, new-station and lock screens, in both languages."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from textual.worker import WorkerFailed

from tests.apphelpers import desk_app, held_open, idle_workers, settle, start_state, wait_until, waiting_gate
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

SIZE = (120, 36)


async def _opened(pilot):
    """Until a sign-in or first-admin form is up on the opened database, its check (if one was sent) done."""
    from textual.widgets import Input

    try:
        await pilot.app.workers.wait_for_complete()
    except WorkerFailed:
        pass  # a refused password: the gate says so, and the snapshot shows what it said
    # On a busy machine the gate can be on the stack a moment before its fields are.
    assert await wait_until(pilot, lambda: waiting_gate(pilot.app) is not None and pilot.app.screen.query("#gate Input")
                            and pilot.app.screen.focused and idle_workers(pilot)), \
        f"no gate came up on the opened database: {start_state(pilot.app)}"
    await pilot.pause()
    for field in pilot.app.screen.query(Input):  # a blinking cursor would make the picture depend on timing
        field.cursor_blink = False


@pytest.mark.parametrize("lang", LANGUAGES)
def test_new_station_creates_its_admin(snap_compare, lang):
    app = desk_app(_fixed_folder(f"first-admin-{lang}"), lang=lang, sign_in=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=_opened)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_admin_keeps_a_sign_in_typed_while_the_database_opened(snap_compare, monkeypatch, lang):
    """At 80×24: a station whose database is there with nobody in it, signed in to before it had opened."""
    opening = held_open(monkeypatch)
    app = desk_app(_fixed_folder(f"first-admin-typed-{lang}"), lang=lang, sign_in=False)

    async def run_before(pilot):
        from screens.access.signin import FirstAdminScreen

        assert await wait_until(pilot, lambda: pilot.app.screen.query("#signin-password"))
        await pilot.press(*"desk-test-pass", "enter")
        opening.set()
        assert await wait_until(pilot, lambda: isinstance(pilot.app.screen, FirstAdminScreen))
        await _opened(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sign_in_after_a_wrong_password(snap_compare, lang):
    folder = _fixed_folder(f"sign-in-{lang}")
    first = desk_app(folder, lang=lang)

    async def create_admin_then_leave(pilot):
        await settle(pilot)

    import asyncio

    async def once():
        async with first.run_test(size=SIZE) as pilot:
            await create_admin_then_leave(pilot)

    asyncio.run(once())
    app = desk_app(folder, lang=lang, sign_in=False)

    async def run_before(pilot):
        await _opened(pilot)
        await pilot.press(*"wrong-password", "enter")
        await _opened(pilot)
        message = pilot.app.screen.query_one("#gate-message")
        # The password check runs in a worker; wait for its answer on screen.
        assert await wait_until(pilot, lambda: ("wrong" if lang == "en" else "错") in str(message.render()))
        # The cursor shown steadily: however long the check took, the snapshot is not a blink phase.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_locked_desk(snap_compare, lang):
    app = desk_app(_fixed_folder(f"locked-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f2", *"13912345678", "f12")
        await _opened(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_officers_screen(snap_compare, lang):
    app = desk_app(_fixed_folder(f"officers-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.desk.access.add_officer(name="李秀英", badge="031300", role="supervisor", password="a-longer-pass")
        await pilot.press("f10")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_stations_categories(snap_compare, lang):
    app = desk_app(_fixed_folder(f"categories-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_admin_refuses_a_password_pasted_in_several_lines(snap_compare, lang):
    """At 80×24: the password box empty, and under the form why the paste was not taken."""
    app = desk_app(_fixed_folder(f"first-admin-paste-{lang}"), lang=lang, sign_in=False)

    async def run_before(pilot):
        from textual import events

        await _opened(pilot)
        await pilot.press("tab", "tab")  # name and badge are filled in from the config
        assert pilot.app.focused.id == "admin-password"
        pilot.app.post_message(events.Paste("station-admin-1\nstation-admin-2"))
        message = pilot.app.screen.query_one("#gate-message")
        assert await wait_until(pilot, lambda: str(message.render()))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
