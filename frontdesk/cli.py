"""The `frontdesk` command: start the desk, or run an admin job (db upgrade, demo).

Kept light: it imports the database layer only for the admin subcommands, and
the desk app imports it in a worker after the first paint.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import replace
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator, Mapping, Sequence

from frontdesk.station.config import DEMO_DEFAULT_CASES, Settings, database_url, load_settings, write_default_config
from frontdesk.i18n import DeskError, choose_language, set_language, t

if TYPE_CHECKING:
    from screens.shell.app import FrontDeskApp

DEMO_SIZE_RANGE = (100, 5_000_000)
#: `db` jobs that work on the SQLite file itself rather than through the desk.
STORAGE_JOBS = ("encrypt", "decrypt")


#: Exit codes (also in --help and the README).
DONE, DONE_WITH_REJECTS, NOTHING_DONE = 0, 1, 2


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("frontdesk")
    except PackageNotFoundError:
        return "0.1.0"


def _shared_options(parser: argparse.ArgumentParser, *, after_command: bool) -> None:
    """Options every command takes, before it or after it (`frontdesk audit verify --db F`).

    After a command their defaults are suppressed, so one not typed there leaves the value typed
    before the command (or none) in place.
    """
    default = {"default": argparse.SUPPRESS} if after_command else {}
    parser.add_argument("--lang", choices=("zh", "en"), help="zh | en (default: config, then system locale)",
                        **default)
    parser.add_argument("--db", metavar="URL_OR_FILE", help="database URL or SQLite file (also FRONTDESK_DB)",
                        **default)
    parser.add_argument("--config", metavar="FILE", help="config file (default: the platform config folder)",
                        **default)
    parser.add_argument("--site", metavar="CODE", help="this machine's site code, e.g. LS or LS-02", **default)
    parser.add_argument("--encrypted", action="store_true",
                        help="create a new SQLite database encrypted (SQLCipher); the passphrase is asked for",
                        **({"default": argparse.SUPPRESS} if after_command else {"default": None}))
    parser.add_argument("--badge", metavar="BADGE",
                        help="the officer at the command (default: asked for; the config's officer_badge)",
                        **default)
    parser.add_argument("--password-file", metavar="FILE",
                        help="read the officer's password from FILE (readable only by this account), "
                             "for scheduled jobs", **default)


def _examples(*lines: str) -> str:
    return t("cli.examples") + "\n" + "\n".join(f"  {line}" for line in lines)


def _parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    shared = argparse.ArgumentParser(add_help=False)
    _shared_options(shared, after_command=True)

    def command(group, name: str, help_text: str, *examples: str) -> argparse.ArgumentParser:
        return group.add_parser(name, help=help_text, description=help_text, parents=[shared],
                                formatter_class=formatter, epilog=_examples(*examples) if examples else None)

    parser = argparse.ArgumentParser(
        prog="frontdesk", description=t("cli.description"), formatter_class=formatter,
        epilog=_examples("frontdesk", "frontdesk --lang zh", "frontdesk --demo",
                         "frontdesk audit verify --db /srv/frontdesk/frontdesk.sqlite",
                         "frontdesk import cases logbook-2023.xlsx --mapping old-book --badge 031245")
        + "\n\n" + t("cli.sign_in_note") + "\n\n" + t("cli.exit_codes"))
    parser.add_argument("--version", action="version", version=f"frontdesk {_version()}")
    _shared_options(parser, after_command=False)
    parser.add_argument("--demo", action="store_true", help="open a separate demo database, building it first if need be")
    parser.add_argument("--demo-size", type=int, metavar="CASES", help="cases in the demo database (default 3000)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    db = command(commands, "db", "database jobs", "frontdesk db upgrade --db /srv/frontdesk/frontdesk.sqlite")
    db_commands = db.add_subparsers(dest="db_command", metavar="JOB", required=True)
    command(db_commands, "upgrade", "migrate the database to this version's schema",
            "frontdesk db upgrade", "frontdesk db upgrade --db postgresql+psycopg://desk@db-host/frontdesk")
    command(db_commands, "current", "print the database's schema revision", "frontdesk db current --db F.sqlite")
    command(db_commands, "encrypt", "encrypt the SQLite database with a new passphrase (SQLCipher)",
            "frontdesk db encrypt --db outpost.sqlite")
    command(db_commands, "decrypt", "turn the encrypted SQLite database back into a plain file",
            "frontdesk db decrypt --db outpost.sqlite")
    backup = command(commands, "backup", "write a checked copy of the SQLite database, while desks work",
                     "frontdesk backup --badge 000001", "frontdesk backup --to /mnt/usb --keep 7 --badge 000001 "
                     "--password-file ~/.frontdesk-password")
    backup.add_argument("--keep", type=int, metavar="N", help="backups to keep (default: backup_keep, 14)")
    backup.add_argument("--to", metavar="DIR", help="folder for the backups (default: backup_dir)")
    restore = command(commands, "restore", "put a backup in place of the SQLite database (admin)",
                      "frontdesk restore backups/frontdesk-20261122-0300.sqlite --badge 000001")
    restore.add_argument("file", metavar="FILE", help="the backup file")
    audit = command(commands, "audit", "audit log jobs", "frontdesk audit verify --db F.sqlite")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="JOB", required=True)
    command(audit_commands, "verify", "check that no audit event was edited, deleted or reordered (supervisor)",
            "frontdesk audit verify", "frontdesk audit verify --db /srv/frontdesk/frontdesk.sqlite --badge 000001")
    from frontdesk.sync.cli import add_sync_commands

    add_sync_commands(commands, command)
    imports = command(commands, "import", "import records from files",
                      "frontdesk import cases logbook.csv --mapping old-book")
    import_commands = imports.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    cases = command(import_commands, "cases", "import a logbook (CSV or XLSX) as cases (supervisor)",
                    "frontdesk import cases logbook-2023.xlsx --dry-run",
                    "frontdesk import cases logbook-2023.xlsx --mapping old-book --badge 031245")
    cases.add_argument("file", metavar="FILE", help="the logbook: .csv (UTF-8 or GBK) or .xlsx")
    cases.add_argument("--mapping", metavar="NAME_OR_FILE", help="a saved mapping (mappings/ in the config folder)")
    cases.add_argument("--save-mapping", metavar="NAME", help="save the mapping used under this name")
    cases.add_argument("--dry-run", action="store_true", help="show the mapping and the first rows; import nothing")
    demo = command(commands, "demo", "build the demo database without opening the desk",
                   "frontdesk demo --size 10000", "frontdesk demo --db /tmp/big-demo.sqlite --size 100000")
    demo.add_argument("--size", type=int, metavar="CASES", help="cases to generate (default 3000)")
    return parser


def _pre_language(argv: Sequence[str], environ: Mapping[str, str]) -> None:
    """Choose the language before argparse prints anything (help, errors)."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    set_language(choose_language(lang, environ.get("FRONTDESK_LANG", ""), environ))


def _settings(args: argparse.Namespace, environ: Mapping[str, str]) -> Settings:
    from pathlib import Path

    settings = load_settings(
        config_path=Path(args.config) if args.config else None,
        environ=environ,
        overrides={"site_code": args.site, "language": args.lang, "encrypted": args.encrypted},
    )
    set_language(choose_language(args.lang, settings.language, environ))
    return settings


def _demo_cases(args: argparse.Namespace) -> int | None:
    size = getattr(args, "size", None) or args.demo_size
    if not (args.demo or args.command == "demo" or size):
        return None
    size = size or DEMO_DEFAULT_CASES
    low, high = DEMO_SIZE_RANGE
    if not low <= size <= high:
        raise DeskError("cli.bad_demo_size")
    return size


def demo_settings(settings: Settings) -> Settings:
    """The demo has its own station and officer, whatever the real config says."""
    return replace(
        settings,
        station_code="LS",
        site_code="LS",
        station_name=t("demo.station"),
        site_name="",
        officer_name=t("demo.officer"),
        officer_badge="031245",
    )


def prepare(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None):
    """Parse the command line and settings: (args, settings, url, demo_cases)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if environ is None else environ
    _pre_language(argv, environ)
    args = _parser().parse_args(argv)
    settings = _settings(args, environ)
    demo_cases = _demo_cases(args)
    if demo_cases is not None:
        settings = demo_settings(settings)
    url = database_url(settings, flag=args.db or None, demo_cases=demo_cases)
    if demo_cases is not None and args.db:
        # The demo is built where --db says; it is a SQLite file of its own, never a station's server.
        url = database_url(settings, flag=args.db)
        if "://" in args.db and not url.startswith("sqlite"):
            raise DeskError("cli.demo_needs_sqlite", url=args.db.split("@")[-1])
    return args, settings, url, demo_cases


def build_app(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None, **app_options) -> FrontDeskApp:
    """The desk app exactly as `frontdesk` would start it (tests use this too)."""
    from screens.shell.app import FrontDeskApp, Launch

    _args, settings, url, demo_cases = prepare(argv, environ)
    return FrontDeskApp(Launch(settings=settings, url=url, demo_cases=demo_cases), **app_options)


def _log_to_file(settings: Settings) -> None:
    from platformdirs import user_log_path

    folder = user_log_path("frontdesk", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(folder / "frontdesk.log", encoding="utf-8")
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


class MaskingFormatter(logging.Formatter):
    """Log lines (tracebacks and database messages included) with phone and ID numbers masked."""

    def format(self, record: logging.LogRecord) -> str:
        from frontdesk.validation import mask_numbers

        return mask_numbers(super().format(record))


def _run_job(args: argparse.Namespace, settings: Settings, url: str, demo_cases: int | None) -> int:
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
        return _verify_audit(url)
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
            print(t("cli.demo_built", where=desk.where, cases=f"{demo_cases or DEMO_DEFAULT_CASES:,}"))
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


def _verify_audit(url: str) -> int:
    """`frontdesk audit verify`: 0 if every site's chain is whole, 1 (and where) if not."""
    from db.engine import read_session
    from frontdesk.access.audit import verify
    from frontdesk.errors import officer_words
    from frontdesk.station.opening import connect

    engine = connect(url)
    try:
        with officer_words(), read_session(engine) as session:
            report = verify(session)
    finally:
        engine.dispose()
    for site, (seq, digest) in sorted(report.heads.items()):
        print(t("audit.head", site=site, seq=f"{seq:,}", hash=digest))
    for problem in report.problems:
        print(t(f"audit.problem.{problem.kind}", site=problem.site, seq=problem.seq, detail=problem.detail))
    print(t("audit.intact" if report.intact else "audit.broken", events=f"{report.events:,}",
            count=len(report.problems)))
    return 0 if report.intact else 1


def _terminal_says(text: str) -> None:
    print(text, file=sys.stderr)


def _ask_passphrase(args: argparse.Namespace, settings: Settings, url: str) -> None:
    """An encrypted database: ask for its passphrase at the terminal (held in memory only)."""
    import getpass

    from frontdesk.station.encryption import ask_at_terminal

    if args.command == "db" and args.db_command == "encrypt":
        return  # asks for a new passphrase itself
    ask_at_terminal(url, encrypted=settings.encrypted, ask=getpass.getpass, say=_terminal_says)


def _run_storage_job(args: argparse.Namespace, settings: Settings, url: str, officer=None) -> int:
    """`backup`, `restore`, `db encrypt`, `db decrypt`: file jobs on the SQLite database."""
    import getpass
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
            passphrase = encryption.ask_new_passphrase(getpass.getpass, _terminal_says)
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
            print(t("backup.kept", kept=done.kept, folder=folder, keep=keep))
            if officer is not None:
                audit_command(url, settings, officer, "backup", reason=str(done.path))
        else:
            source = Path(args.file).expanduser()
            passphrase = _backup_passphrase(source, url) if backup.backup_is_encrypted(source) else None
            done = backup.restore_database(url, source, source_passphrase=passphrase, keep_folder=folder,
                                           now=now, zone=zone)
            print(t("restore.done", source=source, path=done.path, revision=done.revision))
            if officer is not None:
                audit_command(url, settings, officer, "restore", reason=str(source))
            if done.kept_as != Path():
                print(t("restore.kept", path=done.kept_as))
            if passphrase is not None:
                print(t("restore.encrypted_note"))
    except OSError as exc:
        raise DeskError("backup.failed", detail=exc.strerror or str(exc)) from exc
    return 0


def _backup_passphrase(source, url: str) -> str:
    """The passphrase of an encrypted backup: the database's own if it opens it, else asked for."""
    import getpass

    from db import cipher
    from frontdesk.station.encryption import CLI_TRIES, database_file

    path = database_file(url)
    held = cipher.held_passphrase(path) if path is not None else None
    for attempt in range(CLI_TRIES + 1):
        passphrase = held if attempt == 0 else getpass.getpass(t("restore.ask", path=source))
        if passphrase is None:
            continue
        try:
            cipher.check_passphrase(source, passphrase)
            return passphrase
        except cipher.WrongPassphraseError:
            if attempt:
                _terminal_says(t("cipher.wrong"))
    raise DeskError("cipher.gave_up", tries=CLI_TRIES)


# ---- who is at the command ------------------------------------------------------------

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
    return None


def read_password_file(name: str) -> str:
    """The first line of a password file that only this account may read (a group- or
    world-readable one is refused: anyone who can read it can act as the officer)."""
    from pathlib import Path
    import stat

    path = Path(name).expanduser()
    try:
        mode = path.stat().st_mode
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise DeskError("cli.password_file_open", path=str(path), mode=oct(stat.S_IMODE(mode)))
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DeskError("cli.password_file_unreadable", path=str(path), detail=exc.strerror or str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise DeskError("cli.password_file_unreadable", path=str(path), detail=str(exc)) from exc
    return lines[0] if lines else ""


def _badge(args: argparse.Namespace, settings: Settings) -> str:
    badge = (getattr(args, "badge", None) or settings.officer_badge or "").strip()
    if badge:
        return badge
    if not sys.stdin.isatty():
        raise DeskError("cli.no_badge")
    return input(t("cli.ask_badge")).strip()


def _no_station_yet(url: str) -> bool:
    from db.engine import sqlite_path

    path = sqlite_path(url)
    return path is not None and not path.exists()


def sign_in_at_terminal(args: argparse.Namespace, settings: Settings, url: str, action: str):
    """Badge and password of the officer at the command, checked like the sign-in screen's (audited,
    wrong ones counted toward the lock-out), and their role checked for `action`. The signed-in
    officer (frontdesk.access.signin.SignedIn) is returned; a refusal is a DeskError, and nothing else
    of the station is written."""
    import getpass
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from db.engine import write_session
    from frontdesk.access import signin
    from frontdesk.access.roles import require
    from frontdesk.errors import officer_words
    from frontdesk.records import Actor
    from frontdesk.station.opening import connect, migrate

    if _no_station_yet(url):
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
                password = read_password_file(from_file) if from_file else getpass.getpass(
                    t("cli.ask_password", badge=badge))
                with write_session(engine) as session:
                    outcome = signin.sign_in(session, badge=badge, password=password, site=settings.site_code,
                                             now=datetime.now(timezone.utc), lockout_minutes=settings.lockout_minutes,
                                             zone=ZoneInfo(settings.timezone))
                    session.commit()
                if outcome.officer is not None:
                    break
                if outcome.refusal.key in ("signin.wrong", "signin.wrong_left") and not from_file \
                        and attempt + 1 < SIGN_IN_TRIES:
                    _terminal_says(outcome.refusal.message)
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
            _terminal_says(t("cli.waiting_turn"))
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
                _terminal_says(t("cli.waiting_turn"))
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()
    finally:
        engine.dispose()


def _takes_turns(args: argparse.Namespace) -> bool:
    return (args.command in ("restore", "import")
            or (args.command == "sync" and args.sync_command in ("import", "enrol", "outpost")))


def _enrol_then_sign_in(args: argparse.Namespace, settings: Settings, url: str) -> int:
    """`sync enrol` on a laptop with no database yet: the officers come with the station's kit, so the
    officer signs in once it is in; if they cannot, the new database is removed (nothing stays)."""
    from frontdesk.desk import remove_sqlite_files
    from frontdesk.sync.cli import run_sync

    try:
        done = run_sync(args, settings, url)
        sign_in_at_terminal(args, settings, url, "")
    except BaseException:
        remove_sqlite_files(url)
        raise
    return done


def _refuse_a_station_as_demo(url: str) -> None:
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


def _run(args: argparse.Namespace, settings: Settings, url: str, demo_cases: int | None) -> int:
    if demo_cases is not None and args.db:
        _refuse_a_station_as_demo(url)
    if args.command is not None and demo_cases is None:
        _ask_passphrase(args, settings, url)
    action = needed_role_action(args)
    officer = None
    if action is None:  # every option is honoured or refused: no sign-in here, so no badge to take
        for option, value in (("--badge", getattr(args, "badge", None)),
                              ("--password-file", getattr(args, "password_file", None))):
            if value:
                raise DeskError("cli.option_unused", option=option)
    if args.command in ("backup", "restore"):
        from db.engine import sqlite_path

        if sqlite_path(url) is None:  # a file job: said before anyone is asked to sign in for nothing
            raise DeskError("backup.postgres")
    if action is not None:
        if args.command == "sync" and args.sync_command == "enrol" and _no_station_yet(url):
            return _enrol_then_sign_in(args, settings, url)
        officer = sign_in_at_terminal(args, settings, url, action)
        settings = as_officer(settings, officer)
    if args.command in ("backup", "restore") or (args.command == "db" and args.db_command in STORAGE_JOBS):
        return _run_storage_job(args, settings, url, officer)
    if args.command in ("db", "demo", "audit"):
        done = _run_job(args, settings, url, demo_cases)
        if args.command == "audit" and officer is not None:
            audit_command(url, settings, officer, "audit_verify", reason="intact" if done == DONE else "broken")
        return done
    if args.command == "import":
        from frontdesk.desk import open_desk
        from frontdesk.intake.cli import import_from_command_line

        desk = open_desk(settings, url)
        try:
            return import_from_command_line(args, desk.intake)
        finally:
            desk.close()
    if args.command == "sync":
        from frontdesk.sync.cli import run_sync

        return run_sync(args, settings, url)
    from screens.shell.app import FrontDeskApp, Launch

    FrontDeskApp(Launch(settings=settings, url=url, demo_cases=demo_cases)).run()
    return DONE


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args, settings, url, demo_cases = prepare(argv)
        _log_to_file(settings)
        if settings.config_path is not None and demo_cases is None:
            # A commented file for the admin to fill in: station name, officer, database.
            write_default_config(settings.config_path, Settings())
        if _takes_turns(args):
            with taking_turns(url):
                return _run(args, settings, url, demo_cases)
        return _run(args, settings, url, demo_cases)
    except DeskError as exc:
        print(exc.message, file=sys.stderr)
        return NOTHING_DONE
    except EOFError:  # a passphrase asked for with nothing to read it from (a script, a closed input)
        print(t("cipher.no_input"), file=sys.stderr)
        return NOTHING_DONE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
