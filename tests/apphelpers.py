"""Starting the desk app in tests exactly as the `frontdesk` command would."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

from frontdesk.cli import build_app
from tests.conftest import FROZEN_NOW, migrated_template


#: The password the test officer (王建军, badge 031245) signs in with.
TEST_PASSWORD = "desk-test-pass"


def desk_app(data_dir: Path, *args: str, lang: str = "en", environ: dict[str, str] | None = None,
             sign_in: bool = True):
    """The app as `frontdesk` starts it, on a new station's database already migrated (see
    `_start_from_a_migrated_copy`). With `sign_in`, `settle` signs the test officer in when the
    desk asks (creating the station's admin on a new database)."""
    env = {
        "FRONTDESK_DATA_DIR": str(data_dir),
        "FRONTDESK_CONFIG": str(data_dir / "config.toml"),
        "FRONTDESK_STATION_NAME": "城关派出所",
        "FRONTDESK_OFFICER": "王建军",
        "FRONTDESK_BADGE": "031245",
        "LANG": "en_US.UTF-8",
        **(environ or {}),
    }
    app = build_app(["--lang", lang, *args], environ=env, clock=lambda: FROZEN_NOW)
    app.test_password = TEST_PASSWORD if sign_in else None
    _start_from_a_migrated_copy(app)
    return app


def _start_from_a_migrated_copy(app) -> None:
    """A new station's own SQLite file starts as a copy of `migrated_template()`: what start-up
    would build (the desk still opens and checks it as usual), without migrating again.
    Not for the demo, an encrypted file, --db, or a file that is already there."""
    url, file = app.launch.url, Path(app.settings.data_dir) / "frontdesk.sqlite"
    if url != f"sqlite:///{file}" or app.launch.demo_cases is not None or app.settings.encrypted or file.exists():
        return
    file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated_template(), file)


async def sign_in(pilot: Pilot, password: str = TEST_PASSWORD) -> None:
    """Get past the sign-in (or first-admin) screen by keys, as the officer would."""
    from screens.access.signin import FirstAdminScreen, SignInScreen

    screen = pilot.app.screen
    for _ in range(100):  # a gate just pushed is composed a moment later
        if not isinstance(screen, (FirstAdminScreen, SignInScreen)) or screen.query("Input.-password"):
            break
        await pilot.pause()
    if isinstance(screen, FirstAdminScreen):
        await pilot.press("enter", "enter", *password, "enter", *password, "enter")
    elif isinstance(screen, SignInScreen):
        screen.query_one("#signin-password", Input).focus()
        await pilot.press(*password, "enter")
    else:
        return
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _let_in(pilot: Pilot, gate, password: str) -> None:
    """`settle`'s way past the gate: the password put in its field(s), then Enter.

    The same screen, checks and worker as `sign_in`, without a key event per character
    (every UI test passes the gate; the sign-in tests type each key with `sign_in`)."""
    from screens.access.signin import FirstAdminScreen

    ids = ["#admin-password", "#admin-again"] if isinstance(gate, FirstAdminScreen) else ["#signin-password"]
    # On a busy machine the gate can be on the stack a moment before its fields are.
    assert await wait_until(pilot, lambda: all(gate.query(name) for name in ids)), "the gate has no fields"
    fields = [gate.query_one(name, Input) for name in ids]
    for field in fields:
        field.value = password
    fields[-1].focus()
    await pilot.press("enter")


#: How long the desk may take to open its database and let the test officer in (a loaded machine included).
START_TIMEOUT = 30.0


def waiting_gate(app):
    """The sign-in or first-admin form on top, checking against the opened database (not the one still to
    come: a station with nobody yet replaces it with the first-admin form once open), or None."""
    from screens.access.signin import FirstAdminScreen, SignInScreen
    from screens.shell.opening import DeskToCome

    screen = app.screen
    if not isinstance(screen, (FirstAdminScreen, SignInScreen)) or not screen.is_mounted:
        return None
    desk = getattr(screen, "desk", None)
    # A DeskToCome told already (the first-start check failed, and the app says so) checks against what it was told.
    if isinstance(desk, DeskToCome) and not desk._ready.is_set():
        return None
    return screen


def _started(app, tried: set[int]) -> bool:
    """Start-up has come to rest: the database did not open, or it asks for a passphrase, or says what went
    wrong, or a gate waits that the test passes itself (or `settle` passed once already, and it stayed), or an
    officer is signed in and at the desk."""
    from screens.shell.dialogs import ErrorScreen
    from screens.station.passphrase import PassphraseScreen

    if not app.is_running or app.open_failed or isinstance(app.screen, (PassphraseScreen, ErrorScreen)):
        return True
    gate = waiting_gate(app)
    if gate is not None:
        return not getattr(app, "test_password", None) or id(gate) in tried
    # No gate on top: the officer is let in once the desk holds the database (a gate just closed still holds it).
    return app.desk is not None and app.gate_desk is None and app.screen.is_mounted


def start_state(app) -> str:
    return (f"screen {type(app.screen).__name__}, desk {app.desk!r}, gate_desk {app.gate_desk!r}, "
            f"open_failed {app.open_failed}, workers {[(w.name, w.state.name) for w in app.workers]}")


async def settle(pilot: Pilot) -> None:
    """Wait for start-up to come to rest (the database opened and the test officer signed in when the desk
    asks, see `_started`), then for every worker (figures, reads) and the repaint after it."""
    app, tried = pilot.app, set()
    deadline = time.monotonic() + START_TIMEOUT
    while not _started(app, tried):
        gate = waiting_gate(app) if getattr(app, "test_password", None) else None
        if gate is not None and id(gate) not in tried:
            tried.add(id(gate))
            await _let_in(pilot, gate, app.test_password)
            continue
        assert time.monotonic() < deadline, f"start-up did not come to rest in {START_TIMEOUT:.0f} s: {start_state(app)}"
        try:
            await pilot.app.workers.wait_for_complete()
        except (WorkerFailed, WorkerCancelled):
            pass  # a failed (or, on a loaded machine, superseded) worker is the app's to report
        await pilot.pause()
    # A DataTable sizes its columns to rows added when it is next idle, and a read's rows reach their table
    # only when the app routes the worker's end (a message): on a loaded machine either can come after the
    # pauses above, and a snapshot caught the officers' table filled but cut to its headers' widths.
    # Twice over a pause: a read the last key started may begin, end and fill its table only after a first look
    # found nothing running (a snapshot caught the categories' table filled but not yet sized).
    for _ in range(2):
        if not await wait_until(pilot, lambda: _delivered(pilot) and idle_workers(pilot) and _tables_sized(pilot)
                                and pilot.app.screen.is_mounted, timeout=5.0):
            break
        await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


def _delivered(pilot: Pilot) -> bool:
    """No read or write the app started is still to reach its screen (screens.shell.work keeps each job until
    its worker's end is routed)."""
    work = getattr(pilot.app, "work", None)
    return not getattr(work, "_running", None)


def idle_workers(pilot: Pilot) -> bool:
    """No worker of the app's is waiting to start or running."""
    return not any(worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in pilot.app.workers)


def _tables_sized(pilot: Pilot) -> bool:
    """Every table on the screen has sized its columns to its rows (Textual does it when the table is idle)."""
    return not any(table._require_update_dimensions for table in pilot.app.screen.query(DataTable))


async def wait_until(pilot: Pilot, condition: Callable[[], object], *, timeout: float = 15.0) -> bool:
    """Let the app run until `condition()` holds; False if it still does not after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause()
    return True


def held_open(monkeypatch, before: Callable[[], object] | None = None):
    """open_desk held until the test sets the event it returns (a slow disk), `before()` run just ahead of it."""
    import threading

    import frontdesk.desk

    opening, real_open = threading.Event(), frontdesk.desk.open_desk

    def slow_open(*args, **kwargs):
        opening.wait(60)
        if before is not None:
            before()
        return real_open(*args, **kwargs)

    monkeypatch.setattr(frontdesk.desk, "open_desk", slow_open)
    return opening


async def open_desk_app(pilot: Pilot):
    """Wait for the database to open; return the app's Desk."""
    await settle(pilot)
    assert pilot.app.desk is not None, "the desk did not open its database"
    return pilot.app.desk


def seed_cases(desk) -> list:
    """Three earlier cases by two callers, at fixed times before the frozen clock."""
    from datetime import timedelta

    from frontdesk.cases.recording import CaseDraft
    from frontdesk.callers.people import PersonInput

    zhang = PersonInput(name="张建国", phone="13812345678", resident_id="11010519491231002X", address="东关村3组")
    li = PersonInput(name="李秀英", phone="0571-87654321", address="西街12号")
    recorded = [
        desk.cases.record_case(CaseDraft(reporter=zhang, category="dispute", summary="邻居占用车位发生口角",
                                   place="东关村3组"), now=FROZEN_NOW - timedelta(days=6)),
        desk.cases.record_case(CaseDraft(reporter=li, category="theft", summary="电动车在小区楼下被盗",
                                   place="西街12号", channel="phone"), now=FROZEN_NOW - timedelta(hours=5)),
    ]
    again = PersonInput(person_id=recorded[0].reporter_id)
    recorded.append(desk.cases.record_case(CaseDraft(reporter=again, category="noise", summary="楼上深夜噪音",
                                               place="东关村3组"), now=FROZEN_NOW - timedelta(hours=2)))
    return recorded


def burst(app, keys: list[str]) -> None:
    """Every key posted to the app at once, as the terminal driver posts what it read in one go (tmux's
    send-keys, an ID-card reader, a fast typist over a slow link).

    (Pilot's `press` waits for the app to go idle after each key: a burst never happens there.)"""
    named = {" ": ("space", " "), "tab": ("tab", "\t")}
    for key in keys:
        app.post_message(events.Key(*named.get(key, (key, key if len(key) == 1 else None))))
