"""A table whose last column wraps: every other column as wide as its widest cell, the last one
taking the width left and growing its row's height, so a long text (a case's history) ends at
the table's edge on a new line instead of past it. Laid out again on every resize. `FoldedStatic`
folds a text the same way (a case's summary and narrative, a caller's notes)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.geometry import Size

from screens.shell.columns import cell_width
from screens.shell.plain import DataTable, Static

#: The narrowest the wrapping column is made, however narrow the terminal.
NARROWEST = 12

#: Marks that never begin a line (kinsoku): each stays with the character before it.
CLOSING = frozenset("，。、；：！？）」』】〕〗〙〛》〉”’…‥・—～％,.;:!?)]}%")
#: Marks that never end a line: each goes down with the character after it.
OPENING = frozenset("（「『【〔〖〘〚《〈“‘([{")

#: A date with its clock time (2026-12-07 20:30): read as one, never cut at its space.
_MOMENT = r"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}(?::\d{2})?"
#: A word and the spaces around it, as Rich wraps text: lines break at spaces (not in a moment).
_WORD = re.compile(rf"\s*(?:{_MOMENT}|\S)+\s*")
#: What a fold never cuts: a number, a Latin word, a phone (+86…, 138****5678), a case or ID number,
#: a date, a time, a moment; letters and digits joined by - : / . stay one run.
_RUN = re.compile(rf"{_MOMENT}|\+?[0-9A-Za-z*]+(?:[-:/.][0-9A-Za-z*]+)*")


def wrap_lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, wrapped as Rich wraps it (at spaces; a word wider
    than the line, a Chinese sentence say, folded between characters), except that a fold never
    cuts a run of digits or Latin letters (a phone, a case number, `2026-12-07 20:30`) unless the
    run alone is wider than the line, never puts a closing mark such as "，" or "。" at the start
    of a line (it goes down with the character before it) nor leaves an opening one such as "（"
    at the end."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(paragraph[start:end].rstrip() for start, end in _line_spans(paragraph, width))
    return lines


def _line_spans(paragraph: str, width: int) -> list[tuple[int, int]]:
    """Where each line of one paragraph starts and ends (spaces at a break left out)."""
    spans: list[tuple[int, int]] = []
    start = end = 0  # the line being filled: paragraph[start:end]
    for match in _WORD.finditer(paragraph):
        word_start, word_end = match.span()
        if cell_len(paragraph[start:word_end].rstrip()) <= width:
            end = word_end
            continue
        if end > start:
            spans.append((start, end))
        start = word_start
        while cell_len(paragraph[start:word_end].rstrip()) > width:
            cut = start + _fold_at(paragraph[start:word_end].rstrip(), width)
            spans.append((start, cut))
            start = cut
        end = word_end
    spans.append((start, end))
    return spans


def _fold_at(word: str, width: int) -> int:
    """Where a word wider than the line is cut: at the last break that fills the line and keeps runs
    whole and the kinsoku; failing that, runs whole alone; failing that (a run wider than the line),
    by cells, the kinsoku still kept where it can be."""
    runs = [match.span() for match in _RUN.finditer(word)]
    best = between_runs = 0
    used = 0
    for cut in range(1, len(word)):
        used += cell_len(word[cut - 1])
        if used > width:
            break
        if any(run_start < cut < run_end for run_start, run_end in runs):
            continue
        between_runs = cut
        if word[cut] not in CLOSING and word[cut - 1] not in OPENING:
            best = cut
    if best or between_runs:
        return best or between_runs
    cut = _cells_prefix(word, width)
    while cut > 1 and (word[cut] in CLOSING or word[cut - 1] in OPENING):
        cut -= 1
    return cut


def fold_text(text: Text, width: int) -> Text:
    """`text` (its styles kept) folded into lines of `width` cells, as `wrap_lines` folds."""
    if width <= 0:
        return text
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        for start, end in _line_spans(paragraph.plain, width):
            line = paragraph[start:end]
            line.rstrip()
            lines.append(line)
    folded = Text("\n", no_wrap=True).join(lines)
    folded.no_wrap = True
    return folded


def _cells_prefix(text: str, width: int) -> int:
    """How many characters of `text` fit in `width` cells (at least one)."""
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return max(1, index)
    return len(text)


class FoldedStatic(Static):
    """A `Static` of plain text whose lines fold as the history column's do: a number, a time or
    a case number is never cut across two lines; Chinese folds between characters."""

    def _text(self) -> Text:
        content = self.content
        return content if isinstance(content, Text) else Text(str(content))

    def render(self) -> Text:
        return fold_text(self._text(), self.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(fold_text(self._text(), width).split("\n", allow_blank=True)) if width else 0


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
