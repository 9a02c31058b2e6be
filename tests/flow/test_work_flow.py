"""Database work on the real desk: every write's outcome on a case reaches the officer,
and the desk's own code may not touch the database from an event handler."""

from __future__ import annotations

import threading

from sqlmodel import select
from textual.widgets import Static

from db.engine import read_session
from db.models import Case
from frontdesk import ui_thread
from frontdesk.i18n import t
from screens.cases.detail import CaseDetailScreen
from screens.shell.desk import DeskScreen
from screens.shell.dialogs import ErrorScreen
from tests.apphelpers import desk_app, open_desk_app, seed_cases, settle, wait_until


def _status(desk, case_id) -> str:
    with read_session(desk.engine) as session:
        return session.exec(select(Case.status).where(Case.id == case_id)).one()


def _noticed(app) -> list[str]:
    """Every notification the app shows, from now on (through its public notify)."""
    seen: list[str] = []
    notify = app.notify

    def recording(message, **kwargs):
        seen.append(str(message))
        return notify(message, **kwargs)

    app.notify = recording
    return seen


async def _until(pilot, condition, what: str) -> None:
    assert await wait_until(pilot, condition), f"never happened: {what}"


async def _open_case(pilot, app, case_id) -> CaseDetailScreen:
    app.push_screen(CaseDetailScreen(case_id))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, CaseDetailScreen) and screen.detail is not None
    return screen


async def test_take_on_then_receipt_pressed_at_once_both_reach_the_officer(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        _, second, _ = seed_cases(desk)
        screen = await _open_case(pilot, app, second.case_id)
        notices = _noticed(app)

        # Taking on waits until the receipt has been asked for too: the two writes overlap for sure.
        taking_on, take_on = threading.Event(), desk.cases.take_on

        def slow_take_on(case_id):
            assert taking_on.wait(10)
            return take_on(case_id)

        desk.cases.take_on = slow_take_on
        # Asked for by their actions: keys typed now would wait for the first write (screens.shell.keyorder).
        for action in ("take_on", "receipt"):
            await app.run_action(action, screen)
        taking_on.set()
        await _until(pilot, lambda: len(notices) >= 2, "both notices")
        await settle(pilot)

        assert _status(desk, second.case_id) == "in_progress"
        assert notices[0] == t("detail.taken_on", case_no=second.case_no)
        assert notices[1].startswith(t("detail.receipt_written", path="")), notices
        assert (tmp_path / "receipts" / f"{second.case_no}.txt").exists()
        assert screen.detail.case.status == "in_progress"  # the case was read again after taking it on


async def test_a_refused_write_is_shown_and_the_next_one_still_runs(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        _, second, _ = seed_cases(desk)
        detail = await _open_case(pilot, app, second.case_id)
        notices = _noticed(app)

        gate, take_on = threading.Event(), desk.cases.take_on

        def held_take_on(case_id):  # every key is in before the first write finishes
            assert gate.wait(10)
            return take_on(case_id)

        desk.cases.take_on = held_take_on
        # The second take-on is refused: the case is no longer open. Asked for by their actions, while the first
        # write runs (keys typed now would wait for it, and the second t would find the case taken on).
        for action in ("take_on", "take_on", "receipt"):
            await app.run_action(action, detail)
        gate.set()
        await _until(pilot, lambda: isinstance(app.screen, ErrorScreen) and len(notices) >= 2,
                     "the refusal and both notices")
        await settle(pilot)
        message = str(app.screen.query_one("#error-message", Static).render())
        assert message == t("case.not_open", case_no=second.case_no)
        assert notices[0] == t("detail.taken_on", case_no=second.case_no)
        assert notices[1].startswith(t("detail.receipt_written", path=""))
        assert _status(desk, second.case_id) == "in_progress"


async def test_a_refused_link_reopens_its_dialog_with_the_reason(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        _, second, _ = seed_cases(desk)
        detail = await _open_case(pilot, app, second.case_id)
        await pilot.press("l", *"LS-20990101-0001", "enter")
        await settle(pilot)
        dialog = app.screen
        assert dialog is not detail and not isinstance(dialog, ErrorScreen)
        await _until(pilot, lambda: "LS-20990101-0001" in str(dialog.query_one(".dialog-message", Static).render()),
                     "the reason under the field")


async def test_the_desk_may_not_open_a_session_from_an_event_handler(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        screen = app.screen
        assert isinstance(screen, DeskScreen) and ui_thread.strict
        caught: list[BaseException] = []

        def handler() -> None:  # as a screen method calling the desk directly would
            try:
                desk.cases.categories()
            except ui_thread.OnUiThread as error:
                caught.append(error)

        screen.call_later(handler)
        await _until(pilot, lambda: caught, "the handler ran")
        assert isinstance(caught[0], ui_thread.OnUiThread)

        # The same call through the screen's read() runs in a thread, and answers.
        answered: list = []
        screen.read(desk.cases.categories, answered.append, key="test")
        await _until(pilot, lambda: answered, "the read answered")
        assert answered[0] and all(choice.code for choice in answered[0])
