"""The command line's admin jobs: the database (upgrade, demo, encrypt, decrypt), backup and
restore, and checking the audit chain."""

from __future__ import annotations

import argparse
import sys

from frontdesk.cli.signin import ask_secret, audit_command, terminal_says
from frontdesk.i18n import DeskError, os_reason, t
from frontdesk.station.config import DEMO_DEFAULT_CASES, Settings

#: `db` jobs that work on the SQLite file itself rather than through the desk.
STORAGE_JOBS = ("encrypt", "decrypt")
#: Exit codes (also in --help and the README).
DONE, DONE_WITH_REJECTS, NOTHING_DONE = 0, 1, 2

def run_job(args: argparse.Namespace, settings: Settings, url: str, demo_cases: int | None) -> int:
    from frontdesk.desk import open_desk

    if args.command == "db" and args.db_command == "current":
        from db.migrate import current_revision
        from frontdesk.errors import officer_words
        from frontdesk.station.opening import connect

        engine = connect(url)
        try:
            with officer_words():
                print(t("cli.upgraded", where=url, revision=current_revision(engine) or "-"))
        finally:
            engine.dispose()
        return 0
    if args.command == "audit":
        return verify_audit(url, site=settings.site_code)
    if args.command == "db":  # upgrade: the schema only; the desk's first start makes its site and lists
        from db.migrate import current_revision
        from frontdesk.errors import officer_words
        from frontdesk.station.opening import connect, migrate

        engine = connect(url)
        try:
            with officer_words():
                migrate(engine)
                print(t("cli.upgraded", where=_where(url, engine), revision=current_revision(engine)))
        finally:
            engine.dispose()
        return 0
    desk = open_desk(settings, url, demo_cases=demo_cases)
    try:
        if args.command == "demo":
            print(t("cli.demo_built", where=desk.where, cases=f"{demo_cases or DEMO_DEFAULT_CASES:,}",
                    count=demo_cases or DEMO_DEFAULT_CASES))
        else:
            from db.migrate import current_revision

            print(t("cli.upgraded", where=desk.where, revision=current_revision(desk.engine)))
    finally:
        desk.close()
    return 0


def _where(url: str, engine) -> str:
    from db.engine import sqlite_path

    path = sqlite_path(url)
    return str(path) if path is not None else engine.url.render_as_string(hide_password=True)


def verify_audit(url: str, *, site: str | None = None) -> int:
    """`frontdesk audit verify`: 0 if every site's chain is whole (and holds every head other
    sites saw of it), 1 (and where) if not."""
    from db.engine import read_session
    from frontdesk.access.audit import heads_held, verify
    from frontdesk.errors import officer_words
    from frontdesk.station.opening import connect

    engine = connect(url)
    try:
        with officer_words(), read_session(engine) as session:
            report, held = verify(session, site=site), heads_held(session)
    finally:
        engine.dispose()
    for site, (seq, digest) in sorted(report.heads.items()):
        print(t("audit.head", site=site, seq=f"{seq:,}", hash=digest, count=seq))
    if held:
        print(t("audit.heads_held", count=held))
    for problem in report.problems:
        print(t(f"audit.problem.{problem.kind}", site=problem.site, seq=problem.seq, detail=problem.detail))
    print(t("audit.intact" if report.intact else "audit.broken", events=f"{report.events:,}",
            count=len(report.problems)))
    return 0 if report.intact else 1


def ask_passphrase(args: argparse.Namespace, settings: Settings, url: str) -> None:
    """An encrypted database: ask for its passphrase at the terminal (held in memory only)."""
    from frontdesk.station.encryption import ask_at_terminal

    refuse_what_is_no_database(url)
    if args.command == "db" and args.db_command == "encrypt":
        return  # asks for a new passphrase itself
    ask_at_terminal(url, encrypted=settings.encrypted, ask=ask_secret, say=terminal_says)


def refuse_what_is_no_database(url: str) -> None:
    """--db naming a folder, or a file that is neither a SQLite database nor an encrypted one (a logbook, a
    bundle): said so, rather than a traceback or a passphrase asked for a file no passphrase opens. An
    encrypted database is whole pages (512 bytes at the least), as restore tells a backup from a text."""
    from db import cipher
    from db.engine import sqlite_path

    path = sqlite_path(url)
    if path is None:
        return
    if path.is_dir():
        raise DeskError("db.is_folder", path=str(path))
    if cipher.file_kind(path) == "encrypted" and path.stat().st_size % 512:
        raise DeskError("db.not_a_database", path=str(path))


def run_storage_job(args: argparse.Namespace, settings: Settings, url: str, officer=None) -> int:
    """`backup`, `restore`, `db encrypt`, `db decrypt`: file jobs on the SQLite database."""
    from datetime import datetime, timezone
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from db import cipher
    from frontdesk.station import backup
    from frontdesk.station import encryption

    now, zone = datetime.now(timezone.utc), ZoneInfo(settings.timezone)
    folder = Path(args.to if getattr(args, "to", None) else settings.backup_dir or Path(settings.data_dir) / "backups")
    try:
        if args.command == "db" and args.db_command == "encrypt":
            passphrase = encryption.ask_new_passphrase(ask_secret, terminal_says)
            print(t("cipher.encrypted", path=encryption.encrypt_database(url, passphrase)))
        elif args.command == "db":
            path = encryption.database_file(url)
            passphrase = cipher.held_passphrase(path) if path is not None else None
            print(t("cipher.decrypted", path=encryption.decrypt_database(url, passphrase or "")))
        elif args.command == "backup":
            keep = settings.backup_keep if args.keep is None else args.keep
            done = backup.backup_database(url, folder=folder, keep=keep, now=now, zone=zone)
            print(t("backup.written", path=done.path, size=f"{done.size / 1_048_576:.1f} MB", revision=done.revision))
            if cipher.file_kind(done.path) == "encrypted":
                print(t("backup.encrypted_note"))
            for old in done.removed:
                print(t("backup.removed", path=old))
            print(t("backup.kept", kept=done.kept, folder=folder, keep=keep, count=done.kept))
            if officer is not None:
                audit_command(url, settings, officer, "backup", reason=str(done.path))
        else:
            source = Path(args.file).expanduser()
            passphrase = backup_passphrase(source, url) if backup.backup_is_encrypted(source) else None
            done = backup.restore_database(url, source, source_passphrase=passphrase, keep_folder=folder,
                                           now=now, zone=zone)
            print(t("restore.done", source=source, path=done.path, revision=done.revision))
            if officer is not None:
                audit_command(url, settings, officer, "restore", reason=str(source))
            if done.kept_as != Path():
                print(t("restore.kept", path=done.kept_as))
            if passphrase is not None:
                print(t("restore.encrypted_note"))
    except OSError as exc:  # the path it happened at, and why, in the officer's language
        where = exc.filename or (exc.args[0] if len(exc.args) == 1 else None)
        where = where or (folder if args.command == "backup" else getattr(args, "file", None) or url)
        raise DeskError("backup.failed" if args.command == "backup" else "file_job.failed",
                        path=str(where), reason=os_reason(exc)) from exc
    return 0


def backup_passphrase(source, url: str) -> str:
    """The passphrase of an encrypted backup: the database's own if it opens it, else asked for."""
    from db import cipher
    from frontdesk.station.encryption import CLI_TRIES, database_file

    path = database_file(url)
    held = cipher.held_passphrase(path) if path is not None else None
    for attempt in range(CLI_TRIES + 1):
        passphrase = held if attempt == 0 else ask_secret(t("restore.ask", path=source))
        if passphrase is None:
            continue
        try:
            cipher.check_passphrase(source, passphrase)
            return passphrase
        except cipher.WrongPassphraseError:
            if attempt:
                terminal_says(t("cipher.wrong"))
    raise DeskError("cipher.gave_up", tries=CLI_TRIES)


def refuse_a_station_as_demo(url: str) -> None:
    """`--db F` with the demo: F is built (or reused) as a demo, but a station's own records are never
    taken for a half-built demo and thrown away."""
    from db.engine import sqlite_path

    path = sqlite_path(url)
    if path is None or not path.exists() or path.stat().st_size == 0:
        return
    import sqlite3

    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            has_cases = "case" in tables and connection.execute('SELECT 1 FROM "case" LIMIT 1').fetchone()
            built = "auditevent" in tables and connection.execute(
                "SELECT 1 FROM auditevent WHERE action = 'demo_build' LIMIT 1").fetchone()
    except sqlite3.DatabaseError:
        has_cases, built = True, False
    if has_cases and not built:
        raise DeskError("cli.demo_not_here", path=str(path))


def run_unseal(args: argparse.Namespace, settings: Settings, url: str, officer) -> int:
    """`frontdesk unseal FILE… --to FOLDER`: plain copies of sealed files (receipts, slips, reports,
    exports of an encrypted database) in the folder the officer names now, with a warning; audited."""
    from pathlib import Path

    from frontdesk.sealing import passphrase_of, unsealed, write_plain

    passphrase = passphrase_of(url)
    if passphrase is None:
        raise DeskError("sealed.plain_database")
    folder = Path(args.to).expanduser()
    # Every file read and opened before any plain copy is written: a wrong name among them writes none. Each is
    # let go once opened and opened again as its copy is written: one file's plain bytes held at a time, not all.
    paths = [Path(name).expanduser() for name in args.files]
    for path in paths:
        unsealed(path, passphrase)
    written: list[Path] = []
    try:
        for path in paths:
            written.append(write_plain(path, unsealed(path, passphrase), folder))
            print(t("sealed.written", path=str(written[-1])))
    except OSError as exc:
        raise DeskError("file_job.failed", path=str(exc.filename or folder), reason=os_reason(exc)) from exc
    finally:  # a plain copy is never written unaudited or unsaid, even where the next one could not be
        if written:
            if officer is not None:
                audit_command(url, settings, officer, "unseal", reason=", ".join(p.name for p in written)[:500])
            print(t("sealed.warning", folder=str(folder)), file=sys.stderr)
    return DONE
