"""Sign-in at start, the idle lock, unlocking with nothing lost, and a shift change: by keys."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Input, Static

from db.engine import read_session
from db.models import AuditEvent
from screens.cases.form import CaseFormScreen
from screens.shell.desk import DeskScreen
from screens.shell.dialogs import ConfirmScreen
from screens.access.signin import FirstAdminScreen, SignInScreen
from tests.apphelpers import TEST_PASSWORD, desk_app, held_open, settle, sign_in, wait_until


class IdleClock:
    """The idle lock's clock, moved on by the test; counts how often the desk has looked at it."""

    def __init__(self):
        self.seconds = 1000.0
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.seconds


async def _wait(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_new_station_creates_its_admin_then_signs_in_locks_and_hands_over(tmp_path):
    app = desk_app(tmp_path, sign_in=False)
    app.idle_clock = idle = IdleClock()
    app.IDLE_CHECK_SECONDS = 0.1  # the clock is the test's; only how often the desk looks at it is real
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)  # until the gate is up on the opened database
        # A new station: nothing of the desk is reachable before its admin exists.
        assert isinstance(app.screen, FirstAdminScreen) and app.desk is None
        await pilot.press("f2", "f3")  # the desk's keys do nothing here
        assert isinstance(app.screen, FirstAdminScreen)
        # Passwords that differ are refused; name and badge stay as typed.
        await pilot.press("enter", "enter", *TEST_PASSWORD, "enter", *"something-else", "enter")
        await _wait(pilot)
        assert isinstance(app.screen, FirstAdminScreen)
        assert "not the same" in str(app.screen.query_one("#gate-message", Static).render())
        assert app.screen.query_one("#admin-name", Input).value == "王建军"
        app.screen.query_one("#admin-password", Input).focus()
        await pilot.press(*TEST_PASSWORD, "enter", *TEST_PASSWORD, "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and app.desk.actor.role == "admin"
        desk = app.desk
        desk.access.add_officer(name="李秀英", badge="031300", role="duty", password="next-officer-1")

        # Typing a case, then idle for ten minutes: the desk locks and hides it.
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"13912345678")
        idle.seconds += 10 * 60 - 1
        looked = idle.reads
        assert await wait_until(pilot, lambda: idle.reads >= looked + 2)  # the desk has checked, twice
        assert isinstance(app.screen, CaseFormScreen)  # a second short of the ten minutes: still open
        idle.seconds += 1
        assert await wait_until(pilot, lambda: isinstance(app.screen, SignInScreen))
        assert app.screen.locked
        assert "13912345678" not in "".join(str(w.render()) for w in app.screen.query(Static))
        await pilot.press("f3", "f2")
        assert isinstance(app.screen, SignInScreen)

        # A wrong password is refused; the right one brings the form back as it was.
        await pilot.press(*"wrong-password", "enter")
        await _wait(pilot)
        assert "not right" in str(app.screen.query_one("#gate-message", Static).render())
        await sign_in(pilot)
        await settle(pilot)
        assert isinstance(app.screen, CaseFormScreen)
        assert app.screen.query_one("#reporter-phone", Input).value == "13912345678"

        # F12 locks at once; the next officer signs in with their own badge: a shift change.
        await pilot.press("f12")
        await _wait(pilot)
        assert isinstance(app.screen, SignInScreen)
        app.screen.query_one("#signin-badge", Input).value = "031300"
        await sign_in(pilot, "next-officer-1")
        await settle(pilot)
        assert (app.desk.on_duty.officer_name, app.desk.actor.role) == ("李秀英", "duty")
        # Back at the desk, the unsaved case was kept as a draft and is offered to the next officer.
        assert isinstance(app.screen, ConfirmScreen) and isinstance(app.screen_stack[-2], DeskScreen)
        with read_session(desk.engine) as session:
            actions = session.exec(select(AuditEvent.action, AuditEvent.outcome)
                                   .where(AuditEvent.table_name == "officer").order_by(AuditEvent.seq)).all()
        assert ("sign_in", "failed") in actions and ("lock", "ok") in actions
        assert actions[-2:] == [("sign_in", "ok"), ("shift_change", "ok")]
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CaseFormScreen)
        assert app.screen.query_one("#reporter-phone", Input).value == "13912345678"


async def test_signing_in_to_a_station_with_officers(tmp_path):
    app = desk_app(tmp_path)  # creates the admin on the way in
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    app = desk_app(tmp_path, sign_in=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)  # until the gate is up on the opened database
        assert isinstance(app.screen, SignInScreen) and not app.screen.locked
        assert app.screen.query_one("#signin-badge", Input).value == "031245"
        await sign_in(pilot)
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and app.desk.on_duty.badge_no == "031245"


async def test_nothing_finishing_behind_the_lock_can_take_it_away(tmp_path):
    """A save or a dialog closing while the desk is locked waits until the officer is back."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        done = []
        app.push_screen(ConfirmScreen("保存？"), done.append)
        await pilot.pause()
        dialog = app.screen
        await pilot.press("f12")  # it locks even with a dialog open
        await _wait(pilot)
        assert isinstance(app.screen, SignInScreen)
        dialog.dismiss(True)  # as a save handler would when its worker finishes
        app.switch_screen(CaseFormScreen())
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen) and done == [True]
        # Tab reaches the badge field (the next officer needs it); the same officer unlocks.
        await pilot.press("shift+tab")
        assert app.focused is app.screen.query_one("#signin-badge", Input)
        await sign_in(pilot)
        await settle(pilot)
        # What waited happens now, in order: the dialog closed, then the form shown.
        assert isinstance(app.screen, CaseFormScreen)
        assert not any(isinstance(s, (ConfirmScreen, SignInScreen)) for s in app.screen_stack)
        # And the lock still works afterwards.
        await pilot.press("f12")
        await _wait(pilot)
        assert isinstance(app.screen, SignInScreen) and app.locked


async def test_nothing_of_the_station_shows_and_no_key_lands_while_the_desk_opens(tmp_path, monkeypatch):
    import threading

    from textual import events

    import frontdesk.desk
    from screens.shell.opening import DeskToCome

    opening, real_open = threading.Event(), frontdesk.desk.open_desk

    def slow_open(*args, **kwargs):  # a big database on a slow disk: opening takes as long as the test likes
        opening.wait(60)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(frontdesk.desk, "open_desk", slow_open)
    app = desk_app(tmp_path, sign_in=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        # The sign-in form is up before the database has opened: the station's name from the settings,
        # nothing of the station's records, no menu, and only quitting among the desk's keys.
        early = app.screen
        assert isinstance(early, SignInScreen) and isinstance(early.desk, DeskToCome) and app.gate_desk is None
        assert "城关派出所" in str(early.query_one("#gate-station", Static).render())
        assert not app.desk and all(not isinstance(s, DeskScreen) or s is app.screen_stack[1]
                                    for s in app.screen_stack)
        await pilot.press("ctrl+p", "f2", *"x9")
        assert app.screen is early and early.query_one("#signin-password", Input).value == "x9"
        # A new station has nobody to sign in: once open, it asks for its first admin instead, and keys
        # typed before that form appeared (only handled once it is up: the terminal was busy) are dropped.
        late = [events.Key(key, key) for key in "secret"] + [events.Key("enter", None)]
        opening.set()
        await settle(pilot)  # until the gate is up on the opened database
        gate = app.screen
        assert isinstance(gate, FirstAdminScreen) and early not in app.screen_stack
        for key in late:
            app.post_message(key)
        await _wait(pilot)
        assert app.screen is gate
        # What was typed in the sign-in form goes along (the password too), and the form goes on from there.
        assert [field.value for field in gate.query(Input)] == ["王建军", "031245", "x9", ""]
        assert str(gate.query_one("#gate-message", Static).render()) == ""
        assert gate.focused is gate.query_one("#admin-again", Input)
        await pilot.press(*"ab")  # keys typed with the form up still reach it
        assert gate.query_one("#admin-again", Input).value == "ab"


async def test_a_sign_in_typed_while_the_database_opens_is_checked_once_it_has(tmp_path, monkeypatch):
    import threading

    import frontdesk.desk

    app = desk_app(tmp_path)  # the station and its admin
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
    opening, real_open = threading.Event(), frontdesk.desk.open_desk

    def slow_open(*args, **kwargs):
        opening.wait(60)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(frontdesk.desk, "open_desk", slow_open)
    app = desk_app(tmp_path, sign_in=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        gate = app.screen
        assert isinstance(gate, SignInScreen) and gate.query_one("#signin-badge", Input).value == "031245"
        await pilot.press(*"wrong-pass", "enter")  # typed and sent before the database has opened
        await pilot.pause()
        assert app.screen is gate and app.desk is None and gate.checking
        opening.set()
        assert await wait_until(pilot, lambda: not gate.checking)
        await pilot.pause()
        # Checked once open: refused on the form, the badge kept, the password to type again.
        assert app.screen is gate and app.desk is None and not gate.checking
        assert gate.query_one("#signin-password", Input).value == ""
        assert gate.query_one("#signin-badge", Input).value == "031245"
        assert str(gate.query_one("#gate-message", Static).render()) not in ("", "Checking…")
        await sign_in(pilot)
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and app.desk.on_duty.badge_no == "031245"
        with read_session(app.desk.engine) as session:
            outcomes = [e.outcome for e in session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in")).all()]
        assert outcomes.count("failed") == 1, outcomes  # the early attempt was checked, once, and audited


async def test_a_sign_in_sent_before_a_station_with_nobody_opens_goes_to_its_first_admin(tmp_path, monkeypatch):
    from screens.shell.dialogs import ErrorScreen

    opening = held_open(monkeypatch)
    app = desk_app(tmp_path, sign_in=False)  # the database is there (its first start left at the admin form)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        early = app.screen
        assert isinstance(early, SignInScreen)
        # A badge of the officer's own, not the config's that the admin form would show anyway.
        early.query_one("#signin-badge", Input).value = "000777"
        await pilot.press(*TEST_PASSWORD, "enter")  # sent before the database has opened
        assert await wait_until(pilot, lambda: early.checking)
        opening.set()
        assert await wait_until(pilot, lambda: isinstance(app.screen, FirstAdminScreen))
        await _wait(pilot)
        gate = app.screen
        # Not checked, not refused: the badge and password wait in the first admin's form, which says why.
        assert [field.value for field in gate.query(Input)] == ["王建军", "000777", TEST_PASSWORD, ""]
        assert "nobody yet" in str(gate.query_one("#admin-carried").render())
        assert gate.focused is gate.query_one("#admin-again", Input)
        await pilot.press(*TEST_PASSWORD, "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and app.desk.on_duty.badge_no == "000777"
        assert not any(isinstance(screen, ErrorScreen) for screen in app.screen_stack)
        with read_session(app.desk.engine) as session:
            signins = session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in")).all()
        assert [event.outcome for event in signins if event.outcome == "failed"] == []


async def test_a_new_station_raises_no_sign_in_while_its_database_is_made(tmp_path, monkeypatch):
    import shutil

    from tests.conftest import migrated_template

    file = tmp_path / "new-station.sqlite"  # not there yet: made (here, copied made) once the open goes on
    opening = held_open(monkeypatch, lambda: shutil.copyfile(migrated_template(), file))
    app = desk_app(tmp_path, "--db", str(file), sign_in=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        # Nobody to sign in as: no sign-in form to take a password, the desk says it is opening.
        assert isinstance(app.screen, DeskScreen) and app.desk is None
        assert "Opening the database" in str(app.screen.query_one("#status", Static).render())
        opening.set()
        assert await wait_until(pilot, lambda: isinstance(app.screen, FirstAdminScreen))
        assert not any(isinstance(screen, SignInScreen) for screen in app.screen_stack)
        assert not app.screen.query("#admin-carried")
