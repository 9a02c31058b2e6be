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
from typing import TYPE_CHECKING, Mapping, Sequence

from frontdesk.station.config import DEMO_DEFAULT_CASES, Settings, database_url, load_settings, write_default_config
from frontdesk.i18n import DeskError, choose_language, set_language, t

if TYPE_CHECKING:
    from screens.shell.app import FrontDeskApp

DEMO_SIZE_RANGE = (100, 5_000_000)
#: `db` jobs that work on the SQLite file itself rather than through the desk.
STORAGE_JOBS = ("encrypt", "decrypt")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frontdesk", description=t("cli.description"))
    parser.add_argument("--lang", choices=("zh", "en"), help="zh | en (default: config, then system locale)")
    parser.add_argument("--db", metavar="URL_OR_FILE", help="database URL or SQLite file (also FRONTDESK_DB)")
    parser.add_argument("--config", metavar="FILE", help="config file (default: the platform config folder)")
    parser.add_argument("--site", metavar="CODE", help="this machine's site code, e.g. LS or LS-02")
    parser.add_argument("--demo", action="store_true", help="open a separate demo database, building it first if need be")
    parser.add_argument("--demo-size", type=int, metavar="CASES", help="cases in the demo database (default 3000)")
    parser.add_argument("--encrypted", action="store_true", default=None,
                        help="create a new SQLite database encrypted (SQLCipher); the passphrase is asked for")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    db = commands.add_parser("db", help="database jobs")
    db_commands = db.add_subparsers(dest="db_command", metavar="JOB", required=True)
    db_commands.add_parser("upgrade", help="migrate the database to this version's schema")
    db_commands.add_parser("current", help="print the database's schema revision")
    db_commands.add_parser("encrypt", help="encrypt the SQLite database with a new passphrase (SQLCipher)")
    db_commands.add_parser("decrypt", help="turn the encrypted SQLite database back into a plain file")
    backup = commands.add_parser("backup", help="write a checked copy of the SQLite database, while desks work")
    backup.add_argument("--keep", type=int, metavar="N", help="backups to keep (default: backup_keep, 14)")
    backup.add_argument("--to", metavar="DIR", help="folder for the backups (default: backup_dir)")
    restore = commands.add_parser("restore", help="put a backup in place of the SQLite database")
    restore.add_argument("file", metavar="FILE", help="the backup file")
    audit = commands.add_parser("audit", help="audit log jobs")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="JOB", required=True)
    audit_commands.add_parser("verify", help="check that no audit event was edited, deleted or reordered")
    from frontdesk.sync.cli import add_sync_commands

    add_sync_commands(commands)
    imports = commands.add_parser("import", help="import records from files")
    import_commands = imports.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    cases = import_commands.add_parser("cases", help="import a logbook (CSV or XLSX) as cases")
    cases.add_argument("file", metavar="FILE", help="the logbook: .csv (UTF-8 or GBK) or .xlsx")
    cases.add_argument("--mapping", metavar="NAME_OR_FILE", help="a saved mapping (mappings/ in the config folder)")
    cases.add_argument("--save-mapping", metavar="NAME", help="save the mapping used under this name")
    cases.add_argument("--dry-run", action="store_true", help="show the mapping and the first rows; import nothing")
    demo = commands.add_parser("demo", help="build the demo database without opening the desk")
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


def _run_storage_job(args: argparse.Namespace, settings: Settings, url: str) -> int:
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
        else:
            source = Path(args.file).expanduser()
            passphrase = _backup_passphrase(source, url) if backup.backup_is_encrypted(source) else None
            done = backup.restore_database(url, source, source_passphrase=passphrase, keep_folder=folder,
                                           now=now, zone=zone)
            print(t("restore.done", source=source, path=done.path, revision=done.revision))
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


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args, settings, url, demo_cases = prepare(argv)
        _log_to_file(settings)
        if settings.config_path is not None and demo_cases is None:
            # A commented file for the admin to fill in: station name, officer, database.
            write_default_config(settings.config_path, Settings())
        if args.command is not None and demo_cases is None:
            _ask_passphrase(args, settings, url)
        if args.command in ("backup", "restore") or (args.command == "db" and args.db_command in STORAGE_JOBS):
            return _run_storage_job(args, settings, url)
        if args.command in ("db", "demo", "audit"):
            return _run_job(args, settings, url, demo_cases)
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
        return 0
    except DeskError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except EOFError:  # a passphrase asked for with nothing to read it from (a script, a closed input)
        print(t("cipher.no_input"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
