"""F10 (supervisors, admin): the station's officers; unlock a locked badge, add, change or retire an officer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input

from frontdesk.access.roles import ROLES
from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from frontdesk.validation import one_line_name
from screens.shell.base import DeskScreenBase
from screens.shell.bounded import BoundedInput, PasswordInput
from screens.cases.dialogs import DeskDialog
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Select, Static
from screens.shell.choices import NumberedSelect
from screens.shell.widgets import DeskHeader, field_line
from screens.shell.work import DeskWork

if TYPE_CHECKING:
    from frontdesk.access.signin import OfficerRow


class OfficerFormScreen(DeskWork, DeskDialog):
    """A new officer (name, badge, role and a password they will change to their own), or an officer
    being changed: the form filled with their details, their badge kept, the password left empty to keep it.

    The form saves itself and closes only once saved: a refused save keeps everything typed (the
    password too) and the cursor where it was, and says why.
    """

    AUTO_FOCUS = "#officer-name"

    def __init__(self, officer: OfficerRow | None = None) -> None:
        super().__init__()
        self.officer = officer

    def compose(self) -> ComposeResult:
        officer = self.officer
        with Vertical(classes="dialog wide"):
            title = t("officers.change_title", name=officer.name) if officer else t("officers.add_title")
            yield Label(title, classes="dialog-title")
            yield field_line("signin.name", BoundedInput(officer.name if officer else "", id="officer-name", max_length=50))
            yield field_line("signin.badge", BoundedInput(officer.badge_no if officer else "", id="officer-badge",
                                                   max_length=20, disabled=officer is not None))
            yield field_line("signin.role", NumberedSelect([(t(f"officer_role.{r}"), r) for r in ROLES],
                                                           id="officer-role", value=officer.role if officer else "duty",
                                                           allow_blank=False))
            yield field_line("signin.password", PasswordInput(
                id="officer-password", label=t("signin.password"), max_length=128,
                placeholder=t("officers.password_kept") if officer else ""))
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def typed(self) -> dict:
        return {
            "name": self.query_one("#officer-name", Input).value,
            "badge": self.query_one("#officer-badge", Input).value,
            "role": str(self.query_one("#officer-role", Select).value),
            "password": self.query_one("#officer-password", Input).value,
        }

    def action_done(self) -> None:
        if self.writing():
            return
        typed, desk, officer = self.typed(), self.app.desk, self.officer
        if officer is None:
            def job() -> None:
                desk.access.add_officer(**typed)
        else:
            def job() -> None:
                desk.access.change_officer(officer.officer_id, name=typed["name"], role=typed["role"],
                                    password=typed["password"], version=officer.version)
        name = one_line_name(typed["name"])
        self.write(job, lambda _done: self.dismiss(t("officers.saved", name=name)), refused=self._refused,
                   notice=t("officers.saved", name=name))

    def _refused(self, error: DeskError) -> bool:
        self.complain(error.message)
        return True


class OfficersScreen(DeskScreenBase):
    CSS_PATH = "officers.tcss"
    HELP_KEY = "help.officers"
    AUTO_FOCUS = "#officer-table"
    GUARDED = {"add": "manage_officers", "change": "manage_officers", "retire": "manage_officers",
               "unlock": "unlock_officer", "categories": "station_lists",
               "tag_taxonomy": "station_lists"}

    BINDINGS = [
        Binding("a", "add", "key.add_officer", tooltip="key.add_officer.tip", id="add"),
        Binding("enter", "change", "key.change_officer", tooltip="key.change_officer.tip", id="change"),
        Binding("r", "retire", "key.retire_officer", tooltip="key.retire_officer.tip", id="retire"),
        Binding("u", "unlock", "key.unlock", tooltip="key.unlock.tip", id="unlock"),
        Binding("k", "categories", "key.categories", tooltip="key.categories.tip", id="categories"),
        Binding("t", "tag_taxonomy", "key.tag_taxonomy", tooltip="key.tag_taxonomy.tip", id="tag_taxonomy"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[OfficerRow] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("officers.hint"), id="officers-hint")
        table: DataTable[str] = DataTable(id="officer-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(t("signin.name"), t("signin.badge"), t("signin.role"), t("officers.state"))
        yield table
        yield DeskFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.load()

    def load(self) -> None:
        desk = self.app.desk
        self.read(desk.access.officers, self.show)

    def show(self, rows: list[OfficerRow]) -> None:
        self.rows = rows
        zone = self.app.desk.zone
        table = self.query_one("#officer-table", DataTable)
        row_at = table.cursor_row
        table.clear()
        for row in rows:
            if row.locked_until is not None:
                state = Text(t("officers.locked", until=local_text(row.locked_until, zone)), style="bold red")
            elif not row.active:
                state = Text(t("officers.inactive"))
            elif not row.can_sign_in:
                state = Text(t("officers.no_password"))
            else:
                state = Text(t("officers.ok") + (f" · {t('officers.failed', count=row.failed)}" if row.failed else ""))
            table.add_row(row.name, row.badge_no, t(f"officer_role.{row.role}"), state)
        if rows:
            table.move_cursor(row=min(max(row_at, 0), len(rows) - 1))

    def _highlighted(self) -> OfficerRow | None:
        table = self.query_one("#officer-table", DataTable)
        return self.rows[table.cursor_row] if 0 <= table.cursor_row < len(self.rows) else None

    def action_add(self) -> None:
        self.app.push_screen(OfficerFormScreen(), self._saved)

    @on(DataTable.RowSelected, "#officer-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.app.desk.access.may("manage_officers"):
            self.action_change()

    def action_change(self) -> None:
        officer = self._highlighted()
        if officer is not None:
            self.app.push_screen(OfficerFormScreen(officer), self._saved)

    def _saved(self, message: str | None) -> None:
        if message:
            self.notify(message)
            self.load()

    def action_categories(self) -> None:
        """The station's case categories: a list the admin keeps, like the officers."""
        from screens.station.categories import CategoriesScreen

        self.app.push_screen(CategoriesScreen())

    def action_tag_taxonomy(self) -> None:
        """The station's tag classes and tags: a list the admin keeps, like the categories."""
        from screens.tags.taxonomy import TaxonomyScreen

        self.app.push_screen(TaxonomyScreen())

    def action_retire(self) -> None:
        """Retire the highlighted officer (kept, never deleted), or take a retired one back."""
        officer = self._highlighted()
        if officer is None:
            return
        desk, back = self.app.desk, not officer.active
        done = t("officers.reinstated" if back else "officers.retired", name=officer.name)
        self.write(lambda: desk.access.retire_officer(officer.officer_id, active=back), lambda _done: self._saved(done),
                   refused=self._refused, notice=done)

    def action_unlock(self) -> None:
        officer = self._highlighted()
        if officer is None:
            return
        desk, badge = self.app.desk, officer.badge_no
        done = t("officers.unlocked", badge=badge)
        self.write(lambda: desk.access.unlock_officer(badge), lambda _done: self._saved(done), refused=self._refused,
                   notice=done)

    def _refused(self, error: DeskError) -> bool:
        self.notify(error.message, severity="error", timeout=8)
        return True
