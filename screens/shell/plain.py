"""The desk's text widgets: Textual's Static, Label, OptionList, Select, SelectionList and DataTable, showing text
as written.

Textual reads a str in them as content markup: a phone pasted as `[/]` made the case form's refusal a
MarkupError (the desk ended with a traceback), and `[categories]` vanished from the import's message. A receiving
body named "Dept [North]" showed as "Dept " among a drop-down's options, and one named "[/]" ended the desk when
the hand-off dialog opened. Nothing the desk shows is meant as markup (its catalogues have no tags), so the
screens take these, never Textual's own (tests/unit/test_architecture.py says so).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import widgets
from textual.content import Content
from textual.visual import VisualType
from textual.widgets import selection_list

Value = TypeVar("Value")


def as_written(words: Any) -> Any:
    """`words` as a Text that shows them as typed ("[b]", "[/]" and "\\[x]" included); not a str: as it is."""
    return Text(words) if isinstance(words, str) else words


class Static(widgets.Static):
    def __init__(self, content: VisualType = "", *, markup: bool = False, **options) -> None:
        super().__init__(content, markup=markup, **options)


class Label(widgets.Label):
    def __init__(self, content: VisualType = "", *, markup: bool = False, **options) -> None:
        super().__init__(content, markup=markup, **options)


class OptionList(widgets.OptionList):
    def __init__(self, *content, markup: bool = False, **options) -> None:
        super().__init__(*content, markup=markup, **options)


def _prompts_as_written(options: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    # A Text, not Content: the open list's type-to-search reads a Text's words, and skips Content.
    return [(as_written(prompt), value) for prompt, value in options]


class Select(widgets.Select[Value], Generic[Value]):
    """A drop-down whose options' words are shown as written, in the open list and in the closed box."""

    def __init__(self, options: Iterable[tuple[Any, Any]], **kwargs: Any) -> None:
        super().__init__(_prompts_as_written(options), **kwargs)

    def set_options(self, options: Iterable[tuple[Any, Any]]) -> None:
        super().set_options(_prompts_as_written(options))


class Selection(selection_list.Selection[Value], Generic[Value]):
    """One line of a SelectionList, its words as written."""

    def __init__(self, prompt: Any, value: Any, initial_state: bool = False, id: str | None = None,
                 disabled: bool = False) -> None:
        super().__init__(Content(prompt) if isinstance(prompt, str) else prompt, value, initial_state, id, disabled)


class SelectionList(widgets.SelectionList[Value], Generic[Value]):
    """A list of lines to tick, whose words are shown as written (tuples become plain Selections)."""

    def __init__(self, *selections: Any, **kwargs: Any) -> None:
        super().__init__(*[Selection(*line) if isinstance(line, tuple) else line for line in selections], **kwargs)


def _cell(value: Any) -> Any:
    # As Textual's own formatter makes of a str in a row of one line: not wrapped, no line end.
    return Text(value, no_wrap=True, end="") if isinstance(value, str) else value


class DataTable(widgets.DataTable[Value], Generic[Value]):
    """A table whose column names and cells given as str are shown as written (rows of one line)."""

    def add_column(self, label: Any, **kwargs: Any) -> Any:
        return super().add_column(as_written(label), **kwargs)

    def add_row(self, *cells: Any, label: Any = None, **kwargs: Any) -> Any:
        return super().add_row(*[_cell(cell) for cell in cells], label=as_written(label), **kwargs)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, _cell(value), **kwargs)

    def update_cell_at(self, coordinate: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell_at(coordinate, _cell(value), **kwargs)
