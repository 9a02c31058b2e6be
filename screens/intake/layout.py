"""The import screen's tables: which columns its preview and rejects list keep as the screen narrows."""

from __future__ import annotations

from frontdesk.i18n import t
from screens.shell.columns import ColumnSpec, FittedTable

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
    """The table's columns: a minimum of 0 marks one that stays whole."""
    table.set_columns([ColumnSpec(key, t(key), priority=priority, minimum=minimum or 1, keep=not minimum)
                       for key, priority, minimum in specs])
