"""A table whose last column wraps: every other column as wide as its widest cell, the last one
taking the width left and growing its row's height, so a long text (a case's history) ends at
the table's edge on a new line instead of past it. Laid out again on every resize."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from screens.shell.columns import cell_width

#: The narrowest the wrapping column is made, however narrow the terminal.
NARROWEST = 12


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
            cells = [Text(cell, no_wrap=True) for cell in row[:-1]] + [Text(row[-1])]
            self.add_row(*cells, height=None if last is not None else 1)
        if self._full_rows and cursor_row > 0:
            self.move_cursor(row=min(cursor_row, len(self._full_rows) - 1), animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self.refit()
