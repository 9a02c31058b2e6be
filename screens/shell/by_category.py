"""The desk's "Today by category" panel: today's cases per category, most first, in as many columns
as the panel's width holds and as many rows as it is high (four at 80 columns, three when wide)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from frontdesk.i18n import t
from screens.shell.name_cuts import ellipsize, fit_names
from screens.shell.plain import Static

if TYPE_CHECKING:
    from frontdesk.reports.dashboard import CategoryCount


class CategoryBreakdown(Static):
    """Today's cases per category, most first, filling the panel's rows, then columns where they fit."""

    ROWS = 3
    GAP = 2
    NAME_CELLS = 16

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts: tuple[CategoryCount, ...] | None = None

    def show(self, counts: tuple[CategoryCount, ...]) -> None:
        self.counts = counts
        self.refresh(layout=True)

    def on_resize(self) -> None:
        self.refresh()

    def render(self) -> Text:
        if self.counts is None:
            return Text("…")
        if not self.counts:
            return Text(t("dash.categories.none"), style="dim")
        return category_grid(self.counts, self.size.width or 40, rows=self.size.height or self.ROWS,
                             gap=self.GAP, name_cells=self.NAME_CELLS)

    def categories_shown(self) -> int:
        """How many categories the panel shows by name at its size (the `+N more` line not counted)."""
        if not self.counts:
            return 0
        grid, _widths = category_columns(self.counts, self.size.width or 40, rows=self.size.height or self.ROWS,
                                         gap=self.GAP, name_cells=self.NAME_CELLS)
        slots = sum(len(column) for column in grid)
        return slots if slots == len(self.counts) else slots - 1


def category_grid(counts, width: int, *, rows: int, gap: int, name_cells: int) -> Text:
    """`name  count` entries filled down then across, in as many columns as the width holds (alike, or
    each as wide as its own longest name where only that fits); a last `+N more` entry when they do
    not all fit. A name too long for its column is cut after a whole word, with "…" (a Chinese name
    between characters)."""
    digits = max(len(str(c.count)) for c in counts)
    grid, widths = category_columns(counts, width, rows=rows, gap=gap, name_cells=name_cells)
    lines = [Text() for _ in grid[0]]
    for index, (column, name_width) in enumerate(zip(grid, widths)):
        for line, (name, count) in zip(lines, column):
            if index:
                line.append(" " * gap)
            line.append(name + " " * (name_width - cell_len(name) + 1))
            line.append(str(count).rjust(digits), style="bold")
    return Text("\n").join(lines)


def category_columns(counts, width: int, *, rows: int, gap: int,
                     name_cells: int) -> tuple[list[list[tuple[str, int]]], list[int]]:
    """The grid's columns of (name, count) entries and each column's name width: the most columns
    (of `rows` rows, the first ones full) whose names and counts fit in `width` cells."""
    digits = max(len(str(c.count)) for c in counts)
    name_cells = max(1, min(name_cells, width - digits - 1))  # a narrow panel: the names give way, never the counts
    rows = max(1, rows)

    def fits(widths: list[int]) -> bool:
        return sum(widths) + len(widths) * (1 + digits) + gap * (len(widths) - 1) <= width

    for columns in range(-(-len(counts) // rows), 0, -1):
        grid = _columns(counts, rows, columns, name_cells)
        widths = [max(cell_len(name) for name, _n in column) for column in grid]
        # Columns alike where they fit (a wide panel); else each as wide as its own names, so narrower
        # names (Chinese ones, often) take a second column that columns alike would not.
        if fits(alike := [max(widths)] * len(widths)):
            widths = alike
            break
        if fits(widths):
            break
    if len(grid) == 1 and width - 1 - digits <= name_cells:
        # One column filling a narrow panel (80 columns): its counts at the edge, as the other panels' figures.
        widths = [width - 1 - digits]
    return grid, widths


def _columns(counts, rows: int, columns: int, name_cells: int) -> list[list[tuple[str, int]]]:
    """The entries of `columns` columns of `rows` rows: the categories most first, the last slot
    `+N more` (their cases summed) when there are more categories than slots."""
    slots = rows * columns
    entries = [(c.name, c.count) for c in counts]
    if len(entries) > slots:
        rest = entries[slots - 1:]
        entries = entries[:slots - 1] + [(t("dash.categories.more", count=len(rest)), sum(n for _m, n in rest))]
    names = apart([name for name, _n in entries], name_cells)
    entries = [(name, count) for name, (_m, count) in zip(names, entries)]
    return [entries[start:start + rows] for start in range(0, len(entries), rows)]


def apart(names: list[str], cells: int) -> list[str]:
    """Each name as `fit_name` cuts it, except two that would then read alike ("Housing…" twice): those are
    cut where they differ, as a table's column of names is (screens.shell.name_cuts.fit_names)."""
    return [text.plain for text in fit_names(names, cells, cut=fit_name)]


def fit_name(name: str, cells: int) -> str:
    """`name` in `cells` terminal cells: whole, or cut after its last whole word that fits, with "…"
    ("Request for…"); a first word longer than that, or a Chinese name, cut by cells."""
    if cell_len(name) <= cells:
        return name
    words = name.split(" ")
    for count in range(len(words) - 1, 0, -1):
        kept = " ".join(words[:count]).rstrip(" /-·,&")
        if kept and cell_len(kept) + 1 <= cells:
            return kept + "…"
    return ellipsize(name, cells).plain
