"""F1: every key that works where the officer is, and what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen


from frontdesk.i18n import t
from screens.shell.footer import DeskFooter
from screens.shell.localize import Localized
from screens.shell.plain import Static
from screens.shell.wrapped import WrappingTable


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    """(key, what it does) for the screen's own keys and the app's.

    Keys of the focused input (cursor movement and the like) are left out: they
    are the terminal's usual editing keys, not the desk's actions.
    """
    keys_of: dict[tuple[str, str], list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node not in (screen, screen.app) or not binding.description:
            continue
        shown = screen.app.get_key_display(binding)
        keys = keys_of.setdefault((binding.action, binding.tooltip or binding.description), [])
        if shown not in keys:
            keys.append(shown)
    return [(" / ".join(keys), text) for (_action, text), keys in keys_of.items()]


class HelpScreen(Localized, Screen[None]):
    """Help for the screen underneath: its purpose and all of its keys."""

    CSS_PATH = "help.tcss"

    BINDINGS = [
        Binding("escape,f1,alt+1", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self, about: Screen) -> None:
        super().__init__()
        self.about = about

    def compose(self) -> ComposeResult:
        intro_key = getattr(self.about, "HELP_KEY", "help.general")
        yield Static(t("help.title"), id="help-title")
        yield Static(t(intro_key), id="help-intro")
        # What a key does wraps at the edge: a narrow terminal shows every word of it.
        table = WrappingTable(id="help-keys", cursor_type="row", zebra_stripes=True)
        table.set_columns([t("help.col.key"), t("help.col.action")])
        table.set_rows(key_rows(self.about))
        yield table
        yield DeskFooter()
