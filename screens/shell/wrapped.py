"""A table whose last column wraps: every other column as wide as its widest cell, the last one
taking the width left and growing its row's height, so a long text (a case's history) ends at
the table's edge on a new line instead of past it. Laid out again on every resize."""

from __future__ import annotations

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


def _may_break(before: str, after: str) -> bool:
    """Whether a line may end between `before` and `after`: after a space, or beside a wide
    (Chinese) character; never before a closing mark nor after an opening one."""
    if after.isspace() or after in CLOSING or before in OPENING:
        return False
    return before.isspace() or cell_len(before) == 2 or cell_len(after) == 2


def _pieces(line: str) -> list[str]:
    """`line` cut at every place a line may break (see `_may_break`)."""
    pieces: list[str] = []
    for index, char in enumerate(line):
        if pieces and not _may_break(line[index - 1], char):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def wrap_lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken at spaces or between wide (Chinese)
    characters, so that "，" or "。" never starts a line and "（" never ends one; a piece wider
    than a whole line is cut by cells."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for piece in _pieces(paragraph):
            if line and cell_len((line + piece).rstrip()) > width:
                lines.append(line.rstrip())
                line = ""
            line += piece
            while cell_len(line.rstrip()) > width:  # one piece wider than the line: cut by cells
                cut = _cells_prefix(line, width)
                lines.append(line[:cut])
                line = line[cut:]
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
