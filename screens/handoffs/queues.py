"""F5: the hand-off queues — due today, overdue, awaiting call-back, returned, done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static, Tab, Tabs

from frontdesk.handoffs.views import QUEUES, SORTS
from frontdesk.i18n import parenthesised, t
from frontdesk.timefmt import local_text
from frontdesk.vocab import label
from screens.shell.base import DeskScreenBase
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

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Tabs(*[Tab(self._tab_label(number, queue, None), id=f"tab-{queue}")
                     for number, queue in enumerate(QUEUES, start=1)], active=f"tab-{self.queue}", id="queues")
        yield Static("", id="queue-summary")
        table: DataTable[str] = DataTable(id="handoff-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(t("col.case_no"), t("col.body"), t("col.matter"), t("col.handoff_status"), t("col.due"),
                          t("col.calls"), t("col.reporter"), t("col.phone"), t("col.summary"))
        yield table
        yield Footer()

    @staticmethod
    def _tab_label(number: int, queue: str, count: int | None) -> str:
        shown = "…" if count is None else f"{count:,}"
        return f"{number} " + parenthesised(t(f"queue.{queue}"), shown)

    def on_mount(self) -> None:
        self.action_refresh()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        handoffs, queue, sort = self.app.desk.handoffs, self.queue, self.sort
        self.read(lambda: handoffs.queue(queue, sort=sort), lambda result: self.show(*result))

    def show(self, rows: list[HandoffRow], counts: dict[str, int]) -> None:
        self.rows = rows
        tabs = self.query_one(Tabs)
        for number, queue in enumerate(QUEUES, start=1):
            tab = tabs.get_tab(f"tab-{queue}")
            if tab is not None:
                tab.label = self._tab_label(number, queue, counts.get(queue))
        zone = self.app.desk.zone
        table = self.query_one("#handoff-table", DataTable)
        table.clear()
        for row in rows:
            style = "bold red" if row.overdue else ""
            status = label("handoff.status", row.status)
            if row.backflows:
                status += f" · {t('handoff.backflow_mark')}"
            table.add_row(
                Text(row.case_no, style=style), row.body, row.matter, Text(status, style=style),
                Text(local_text(row.due_at, zone) if row.due_at else "—", style=style), str(row.calls),
                row.reporter, row.reporter_phone, row.summary,
            )
        total = counts.get(self.queue, len(rows))
        shown = t("queue.summary", count=len(rows), total=total, sort=t(f"handoff_sort.{self.sort}"))
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
