"""`frontdesk tags apply-rules`: the station's tag rules over every person already recorded."""

from __future__ import annotations

import argparse

from frontdesk.i18n import t


def add_tag_commands(commands, command) -> None:
    """The `tags` jobs; `command(group, name, help, *examples)` makes a sub-command with the shared options."""
    tags = command(commands, "tags", t("cli.help.tags"), "frontdesk tags apply-rules --badge 000001")
    jobs = tags.add_subparsers(dest="tags_command", metavar="JOB", required=True)
    command(jobs, "apply-rules", t("cli.help.tags_apply_rules"), "frontdesk tags apply-rules",
            "frontdesk tags apply-rules --db /srv/frontdesk/frontdesk.sqlite --badge 000001")


def run_tags(args: argparse.Namespace, tags) -> int:
    """Run a `tags` job on the desk's TagDesk (frontdesk.cli opens the desk as the signed-in officer)."""
    done = tags.apply_rules()
    print(t("tags.cli.applied", put=f"{done.put:,}", taken=f"{done.taken_off:,}", count=done.put))
    return 0
