"""One key picks an option of a numbered drop-down ("1 纠纷" … "a 噪音", screens.shell.widgets.numbered).

Textual's Select only moved the highlight to what was typed: choosing the seventh category took Enter, 7,
Enter. Here the option's key chooses it at once: in the open list it chooses and closes the list; on the
closed, focused box it chooses without opening it. Enter and the arrows open and walk the list as before,
and any other key still searches the open list as Textual's does.
"""

from __future__ import annotations

import sys
from typing import Any

from rich.text import Text
from textual.widget import Widget

from screens.shell.widgets import CHOICE_KEYS


def _select_types() -> tuple[type, type] | None:
    # Select is loaded by the screens that have one; the desk's first paint does not wait for it.
    module = sys.modules.get("textual.widgets._select")
    return None if module is None else (module.Select, module.SelectOverlay)


def list_of(widget: Widget | None) -> Widget | None:
    """The Select that `widget` is, or whose open list it is."""
    types = _select_types()
    if widget is None or types is None:
        return None
    select, overlay = types
    if isinstance(widget, select):
        return widget
    return widget.parent if isinstance(widget, overlay) and isinstance(widget.parent, select) else None


def choice_for(widget: Widget | None, character: str | None) -> tuple[Widget, Any] | None:
    """(the Select, the value) that `character` picks where the focus is, or None: not a numbered list, or
    no option of it has that key."""
    select = list_of(widget)
    if select is None or not character or character not in CHOICE_KEYS:
        return None
    options = [(prompt, value) for prompt, value in select._options if value is not select.NULL]
    index = CHOICE_KEYS.index(character)
    if index >= len(options):
        return None
    prompt, value = options[index]
    text = prompt.plain if isinstance(prompt, Text) else str(prompt)
    return (select, value) if text.startswith(f"{character} ") else None


def choose(select: Widget, value: Any) -> None:
    """`value` chosen; an open list closes, the focus back on its box (a closed one keeps the focus where it is)."""
    if not select.is_attached:
        return
    if select.value != value:
        select.value = value
    if select.expanded:
        select.expanded = False
        select.focus()
