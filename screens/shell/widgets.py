"""Widgets the desk screens share: the header with the clock, figure panels."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widget import Widget

from frontdesk.i18n import parenthesised, t
from frontdesk.timefmt import local_text
from screens.shell.name_cuts import ellipsize
from screens.shell.plain import Label, Static

class DeskHeader(Widget):
    """Station, officer on duty and the local time, on one line."""

    DEFAULT_CSS = """
    DeskHeader {
        dock: top;
        height: 1;
        background: $primary;
        color: $text;
        layout: horizontal;
    }
    DeskHeader > Label { padding: 0 1; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    DeskHeader > #header-station { width: 1fr; min-width: 12; text-style: bold; }
    DeskHeader > #header-officer { width: auto; }
    DeskHeader > #header-clock { width: auto; }
    DeskHeader.-closed > #header-officer, DeskHeader.-closed > #header-clock { display: none; }
    """

    station = reactive("", layout=True)
    officer = reactive("", layout=True)
    clock_text = reactive("")

    #: (station, officer) as the header may show them, the fullest first (show_who).
    forms: tuple[tuple[str, str], ...] = ()

    def compose(self) -> ComposeResult:
        yield Label(id="header-station")
        yield Label(id="header-officer")
        yield Label(id="header-clock")

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1, self.tick)
        # Not self.watch(self.app, "desk", …): the app keeps such a watcher, and with it this header and
        # its screen, until the desk changes again (a sign-in), so every screen ever closed stayed in
        # memory. The app tells the headers on its screens instead (FrontDeskApp.watch_desk).
        self.show_who(self.app.desk)

    def show_who(self, desk) -> None:
        """Station and officer: from the database once open, from the config before."""
        if desk is None:  # nobody signed in yet: nothing of the station, only the program's name
            self.forms = ((t("app.title"), ""),)
            self.set_class(True, "-closed")
        else:
            self.set_class(False, "-closed")
            duty = desk.on_duty
            station, site = duty.station_name, duty.site_code
            officer = t("desk.header.officer", name=duty.officer_name, badge=duty.badge_no)
            bare = parenthesised(duty.officer_name, duty.badge_no)
            # Narrower, the line drops first the program's name, then "On duty:", then the site code;
            # only then is the station's name cut with "…".
            self.forms = ((f"{t('app.title')} · " + parenthesised(station, site), officer),
                          (parenthesised(station, site), officer), (parenthesised(station, site), bare),
                          (station, bare))
        self.fit_who()

    def fit_who(self) -> None:
        """The most of the station and officer that fits the header's width whole."""
        if not self.forms:
            return  # laid out before it knows who is on duty (show_who fits it then)
        width = self.size.width
        clock = 0 if self.has_class("-closed") else cell_len(self.clock_text) + 2
        for station, officer in self.forms:
            officer_cells = cell_len(officer) + 2 if officer else 0
            if not width or cell_len(station) + 2 + officer_cells + clock <= width:
                break
        self.station, self.officer = station, officer

    def on_resize(self) -> None:
        self.fit_who()

    def tick(self) -> None:
        zone = ZoneInfo(self.app.settings.timezone)
        self.clock_text = local_text(self.app.clock(), zone)

    def watch_station(self, value: str) -> None:
        self.query_one("#header-station", Label).update(value)

    def watch_officer(self, value: str) -> None:
        self.query_one("#header-officer", Label).update(value)

    def watch_clock_text(self, value: str) -> None:
        self.query_one("#header-clock", Label).update(value)


class Figure(Static):
    """One labelled number in a panel; `alert` colours it when it needs action."""

    DEFAULT_CSS = """
    Figure { height: 1; }
    Figure.alert { color: $text-error; text-style: bold; }
    """

    value: reactive[int | str | None] = reactive(None)

    def __init__(self, label_key: str, *, id: str | None = None, alert_above_zero: bool = False) -> None:
        super().__init__(id=id)
        self.label_key = label_key
        self.alert_above_zero = alert_above_zero

    #: Label column width in terminal cells (a CJK character takes two), so the
    #: numbers of a panel line up in both languages.
    LABEL_CELLS = 16

    def render(self) -> Text:
        """The label, cut with "…" when the figure is narrow, then its number, which always shows whole."""
        shown = "…" if self.value is None else str(self.value)
        width = self.size.width or self.LABEL_CELLS + len(shown)
        if width >= self.LABEL_CELLS + cell_len(shown):
            column = self.LABEL_CELLS  # the numbers of a panel in one column
            label = ellipsize(t(self.label_key), column - 1)
        else:  # narrow: the numbers at the right edge, in line; the label gives way
            label = ellipsize(t(self.label_key), max(1, width - cell_len(shown) - 1))
            column = width - cell_len(shown)
        label.append(" " * max(1, column - label.cell_len))
        label.append(shown, style="bold")
        return label

    def on_resize(self) -> None:
        self.refresh()

    def watch_value(self, value: int | str | None) -> None:
        self.set_class(bool(self.alert_above_zero and isinstance(value, int) and value > 0), "alert")


class Panel(Vertical):
    """A bordered group of figures with a title."""

    DEFAULT_CSS = """
    Panel {
        border: round $primary-muted;
        border-title-color: $text-primary;
        height: auto;
        padding: 0 1;
        width: 1fr;
    }
    """

    def __init__(self, title_key: str, *children: Widget, id: str | None = None, short_key: str | None = None) -> None:
        super().__init__(*children, id=id)
        self.titles = (t(title_key), t(short_key) if short_key else t(title_key))
        self.border_title = self.titles[0]

    def on_resize(self) -> None:
        """The title whole, or its short form where the panel is too narrow for it (four panels at 80 columns)."""
        full, short = self.titles
        # The border keeps its corners, a dash before the title, a space either side of it and a dash after.
        self.border_title = full if cell_len(full) <= self.outer_size.width - 5 else short


def field_line(label_key: str, widget: Widget, *, label_text: str | None = None) -> Horizontal:
    """One line of a dialog: the field's name, then a compact widget to type or choose in."""
    widget.compact = True
    return Horizontal(Label(label_text or t(label_key), classes="line-label"), widget, classes="line")
