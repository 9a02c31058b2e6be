"""A numbered drop-down ("1 纠纷" … "a 噪音"): one key picks one option.

Textual's Select only moved the highlight to what was typed: choosing the seventh category took Enter, 7,
Enter. Here the option's key chooses it at once: in the open list it chooses and closes the list; on the
closed, focused box it chooses without opening it. Enter and the arrows open and walk the list as before,
and any other key still searches the open list as Textual's does. The keys reach the list in the order
typed (screens.shell.keyorder), so Enter and 7 sent in one burst choose the seventh as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Select

#: What picks an option of a numbered list: the digits, then letters past the ninth. Not "l" and "o",
#: which read as 1 and 0; nor "c", which Textual's search of an open list found in its first line
#: ("Choose …") when the keys only searched, and which stays out so that no list's keys change.
CHOICE_KEYS = "123456789abdefghijkmnpqrstuvwxyz"


def key_index(character: str | None) -> int:
    """Which option of a numbered list `character` picks (0: the first), or -1 for none."""
    return CHOICE_KEYS.find(character) if character else -1


def numbered(options: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Select options as "1 纠纷", "2 求助" … "a 噪音": one key picks one, on the closed box or in the open
    list, which it closes."""
    return [(f"{CHOICE_KEYS[index]} {text}" if index < len(CHOICE_KEYS) else text, value)
            for index, (text, value) in enumerate(options)]


class NumberedSelect(Select):
    """A Select whose options are shown with their keys (`numbered`), and which a key picks from."""

    # The key takes two cells of the box: an option that no longer fits ends in "…" on the closed box
    # instead of going on to a second line ("2 In" over "progress" in the case list's filter at 80 columns).
    DEFAULT_CSS = """
    NumberedSelect SelectCurrent Static#label {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, options: Iterable[tuple[str, Any]], **kwargs: Any) -> None:
        keyed = numbered(list(options))
        super().__init__(keyed, **kwargs)
        self.keyed = keyed

    def set_options(self, options: Iterable[tuple[str, Any]]) -> None:
        keyed = numbered(list(options))
        super().set_options(keyed)
        self.keyed = keyed

    def value_of_key(self, character: str | None) -> tuple[Any] | None:
        """(the value) of the option `character` picks, or None where no option has that key."""
        index = key_index(character)
        return (self.keyed[index][1],) if 0 <= index < len(self.keyed) else None


def choice_for(widget: Widget | None, character: str | None) -> tuple[NumberedSelect, Any] | None:
    """(the drop-down, the value) that `character` picks where the focus is: on a numbered drop-down, or
    in its open list. None anywhere else, or where no option has that key."""
    # A Select's one focusable child is its open list.
    select = widget.parent if widget is not None and isinstance(widget.parent, NumberedSelect) else widget
    if not isinstance(select, NumberedSelect):
        return None
    value = select.value_of_key(character)
    return None if value is None else (select, value[0])


def choose(select: NumberedSelect, value: Any) -> None:
    """`value` chosen; an open list closes, the focus back on its box (a closed one keeps the focus where it is)."""
    if not select.is_attached:
        return
    if select.value != value:
        select.value = value
    if select.expanded:
        select.expanded = False
        select.focus()
