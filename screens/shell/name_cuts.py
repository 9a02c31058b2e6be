"""Text cut to a column's width: one value with "…" (`ellipsize`; a `Shortened` word shows its short form where
that fits; a wide (CJK) character is never cut in half), and a column of the station's names (receiving bodies,
matters, categories, often long and alike at their start), where two that a cut at their end would make read alike
are cut where they differ instead, so they still read apart (`fit_names`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.text import Text

ELLIPSIS = "…"

#: What a cell may hold: plain text (never read as markup), a rich Text, or a value shown as str().
Cell = object


class Shortened(str):
    """A cell's word with a shorter form (a catalogue `.short` word): a column too narrow for the word
    whole shows the short form whole rather than the word cut with "…" ("Other party" → "Other")."""

    short: str

    def __new__(cls, full: str, short: str) -> Shortened:
        word = super().__new__(cls, full)
        word.short = short
        return word

    def narrowest(self) -> int:
        """The cells the word needs at the least: its short form's."""
        return min(cell_len(self), cell_len(self.short))


def ellipsize(value: Cell, cells: int) -> Text:
    """`value` as Text cut to `cells` terminal cells, ending in "…" when cut; a wide glyph is never split.

    A plain string stays plain (square brackets are not markup); a Text keeps its styles.
    """
    if isinstance(value, Shortened) and cell_len(value) > cells >= cell_len(value.short):
        value = value.short
    text = value.copy() if isinstance(value, Text) else Text("" if value is None else str(value))
    text.no_wrap = True
    text.end = ""
    if cell_len(text.plain) <= cells:
        return text
    if cells <= 0:
        return Text("", end="")
    room, width, count = cells - cell_len(ELLIPSIS), 0, 0
    for char in text.plain:
        char_width = cell_len(char)
        if width + char_width > room:
            break
        width += char_width
        count += 1
    cut = text[:count]
    cut.rstrip()
    cut.append(ELLIPSIS)
    cut.no_wrap = True
    cut.end = ""
    return cut


def fit_names(values: Sequence[Cell], cells: int, cut: Callable[[str, int], str] | None = None) -> list[Text]:
    """Each of a column's names cut to `cells` as `ellipsize` does, except names that would then read alike
    ("Department of Hous…" twice): each of those shows "…" and the words from where it differs from the
    names it was alike with ("…Preservation…", "…and Buildings…"), after its first words where there is room
    ("Residential building…heating"); where that still reads alike, its end ("…Vehicles"). A name that fits,
    or shows its short form, is never changed; the same name on several rows reads the same on each.

    `cut`, where given, cuts the names instead of `ellipsize` (a panel's, after a whole word: "Request for…"):
    a name it cuts apart from every other shows so; those it would cut alike are cut as above."""
    fitted = [ellipsize(value, cells) for value in values]
    alike = _readings(values, fitted)
    moved = []
    for index, (value, shown) in enumerate(zip(values, fitted)):
        full = _plain(value)
        others = alike[shown.plain] - {full}
        if not others or shown.plain == full or cells <= cell_len(ELLIPSIS) or _short_fits(value, cells):
            continue
        # Where it differs from the names most like it (one it is the start of cannot tell it apart).
        alike_for = [common for common in (_common_start(full, other) for other in others) if common < len(full)]
        start = _word_start(full, max(alike_for, default=0))
        if start > 0:
            fitted[index] = _from(value, start, cells)
            moved.append(index)
    # Names whose differing words are still alike (or that differ only at their very end): their ends.
    still = _readings(values, fitted)
    for index in moved:
        if len(still[fitted[index].plain]) > 1:
            fitted[index] = _tail(values[index], cells)
    if cut is None:
        return fitted
    first = [Text(cut(_plain(value), cells), no_wrap=True, end="") for value in values]
    apart = _readings(values, first)
    return [own if len(apart[own.plain]) == 1 else differing for own, differing in zip(first, fitted)]


def _readings(values: Sequence[Cell], shown: Sequence[Text]) -> dict[str, set[str]]:
    """What each shown text stands for: the names (whole) that read so."""
    names: dict[str, set[str]] = {}
    for value, text in zip(values, shown):
        names.setdefault(text.plain, set()).add(_plain(value))
    return names


def _short_fits(value: Cell, cells: int) -> bool:
    return isinstance(value, Shortened) and cell_len(value.short) <= cells


def _plain(value: Cell) -> str:
    return value.plain if isinstance(value, Text) else ("" if value is None else str(value))


def _common_start(one: str, other: str) -> int:
    """How many characters the two have alike at their start."""
    count = 0
    for a, b in zip(one, other):
        if a != b:
            break
        count += 1
    return count


def _word_start(text: str, at: int) -> int:
    """`at` moved back to the start of the word it is in (text without spaces, such as Chinese: `at` itself);
    where the names differ by what follows a word (", night", "（供暖）"), on to the next word instead."""
    if at < len(text) and not text[at].isalnum():
        after = next((i for i in range(at, len(text)) if text[i].isalnum()), None)
        if after is not None:
            return after
    space = text.rfind(" ", 0, at + 1)
    return space + 1 if space >= 0 else at


def _from(value: Cell, start: int, cells: int) -> Text:
    """`value` from its character `start` on, after "…", cut to `cells` (styles kept); where that leaves room,
    its first words before the "…" ("Residential building…heating", "区住房和…物业管理科")."""
    text = value.copy() if isinstance(value, Text) else Text(_plain(value))
    rest = text[start:]
    room = cells - cell_len(ELLIPSIS) - cell_len(rest.plain)
    head = _head(text.plain[:start], room) if room > 0 else ""
    return ellipsize(Text.assemble(text[:len(head)], ELLIPSIS, rest, style=text.style), cells)


def _head(before: str, room: int) -> str:
    """The start of `before` that fits in `room` cells: whole words where it has spaces, else two or more glyphs."""
    if " " in before:
        head = ""
        for word in before.split(" "):
            wider = f"{head} {word}" if head else word
            if cell_len(wider) > room:
                break
            head = wider
        return head.rstrip(" -–—·,:;/")  # "Housing…", not "Housing -…"
    head, width = "", 0
    for char in before:
        if width + cell_len(char) > room:
            break
        head, width = head + char, width + cell_len(char)
    return head if len(head) >= 2 else ""


def _tail(value: Cell, cells: int) -> Text:
    """`value`'s end, after "…", in `cells` (a wide glyph never split)."""
    text = value.copy() if isinstance(value, Text) else Text(_plain(value))
    room, width, count = cells - cell_len(ELLIPSIS), 0, 0
    for char in reversed(text.plain):
        if width + cell_len(char) > room:
            break
        width += cell_len(char)
        count += 1
    while count and text.plain[len(text.plain) - count].isspace():
        count -= 1
    tail = text[len(text.plain) - count:] if count else Text("")
    out = Text.assemble(ELLIPSIS, tail, style=text.style)
    out.no_wrap, out.end = True, ""
    return out
