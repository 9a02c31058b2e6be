"""The command palette (ctrl+p) in the officer's language.

Textual's palette lists the app's system commands (FrontDeskApp.get_system_commands: the
screen's own keyed actions, help and quit, with their catalogue texts) and, when nothing
matches, says "No matches found" in English. The desk's provider says it in the officer's
language instead, as a line of the list: a hit that does nothing when chosen.
"""

from __future__ import annotations

from functools import partial
from typing import Iterable

from rich.text import Text
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import Hit, Hits
from textual.screen import Screen
from textual.system_commands import SystemCommandsProvider

from frontdesk.i18n import t
from screens.shell.areas import with_key


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


class DeskPalette:
    """The app's side of the palette: opened with the desk's placeholder, listing what the officer can do here."""

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("palette.placeholder")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists what the officer can do here, in their language."""
        commands_of = getattr(screen, "palette_commands", None)
        if commands_of is not None:
            yield from commands_of()
        else:
            yield from self.binding_commands(screen)
            yield from self.area_commands(screen)
        yield SystemCommand(t("key.help"), with_key(t("key.help.tip"), "help", screen), self.action_help)
        yield SystemCommand(t("key.quit"), with_key(t("key.quit.tip"), "quit", screen), self.exit)

    def binding_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The screen's own keyed actions, as its footer and help name them (screen.active_bindings).

        Not the focus keys every Textual screen has: they are not the desk's actions.
        """
        seen = {binding.action for base in type(screen).__mro__ if base.__module__.split(".")[0] == "textual"
                for binding in Binding.make_bindings(base.__dict__.get("BINDINGS", []))}
        for active in screen.active_bindings.values():
            binding = active.binding
            if active.node is not screen or not binding.description or not active.enabled:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(binding.description,
                                with_key(active.tooltip or binding.description, binding.action, screen),
                                partial(self.run_action, binding.action, screen))
