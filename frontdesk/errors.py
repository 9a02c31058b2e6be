"""Database failures, said in words an officer can act on."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from frontdesk.i18n import DeskError

BUSY = ("locked", "busy", "deadlock", "could not serialize")
UNREACHABLE = ("could not connect", "connection refused", "timeout expired", "timed out",
               "name or service not known", "no route to host", "server closed the connection",
               "connection is bad", "terminating connection")


def _first_line(exc: DBAPIError) -> str:
    return (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]


@contextmanager
def officer_words() -> Iterator[None]:
    """Turn database failures into DeskErrors; nothing half-done is ever claimed."""
    try:
        yield
    except StaleDataError as exc:
        raise DeskError("record.changed_meanwhile") from exc
    except OperationalError as exc:
        text = str(exc.orig).lower()
        if any(word in text for word in BUSY):
            raise DeskError("db.busy") from exc
        if any(word in text for word in UNREACHABLE):
            raise DeskError("db.unreachable", detail=_first_line(exc)) from exc
        raise DeskError("db.failed", detail=_first_line(exc)) from exc
    except IntegrityError as exc:
        raise DeskError("db.conflict") from exc
    except DBAPIError as exc:
        raise DeskError("db.failed", detail=_first_line(exc)) from exc
