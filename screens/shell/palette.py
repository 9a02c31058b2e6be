"""The command palette (ctrl+p) in the officer's language.

Textual's palette lists the app's system commands (FrontDeskApp.get_system_commands: the
screen's own keyed actions, help and quit, with their catalogue texts) and, when nothing
matches, says "No matches found" in English. The desk's provider says it in the officer's
language instead, as a line of the list: a hit that does nothing when chosen.
"""

from __future__ import annotations

from rich.text import Text
from textual.command import Hit, Hits
from textual.system_commands import SystemCommandsProvider

from frontdesk.i18n import t


class DeskCommands(SystemCommandsProvider):
    """The app's commands; "nothing matches" in the officer's language when none does."""

    async def search(self, query: str) -> Hits:
        found = False
        async for hit in super().search(query):
            found = True
            yield hit
        if not found and query.strip():
            yield Hit(1e-9, Text(t("palette.no_matches", typed=query.strip()), style="italic"), _nothing,
                      help=t("palette.no_matches.tip"))


def _nothing() -> None:
    """Choosing the "nothing matches" line closes the palette and does nothing else."""
