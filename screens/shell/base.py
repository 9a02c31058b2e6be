"""What every Front Desk screen shares: localized keys, role checks, and database work through the router."""

from __future__ import annotations

from textual.screen import Screen

from screens.shell.localize import Localized
from screens.shell.work import DeskWork


class DeskScreenBase(DeskWork, Localized, Screen[None]):
    """A screen whose database work runs through `read` and `write` (screens.shell.work).

    A job that fails never takes the app down: a refusal is shown where the officer
    is, anything else in the error dialog, and what they typed stays where it was.
    """

    HELP_KEY = "help.general"
    #: This screen's actions that not every role may take: action -> what it needs (frontdesk.access).
    GUARDED: dict[str, str] = {}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what the officer's role allows (the services refuse the rest anyway)."""
        needed = self.GUARDED.get(action)
        desk = getattr(self.app, "desk", None)
        if needed is not None and desk is not None and not desk.access.may(needed):
            return False
        return True
