"""F5: the hand-off queues — due today, overdue, awaiting call-back, returned, done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Tab, Tabs

from frontdesk.handoffs.views import QUEUES, SORTS, due_latest_first
from frontdesk.i18n import parenthesised, t
from frontdesk.timefmt import local_text
from frontdesk.vocab import label
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.handoffs.views import HandoffRow


class HandoffQueueScreen(DeskScreenBase):
    CSS_PATH = "queues.tcss"
    HELP_KEY = "help.handoffs"
    AUTO_FOCUS = "#handoff-table"

    BINDINGS = [
        *[
            Binding(str(number), f"show_queue('{queue}')", f"queue.{queue}", show=False, id=f"queue_{queue}")
            for number, queue in enumerate(QUEUES, start=1)
        ],
        Binding("s", "next_sort", "key.sort", tooltip="key.sort.tip", id="sort"),
        Binding("g", "figures", "key.handoff_figures", tooltip="key.handoff_figures.tip", id="figures"),
        Binding("b", "lists", "key.handoff_lists", tooltip="key.handoff_lists.tip", id="lists"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self, queue: str = "overdue") -> None:
        super().__init__()
        self.queue = queue
        self.sort = "due"
        self.rows: list[HandoffRow] = []
        self.counts: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Tabs(*[Tab(self._tab_label(number, queue, None), id=f"tab-{queue}")
                     for number, queue in enumerate(QUEUES, start=1)], active=f"tab-{self.queue}", id="queues")
        yield Static("", id="queue-summary")
        table = FittedTable(id="handoff-table", cursor_type="row", zebra_stripes=True)
        # Narrow, the case number, its hand-off state and when it is due stay whole; then who reported it.
        table.set_columns([
            ColumnSpec("case_no", t("col.case_no"), priority=0, keep=True),
            ColumnSpec("body", t("col.body"), priority=3, minimum=8, short=t("col.body.short"), names=True),
            ColumnSpec("matter", t("col.matter"), priority=4, minimum=8, names=True),
            ColumnSpec("status", t("col.handoff_status"), priority=0, keep=True),
            ColumnSpec("due", t("col.due"), priority=0, keep=True),
            ColumnSpec("calls", t("col.calls"), priority=7, minimum=4),
            ColumnSpec("reporter", t("col.reporter"), priority=2, minimum=6),
            ColumnSpec("phone", t("col.phone"), priority=6, minimum=11),
            ColumnSpec("summary", t("col.summary"), priority=5, minimum=10),
        ])
        yield table
        yield DeskFooter()

    @staticmethod
    def _tab_label(number: int, queue: str, count: int | None, short: bool = False, counted: bool = True) -> str:
        name = t(f"queue.short.{queue}") if short else t(f"queue.{queue}")
        if not counted:
            return f"{number} {name}"
        shown = "…" if count is None else f"{count:,}"
        return f"{number} " + parenthesised(name, shown)

    def _label_tabs(self) -> None:
        """Each queue's tab names it in full where the width allows, else shorter, else without its count."""
        tabs = self.query_one(Tabs)
        room = tabs.content_region.width or self.size.width - 2
        for short, counted in ((False, True), (True, True), (True, False)):
            labels = {queue: self._tab_label(number, queue, self.counts.get(queue), short, counted)
                      for number, queue in enumerate(QUEUES, start=1)}
            if sum(cell_len(text) + 2 for text in labels.values()) <= room:
                break
        for queue, text in labels.items():
            tab = tabs.get_tab(f"tab-{queue}")
            if tab is not None and str(tab.label) != text:
                tab.label = text

    def on_resize(self, event: events.Resize) -> None:
        self._label_tabs()

    def on_mount(self) -> None:
        self.action_refresh()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        handoffs, queue, sort = self.app.desk.handoffs, self.queue, self.sort
        self.read(lambda: handoffs.queue(queue, sort=sort), lambda result: self.show(*result))

    def show(self, rows: list[HandoffRow], counts: dict[str, int]) -> None:
        self.rows, self.counts = rows, counts
        self._label_tabs()
        zone = self.app.desk.zone
        cells = []
        for row in rows:
            style = "bold red" if row.overdue else ""
            status = label("handoff.status", row.status)
            if row.backflows:
                status += f" · {t('handoff.backflow_mark')}"
            cells.append((
                Text(row.case_no, style=style), row.body, row.matter, Text(status, style=style),
                Text(local_text(row.due_at, zone) if row.due_at else "—", style=style), str(row.calls),
                row.reporter, row.reporter_phone, row.summary,
            ))
        self.query_one("#handoff-table", FittedTable).set_rows(cells)
        total = counts.get(self.queue, len(rows))
        sort = "due_latest" if self.sort == "due" and due_latest_first(self.queue) else self.sort
        shown = t("queue.summary", count=len(rows), total=total, sort=t(f"handoff_sort.{sort}"))
        self.query_one("#queue-summary", Static).update(shown if rows else t(f"queue.empty.{self.queue}"))

    def action_show_queue(self, queue: str) -> None:
        self.query_one(Tabs).active = f"tab-{queue}"

    @on(Tabs.TabActivated)
    def _queue_chosen(self, event: Tabs.TabActivated) -> None:
        queue = event.tab.id.removeprefix("tab-") if event.tab and event.tab.id else self.queue
        if queue != self.queue:
            self.queue = queue
            self.action_refresh()
        self.query_one("#handoff-table", DataTable).focus()

    def action_next_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.action_refresh()

    @on(DataTable.RowSelected, "#handoff-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        from screens.cases.detail import CaseDetailScreen

        if 0 <= event.cursor_row < len(self.rows):
            self.app.push_screen(CaseDetailScreen(self.rows[event.cursor_row].case_id))

    def action_figures(self) -> None:
        from screens.handoffs.figures import HandoffFiguresScreen

        self.app.push_screen(HandoffFiguresScreen())

    def action_lists(self) -> None:
        from screens.handoffs.lists import HandoffListsScreen

        self.app.push_screen(HandoffListsScreen())
