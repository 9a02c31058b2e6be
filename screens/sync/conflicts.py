"""What sync left for an officer: records edited at two sites, people who may be the same.

Enter on an edit opens it field by field (screens.conflict_fields), where a
supervisor settles it. m merges a newcomer into the person already here, x
keeps them apart. At an outpost, its own versions waiting for the station's
decision are listed read-only.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding

from frontdesk.i18n import DeskError, labelled, listed, parenthesised, t
from frontdesk.timefmt import local_text
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.cases.dialogs import ReasonScreen
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Static
from screens.sync.conflict_fields import field_label, table_label
from screens.shell.dialogs import ConfirmScreen
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.callers.lookup import PersonHit
    from frontdesk.sync.conflicts import ConflictItem


class ConflictsScreen(DeskScreenBase):
    CSS_PATH = "conflicts.tcss"
    HELP_KEY = "help.sync_conflicts"
    AUTO_FOCUS = "#conflicts-table"
    GUARDED = {"merge": "resolve_sync_conflict", "not_same": "resolve_sync_conflict"}

    BINDINGS = [
        Binding("m", "merge", "sync.screen.key.merge", tooltip="sync.screen.key.merge.tip", id="sync_merge"),
        Binding("x", "not_same", "sync.screen.key.not_same", tooltip="sync.screen.key.not_same.tip",
                id="sync_not_same"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[ConflictItem] = []
        #: For people who may be the same: (newcomer, person here) as look-up hits (numbers masked).
        self.people: dict[uuid.UUID, tuple[PersonHit | None, PersonHit | None]] = {}

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("sync.screen.conflicts.hint"), id="conflicts-hint")
        table = FittedTable(id="conflicts-table", cursor_type="row", zebra_stripes=True)
        table.set_columns([
            ColumnSpec("what", t("sync.screen.col.what"), priority=0, keep=True),
            ColumnSpec("record", t("sync.screen.col.record"), priority=0, minimum=19),  # a case number whole
            ColumnSpec("table", t("sync.screen.col.table"), priority=3, minimum=6, short=t("sync.screen.col.table.short")),
            ColumnSpec("from", t("sync.screen.col.from"), priority=2, minimum=5),
            ColumnSpec("found", t("sync.screen.col.found"), priority=0, keep=True),
        ])
        yield table
        yield Static("", id="conflicts-detail")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    @on(events.ScreenResume)
    def _back_from_fields(self) -> None:
        self.action_refresh()

    def current(self) -> ConflictItem | None:
        row = self.query_one("#conflicts-table", DataTable).cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed and action in ("merge", "not_same"):
            item = self.current() if self.is_mounted else None
            if item is None or item.kind != "same_person" or item.status != "open":
                return None  # offered, greyed, for people who may be the same
        return allowed

    # ---- the list ---------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.load()

    def load(self) -> None:
        desk = self.app.desk

        def conflicts() -> tuple[list[ConflictItem], dict]:
            items = desk.sync.conflicts()
            people = {item.id: (desk.callers.person_match(item.record_id), desk.callers.person_match(item.other_id))
                      for item in items if item.kind == "same_person"}
            return items, people

        self.read(conflicts, lambda result: self.show(*result))

    def show(self, items: list[ConflictItem], people: dict) -> None:
        self.items, self.people = items, people
        zone = self.app.desk.zone
        table = self.query_one("#conflicts-table", FittedTable)
        row = table.cursor_row
        cells = []
        for item in items:
            if item.kind == "same_person":
                what = Text(t("sync.screen.kind.same_person"), style="bold")
                record = t("sync.screen.pair", new=item.label, site=item.origin_site, old=item.other_label)
            elif item.status == "at_station":
                what = Text(t("sync.screen.kind.at_station"), style="dim")
                record = item.label
            else:
                what = Text(t("sync.screen.kind.edit"), style="bold")
                record = item.label
            cells.append((what, record, table_label(item.table_name), item.origin_site, local_text(item.found_at, zone)))
        table.set_rows(cells, keys=[item.id for item in items])
        if items:
            table.move_cursor(row=min(max(row, 0), len(items) - 1))
        self._describe()

    @on(DataTable.RowHighlighted, "#conflicts-table")
    def _highlighted(self) -> None:
        self._describe()
        self.refresh_bindings()

    def _describe(self) -> None:
        """Under the list: what the highlighted item is about."""
        detail = self.query_one("#conflicts-detail", Static)
        item = self.current()
        if not self.items:
            detail.update(t("sync.screen.conflicts.none"))
        elif item is None:
            detail.update("")
        elif item.kind == "same_person":
            newcomer, here = self.people.get(item.id, (None, None))
            lines = [self._person_line(t("sync.screen.newcomer", site=item.origin_site), newcomer, item.label),
                     self._person_line(t("sync.screen.here"), here, item.other_label),
                     t("sync.screen.same_person_keys")]
            detail.update("\n".join(lines))
        else:
            names = [parenthesised(field_label(item.table_name, f.name), t("sync.screen.both_mark"))
                     if f.changed_by == "both" else field_label(item.table_name, f.name)
                     for f in item.fields]
            text = t("sync.screen.differ", fields=listed(names))
            if item.status == "at_station":
                text = t("sync.screen.at_station") + "\n" + text
            detail.update(text)

    @staticmethod
    def _person_line(who: str, hit: PersonHit | None, name: str) -> str:
        if hit is None:
            return labelled(who, name)
        return t("sync.screen.person_line", who=who, name=hit.name, phone=hit.phone or "—",
                 rid=hit.resident_id or "—", cases=hit.cases, count=hit.cases)

    @on(DataTable.RowSelected, "#conflicts-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        item = self.current()
        if item is None:
            return
        if item.kind == "same_person":
            self.notify(t("sync.screen.same_person_keys"))
            return
        from screens.sync.conflict_fields import ConflictFieldsScreen

        self.app.push_screen(ConflictFieldsScreen(item.id))

    # ---- people who may be the same -----------------------------------------------------------

    def _offer(self) -> ConflictItem | None:
        item = self.current()
        if item is None or item.kind != "same_person" or item.status != "open":
            return None
        return item

    def action_merge(self) -> None:
        item = self._offer()
        if item is None:
            return
        names = {"new": item.label, "site": item.origin_site, "old": item.other_label}

        def reason_given(reason: str | None) -> None:
            if reason is None:
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.settle(lambda desk: desk.sync.same_person(item.id, reason=reason),
                                t("sync.screen.merged", new=item.label, old=item.other_label))

            self.app.push_screen(ConfirmScreen(t("sync.screen.merge_confirm", **names)), confirmed)

        self.app.push_screen(ReasonScreen(t("sync.screen.merge_title", **names)), reason_given)

    def action_not_same(self) -> None:
        item = self._offer()
        if item is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.settle(lambda desk: desk.sync.not_same_person(item.id),
                            t("sync.screen.kept_apart", new=item.label, old=item.other_label))

        question = t("sync.screen.not_same_confirm", new=item.label, site=item.origin_site, old=item.other_label)
        self.app.push_screen(ConfirmScreen(question), confirmed)

    def settle(self, do, done: str) -> None:
        desk = self.app.desk
        self.write(lambda: do(desk), lambda _: self._settled(done), refused=self._settle_refused, notice=done)

    def _settled(self, done: str) -> None:
        self.notify(done)
        self.load()

    def _settle_refused(self, error: DeskError) -> bool:
        """Settled elsewhere meanwhile, or refused: say so and show the list as it is now."""
        self.notify(error.message, severity="error", timeout=8)
        self.load()
        return True
