"""The tagging dialog: a search box that filters the station's tags as the officer types (characters,
code, pinyin or its initials), Space to put a tag on or take it off, Enter to save. Tags a rule set
are shown, marked, and left to their rule. Reached from the person page (g) and from a case (g:
the reporter or a party, chosen first when there are several)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input
from textual.widgets.option_list import Option

from frontdesk.i18n import DeskError, listed, parenthesised, t
from frontdesk.tags.rules import rule_reason
from frontdesk.tags.taxonomy import matches
from frontdesk.vocab import label
from screens.cases.dialogs import DeskDialog
from screens.shell.plain import Label, OptionList, Static
from screens.shell.work import DeskWork

if TYPE_CHECKING:
    from frontdesk.tags.tagging import PersonTagRow
    from frontdesk.tags.taxonomy import TagRow


class TagSearch(Input):
    """The search box: it takes every key but Space, which puts the highlighted tag on or takes it off."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return key != "space" and super().check_consume_key(key, character)


class TagPickerScreen(DeskWork, DeskDialog):
    """A person's tags, chosen from the station's list; saves itself and dismisses with what it said."""

    AUTO_FOCUS = "#tag-search"
    DEFAULT_CSS = """
    TagPickerScreen #tag-options { height: auto; max-height: 14; }
    TagPickerScreen.-short #tag-picker { padding: 0 2; }
    TagPickerScreen.-short .dialog-title { margin-bottom: 0; }
    TagPickerScreen.-short .dialog-keys { margin-top: 0; }
    TagPickerScreen.-short #tag-options { max-height: 6; }
    """
    BINDINGS = [
        Binding("space", "toggle", "key.tag_toggle", id="tag_toggle", priority=True),
        Binding("down", "cursor(1)", show=False, priority=True),
        Binding("up", "cursor(-1)", show=False, priority=True),
        Binding("pagedown", "cursor(8)", show=False, priority=True),
        Binding("pageup", "cursor(-8)", show=False, priority=True),
    ]

    def __init__(self, person_id: uuid.UUID, name: str) -> None:
        super().__init__()
        self.person_id, self.person_name = person_id, name
        self.offered: list[TagRow] = []  # every tag that can be shown: active ones, and switched-off ones held
        self.held: dict[uuid.UUID, PersonTagRow] = {}
        self.chosen: set[uuid.UUID] = set()
        self.shown: list[TagRow] = []
        self.classes_named: dict[uuid.UUID, str] = {}
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="tag-picker"):
            yield Label(t("tags.pick_title", name=self.person_name), classes="dialog-title")
            yield TagSearch(id="tag-search", placeholder=t("tags.search_hint"))
            yield Static(t("detail.loading"), id="tag-chosen")
            yield OptionList(id="tag-options")
            yield Static("", classes="dialog-message")
            yield Label(t("tags.pick_keys"), classes="dialog-keys")

    def on_mount(self) -> None:
        tags, person_id = self.app.desk.tags, self.person_id
        self.read(lambda: (tags.search("", active_only=False), tags.classes(), tags.of_person(person_id)),
                  self._loaded)

    def _loaded(self, loaded) -> None:
        every, classes, held = loaded
        self.held = {row.tag_id: row for row in held}
        active_classes = {row.class_id for row in classes if row.active}
        self.classes_named = {row.class_id: row.name for row in classes}
        self.offered = [row for row in every
                        if (row.active and row.class_id in active_classes) or row.tag_id in self.held]
        self.chosen = set(self.held)
        self.loaded = True
        self.refilter()

    # ---- the list ---------------------------------------------------------------------------

    def _prompt(self, row: TagRow) -> Text:
        held = self.held.get(row.tag_id)
        by_rule = held is not None and held.source == "rule"
        mark = "[R]" if by_rule else "[x]" if row.tag_id in self.chosen else "[ ]"
        text = Text(f"{mark} ", style="bold" if row.tag_id in self.chosen else "")
        text.append(row.name, style="bold" if row.tag_id in self.chosen else "")
        if by_rule:
            text.append(" " + parenthesised("", rule_reason(held.note)).strip(), style="italic")
        if not row.active or row.class_id not in self.classes_named:
            text.append(" " + parenthesised("", t("tags.switched_off")).strip(), style="dim")
        text.append(f"  {self.classes_named.get(row.class_id, '')}", style="dim")
        return text

    def refilter(self) -> None:
        typed = self.query_one("#tag-search", Input).value
        self.shown = [row for row in self.offered if matches(row, typed)]
        options = self.query_one("#tag-options", OptionList)
        options.clear_options()
        options.add_options([Option(self._prompt(row), id=str(row.tag_id)) for row in self.shown])
        if self.shown:
            options.highlighted = 0
        self._say_chosen()

    def _say_chosen(self) -> None:
        names = [row.name for row in self.offered if row.tag_id in self.chosen]
        typed = self.query_one("#tag-search", Input).value.strip()
        found = t("tags.found", count=len(self.shown)) if typed else ""
        chosen = t("tags.chosen", count=len(names), names=listed(names) if names else "—")
        self.query_one("#tag-chosen", Static).update(f"{chosen}  {found}".rstrip())

    @on(Input.Changed, "#tag-search")
    def _typed(self, _event: Input.Changed) -> None:
        if self.loaded:
            self.complain("")
            self.refilter()

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#tag-options", OptionList)
        if self.shown:
            at = options.highlighted if options.highlighted is not None else 0
            options.highlighted = min(max(at + step, 0), len(self.shown) - 1)

    def action_toggle(self) -> None:
        options = self.query_one("#tag-options", OptionList)
        at = options.highlighted
        if at is None or not 0 <= at < len(self.shown):
            return
        row = self.shown[at]
        held = self.held.get(row.tag_id)
        if held is not None and held.source == "rule":
            self.complain(t("tags.rule_kept", name=row.name))
            return
        self.complain("")
        self.chosen.symmetric_difference_update({row.tag_id})
        options.replace_option_prompt_at_index(at, self._prompt(row))
        self._say_chosen()

    @on(OptionList.OptionSelected, "#tag-options")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_toggle()

    @on(Input.Submitted, "#tag-search")
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_done()

    # ---- saving ------------------------------------------------------------------------------

    def action_done(self) -> None:
        if not self.loaded or self.writing():
            return
        tags, person_id, chosen = self.app.desk.tags, self.person_id, set(self.chosen)
        done = t("tags.saved", name=self.person_name)
        self.write(lambda: tags.set_person_tags(person_id, chosen), lambda _done: self.dismiss(done),
                   refused=self._refused, notice=done)

    def _refused(self, error: DeskError) -> bool:
        self.complain(error.message)
        return True


class WhoToTagScreen(DeskDialog):
    """A case's people (reporter first, then the parties): which one to tag. Enter picks."""

    AUTO_FOCUS = "#tag-who"

    def __init__(self, people: list[tuple[uuid.UUID, str, str]]) -> None:
        super().__init__()
        self.people = people  # (person id, role code, name)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("tags.who_title"), classes="dialog-title")
            yield OptionList(*[Option(parenthesised(name, label("role", role)), id=str(pid))
                               for pid, role, name in self.people], id="tag-who")
            yield Static("", classes="dialog-message")
            yield Label(t("tags.who_keys"), classes="dialog-keys")

    @on(OptionList.OptionSelected, "#tag-who")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        at = self.query_one("#tag-who", OptionList).highlighted
        if at is None or not 0 <= at < len(self.people):
            self.complain(t("form.choose"))
            return
        pid, _role, name = self.people[at]
        self.dismiss((pid, name))
