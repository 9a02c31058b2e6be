"""A bulk writer's WAL copied into the database file on a thread of its own, while the next batch is written.

SQLite appends each commit's pages to the WAL and, once the WAL is long, copies them into the database file
at the end of a commit (a checkpoint), flushing the WAL and then the file to the disk. For a logbook import
at a large station that copy and its two flushes were a quarter of the time, and the next batch waited for
them. A bulk writer's connection therefore copies nothing itself (wal_autocheckpoint=0 for
`db.engine.bulk_write_session`): after each commit the writer calls `WalCopier.committed`, which starts a
passive checkpoint on a connection of its own, on a thread of its own, and returns. It is SQLite's own copy
with the same flushes (the pool's connections run synchronous=FULL), so a kill or a power cut leaves the
file as whole as before; the next batch is worked out and written meanwhile.

SQLite starts the WAL again from its top only when a write begins with every page of it copied, so a writer
that always began while the copy of the commit before was under way would grow it without end. Once the WAL
holds MOST_PAGES, `committed` waits for the copy under way and copies the rest before the next write
begins, and the WAL starts again from its top; and the writer waits for a copy that is still under way after
MOST_COMMITS_UNCOPIED commits. A desk that saves meanwhile finds little left to copy.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import Engine

#: The WAL's length (pages) at which the writer waits for the copy and starts the WAL again: the WAL file grows
#: to about 170 MB, and stays that long on the disk. 20,000 rows into 1,000,000 cases (tests/perf/bench_import.py)
#: went at 1,415 / 1,404 rows/s with 40,000 pages, 1,358 / 1,257 with 16,000 (a wait every third batch there).
MOST_PAGES = 40_000
#: Commits at most while one copy is under way (the WAL's length is known only when a copy ends: on a slow
#: disk the writer would otherwise run on past MOST_PAGES). An import's commit at a large station is ~5,000
#: pages.
MOST_COMMITS_UNCOPIED = 4


def checkpoint(engine: Engine) -> int:
    """Copy what can be copied of the WAL into the database file now (a passive checkpoint: it waits for no
    reader and no writer); the WAL's length in pages. SQLite only: a checkpoint on a connection of the pool's,
    outside any transaction (SQLite refuses one inside a transaction)."""
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        _busy, frames, _copied = raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return int(frames)


class WalCopier:
    """Copies a bulk writer's WAL after each of its commits (`committed`), on a thread of its own; `close` once
    the writing is done. Does nothing for PostgreSQL."""

    def __init__(self, engine: Engine, most_pages: int | None = None):
        self.engine, self.most = engine, most_pages or MOST_PAGES
        self.sqlite = engine.dialect.name == "sqlite"
        #: The WAL's length when last copied (pages).
        self.pages = 0
        #: The longest the WAL was seen (pages).
        self.longest = 0
        self.copying: Future | None = None
        #: Commits since the copy under way began.
        self.uncopied = 0
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wal-copy") if self.sqlite else None

    def committed(self) -> None:
        """After a bulk commit, before the next batch is written: copy its pages meanwhile, or now if the WAL is
        long. A copy that fails is not raised: the WAL holds, whole, what it did not copy, and the next copy
        (or a desk's save) copies it; a fault that matters (a full disk) fails the next commit."""
        if not self.sqlite:
            return
        if self.copying is not None:
            if not self.copying.done() and self.pages < self.most and self.uncopied < MOST_COMMITS_UNCOPIED:
                self.uncopied += 1
                return  # (this commit's pages are copied with the next commit's)
            copying, self.copying, self.uncopied = self.copying, None, 0
            self._seen(copying)
        if self.pages >= self.most:
            self._copy_now()
            self.pages = 0  # copied whole (else the next copy says how long it still is)
        else:
            self.copying = self.executor.submit(checkpoint, self.engine)

    def _copy_now(self) -> None:
        try:
            self._seen_pages(checkpoint(self.engine))
        except Exception:  # noqa: BLE001 - see `committed`
            pass

    def _seen(self, copying: Future) -> None:
        try:
            self._seen_pages(copying.result())
        except Exception:  # noqa: BLE001 - see `committed`
            pass

    def _seen_pages(self, pages: int) -> None:
        self.pages = max(pages, 0)  # (-1: SQLite could not look, another connection was copying)
        self.longest = max(self.longest, self.pages)

    def close(self) -> None:
        """Wait for the copy under way, then copy what the last commits left: the desk's next save does not
        pay for it. (Failures are not raised, as in `committed`.)"""
        if self.executor is None:
            return
        if self.copying is not None:
            self._seen(self.copying)
            self.copying = None
        self._copy_now()
        self.executor.shutdown(wait=True)
