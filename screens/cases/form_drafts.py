"""ctrl+f on the case form: set what is typed aside for a fresh case, take back a case set aside, or throw one away.

F2 brings the desk's unsaved case back; an officer with a different walk-in in front of them sets it aside
(kept on disk, listed here, taken back later on any desk of the station's database) and starts a fresh form.
Taking one back sets the form as typed now aside in its place. The one thing thrown away here is a case set aside
that the officer names with ctrl+l and confirms (y): cases set aside would otherwise build up (ctrl+l on the
form itself, pressed twice, throws the form away)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets.option_list import Option

from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from frontdesk.validation import mask_phone
from screens.cases.dialogs import DeskDialog
from screens.shell.choices import key_index, numbered
from screens.shell.dialogs import ConfirmScreen
from screens.shell.plain import Label, OptionList, Static

if TYPE_CHECKING:
    from frontdesk.cases.drafts import AsideDraft

#: The dialog's answer for "set this one aside and start a fresh case".
FRESH = ""


@dataclass(frozen=True)
class ThrowAway:
    """The dialog's answer for "throw this case set aside away" (the officer said y): its file, and its line."""

    name: str
    line: str


def draft_line(fields: dict[str, Any], when: str) -> str:
    """A draft as one line of the list: when it was kept, who reported, what about."""
    who = (fields.get("reporter-name") or "").strip() or mask_phone((fields.get("reporter-phone") or "").strip())
    what = (fields.get("summary") or "").strip() or (fields.get("place") or "").strip()
    return " · ".join(part for part in (when, who, what) if part)


class DraftsAsideScreen(DeskDialog):
    """What to do with the form: set it aside for a fresh case (offered when something is typed), or take back
    one set aside, or throw one set aside away (ctrl+l, asked first). Dismisses with FRESH, a draft's name,
    a ThrowAway, or None (Esc)."""

    AUTO_FOCUS = "#drafts-aside"
    BINDINGS = [Binding("ctrl+l", "throw_away", "key.discard_draft", id="discard_draft")]
    DEFAULT_CSS = """
    DraftsAsideScreen #drafts-aside { height: auto; max-height: 10; }
    """

    def __init__(self, *, typed: bool, aside: list[AsideDraft], zone) -> None:
        super().__init__()
        self.answers: list[str] = ([FRESH] if typed else []) + [draft.name for draft in aside]
        #: Each case set aside as one line (when, who, what), by its file's name.
        self.named = {draft.name: draft_line(draft.fields, local_text(draft.saved_at, zone)) for draft in aside}
        self.lines = ([t("draft.aside.fresh")] if typed else []) + [
            t("draft.aside.take_back", draft=self.named[draft.name]) for draft in aside]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(t("draft.aside.title"), classes="dialog-title")
            yield OptionList(*[Option(text) for text, _line in numbered([(line, line) for line in self.lines])],
                             id="drafts-aside")
            yield Static("", classes="dialog-message")
            yield Label(t("draft.aside.keys"), classes="dialog-keys")

    def on_key(self, event: events.Key) -> None:
        """A line's key picks it at once."""
        at = key_index(event.character)
        if 0 <= at < len(self.answers):
            event.stop()
            self.dismiss(self.answers[at])

    @on(OptionList.OptionSelected, "#drafts-aside")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        at = self.query_one("#drafts-aside", OptionList).highlighted
        if at is None or not 0 <= at < len(self.answers):
            self.complain(t("form.choose"))
            return
        self.dismiss(self.answers[at])

    def action_throw_away(self) -> None:
        """The highlighted case set aside, thrown away once the officer says y to a question naming it."""
        at = self.query_one("#drafts-aside", OptionList).highlighted
        name = self.answers[at] if at is not None and 0 <= at < len(self.answers) else FRESH
        if name == FRESH:
            self.complain(t("draft.aside.throw_away_which"))
            return
        line = self.named[name]

        def answered(sure: bool | None) -> None:
            if sure:
                self.dismiss(ThrowAway(name, line))

        self.app.push_screen(ConfirmScreen(t("draft.aside.throw_away_ask", draft=line)), answered)


class FormDrafts:
    """Mixed into the case form: ctrl+f and what it leads to."""

    #: The line under the form counts the cases set aside: a new count replaces it when the list is read again.
    waiting_said = False

    def action_drafts_aside(self) -> None:
        if self.saving or not self._loaded:
            return  # a case being saved is not set aside; a form still loading has nothing to set aside yet
        typed, cases = self.fields_dirty(), self.app.desk.cases
        self.read(cases.case_drafts_aside, lambda aside: self._offer_drafts(typed, aside), key="aside")

    def _offer_drafts(self, typed: bool, aside: list[AsideDraft]) -> None:
        for message in self.app.desk.cases.take_drafts_set_aside():
            self.notify(message, severity="warning", timeout=30)
        if self.waiting_said:  # (one thrown away, or taken back on another desk, since it was counted)
            self._say(t("draft.aside.waiting", count=len(aside)) if aside else "")
            self.waiting_said = bool(aside)
        if not typed and not aside:
            self._say(t("draft.aside.nothing"))
            return
        self.app.push_screen(DraftsAsideScreen(typed=typed, aside=aside, zone=self.app.desk.zone),
                             self._draft_chosen)

    def _draft_chosen(self, answer: str | ThrowAway | None) -> None:
        if answer is None:
            return
        if isinstance(answer, ThrowAway):  # the form stays as it is; the list is offered again, less that case
            self.write(lambda: self.app.desk.cases.throw_away_case_draft_aside(answer.name),
                       lambda _done: self._thrown_away(answer), refused=self._aside_refused,
                       notice=t("draft.aside.thrown_away", draft=answer.line))
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()  # what is typed now goes aside with this write, not into the slot after it
        current, cases = (self.fields() if self.fields_dirty() else None), self.app.desk.cases
        if answer == FRESH:
            self.write(lambda: cases.put_case_draft_aside(current), lambda _done: self._fresh_form(),
                       refused=self._aside_refused, notice=t("draft.aside.done"))
        else:
            self.write(lambda: cases.take_back_case_draft(answer, current),
                       lambda _draft: self._fresh_form(taken_back=current is not None),
                       refused=self._aside_refused, notice=t("draft.aside.taken_back"))

    def _fresh_form(self, *, taken_back: bool = False) -> None:
        if taken_back:  # (a fresh form says itself that a case is set aside, and a case taken back is continued)
            self.app.notify(t("draft.aside.swapped"))
        # A plain form (this mixin's own screen, made anew): it opens with this desk's draft (the one taken
        # back), or empty.
        self.app.switch_screen(type(self)())

    def _thrown_away(self, answer: ThrowAway) -> None:
        self.app.notify(t("draft.aside.thrown_away", draft=answer.line))
        self.action_drafts_aside()

    def _aside_refused(self, error: DeskError) -> bool:
        """Nothing was set aside or taken back: the form keeps everything typed, and says why."""
        self._say(error.message, error=True)
        self._changed()  # the timer stopped above: keep the draft as typed again
        return True
