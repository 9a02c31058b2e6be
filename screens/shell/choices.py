"""A numbered drop-down ("1 纠纷" … "a 噪音"): one key picks one option.

Textual's Select only moved the highlight to what was typed: choosing the seventh category took Enter, 7,
Enter. Here the option's key chooses it at once: in the open list it chooses and closes the list; on the
closed, focused box it chooses without opening it. Enter and the arrows open and walk the list as before,
and any other key still searches the open list as Textual's does. The keys reach the list in the order
typed (screens.shell.keyorder), so Enter and 7 sent in one burst choose the seventh as well.

Once a key has chosen, the box is answered: what is typed or pasted next goes on to the next box, with the focus,
as if Tab had come first (a key the screen binds, as the case list's s, still acts as that key). An officer types
the category's number and then the place, fast: the place's characters had been lost on the closed box (a Chinese
character, a paste, most letters did nothing there), and a digit among them chose the category again (`1` then
`幸福小区3栋` left the third category and no place). Tab after the number still goes to the next box; back in the
box (shift+tab), a number chooses again, and in the list Enter opens it always does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
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
        #: A key chose an option since the focus came to the box: what is typed next is for the next box.
        self.answered = False

    def set_options(self, options: Iterable[tuple[str, Any]]) -> None:
        keyed = numbered(list(options))
        super().set_options(keyed)
        self.keyed = keyed

    def value_of_key(self, character: str | None) -> tuple[Any] | None:
        """(the value) of the option `character` picks, or None where no option has that key."""
        index = key_index(character)
        return (self.keyed[index][1],) if 0 <= index < len(self.keyed) else None

    def takes_text_on(self) -> bool:
        """What is typed here now goes on to the next box: a key has chosen, and the box is closed and focused."""
        return self.answered and self.has_focus and not self.expanded

    def on_blur(self) -> None:
        self.forget_answer()

    def on_descendant_blur(self) -> None:
        self.forget_answer()  # (its open list closed)

    def forget_answer(self) -> None:
        """The focus has gone from the box and its list: a number typed when it comes back chooses again."""
        if not self.has_focus_within:
            self.answered = False

    def on_paste(self, event: events.Paste) -> None:
        """A paste after the number is for the next box, as typing is (`takes_text_on`); Select drops it."""
        if self.takes_text_on():
            event.stop()
            following = self.screen.focus_next()
            if following is not None:
                following.post_message(events.Paste(event.text))


def choice_for(widget: Widget | None, character: str | None) -> tuple[NumberedSelect, Any] | None:
    """(the drop-down, the value) that `character` picks where the focus is: on a numbered drop-down, or
    in its open list. None anywhere else, or where no option has that key."""
    # A Select's one focusable child is its open list.
    select = widget.parent if widget is not None and isinstance(widget.parent, NumberedSelect) else widget
    if not isinstance(select, NumberedSelect):
        return None
    value = select.value_of_key(character)
    return None if value is None else (select, value[0])


def goes_on(widget: Widget | None, event: events.Key) -> bool:
    """`event` is text for the box after the focused numbered drop-down: a key has chosen in it (see the module)."""
    return isinstance(widget, NumberedSelect) and event.is_printable and widget.takes_text_on()


def choose(select: NumberedSelect, value: Any) -> None:
    """`value` chosen, the box answered; an open list closes, the focus back on its box (a closed one keeps the
    focus where it is)."""
    if not select.is_attached:
        return
    if select.value != value:
        select.value = value
    select.answered = True
    if select.expanded:
        select.expanded = False
        select.focus()
