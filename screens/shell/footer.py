"""Footers that show whole keys: those that do not fit the width are left out, least important first.

Textual's Footer lays its keys out in one line and cuts the last one that overflows
("f7 ▏", "^p 命"). Every screen's footer reads `screen.active_bindings`; a Localized
screen gives it the bindings that fit (the others with show=False), so no key is ever
cut in half. Which keys stay: the actions the screen's `footer_first()` names (the next step
where it stands, if it has one), then the screen's own keys in the order of its BINDINGS (put
the most important first), then the app's; Back and Help are always kept, and the
command palette key on the right too (it finds every action by name, and F1 lists
every key). The keys left out are still bound, listed by F1 and in the palette. When some key
has to be left out, the palette key says it in its short word (`key.palette.short`): at 80
columns that is room for one more of the screen's keys.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.binding import ActiveBinding, Binding
from textual.widgets import Footer

from frontdesk.i18n import t

if TYPE_CHECKING:
    from textual.screen import Screen

#: Binding ids kept in the footer whatever the width: the way back and the help that lists the rest.
ALWAYS_SHOWN = ("back", "help")


def key_cells(key_display: str, description: str) -> int:
    """The cells one key takes in Textual's (non-compact) footer: " key " then "description "."""
    return cell_len(key_display) + 2 + (cell_len(description) + 1 if description else 0)


class DeskFooter(Footer):
    """Textual's footer, drawn again only when the keys it shows change.

    Textual's footer makes all its keys anew whenever the screen's bindings may have changed: at every move
    of the focus (Tab from one box to the next), every screen come back to, every key a screen enables or
    disables. Each time a dozen widgets were made, styled and laid out again (about a sixth of the CPU of a
    test driving a form by keys), nearly always to draw the same keys."""

    _shown: tuple | None = None

    def _keys_shown(self) -> tuple:
        """What compose draws from: every binding's key, how it is written, its words, whether it is enabled."""
        app = self.app
        return (self.show_command_palette, app.ENABLE_COMMAND_PALETTE, *(
            (binding.key, app.get_key_display(binding), binding.description, binding.action, binding.show,
             id(binding.group), enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()))

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown == self._shown and self.children:
            return
        self._shown = shown
        await super().recompose()


def footer_width(screen: Screen) -> int:
    """The width of the screen's footer (the screen's own width before the footer is laid out); 0: no footer."""
    footers = screen.query(Footer)
    if not footers:
        return 0
    width = footers.first().size.width
    return width or screen.size.width


def fitted(screen: Screen, bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """`bindings` with show=False on every key the screen's footer has no room for."""
    width = footer_width(screen)
    if width <= 0:
        return bindings
    app = screen.app
    palette_key = app.COMMAND_PALETTE_BINDING
    palette = bindings.get(palette_key) if app.ENABLE_COMMAND_PALETTE else None
    # One entry per action, as the footer shows them: the action's first shown binding.
    first: dict[str, ActiveBinding] = {}
    for active in _declared_order(bindings):
        if active.binding.show and active.binding.action not in first:
            first[active.binding.action] = active
    kept = _kept(screen, first, width, palette)
    if palette is not None and len(kept) < len(first):
        # Not every key fits: the palette key in its short word, and maybe one more key with it.
        short = ActiveBinding(palette.node, replace(palette.binding, description=t("key.palette.short")),
                              palette.enabled, palette.tooltip)
        kept = _kept(screen, first, width, short)
        bindings = {**bindings, palette_key: short}
    return {key: active if not active.binding.show or active.binding.action in kept
            else ActiveBinding(active.node, replace(active.binding, show=False), active.enabled, active.tooltip)
            for key, active in bindings.items()}


def _kept(screen: Screen, first: dict[str, ActiveBinding], width: int, palette: ActiveBinding | None) -> set[str]:
    """The actions of `first` (in order of importance) whose keys fit `width` beside the palette key."""
    app = screen.app
    room = width
    if palette is not None:
        # Docked right; its bar takes the place of the key's left padding.
        room -= key_cells(app.get_key_display(palette.binding), palette.binding.description)
    cost = {action: key_cells(app.get_key_display(active.binding), active.binding.description)
            for action, active in first.items()}
    kept = {action for action, active in first.items() if active.binding.id in ALWAYS_SHOWN}
    room -= sum(cost[action] for action in kept)
    # The screen may name the actions that are the next step where it stands: they come before the rest.
    urgent = getattr(screen, "footer_first", lambda: ())()
    for action in [a for a in urgent if a in first] + [a for a in first if a not in urgent]:
        if action in kept:
            continue
        if cost[action] > room:
            break  # the rest are less important than this one: none jumps the queue
        kept.add(action)
        room -= cost[action]
    return kept


def _declared_order(bindings: dict[str, ActiveBinding]) -> list[ActiveBinding]:
    """The bindings node by node as they come, each node's in the order its classes declare them.

    A key the officer moved in config.toml's [keys] comes last out of Textual's keymap; its place
    in the footer stays the one its binding (by id, else by action) has in BINDINGS.
    """
    nodes: dict[int, int] = {}
    places: dict[int, dict[str, int]] = {}
    for active in bindings.values():
        node = active.node
        nodes.setdefault(id(node), len(nodes))
        if id(node) in places:
            continue
        place = places[id(node)] = {}
        for base in type(node).__mro__:
            for binding in Binding.make_bindings(base.__dict__.get("BINDINGS", [])):
                place.setdefault(f"id:{binding.id}" if binding.id else f"action:{binding.action}", len(place))

    def order(active: ActiveBinding) -> tuple[int, int]:
        place = places[id(active.node)]
        binding = active.binding
        found = place.get(f"id:{binding.id}") if binding.id else None
        if found is None:
            found = place.get(f"action:{binding.action}", len(place))
        return nodes[id(active.node)], found

    return sorted(bindings.values(), key=order)
