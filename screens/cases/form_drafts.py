"""ctrl+f on the case form: set what is typed aside for a fresh case, or take back a case set aside.

F2 brings the desk's unsaved case back; an officer with a different walk-in in front of them sets it aside
(kept on disk, listed here, taken back later on any desk of the station's database) and starts a fresh form.
Taking one back sets the form as typed now aside in its place: nothing typed is ever thrown away here (ctrl+l,
asked twice, is the one way to throw a form away)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets.option_list import Option

from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from frontdesk.validation import mask_phone
from screens.cases.dialogs import DeskDialog
from screens.shell.choices import CHOICE_KEYS
from screens.shell.plain import Label, OptionList, Static

if TYPE_CHECKING:
    from frontdesk.cases.drafts import AsideDraft

#: The dialog's answer for "set this one aside and start a fresh case".
FRESH = ""


def draft_line(fields: dict[str, Any], when: str) -> str:
    """A draft as one line of the list: when it was kept, who reported, what about."""
    who = (fields.get("reporter-name") or "").strip() or mask_phone((fields.get("reporter-phone") or "").strip())
    what = (fields.get("summary") or "").strip() or (fields.get("place") or "").strip()
    return " · ".join(part for part in (when, who, what) if part)


class DraftsAsideScreen(DeskDialog):
    """What to do with the form: set it aside for a fresh case (offered when something is typed), or take back
    one set aside. Dismisses with FRESH, a draft's name, or None (Esc)."""

    AUTO_FOCUS = "#drafts-aside"
    DEFAULT_CSS = """
    DraftsAsideScreen #drafts-aside { height: auto; max-height: 10; }
    """

    def __init__(self, *, typed: bool, aside: list[AsideDraft], zone) -> None:
        super().__init__()
        self.answers: list[str] = ([FRESH] if typed else []) + [draft.name for draft in aside]
        self.lines = ([t("draft.aside.fresh")] if typed else []) + [
            t("draft.aside.take_back", draft=draft_line(draft.fields, local_text(draft.saved_at, zone)))
            for draft in aside]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(t("draft.aside.title"), classes="dialog-title")
            yield OptionList(*[Option(f"{CHOICE_KEYS[at]} {line}" if at < len(CHOICE_KEYS) else line)
                               for at, line in enumerate(self.lines)], id="drafts-aside")
            yield Static("", classes="dialog-message")
            yield Label(t("draft.aside.keys"), classes="dialog-keys")

    def on_key(self, event: events.Key) -> None:
        """A line's key picks it at once."""
        at = CHOICE_KEYS.find(event.character) if event.character else -1
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


class FormDrafts:
    """Mixed into the case form: ctrl+f and what it leads to."""

    def action_drafts_aside(self) -> None:
        if self.saving or not self._loaded:
            return  # a case being saved is not set aside; a form still loading has nothing to set aside yet
        typed, cases = self.fields_dirty(), self.app.desk.cases
        self.read(cases.case_drafts_aside, lambda aside: self._offer_drafts(typed, aside), key="aside")

    def _offer_drafts(self, typed: bool, aside: list[AsideDraft]) -> None:
        for message in self.app.desk.cases.take_drafts_set_aside():
            self.notify(message, severity="warning", timeout=30)
        if not typed and not aside:
            self._say(t("draft.aside.nothing"))
            return
        self.app.push_screen(DraftsAsideScreen(typed=typed, aside=aside, zone=self.app.desk.zone),
                             self._draft_chosen)

    def _draft_chosen(self, answer: str | None) -> None:
        if answer is None:
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

    def _aside_refused(self, error: DeskError) -> bool:
        """Nothing was set aside or taken back: the form keeps everything typed, and says why."""
        self._say(error.message, error=True)
        self._changed()  # the timer stopped above: keep the draft as typed again
        return True
