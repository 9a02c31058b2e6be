"""What every Front Desk screen shares: localized keys and worker error handling."""

from __future__ import annotations

from textual import on
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from screens.localize import Localized


class DeskScreenBase(Localized, Screen[None]):
    """A screen whose database work runs in thread workers.

    A worker that fails never takes the app down: its error is shown to the
    officer in their language, and what they typed stays where it was.
    """

    HELP_KEY = "help.general"

    @on(Worker.StateChanged)
    def _report_worker_error(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and not self.handle_worker_error(event.worker):
            self.app.show_error(event.worker.error)

    def handle_worker_error(self, worker: Worker) -> bool:
        """Show a worker's failure on the screen itself; False leaves it to the error dialog."""
        return False
