"""A numbered drop-down of one of the station's lists (matters, receiving bodies): the closed box shows the chosen
name cut where it differs from the others, as a table's column of names does.

Four matters alike for most of their length ("Residential building property management complaint - heating",
"… - heating, night", "… - repairs", "… - repairs, lift") all read "a Residential building property management
compl…" in the closed box at 80 columns: which one was chosen could not be seen. Here the closed box shows the
chosen one as `fit_names` cuts it among all the list's names for the box's width ("b Residential building…heating,
night"); the open list keeps every name whole (it wraps), the keys still choose, and the value and what follows
from it (the body a matter proposes, its due time) are the drop-down's as before: only the words shown change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from textual import events, widgets
from textual.content import Content
from textual.css.query import NoMatches

from screens.shell.choices import NumberedSelect
from screens.shell.name_cuts import fit_names
from screens.shell.plain import Select


class NamedSelect(NumberedSelect):
    """A NumberedSelect whose closed box shows the chosen name cut where it differs from the list's others."""

    def __init__(self, options: Iterable[tuple[str, Any]], **kwargs: Any) -> None:
        options = list(options)
        super().__init__(options, **kwargs)
        self._names_and_values = options

    def set_options(self, options: Iterable[tuple[str, Any]]) -> None:
        options = list(options)
        self._names_and_values = options
        super().set_options(options)
        self.fit_chosen()

    def watch_value(self, value: Any) -> None:
        # (after Select's own watcher has put the chosen option's whole prompt in the box)
        self.fit_chosen()

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.fit_chosen)  # the box's label has its new width once laid out

    def shown_in_box(self) -> str | None:
        """The chosen option's words as the closed box shows them now (None when none is chosen)."""
        label = self._box_words()
        if label is None or self.value is Select.NULL:
            return None
        return str(label.render())

    def fit_chosen(self) -> None:
        """The chosen option's key and its name, cut where it differs from the others for the box's width."""
        label = self._box_words()
        if label is None or self.value is Select.NULL:
            return
        index = next((i for i, (_name, value) in enumerate(self._names_and_values) if value == self.value), None)
        width = label.content_region.width
        if index is None or width <= 0:
            return
        prompt = self.keyed[index][0]
        key = prompt[:len(prompt) - len(self._names_and_values[index][0])]  # "a " (none past the last key)
        names = [name for name, _value in self._names_and_values]
        if cell_len(prompt) <= width:
            shown = prompt
        else:
            shown = key + fit_names(names, width - cell_len(key))[index].plain
        if str(label.render()) != shown:
            label.update(Content(shown))  # (as written: a name's "[…]" is not markup)

    def _box_words(self) -> widgets.Static | None:
        """The closed box's line of words (Textual's Select names it "label"; given Content, never a str)."""
        try:
            return self.query_one("#label", widgets.Static)
        except NoMatches:
            return None  # not composed yet, or a Textual whose box has no such line: its own words stand
