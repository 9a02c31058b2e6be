"""The look-up box: results as the officer types, the best first; Enter opens one."""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Input

from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from frontdesk.vocab import label
from screens.shell.columns import Fit, cell_width, plan_columns
from screens.shell.name_cuts import ellipsize, fit_names
from screens.shell.plain import Label, OptionList, Static
from screens.shell.work import DeskWork, refusing

if TYPE_CHECKING:
    from textual.timer import Timer

    from frontdesk.callers.lookup import Results


#: The results' columns: (heading, priority, narrowest, identifies the row). The case number, time and
#: status, and a person's name and phone, are never dropped; the rest give way in a narrow terminal.
CASE_COLUMNS = (("col.case_no", 0, 16, True), ("col.received", 0, 16, True), ("col.category", 2, 8, False),
                ("col.status", 0, 6, True), ("col.summary", 1, 10, False))
PERSON_COLUMNS = (("col.name", 0, 6, True), ("col.phone", 0, 11, True), ("col.rid", 3, 18, False),
                  ("col.cases", 1, 4, False), ("lookup.col.matched", 4, 4, False), ("form.reporter_address", 2, 8, False))
#: Columns of the station's own names (categories, often long and alike at their start): two that a cut at their
#: end would make read alike ("Housing…" twice) are cut where they differ (screens.shell.name_cuts.fit_names).
NAME_COLUMNS = frozenset({"col.category"})


class SearchInput(Input):
    """The look-up's input: its CSS fixes the box's size, so a keystroke repaints the box alone.

    Textual's Input sets its virtual (scrollable) size on every keystroke, and that reactive asks
    for a layout of the whole screen (every panel, the footer's keys) although the box never
    changes size. The box scrolls by its virtual size alone, read as the cursor moves.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def watch_virtual_size(self, size: Size) -> None:
        # What a layout did besides: text shorter than where the box had scrolled to scrolls back.
        if self.scroll_x > self.max_scroll_x:
            self.scroll_x = self.max_scroll_x


class ResultList(OptionList):
    """The results, in a list of a fixed height: more or fewer results repaint it without a layout
    of the screen. Its scroll bar is always there (overflow-y: scroll): Textual places a bar in a
    layout of the whole screen, so a bar coming and going as a page passes the list's ten lines laid
    the desk out on about 44% of keystrokes (a kept column, scrollbar-gutter: stable, did not stop it).
    While the results fit, the bar is drawn in the list's own colour: a blank column, as before."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    #: The bar's background while the results fit: the list's own (None while they do not: the bar as styled).
    _blank_bar: Color | None = None

    def watch_virtual_size(self) -> None:
        self._colour_bar()

    def on_resize(self) -> None:
        self._colour_bar()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._colour_bar()  # the list's colour changed (it has the keys, another theme): the blank bar's too

    def _colour_bar(self) -> None:
        fits = self.virtual_size.height <= self.scrollable_content_region.height
        blank = self.background_colors[1] if fits else None
        if blank != self._blank_bar:
            self._blank_bar = blank
            styles = self.styles
            styles.scrollbar_background = styles.scrollbar_background_hover = blank
            styles.scrollbar_background_active = blank


class LookupBox(DeskWork, Vertical):
    """Search input and its results; posts Chosen when the officer opens a result."""

    DEFAULT_CSS = """
    LookupBox { height: auto; }
    LookupBox #search-row { height: 3; padding: 0 1; margin-top: 1; }
    LookupBox #search-label { width: auto; padding: 1 1 0 0; text-style: bold; }
    LookupBox #search { width: 1fr; }
    LookupBox #search-note { color: $text-muted; padding: 0 2; height: auto; }
    LookupBox #results-head { height: 1; margin: 0 1; text-style: bold; background: $panel; }
    LookupBox #results { height: 10; margin: 0 1; overflow-y: scroll; }
    """

    #: Gap between columns, and the widest any one column may be.
    GAP = 2
    WIDEST = 40
    #: How long the screen waits for a keystroke's results before it paints the keystroke alone. Results
    #: in by then are painted with it, in one frame: no second paint waiting for the next frame.
    HOLD_SECONDS = 1 / 60
    #: Lines kept made, to be shown again as they are (a few pages' worth).
    LINES_KEPT = 200

    BINDINGS = [
        Binding("down", "to_results", show=False),
    ]

    @dataclass
    class Chosen(Message):
        person_id: uuid.UUID | None = None
        case_id: uuid.UUID | None = None

    def __init__(self, *, id: str | None = None, choosing: bool = False) -> None:
        super().__init__(id=id)
        #: What Enter does, as the notes under the box say it: open the first result, or take it (a dialog).
        self.hint_key, self.count_key = ("lookup.hint_choose", "lookup.count_choose") if choosing else (
            "lookup.hint", "lookup.count")
        #: A dialog choosing a person does not invite a case number.
        self.placeholder_key = "lookup.placeholder_choose" if choosing else "desk.search.placeholder"
        self.results: Results | None = None
        #: The columns and full rows shown, laid out again when the width changes.
        self.shown: tuple[tuple, list[list[str]]] | None = None
        self._open_when_found = False  # Enter pressed before the search had answered
        #: The paint held for the results (the app's batch update) and the timer that ends the wait.
        self._held_paint: AbstractContextManager[None] | None = None
        self._held_until: Timer | None = None
        self._lines_made: dict[str, Content] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-row"):
            yield Label(t("desk.search.label"), id="search-label")
            yield SearchInput(placeholder=t(self.placeholder_key), id="search")
        yield Static(t(self.hint_key), id="search-note")
        yield Static("", id="results-head")
        # One pre-aligned line per result: far cheaper to paint on every keystroke than a cell-by-cell
        # table. The list keeps its place when empty, so results appearing never move the screen below.
        yield ResultList(id="results", compact=True)

    def on_mount(self) -> None:
        self.watch(self.input, "value", self._hold_paint, init=False)

    def on_unmount(self) -> None:
        self._release_paint(repaint=False)  # whatever the box leaves is repainted as it goes

    def _hold_paint(self, value: str) -> None:
        """As the text changes, before anything is painted: hold the paint until the results are in."""
        if self._held_paint is None and value.strip() and self.app.desk is not None:
            self._held_paint = self.app.batch_update()
            self._held_paint.__enter__()
            self._held_until = self.set_timer(self.HOLD_SECONDS, self._release_paint)

    def _release_paint(self, *, repaint: bool = True) -> None:
        held, timer = self._held_paint, self._held_until
        self._held_paint = self._held_until = None
        if timer is not None:
            timer.stop()
        if held is not None:
            held.__exit__(None, None, None)
            if repaint:
                self.screen.check_idle()  # the screen paints what changed while it was held

    @property
    def input(self) -> Input:
        return self.query_one("#search", Input)

    def clear(self) -> None:
        self.input.value = ""

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        if self.app.desk is None:
            return
        if not event.value.strip():
            self._open_when_found = False
            self._show(None)
            return
        self.find(event.value)

    def find(self, typed: str) -> None:
        """Each keystroke's search makes the one before it stale: only the newest answer shows."""
        desk = self.app.desk
        self.read(refusing(lambda: desk.callers.search(typed), "lookup.failed"), self._found, key="lookup",
                  refused=self._failed)

    def _found(self, results: Results) -> None:
        if results.typed == self.input.value:  # a newer keystroke's search is on its way otherwise
            self._show(results)
            if self._open_when_found:
                self._open_when_found = False
                self._open(0)

    def _failed(self, error: DeskError) -> bool:
        self._note(error.message)
        self._release_paint()
        return True

    def _show(self, results: Results | None) -> None:
        try:
            self._show_results(results)
        finally:
            self._release_paint()

    def _show_results(self, results: Results | None) -> None:
        self.results = results
        if results is None:
            self._note(t(self.hint_key))
            self.query_one("#results-head", Static).update("", layout=False)  # one line of a fixed height
            self.query_one("#results", OptionList).clear_options()
            self.shown = None
            return
        if results.cases:
            zone = self.app.desk.zone
            specs = CASE_COLUMNS
            rows = [[hit.case_no, local_text(hit.received_at, zone), hit.category,
                     t("detail.voided_state") if hit.voided else label("status", hit.status),
                     hit.summary] for hit in results.cases]
        else:
            specs = PERSON_COLUMNS
            rows = [[hit.name, hit.phone, hit.resident_id, str(hit.cases),
                     t(f"lookup.matched.{hit.matched}") + (" ✓" if hit.exact else ""), hit.address]
                    for hit in results.people]
        self.shown = (specs, rows)
        self._lay_out()
        count = len(rows)
        self._note(t(self.count_key, count=count) if count else t("lookup.none"))

    def _note(self, text: str) -> None:
        """The line under the box, changed only when its words change. It wraps (its height follows
        its words), so a change lays the screen out again, unless the old words and the new both fit
        on one line."""
        note = self.query_one("#search-note", Static)
        before = str(note.content)
        if before != text:
            width = note.content_region.width
            one_line = [0 < cell_width(words) <= width and "\n" not in words for words in (before, text)]
            note.update(text, layout=not all(one_line))

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        """The results in columns for the width there is: identifying columns whole, the others by priority."""
        if self.shown is None:
            return
        specs, rows = self.shown
        head = [t(key) for key, _priority, _minimum, _keep in specs]
        fits = [Fit(key, min(self.WIDEST, max(cell_width(row[i]) for row in [head, *rows])), priority, minimum, keep)
                for i, (key, priority, minimum, keep) in enumerate(specs)]
        width = self.query_one("#results", OptionList).content_region.width or self.size.width or 80
        plan = plan_columns(fits, width - 1, padding=self.GAP // 2)
        index = {key: i for i, (key, *_rest) in enumerate(specs)}
        heading = self._line(head, plan, index)
        head_line = self.query_one("#results-head", Static)
        if heading != head_line.content:
            head_line.update(heading, layout=False)  # one line of a fixed height: nothing moves
        listing = self.query_one("#results", OptionList)
        highlighted = listing.highlighted
        # Lines replaced in place: emptying the list first would hide its scroll bar and show it again,
        # and each of those lays out the whole screen again, on every keystroke.
        lines = [self._line(row, plan, index) for row in _names_apart(rows, plan, index)]
        before = listing.option_count
        for number, line in enumerate(lines[:before]):
            listing.replace_option_prompt_at_index(number, line)
        if len(lines) > before:
            listing.add_options(lines[before:])
        for number in range(before - 1, len(lines) - 1, -1):
            listing.remove_option_at_index(number)
        if rows:
            listing.highlighted = min(highlighted or 0, len(rows) - 1)

    def _line(self, cells: list[str], plan: list[tuple[str, int]], index: dict[str, int]) -> Content:
        """The shown cells in columns, each cut with … to its width (Chinese characters count two).

        Plain text made once per line: a line shown again (the next keystroke often keeps a result)
        is the same Content, whose measured height the list finds already worked out."""
        parts = []
        for number, (key, width) in enumerate(plan):
            cell = ellipsize(cells[index[key]], width).plain
            parts.append(cell)
            if number < len(plan) - 1:
                parts.append(" " * (width - cell_len(cell) + self.GAP))
        text = "".join(parts)
        line = self._lines_made.get(text)
        if line is None:
            if len(self._lines_made) >= self.LINES_KEPT:
                self._lines_made.clear()
            line = self._lines_made[text] = Content(text)
        return line

    def action_to_results(self) -> None:
        listing = self.query_one("#results", OptionList)
        if listing.option_count:
            listing.focus()

    @on(Input.Submitted, "#search")
    def _open_first(self) -> None:
        if self.results is None or self.results.typed != self.input.value:
            self._open_when_found = bool(self.input.value.strip())
        else:
            self._open(0)

    @on(OptionList.OptionSelected, "#results")
    def _open_chosen(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option_index)

    def _open(self, row: int) -> None:
        results = self.results
        if results is None:
            return
        if results.cases and 0 <= row < len(results.cases):
            self.post_message(self.Chosen(case_id=results.cases[row].case_id))
        elif results.people and 0 <= row < len(results.people):
            self.post_message(self.Chosen(person_id=results.people[row].person_id))


def _names_apart(rows: list[list[str]], plan: list[tuple[str, int]], index: dict[str, int]) -> list[list[str]]:
    """The rows with each shown column of names fitted to its width as a whole (`fit_names`), so that two names
    alike at their start read apart; a name that fits stays as it is."""
    rows = [list(row) for row in rows]
    for key, width in plan:
        if key in NAME_COLUMNS:
            column = index[key]
            for row, name in zip(rows, fit_names([row[column] for row in rows], width)):
                row[column] = name.plain
    return rows

