"""The one way a screen runs database work: in a thread, with its result routed by the worker itself.

A screen never decorates its own thread workers nor routes a result by a worker's name. It says

    self.read(lambda: desk.cases.case_detail(case_id), self._show)              # reads
    self.write(lambda: desk.cases.take_on(case_id), self._taken, refused=...)   # writes

and the router on the app runs the job off the UI thread and calls back on it:

- **Reads** are keyed (per screen, `key="read"` unless named). A newer read with the
  same key makes the older one stale: it is cancelled, and should its thread still
  finish, its result is never shown. A read whose screen has gone is dropped.
- **Writes** are never cancelled and never dropped. A screen's writes run one after
  another in the order asked (pressing `t` then `p` takes the case on, then prints).
  Each outcome reaches the officer: `then(result)` on the screen that asked; if that
  screen has gone meanwhile, the `notice` (or "Saved.") as a notification. A refusal
  (`DeskError`) goes to `refused(error)` when the screen shows it in place (returning
  True), else to the error dialog; anything else is an error dialog, never a traceback.
  `failed(error)` runs first for any failure `refused` did not take, so a screen holding
  a "saving…" or "importing…" state can end it before the dialog shows.
- `coalesce="draft"` lets a queued, not yet started write be replaced by a newer one
  of the same name (the latest draft of a form is the only one worth writing).
  `notice=""` says nothing when the screen has gone: the officer was told already
  (a draft kept as the form closes, a sign-out as the desk locks).
- `stale(key)` makes a read under way stale without starting another (the look-up was
  cleared); `refusing(job)` turns an unexpected failure into a refusal, for a screen
  that says every failure in place (a status line, a sign-in form).

Everything here runs on the UI thread except `job`.
"""

from __future__ import annotations

import functools
import itertools
import logging
import weakref
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from textual.worker import Worker, WorkerState

from frontdesk.i18n import DeskError, t

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

Then = Callable[[Any], None]
Refused = Callable[[DeskError], bool]

_serial = itertools.count(1)
log = logging.getLogger("frontdesk")


def refusing(job: Callable[[], Any], key: str = "error.unexpected") -> Callable[[], Any]:
    """`job`, with any failure other than a refusal logged and raised as a `DeskError(key, detail=...)`."""

    @functools.wraps(job)
    def run() -> Any:
        try:
            return job()
        except DeskError:
            raise
        except Exception as error:
            log.error("unexpected error in a worker", exc_info=error)
            raise DeskError(key, detail=type(error).__name__) from error

    return run


@dataclass(eq=False)
class Job:
    """One piece of database work asked for by a screen (its `owner`)."""

    owner: DOMNode
    job: Callable[[], Any]
    then: Then | None
    refused: Refused | None
    write: bool
    key: str
    notice: str | Callable[[Any], str] | None = None
    coalesce: str | None = None
    failed: Callable[[BaseException | None], None] | None = None
    #: Whether keys typed after the key that asked for it wait for it to end (screens.shell.keyorder): a save,
    #: yes; a long job the officer may stop with a key (an import), no.
    holds_keys: bool = True
    serial: int = field(default_factory=lambda: next(_serial))

    @property
    def lane(self) -> tuple[int, str]:
        return (id(self.owner), self.key)

    @property
    def name(self) -> str:
        return getattr(self.job, "__name__", "job")


class WorkRouter:
    """Runs every screen's database work and routes each outcome by its worker object."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._running: dict[Worker, Job] = {}
        #: The newest read per (screen, key): an older one finishing late is stale.
        self._newest_read: dict[tuple[int, str], int] = {}
        #: Writes waiting behind the one running, per screen.
        self._queued: dict[int, deque[Job]] = {}
        self._writing: dict[int, Job] = {}
        #: Reads a newer one replaced. Textual cancels them; one cancelled before its task ever
        #: ran reports nothing at all, so they are only weakly held, and ignored if they do report.
        self._superseded: weakref.WeakSet[Worker] = weakref.WeakSet()
        #: (mark, then): `then()` once the writes asked for after the mark have ended (`after_writes`).
        self._waiting: list[tuple[int, Callable[[], None]]] = []

    # ---- asking -----------------------------------------------------------------------

    def read(self, owner: DOMNode, job: Callable[[], Any], then: Then | None, *, key: str = "read",
             refused: Refused | None = None) -> Worker:
        asked = Job(owner=owner, job=job, then=then, refused=refused, write=False, key=key)
        self._newest_read[asked.lane] = asked.serial
        for worker, running in list(self._running.items()):
            if not running.write and running.lane == asked.lane:
                del self._running[worker]
                self._superseded.add(worker)
        return self._start(asked, group=f"read-{id(owner)}-{key}", exclusive=True)

    def write(self, owner: DOMNode, job: Callable[[], Any], then: Then | None, *,
              refused: Refused | None = None, notice: str | Callable[[Any], str] | None = None,
              coalesce: str | None = None, failed: Callable[[BaseException | None], None] | None = None,
              holds_keys: bool = True) -> None:
        asked = Job(owner=owner, job=job, then=then, refused=refused, write=True, key="write",
                    notice=notice, coalesce=coalesce, failed=failed, holds_keys=holds_keys)
        lane = id(owner)
        queue = self._queued.setdefault(lane, deque())
        if coalesce is not None:
            for waiting in list(queue):
                if waiting.coalesce == coalesce:
                    queue.remove(waiting)
        queue.append(asked)
        self._next_write(lane)

    def stale(self, owner: DOMNode, key: str = "read") -> None:
        """Whatever read of `owner`'s under `key` is under way, its result is never shown."""
        self._newest_read[(id(owner), key)] = next(_serial)

    def busy(self, owner: DOMNode) -> bool:
        """Is a write of `owner`'s running or waiting?"""
        lane = id(owner)
        return lane in self._writing or bool(self._queued.get(lane))

    def mark(self) -> int:
        """A point in the work asked for: `after_writes` waits for the writes asked for after it."""
        return next(_serial)

    def after_writes(self, mark: int, then: Callable[[], None]) -> None:
        """`then()` once every write asked for after `mark` has ended and its outcome has reached its screen
        (at once if there is none): a key that saved acts fully before the keys typed after it."""
        self._waiting.append((mark, then))
        self._wake()

    def _wake(self) -> None:
        asked = [job for job in (*self._writing.values(), *(job for queue in self._queued.values() for job in queue))
                 if job.holds_keys]
        for waiter in list(self._waiting):
            if not any(job.serial > waiter[0] for job in asked):
                self._waiting.remove(waiter)
                waiter[1]()

    # ---- running ----------------------------------------------------------------------

    def _start(self, asked: Job, *, group: str, exclusive: bool) -> Worker:
        worker = self.app.run_worker(asked.job, name=asked.name, group=group, thread=True,
                                     exclusive=exclusive, exit_on_error=False)
        self._running[worker] = asked
        return worker

    def _next_write(self, lane: int) -> None:
        if lane in self._writing:
            return
        queue = self._queued.get(lane)
        if not queue:
            self._queued.pop(lane, None)
            return
        asked = queue.popleft()
        self._writing[lane] = asked
        # Its own group, never exclusive: nothing ever cancels a write.
        self._start(asked, group=f"write-{lane}-{asked.serial}", exclusive=False)

    def owns(self, worker: Worker) -> bool:
        return worker in self._running or worker in self._superseded

    def state_changed(self, worker: Worker, state: WorkerState) -> bool:
        """Route a worker's new state; False if the worker is not one of ours."""
        asked = self._running.get(worker)
        if asked is None:
            if worker not in self._superseded:
                return False
            if state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
                self._superseded.discard(worker)
            return True  # stale: its result, or its failure, is never shown
        if state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return True
        del self._running[worker]
        try:
            if asked.write:
                self._write_ended(asked, worker, state)
            else:
                self._read_ended(asked, worker, state)
        finally:
            if asked.write:
                lane = id(asked.owner)
                if self._writing.get(lane) is asked:
                    del self._writing[lane]
                self._next_write(lane)
                self._wake()
        return True

    def _read_ended(self, asked: Job, worker: Worker, state: WorkerState) -> None:
        stale = self._newest_read.get(asked.lane) != asked.serial
        if not stale:
            self._newest_read.pop(asked.lane, None)
        if stale or state == WorkerState.CANCELLED or not asked.owner.is_attached:
            return
        if state == WorkerState.SUCCESS:
            if asked.then is not None:
                asked.then(worker.result)
            return
        self._failed(asked, worker.error)

    def _write_ended(self, asked: Job, worker: Worker, state: WorkerState) -> None:
        here = asked.owner.is_attached
        if state == WorkerState.SUCCESS:
            if here:
                if asked.then is not None:
                    asked.then(worker.result)
            else:
                notice = asked.notice(worker.result) if callable(asked.notice) else asked.notice
                if notice != "":
                    self.app.notify(notice or t("work.saved"), timeout=6)
            return
        if state == WorkerState.CANCELLED:
            # Only the app closing cancels a write; its thread still runs to its commit or rollback.
            return
        if here:
            self._failed(asked, worker.error)
        else:
            self.app.show_error(worker.error)  # type: ignore[attr-defined]

    def _failed(self, asked: Job, error: BaseException | None) -> None:
        if isinstance(error, DeskError) and asked.refused is not None and asked.refused(error):
            return
        if asked.failed is not None:
            asked.failed(error)
        self.app.show_error(error)  # type: ignore[attr-defined]


class DeskWork:
    """Mixin for screens, dialogs and widgets: `read` and `write` through the app's router."""

    def read(self, job: Callable[[], Any], then: Then | None = None, *, key: str = "read",
             refused: Refused | None = None) -> Worker:
        """Run a read off the UI thread; a newer read with the same `key` makes this one stale."""
        return self.app.work.read(self, job, then, key=key, refused=refused)  # type: ignore[attr-defined]

    def write(self, job: Callable[[], Any], then: Then | None = None, *, refused: Refused | None = None,
              notice: str | Callable[[Any], str] | None = None, coalesce: str | None = None,
              failed: Callable[[BaseException | None], None] | None = None, holds_keys: bool = True) -> None:
        """Run a write after this screen's earlier ones; its outcome always reaches the officer. `holds_keys`:
        keys typed after the one that asked for it wait until it ends (False: a long job a key may stop)."""
        self.app.work.write(self, job, then, refused=refused, notice=notice,  # type: ignore[attr-defined]
                            coalesce=coalesce, failed=failed, holds_keys=holds_keys)

    def stale(self, key: str = "read") -> None:
        """The read under way with this `key` is not wanted any more: its result is never shown."""
        self.app.work.stale(self, key)  # type: ignore[attr-defined]

    def writing(self) -> bool:
        """Is a write of this screen's running or waiting?"""
        return self.app.work.busy(self)  # type: ignore[attr-defined]
