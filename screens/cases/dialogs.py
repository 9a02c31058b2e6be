"""Dialogs on a case: close with a disposition, give a reason, edit the case's fields."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from frontdesk.i18n import t
from frontdesk.vocab import CHANNELS, DISPOSITIONS, label
from screens.shell.bounded import BoundedInput, PasswordInput
from screens.shell.dialogs import ConfirmScreen
from screens.shell.localize import Localized
from screens.shell.plain import Label, Select, Static
from screens.shell.choices import NumberedSelect


@dataclass(frozen=True)
class Closing:
    disposition: str
    note: str


class DeskDialog(Localized, ModalScreen):
    CSS_PATH = "../shell/dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "done", "key.save", id="done"),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def complain(self, text: str) -> None:
        self.query_one(".dialog-message", Static).update(text)

    def on_bounded_input_too_long(self, event: BoundedInput.TooLong) -> None:
        """A paste (or a key) that does not fit is refused out loud, naming the field on its line and
        its limit; the box keeps what it held."""
        labels = event.box.parent.query(".line-label") if event.box.parent is not None else []
        field = str(labels.first().render()) if labels else ""
        self.complain(t("form.paste_too_long", field=field, most=event.most, offered=f"{event.offered:,}"))

    def on_password_input_refused(self, event: PasswordInput.Refused) -> None:
        """A password pasted as it would not be kept (several lines, a NUL, too long): said, nothing taken."""
        self.complain(event.message)


class CloseCaseScreen(DeskDialog):
    """How the case ended, and a closing note."""

    AUTO_FOCUS = "#disposition"

    def __init__(self, case_no: str, *, typed: Closing | None = None, message: str = "") -> None:
        super().__init__()
        self.case_no = case_no
        #: What the officer typed before a refusal: it comes back as it was, with the reason.
        self.typed = typed
        self.message = message

    def compose(self) -> ComposeResult:
        typed = self.typed
        with Vertical(classes="dialog"):
            yield Label(t("close.title", case_no=self.case_no), classes="dialog-title")
            yield Label(t("field.disposition"))
            options = [(label("disposition", code), code) for code in DISPOSITIONS]
            chosen = typed.disposition if typed is not None and typed.disposition in DISPOSITIONS else Select.NULL
            yield NumberedSelect(options, id="disposition", prompt=t("form.choose"), value=chosen)
            yield Label(t("close.note"))
            yield TextArea(typed.note if typed is not None else "", id="closing-note", soft_wrap=True)
            yield Static(self.message, classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def action_done(self) -> None:
        disposition = self.query_one("#disposition", Select).value
        if disposition is Select.NULL:
            self.complain(t("form.required", field=t("field.disposition")))
            return
        self.dismiss(Closing(disposition, self.query_one("#closing-note", TextArea).text))


class ReasonScreen(DeskDialog):
    """One required line: the reason for reopening or voiding, or a case number to link."""

    AUTO_FOCUS = "#reason"

    def __init__(self, title: str, *, field_key: str = "field.reason", value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.field_key = field_key
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(t(self.field_key))
            yield BoundedInput(self.value, id="reason")
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def on_input_submitted(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        reason = self.query_one("#reason", Input).value
        if not reason.strip():
            self.complain(t("form.required", field=t(self.field_key)))
            return
        self.dismiss(reason)


class EditCaseScreen(DeskDialog):
    """The case's own fields; the change log keeps what they were."""

    AUTO_FOCUS = "#edit-summary"

    def __init__(self, case_no: str, values: dict, categories: list[tuple[str, str]]) -> None:
        super().__init__()
        self.case_no = case_no
        self.values = values
        self.categories = categories

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("edit.title", case_no=self.case_no), classes="dialog-title")
            yield Label(t("field.summary"))
            yield BoundedInput(self.values["summary"], id="edit-summary", max_length=200)
            yield Label(t("field.place"))
            yield BoundedInput(self.values["place"], id="edit-place")
            yield Label(t("field.category"))
            yield NumberedSelect(self.categories, id="edit-category", value=self.values["category"], allow_blank=False)
            yield Label(t("field.channel"))
            channels = [(label("channel", code), code) for code in CHANNELS]
            yield NumberedSelect(channels, id="edit-channel", value=self.values["channel"], allow_blank=False)
            yield Label(t("field.narrative"))
            yield TextArea(self.values["narrative"], id="edit-narrative", soft_wrap=True)
            yield Static("", classes="dialog-message")
            yield Label(t("dialog.keys"), classes="dialog-keys")

    def on_bounded_input_too_long(self, event: BoundedInput.TooLong) -> None:
        self.complain(t("form.paste_too_long", field=t("field.summary"), most=event.most,
                        offered=f"{event.offered:,}"))

    def action_done(self) -> None:
        now = {
            "summary": self.query_one("#edit-summary", Input).value,
            "place": self.query_one("#edit-place", Input).value,
            "category": self.query_one("#edit-category", Select).value,
            "channel": self.query_one("#edit-channel", Select).value,
            "narrative": self.query_one("#edit-narrative", TextArea).text,
        }
        self.dismiss({name: value for name, value in now.items() if value != self.values[name]})


#: The answers of `KeptDraftQuestion`.
RESUME, PUT_ASIDE, THROW_AWAY = "resume", "aside", "throw_away"


class KeptDraftQuestion(ConfirmScreen):
    """A case left unsaved by the last run: y continues it; n (or Esc) puts it aside, kept and listed by ctrl+f on
    the form, so an officer with a walk-in in front of them loses nothing by answering; throwing it away takes
    ctrl+l twice (the form's own key for throwing a case away)."""

    KEYS = "draft.offer.keys"
    DEFAULT_CSS = """
    KeptDraftQuestion #confirm-keys { width: 100%; }
    """
    BINDINGS = [
        Binding("y", f"answer('{RESUME}')", "key.yes", id="yes"),
        Binding("n,escape", f"answer('{PUT_ASIDE}')", "key.drafts_aside", id="no"),
        Binding("ctrl+l", f"answer('{THROW_AWAY}')", "key.discard_draft", id="discard_draft"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(question)
        self.asked_once = False

    def action_answer(self, answer: str) -> None:
        if answer != THROW_AWAY or self.asked_once:
            self.dismiss(answer)
            return
        self.asked_once = True
        self.query_one("#confirm-question", Static).update(f"{self.question}\n\n{t('draft.discard_ask')}")
