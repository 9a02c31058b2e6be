"""One case in full: parties, narrative, links and every change, with the actions on it.

The hand-offs of the case, and their keys, are in screens.cases.detail_handoffs.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from frontdesk.cases.views import category_name
from frontdesk.sealing import sealed_note
from frontdesk.i18n import DeskError, labelled, t
from frontdesk.timefmt import local_text
from frontdesk.vocab import label
from screens.shell.base import DeskScreenBase
from screens.cases.dialogs import CloseCaseScreen, Closing, EditCaseScreen, ReasonScreen
from screens.cases.detail_handoffs import CaseHandoffs
from screens.disputes.case_key import CaseDispute
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Static
from screens.tags.case_key import CaseTags
from screens.cases.similar import SimilarPanel
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.widgets import DeskHeader
from screens.shell.wrapped import FoldedStatic, WrappingTable

if TYPE_CHECKING:
    from frontdesk.cases.views import CaseDetail, CategoryChoice, Change
    from frontdesk.handoffs.case_view import HandoffView
    from frontdesk.handoffs.lists import MatterChoice


#: Fields whose changes the history shows, with their catalogue names.
HISTORY_FIELDS = {
    "status": "col.status", "disposition": "field.disposition", "closing_note": "close.note",
    "category": "field.category", "summary": "field.summary", "place": "field.place",
    "narrative": "field.narrative", "channel": "field.channel", "received_at": "form.received_at",
    "police": "form.police", "void_reason": "detail.voided", "reopen_reason": "detail.reopen_reason",
    "role": "col.role",
    "kind": "detail.links", "case_no": "col.case_no", "name": "col.name",
    "matter": "field.matter", "method": "field.method", "our_ref": "field.our_ref", "their_ref": "field.their_ref",
    "due_at": "field.due_at", "done_at": "handoff.done_at", "returned_reason": "field.returned_reason",
    "reached": "field.reached", "satisfaction": "field.satisfaction", "result": "field.result",
}
MOMENTS = {"received_at", "closed_at", "voided_at", "due_at", "done_at"}
VOCABULARY = {"status": "status", "disposition": "disposition", "channel": "channel", "role": "role", "kind": "link",
              "method": "method", "satisfaction": "satisfaction"}
#: Where a table's field takes its names from another vocabulary than the case's.
TABLE_VOCABULARY = {("handoff", "status"): "handoff.status"}


class CaseDetailScreen(CaseTags, CaseDispute, CaseHandoffs, DeskScreenBase):
    CSS_PATH = "detail.tcss"
    HELP_KEY = "help.case_detail"
    GUARDED = {"reopen": "reopen_case"}

    BINDINGS = [
        Binding("e", "edit", "key.edit", tooltip="key.edit.tip", id="edit"),
        Binding("t", "take_on", "key.take_on", tooltip="key.take_on.tip", id="take_on"),
        Binding("c", "close_case", "key.close_case", tooltip="key.close_case.tip", id="close_case"),
        Binding("o", "reopen", "key.reopen", tooltip="key.reopen.tip", id="reopen"),
        Binding("v", "void", "key.void", tooltip="key.void.tip", id="void"),
        Binding("l", "link", "key.link", tooltip="key.link.tip", id="link"),
        Binding("p", "receipt", "key.receipt", tooltip="key.receipt.tip", id="receipt"),
        Binding("h", "hand_off", "key.hand_off", tooltip="key.hand_off.tip", id="hand_off"),
        Binding("n", "advance", "key.advance", tooltip="key.advance.tip", id="advance"),
        Binding("r", "returned", "key.returned", tooltip="key.returned.tip", id="returned"),
        Binding("f", "follow_up", "key.follow_up", tooltip="key.follow_up.tip", id="follow_up"),
        Binding("s", "slip", "key.slip", tooltip="key.slip.tip", id="slip"),
        Binding("d", "dispute", "dispute.key.dispute", tooltip="dispute.key.dispute.tip", id="dispute", show=False),
        Binding("g", "tag_people", "key.tag_people", tooltip="key.tag_people.tip", id="tag_people", show=False),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self, case_id: uuid.UUID, *, offer_hand_off: bool = False) -> None:
        super().__init__()
        self.case_id = case_id
        #: Just recorded as non-police: open the hand-off form with its proposal at once.
        self.offer_hand_off = offer_hand_off
        self.detail: CaseDetail | None = None
        self.handoffs: list[HandoffView] = []
        self.matters: list[MatterChoice] = []
        self.choices: list[CategoryChoice] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="case-detail"):
            yield Static(t("detail.loading"), id="detail-head")
            yield FoldedStatic("", id="detail-body")
            yield Label(t("detail.parties"), classes="section")
            parties = FittedTable(id="detail-parties", cursor_type="row")
            parties.set_columns([ColumnSpec("role", t("col.role"), keep=True), ColumnSpec("name", t("col.name"), keep=True),
                                 ColumnSpec("phone", t("col.phone"), priority=1, minimum=11),
                                 ColumnSpec("rid", t("col.rid"), priority=2, minimum=18)])
            yield parties
            yield Label(t("detail.handoffs"), classes="section", id="handoffs-title")
            handoffs = FittedTable(id="detail-handoffs", cursor_type="row")
            handoffs.set_columns([
                ColumnSpec("body", t("col.body"), priority=1, minimum=24, names=True),
                ColumnSpec("matter", t("col.matter"), priority=3, names=True),
                ColumnSpec("status", t("col.handoff_status"), keep=True), ColumnSpec("due", t("col.due"), keep=True),
                ColumnSpec("their_ref", t("col.their_ref"), priority=4), ColumnSpec("calls", t("col.calls"), priority=2)])
            yield handoffs
            yield FoldedStatic("", id="handoff-lines")
            yield Label(t("detail.links"), classes="section")
            links = FittedTable(id="detail-links", cursor_type="row")
            links.set_columns([ColumnSpec("link", t("col.link"), priority=1, minimum=8),
                               ColumnSpec("case_no", t("col.case_no"), keep=True),
                               ColumnSpec("status", t("col.status"), keep=True),
                               ColumnSpec("summary", t("col.summary"), priority=2, minimum=10)])
            yield links
            yield Label(t("detail.history"), classes="section")
            history = WrappingTable(id="detail-history", cursor_type="row")
            history.set_columns([t("col.when"), t("col.officer"), t("col.what")])
            yield history
            yield SimilarPanel(case_id=self.case_id)
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load()
        self.query_one(SimilarPanel).look_for_case()

    def on_similar_panel_changed(self) -> None:
        self.load()  # a suggested case linked: the links show it

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what the officer's role and the case's state allow (the services refuse the rest)."""
        allowed = super().check_action(action, parameters)
        if not allowed or self.detail is None:
            return allowed
        case = self.detail.case
        if case.voided:  # kept as it was: only reading, its receipt and its hand-offs' follow-through
            return action not in ("edit", "take_on", "close_case", "reopen", "void", "link")
        closed = case.status == "closed"
        offered = {
            "edit": not closed,
            "take_on": case.status == "open",
            "close_case": not closed,
            "reopen": closed,
            "void": not closed or self.app.desk.access.may("void_closed_case"),
        }
        return offered.get(action, True)

    def load(self) -> None:
        desk, case_id = self.app.desk, self.case_id
        self.read(lambda: (desk.cases.case_detail(case_id), desk.cases.categories(switched_off=True),
                           desk.handoffs.of_case(case_id),
                           desk.handoffs.matters(include_inactive=True)), self._loaded)

    def _loaded(self, loaded: tuple[CaseDetail, list[CategoryChoice], list[HandoffView], list[MatterChoice]]) -> None:
        self.detail, self.choices, self.handoffs, self.matters = loaded
        self.refresh_bindings()  # what is offered follows the case's state
        self.show()
        self.show_handoffs()
        self.offer_disputes()  # an open dispute this case matches, offered (d joins it)
        if self.offer_hand_off:
            self.offer_hand_off = False
            self.action_hand_off()

    def category_name(self, code: str) -> str:
        return category_name(self.choices, code)

    def show(self) -> None:
        detail, zone = self.detail, self.app.desk.zone
        case = detail.case
        state = label("status", case.status)
        if case.disposition:
            state += f" · {label('disposition', case.disposition)}"
        if case.voided:
            state = t("detail.voided_state")
        head = Text()
        head.append(f"{case.case_no}  ", style="bold")
        head.append(state, style="bold reverse" if case.voided else "bold")
        head.append(f"  {self.category_name(case.category)} · {label('channel', case.channel)}")
        head.append(f" · {t('detail.police') if case.police else t('detail.non_police')}")
        self.query_one("#detail-head", Static).update(head)
        lines = [
            labelled(t("form.received_at"), local_text(case.received_at, zone)) + "    "
            + labelled(t("detail.recorded_by"), detail.recorded_by),
            labelled(t("field.place"), case.place or "—"),
            labelled(t("field.summary"), case.summary),
            labelled(t("field.narrative"), detail.narrative or "—"),
        ]
        if case.status == "closed":
            closed = local_text(detail.closed_at, zone) if detail.closed_at else ""
            lines.append(labelled(t("detail.closed"), f"{closed}  {detail.closing_note}"))
        if case.voided:
            lines.append(labelled(t("detail.voided"), detail.void_reason))
        self.query_one("#detail-body", Static).update(Text("\n".join(lines)))

        self.query_one("#detail-parties", FittedTable).set_rows(
            [(label("role", party.role), party.name, party.phone, party.resident_id) for party in detail.parties])
        self.query_one("#detail-links", FittedTable).set_rows([
            (label("link", link.kind) if link.outgoing else t(f"link.{link.kind}.incoming"), link.case_no,
             t("detail.voided_state") if link.voided else label("status", link.status), link.summary)
            for link in detail.links])
        history = []
        for row in reversed(detail.history):
            what = t("words.clause_sep").join(self._change_text(row.table, row.op, c) for c in row.changes if c.field in HISTORY_FIELDS)
            history.append((local_text(row.at, zone), row.officer, what or t(f"history.{row.table}.{row.op}")))
        self.query_one("#detail-history", WrappingTable).set_rows(history)

    def _change_text(self, table: str, op: str, change: Change) -> str:
        name = t(HISTORY_FIELDS[change.field])
        show: Callable[[object], str] = lambda value: self._value(change.field, value, table)  # noqa: E731
        if op == "insert":
            return labelled(name, show(change.new))
        return labelled(name, f"{show(change.old)} → {show(change.new)}")

    def _value(self, field: str, value: object, table: str = "case") -> str:
        if value in (None, ""):
            return "—"
        if (table, field) in TABLE_VOCABULARY:
            return label(TABLE_VOCABULARY[table, field], str(value))
        if field == "matter":
            return next((m.name for m in self.matters if m.code == value), str(value))
        if field in VOCABULARY:
            return label(VOCABULARY[field], str(value))
        if field == "category":
            return self.category_name(str(value))
        if isinstance(value, bool):
            return t("detail.yes") if value else t("detail.no")
        if field in MOMENTS:
            return local_text(datetime.fromisoformat(str(value)), self.app.desk.zone)
        text = str(value)
        return text if len(text) <= 40 else text[:39] + "…"

    @on(DataTable.RowSelected, "#detail-links")
    def _open_link(self, event: DataTable.RowSelected) -> None:
        if self.detail is not None:
            self.app.push_screen(CaseDetailScreen(self.detail.links[event.cursor_row].case_id))

    # ---- actions -------------------------------------------------------------------

    def said(self, key: str) -> str:
        """What the officer is told once a write on this case is done."""
        return t(key, case_no=self.detail.case.case_no) if self.detail else ""

    def act(self, do: Callable[[], Any], done: str | Callable[[Any], str], *, reload: bool = True,
            refused: Callable[[DeskError], bool] | None = None) -> None:
        """A write on this case, after any still under way: its notice, then the case read again.

        None is ever dropped (t then p takes the case on and writes the receipt); should the
        officer have left the case meanwhile, the notice still shows."""
        say = done if callable(done) else (lambda _result: done)
        self.write(do, lambda result: self._acted(say(result), reload), refused=refused, notice=say)

    def _acted(self, message: str, reload: bool) -> None:
        if message:
            self.notify(message, timeout=6)
        if reload:
            self.load()

    def action_take_on(self) -> None:
        if self.detail:
            desk, case_id = self.app.desk, self.case_id
            self.act(lambda: desk.cases.take_on(case_id), self.said("detail.taken_on"))

    # Closing, reopening and voiding: a refusal opens the dialog again with what was typed and why.

    def action_close_case(self, typed: Closing | None = None, message: str = "") -> None:
        if self.detail:
            self.app.push_screen(CloseCaseScreen(self.detail.case.case_no, typed=typed, message=message),
                                 self._close)

    def _close(self, closing: Closing | None) -> None:
        if closing is not None:
            desk, now, case_id = self.app.desk, self.app.clock(), self.case_id
            self._decide(lambda: desk.cases.close_case(case_id, disposition=closing.disposition, note=closing.note,
                                                       now=now),
                         "detail.closed_done", lambda message: self.action_close_case(closing, message))

    def action_reopen(self, typed: str = "", message: str = "") -> None:
        if self.detail:
            self._ask_reason(t("reopen.title", case_no=self.detail.case.case_no), typed, message, self._reopen)

    def _reopen(self, reason: str | None) -> None:
        if reason is not None:
            desk, case_id = self.app.desk, self.case_id
            self._decide(lambda: desk.cases.reopen_case(case_id, reason=reason), "detail.reopened",
                         lambda message: self.action_reopen(reason, message))

    def action_void(self, typed: str = "", message: str = "") -> None:
        if self.detail:
            self._ask_reason(t("void.title", case_no=self.detail.case.case_no), typed, message, self._void)

    def _void(self, reason: str | None) -> None:
        if reason is not None:
            desk, now, case_id = self.app.desk, self.app.clock(), self.case_id
            self._decide(lambda: desk.cases.void_case(case_id, reason=reason, now=now), "detail.voided_done",
                         lambda message: self.action_void(reason, message))

    def _ask_reason(self, title: str, typed: str, message: str, then: Callable[[str | None], None]) -> None:
        screen = ReasonScreen(title, value=typed)
        self.app.push_screen(screen, then)
        if message:
            self.call_after_refresh(screen.complain, message)

    def _decide(self, job: Callable[[], object], done_key: str, again: Callable[[str], None]) -> None:
        """Run a change of the case's state; refused, `again(reason)` reopens its dialog as typed."""
        case_no = self.detail.case.case_no if self.detail else ""

        def refused(error: DeskError) -> bool:
            again(error.message)
            self.load()  # a refusal often means the case moved on at another desk: show it as it is now
            return True

        def done(_result: object) -> None:
            self.notify(t(done_key, case_no=case_no), timeout=6)
            self.load()

        self.write(job, done, refused=refused, notice=t(done_key, case_no=case_no))

    def action_link(self, typed: str = "", message: str = "") -> None:
        if self.detail is None:
            return
        screen = ReasonScreen(t("link.title", case_no=self.detail.case.case_no), field_key="col.case_no", value=typed)
        self.app.push_screen(screen, self._link)
        if message:
            self.call_after_refresh(screen.complain, message)

    def _link(self, other: str | None) -> None:
        if other is None:
            return
        desk, case_id = self.app.desk, self.case_id

        def refused(error: DeskError) -> bool:
            self.action_link(other, error.message)  # the dialog again, as typed, with the reason
            return True

        self.act(lambda: desk.cases.link_related(case_id, other_case_no=other), self.said("detail.linked"), refused=refused)

    def action_edit(self, values: dict | None = None, message: str = "") -> None:
        if self.detail is None:
            return
        case = self.detail.case
        current = values or {"summary": case.summary, "place": case.place, "category": case.category,
                             "channel": case.channel, "narrative": self.detail.narrative}
        categories = [(self.category_name(c.code), c.code) for c in self.choices
                      if c.active or c.code == case.category]
        screen = EditCaseScreen(case.case_no, current, categories)
        self.app.push_screen(screen, lambda changes: self._edit(changes, current))
        if message:
            self.call_after_refresh(screen.complain, message)

    def _edit(self, changes: dict | None, typed: dict) -> None:
        if not changes:
            return
        desk, case_id, version, now = self.app.desk, self.case_id, self.detail.version, self.app.clock()
        typed = {**typed, **changes}

        def refused(error: DeskError) -> bool:
            self.action_edit(typed, error.message)  # the dialog again, as typed, with the reason
            return True

        self.act(lambda: desk.cases.edit_case(case_id, version=version, changes=changes, now=now),
                 self.said("detail.edited"), refused=refused)

    def action_receipt(self) -> None:
        if self.detail:
            desk, case_id = self.app.desk, self.case_id
            # The receipt changes nothing on the case: no need to read it again.
            self.act(lambda: desk.cases.write_receipt(case_id),
                     lambda written: t("detail.receipt_written", path=str(written[1])) + sealed_note(written[1]), reload=False)
