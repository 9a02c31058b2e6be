"""The router on its own (screens.shell.work), in a tiny Textual app with no database.

Jobs wait on events the test sets, so which one finishes first is the test's choice,
never the scheduler's.
"""

from __future__ import annotations

import threading

from textual import on
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from frontdesk.i18n import DeskError, t
from screens.shell.dialogs import ErrorScreen
from screens.shell.work import DeskWork, WorkRouter, refusing
from tests.apphelpers import wait_until

WAIT = 10  # seconds a job waits for the test at most; never reached when the test is right


class Tiny(DeskWork, Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[object] = []
        self.refusals: list[str] = []
        self.answer_refusal = True

    def compose(self) -> ComposeResult:
        yield Static("tiny")

    def show(self, result: object) -> None:
        self.shown.append(result)

    def refused(self, error: DeskError) -> bool:
        self.refusals.append(error.key)
        return self.answer_refusal


class TinyApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.work = WorkRouter(self)
        self.errors: list[BaseException | None] = []
        self.notices: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(Tiny())

    @on(Worker.StateChanged)
    def _route(self, event: Worker.StateChanged) -> None:
        self.work.state_changed(event.worker, event.state)

    def show_error(self, error: BaseException | None) -> None:
        self.errors.append(error)
        self.push_screen(ErrorScreen(error.message if isinstance(error, DeskError) else type(error).__name__))

    def notify(self, message, **kwargs) -> None:  # type: ignore[override]
        self.notices.append(str(message))
        super().notify(message, **kwargs)


def gated(value: object, gate: threading.Event, ran: list | None = None):
    def job() -> object:
        assert gate.wait(WAIT), "the test never opened the gate"
        if ran is not None:
            ran.append(value)
        return value

    return job


async def until(pilot, condition, what: str) -> None:
    assert await wait_until(pilot, condition), f"never happened: {what}"


async def finished(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await until(pilot, lambda: not pilot.app.work._running, "every routed worker reported")
    await pilot.pause()


async def test_a_stale_read_is_never_shown():
    app = TinyApp()
    async with app.run_test() as pilot:
        screen = app.screen
        old_gate, new_gate = threading.Event(), threading.Event()
        screen.read(gated("old", old_gate), screen.show, key="look-up")
        screen.read(gated("new", new_gate), screen.show, key="look-up")
        new_gate.set()
        await until(pilot, lambda: screen.shown, "the newer read shown")
        old_gate.set()  # the older read's thread finishes after the newer one
        await finished(pilot)
        assert screen.shown == ["new"]
        # Another key is another lane: both shown.
        screen.read(lambda: "a", screen.show, key="a")
        screen.read(lambda: "b", screen.show, key="b")
        await finished(pilot)
        assert sorted(screen.shown[1:]) == ["a", "b"]


async def test_stale_drops_a_read_under_way_without_a_new_one():
    app = TinyApp()
    async with app.run_test() as pilot:
        screen = app.screen
        gate = threading.Event()
        screen.read(gated("history", gate), screen.show, key="history")
        screen.stale("history")
        gate.set()
        await finished(pilot)
        assert screen.shown == []
        screen.read(lambda: "again", screen.show, key="history")
        await finished(pilot)
        assert screen.shown == ["again"]


async def test_a_screens_writes_run_in_order_and_none_is_dropped():
    app = TinyApp()
    async with app.run_test() as pilot:
        screen = app.screen
        gate, ran = threading.Event(), []
        screen.write(gated("take on", gate, ran), screen.show)
        screen.write(gated("receipt", gate, ran), screen.show)
        screen.write(gated("slip", gate, ran), screen.show)
        assert screen.writing()
        await pilot.pause()
        assert ran == [] and screen.shown == []  # the first is waiting; the others wait behind it
        gate.set()
        await until(pilot, lambda: len(screen.shown) == 3, "all three writes' outcomes")
        await finished(pilot)
        assert ran == ["take on", "receipt", "slip"]
        assert screen.shown == ["take on", "receipt", "slip"]
        assert not screen.writing() and app.errors == []


async def test_a_queued_draft_is_replaced_by_a_newer_one_but_the_running_one_lands():
    app = TinyApp()
    async with app.run_test() as pilot:
        screen = app.screen
        gate, ran = threading.Event(), []
        screen.write(gated("save", gate, ran), screen.show)
        screen.write(gated("draft 1", gate, ran), coalesce="draft")
        screen.write(gated("draft 2", gate, ran), coalesce="draft")
        gate.set()
        await until(pilot, lambda: not screen.writing(), "the writes done")
        await finished(pilot)
        assert ran == ["save", "draft 2"]


async def test_a_write_finishing_after_its_screen_closed_is_notified():
    app = TinyApp()
    async with app.run_test() as pilot:
        screen = app.screen
        gate, silent_gate = threading.Event(), threading.Event()
        screen.write(gated("done", gate), screen.show, notice=lambda result: f"finished: {result}")
        other = Tiny()
        await app.push_screen(other)
        other.write(gated("quiet", silent_gate), other.show, notice="")
        other.write(lambda: "plain", other.show)
        app.pop_screen()
        await app.switch_screen(Tiny())  # the first screen goes too
        gate.set()
        silent_gate.set()
        await until(pilot, lambda: len(app.notices) == 2, "the two notices")
        await finished(pilot)
        assert screen.shown == [] and other.shown == []
        # notice="" says nothing (the officer knew); no notice says the catalogue's "Saved."
        assert sorted(app.notices) == sorted(["finished: done", t("work.saved")])
        assert app.errors == []


async def test_a_refusal_goes_to_refused_and_shows_in_place():
    app = TinyApp()
    async with app.run_test() as pilot:
        screen = app.screen

        def refuse() -> None:
            raise DeskError("case.not_open", case_no="LS-1")

        screen.write(refuse, screen.show, refused=screen.refused)
        screen.write(lambda: "after", screen.show)  # a refusal does not stop the queue
        await until(pilot, lambda: screen.shown, "the next write")
        await finished(pilot)
        assert screen.refusals == ["case.not_open"] and screen.shown == ["after"]
        assert app.errors == [] and not isinstance(app.screen, ErrorScreen)

        # Not shown in place (refused answers False), or no refused at all: the error dialog.
        screen.answer_refusal = False
        screen.write(refuse, screen.show, refused=screen.refused)
        await until(pilot, lambda: app.errors, "the error dialog")
        assert isinstance(app.screen, ErrorScreen)
        assert "LS-1" in str(app.screen.query_one("#error-message", Static).render())


async def test_an_unexpected_error_opens_the_error_dialog_not_refused():
    app = TinyApp()
    async with app.run_test() as pilot:
        screen = app.screen

        def broken() -> None:
            raise ZeroDivisionError

        screen.read(broken, screen.show, refused=screen.refused)
        await until(pilot, lambda: app.errors, "the error dialog")
        await finished(pilot)
        assert isinstance(app.errors[0], ZeroDivisionError)
        assert screen.refusals == [] and screen.shown == []
        assert isinstance(app.screen, ErrorScreen)
        assert "ZeroDivisionError" in str(app.screen.query_one("#error-message", Static).render())


async def test_failed_ends_a_screens_state_before_the_error_dialog_but_not_after_a_refusal():
    app = TinyApp()
    async with app.run_test() as pilot:
        screen = app.screen
        seen: list[tuple[str, int]] = []

        def broken() -> None:
            raise ZeroDivisionError

        def refuse() -> None:
            raise DeskError("case.gone")

        screen.write(broken, screen.show, refused=screen.refused,
                     failed=lambda error: seen.append((type(error).__name__, len(app.errors))))
        await until(pilot, lambda: app.errors, "the error dialog")
        await finished(pilot)
        assert seen == [("ZeroDivisionError", 0)]  # before the dialog, with the error
        await pilot.press("escape")
        screen.write(refuse, screen.show, refused=screen.refused, failed=lambda error: seen.append(("refused", 0)))
        await until(pilot, lambda: screen.refusals, "the refusal")
        await finished(pilot)
        assert seen == [("ZeroDivisionError", 0)] and len(app.errors) == 1  # a refusal taken in place is not a failure


async def test_refusing_turns_an_unexpected_error_into_a_refusal():
    app = TinyApp()
    async with app.run_test() as pilot:
        screen = app.screen

        def broken() -> None:
            raise KeyError("x")

        screen.write(refusing(broken, "lookup.failed"), screen.show, refused=screen.refused)
        await until(pilot, lambda: screen.refusals, "the refusal")
        await finished(pilot)
        assert screen.refusals == ["lookup.failed"] and app.errors == []


async def test_a_stale_read_that_fails_opens_no_dialog():
    app = TinyApp()
    async with app.run_test() as pilot:
        screen = app.screen
        gate = threading.Event()

        def old() -> None:
            assert gate.wait(WAIT)
            raise ZeroDivisionError

        screen.read(old, screen.show, key="look-up")
        await pilot.pause()  # the older read's thread is under way
        screen.read(lambda: "new", screen.show, key="look-up")
        await until(pilot, lambda: screen.shown, "the newer read shown")
        gate.set()
        await finished(pilot)
        assert screen.shown == ["new"] and app.errors == []
