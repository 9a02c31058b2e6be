"""Notices (app.notify) whose Chinese characters are never cut by what lies under them.

Textual draws a screen line by line, cut at the left and right edge of every widget on that
line, the widgets under a floating toast included; a character two cells wide that straddles
such an edge is split and both halves are drawn blank ("未保存的警情已  为草稿"). A toast's
text is laid out here before it is shown: broken into lines of the toast's width, with a space
put before any wide character that would straddle an edge on the row where it will be drawn.

The toast's place is Textual's: at the bottom right of the screen, above the footer, as wide as
the rack allows (at most 60 cells or half the screen), its text after a one-cell border and
padding; a new toast is the bottom one.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App

#: app.tcss: Toast { width: 60 }, Textual's max-width 50% of the rack (the screen less its scrollbars).
TOAST_CELLS = 60
RACK_GUTTER = 2
BORDER_AND_PADDING = 3  # a one-cell border on the left, one cell of padding either side
ABOVE_BOTTOM = 3  # the rack's margin (1) and the toast's padding (1) above the screen's last row


def laid_out(app: App, message: str, *, title: str = "") -> str:
    """`message` broken into the toast's lines, spaced so no wide character meets an edge."""
    height = app.size.height
    screen = app.screen.scrollable_content_region  # the rack's width: the screen's, less its scrollbar
    rack = screen.width - RACK_GUTTER
    toast = min(TOAST_CELLS, rack // 2)
    left = screen.x + rack - toast + 2  # the first cell of text: after the border and padding
    cells = toast - BORDER_AND_PADDING
    if cells < 4 or "[" in message:
        return message  # too narrow to lay out, or markup: as it is
    lines = _lines(message, cells, left, {})
    for _ in range(3):  # the rows depend on how many lines there are; spacing can add one
        bottom = height - ABOVE_BOTTOM
        rows = {index: bottom - (len(lines) - 1 - index) for index in range(len(lines))}
        again = _lines(message, cells, left, {index: _edges(app, row, left, left + cells)
                                             for index, row in rows.items()})
        if len(again) == len(lines):
            return "\n".join(again)
        lines = again
    return "\n".join(lines)


def _edges(app: App, row: int, left: int, right: int) -> set[int]:
    """The columns between `left` and `right` where a widget on `row` begins or ends."""
    edges: set[int] = set()
    for widget in app.screen.walk_children():
        region = widget.region
        if widget.display and region.y <= row < region.bottom and region.width:
            edges.update(edge for edge in (region.x, region.right) if left < edge < right)
    return edges


def _lines(message: str, cells: int, left: int, edges: dict[int, set[int]]) -> list[str]:
    """Lines of at most `cells`: a word of Latin letters or digits (a case number) that does not fit moves to
    the next line whole, as the toast would wrap it ("after t / he body" read as two words); a space stays
    at the end of its line (Rich wraps by a word's width without its trailing spaces), so the lines joined
    again are the message."""
    lines: list[str] = []
    for paragraph in message.split("\n"):
        line, used = "", 0
        for word in _words(paragraph):
            width = cell_len(word)
            if word != " " and used and used + width > cells >= width:
                lines.append(line)
                line, used = "", 0
            for char in word:
                wide = cell_len(char)
                cut = edges.get(len(lines), set())
                while wide == 2 and left + used + 1 in cut and used + wide < cells:
                    line, used = line + " ", used + 1  # the character would straddle an edge: one cell on
                if used + wide > cells and char != " ":
                    lines.append(line)
                    line, used = "", 0
                    cut = edges.get(len(lines), set())
                    while wide == 2 and left + used + 1 in cut and used + wide < cells:
                        line, used = line + " ", used + 1
                line, used = line + char, used + wide
        lines.append(line)
    return lines


def _words(paragraph: str) -> list[str]:
    """The paragraph as the pieces a line may break between: a run of narrow characters other than a space
    (a word, a number), a space, or one wide (CJK) character."""
    words: list[str] = []
    for char in paragraph:
        narrow = char != " " and cell_len(char) == 1
        if narrow and words and words[-1] != " " and cell_len(words[-1][-1]) == 1:
            words[-1] += char
        else:
            words.append(char)
    return words
