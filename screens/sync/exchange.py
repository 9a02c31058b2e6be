"""ctrl+y: this desk's place among the sites, bundles out and in, and what sync left to settle.

e writes a bundle (an outpost's goes to the station; the station's to the
outpost highlighted in the list); i imports one, the newest file in sync/in
offered first; c opens the conflicts. Every database call runs off the UI thread
(screens.shell.work).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, ProgressBar

from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from screens.shell.bounded import BoundedInput
from screens.shell.base import DeskScreenBase
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Static
from screens.shell.widgets import DeskHeader, Panel

if TYPE_CHECKING:
    from frontdesk.sync.exporting import Exported
    from frontdesk.sync.importing import Imported
    from frontdesk.sync.overview import SyncState

#: Label column of the two panels, in terminal cells (a CJK character takes two).
LABEL_CELLS = 18


def _exported_text(done: Exported) -> str:
    return t("sync.screen.exported", site=done.to_site, path=done.path, total=done.total, count=done.total)


def label_line(label: str, value: str | int, *, alert: bool = False) -> Text:
    """`label   value`, the values of a panel lined up in both languages."""
    text = Text(label + " " * max(1, LABEL_CELLS - cell_len(label)))
    text.append(str(value), style="bold red" if alert else "bold")
    return text


def typed_path(text: str) -> Path | None:
    """The path as typed or pasted (quotes and a leading ~ allowed); None if nothing was typed."""
    cleaned = text.strip().strip("'\"").strip()
    return Path(cleaned).expanduser() if cleaned else None


class SyncScreen(DeskScreenBase):
    CSS_PATH = "exchange.tcss"
    HELP_KEY = "help.sync"
    ESCAPE_LEAVES_TEXT_BOX = True
    AUTO_FOCUS = "#sync-peers"

    BINDINGS = [
        Binding("e", "export", "sync.screen.key.export", tooltip="sync.screen.key.export.tip", id="sync_export"),
        Binding("i", "import", "sync.screen.key.import", tooltip="sync.screen.key.import.tip", id="sync_import"),
        Binding("c", "conflicts", "sync.screen.key.conflicts", tooltip="sync.screen.key.conflicts.tip",
                id="sync_conflicts"),
        Binding("ctrl+r", "refresh", "key.refresh", tooltip="key.refresh.tip", id="refresh"),
        Binding("escape", "back", "key.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: SyncState | None = None
        #: True while a bundle is being written or imported: one at a time.
        self.busy = False

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="sync-panels"):
            yield Panel("sync.screen.panel.site", Static("…", id="sync-site"), id="sync-site-panel")
            yield Panel("sync.screen.panel.waiting", Static("…", id="sync-waiting"), id="sync-waiting-panel")
        yield Label(t("sync.screen.peers"), classes="sync-section")
        peers = FittedTable(id="sync-peers", cursor_type="row", zebra_stripes=True)
        peers.set_columns([
            ColumnSpec("site", t("sync.screen.col.site"), priority=0, keep=True),
            ColumnSpec("name", t("sync.screen.col.name"), priority=1, minimum=8),
            ColumnSpec("fingerprint", t("sync.screen.col.fingerprint"), priority=4, minimum=19),  # whole or not at all
            ColumnSpec("unsent", t("sync.screen.col.unsent"), priority=2, minimum=6, short=t("sync.screen.col.unsent.short")),
            ColumnSpec("last_in", t("sync.screen.col.last_in"), priority=0, keep=True),
            ColumnSpec("last_out", t("sync.screen.col.last_out"), priority=0, keep=True),
        ])
        yield peers
        with Horizontal(id="sync-import"):
            yield Label(t("sync.screen.file"), id="sync-path-label")
            yield BoundedInput(id="sync-path", placeholder=t("sync.screen.file.placeholder"), compact=True)
        yield ProgressBar(total=None, show_eta=False, id="sync-progress")
        yield Static("", id="sync-message")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    @on(events.ScreenResume)
    def _back_from_conflicts(self) -> None:
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("export", "import") and self.busy:
            return None  # shown, greyed out, until the bundle in hand is done
        return super().check_action(action, parameters)

    # ---- what this desk holds -------------------------------------------------------------

    def action_refresh(self) -> None:
        self.load()

    def load(self) -> None:
        self.read(self.app.desk.sync.state, self.show)

    def show(self, state: SyncState) -> None:
        self.state = state
        zone = self.app.desk.zone
        self.query_one("#sync-site", Static).update(Text("\n").join([
            label_line(t("sync.screen.site"), f"{state.site} · {t(f'sync.kind.{state.kind}')}"),
            label_line(t("sync.screen.fingerprint"), state.fingerprint),
            label_line(t("sync.screen.own_changes"), state.own_changes),
        ]))
        self.query_one("#sync-waiting", Static).update(Text("\n").join([
            label_line(t("sync.screen.open_conflicts"), state.open_conflicts, alert=state.open_conflicts > 0),
            label_line(t("sync.screen.kept_for_station"), state.kept_for_station),
        ]))
        table = self.query_one("#sync-peers", FittedTable)
        row = table.cursor_row
        never = Text(t("sync.never"), style="dim")
        table.set_rows([(
            peer.site, peer.name, peer.fingerprint,
            Text(str(peer.unsent), style="bold" if peer.unsent else ""),
            local_text(peer.last_in, zone) if peer.last_in else never,
            local_text(peer.last_out, zone) if peer.last_out else never,
        ) for peer in state.peers], keys=[peer.site for peer in state.peers])
        if state.peers:
            table.move_cursor(row=min(max(row, 0), len(state.peers) - 1))
        elif not self.query_one("#sync-message", Static).content:
            self.say(t("sync.screen.no_peers"))

    def say(self, text: str, *, error: bool = False) -> None:
        self.query_one("#sync-message", Static).update(text)
        self.query_one("#sync-message").set_class(error, "-error")

    # ---- e: a bundle out ----------------------------------------------------------------------

    def export_target(self) -> str | None:
        """The site the bundle is for: an outpost's station, or the station's highlighted outpost."""
        state = self.state
        if state is None or not state.peers:
            return None
        if state.kind != "station" and len(state.peers) == 1:
            return state.peers[0].site
        table = self.query_one("#sync-peers", DataTable)
        if 0 <= table.cursor_row < len(state.peers):
            return state.peers[table.cursor_row].site
        return None

    def action_export(self) -> None:
        if self.busy or self.state is None:
            return
        site = self.export_target()
        if site is None:
            why = t("sync.screen.export_no_peers") if not self.state.peers else t("sync.screen.pick_peer")
            self.say(why, error=True)
            self.notify(why, severity="warning")
            return
        self._busy(True)
        self.say(t("sync.screen.exporting", site=site))
        sync = self.app.desk.sync
        self.write(lambda: sync.export(site), self._exported,
                   refused=lambda error: self._bundle_refused(error, import_=False), notice=_exported_text,
                   failed=lambda _error: self._bundle_ended(import_=False))

    # ---- i: a bundle in -------------------------------------------------------------------------

    def action_import(self) -> None:
        if self.busy:
            return
        self.add_class("-importing")
        path_input = self.query_one("#sync-path", Input)
        path_input.focus()
        if not path_input.value:
            sync = self.app.desk.sync
            self.read(lambda: (sync.waiting_bundles(), sync.folder / "in"), self._offer_waiting, key="waiting",
                      refused=self._say_refused)

    def _offer_waiting(self, found: tuple[list[Path], Path]) -> None:
        waiting, inbox = found
        path_input = self.query_one("#sync-path", Input)
        if path_input.value:
            return  # the officer typed meanwhile
        if waiting:
            path_input.value = str(waiting[0])
            path_input.cursor_position = len(path_input.value)
        else:
            self.say(t("sync.screen.none_waiting", folder=inbox))

    @on(Input.Submitted, "#sync-path")
    def _path_given(self, event: Input.Submitted) -> None:
        if self.busy:
            return
        path = typed_path(event.value)
        if path is None:
            self.say(t("sync.screen.path_needed"), error=True)
            return
        self._busy(True)
        bar = self.query_one("#sync-progress", ProgressBar)
        bar.update(total=None, progress=0)
        self.add_class("-running")
        self.say(t("sync.screen.checking", name=path.name))
        self.import_bundle(path)

    def import_bundle(self, path: Path) -> None:
        sync, app = self.app.desk.sync, self.app

        def progress(done: int, total: int) -> None:
            app.call_from_thread(self._progress, done, total)

        self.write(lambda: sync.import_bundle(path, progress), self._imported,
                   refused=lambda error: self._bundle_refused(error, import_=True), notice=self.imported,
                   failed=lambda _error: self._bundle_ended(import_=True))

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#sync-progress", ProgressBar).update(total=max(total, 1), progress=done)

    def imported(self, result: Imported) -> str:
        """The officer's summary of an import."""
        if result.repeated:
            return t("sync.screen.repeated", site=result.sender)
        text = t("sync.screen.imported", site=result.sender, total=result.total, count=result.total, applied=result.applied,
                 already=result.already, conflicts=result.conflicts, kept=result.kept_for_station,
                 same=result.same_person)
        if result.conflicts or result.same_person:
            text += " " + t("sync.screen.settle_hint")
        return text

    # ---- a bundle done --------------------------------------------------------------------------

    def _busy(self, busy: bool) -> None:
        self.busy = busy
        self.query_one("#sync-path", Input).disabled = busy
        self.refresh_bindings()

    def _exported(self, done: Exported) -> None:
        self._busy(False)
        self.say(_exported_text(done))
        self.load()

    def _imported(self, result: Imported) -> None:
        self._busy(False)
        self.remove_class("-running", "-importing")
        self.query_one("#sync-path", Input).value = ""
        self.query_one("#sync-peers", DataTable).focus()
        self.say(self.imported(result))
        self.load()

    def _bundle_ended(self, *, import_: bool) -> None:
        """A bundle that went nowhere: the keys are back, what was typed is still there."""
        self._busy(False)
        self.remove_class("-running")
        if import_:
            self.query_one("#sync-path", Input).focus()

    def _bundle_refused(self, error: DeskError, *, import_: bool) -> bool:
        """A refused bundle (or a bundle that cannot be written) is said on the screen: nothing changed."""
        self._bundle_ended(import_=import_)
        return self._say_refused(error)

    def _say_refused(self, error: DeskError) -> bool:
        self.say(error.message, error=True)
        return True

    # ---- c, Esc -----------------------------------------------------------------------------------

    def action_conflicts(self) -> None:
        from screens.sync.conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen())

    def action_back(self) -> None:
        """Esc in the file field puts the import away; Esc elsewhere goes back to the desk."""
        if self.has_class("-importing") and not self.busy and self.query_one("#sync-path", Input).has_focus:
            self.remove_class("-importing")
            self.query_one("#sync-peers", DataTable).focus()
            return
        if not self.busy:
            self.app.pop_screen()
