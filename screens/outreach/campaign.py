"""One campaign: its purpose and script, its progress, and its people with who works each and where they
stand. l (or Enter) logs a contact with the highlighted person, a gives them (or everyone nobody works yet) to an
officer or a volunteer, f finishes the campaign."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from frontdesk.i18n import DeskError, parenthesised, t
from frontdesk.timefmt import local_text
from screens.outreach.dialogs import AssignDialog, AssignTyped, ContactDialog, ContactTyped
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.dialogs import ConfirmScreen
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.outreach.views import CampaignDetail, CampaignPersonRow


def progress_text(progress) -> str:
    return t("outreach.progress", count=progress.people, contacted=progress.contacted, reached=progress.reached,
             follow_ups=progress.follow_ups)


class CampaignScreen(DeskScreenBase):
    CSS_PATH = "outreach.tcss"
    HELP_KEY = "help.outreach_campaign"
    AUTO_FOCUS = "#campaign-people"

    BINDINGS = [
        Binding("l", "log_contact", "outreach.key.contact", tooltip="outreach.key.contact.tip",
                id="outreach_contact"),
        Binding("a", "assign", "outreach.key.assign", tooltip="outreach.key.assign.tip", id="outreach_assign"),
        Binding("f", "finish", "outreach.key.finish", tooltip="outreach.key.finish.tip", id="outreach_finish"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self, campaign_id: uuid.UUID) -> None:
        super().__init__()
        self.campaign_id = campaign_id
        self.detail: CampaignDetail | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("detail.loading"), id="campaign-head")
        table = FittedTable(id="campaign-people", cursor_type="row", zebra_stripes=True)
        table.set_columns([
            ColumnSpec("name", t("outreach.col.name"), keep=True),
            ColumnSpec("phone", t("outreach.col.phone"), priority=1, minimum=11),
            ColumnSpec("state", t("outreach.col.state"), keep=True),
            ColumnSpec("worker", t("outreach.col.worker"), priority=2, minimum=6),
            ColumnSpec("village", t("outreach.col.village"), priority=4, minimum=6),
            ColumnSpec("last", t("outreach.col.last"), priority=3, minimum=8)])
        yield table
        yield DeskFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or self.detail is None:
            return allowed
        if action in ("log_contact", "assign", "finish"):
            return self.detail.state == "running"
        return True

    def action_refresh(self) -> None:
        outreach, campaign_id = self.app.desk.outreach, self.campaign_id
        self.read(lambda: outreach.campaign(campaign_id), self.show, key="campaign")

    def show(self, detail: CampaignDetail) -> None:
        self.detail = detail
        self.refresh_bindings()
        zone = self.app.desk.zone
        state = t(f"outreach.state.{detail.state}")
        lines = [t("outreach.head.title", ref=detail.ref, title=detail.title, state=state),
                 t("outreach.head.started_finished", at=local_text(detail.started_at, zone),
                   finished=local_text(detail.finished_at, zone)) if detail.finished_at
                 else t("outreach.head.started", at=local_text(detail.started_at, zone)),
                 progress_text(detail.progress)]
        if detail.purpose:
            lines.append(t("outreach.head.purpose", text=detail.purpose))
        if detail.script:
            lines.append(t("outreach.head.script", text=detail.script))
        self.query_one("#campaign-head", Static).update("\n".join(lines))
        table = self.query_one("#campaign-people", FittedTable)
        table.set_rows([self._cells(row, zone) for row in detail.people])

    @staticmethod
    def _cells(row: CampaignPersonRow, zone) -> tuple:
        state = t(f"outreach.person.{row.state}")
        if row.follow_up:
            state = parenthesised(state, t("outreach.follow_up_mark"))
        last = f"{local_text(row.last_at, zone)[5:]} {row.last_outcome}".strip() if row.last_at else "—"
        return (row.name, row.phone, state, row.worker or "—", row.village, last)

    def _highlighted(self) -> CampaignPersonRow | None:
        if self.detail is None or not self.detail.people:
            return None
        index = self.query_one("#campaign-people", DataTable).cursor_row
        return self.detail.people[index] if 0 <= index < len(self.detail.people) else None

    @on(DataTable.RowSelected, "#campaign-people")
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_log_contact()

    def _change(self, job: Callable[[], Any], done_key: str, again: Callable[[str], None], **words) -> None:
        def refused(error: DeskError) -> bool:
            again(error.message)
            self.action_refresh()
            return True

        def done(_result: object) -> None:
            self.notify(t(done_key, **words), timeout=6)
            self.action_refresh()

        self.write(job, done, refused=refused, notice=t(done_key, **words))

    def action_log_contact(self, typed: ContactTyped | None = None, message: str = "",
                           row: CampaignPersonRow | None = None) -> None:
        row = row or self._highlighted()
        if row is None or self.detail is None or self.detail.state != "running":
            return
        self.app.push_screen(ContactDialog(row.name, typed=typed, message=message),
                             lambda typed: self._contact(row, typed))

    def _contact(self, row: CampaignPersonRow, typed: ContactTyped | None) -> None:
        if typed is None:
            return
        from frontdesk.outreach.campaigns import ContactInput

        outreach = self.app.desk.outreach
        entered = ContactInput(channel=typed.channel, reached=typed.reached, outcome=typed.outcome,
                               follow_up=typed.follow_up)
        self._change(lambda: outreach.log_contact(row.campaign_person_id, entered), "outreach.contact.saved",
                     lambda message: self.action_log_contact(typed, message, row), name=row.name)

    def action_assign(self, message: str = "") -> None:
        row = self._highlighted()
        if row is None:
            return
        outreach = self.app.desk.outreach
        self.read(outreach.workers, lambda workers: self.app.push_screen(
            AssignDialog(row.name, workers, message=message), lambda typed: self._assign(row, typed)),
            key="outreach-workers")

    def _assign(self, row: CampaignPersonRow, typed: AssignTyped | None) -> None:
        if typed is None or self.detail is None:
            return
        ids = [row.campaign_person_id]
        if typed.everyone_waiting:
            ids = [person.campaign_person_id for person in self.detail.people if not person.worker]
        outreach, campaign_id = self.app.desk.outreach, self.campaign_id
        officer_id = typed.worker_id if typed.kind == "officer" else None
        volunteer_id = typed.worker_id if typed.kind == "volunteer" else None
        self._change(lambda: outreach.assign(campaign_id, ids, officer_id=officer_id, volunteer_id=volunteer_id),
                     "outreach.assign.saved", lambda message: self.action_assign(message), count=len(ids))

    def action_finish(self) -> None:
        detail = self.detail
        if detail is None or detail.state != "running":
            return

        def answer(yes: bool | None) -> None:
            if yes:
                outreach, campaign_id = self.app.desk.outreach, self.campaign_id
                self._change(lambda: outreach.finish(campaign_id), "outreach.finished",
                             lambda message: self.notify(message, severity="warning"),
                             title=detail.title)

        self.app.push_screen(ConfirmScreen(t("outreach.finish.ask", title=detail.title,
                                             progress=progress_text(detail.progress))), answer)
