"""F10 (supervisors, admin): the station's officers; unlock a locked badge, add or reset an officer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from frontdesk.access.roles import ROLES
from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from screens.shell.base import DeskScreenBase
from screens.cases.dialogs import DeskDialog
from screens.shell.widgets import DeskHeader, field_line, numbered

if TYPE_CHECKING:
    from frontdesk.access.signin import OfficerRow


class OfficerFormScreen(DeskDialog):
    """An officer: name, badge, role and a password they will change to their own."""

    AUTO_FOCUS = "#officer-name"

    def __init__(self, typed: dict | None = None) -> None:
        super().__init__()
        self.typed = typed or {"name": "", "badge": "", "role": "duty"}

    def compose(self) -> ComposeResult:
        typed = self.typed
        with Vertical(classes="dialog wide"):
            yield Label(t("officers.add_title"), classes="dialog-title")
            yield field_line("signin.name", Input(typed["name"], id="officer-name", max_length=50))
            yield field_line("signin.badge", Input(typed["badge"], id="officer-badge", max_length=20))
            yield field_line("signin.role", Select(numbered([(t(f"officer_role.{r}"), r) for r in ROLES]),
                                                   id="officer-role", value=typed["role"], allow_blank=False))
            yield field_line("signin.password", Input(id="officer-password", password=True, max_length=128))
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def action_done(self) -> None:
        self.dismiss({
            "name": self.query_one("#officer-name", Input).value,
            "badge": self.query_one("#officer-badge", Input).value,
            "role": str(self.query_one("#officer-role", Select).value),
            "password": self.query_one("#officer-password", Input).value,
        })


class OfficersScreen(DeskScreenBase):
    CSS_PATH = "officers.tcss"
    HELP_KEY = "help.officers"
    AUTO_FOCUS = "#officer-table"
    GUARDED = {"add": "manage_officers", "unlock": "unlock_officer"}

    BINDINGS = [
        Binding("a", "add", "key.add_officer", tooltip="key.add_officer.tip", id="add"),
        Binding("u", "unlock", "key.unlock", tooltip="key.unlock.tip", id="unlock"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[OfficerRow] = []
        self._typed: dict | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("officers.hint"), id="officers-hint")
        table: DataTable[str] = DataTable(id="officer-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(t("signin.name"), t("signin.badge"), t("signin.role"), t("officers.state"))
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.load()

    def load(self) -> None:
        self.read(self.app.desk.officers, self.show)

    def _saved(self, message: str) -> None:
        self.notify(message)
        self._typed = None
        self.load()

    def show(self, rows: list[OfficerRow]) -> None:
        self.rows = rows
        zone = self.app.desk.zone
        table = self.query_one("#officer-table", DataTable)
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

    def action_add(self, typed: dict | None = None, message: str = "") -> None:
        screen = OfficerFormScreen(typed)
        self.app.push_screen(screen, self._typed_officer)
        if message:
            self.call_after_refresh(screen.complain, message)

    def _typed_officer(self, typed: dict | None) -> None:
        if typed is not None:
            self._typed = typed
            self.save(typed)

    def save(self, typed: dict) -> None:
        desk, message = self.app.desk, t("officers.saved", name=typed["name"].strip())
        self.write(lambda: desk.access.add_officer(**typed), lambda _: self._saved(message), refused=self._save_refused,
                   notice=message)

    def action_unlock(self) -> None:
        table = self.query_one("#officer-table", DataTable)
        if 0 <= table.cursor_row < len(self.rows):
            self.unlock_badge(self.rows[table.cursor_row].badge_no)

    def unlock_badge(self, badge: str) -> None:
        desk, message = self.app.desk, t("officers.unlocked", badge=badge)
        self.write(lambda: desk.access.unlock_officer(badge), lambda _: self._saved(message), notice=message)

    def _save_refused(self, error: DeskError) -> bool:
        """A refused officer form opens again as typed (but the password), with the reason."""
        if self._typed is None:
            return False
        self.action_add({k: v for k, v in self._typed.items() if k != "password"}, error.message)
        return True
