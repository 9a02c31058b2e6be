"""Who is at a command: the badge and password asked at the terminal (or read from a file only the
account may read), checked like the sign-in screen, and long writers on one database taking turns."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from dataclasses import replace
from typing import Iterator

from frontdesk.i18n import DeskError, t
from frontdesk.station.config import Settings


def terminal_says(text: str) -> None:
    print(text, file=sys.stderr)


def ask_secret(prompt: str) -> str:
    """A passphrase typed at the terminal, not shown. With no terminal (a script giving it on the input, cron)
    the input's next line, without getpass's fallback warning in Python's words; none there is EOFError."""
    import getpass
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", getpass.GetPassWarning)
        try:
            return getpass.getpass(prompt)
        except getpass.GetPassWarning:
            pass  # (raised before the fallback says or reads anything)
    print(prompt, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        print(file=sys.stderr)  # (what is said next has a line of its own, not the prompt's)
        raise EOFError
    # (a line from a file made on Windows ends in \r\n, and the input is read on here without turning it into \n)
    return line[:-2] if line.endswith("\r\n") else line[:-1] if line.endswith("\n") else line


#: Tries at a terminal before the command gives up (each wrong one counts toward the lock-out).
SIGN_IN_TRIES = 3


def needed_role_action(args: argparse.Namespace) -> str | None:
    """What the command needs of its officer: an action of frontdesk.access ("" any officer), or None
    for a command that neither reads nor changes the station's records (db upgrade, demo, …)."""
    if args.command in ("backup", "restore"):
        return args.command
    if args.command == "audit":
        return "read_audit"
    if args.command == "import":
        return "import_cases"
    if args.command == "sync":
        return "manage_sync" if args.sync_command in ("outpost", "trust") else ""
    if args.command == "unseal":
        return ""
    if args.command == "tags":
        return "station_lists"
    return None


def read_password_file(name: str) -> str:
    """The first line of a password file that only this account may read (a group- or
    world-readable one is refused: anyone who can read it can act as the officer). A byte-order mark
    (a file saved by Notepad) and the line's end (LF or CRLF) are no part of the password; a file with
    no password in it, a folder or a missing file is refused before any sign-in is tried, so it
    counts toward no lock-out."""
    from pathlib import Path
    import stat

    from frontdesk.i18n import Phrase, os_reason

    path = Path(name).expanduser()
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise DeskError("cli.password_file_unreadable", path=str(path), detail=Phrase("cli.password_file_folder"))
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise DeskError("cli.password_file_open", path=str(path), mode=f"{stat.S_IMODE(mode):03o}")
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError as exc:
        raise DeskError("cli.password_file_unreadable", path=str(path),
                        detail=Phrase("file.reason.no_such_file")) from exc
    except OSError as exc:
        raise DeskError("cli.password_file_unreadable", path=str(path), detail=os_reason(exc)) from exc
    except UnicodeDecodeError as exc:
        raise DeskError("cli.password_file_unreadable", path=str(path),
                        detail=Phrase("cli.password_file_not_text")) from exc
    if not lines or not lines[0]:
        raise DeskError("cli.password_file_empty", path=str(path))
    return lines[0]


def _badge(args: argparse.Namespace, settings: Settings) -> str:
    badge = (getattr(args, "badge", None) or settings.officer_badge or "").strip()
    if badge:
        return badge
    if not sys.stdin.isatty():
        raise DeskError("cli.no_badge")
    for _ in range(SIGN_IN_TRIES):  # Enter alone asks again: there is no officer without a badge
        try:
            typed = input(t("cli.ask_badge")).strip()
        except EOFError as exc:  # Ctrl+D, or a terminal that closed: no badge, so nobody signs in
            terminal_says("")
            raise DeskError("cli.sign_in_input_ended") from exc
        if typed:
            return typed
    raise DeskError("cli.no_badge_typed")


def _typed_password(badge: str) -> str:
    import getpass

    try:
        return getpass.getpass(t("cli.ask_password", badge=badge))
    except EOFError as exc:  # Ctrl+D at the password: no attempt is made, none is counted
        terminal_says("")
        raise DeskError("cli.sign_in_input_ended") from exc


def no_station_yet(url: str) -> bool:
    from db.engine import sqlite_path

    path = sqlite_path(url)
    return path is not None and not path.exists()


def sign_in_at_terminal(args: argparse.Namespace, settings: Settings, url: str, action: str):
    """Badge and password of the officer at the command, checked like the sign-in screen's (audited,
    wrong ones counted toward the lock-out), and their role checked for `action`. The signed-in
    officer (frontdesk.access.signin.SignedIn) is returned; a refusal is a DeskError, and nothing else
    of the station is written."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from db.engine import write_session
    from frontdesk.access import signin
    from frontdesk.access.roles import require
    from frontdesk.errors import officer_words
    from frontdesk.records import Actor
    from frontdesk.station.opening import connect, migrate

    if no_station_yet(url):
        raise DeskError("cli.no_admin_yet")
    engine = connect(url)
    try:
        with officer_words():
            migrate(engine)
            with write_session(engine) as session:
                if signin.needs_first_admin(session):
                    raise DeskError("cli.no_admin_yet")
            badge = _badge(args, settings)
            from_file = getattr(args, "password_file", None)
            if not from_file and not sys.stdin.isatty():
                raise DeskError("cli.no_password_input")
            for attempt in range(1 if from_file else SIGN_IN_TRIES):
                password = read_password_file(from_file) if from_file else _typed_password(badge)
                with write_session(engine) as session:
                    outcome = signin.sign_in(session, badge=badge, password=password, site=settings.site_code,
                                             now=datetime.now(timezone.utc), lockout_minutes=settings.lockout_minutes,
                                             zone=ZoneInfo(settings.timezone))
                    session.commit()
                if outcome.officer is not None:
                    break
                if outcome.refusal.key in ("signin.wrong", "signin.wrong_left") and not from_file \
                        and attempt + 1 < SIGN_IN_TRIES:
                    terminal_says(outcome.refusal.message)
                    continue
                raise outcome.refusal
            officer = outcome.officer
            if action:
                require(Actor(site=settings.site_code, officer_id=officer.officer_id, role=officer.role), action)
            return officer
    finally:
        engine.dispose()


def as_officer(settings: Settings, officer) -> Settings:
    """The settings a command runs with once its officer has signed in: the desk it opens acts as them
    (frontdesk.station.opening finds the officer by badge: their own role, nobody created)."""
    return replace(settings, officer_badge=officer.badge_no, officer_name=officer.name)


def audit_command(url: str, settings: Settings, officer, action: str, reason: str = "") -> None:
    """An audit event for a file job (backup, restore) under the officer who ran it."""
    from db.engine import write_session
    from frontdesk.errors import officer_words
    from frontdesk.records import Actor, audit
    from frontdesk.station.opening import connect

    engine = connect(url)
    try:
        with officer_words(), write_session(engine) as session:
            audit(session, by=Actor(site=settings.site_code, officer_id=officer.officer_id, role=officer.role),
                  action=action, reason=reason)
            session.commit()
    finally:
        engine.dispose()


@contextmanager
def taking_turns(url: str) -> Iterator[None]:
    """Long writers (imports, sync, restore) on one database take turns: a second one says it waits,
    and starts when the first has finished (a lock file beside a SQLite database, an advisory lock on
    PostgreSQL; either is let go if the first command dies)."""
    from db.engine import sqlite_path

    path = sqlite_path(url)
    if path is None:
        yield from _pg_turn(url)
        return
    if not path.exists():  # no station here yet: nothing to wait for, and no lock file left by a refusal
        yield
        return
    try:
        import fcntl
    except ImportError:  # not POSIX: SQLite's own busy wait is all there is
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.turn", "a") as held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            terminal_says(t("cli.waiting_turn"))
            fcntl.flock(held, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)


def _pg_turn(url: str) -> Iterator[None]:
    import zlib

    from sqlalchemy import text

    from frontdesk.station.opening import connect

    engine = connect(url)
    key = zlib.crc32(b"frontdesk:long-writer")
    try:
        with engine.connect() as connection:
            if not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
                terminal_says(t("cli.waiting_turn"))
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()
    finally:
        engine.dispose()


def takes_turns(args: argparse.Namespace) -> bool:
    return (args.command in ("restore", "import")
            or (args.command == "sync" and args.sync_command in ("import", "enrol", "outpost")))


def enrol_then_sign_in(args: argparse.Namespace, settings: Settings, url: str) -> int:
    """`sync enrol` on a laptop with no database yet: the officers come with the station's kit, so the
    officer signs in once it is in; if they cannot, the new database is removed (nothing stays)."""
    from frontdesk.desk import remove_sqlite_files
    from frontdesk.sync.cli import enrol_from_kit, print_imported

    try:
        enrolled = enrol_from_kit(args, settings, url)
        sign_in_at_terminal(args, settings, url, "")
    except BaseException:
        remove_sqlite_files(url)
        raise
    print_imported(enrolled)  # (said once it stays: not "applied" before a refusal that removes it)
    return 0
