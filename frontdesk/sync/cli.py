"""`frontdesk sync …`: bundles, keys and outposts from the command line.

The jobs act as the officer who signed in at the command (frontdesk.cli asks for the
badge and password first); an admin job such as setting up an outpost needs an admin.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from frontdesk.station.config import Settings
from frontdesk.i18n import t


def add_sync_commands(commands, command) -> None:
    """The `sync` jobs; `command(group, name, help, *examples)` makes a sub-command with the shared options."""
    sync = command(commands, "sync", t("cli.help.sync"),
                   "frontdesk sync export --db F.sqlite", "frontdesk sync import LS-02-20261122.fdsync")
    jobs = sync.add_subparsers(dest="sync_command", metavar="JOB", required=True)
    export = command(jobs, "export", t("cli.help.sync_export"),
                     "frontdesk sync export", "frontdesk sync export --for LS-02 --out /media/usb")
    export.add_argument("--for", dest="to_site", metavar="SITE",
                        help=t("cli.help.sync_for"))
    export.add_argument("--since", type=_change_number, metavar="SEQ",
                        help=t("cli.help.sync_since"))
    export.add_argument("--out", metavar="DIR", help=t("cli.help.sync_out"))
    imp = command(jobs, "import", t("cli.help.sync_import"),
                  "frontdesk sync import /media/usb/LS-02-20261122.fdsync")
    imp.add_argument("file", metavar="FILE", help=t("cli.help.sync_import_file"))
    command(jobs, "status", t("cli.help.sync_status"), "frontdesk sync status")
    command(jobs, "key", t("cli.help.sync_key"), "frontdesk sync key")
    trust = command(jobs, "trust", t("cli.help.sync_trust"),
                    "frontdesk sync trust LS-02 LS-02.pub")
    trust.add_argument("peer", metavar="SITE", help=t("cli.help.sync_trust_site"))
    trust.add_argument("key", metavar="KEY_OR_FILE", help=t("cli.help.sync_trust_key"))
    outpost = command(jobs, "outpost", t("cli.help.sync_outpost"),
                      "frontdesk sync outpost LS-02 --name 东关警务室")
    outpost.add_argument("outpost", metavar="SITE", help=t("cli.help.sync_outpost_site"))
    outpost.add_argument("--name", default="", help=t("cli.help.sync_outpost_name"))
    outpost.add_argument("--out", metavar="DIR", help=t("cli.help.sync_outpost_out"))
    enrol = command(jobs, "enrol", t("cli.help.sync_enrol"),
                    "frontdesk --site LS-02 sync enrol /media/usb/LS-02.fdkit")
    enrol.add_argument("kit", metavar="FILE", help=t("cli.help.sync_enrol_file"))
    enrol.add_argument("--old-kit", action="store_true", help=t("cli.help.sync_enrol_old_kit"))


def _change_number(typed: str) -> int:
    """`--since N`: a change number, 0 or more (a negative one would send everything, unasked)."""
    text = typed.strip()
    if not (text.isascii() and text.isdigit()):  # (not int(), which takes "-5", "+5" and "1_000")
        raise argparse.ArgumentTypeError(t("sync.cli.bad_since", value=typed))
    return int(text)


def check_sync_files(args: argparse.Namespace, site: str) -> None:
    """The bundle or set-up file a job was given, checked by its first bytes before the officer signs in: there,
    a file, of its kind (and a set-up file for this site); what needs the database comes after."""
    from frontdesk.sync import bundle_read, outposts

    if args.sync_command == "import":
        bundle_read.read_parts(Path(args.file).expanduser())
    elif args.sync_command == "enrol":
        outposts.read_kit_for(Path(args.kit).expanduser(), site)


def _progress(done: int, total: int) -> None:
    if not sys.stdout.isatty():  # a log gets the summary line only
        return
    print(t("sync.cli.progress", done=f"{done:,}", total=f"{total:,}", count=total), flush=True)


def print_imported(result) -> None:
    if result.repeated:
        print(t("sync.cli.repeated", site=result.sender))
        return
    print(t("sync.cli.imported", site=result.sender, applied=f"{result.applied:,}", already=f"{result.already:,}",
            conflicts=result.conflicts, kept=result.kept_for_station, same=result.same_person))


def run_sync(args: argparse.Namespace, settings: Settings, url: str) -> int:
    from db.migrate import head_revision, known_revision
    from frontdesk.sync import exporting, importing, outposts, peers
    from frontdesk.sync.bundle import fingerprint
    from frontdesk.context import DeskContext
    from frontdesk.errors import officer_words
    from frontdesk.station.opening import open_station
    from frontdesk.sync.desk import SyncDesk

    if args.sync_command == "enrol":
        print_imported(enrol_from_kit(args, settings, url))
        return 0
    engine, on_duty = open_station(settings, url)
    ctx = DeskContext(settings=settings, engine=engine, on_duty=on_duty, url=url)
    folder = Path(settings.data_dir) / "sync"
    try:
        with officer_words():
            if args.sync_command == "export":
                to_site = args.to_site or settings.station_code
                out = Path(args.out) if args.out else folder / "out"
                done = exporting.export_bundle(ctx.engine, by=ctx.actor, to_site=to_site, folder=out,
                                               since=args.since, schema=head_revision())
                print(t("sync.cli.exported", site=to_site, path=done.path, total=f"{done.total:,}", count=done.total))
            elif args.sync_command == "import":
                print_imported(importing.import_bundle(ctx.engine, Path(args.file), by=ctx.actor,
                                                        known_revision=known_revision, progress=_progress))
            elif args.sync_command == "status":
                state = SyncDesk(ctx).state()
                print(t("sync.cli.state", site=state.site, kind=t(f"sync.kind.{state.kind}"),
                        changes=f"{state.own_changes:,}", count=state.own_changes, fingerprint=state.fingerprint,
                        conflicts=state.open_conflicts))
                for peer in state.peers:
                    print(t("sync.cli.peer", site=peer.site, name=peer.name, unsent=f"{peer.unsent:,}",
                            last_in=_when(peer.last_in), last_out=_when(peer.last_out),
                            fingerprint=peer.fingerprint))
            elif args.sync_command == "key":
                with ctx.writing() as session:
                    path, key = peers.public_key_file(session, ctx.actor.site, folder, now=ctx.clock())
                print(t("sync.cli.key", site=ctx.actor.site, key=key, fingerprint=fingerprint(key), path=path))
            elif args.sync_command == "trust":
                typed = Path(args.key)
                key = typed.read_text(encoding="ascii", errors="replace") if typed.is_file() else args.key
                with ctx.writing() as session:
                    peer = peers.trust(session, args.peer, key, by=ctx.actor, now=ctx.clock())
                print(t("sync.cli.trusted", site=args.peer, fingerprint=fingerprint(peer.public_key)))
            elif args.sync_command == "outpost":
                out = Path(args.out) if args.out else folder / "out"
                kit = outposts.add_outpost(ctx.engine, code=args.outpost, name=args.name, by=ctx.actor, folder=out,
                                           schema=head_revision())
                print(t("sync.cli.kit", site=kit.path.stem, path=kit.path))
                print(t("sync.cli.setup_code", site=kit.path.stem, code=kit.setup_code))
    finally:
        ctx.engine.dispose()
    return 0


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else t("sync.never")


#: Tries at the set-up code before the command gives up (a code read over the phone may be misheard).
CODE_TRIES = 3


def _opened_kit(path: Path, site: str, *, old_format: bool = False):
    """The kit at `path` opened with the set-up code the officer types, before any database is touched:
    a wrong code leaves nothing behind. A kit of the format before set-up codes only with `old_format`."""
    from frontdesk.i18n import DeskError
    from frontdesk.sync import outposts

    kit = outposts.read_kit_for(path, site)
    if not kit.needs_code:
        contents = kit.open(None, old_format=old_format)  # refused unless the officer said --old-kit
        print(t("sync.cli.old_kit", site=site), file=sys.stderr)
        return outposts.OpenedKit(file=kit, contents=contents)
    for attempt in range(1, CODE_TRIES + 1):
        try:
            typed = input(t("sync.cli.ask_setup_code", site=site))
        except EOFError as exc:
            raise DeskError("sync.kit_no_code", site=site) from exc
        try:
            return outposts.OpenedKit(file=kit, contents=kit.open(typed))
        except DeskError as exc:
            if attempt == CODE_TRIES or exc.key not in ("sync.kit_wrong_code", "sync.kit_code_form"):
                raise
            print(exc.message, file=sys.stderr)
    raise AssertionError("unreachable")


def enrol_from_kit(args: argparse.Namespace, settings: Settings, url: str):
    """Before the desk's first start: the kit opened with its code, then schema only, then everything
    from the station's kit. What it brought is returned for `print_imported` to say once the officer has
    signed in (a sign-in refused then removes it all)."""
    from db.migrate import known_revision
    from frontdesk.sync import outposts
    from frontdesk.errors import officer_words
    from frontdesk.records import Actor
    from frontdesk.station.opening import connect, migrate

    kit = _opened_kit(Path(args.kit), settings.site_code, old_format=args.old_kit)
    engine = connect(url)
    try:
        with officer_words():
            migrate(engine)
            with tempfile.TemporaryDirectory(dir=settings.data_dir) as scratch:
                result = outposts.enrol(engine, kit, by=Actor(site=settings.site_code, role="admin"),
                                        scratch=Path(scratch), known_revision=known_revision, progress=_progress)
    finally:
        engine.dispose()
    return result

