"""Tables that fit the terminal: which columns to show, how wide, and text cut with "…".

A table names its columns once, each with a priority (0 the most important; the largest is
dropped first), the narrowest width worth showing and whether it identifies the row (a case
number, a time, a status: never dropped, never narrowed), and may give a shorter header for a
narrow terminal (a catalogue key of its own). A header is never cut: a column is never narrower
than its shorter header; one that cannot have that much room is dropped. `plan_columns` picks,
for the width there is, the columns to show and their widths: every column starts at its minimum,
the least important columns are dropped until the minimums fit, then the space left widens
the shown columns towards their natural (widest cell) width, the most important first.

`FittedTable` is a DataTable that does this itself: `set_columns` once, `set_rows` with the
full text whenever the data changes, and it lays itself out again on every resize. Text a
column cannot hold whole ends in "…" (screens.shell.name_cuts.ellipsize), and a column of the station's
names (`ColumnSpec.names`) cuts two names that would end alike in "…" where they differ instead, so they
still read apart (screens.shell.name_cuts.fit_names).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events

from frontdesk.i18n import catalogue, t
from frontdesk.vocab import label
from screens.shell.name_cuts import Cell, Shortened, ellipsize, fit_names
from screens.shell.plain import DataTable


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its key, header, priority (0 most important), minimum width, whether it identifies the row,
    and the header it shows when the full one does not fit (`short`; the full one when not given)."""

    key: str
    label: str
    priority: int = 5
    minimum: int = 6
    keep: bool = False
    short: str | None = None
    #: The cells are names of one of the station's lists: two a cut would make read alike are cut where they differ.
    names: bool = False

    def header(self, cells: int) -> Text:
        """The header for a column `cells` wide: the full one if it fits, else the short one if that fits,
        else (kept columns wider than the terminal) the full one cut with "…"."""
        if cell_width(self.label) > cells and self.short is not None and cell_width(self.short) <= cells:
            return ellipsize(self.short, cells)
        return ellipsize(self.label, cells)

    def narrowest_header(self) -> int:
        """The cells the column's header needs at the least."""
        return min(cell_width(self.label), cell_width(self.short)) if self.short is not None else cell_width(self.label)


@dataclass(frozen=True)
class Fit:
    """One column as the planner sees it, in cells: its natural width is its widest cell or header;
    `header` is what its narrowest header needs (it is never narrower than that) and `label` what its
    full header needs, when that is more than `natural` (a short header stands in for it when narrow)."""

    key: str
    natural: int
    priority: int = 5
    minimum: int = 6
    keep: bool = False
    header: int = 0
    label: int = 0


def plan_columns(columns: Sequence[Fit], available: int, padding: int = 1) -> list[tuple[str, int]]:
    """The columns to show, in their order, with each one's width (without padding) for `available` cells.

    Each shown column costs its width plus `padding` on either side. A `keep` column is
    always shown at its natural width; the others are shown at least at their minimum (or
    their natural width, when that is narrower) and never narrower than their header, dropped
    lowest priority first (the rightmost of equal priority first) while these do not fit. The
    space left then widens the shown columns towards their natural width (or their full
    header's, when wider), most important first. When even the kept columns do not fit, they
    are all shown and the table scrolls sideways.
    """
    floor = {c.key: c.natural if c.keep else max(min(c.minimum, c.natural), min(c.header, c.natural))
             for c in columns}
    full = {c.key: max(c.natural, c.label) for c in columns}
    floor = {key: max(width, 1) for key, width in floor.items()}
    shown = list(columns)

    def used() -> int:
        return sum(floor[c.key] + 2 * padding for c in shown)

    droppable = sorted((c for c in columns if not c.keep), key=lambda c: (-c.priority, -columns.index(c)))
    for column in droppable:
        if used() <= available:
            break
        shown.remove(column)
    widths = {c.key: floor[c.key] for c in shown}
    spare = available - used()
    for column in sorted(shown, key=lambda c: (c.priority, shown.index(c))):
        if spare <= 0:
            break
        grow = min(spare, full[column.key] - widths[column.key])
        if grow > 0:
            widths[column.key] += grow
            spare -= grow
    return [(c.key, widths[c.key]) for c in shown]


def worded(kind: str, code: str | None) -> str:
    """The officer's word for a code (frontdesk.vocab.label), Shortened where the catalogue has a `.short` form."""
    word = label(kind, code)
    if code and f"{kind}.{code}.short" in catalogue():
        return Shortened(word, t(f"{kind}.{code}.short"))
    return word


def narrowest_word(kind: str, codes: Sequence[str]) -> int:
    """The cells a column of these codes' words needs to show each one whole, in its short form if it has one."""
    words = [worded(kind, code) for code in codes]
    return max(word.narrowest() if isinstance(word, Shortened) else cell_len(word) for word in words)


def cell_width(value: Cell) -> int:
    """The cells `value` takes on one line (its widest line, if it has several)."""
    plain = value.plain if isinstance(value, Text) else ("" if value is None else str(value))
    return max((cell_len(line) for line in plain.splitlines()), default=0)


class FittedTable(DataTable[Text]):
    """A DataTable that shows the columns the width allows and cuts text with "…"; laid out again on resize.

    `set_columns(specs)` names the columns; `set_rows(rows, keys=...)` gives each row's full
    cells in the order of the specs (the table keeps them, so a wider terminal shows more).
    The cursor stays on the same row through a new layout. `shown_columns` says which
    columns are shown now and how wide, for tests and for a screen that wants to know.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._specs: list[ColumnSpec] = []
        self._full_rows: list[Sequence[Cell]] = []
        self._row_keys: list[str | None] = []
        self._laid_out_for: int | None = None
        self.shown_columns: list[tuple[str, int]] = []

    def set_columns(self, specs: Sequence[ColumnSpec]) -> None:
        self._specs = list(specs)
        self.refit(force=True)

    def set_rows(self, rows: Sequence[Sequence[Cell]], keys: Sequence[Hashable | None] | None = None) -> None:
        """Show these rows (cells in the order of the specs), replacing those shown; the cursor goes to the top,
        as after DataTable.clear (a new layout for a new width keeps it where it is)."""
        self._full_rows = [list(row) for row in rows]
        self._row_keys = [None if k is None else str(k) for k in keys] if keys is not None else [None] * len(rows)
        self.refit(force=True, keep_cursor=False)

    def full_row(self, index: int) -> Sequence[Cell]:
        """The row's cells as given, whole, whichever columns are shown."""
        return self._full_rows[index]

    def available_width(self) -> int:
        """Cells the columns may take: the table's inside width, less room for the vertical scrollbar
        when the rows will need one (or the height is not known yet)."""
        height = self.content_region.height
        rows = len(self._full_rows) + (self.header_height if self.show_header else 0)
        scrollbar = self.styles.scrollbar_size_vertical if height <= 0 or rows > height else 0
        return max(0, self.content_region.width - scrollbar)

    def fits(self) -> list[Fit]:
        fits = []
        for index, spec in enumerate(self._specs):
            header = spec.narrowest_header()
            natural = max([header] + [cell_width(row[index]) for row in self._full_rows if index < len(row)])
            fits.append(Fit(spec.key, natural, spec.priority, spec.minimum, spec.keep, header, cell_width(spec.label)))
        return fits

    def refit(self, force: bool = False, keep_cursor: bool = True) -> None:
        """Lay the table out again for its width (only when the width changed, unless forced)."""
        if not self._specs:
            return
        available = self.available_width()
        if available <= 0:
            available = 10_000  # not laid out yet: show everything; the first resize fits it
        if not force and available == self._laid_out_for:
            return
        self._laid_out_for = available
        plan = plan_columns(self.fits(), available, self.cell_padding)
        cursor_row = self.cursor_row
        index_of = {spec.key: i for i, spec in enumerate(self._specs)}
        self.clear(columns=True)
        for key, width in plan:
            self.add_column(self._specs[index_of[key]].header(width), width=width, key=key)
        named = {key: fit_names([row[index_of[key]] if index_of[key] < len(row) else "" for row in self._full_rows],
                                width)
                 for key, width in plan if self._specs[index_of[key]].names}
        for number, (row, row_key) in enumerate(zip(self._full_rows, self._row_keys)):
            cells = [named[key][number] if key in named
                     else ellipsize(row[index_of[key]] if index_of[key] < len(row) else "", width) for key, width in plan]
            self.add_row(*cells, key=row_key)
        self.shown_columns = plan
        if keep_cursor and self._full_rows and cursor_row > 0:
            self.move_cursor(row=min(cursor_row, len(self._full_rows) - 1), animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self.refit()
