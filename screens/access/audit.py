"""F9 (supervisors): the audit log, filtered by officer, person, action and dates."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from frontdesk.access.audit import ACTIONS_SHOWN, AuditFilter, action_words, record_kind_words
from frontdesk.i18n import DeskError, parenthesised, t
from frontdesk.timefmt import DATE_FORMAT, day_start, local_day, local_text, parse_day
from screens.shell.bounded import BoundedInput
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.base import DeskScreenBase
from screens.shell.choices import NumberedSelect
from screens.shell.footer import DeskFooter
from screens.shell.plain import Label, Select, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.access.audit import AuditRow


class AuditScreen(DeskScreenBase):
    CSS_PATH = "audit.tcss"
    HELP_KEY = "help.audit"
    AUTO_FOCUS = "#audit-officer"

    BINDINGS = [
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "back", "key.back", id="back"),
    ]

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="audit-filters"):
            with Vertical(classes="filter"):
                yield Label(t("audit.officer"))
                yield BoundedInput(id="audit-officer", placeholder=t("signin.badge"), max_length=20)
            with Vertical(classes="filter"):
                yield Label(t("audit.person"))
                yield BoundedInput(id="audit-person", placeholder=t("audit.person_hint"))
            with Vertical(classes="filter"):
                yield Label(t("audit.action"))
                yield NumberedSelect([(action_words(a), a) for a in ACTIONS_SHOWN], id="audit-action",
                                     prompt=t("list.any"))
            with Vertical(classes="filter date"):
                yield Label(t("list.from"))
                yield BoundedInput(id="audit-from")
            with Vertical(classes="filter date"):
                yield Label(t("list.to"))
                yield BoundedInput(id="audit-to")
        yield Static("", id="audit-summary")
        table = FittedTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        # When and how it ended always, whole; what was done, by whom and on what always too, cut with "…"
        # when narrow (an officer's name with the badge and "Started an outreach campaign" do not fit 80
        # columns whole beside the rest); the reason gives way first.
        table.set_columns([
            ColumnSpec("when", t("col.when"), keep=True),
            ColumnSpec("officer", t("col.officer"), priority=1, minimum=10),
            ColumnSpec("action", t("audit.action"), priority=0, minimum=12),
            ColumnSpec("record", t("audit.record"), priority=2, minimum=12),
            ColumnSpec("outcome", t("audit.outcome"), keep=True),
            ColumnSpec("reason", t("audit.reason"), priority=3, minimum=10)])
        yield table
        yield DeskFooter()

    def on_mount(self) -> None:
        today = local_day(self.app.clock(), self.app.desk.zone)
        self.query_one("#audit-from", Input).value = (today - timedelta(days=7)).strftime(DATE_FORMAT)
        self.action_refresh()

    def filters(self) -> AuditFilter:
        zone = self.app.desk.zone
        typed_from = self.query_one("#audit-from", Input).value.strip()
        typed_to = self.query_one("#audit-to", Input).value.strip()
        action = self.query_one("#audit-action", Select).value
        return AuditFilter(
            officer=self.query_one("#audit-officer", Input).value,
            person=self.query_one("#audit-person", Input).value,
            action="" if action is Select.NULL else str(action),
            since=day_start(parse_day(typed_from), zone) if typed_from else None,
            until=day_start(parse_day(typed_to) + timedelta(days=1), zone) if typed_to else None,
        )

    def action_refresh(self) -> None:
        try:
            filters = self.filters()
        except DeskError as error:
            self.query_one("#audit-summary", Static).update(Text(error.message, style="bold red"))
            return
        self.load(filters)

    def load(self, filters: AuditFilter) -> None:
        desk = self.app.desk
        self.read(lambda: desk.access.read_audit(filters), self.show)

    def show(self, rows: list[AuditRow]) -> None:
        zone = self.app.desk.zone
        shown = []
        for row in rows:
            outcome = Text(t(f"audit.outcome.{row.outcome}") if row.outcome in ("ok", "failed", "locked", "denied")
                           else row.outcome, style="" if row.outcome == "ok" else "bold red")
            officer = parenthesised(row.officer, row.badge) if row.badge else "—"
            shown.append((local_text(row.at, zone), officer, action_words(row.action),
                          row.record or record_kind_words(row.table_name) or "—",
                          outcome, row.reason or "—"))
        self.query_one("#audit-table", FittedTable).set_rows(shown)
        self.query_one("#audit-summary", Static).update(t("audit.summary", count=len(rows)))

    @on(Input.Submitted)
    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.action_refresh()

    def action_back(self) -> None:
        """Esc leaves the log at once, wherever the focus is (the filters are applied as they are typed)."""
        self.app.pop_screen()
