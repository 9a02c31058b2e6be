"""What every Front Desk screen shares: localized keys, role checks, and database work through the router."""

from __future__ import annotations

import sys
from dataclasses import replace

from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widgets import Input

from frontdesk.i18n import t
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
    #: True where Esc in a text box first leaves the box: the footer then names Esc "Leave the box",
    #: as the screen's letter keys are typed as text while the box has the focus.
    ESCAPE_LEAVES_TEXT_BOX = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what the officer's role allows (the services refuse the rest anyway)."""
        needed = self.GUARDED.get(action)
        desk = getattr(self.app, "desk", None)
        if needed is not None and desk is not None and not desk.access.may(needed):
            return False
        return True

    def in_text_box(self) -> bool:
        """Whether the focus is in a box that takes letters as text."""
        focused = self.focused
        # TextArea is loaded by the screens that have one; the desk's first paint does not wait for it.
        text_area = getattr(sys.modules.get("textual.widgets._text_area"), "TextArea", ())
        return isinstance(focused, (Input, text_area)) and not getattr(focused, "read_only", False)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        active = super().active_bindings
        escape = active.get("escape")
        if self.ESCAPE_LEAVES_TEXT_BOX and escape is not None and escape.node is self and self.in_text_box():
            leave = replace(escape.binding, description=t("key.leave_box"), tooltip=t("key.leave_box.tip"), show=True)
            active["escape"] = ActiveBinding(escape.node, leave, escape.enabled, leave.tooltip)
        return active
