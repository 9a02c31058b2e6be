"""Signing in at start, creating a new station's admin, and the lock that hides the desk.

Each covers the whole terminal: nothing of the desk (or of anyone's personal
data) shows behind it. The database work runs through the app's router; every
failure, expected or not, is said on the form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from frontdesk.i18n import DeskError, t
from screens.shell.bounded import BoundedInput, PasswordInput
from screens.shell.localize import Localized
from screens.shell.opening import NobodyYet
from screens.shell.plain import Label, Static
from screens.shell.widgets import field_line
from screens.shell.work import DeskWork, refusing

if TYPE_CHECKING:
    from frontdesk.desk import Desk


class _Gate(DeskWork, Localized, ModalScreen[str]):
    """A full-screen form that lets an officer through; dismisses with what happened."""

    CSS_PATH = "signin.tcss"
    BINDINGS = [Binding("ctrl+q", "app.quit", "key.quit", id="quit", priority=True)]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk

    def dismiss(self, result: str | None = None):
        """The gate leaves by itself: the app's hold on screen changes is for everyone else."""
        self.app.gate_leaving(self)
        return super().dismiss(result)

    def complain(self, text: str) -> None:
        self.query_one("#gate-message", Static).update(text)

    @on(PasswordInput.Refused)
    def _not_taken(self, event: PasswordInput.Refused) -> None:
        """A paste that would not be the password as pasted (several lines, a NUL, too long): said, nothing taken."""
        self.complain(event.message)

    def refused(self, error: DeskError) -> bool:
        """A refusal is said on the form; what was typed (but the password) stays."""
        self.complain(error.message)
        for field in self.query("Input.-password"):
            field.value = ""
        self.query_one("Input.-password").focus()
        return True


class SignInScreen(_Gate):
    """Badge number and password. Also the lock screen: then the same officer unlocks,
    and a different one signing in takes the desk over (a shift change)."""

    AUTO_FOCUS = "#signin-password"

    def __init__(self, desk: Desk, *, locked: bool = False) -> None:
        super().__init__(desk)
        self.locked = locked
        self.checking = False

    def compose(self) -> ComposeResult:
        on_duty = self.desk.on_duty
        with Center(), Vertical(id="gate"):
            yield Label(t("app.title") + " · " + on_duty.station_name, id="gate-station")
            if self.locked:
                yield Label(t("signin.locked_title", name=on_duty.officer_name), classes="gate-title")
                yield Label(t("signin.locked_hint"), classes="gate-hint")
            else:
                yield Label(t("signin.title"), classes="gate-title")
            badge = on_duty.badge_no if self.locked else self.desk.settings.officer_badge
            yield field_line("signin.badge", BoundedInput(badge, id="signin-badge", max_length=20))
            yield field_line("signin.password", PasswordInput(id="signin-password", label=t("signin.password"),
                                                              max_length=128, classes="-password"))
            yield Static("", id="gate-message")
            if self.desk.url.endswith("demo.sqlite") or "/demo-" in self.desk.url:
                yield Label(t("signin.demo_hint"), classes="gate-hint")
            yield Label(t("signin.keys"), classes="gate-keys")

    def on_mount(self) -> None:
        if not self.query_one("#signin-badge", Input).value:
            self.query_one("#signin-badge", Input).focus()

    @on(Input.Submitted, "#signin-badge")
    def _to_password(self) -> None:
        self.query_one("#signin-password", Input).focus()

    @on(Input.Submitted, "#signin-password")
    def _submit(self) -> None:
        badge = self.query_one("#signin-badge", Input).value
        password = self.query_one("#signin-password", Input).value
        if not badge.strip() or not password:
            self.complain(t("signin.wrong"))
            return
        if self.checking:
            return  # one check at a time: a second Enter is not a second attempt
        self.checking = True
        self.complain(t("signin.checking"))
        desk, locked, before = self.desk, self.locked, self.desk.on_duty.officer_id

        def check() -> str:
            try:
                access = desk.access
            except NobodyYet:  # a new station's: this form has given way to its first admin's, with what was typed
                return "nobody_yet"
            access.sign_in(badge=badge, password=password)
            if not locked:
                return "signed_in"
            if desk.on_duty.officer_id == before:
                return "unlocked"
            desk.access.sign_out("shift_change", record_id=before)  # names the officer who handed over
            return "shift_change"

        # A write (the attempt is audited); an unexpected failure is said on the form too.
        self.write(refusing(check), self._checked, refused=self._check_refused, notice="")

    def _checked(self, how: str) -> None:
        self.checking = False
        if how != "nobody_yet":
            self.dismiss(how)

    def typed(self) -> tuple[str, str]:
        """The badge and password as typed so far (for the first-admin form, should this station have nobody)."""
        values = {field.id: field.value for field in self.query(Input)}
        return values.get("signin-badge", ""), values.get("signin-password", "")

    def _check_refused(self, error: DeskError) -> bool:
        self.checking = False
        return self.refused(error)


class FirstAdminScreen(_Gate):
    """A new station: the first officer becomes its admin, with a password typed twice."""

    AUTO_FOCUS = "#admin-name"

    def __init__(self, desk: Desk, typed: tuple[str, str] | None = None) -> None:
        super().__init__(desk)
        #: The badge and password typed into the sign-in form this one replaced (the station had nobody yet).
        self.typed = typed or ("", "")

    def compose(self) -> ComposeResult:
        settings = self.desk.settings
        badge, password = self.typed
        with Center(), Vertical(id="gate"):
            yield Label(t("app.title") + " · " + self.desk.on_duty.station_name, id="gate-station")
            yield Label(t("signin.first_title"), classes="gate-title")
            if password:  # in place of the usual hint: the form still fits 24 lines
                yield Label(t("signin.first_carried"), id="admin-carried", classes="gate-hint")
            else:
                yield Label(t("signin.first_hint"), classes="gate-hint")
            yield field_line("signin.name", BoundedInput(settings.officer_name, id="admin-name", max_length=50))
            yield field_line("signin.badge", BoundedInput(badge.strip() or settings.officer_badge, id="admin-badge",
                                                   max_length=20))
            yield field_line("signin.password", PasswordInput(password, id="admin-password", label=t("signin.password"),
                                                              max_length=128, classes="-password"))
            yield field_line("signin.again", PasswordInput(id="admin-again", label=t("signin.again"), max_length=128,
                                                           classes="-password"))
            yield Static("", id="gate-message")
            yield Label(t("signin.first_keys"), classes="gate-keys")

    def on_mount(self) -> None:
        if self.typed[1]:  # a password carried over: on to the first field still empty (typing it again)
            empty = [field for field in self.query(Input) if not field.value]
            if empty:
                empty[0].focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        order = ["admin-name", "admin-badge", "admin-password", "admin-again"]
        at = order.index(event.input.id)
        if at < len(order) - 1:
            self.query_one(f"#{order[at + 1]}", Input).focus()
            return
        typed = {name: self.query_one(f"#admin-{name}", Input).value for name in ("name", "badge", "password", "again")}
        desk = self.desk
        self.write(refusing(lambda: desk.access.create_first_admin(**typed)), lambda _: self.dismiss("signed_in"),
                   refused=self.refused, notice="")
