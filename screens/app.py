"""The Front Desk application: paints at once, opens the database in a worker."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, Iterable

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from frontdesk.config import Settings
from frontdesk.i18n import DeskError, t
from screens.desk import DeskScreen
from screens.dialogs import ErrorScreen
from screens.help import HelpScreen
from screens.localize import Localized

if TYPE_CHECKING:
    from frontdesk.desk import Desk

log = logging.getLogger("frontdesk")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Launch:
    """Everything the app needs to know before it can open the database."""

    settings: Settings
    url: str
    demo_cases: int | None = None


class FrontDeskApp(Localized, App[None]):
    """A police station's front desk, kept open all shift."""

    TITLE = "Front Desk"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("f1", "help", "key.help", tooltip="key.help.tip", id="help"),
        Binding("f3", "look_up", "key.look_up", tooltip="key.look_up.tip", id="look_up_anywhere"),
        Binding("ctrl+q", "quit", "key.quit", tooltip="key.quit.tip", id="quit", priority=True),
        Binding("ctrl+p", "command_palette", "key.palette", tooltip="key.palette.tip", id="palette", show=False),
    ]

    desk: var[Desk | None] = var(None, init=False)
    """The open station database, once the worker has opened it."""

    open_failed: var[bool] = var(False, init=False)
    """True when the database could not be opened (the officer has been told why)."""

    loading_progress: var[tuple[int, int] | None] = var(None, init=False)
    """(done, total) while demo data is being built."""

    class DemoProgress(Message):
        def __init__(self, done: int, total: int) -> None:
            self.done = done
            self.total = total
            super().__init__()

    def __init__(self, launch: Launch, *, clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__()
        self.launch = launch
        self.clock = clock
        self.title = t("app.title")

    @property
    def settings(self) -> Settings:
        return self.launch.settings

    def on_mount(self) -> None:
        self.push_screen(DeskScreen())
        # After the first paint: the worker's imports would otherwise hold the
        # GIL while the desk is being drawn.
        self.call_after_refresh(self.open_database)

    @work(thread=True, exclusive=True, exit_on_error=False, group="db", name="open-database")
    def open_database(self) -> Desk | None:
        # Imported here, off the UI thread: SQLAlchemy, Alembic and the models are
        # the heavy part of start-up and the desk should paint before them.
        from textual.worker import get_current_worker

        from frontdesk.demo import DemoStopped
        from frontdesk.desk import open_desk

        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            self.post_message(self.DemoProgress(done, total))

        try:
            return open_desk(
                self.settings,
                self.launch.url,
                demo_cases=self.launch.demo_cases,
                progress=progress,
                clock=self.clock,
                should_stop=lambda: worker.is_cancelled,  # the officer quit while the demo was building
            )
        except DemoStopped:
            return None  # the next start throws the half-built demo away and builds it again

    def on_front_desk_app_demo_progress(self, message: DemoProgress) -> None:
        self.loading_progress = (message.done, message.total)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        # event.state, not worker.state: the worker may have moved on since.
        worker = event.worker
        if event.state == WorkerState.SUCCESS and worker.name == "open-database":
            self.desk = worker.result
        elif event.state == WorkerState.ERROR:
            if worker.name == "open-database":
                self.open_failed = True
            self.show_error(worker.error)

    def show_error(self, error: BaseException | None) -> None:
        """Tell the officer what went wrong, in their language; never a traceback."""
        if isinstance(error, DeskError):
            message = error.message
        else:
            log.error("unexpected error in a worker", exc_info=error)
            message = t("error.unexpected", detail=type(error).__name__)
        self.push_screen(ErrorScreen(message))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("palette.placeholder")))

    def action_look_up(self) -> None:
        """F3 from anywhere: back to the desk's look-up box; an unsaved case stays a draft."""
        while not isinstance(self.screen, DeskScreen) and len(self.screen_stack) > 2:
            keep = getattr(self.screen, "keep_for_later", None)
            if keep is not None:
                keep()
            self.pop_screen()
        if isinstance(self.screen, DeskScreen):
            self.screen.action_look_up()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists what the officer can do here, in their language."""
        commands_of = getattr(screen, "palette_commands", None)
        if commands_of is not None:
            yield from commands_of()
        yield SystemCommand(t("key.help"), t("key.help.tip"), self.action_help)
        yield SystemCommand(t("key.quit"), t("key.quit.tip"), self.exit)

    def on_unmount(self) -> None:
        if self.desk is not None:
            self.desk.close()
