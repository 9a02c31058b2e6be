"""A bulk writer's WAL copied into the database file on a thread of its own, between its transactions.

SQLite copies the WAL into the database file (a checkpoint) at the end of whichever commit finds it
longer than `wal_autocheckpoint` pages, on the committing thread, and flushes the file to the disk.
For a logbook import that was about a third of the wall time of a batch: waiting for the disk, not
computing. A bulk writer's connections therefore checkpoint nothing themselves
(db.engine.bulk_write_session); after each of its commits it asks this thread for a checkpoint, works
out its next batch while the copy runs (the copy lets go of the interpreter), and waits for it to end
before it takes the write lock again. The WAL stays about one batch long, and a desk's save never
finds it long (a save that does copies it itself, after its commit).

A checkpoint is PASSIVE: it never waits for a reader or a writer and never blocks one. Whatever
happens to the process meanwhile, the database stays whole: a checkpoint only copies committed pages
from the WAL, and one cut off is done again by the next.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine


class Checkpoints:
    """`asked()` after each commit, `wait()` before the next write lock; `close()` at the end (one last
    checkpoint, waited for). Not for PostgreSQL, which checkpoints by itself: `for_engine` gives None."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._changed = threading.Condition()
        self._asked = self._done = 0
        self._closing = False
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="wal-checkpoints", daemon=True)
        self._thread.start()

    @classmethod
    def for_engine(cls, engine: Engine) -> Checkpoints | None:
        return cls(engine) if engine.dialect.name == "sqlite" else None

    def asked(self) -> None:
        """A commit has just added to the WAL: copy it."""
        with self._changed:
            self._asked += 1
            self._changed.notify_all()

    def wait(self) -> None:
        """Until the checkpoints asked for so far are done (the WAL is back to about nothing)."""
        with self._changed:
            target = self._asked
            while self._done < target and self._thread.is_alive():
                self._changed.wait()

    def close(self) -> None:
        self.asked()
        self.wait()
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._thread.join()

    def _run(self) -> None:
        try:
            connection = self._engine.raw_connection()  # pooled, with the desk's pragmas (and key, if any)
        except BaseException as exc:  # noqa: BLE001 - the writer's own connection will meet it too
            self._failure = exc
            return self._stopped()
        try:
            while True:
                with self._changed:
                    while self._asked == self._done and not self._closing:
                        self._changed.wait()
                    if self._closing and self._asked == self._done:
                        return
                    target = self._asked
                cursor = connection.cursor()
                try:
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    cursor.fetchall()
                finally:
                    cursor.close()
                with self._changed:
                    self._done = target
                    self._changed.notify_all()
        except BaseException as exc:  # noqa: BLE001 - a checkpoint not done is done by the next commit's
            self._failure = exc
        finally:
            connection.close()
            self._stopped()

    def _stopped(self) -> None:
        with self._changed:
            self._done = self._asked
            self._changed.notify_all()
