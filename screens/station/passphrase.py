"""The passphrase of an encrypted database, asked before the database opens.

Covers the whole terminal like the sign-in gate. The passphrase is checked in a
thread, through the app's router (SQLCipher derives the key slowly on purpose) and, once it opens
the file, held in memory by the services for the engine; the fields are cleared
and nothing is written anywhere.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from frontdesk.station.config import Settings
from frontdesk.station.encryption import PASSPHRASE_MAX, PASSPHRASE_MIN, check_new_passphrase, database_file, unlock
from frontdesk.i18n import DeskError, t
from screens.shell.bounded import PasswordInput
from screens.shell.localize import Localized
from screens.shell.plain import Label, Static
from screens.shell.widgets import field_line
from screens.shell.work import DeskWork, refusing


class PassphraseScreen(DeskWork, Localized, ModalScreen[bool]):
    """"open": one field, checked against the file. "create": typed twice, under the rules.

    Dismisses with True once the passphrase is held; the app then opens the database.
    """

    CSS_PATH = "passphrase.tcss"
    BINDINGS = [Binding("ctrl+q", "app.quit", "key.quit", id="quit", priority=True)]
    AUTO_FOCUS = "#passphrase-field"

    def __init__(self, need: str, url: str, settings: Settings) -> None:
        super().__init__()
        self.need = need
        self.url = url
        self.settings = settings
        self.checking = False

    def compose(self) -> ComposeResult:
        creating = self.need == "create"
        with Center(), Vertical(id="passphrase-box"):
            yield Label(t("app.title") + " · " + self.settings.station_display_name, id="passphrase-station")
            yield Label(t("passphrase.create_title" if creating else "passphrase.title"), id="passphrase-title")
            yield Label(str(database_file(self.url) or ""), id="passphrase-file")
            hint = t("passphrase.create_hint", least=PASSPHRASE_MIN) if creating else t("passphrase.hint")
            yield Label(hint, classes="passphrase-hint")
            yield field_line("passphrase.field", PasswordInput(id="passphrase-field", label=t("passphrase.field"),
                                                               max_length=PASSPHRASE_MAX, classes="-passphrase"))
            if creating:
                yield field_line("passphrase.again", PasswordInput(id="passphrase-again", label=t("passphrase.again"),
                                                                   max_length=PASSPHRASE_MAX, classes="-passphrase"))
            yield Static("", id="passphrase-message")
            yield Label(t("passphrase.create_keys" if creating else "passphrase.keys"), id="passphrase-keys")

    def say(self, text: str) -> None:
        self.query_one("#passphrase-message", Static).update(text)

    @on(PasswordInput.Refused)
    def _not_taken(self, event: PasswordInput.Refused) -> None:
        """A paste that would not be the passphrase as pasted (several lines, a NUL, too long): said, nothing taken."""
        self.say(event.message)

    @on(Input.Submitted, "#passphrase-field")
    def _first_typed(self) -> None:
        if self.need == "create":
            self.query_one("#passphrase-again", Input).focus()
        else:
            self._submit()

    @on(Input.Submitted, "#passphrase-again")
    def _submit(self) -> None:
        passphrase = self.query_one("#passphrase-field", Input).value
        again = self.query_one("#passphrase-again", Input).value if self.need == "create" else passphrase
        if not passphrase:
            self.say(t("passphrase.empty"))
            return
        if self.checking:
            return  # one check at a time
        self.checking = True
        self.say(t("passphrase.checking"))
        need, url = self.need, self.url

        def check() -> None:
            if need == "create":
                check_new_passphrase(passphrase, again)
            unlock(url, passphrase)

        # Every failure, expected or not, is said on this screen: nothing else can show yet.
        self.write(refusing(check), self._checked, refused=self._refused, notice="")

    def _clear(self) -> None:
        self.checking = False
        for field in self.query("Input.-passphrase"):
            field.value = ""  # nothing of the passphrase stays on the screen

    def _checked(self, _result: None) -> None:
        self._clear()
        self.dismiss(True)

    def _refused(self, error: DeskError) -> bool:
        self._clear()
        self.say(error.message)
        self.query_one("#passphrase-field", Input).focus()
        return True
