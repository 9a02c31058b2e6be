"""The desk's text widgets: Textual's Static, Label and OptionList, showing text as written.

Textual reads a str in them as content markup: a phone pasted as `[/]` made the case form's refusal a
MarkupError (the desk ended with a traceback), and `[categories]` vanished from the import's message. Nothing
the desk shows is meant as markup (its catalogues have no tags), so the screens take these, never Textual's
own (tests/unit/test_architecture.py says so).
"""

from __future__ import annotations

from textual import widgets
from textual.visual import VisualType


class Static(widgets.Static):
    def __init__(self, content: VisualType = "", *, markup: bool = False, **options) -> None:
        super().__init__(content, markup=markup, **options)


class Label(widgets.Label):
    def __init__(self, content: VisualType = "", *, markup: bool = False, **options) -> None:
        super().__init__(content, markup=markup, **options)


class OptionList(widgets.OptionList):
    def __init__(self, *content, markup: bool = False, **options) -> None:
        super().__init__(*content, markup=markup, **options)
