"""The main desk screen: the day at a glance and the look-up box, one key away."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.app import SystemCommand


from frontdesk.i18n import DeskError, sentences, t
from frontdesk.timefmt import local_text
from screens.shell.areas import with_key
from screens.shell.by_category import CategoryBreakdown
from screens.shell.base import DeskScreenBase
from screens.shell.footer import DeskFooter
from screens.shell.plain import Static
from screens.shell.work import refusing
from screens.callers.lookup import LookupBox
from screens.patrols.widgets import TonightPatrol
from screens.shell.widgets import DeskHeader, Figure, Panel

if TYPE_CHECKING:
    from frontdesk.reports.dashboard import Today
    from frontdesk.desk import Desk

#: Everything is recounted this often anyway (hand-offs fall due as time passes).
REFRESH_SECONDS = 60


class DeskFigure(Figure):
    """A figure in the desk's narrower panels (four side by side at 120 columns)."""

    LABEL_CELLS = 15


class DeskScreen(DeskScreenBase):
    """Where the duty officer starts and comes back to all shift."""

    CSS_PATH = "desk.tcss"
    HELP_KEY = "help.desk"
    #: How often the desk looks whether another terminal saved something (one indexed read).
    POLL_SECONDS = 3.0
    GUARDED = {"audit": "read_audit", "officers": "unlock_officer", "reports": "reports"}
    AUTO_FOCUS = "#search"

    BINDINGS = [
        Binding("f2", "new_case", "area.new_case", tooltip="key.new_case.tip", id="new_case"),
        Binding("f3,ctrl+f", "look_up", "key.look_up", tooltip="key.look_up.tip", id="look_up"),
        Binding("f4", "case_list", "area.case_list", tooltip="key.case_list.tip", id="case_list"),
        Binding("f5", "handoffs", "area.handoffs", tooltip="key.handoffs.tip", id="handoffs"),
        Binding("f6", "patrols", "area.patrols", tooltip="patrol.key.patrols.tip", id="patrols"),
        Binding("f7", "repeat_reporters", "area.repeat_reporters", tooltip="key.repeat_reporters.tip",
                id="repeat_reporters"),
        Binding("ctrl+o", "handover", "area.handover", tooltip="key.handover.tip", id="handover"),
        # Out of the footer, which is full in Chinese: F1 help and ctrl+p list it.
        Binding("ctrl+y", "sync", "area.sync", tooltip="sync.screen.key.sync.tip", id="sync", show=False),
        Binding("f8", "reports", "area.reports", tooltip="stats.key.reports.tip", id="reports"),
        Binding("f9", "audit", "area.audit", tooltip="key.audit.tip", id="audit"),
        Binding("f10", "officers", "area.officers", tooltip="key.officers.tip", id="officers"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="desk.key.refresh.tip", id="refresh"),
        Binding("escape", "leave_search", "key.clear", tooltip="key.clear.tip", show=False, id="clear"),
    ]

    def compose(self) -> ComposeResult:
        # Closed from the start (nothing of the station before an officer signs in): set here, before
        # the children are styled, it costs nothing; set on mount it restyled the whole screen again.
        self.add_class("-closed", update=False)
        yield DeskHeader()
        lookup = LookupBox(id="lookup")
        lookup.disabled = True
        yield lookup
        with Horizontal(id="panels"):
            yield Panel(
                "desk.panel.cases",
                DeskFigure("desk.fig.cases_today", id="cases-today"),
                DeskFigure("desk.fig.open_cases", id="open-cases"),
                DeskFigure("dash.fig.repeats_today", id="repeats-today", alert_above_zero=True),
                id="panel-cases",
            )
            yield Panel("dash.panel.categories", CategoryBreakdown(id="by-category"), id="panel-categories",
                        short_key="dash.panel.categories.short")
            yield Panel(
                "desk.panel.handoffs",
                DeskFigure("desk.fig.due_today", id="handoffs-due"),
                DeskFigure("desk.fig.overdue", id="handoffs-overdue", alert_above_zero=True),
                id="panel-handoffs",
            )
            yield Panel(
                "desk.panel.patrol",
                DeskFigure("desk.fig.shifts_tonight", id="shifts-tonight"),
                DeskFigure("dash.fig.checked_in", id="checked-in"),
                id="panel-patrol",
                short_key="desk.panel.patrol.short",
            )
        yield Static("", id="outreach-line")
        yield TonightPatrol(id="tonight")
        yield Static(t("desk.status.opening"), id="status")
        yield DeskFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Before an officer signs in the desk offers nothing (its keys would open the station's records)."""
        if self.app.desk is None:
            return False
        return super().check_action(action, parameters)

    def on_mount(self) -> None:
        self.watch(self.app, "desk", self._desk_opened)
        self.watch(self.app, "loading_progress", self._show_progress)
        self.watch(self.app, "open_failed", self._show_failure)
        self.changes_seen: str | None = None
        self.set_interval(REFRESH_SECONDS, self.action_refresh)
        self.set_interval(self.POLL_SECONDS, self._look_for_changes)

    def _desk_opened(self, desk: Desk | None) -> None:
        if desk is None:
            return
        self.remove_class("-closed")
        lookup = self.query_one(LookupBox)
        lookup.disabled = False
        if self.is_current:
            lookup.input.focus()
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

    def load_today(self, desk: Desk) -> None:

        now = self.app.clock()
        # Any failure is said in the status line (refused), not in a dialog the next recount would open again.
        self.read(refusing(lambda: desk.dashboard.figures_and_mark(now)), self._today_counted, key="today",
                  refused=self._figures_failed)

    def _today_counted(self, counted: tuple[str | None, Today]) -> None:
        self.changes_seen, today = counted
        self.show_today(today)

    def _look_for_changes(self) -> None:
        """Every few seconds: has any desk saved anything since the figures were counted?"""
        desk = self.app.desk
        if desk is not None and self.is_current and self.changes_seen is not None:
            self.check_changes(desk)

    def check_changes(self, desk: Desk) -> None:

        # A failed look says nothing: the next look, or the minute's recount, tries again.
        self.read(refusing(lambda: desk.dashboard.change_mark()), self._changes_looked, key="poll", refused=lambda _error: True)

    def _changes_looked(self, mark: str | None) -> None:
        if mark != self.changes_seen:
            self.action_refresh()

    @on(events.ScreenResume)
    def _refresh_on_return(self) -> None:
        self.action_refresh()
        # Back from a person or a case: ready for the next caller's details. Results still in the box are looked
        # up again: a case saved meanwhile counts in them (they had shown the count from before).
        lookup = self.query_one(LookupBox)
        if self.app.desk is not None and lookup.input.value.strip():
            lookup.find(lookup.input.value)
        self._ready_for_next_caller()

    def show_today(self, today: Today) -> None:
        figures = {
            "#cases-today": today.cases_today,
            "#open-cases": today.open_cases,
            "#repeats-today": today.repeats_today,
            "#handoffs-due": today.handoffs_due_today,
            "#handoffs-overdue": today.handoffs_overdue,
            "#shifts-tonight": today.shifts_tonight,
            "#checked-in": f"{today.volunteers_checked_in}/{today.volunteers_expected}",
        }
        for selector, value in figures.items():
            self.query_one(selector, Figure).value = value
        self.query_one(CategoryBreakdown).show(today.by_category)
        self._show_campaigns(today)

    def _show_campaigns(self, today: Today) -> None:
        """The newest running campaign's progress on one line (and how many more run); none, no line."""
        line = self.query_one("#outreach-line", Static)
        line.display = bool(today.campaigns)
        if today.campaigns:
            newest, progress = today.campaigns[0], today.campaigns[0].progress
            text = t("desk.outreach", title=newest.title, count=progress.people, contacted=progress.contacted,
                     reached=progress.reached, follow_ups=progress.follow_ups)
            if len(today.campaigns) > 1:
                text = sentences([text, t("desk.outreach.more", count=len(today.campaigns) - 1)])
            line.update(text)

    def _figures_failed(self, error: DeskError) -> bool:
        """Figures that cannot be counted say so in the status line, not in a dialog
        that the next refresh would open again, and again."""
        self.query_one("#status", Static).update(t("desk.status.figures_failed", message=error.message))
        return True

    def action_new_case(self) -> None:
        if self.app.desk is None:
            self.notify(t("desk.not_ready"), severity="warning")
            return
        from screens.cases.form import CaseFormScreen

        # At once, so keys typed straight after F2 land in the form; the form
        # itself picks up a kept draft.
        self.app.push_screen(CaseFormScreen())

    def offer_draft(self, desk: Desk) -> None:
        def kept_and_aside():  # and how many cases are set aside already, said with it (listed by ctrl+f)
            found = desk.cases.kept_case_draft()
            return found, len(desk.cases.case_drafts_aside()) if found is not None else 0

        self.read(kept_and_aside, lambda kept: self._draft_found(*kept), key="draft")

    def _draft_found(self, found, aside: int = 0) -> None:
        """After a crash: offer the unsaved case back before anything else."""
        from screens.cases.form import CaseFormScreen
        from screens.cases.dialogs import RESUME, THROW_AWAY, KeptDraftQuestion

        for message in self.app.desk.cases.take_drafts_set_aside(): self.notify(message, severity="warning", timeout=30)  # noqa: E701
        if found is None:
            return
        saved_at, fields = found
        summary = fields.get("summary") or fields.get("reporter-name") or fields.get("reporter-phone") or "…"
        when = local_text(saved_at, self.app.desk.zone)

        def answer(chosen: str | None) -> None:
            """Continued, thrown away (asked twice), or else put aside: no answer loses what was typed."""
            cases = self.app.desk.cases
            if chosen == RESUME:
                self.app.push_screen(CaseFormScreen())
                return
            key, job = ("draft.offer.thrown_away", cases.throw_away_kept_case_draft) if chosen == THROW_AWAY \
                else ("draft.offer.put_aside", cases.put_kept_case_draft_aside)
            said = t(key, when=when, summary=summary)
            self.write(job, lambda _done: self.notify(said, timeout=12), notice=said)

        question = t("draft.offer", when=when, summary=summary)
        if aside:
            question += "\n\n" + t("draft.offer.aside", count=aside)
        self.app.push_screen(KeptDraftQuestion(question), answer)

    # The desk's own area keys (its footer shows them) open the areas as the app's keys do anywhere.
    def action_repeat_reporters(self) -> None:
        self.app.open_area("repeat_reporters")

    def action_handoffs(self) -> None:
        self.app.open_area("handoffs")

    def action_patrols(self) -> None:
        self.app.open_area("patrols")

    def action_audit(self) -> None:
        self.app.open_area("audit")

    def action_officers(self) -> None:
        self.app.open_area("officers")

    def action_handover(self) -> None:
        self.app.open_area("handover")

    def action_case_list(self) -> None:
        self.app.open_area("case_list")

    def action_look_up(self) -> None:
        self._ready_for_next_caller()

    def _ready_for_next_caller(self) -> None:
        """The look-up box focused with what it holds selected: the next caller's number or name replaces the
        last one, and End or an arrow moves into it. (The box often has the focus already, coming back from
        another screen, and then focusing it selected nothing: typing ran on after the last look-up.)"""
        box = self.query_one(LookupBox).input
        box.focus()
        box.select_all()

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
            from screens.cases.detail import CaseDetailScreen

            self.app.push_screen(CaseDetailScreen(chosen.case_id))
        elif chosen.person_id is not None:
            from screens.callers.person import PersonScreen

            self.app.push_screen(PersonScreen(chosen.person_id))

    def action_import_cases(self) -> None:
        if self.app.desk is None or not self.app.desk.access.may("import_cases"):
            return
        from screens.intake.logbook import CaseImportScreen

        self.app.push_screen(CaseImportScreen())

    def action_reports(self) -> None:
        self.app.open_area("reports")

    def action_sync(self) -> None:
        self.app.open_area("sync")

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The areas (each with its key in force), the look-up, a logbook import, a recount."""
        yield from self.app.area_commands(self)
        yield SystemCommand(t("key.look_up"), with_key(t("key.look_up.tip"), "look_up", self),
                            self.action_look_up)
        if self.app.desk is not None and self.app.desk.access.may("import_cases"):
            yield SystemCommand(t("import.area"), t("import.area.tip"), self.action_import_cases)
        yield SystemCommand(t("key.refresh"), with_key(t("desk.key.refresh.tip"), "refresh", self),
                            self.action_refresh)
