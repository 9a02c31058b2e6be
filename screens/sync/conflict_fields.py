"""One record edited at two sites, field by field: the common version, ours, theirs, and what to take.

The proposal takes each field from the side that changed it; where both did,
the officer chooses (o / ← this site's, t / → the other site's). ctrl+s settles
the record (supervisors): the result is a new version that travels to every site.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding

from frontdesk.i18n import DeskError, catalogue, labelled, t
from frontdesk.timefmt import local_text
from frontdesk.validation import mask_phone, mask_resident_id
from screens.shell.base import DeskScreenBase
from screens.shell.columns import cell_width
from screens.shell.name_cuts import ellipsize
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Static
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.sync.conflicts import ConflictItem, FieldChoice

#: Columns nobody needs to read to decide (derived search keys, the password hash).
HIDDEN = frozenset({"password_hash", "resident_id_reversed", "digits_reversed", "name_pinyin", "name_initials"})
PHONES = frozenset({"e164", "phone_e164"})
#: Codes of a case shown in the officer's words.
WORDS = {"status": "status", "channel": "channel", "disposition": "disposition"}
UUID_TEXT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MOMENT_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
#: A value in the table: this many cells a line, at most this many lines (the panel below shows it whole).
VALUE_CELLS = 24
VALUE_LINES = 3
#: The panel below shows at most this much of a long text.
DETAIL_CHARS = 400


def table_label(table: str) -> str:
    key = f"sync.table.{table}"
    return t(key) if key in catalogue() else table


def field_label(table: str, name: str) -> str:
    """A column's name in the officer's language: the form's label where there is one, else the column."""
    for key in (f"sync.field.{table}.{name}", f"sync.field.{name}", f"field.{name}"):
        if key in catalogue():
            return t(key)
    return name


def value_text(table: str, name: str, value: Any, zone: ZoneInfo) -> str:
    """A stored value as the officer reads it: times local and short, ids short, numbers masked."""
    if name in HIDDEN:
        return t("sync.screen.hidden")
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return t("sync.screen.yes") if value else t("sync.screen.no")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    text = str(value)
    try:
        if name in PHONES:
            return mask_phone(text)
        if name == "resident_id":
            return mask_resident_id(text)
    except (ValueError, IndexError):
        return text
    if UUID_TEXT.match(text):
        return text[:8] + "…"
    if MOMENT_TEXT.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        return local_text(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc), zone)
    kind = WORDS.get(name) if table == "case" else None
    if kind and f"{kind}.{text}" in catalogue():
        return t(f"{kind}.{text}")
    return text


def fit(text: str, cells: int = VALUE_CELLS, lines: int = VALUE_LINES) -> str:
    """`text` on one line per `cells` cells (at a space where one is near), at most `lines`, … if cut."""
    words = " ".join(text.split())
    out: list[str] = []
    line = ""
    for index, char in enumerate(words):
        if cell_len(line) + cell_len(char) <= cells:
            line += char
            continue
        cut = line.rfind(" ")
        if char != " " and cut > cells // 2:
            out.append(line[:cut])
            line = line[cut + 1:] + char
        else:
            out.append(line.rstrip())
            line = char.lstrip()
        if len(out) == lines:
            last = out[-1]
            while last and cell_len(last) > cells - 1:
                last = last[:-1]
            out[-1] = last + "…"
            return "\n".join(out)
    if line or not out:
        out.append(line)
    return "\n".join(out)


class ConflictFieldsScreen(DeskScreenBase):
    CSS_PATH = "conflicts.tcss"
    HELP_KEY = "help.sync_fields"
    AUTO_FOCUS = "#conflict-fields"
    GUARDED = {"take": "resolve_sync_conflict", "resolve": "resolve_sync_conflict"}

    BINDINGS = [
        Binding("o", "take('ours')", "sync.screen.key.ours", tooltip="sync.screen.key.ours.tip", id="sync_ours"),
        Binding("t", "take('theirs')", "sync.screen.key.theirs", tooltip="sync.screen.key.theirs.tip",
                id="sync_theirs"),
        # Priority: the table would otherwise take ← and → to scroll sideways.
        Binding("left", "take('ours')", "sync.screen.key.ours", tooltip="sync.screen.key.ours.tip",
                id="sync_ours_arrow", show=False, priority=True),
        Binding("right", "take('theirs')", "sync.screen.key.theirs", tooltip="sync.screen.key.theirs.tip",
                id="sync_theirs_arrow", show=False, priority=True),
        Binding("ctrl+s", "resolve", "sync.screen.key.resolve", tooltip="sync.screen.key.resolve.tip",
                id="sync_resolve"),
        Binding("escape", "back", "key.back", id="back"),
    ]

    def __init__(self, conflict_id: uuid.UUID) -> None:
        super().__init__()
        self.conflict_id = conflict_id
        self.item: ConflictItem | None = None
        #: field -> "ours" | "theirs", as the officer has chosen so far (else as proposed).
        self.choices: dict[str, str] = {}
        self.saving = False
        self.headers: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("detail.loading"), id="conflict-title")
        yield Static("", id="conflict-hint")
        yield DataTable(id="conflict-fields", cursor_type="row", zebra_stripes=True)
        yield Static("", id="conflict-detail")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed and action in ("take", "resolve") and (self.item is None or self.item.status != "open"
                                                          or self.saving):
            return False  # read-only: with the station, or settled, or being settled
        return allowed

    def load(self) -> None:
        sync, conflict_id = self.app.desk.sync, self.conflict_id
        self.read(lambda: sync.conflict(conflict_id), self.show, refused=self._refused)

    def show(self, item: ConflictItem) -> None:
        self.item = item
        self.choices = {field.name: field.proposed for field in item.fields}
        zone = self.app.desk.zone
        here = self.app.desk.actor.site
        what = table_label(item.table_name)
        title = self.query_one("#conflict-title", Static)
        hint = self.query_one("#conflict-hint", Static)
        if item.status == "at_station":
            title.update(t("sync.screen.fields.at_station", table=what, label=item.label))
            hint.update("")
        else:
            title.update(t("sync.screen.fields.title", table=what, label=item.label, site=item.origin_site,
                           when=local_text(item.found_at, zone)))
            allowed = self.app.desk.access.may("resolve_sync_conflict")
            hint.update(t("sync.screen.fields.hint") if allowed else t("sync.screen.fields.read_only"))
            hint.set_class(not allowed, "-read-only")
        self.headers = (t("sync.screen.col.field"), t("sync.screen.col.base"), t("sync.screen.col.ours", site=here),
                        t("sync.screen.col.theirs", site=item.origin_site), t("sync.screen.col.changed"),
                        t("sync.screen.col.taking"))
        self._fill()
        self.refresh_bindings()

    def _fill(self) -> None:
        item = self.item
        table = self.query_one("#conflict-fields", DataTable)
        row = table.cursor_row
        table.clear(columns=True)  # the columns too: on a new width the values are folded again
        table.add_columns(*(ellipsize(header, cells) for header, cells in
                            zip(self.headers, (99, *[self._value_cells()] * 3, 99, 99))))
        zone = self.app.desk.zone
        for field in item.fields:
            taking = self.choices[field.name]
            shown = {side: fit(value_text(item.table_name, field.name, getattr(field, side), zone), self._value_cells())
                     for side in ("base", "ours", "theirs")}
            ours = Text(shown["ours"], style="bold" if taking == "ours" else "dim")
            theirs = Text(shown["theirs"], style="bold" if taking == "theirs" else "dim")
            if field.changed_by == "both":
                changed = Text(t("sync.screen.both_mark"), style="bold black on yellow")
            else:
                changed = Text(t(f"sync.screen.changed.{field.changed_by}"))
            chosen = Text(t(f"sync.screen.taking.{taking}"), style="bold")
            table.add_row(Text(field_label(item.table_name, field.name), style="bold"), Text(shown["base"]),
                          ours, theirs, changed, chosen, height=None, key=field.name)
        if item.fields:
            table.move_cursor(row=min(max(row, 0), len(item.fields) - 1))
        self._describe()

    def _value_cells(self) -> int:
        """How wide each of the three versions is folded: VALUE_CELLS, or what the width leaves them."""
        table = self.query_one("#conflict-fields", DataTable)
        room = table.content_region.width - table.styles.scrollbar_size_vertical
        if self.item is None or room <= 0:
            return VALUE_CELLS
        labels = [field_label(self.item.table_name, f.name) for f in self.item.fields]
        changed = [t(f"sync.screen.changed.{f.changed_by}") if f.changed_by != "both" else t("sync.screen.both_mark")
                   for f in self.item.fields]
        taking = [t(f"sync.screen.taking.{side}") for side in ("ours", "theirs")]
        fixed = sum(max(map(cell_width, [header, *cells])) + 2 * table.cell_padding for header, cells in
                    ((self.headers[0], labels), (self.headers[4], changed), (self.headers[5], taking)))
        return max(8, min(VALUE_CELLS, (room - fixed) // 3 - 2 * table.cell_padding))

    def on_resize(self, event: events.Resize) -> None:
        if self.item is not None:
            self.call_after_refresh(self._fill)  # once the table has its new width

    def current(self) -> FieldChoice | None:
        if self.item is None:
            return None
        row = self.query_one("#conflict-fields", DataTable).cursor_row
        return self.item.fields[row] if 0 <= row < len(self.item.fields) else None

    @on(DataTable.RowHighlighted, "#conflict-fields")
    def _highlighted(self) -> None:
        self._describe()

    def _describe(self) -> None:
        """Below the table: the highlighted field's three versions in full (long texts cut here only)."""
        field = self.current()
        detail = self.query_one("#conflict-detail", Static)
        if field is None:
            detail.update("")
            return
        zone = self.app.desk.zone
        text = Text()
        for side in ("base", "ours", "theirs"):
            value = value_text(self.item.table_name, field.name, getattr(field, side), zone)
            if len(value) > DETAIL_CHARS:
                value = value[:DETAIL_CHARS] + "…"
            if side != "base":
                text.append("\n")
            text.append(labelled(t(f"sync.screen.detail.{side}"), ""), style="bold")
            text.append(value)
        detail.update(text)

    def action_take(self, side: str) -> None:
        field = self.current()
        if field is None or side not in ("ours", "theirs"):
            return
        self.choices[field.name] = side
        self._fill()

    def action_resolve(self) -> None:
        if self.item is None or self.saving:
            return
        self.saving = True
        self.refresh_bindings()
        self.resolve(dict(self.choices))

    def resolve(self, choices: dict[str, str]) -> None:
        sync, conflict_id, label = self.app.desk.sync, self.conflict_id, self.item.label
        # Failing otherwise, the keys are back before the error dialog shows.
        self.write(lambda: sync.resolve(conflict_id, choices), lambda _: self._resolved(), refused=self._refused,
                   notice=t("sync.screen.resolved", label=label), failed=lambda _error: self._not_saving())

    def _not_saving(self) -> None:
        self.saving = False
        self.refresh_bindings()

    def _resolved(self) -> None:
        self.notify(t("sync.screen.resolved", label=self.item.label))
        self.dismiss()

    def _refused(self, error: DeskError) -> bool:
        """Refused (settled at another desk meanwhile, or not the officer's to settle): said here."""
        self._not_saving()
        self.notify(error.message, severity="error", timeout=8)
        hint = self.query_one("#conflict-hint", Static)
        hint.update(error.message)
        hint.add_class("-read-only")
        return True

    def action_back(self) -> None:
        if not self.saving:
            self.dismiss()
