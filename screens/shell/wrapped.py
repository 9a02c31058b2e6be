"""A table whose last column wraps: every other column as wide as its widest cell, the last one
taking the width left and growing its row's height, so a long text (a case's history) ends at
the table's edge on a new line instead of past it. Laid out again on every resize."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable

from screens.shell.columns import cell_width

#: The narrowest the wrapping column is made, however narrow the terminal.
NARROWEST = 12

#: Marks that never begin a line (kinsoku): each stays with the character before it.
CLOSING = frozenset("，。、；：！？）」』】〕〗〙〛》〉”’…‥・—～％,.;:!?)]}%")
#: Marks that never end a line: each goes down with the character after it.
OPENING = frozenset("（「『【〔〖〘〚《〈“‘([{")

#: A word and the spaces around it, as Rich wraps text: lines break at spaces.
_WORD = re.compile(r"\s*\S+\s*")


def wrap_lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, wrapped as Rich wraps it (at spaces; a word wider
    than the line, a Chinese sentence say, cut by cells), except that a cut never puts a closing
    mark such as "，" or "。" at the start of a line (it goes down with the character before it)
    nor leaves an opening one such as "（" at the end."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in _WORD.findall(paragraph):
            if cell_len((line + word).rstrip()) <= width:
                line += word
                continue
            if line:
                lines.append(line.rstrip())
                line = ""
            while cell_len(word.rstrip()) > width:
                cut = _cells_prefix(word, width)
                while cut > 1 and (word[cut] in CLOSING or word[cut - 1] in OPENING):
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line.rstrip())
    return lines


def _cells_prefix(text: str, width: int) -> int:
    """How many characters of `text` fit in `width` cells (at least one)."""
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return max(1, index)
    return len(text)


class WrappingTable(DataTable[Text]):
    """`set_columns(labels)` once, `set_rows(rows)` with every row's full text; the last column wraps."""

    DEFAULT_CSS = """
    WrappingTable { width: 1fr; }
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._labels: list[str] = []
        self._full_rows: list[list[str]] = []
        self._laid_out_for: int | None = None

    def set_columns(self, labels: Sequence[str]) -> None:
        self._labels = list(labels)
        self.refit(force=True)

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        self._full_rows = [list(row) for row in rows]
        self.refit(force=True)

    def refit(self, force: bool = False) -> None:
        if not self._labels:
            return
        available = self.content_region.width - self.styles.scrollbar_size_vertical
        if not force and available == self._laid_out_for:
            return
        self._laid_out_for = available
        fixed = [max([cell_width(label)] + [cell_width(row[i]) for row in self._full_rows])
                 for i, label in enumerate(self._labels[:-1])]
        padding = 2 * self.cell_padding * len(self._labels)
        last = max(NARROWEST, available - sum(fixed) - padding) if available > 0 else None
        cursor_row = self.cursor_row
        self.clear(columns=True)
        for label, width in zip(self._labels, [*fixed, last]):
            self.add_column(Text(label, no_wrap=True), width=width)
        for row in self._full_rows:
            wrapped = "\n".join(wrap_lines(row[-1], last)) if last is not None else row[-1]
            cells = [Text(cell, no_wrap=True) for cell in row[:-1]] + [Text(wrapped)]
            self.add_row(*cells, height=None if last is not None else 1)
        if self._full_rows and cursor_row > 0:
            self.move_cursor(row=min(cursor_row, len(self._full_rows) - 1), animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self.refit()
