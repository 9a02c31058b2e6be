"""ctrl+t on a list by tag: the station's tags to choose from, filtered as the officer types (characters,
code, pinyin or its initials) and named in the officer's language. Enter puts the highlighted one into the
box the officer was in, as a word that reads back as that tag; nothing already typed there is touched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input
from textual.widgets.option_list import Option

from frontdesk.i18n import t
from frontdesk.outreach.lists import split_words
from frontdesk.tags.taxonomy import matches
from screens.shell.bounded import BoundedInput
from screens.cases.dialogs import DeskDialog
from screens.shell.plain import Label, OptionList, Static
from screens.shell.work import DeskWork

if TYPE_CHECKING:
    from frontdesk.outreach.choosing import TagChoice


class TagChoiceScreen(DeskWork, DeskDialog):
    """One tag for a box of the list (its label in `box`); dismisses with the tag's word, or None."""

    AUTO_FOCUS = "#tag-choice-search"
    DEFAULT_CSS = """
    TagChoiceScreen #tag-choice-options { height: auto; max-height: 14; }
    TagChoiceScreen.-short #tag-choice { padding: 0 2; }
    TagChoiceScreen.-short .dialog-title { margin-bottom: 0; }
    TagChoiceScreen.-short .dialog-keys { margin-top: 0; }
    TagChoiceScreen.-short #tag-choice-options { max-height: 8; }
    """
    BINDINGS = [
        Binding("down", "cursor(1)", show=False, priority=True),
        Binding("up", "cursor(-1)", show=False, priority=True),
        Binding("pagedown", "cursor(8)", show=False, priority=True),
        Binding("pageup", "cursor(-8)", show=False, priority=True),
    ]

    def __init__(self, box: str) -> None:
        super().__init__()
        self.box = box
        self.offered: list[TagChoice] = []
        self.shown: list[TagChoice] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="tag-choice"):
            yield Label(t("outreach.choose.title", box=self.box), classes="dialog-title")
            yield BoundedInput(id="tag-choice-search", placeholder=t("tags.search_hint"))
            yield Static(t("detail.loading"), id="tag-choice-found")
            yield OptionList(id="tag-choice-options")
            yield Static("", classes="dialog-message")
            yield Label(t("outreach.choose.keys"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.read(self.app.desk.outreach.tag_choices, self._loaded)

    def _loaded(self, choices: list[TagChoice]) -> None:
        self.offered, self.loaded = choices, True
        self.refilter()

    def _prompt(self, choice: TagChoice) -> Text:
        text = Text(choice.name, style="bold")
        if choice.word != choice.name:
            text.append(f"  {choice.word}")
        text.append(f"  {choice.class_name}", style="dim")
        return text

    def refilter(self) -> None:
        typed = self.query_one("#tag-choice-search", Input).value
        self.shown = [choice for choice in self.offered if matches(choice, typed)]
        options = self.query_one("#tag-choice-options", OptionList)
        options.clear_options()
        options.add_options([Option(self._prompt(choice), id=str(choice.tag_id)) for choice in self.shown])
        if self.shown:
            options.highlighted = 0
        found = self.query_one("#tag-choice-found", Static)
        if not self.shown:
            found.update(t("outreach.choose.none", typed=typed.strip()))
        elif typed.strip():
            found.update(t("tags.found", count=len(self.shown)))
        else:
            found.update(t("outreach.choose.all", count=len(self.offered)))

    @on(Input.Changed, "#tag-choice-search")
    def _typed(self, _event: Input.Changed) -> None:
        if self.loaded:
            self.complain("")
            self.refilter()

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#tag-choice-options", OptionList)
        if self.shown:
            at = options.highlighted if options.highlighted is not None else 0
            options.highlighted = min(max(at + step, 0), len(self.shown) - 1)

    @on(OptionList.OptionSelected, "#tag-choice-options")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_done()

    @on(Input.Submitted, "#tag-choice-search")
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        at = self.query_one("#tag-choice-options", OptionList).highlighted
        if not self.loaded:
            return
        if at is None or not 0 <= at < len(self.shown):
            self.complain(t("outreach.choose.nothing"))
            return
        self.dismiss(self.shown[at].word)


def with_word(typed: str, word: str) -> str:
    """A box's text with `word` added after what is there (once: a tag already in the box is not doubled)."""
    if word.lower() in (part.lower() for part in split_words(typed)):
        return typed
    kept = typed.rstrip()
    return f"{kept} {word}" if kept else word
