"""The `frontdesk` command: start the desk, or run an admin job (db upgrade, demo).

Kept light: it imports the database layer only for the admin subcommands, and
the desk app imports it in a worker after the first paint. Who is at a command
(signing in at the terminal, long writers taking turns) is in `signin`; the admin
jobs (database, backup and restore, the audit chain) are in `jobs`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Mapping, Sequence

from frontdesk.station.config import DEMO_DEFAULT_CASES, Settings, database_url, load_settings, write_default_config
from frontdesk.cli.words import DeskHelpFormatter, choose_before_parsing
from frontdesk.i18n import DeskError, choose_language, set_language, t

if TYPE_CHECKING:
    from screens.shell.app import FrontDeskApp

DEMO_SIZE_RANGE = (100, 5_000_000)
#: Exit codes (as frontdesk.cli.jobs says them; that module is loaded only for a command).
DONE, NOTHING_DONE = 0, 2


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("frontdesk")
    except PackageNotFoundError:
        return "0.1.0"


def _shared_options(parser: argparse.ArgumentParser, *, after_command: bool, signs_in: bool = True) -> None:
    """Options every command takes, before it or after it (`frontdesk audit verify --db F`, `… --demo`).

    After a command their defaults are suppressed, so one not typed there leaves the value typed
    before the command (or none) in place. A command that takes no sign-in (`db upgrade`, `demo`) does not
    list --badge and --password-file in its help; typed anyway, they are refused by name.
    """
    default = {"default": argparse.SUPPRESS} if after_command else {}
    parser.add_argument("--lang", choices=("zh", "en"), help=t("cli.help.lang"),
                        **default)
    parser.add_argument("--db", metavar="URL_OR_FILE", help=t("cli.help.db"),
                        **default)
    parser.add_argument("--config", metavar="FILE", help=t("cli.help.config"),
                        **default)
    parser.add_argument("--site", metavar="CODE", help=t("cli.help.site"), **default)
    parser.add_argument("--encrypted", action="store_true",
                        help=t("cli.help.encrypted"),
                        **({"default": argparse.SUPPRESS} if after_command else {"default": None}))
    parser.add_argument("--badge", metavar="BADGE",
                        help=t("cli.help.badge") if signs_in else argparse.SUPPRESS,
                        **default)
    parser.add_argument("--password-file", metavar="FILE",
                        help=t("cli.help.password_file") if signs_in else argparse.SUPPRESS, **default)
    parser.add_argument("--demo", action="store_true", help=t("cli.help.demo"),
                        **({"default": argparse.SUPPRESS} if after_command else {"default": False}))
    parser.add_argument("--demo-size", type=int, metavar="CASES", help=t("cli.help.demo_size"), **default)


class _VersionAction(argparse._VersionAction):
    """--version, asking the installed package for its version only when it is typed
    (importlib.metadata costs every start some 25 ms otherwise)."""

    def __call__(self, parser, namespace, values, option_string=None):
        self.version = f"frontdesk {_version()}"
        super().__call__(parser, namespace, values, option_string)


def _examples(*lines: str) -> str:
    return t("cli.examples") + "\n" + "\n".join(f"  {line}" for line in lines)


def _parser() -> argparse.ArgumentParser:
    formatter = DeskHelpFormatter
    shared = argparse.ArgumentParser(add_help=False)
    _shared_options(shared, after_command=True)
    unsigned = argparse.ArgumentParser(add_help=False)  # the commands that take no sign-in
    _shared_options(unsigned, after_command=True, signs_in=False)

    def command(group, name: str, help_text: str, *examples: str, signs_in: bool = True) -> argparse.ArgumentParser:
        return group.add_parser(name, help=help_text, description=help_text,
                                parents=[shared if signs_in else unsigned], formatter_class=formatter,
                                epilog=_examples(*examples) if examples else None)

    parser = argparse.ArgumentParser(
        prog="frontdesk", description=t("cli.description"), formatter_class=formatter,
        epilog=_examples("frontdesk", "frontdesk --lang zh", "frontdesk --demo",
                         "frontdesk audit verify --db /srv/frontdesk/frontdesk.sqlite",
                         "frontdesk import cases logbook-2023.xlsx --mapping old-book --badge 031245")
        + "\n\n" + t("cli.sign_in_note") + "\n\n" + t("cli.exit_codes"))
    parser.add_argument("--version", action=_VersionAction, help=t("cli.help.version"))
    _shared_options(parser, after_command=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    db = command(commands, "db", t("cli.help.db_jobs"), "frontdesk db upgrade --db /srv/frontdesk/frontdesk.sqlite",
                 signs_in=False)
    db_commands = db.add_subparsers(dest="db_command", metavar="JOB", required=True)
    command(db_commands, "upgrade", t("cli.help.upgrade"), "frontdesk db upgrade",
            "frontdesk db upgrade --db postgresql+psycopg://desk@db-host/frontdesk", signs_in=False)
    command(db_commands, "current", t("cli.help.current"), "frontdesk db current --db F.sqlite", signs_in=False)
    command(db_commands, "encrypt", t("cli.help.encrypt"), "frontdesk db encrypt --db outpost.sqlite", signs_in=False)
    command(db_commands, "decrypt", t("cli.help.decrypt"), "frontdesk db decrypt --db outpost.sqlite", signs_in=False)
    backup = command(commands, "backup", t("cli.help.backup"),
                     "frontdesk backup --badge 000001", "frontdesk backup --to /mnt/usb --keep 7 --badge 000001",
                     "frontdesk backup --badge 000001 --password-file ~/.frontdesk-password")
    backup.add_argument("--keep", type=int, metavar="N", help=t("cli.help.backup_keep"))
    backup.add_argument("--to", metavar="DIR", help=t("cli.help.backup_to"))
    restore = command(commands, "restore", t("cli.help.restore"),
                      "frontdesk restore backups/frontdesk-20261122-0300.sqlite --badge 000001")
    restore.add_argument("file", metavar="FILE", help=t("cli.help.restore_file"))
    audit = command(commands, "audit", t("cli.help.audit"), "frontdesk audit verify --db F.sqlite")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="JOB", required=True)
    command(audit_commands, "verify", t("cli.help.verify"),
            "frontdesk audit verify", "frontdesk audit verify --db /srv/frontdesk/frontdesk.sqlite --badge 000001")
    from frontdesk.sync.cli import add_sync_commands

    add_sync_commands(commands, command)
    from frontdesk.tags.cli import add_tag_commands

    add_tag_commands(commands, command)
    imports = command(commands, "import", t("cli.help.import"),
                      "frontdesk import cases logbook.csv --mapping old-book")
    import_commands = imports.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    cases = command(import_commands, "cases", t("cli.help.import_cases"),
                    "frontdesk import cases logbook-2023.xlsx --dry-run",
                    "frontdesk import cases logbook-2023.xlsx --mapping old-book --badge 031245")
    cases.add_argument("file", metavar="FILE", help=t("cli.help.logbook"))
    cases.add_argument("--mapping", metavar="NAME_OR_FILE", help=t("cli.help.mapping"))
    cases.add_argument("--save-mapping", metavar="NAME", help=t("cli.help.save_mapping"))
    cases.add_argument("--dry-run", action="store_true", help=t("cli.help.dry_run"))
    unseal = command(commands, "unseal", t("cli.help.unseal"),
                     "frontdesk unseal receipts/LS-02-20261122-0001.txt.fdsealed --to /media/usb")
    unseal.add_argument("files", nargs="+", metavar="FILE", help=t("cli.help.unseal_files"))
    unseal.add_argument("--to", required=True, metavar="DIR", help=t("cli.help.unseal_to"))
    demo = command(commands, "demo", t("cli.help.demo_build"),
                   "frontdesk demo --size 10000", "frontdesk demo --db /tmp/big-demo.sqlite --size 100000",
                   signs_in=False)
    demo.add_argument("--size", type=int, metavar="CASES", help=t("cli.help.demo_cases"))
    return parser


def _no_arguments() -> argparse.Namespace:
    """What `_parser().parse_args([])` gives (a test holds them equal), without building the
    parser and its sixty translated help lines for the officer who just types `frontdesk`."""
    return argparse.Namespace(lang=None, db=None, config=None, site=None, encrypted=None, badge=None,
                              password_file=None, demo=False, demo_size=None, command=None)


def _parsed(argv: Sequence[str]) -> argparse.Namespace:
    """The command line parsed, an option taken between a command's files too: argparse ends a list of
    files (`unseal A --lang zh B`) at the option and would refuse the files after it."""
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra and isinstance(getattr(args, "files", None), list) and not any(a.startswith("-") for a in extra):
        args.files += extra
    elif extra:
        parser.error(t("cli.argparse.unrecognized") % " ".join(extra))
    return args


def _pre_language(argv: Sequence[str], environ: Mapping[str, str]) -> None:
    """Choose the language before argparse prints anything (help, errors): see `words`."""
    choose_before_parsing(argv, environ)


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
    args = _parsed(argv) if argv else _no_arguments()
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


def _run(args: argparse.Namespace, settings: Settings, url: str, demo_cases: int | None) -> int:
    from frontdesk.cli.jobs import (STORAGE_JOBS, ask_passphrase, refuse_a_station_as_demo, run_job,
                                    run_storage_job, run_unseal)
    from frontdesk.cli.signin import (as_officer, audit_command, enrol_then_sign_in, needed_role_action,
                                      no_station_yet, sign_in_at_terminal)

    if demo_cases is not None and args.db:
        refuse_a_station_as_demo(url)
    if args.command is not None and demo_cases is None:
        ask_passphrase(args, settings, url)
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
        if args.command == "sync" and args.sync_command == "enrol" and no_station_yet(url):
            return enrol_then_sign_in(args, settings, url)
        officer = sign_in_at_terminal(args, settings, url, action)
        settings = as_officer(settings, officer)
    if args.command in ("backup", "restore") or (args.command == "db" and args.db_command in STORAGE_JOBS):
        return run_storage_job(args, settings, url, officer)
    if args.command in ("db", "demo", "audit"):
        done = run_job(args, settings, url, demo_cases)
        if args.command == "audit" and officer is not None:
            audit_command(url, settings, officer, "audit_verify", reason=t("audit.reason.intact" if done == DONE else "audit.reason.broken"))
        return done
    if args.command == "unseal":
        return run_unseal(args, settings, url, officer)
    if args.command == "import":
        from frontdesk.desk import open_desk
        from frontdesk.intake.cli import import_from_command_line

        desk = open_desk(settings, url)
        try:
            return import_from_command_line(args, desk.intake)
        finally:
            desk.close()
    if args.command == "tags":
        from frontdesk.desk import open_desk
        from frontdesk.tags.cli import run_tags

        desk = open_desk(settings, url)
        try:
            return run_tags(args, desk.tags)
        finally:
            desk.close()
    if args.command == "sync":
        from frontdesk.sync.cli import run_sync

        return run_sync(args, settings, url)
    from screens.shell.app import FrontDeskApp, Launch

    FrontDeskApp(Launch(settings=settings, url=url, demo_cases=demo_cases)).run()
    return DONE


class _OutputMayClose:
    """A command's standard output whose reader may stop reading (`| head`, a pager quit, a log shipper that
    died): what is written after that goes nowhere and the job goes on to its end, audited, its exit code
    saying how it went, rather than stopping half-way with a traceback."""

    def __init__(self, stream):
        self.stream = stream

    def _gone(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self.stream.fileno())  # (the interpreter's own flush at exit then finds nothing broken)
        os.close(devnull)

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            self._gone()
            return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            self._gone()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args, settings, url, demo_cases = prepare(argv)
        if args.command is not None and not isinstance(sys.stdout, _OutputMayClose):
            sys.stdout = _OutputMayClose(sys.stdout)
        _log_to_file(settings)
        if settings.config_path is not None and demo_cases is None:
            # A commented file for the admin to fill in: station name, officer, database.
            write_default_config(settings.config_path, Settings())
        from frontdesk.cli.arguments import check_before_sign_in
        from frontdesk.cli.signin import takes_turns, taking_turns

        if args.command is not None:  # what was typed, before a password is asked or a turn waited for
            check_before_sign_in(args, settings, url, demo_cases)
        if takes_turns(args):
            with taking_turns(url):
                return _run(args, settings, url, demo_cases)
        return _run(args, settings, url, demo_cases)
    except DeskError as exc:
        print(exc.message, file=sys.stderr)
        return NOTHING_DONE
    except OSError as exc:  # a file or folder the command was given that it could not write or read (--out a file)
        from frontdesk.i18n import os_reason

        key = "cli.file_failed" if exc.filename else "cli.failed"  # (a full disk, an I/O error: no path to name)
        print(t(key, path=str(exc.filename), reason=os_reason(exc)), file=sys.stderr)
        return NOTHING_DONE
    except EOFError:  # a passphrase asked for with nothing to read it from (a script, a closed input)
        print(t("cipher.no_input"), file=sys.stderr)
        return NOTHING_DONE
    except KeyboardInterrupt:
        print("\n" + t("cli.stopped"), file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
