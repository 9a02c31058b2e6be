"""Tonight's patrol on the desk: each shift, who is out on patrol, who has not come yet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from frontdesk.i18n import DeskError, labelled, parenthesised, t
from frontdesk.timefmt import local_text
from screens.shell.plain import Static
from screens.shell.work import DeskWork

if TYPE_CHECKING:
    from frontdesk.patrols.desk import Tonight
    from frontdesk.patrols.views import TonightShift


def names_within(label: str, names: tuple[str, ...], cells: int) -> str:
    """`label (n): name name …` (in the language's brackets and colon) cut to `cells` terminal cells, saying how many were left out."""
    head = labelled(parenthesised(label, len(names)), "")
    shown: list[str] = []
    for index, name in enumerate(names):
        rest = len(names) - index - 1
        tail = f" +{rest}" if rest else ""
        if cell_len(head + " ".join([*shown, name]) + tail) > cells:
            return head + " ".join(shown) + f" +{len(names) - len(shown)}"
        shown.append(name)
    return head + (" ".join(shown) if shown else "—")


class TonightPatrol(DeskWork, Static):
    """A few lines under the desk's figures; refreshed with them."""

    #: Tonight as last read: drawn again to the widget's new size.
    tonight: Tonight | None = None

    DEFAULT_CSS = """
    TonightPatrol { height: auto; margin: 1 2 0 2; }
    """

    def refresh_tonight(self) -> None:
        desk = self.app.desk
        if desk is None:
            return

        def tonight() -> Tonight | Exception:
            # A failure is shown in these lines, in place of the patrols, not in a dialog over the desk.
            try:
                return desk.patrols.tonight()
            except Exception as error:  # noqa: BLE001
                return error

        self.read(tonight, self._loaded)

    def _loaded(self, tonight: Tonight | Exception) -> None:
        if isinstance(tonight, Exception):
            message = tonight.message if isinstance(tonight, DeskError) else type(tonight).__name__
            self.tonight = None
            self.update(t("patrol.tonight.failed", message=message))
        else:
            self.tonight = tonight
            self.update(self.render_shifts(tonight))

    def on_resize(self) -> None:
        if self.tonight is not None:
            self.update(self.render_shifts(self.tonight))

    def render_shifts(self, tonight: Tonight) -> Text:
        """Each shift with its names; where the lines do not fit (a 24-row terminal leaves two), a line a shift."""
        text = self._with_names(tonight)
        rows = self.size.height
        if rows and len(text.split("\n")) > rows:
            return self._line_a_shift(tonight, rows)
        return text

    @staticmethod
    def _title(tonight: Tonight, text: Text | None = None) -> Text:
        """The panel's title and how many shifts are to review: a line of its own, or the start of `text`."""
        title = t("patrol.tonight.title")
        if text is None:
            text = Text(title, style="bold")
        else:
            text.append(title, style="bold")
        if tonight.to_review:
            text.append("  " + t("patrol.tonight.to_review", count=tonight.to_review), style="bold red")
        return text

    def _shift_head(self, shift: TonightShift, text: Text | None = None, *, area: str | None = None) -> Text:
        """A shift's team, times, `area` (where given: after the times), state and review flag; a line of its own
        (bold throughout, its counts to follow), or appended to `text`."""
        zone = self.app.desk.zone
        if text is None:
            text = Text(shift.team, style="bold")
        else:
            text.append(shift.team, style="bold")
        text.append(f"  {local_text(shift.planned_start, zone)[11:]}–{local_text(shift.planned_end, zone)[11:]}  "
                    + ("" if area is None else f"{area}  "))
        text.append(t(f"patrol.state.{shift.state}"), style="green" if shift.state == "on_patrol" else "")
        if shift.needs_review:
            text.append(" · " + t("patrol.review_flag"), style="bold red")
        return text

    def _line_a_shift(self, tonight: Tonight, rows: int) -> Text:
        """One line a shift, with how many are out and how many not come: every shift of tonight is named, or the
        last line says how many more (at 24 rows the second shift and its names were cut off without a word)."""
        shifts = tonight.shifts
        lines: list[Text] = []
        if len(shifts) < rows:
            lines.append(self._title(tonight))
        room = rows - len(lines)
        shown = shifts if len(shifts) <= room else shifts[:room - 1]
        for shift in shown:
            line = self._shift_head(shift)
            if shift.state == "ended":
                line.append("  " + t("patrol.tonight.counts_ended", came=len(shift.left) + len(shift.on_patrol),
                                     never=len(shift.not_yet)), style="dim")
            else:
                line.append("  " + t("patrol.tonight.counts", out=len(shift.on_patrol), not_yet=len(shift.not_yet)),
                            style="yellow" if shift.not_yet else "green")
            line.append(f"  {shift.area}")  # last: what a narrow line cuts
            lines.append(line)
        if len(shown) < len(shifts):  # the rest on the last row, by team and state
            rest = " · ".join(f"{shift.team} {t(f'patrol.state.{shift.state}')}" for shift in shifts[len(shown):])
            lines.append(Text(t("patrol.tonight.more", count=len(shifts) - len(shown), shifts=rest) if shown else rest))
        if self.size.width:  # a line a shift, cut at the edge with "…", never wrapped onto the next shift's row
            for line in lines:
                line.truncate(self.size.width, overflow="ellipsis")
        return Text("\n").join(lines)

    def _with_names(self, tonight: Tonight) -> Text:
        text = self._title(tonight, Text(no_wrap=True, overflow="ellipsis"))
        if not tonight.shifts:
            text.append("  " + t("patrol.tonight.none"), style="dim")
            return text
        width = max(40, self.size.width - 4 if self.size.width else 100)
        for shift in tonight.shifts:
            text.append("\n")
            self._shift_head(shift, text, area=shift.area)
            half = max(20, (width - 2) // 2)
            text.append("\n  ")
            came = names_within(t("patrol.tonight.in"), shift.on_patrol, half - 2)
            text.append(came + " " * max(2, half - cell_len(came)), style="green")
            # Once the shift has ended, those not come were never checked in (as its own screen says), not waited for.
            ended = shift.state == "ended"
            text.append(names_within(t("patrol.tonight.never_came" if ended else "patrol.tonight.not_yet"),
                                     shift.not_yet, half), style="dim" if ended else "yellow")
            extra = []
            if shift.left:
                extra.append(names_within(t("patrol.tonight.left"), shift.left, half))
            if shift.no_shows:
                extra.append(t("patrol.tonight.no_shows", count=shift.no_shows))
            if extra:
                text.append("\n  " + "   ".join(extra), style="dim")
        return text
