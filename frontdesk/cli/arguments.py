"""What a command was given, checked before anyone is asked for a password or a passphrase, and before a
long command waits its turn: files that must be there (and be files, of the kind the command reads, where the
first bytes tell), numbers in their range, and the database itself for a command that does not make one.
What needs the database (a role, a mapping saved there, a bundle's signature) is checked after the sign-in."""

from __future__ import annotations

import argparse
from pathlib import Path

from frontdesk.i18n import DeskError
from frontdesk.station.config import Settings


def check_before_sign_in(args: argparse.Namespace, settings: Settings, url: str, demo_cases: int | None) -> None:
    """A DeskError for the first thing given wrong; nothing is read from or written to the database."""
    if demo_cases is None:
        refuse_a_missing_database(args, settings, url)
    if args.command == "backup" and args.keep is not None:
        from frontdesk.station.backup import KEEP_RANGE

        if not KEEP_RANGE[0] <= args.keep <= KEEP_RANGE[1]:
            raise DeskError("backup.bad_keep", value=args.keep)
    elif args.command == "restore":
        from frontdesk.station.backup import backup_is_encrypted

        backup_is_encrypted(Path(args.file).expanduser())  # (there, a file, and a database by its first bytes)
    elif args.command == "import":
        from frontdesk.intake.logbook_file import check_logbook_path

        check_logbook_path(args.file)
    elif args.command == "sync":
        from frontdesk.sync.cli import check_sync_files

        check_sync_files(args, settings.site_code)
    elif args.command == "unseal":
        from frontdesk.sealing import check_sealed_file

        for name in args.files:
            check_sealed_file(Path(name).expanduser())


def makes_a_database(args: argparse.Namespace) -> bool:
    """The commands that make the station's database where there is none: the desk (it asks for the admin),
    `db upgrade`, `sync enrol` (an outpost's first database) and the demo."""
    return (args.command in (None, "demo")
            or (args.command == "db" and args.db_command == "upgrade")
            or (args.command == "sync" and args.sync_command == "enrol"))


def refuse_a_missing_database(args: argparse.Namespace, settings: Settings, url: str) -> None:
    """A command that does not make a database, given a SQLite path where there is none (a typo in --db, a stick
    not mounted): said so, with how a new station's database is made, and nothing (no folder) created. The
    station's own default path with no database yet is left to the sign-in, which says to create the admin."""
    from db.engine import sqlite_path

    path = sqlite_path(url)
    if path is None or path.exists() or makes_a_database(args):
        return
    from frontdesk.cli.signin import needed_role_action

    named = bool(getattr(args, "db", None) or settings.database_url)
    if named or needed_role_action(args) is None:
        raise DeskError("cli.no_database_at", path=str(path))
