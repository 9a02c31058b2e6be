"""The desk's areas and the keys that open them from every screen (F2 … F10, ctrl+o, ctrl+y).

Each area's key is an app binding, so it works wherever the officer is (not in a
dialog: a dialog is answered first). Every F-key has an alt- key beside it
(alt and the F-key's number, alt+0 for F10) for a terminal that keeps F-keys for
itself; both can be changed in config.toml's [keys] table by the binding id
(screens.shell.keymap). Opening an area goes back to the desk first, keeping
what was typed (a case form's draft, a shift's counts, the handover's note), or
back to the area's own screen when it is already open underneath: the screens
never stack up. A key the officer's role may not use says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Iterable

from textual.app import SystemCommand
from textual.binding import Binding

from frontdesk.i18n import t

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class Area:
    id: str
    """The binding id (config.toml's [keys]) and the app's action: action_<id>."""
    keys: str
    label: str
    tip: str
    opens: str
    """module:Class of the area's screen."""
    needs: str | None = None
    """What the officer's role must allow (frontdesk.access.roles), if anything."""

    @property
    def screen_class(self) -> type:
        module, name = self.opens.split(":")
        return getattr(import_module(module), name)


AREAS: tuple[Area, ...] = (
    Area("new_case", "f2,alt+2", "area.new_case", "key.new_case.tip", "screens.cases.form:CaseFormScreen"),
    Area("case_list", "f4,alt+4", "area.case_list", "key.case_list.tip", "screens.cases.listing:CaseListScreen"),
    Area("handoffs", "f5,alt+5", "area.handoffs", "key.handoffs.tip", "screens.handoffs.queues:HandoffQueueScreen"),
    Area("patrols", "f6,alt+6", "area.patrols", "patrol.key.patrols.tip", "screens.patrols.overview:PatrolScreen"),
    Area("repeat_reporters", "f7,alt+7", "area.repeat_reporters", "key.repeat_reporters.tip",
         "screens.callers.repeat_reporters:RepeatReportersScreen"),
    Area("disputes", "f11,alt+d", "area.disputes", "dispute.key.disputes.tip",
         "screens.disputes.review:DisputeReviewScreen"),
    Area("outreach", "alt+o", "area.outreach", "outreach.key.outreach.tip",
         "screens.outreach.campaigns:OutreachScreen"),
    Area("handover", "ctrl+o", "area.handover", "key.handover.tip", "screens.reports.handover:HandoverScreen"),
    Area("clusters", "ctrl+b", "area.clusters", "key.clusters.tip", "screens.cases.clusters:ClusterScreen"),
    Area("sync", "ctrl+y", "area.sync", "sync.screen.key.sync.tip", "screens.sync.exchange:SyncScreen"),
    Area("reports", "f8,alt+8", "area.reports", "stats.key.reports.tip", "screens.reports.statistics:StatisticsScreen",
         needs="reports"),
    Area("audit", "f9,alt+9", "area.audit", "key.audit.tip", "screens.access.audit:AuditScreen", needs="read_audit"),
    Area("officers", "f10,alt+0", "area.officers", "key.officers.tip", "screens.access.officers:OfficersScreen",
         needs="unlock_officer"),
)

AREA_BY_ID = {area.id: area for area in AREAS}


def area_bindings() -> list[Binding]:
    """The app's bindings for the areas: out of the footer (the desk's own footer shows them), in F1 and ctrl+p."""
    return [Binding(area.keys, area.id, area.label, tooltip=area.tip, id=area.id, show=False) for area in AREAS]


class AreaKeys:
    """Mixin for the app: action_<area id> opens the area from wherever the officer is."""

    def offers(self, action: str) -> bool:
        """Whether the footer, F1 and ctrl+p offer `action` (an area the role may not use is not offered)."""
        area = AREA_BY_ID.get(action)
        return area is None or self.desk is None or self.area_allowed(area)  # type: ignore[attr-defined]

    def area_allowed(self, area: Area) -> bool:
        desk = self.desk  # type: ignore[attr-defined]
        return desk is not None and (area.needs is None or desk.access.may(area.needs))

    def open_area(self, name: str) -> None:
        area = AREA_BY_ID[name]
        if self.desk is None:  # type: ignore[attr-defined]
            self.notify(t("desk.not_ready"), severity="warning")  # type: ignore[attr-defined]
            return
        if not self.area_allowed(area):
            # Every guarded area needs a supervisor (frontdesk.access.roles.NEEDS).
            self.notify(t("keys.only.supervisor", area=t(area.label)), severity="warning")  # type: ignore[attr-defined]
            return
        wanted = area.screen_class
        stack = self.screen_stack  # type: ignore[attr-defined]
        if isinstance(stack[-1], wanted):
            return  # already here
        already = any(isinstance(screen, wanted) for screen in stack)
        # Back down the stack to the area's screen, or to the desk (always second, above Textual's own),
        # each screen leaving keeping what was typed on it.
        while len(self.screen_stack) > 2 and not isinstance(self.screen, wanted):  # type: ignore[attr-defined]
            keep = getattr(self.screen, "keep_for_later", None)  # type: ignore[attr-defined]
            if keep is not None:
                keep()
            self.pop_screen()  # type: ignore[attr-defined]
        if not already:
            self.push_screen(wanted())  # type: ignore[attr-defined]

    def area_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The areas the officer may open, for the palette, each with the key it has."""
        for area in AREAS:
            if self.area_allowed(area):
                yield SystemCommand(t(area.label), with_key(t(area.tip), area.id, screen),
                                    lambda name=area.id: self.open_area(name))

    # One action per area: the binding's action, so F1 groups its keys on one line.
    def action_new_case(self) -> None:
        self.open_area("new_case")

    def action_case_list(self) -> None:
        self.open_area("case_list")

    def action_handoffs(self) -> None:
        self.open_area("handoffs")

    def action_patrols(self) -> None:
        self.open_area("patrols")

    def action_repeat_reporters(self) -> None:
        self.open_area("repeat_reporters")

    def action_disputes(self) -> None:
        self.open_area("disputes")

    def action_outreach(self) -> None:
        self.open_area("outreach")

    def action_handover(self) -> None:
        self.open_area("handover")

    def action_clusters(self) -> None:
        self.open_area("clusters")

    def action_sync(self) -> None:
        self.open_area("sync")

    def action_reports(self) -> None:
        self.open_area("reports")

    def action_audit(self) -> None:
        self.open_area("audit")

    def action_officers(self) -> None:
        self.open_area("officers")


def with_key(text: str, action: str, screen: Screen) -> str:
    """`text` with the keys in force for `action` on `screen` ("… · f2 / alt+2"), for the palette."""
    keys = keys_for(screen, action)
    return f"{text}  ·  {keys}" if keys else text


def keys_for(screen: Screen, action: str) -> str:
    """The keys that run `action` on `screen` now, as the footer writes them ("F2 / alt+2")."""
    shown: list[str] = []
    for active in screen.active_bindings.values():
        if active.binding.action.removeprefix("app.") == action and active.node in (screen, screen.app):
            text = screen.app.get_key_display(active.binding)
            if text not in shown:
                shown.append(text)
    return " / ".join(shown)
