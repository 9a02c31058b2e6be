"""Small modal dialogs: an error to read, a yes/no question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from frontdesk.i18n import t
from screens.shell.localize import Localized
from screens.shell.plain import Label, Static


class ErrorScreen(Localized, ModalScreen[None]):
    """A problem the officer should know about, with what to do next."""

    DEFAULT_CSS = """
    ErrorScreen { align: center middle; }
    ErrorScreen > Vertical {
        width: 70; max-width: 90%; height: auto;
        border: thick $error; background: $panel; padding: 1 2;
    }
    ErrorScreen #error-title { text-style: bold; color: $text-error; }
    ErrorScreen #error-keys { color: $text-muted; margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape,enter", "dismiss", "key.close", id="close"),
    ]

    def __init__(self, message: str, *, typed_kept: bool = True) -> None:
        super().__init__()
        self.message = message
        #: Whether to say that what was typed is still there: not when nothing could be typed yet
        #: (the database refused to open before anyone signed in).
        self.typed_kept = typed_kept

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(t("error.title"), id="error-title")
            yield Static(self.message, id="error-message")
            yield Label(t("error.keys" if self.typed_kept else "error.keys.close"), id="error-keys")

    def action_dismiss(self) -> None:
        self.dismiss(None)


class ConfirmScreen(Localized, ModalScreen[bool]):
    """A yes/no question answered with y, n or Esc."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 60; max-width: 90%; height: auto;
        border: thick $warning; background: $panel; padding: 1 2;
    }
    ConfirmScreen #confirm-keys { color: $text-muted; margin-top: 1; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "key.yes", id="yes"),
        Binding("n,escape", "answer(False)", "key.no", id="no"),
    ]

    #: The line under the question that names the keys.
    KEYS = "confirm.keys"

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="confirm-question")
            yield Label(t(self.KEYS), id="confirm-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
