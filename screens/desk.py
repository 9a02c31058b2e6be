"""The main desk screen: the day at a glance and the look-up box, one key away."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.app import SystemCommand
from textual.widgets import Footer, Label, Static
from textual.worker import Worker, WorkerState

from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from screens.base import DeskScreenBase
from screens.lookup import LookupBox
from screens.patrol_widgets import TonightPatrol
from screens.widgets import DeskHeader, Figure, Panel

if TYPE_CHECKING:
    from frontdesk.dashboard import Today
    from frontdesk.desk import Desk

#: Areas reached from the desk that later work will build: (key, action, name key, work key).
COMING = [
    ("f8", "reports", "area.reports", "work.reports"),
]

REFRESH_SECONDS = 60


class DeskScreen(DeskScreenBase):
    """Where the duty officer starts and comes back to all shift."""

    CSS_PATH = "desk.tcss"
    HELP_KEY = "help.desk"
    GUARDED = {"audit": "read_audit", "officers": "unlock_officer"}
    AUTO_FOCUS = "#search"

    BINDINGS = [
        Binding("f2", "new_case", "area.new_case", tooltip="key.new_case.tip", id="new_case"),
        Binding("f3,ctrl+f", "look_up", "key.look_up", tooltip="key.look_up.tip", id="look_up"),
        Binding("f4", "case_list", "area.case_list", tooltip="key.case_list.tip", id="case_list"),
        Binding("f5", "handoffs", "area.handoffs", tooltip="key.handoffs.tip", id="handoffs"),
        Binding("f6", "patrols", "area.patrols", tooltip="patrol.key.patrols.tip", id="patrols"),
        Binding("f7", "repeat_reporters", "area.repeat_reporters", tooltip="key.repeat_reporters.tip",
                id="repeat_reporters"),
        *[
            Binding(key, f"coming('{action}')", name_key, tooltip=name_key, id=action)
            for key, action, name_key, _work in COMING
        ],
        Binding("f9", "audit", "area.audit", tooltip="key.audit.tip", id="audit"),
        Binding("f10", "officers", "area.officers", tooltip="key.officers.tip", id="officers"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "leave_search", "key.clear", tooltip="key.clear.tip", show=False, id="clear"),
    ]

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield LookupBox(id="lookup")
        with Horizontal(id="panels"):
            yield Panel(
                "desk.panel.cases",
                Figure("desk.fig.cases_today", id="cases-today"),
                Figure("desk.fig.open_cases", id="open-cases"),
                Figure("desk.fig.repeats_today", id="repeats-today", alert_above_zero=True),
                id="panel-cases",
            )
            yield Panel(
                "desk.panel.handoffs",
                Figure("desk.fig.due_today", id="handoffs-due"),
                Figure("desk.fig.overdue", id="handoffs-overdue", alert_above_zero=True),
                id="panel-handoffs",
            )
            yield Panel(
                "desk.panel.patrol",
                Figure("desk.fig.shifts_tonight", id="shifts-tonight"),
                Figure("desk.fig.checked_in", id="checked-in"),
                id="panel-patrol",
            )
        yield TonightPatrol(id="tonight")
        with Vertical(id="coming"):
            yield Label(t("desk.coming.title"), id="coming-title")
            for key, _action, name_key, work_key in COMING:
                yield Label(t("desk.coming.row", key=key.upper(), area=t(name_key), work=t(work_key)))
        yield Static(t("desk.status.opening"), id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "desk", self._desk_opened)
        self.watch(self.app, "loading_progress", self._show_progress)
        self.watch(self.app, "open_failed", self._show_failure)
        self.set_interval(REFRESH_SECONDS, self.action_refresh)

    def _desk_opened(self, desk: Desk | None) -> None:
        if desk is None:
            return
        self.query_one("#status", Static).update(t("desk.status.ready", where=desk.where))
        self.action_refresh()
        self.offer_draft(desk)

    def _show_failure(self, failed: bool) -> None:
        if failed:
            self.query_one("#status", Static).update(t("desk.status.failed"))

    def _show_progress(self, progress: tuple[int, int] | None) -> None:
        if progress is not None and self.app.desk is None:
            done, total = progress
            self.query_one("#status", Static).update(t("desk.status.demo", done=f"{done:,}", total=f"{total:,}"))

    def action_refresh(self) -> None:
        desk = self.app.desk
        if desk is not None:
            self.load_today(desk)
            self.query_one(TonightPatrol).refresh_tonight()

    @work(thread=True, exclusive=True, exit_on_error=False, group="db")
    def load_today(self, desk: Desk) -> Today:
        return desk.today(self.app.clock())

    @on(events.ScreenResume)
    def _refresh_on_return(self) -> None:
        self.action_refresh()
        # Back from a person or a case: ready for the next caller's details.
        self.query_one(LookupBox).input.focus()

    @on(Worker.StateChanged)
    def _today_loaded(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.SUCCESS:
            return
        if event.worker.name == "load_today":
            self.show_today(event.worker.result)
        elif event.worker.name == "offer_draft":
            self._draft_found(event.worker.result)

    def show_today(self, today: Today) -> None:
        figures = {
            "#cases-today": today.cases_today,
            "#open-cases": today.open_cases,
            "#repeats-today": today.repeats_today,
            "#handoffs-due": today.handoffs_due_today,
            "#handoffs-overdue": today.handoffs_overdue,
            "#shifts-tonight": today.shifts_tonight,
            "#checked-in": f"{today.volunteers_checked_in} / {today.volunteers_expected}",
        }
        for selector, value in figures.items():
            self.query_one(selector, Figure).value = value

    def handle_worker_error(self, worker: Worker) -> bool:
        """Figures that cannot be counted say so in the status line, not in a dialog
        that the next refresh would open again, and again."""
        if worker.name != "load_today":
            return False
        error = worker.error
        message = error.message if isinstance(error, DeskError) else t("error.unexpected", detail=type(error).__name__)
        self.query_one("#status", Static).update(t("desk.status.figures_failed", message=message))
        return True

    def action_new_case(self) -> None:
        if self.app.desk is None:
            self.notify(t("desk.not_ready"), severity="warning")
            return
        from screens.case_form import CaseFormScreen

        # At once, so keys typed straight after F2 land in the form; the form
        # itself picks up a kept draft.
        self.app.push_screen(CaseFormScreen())

    @work(thread=True, exclusive=True, exit_on_error=False, group="draft")
    def offer_draft(self, desk: Desk) -> object:
        store = desk.case_draft_store()
        return store.load() or store.adopt_orphan()

    def _draft_found(self, found) -> None:
        """After a crash: offer the unsaved case back before anything else."""
        from screens.case_form import CaseFormScreen
        from screens.dialogs import ConfirmScreen

        if found is None:
            return
        saved_at, fields = found

        def answer(resume: bool | None) -> None:
            if resume:
                self.app.push_screen(CaseFormScreen())
            else:
                store = self.app.desk.case_draft_store()
                self.app.run_worker(store.discard, thread=True, group="draft", exit_on_error=False)

        summary = fields.get("summary") or fields.get("reporter-name") or fields.get("reporter-phone") or "…"
        when = local_text(saved_at, self.app.desk.zone)
        self.app.push_screen(ConfirmScreen(t("draft.offer", when=when, summary=summary)), answer)

    def action_repeat_reporters(self) -> None:
        if self.app.desk is None:
            self.notify(t("desk.not_ready"), severity="warning")
            return
        from screens.repeat_reporters import RepeatReportersScreen

        self.app.push_screen(RepeatReportersScreen())

    def action_handoffs(self) -> None:
        if self.app.desk is None:
            self.notify(t("desk.not_ready"), severity="warning")
            return
        from screens.handoffs import HandoffQueueScreen

        self.app.push_screen(HandoffQueueScreen())

    def action_patrols(self) -> None:
        if self.app.desk is None:
            self.notify(t("desk.not_ready"), severity="warning")
            return
        from screens.patrols import PatrolScreen

        self.app.push_screen(PatrolScreen())

    def action_audit(self) -> None:
        if self.app.desk is None or not self.app.desk.may("read_audit"):
            return
        from screens.audit import AuditScreen

        self.app.push_screen(AuditScreen())

    def action_officers(self) -> None:
        if self.app.desk is None or not self.app.desk.may("unlock_officer"):
            return
        from screens.officers import OfficersScreen

        self.app.push_screen(OfficersScreen())

    def action_case_list(self) -> None:
        if self.app.desk is None:
            self.notify(t("desk.not_ready"), severity="warning")
            return
        from screens.case_list import CaseListScreen

        self.app.push_screen(CaseListScreen())

    def action_look_up(self) -> None:
        self.query_one(LookupBox).input.focus()

    def action_leave_search(self) -> None:
        lookup = self.query_one(LookupBox)
        if lookup.input.value:
            lookup.clear()
            lookup.input.focus()
        else:
            self.set_focus(None)

    @on(LookupBox.Chosen)
    def _open_result(self, chosen: LookupBox.Chosen) -> None:
        if chosen.case_id is not None:
            from screens.case_detail import CaseDetailScreen

            self.app.push_screen(CaseDetailScreen(chosen.case_id))
        elif chosen.person_id is not None:
            from screens.person import PersonScreen

            self.app.push_screen(PersonScreen(chosen.person_id))

    def action_coming(self, action: str) -> None:
        for _key, name, name_key, work_key in COMING:
            if name == action:
                self.notify(t("desk.coming.notice", area=t(name_key), work=t(work_key)), timeout=4)
                return

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(t("area.new_case"), t("key.new_case.tip"), self.action_new_case)
        yield SystemCommand(t("key.look_up"), t("key.look_up.tip"), self.action_look_up)
        yield SystemCommand(t("area.case_list"), t("key.case_list.tip"), self.action_case_list)
        yield SystemCommand(t("area.repeat_reporters"), t("key.repeat_reporters.tip"), self.action_repeat_reporters)
        yield SystemCommand(t("area.handoffs"), t("key.handoffs.tip"), self.action_handoffs)
        if self.app.desk is not None and self.app.desk.may("read_audit"):
            yield SystemCommand(t("area.audit"), t("key.audit.tip"), self.action_audit)
        if self.app.desk is not None and self.app.desk.may("unlock_officer"):
            yield SystemCommand(t("area.officers"), t("key.officers.tip"), self.action_officers)
        yield SystemCommand(t("area.patrols"), t("patrol.key.patrols.tip"), self.action_patrols)
        for _key, action, name_key, work_key in COMING:
            yield SystemCommand(
                t(name_key),
                t("desk.coming.notice", area=t(name_key), work=t(work_key)),
                lambda action=action: self.action_coming(action),
            )
        yield SystemCommand(t("key.refresh"), t("key.refresh.tip"), self.action_refresh)
