"""The import screen's parts: which columns its preview and rejects list keep as the screen narrows, its message
and its progress bar."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import ProgressBar

from frontdesk.i18n import language, t
from frontdesk.vocab import CHANNELS, DISPOSITIONS, label
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.plain import Label, Select
from screens.shell.widgets import field_line

#: The value columns whose words are mapped, with the mapping's table for each.
VALUE_TABLES = (("category", "categories"), ("channel", "channels"), ("status", "statuses"),
                ("disposition", "dispositions"))
#: (heading, priority, minimum cells) of the preview and of the rejects list: narrow, the row and when it was
#: received stay whole, then its problems and the status it gets; the others narrow or go, by priority.
PREVIEW_COLUMNS = (("import.col.row", 0, 0), ("import.screen.col.received", 0, 0), ("import.field.category", 2, 6),
                   ("import.screen.col.reporter", 3, 6), ("import.screen.col.phone", 5, 11),
                   ("import.field.status", 1, 16), ("import.screen.col.problems", 0, 16), ("import.field.summary", 4, 10))
REJECT_COLUMNS = (("import.col.row", 0, 0), ("import.col.reason", 1, 10))


def set_columns(table: FittedTable, specs: tuple[tuple[str, int, int], ...]) -> None:
    """The table's columns: a minimum of 0 marks one that stays whole. Tab reaches the table from then on: its
    header row shows the focus, and before a file is read it has none (Tab seemed to go nowhere)."""
    table.set_columns([ColumnSpec(key, t(key), priority=priority, minimum=minimum or 1, keep=not minimum)
                       for key, priority, minimum in specs])
    table.can_focus = True


class ImportMessage(VerticalScroll, can_focus=False):
    """Holds what the import says of the file and its rows. Longer than its lines (a reading and the notes at
    80×24), Tab reaches it and ↑ ↓ PgUp PgDn scroll it; else it is passed over."""

    def reachable(self) -> None:
        self.can_focus = self.max_scroll_y > 0


class ImportBar(ProgressBar):
    """How far the import under way has read the file. Hidden until an import starts, and again once a file is
    previewed: the last import's bar beside another file's preview read as that file imported."""

    def start(self) -> None:
        self.display = True
        self.update(total=100, progress=0)

    def put_away(self) -> None:
        self.display = False
        self.update(total=100, progress=0)


def value_options(categories, field: str) -> list[tuple[str, str]]:
    """The choices of a value list: the station's categories, the channels, statuses (with each closing
    disposition) or dispositions, and "reject these rows"."""
    zh = language() == "zh"
    if field == "category":
        options = [(c.name_zh if zh else c.name_en, c.code) for c in categories]
    elif field == "channel":
        options = [(label("channel", code), code) for code in CHANNELS]
    elif field == "status":
        options = [(label("status", code), code) for code in ("open", "in_progress", "closed")]
        options += [(f"{label('status', 'closed')} · {label('disposition', code)}", code) for code in DISPOSITIONS]
    else:  # a disposition cell may say the matter is not finished (调解中)
        options = [(label("disposition", code), code) for code in DISPOSITIONS]
        options += [(label("status", code), code) for code in ("open", "in_progress")]
    return options + [(t("import.value.reject"), "")]


def value_lines(opened) -> tuple[list[Widget], dict[str, tuple[str, str]]]:
    """The value lists of an opened file (frontdesk.intake.logbook.Opened): a heading per value column with words
    to map, then a list per word; with the select id -> (mapping table, the file's word) of each."""
    widgets: list[Widget] = []
    selects: dict[str, tuple[str, str]] = {}
    for field, table in VALUE_TABLES:
        words = getattr(opened.mapping, table)
        if not opened.mapping.column(field) or not words:
            continue
        widgets.append(Label(t(f"import.values.{table}"), classes="import-section"))
        options = value_options(opened.categories, field)
        for index, (word, code) in enumerate(words.items()):
            select_id = f"import-val-{table}-{index}"
            selects[select_id] = (table, word)
            widgets.append(field_line("", Select(options, id=select_id, allow_blank=False, value=code), label_text=word))
    return widgets, selects
