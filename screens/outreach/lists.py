"""A list by tag: all of, any of, none of, a village and an age range, counted as the officer types (a read
worker; a newer keystroke makes the older count stale, never shown). The first page of people shows with
phones and ID numbers masked. ctrl+s exports the whole list (audited), ctrl+n starts a campaign from it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Input

from frontdesk.i18n import DeskError, listed, t
from frontdesk.outreach.lists import ListQuery
from screens.shell.bounded import BoundedInput
from screens.outreach.dialogs import CampaignDialog, CampaignTyped
from screens.outreach.tag_choice import TagChoiceScreen, with_word
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import Label, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.outreach.export import Exported
    from frontdesk.outreach.lists import ListResult

#: The boxes of the list, in the order Tab moves through them: (id, label key).
FIELDS = (("all_of", "outreach.field.all_of"), ("any_of", "outreach.field.any_of"),
          ("none_of", "outreach.field.none_of"), ("village", "outreach.field.village"),
          ("age_from", "outreach.field.age_from"), ("age_to", "outreach.field.age_to"))
#: The boxes that take tags (ctrl+t chooses one for them).
TAG_BOXES = ("all_of", "any_of", "none_of")


class ListScreen(DeskScreenBase):
    CSS_PATH = "outreach.tcss"
    HELP_KEY = "help.outreach_list"
    AUTO_FOCUS = "#list-all_of"
    ESCAPE_LEAVES_TEXT_BOX = False

    BINDINGS = [
        Binding("ctrl+n", "start_campaign", "outreach.key.start", tooltip="outreach.key.start.tip",
                id="outreach_start"),
        Binding("ctrl+t", "choose_tag", "outreach.key.choose_tag", tooltip="outreach.key.choose_tag.tip",
                id="outreach_choose_tag"),
        Binding("ctrl+s", "export", "outreach.key.export", tooltip="outreach.key.export.tip", id="outreach_export"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: ListResult | None = None
        #: The query the shown count answers (a count for an older query is never shown).
        self.asked: ListQuery | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Grid(id="list-fields"):
            for name, key in FIELDS:
                yield Label(t(key), classes="list-label")
                yield BoundedInput(id=f"list-{name}", compact=True,
                            type="integer" if name.startswith("age") else "text",
                            max_length=3 if name.startswith("age") else 200)
        yield Static(t("outreach.list.hint"), id="list-count")
        table = FittedTable(id="list-people", cursor_type="row", zebra_stripes=True)
        table.set_columns([
            ColumnSpec("name", t("outreach.col.name"), keep=True),
            ColumnSpec("phone", t("outreach.col.phone"), priority=1, minimum=11),
            ColumnSpec("village", t("outreach.col.village"), priority=3, minimum=6),
            ColumnSpec("age", t("outreach.col.age"), priority=2, minimum=3),
            ColumnSpec("rid", t("outreach.col.rid"), priority=4, minimum=18)])
        yield table
        yield DeskFooter()

    def typed_query(self) -> ListQuery:
        return ListQuery(**{name: self.query_one(f"#list-{name}", Input).value for name, _key in FIELDS})

    @on(Input.Changed)
    def _typed(self) -> None:
        query = self.typed_query()
        self.asked = query
        if not any(query.as_dict().values()):
            self.stale("outreach-count")
            self._say(t("outreach.list.hint"))
            self.result = None
            self.query_one("#list-people", FittedTable).set_rows([])
            return
        outreach = self.app.desk.outreach
        self.read(lambda: outreach.count_list(query), lambda result: self.show(query, result),
                  key="outreach-count", refused=lambda error: self._refused(query, error))

    def _say(self, text: str, *, bad: bool = False) -> None:
        self.query_one("#list-count", Static).update(Text(text, style="bold red") if bad else Text(text))

    def _refused(self, query: ListQuery, error: DeskError) -> bool:
        if query == self.asked:
            self.result = None
            self._say(error.message, bad=True)
            self.query_one("#list-people", FittedTable).set_rows([])
        return True

    def show(self, query: ListQuery, result: ListResult) -> None:
        if query != self.asked:
            return  # typed on since: a newer count is coming
        self.result = result
        expression = result.expression
        if expression.contradiction:
            self._say(t("outreach.list.contradiction", tags=listed(tag.name for tag in expression.contradiction)),
                      bad=True)
        else:
            self._say(t("outreach.list.count", count=result.count, shown=len(result.people)))
        self.query_one("#list-people", FittedTable).set_rows([
            (p.name, p.phone, p.village, "" if p.age is None else str(p.age), p.resident_id) for p in result.people])

    # ---- a tag chosen from the station's list -----------------------------------------------------

    def action_choose_tag(self) -> None:
        """The station's tags to choose from, for the tag box the officer is in ("all of" from anywhere else)."""
        focused = self.focused
        name = focused.id.removeprefix("list-") if focused is not None and focused.id else ""
        name = name if name in TAG_BOXES else "all_of"
        label = dict(FIELDS)[name]

        def chosen(word: str | None) -> None:
            box = self.query_one(f"#list-{name}", Input)
            if word:
                box.value = with_word(box.value, word)
            box.focus()
            box.cursor_position = len(box.value)

        self.app.push_screen(TagChoiceScreen(t(label)), chosen)

    # ---- export and a campaign -------------------------------------------------------------------

    def action_export(self) -> None:
        query = self.typed_query()
        outreach = self.app.desk.outreach

        def done(exported: Exported) -> None:
            key = "outreach.exported.full" if exported.full_numbers else "outreach.exported.masked"
            self.notify(t(key, count=exported.count, file=str(exported.path)), timeout=10)

        self.write(lambda: outreach.export(query), done, refused=self._export_refused)

    def _export_refused(self, error: DeskError) -> bool:
        self._say(error.message, bad=True)
        return True

    def action_start_campaign(self, typed: CampaignTyped | None = None, message: str = "") -> None:
        if self.result is None or not self.result.count:
            self._say(t("outreach.nobody"), bad=True)
            return
        self.app.push_screen(CampaignDialog(self.result.count, typed=typed, message=message), self._start)

    def _start(self, typed: CampaignTyped | None) -> None:
        if typed is None:
            return
        from frontdesk.outreach.campaigns import CampaignInput

        query, outreach = self.typed_query(), self.app.desk.outreach
        entered = CampaignInput(title=typed.title, purpose=typed.purpose, script=typed.script)

        def started(campaign_id) -> None:
            from screens.outreach.campaign import CampaignScreen

            self.notify(t("outreach.started", title=typed.title.strip()), timeout=6)
            self.app.pop_screen()
            self.app.push_screen(CampaignScreen(campaign_id))

        def refused(error: DeskError) -> bool:
            self.action_start_campaign(typed, error.message)
            return True

        self.write(lambda: outreach.start(entered, query), started, refused=refused,
                   notice=t("outreach.started", title=typed.title.strip()))
