"""What every Front Desk screen shares: localized keys and worker error handling."""

from __future__ import annotations

from textual import on
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from screens.shell.localize import Localized
from screens.shell.work import DeskWork


class DeskScreenBase(DeskWork, Localized, Screen[None]):
    """A screen whose database work runs in thread workers.

    A worker that fails never takes the app down: its error is shown to the
    officer in their language, and what they typed stays where it was.
    """

    HELP_KEY = "help.general"
    #: This screen's actions that not every role may take: action -> what it needs (frontdesk.access).
    GUARDED: dict[str, str] = {}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what the officer's role allows (the services refuse the rest anyway)."""
        needed = self.GUARDED.get(action)
        desk = getattr(self.app, "desk", None)
        if needed is not None and desk is not None and not desk.may(needed):
            return False
        return True

    @on(Worker.StateChanged)
    def _report_worker_error(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and not self.handle_worker_error(event.worker):
            self.app.show_error(event.worker.error)

    def handle_worker_error(self, worker: Worker) -> bool:
        """Show a worker's failure on the screen itself; False leaves it to the error dialog."""
        return False
