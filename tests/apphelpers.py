"""Starting the desk app in tests exactly as the `frontdesk` command would."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerFailed

from frontdesk.cli import build_app
from tests.conftest import FROZEN_NOW


#: The password the test officer (王建军, badge 031245) signs in with.
TEST_PASSWORD = "desk-test-pass"


def desk_app(data_dir: Path, *args: str, lang: str = "en", environ: dict[str, str] | None = None,
             sign_in: bool = True):
    """The app as `frontdesk` starts it. With `sign_in`, `settle` signs the test officer in
    by keys when the desk asks (creating the station's admin on a new database)."""
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
    return app


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


async def settle(pilot: Pilot) -> None:
    """Wait for every worker (database open, figures) and the repaint after it."""
    for _ in range(3):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerFailed:
            pass  # a failed worker is the app's to report; tests assert on what it showed
        await pilot.pause()
        if getattr(pilot.app, "test_password", None) and pilot.app.gate_desk is not None:
            await sign_in(pilot, pilot.app.test_password)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


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
