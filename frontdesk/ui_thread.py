"""Database work never runs on the UI thread: the app names its thread, every session checks.

A session opened on the thread that draws the screen freezes the desk for as long as
the database takes. The app calls `claim()` from its own message loop; the screens'
loops started after it inherit the mark (a context variable holding the thread). So
`check()`, called wherever a session opens, finds a session opened by an event handler,
but not one opened by a worker thread or by a test's own code looking at the database.
It logs such a session, and raises in the test suite, which sets `strict`.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

log = logging.getLogger(__name__)

_ui_thread: ContextVar[int | None] = ContextVar("ui_thread", default=None)
#: Raise instead of logging (the test suite turns this on).
strict = False


class OnUiThread(RuntimeError):
    """Database work was asked for on the thread that draws the screen."""


def claim() -> None:
    """Mark the calling context (the app's message loop, and what it starts) as the UI thread."""
    _ui_thread.set(threading.get_ident())


def check() -> None:
    if _ui_thread.get() != threading.get_ident():
        return
    if strict:
        raise OnUiThread("database work on the UI thread; run it through a screen's read() or write()")
    log.warning("database work on the UI thread", stack_info=True)


@contextmanager
def outside() -> Iterator[None]:
    """Code that is not the desk's own (a test seeding records from inside the app's loop) may open sessions."""
    token = _ui_thread.set(None)
    try:
        yield
    finally:
        _ui_thread.reset(token)
