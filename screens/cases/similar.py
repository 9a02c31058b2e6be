"""The similar-cases panel (串并): earlier cases like this one, best first, with the reasons.

On the case form it follows what is typed (a keyed read a moment after the last key: a newer
one makes an older one stale, and the work runs in a worker); on a saved case it lists the
cases like it, and two keys act on the highlighted one: k links it as related, j puts both
in a series (a new one or one already started). On the form there is no case yet: the link is
held by the form (screens/cases/form_links.py) and written with the case when it is saved.
Suggestions change nothing by themselves.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from frontdesk.cases.recording import HeldLink
from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text, parse_past
from screens.cases.series import SeriesPickScreen, SeriesScreen, open_case
from screens.shell.plain import DataTable, Label, Select
from screens.shell.wrapped import WrappingTable
from screens.shell.localize import Localized

if TYPE_CHECKING:
    from frontdesk.cases.similar import SimilarCase

#: Seconds after the last key before the panel looks again (the officer has stopped typing).
DELAY = 0.3


class SimilarPanel(Localized, Vertical):
    DEFAULT_CSS = """
    SimilarPanel { height: auto; display: none; }
    SimilarPanel.-found { display: block; }
    SimilarPanel #similar-cases { height: auto; max-height: 12; }
    """

    BINDINGS = [
        Binding("k", "link_similar", "key.link_similar", tooltip="key.link_similar.tip", id="link_similar"),
        Binding("j", "join_series", "key.join_series", tooltip="key.join_series.tip", id="join_series"),
    ]

    class Changed(Message):
        """The officer linked a suggested case or put it in a series: the case's own view is out of date."""

    class Hold(Message):
        """On the form (no case yet): the officer linked a suggestion; the form holds it for the save."""

        def __init__(self, link: HeldLink, case_no: str) -> None:
            super().__init__()
            self.link, self.case_no = link, case_no

    def __init__(self, *, case_id: uuid.UUID | None = None, id: str = "similar-panel") -> None:
        super().__init__(id=id)
        #: The saved case the panel is about (None on the form: nothing to link yet).
        self.case_id = case_id
        self.cases: list[SimilarCase] = []
        self._timer = None

    def compose(self) -> ComposeResult:
        yield Label(t("similar.title"), classes="section")
        # The reasons are the point: their column wraps rather than being cut, the summary after them.
        table = WrappingTable(id="similar-cases", cursor_type="row")
        table.set_columns([t("col.case_no"), t("similar.col.why")])
        yield table

    # ---- looking -----------------------------------------------------------------------------

    def look_for_case(self) -> None:
        desk, case_id = self.app.desk, self.case_id
        self.screen.read(lambda: desk.series.similar_to_case(case_id), self.show, key="similar")

    def look_for_draft(self) -> None:
        """A moment after the last change to the form, look again for cases like what is typed."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DELAY, self._look_now)

    def _look_now(self) -> None:
        screen, desk = self.screen, self.app.desk
        value = lambda name: screen.query_one(f"#{name}", Input).value  # noqa: E731
        try:
            received_at = parse_past(value("received-at"), desk.zone, now=self.app.clock())
        except DeskError:
            received_at = None
        category = screen.query_one("#category", Select).value
        parties = getattr(screen, "parties", [])
        probe = dict(received_at=received_at, category="" if category is Select.NULL else str(category),
                     place=value("place"), summary=value("summary"),
                     phones=(value("reporter-phone"), *(p.person.phone for p in parties)),
                     resident_ids=(value("reporter-rid"), *(p.person.resident_id for p in parties)))
        screen.read(lambda: desk.series.similar_to_draft(**probe), self.show, key="similar")

    def show(self, cases: list[SimilarCase]) -> None:
        self.cases = cases
        zone = self.app.desk.zone
        self.query_one("#similar-cases", WrappingTable).set_rows(
            [(case.case_no, f"{local_text(case.received_at, zone)} · {case.reason_text()} · {case.summary}")
             for case in cases])
        self.set_class(bool(cases), "-found")
        # The screen shows the panel's place where it would otherwise hide it: at 80 columns the form's side
        # panel below it waited for a known reporter, and cases like a new reporter's stayed out of sight.
        self.screen.set_class(bool(cases), "-has-similar")
        self.screen.refresh_bindings()

    # ---- the officer's acts --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("link_similar", "join_series"):
            return bool(self.cases)  # on the form too: there the link is held until the case is saved
        return True

    def highlighted(self) -> SimilarCase | None:
        row = self.query_one("#similar-cases", WrappingTable).cursor_row
        return self.cases[row] if 0 <= row < len(self.cases) else None

    def action_link_similar(self) -> None:
        other = self.highlighted()
        if other is None:
            return
        if self.case_id is None:
            self.post_message(self.Hold(HeldLink("related", other.case_id), other.case_no))
            return
        desk, case_id = self.app.desk, self.case_id
        self.screen.write(lambda: desk.series.link_related(case_id, other.case_id), self._linked,
                          notice=lambda case_no: t("similar.linked", case_no=case_no))

    def _linked(self, case_no: str) -> None:
        self.app.notify(t("similar.linked", case_no=case_no))
        self.post_message(self.Changed())

    def action_join_series(self) -> None:
        other = self.highlighted()
        if other is None:
            return
        desk, cases = self.app.desk, [self.case_id, other.case_id]
        known: list = []

        def picked(choice) -> None:
            if choice is None:
                return
            kind, value = choice
            if self.case_id is None:  # on the form: held until the case is saved
                name = value if kind == "new" else next((row.name for row in known if row.id == value), "")
                link = HeldLink("series", other.case_id, series_id=None if kind == "new" else value, series_name=name)
                self.post_message(self.Hold(link, other.case_no))
                return
            job = ((lambda: desk.series.start_series(value, cases)) if kind == "new"
                   else (lambda: desk.series.add_to_series(value, cases)))
            self.screen.write(job, self._joined, notice=t("similar.joined"))

        def listed(rows) -> None:
            known[:] = rows
            self.app.push_screen(SeriesPickScreen(other.case_no, rows), picked)

        self.screen.read(desk.series.series_list, listed, key="series-list")

    def _joined(self, series_id: uuid.UUID) -> None:
        self.post_message(self.Changed())
        self.app.push_screen(SeriesScreen(series_id))

    @on(DataTable.RowSelected, "#similar-cases")
    def _open(self, event: DataTable.RowSelected) -> None:
        """Enter on a suggestion opens that case (the form stays as typed underneath)."""
        event.stop()
        if 0 <= event.cursor_row < len(self.cases):
            open_case(self.app, self.cases[event.cursor_row].case_id)
