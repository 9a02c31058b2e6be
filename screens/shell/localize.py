"""Key bindings written with catalogue keys, shown in the officer's language.

BINDINGS are class attributes, built before the language is chosen, so their
descriptions and tooltips hold catalogue keys ("key.edit"). They are translated
where they are read for display: a Localized screen's `active_bindings` (public
Textual API, and what the footer, the F1 help and Textual's key panel read)
gives each binding of a Localized node (the app, our screens and dialogs) with
its text in the active language. Bindings Textual itself declares on those nodes
(a screen's "Focus Next") carry English text, translated where the catalogue has
that text as an entry; so are the keys a Textual widget shows in the footer (an open
Select's "Dismiss menu"); a widget's hidden ones (an Input's cursor keys) pass through.
"""

from __future__ import annotations

import re
from dataclasses import replace

from textual.binding import ActiveBinding, Binding
from textual.screen import Screen

from frontdesk.i18n import catalogue, t
from screens.shell.areas import AreaKeys
from screens.shell.footer import fitted


#: What a catalogue key looks like ("key.edit", "patrol.key.check_in"); Textual's own texts do not.
CATALOGUE_KEY = re.compile(r"[a-z_]+(?:\.[a-z0-9_]+)+")


def text_of(text: str) -> str:
    """A binding's description or tooltip as the officer reads it.

    Ours are catalogue keys; Textual's own are English text, translated where the
    catalogue has an entry for it ("Focus Next"), else shown as Textual wrote it.
    """
    return t(text) if CATALOGUE_KEY.fullmatch(text) or text in catalogue() else text


def translated(binding: Binding) -> Binding:
    """`binding` with its description and tooltip (catalogue keys) in the active language."""
    return replace(binding, description=text_of(binding.description), tooltip=text_of(binding.tooltip))


class Localized:
    """Mixin for the app, screens and widgets whose BINDINGS use catalogue keys."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        active: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        if not isinstance(self, Screen):
            return active  # the app's are its screen's, translated there
        shown: dict[str, ActiveBinding] = {}
        for key, entry in active.items():
            if isinstance(entry.node, AreaKeys) and not entry.node.offers(entry.binding.action):
                continue  # an area key the officer's role may not use: it answers, but is not offered
            if isinstance(entry.node, Localized):
                tooltip = text_of(entry.tooltip)
                entry = ActiveBinding(entry.node, translated(entry.binding), entry.enabled, tooltip)
            elif entry.binding.show and entry.binding.description in catalogue():
                # A Textual widget's own key the footer shows (an open Select's "Dismiss menu").
                entry = ActiveBinding(entry.node, translated(entry.binding), entry.enabled, entry.tooltip)
            shown[key] = entry
        return fitted(self, shown)

    def on_resize(self) -> None:
        """A wider or narrower terminal: the footer shows the keys that fit it now (screens.shell.footer)."""
        if isinstance(self, Screen):
            self.refresh_bindings()
