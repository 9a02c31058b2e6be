"""The import screen's agency lists: for a hotline's or 311 export, each of the file's agencies with its rows and
the body they go to (a receiving body of the station's list, the station itself, or no body), which the officer
changes by keys; an agency not mapped yet says so, in words of its own (its list's blank), not as one given no body.
The choice goes into the mapping the import uses and ctrl+s saves."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.containers import Container
from textual.css.query import NoMatches
from textual.widget import Widget

from frontdesk.i18n import t
from frontdesk.intake.service_requests import NO_BODY, OWN_STATION
from screens.shell.plain import Label, Select

if TYPE_CHECKING:
    from collections import Counter

    from textual.screen import Screen

    from frontdesk.intake.agencies import AgencyList
    from frontdesk.intake.mapping import ServiceRequests


class AgencyChoices:
    """What the screen shows of the file's agencies and what the officer chose for them."""

    def __init__(self) -> None:
        self.listed: AgencyList | None = None
        #: select id -> (the agency, the body its list shows: a code, OWN_STATION, NO_BODY or "" not mapped yet)
        self.selects: dict[str, tuple[str, str]] = {}

    def rows(self) -> Counter | None:
        """The agencies' rows as counted when the file was read (another choice does not change them)."""
        return self.listed.rows if self.listed is not None else None

    def options(self) -> list[tuple[str, str]]:
        bodies = [(body.name, body.code) for body in self.listed.bodies] if self.listed else []
        return bodies + [(t("import.agency.station"), OWN_STATION), (t("import.agency.no_body"), NO_BODY)]

    def lines(self) -> list[Widget]:
        """A heading, then a line per agency, most rows first: its rows, its name, the list of bodies."""
        self.selects = {}
        if self.listed is None or not self.listed.lines:
            return []
        options = self.options()
        codes = {code for _name, code in options}
        widgets: list[Widget] = [Label(t("import.values.agencies"), classes="import-section")]
        for index, line in enumerate(self.listed.lines):
            select_id = f"import-agency-{index}"
            shown = line.goes_to if line.goes_to in codes else ""
            self.selects[select_id] = (line.agency, shown)
            # (narrow, the list goes under the name, so a long name is read whole enough to tell it from another)
            widgets.append(Container(Label(f"{line.rows:,}", classes="import-agency-rows"),
                                     Label(line.agency, classes="import-agency-name"), Label("", classes="import-gap"),
                                     Select(options, id=select_id, prompt=t("import.agency.not_mapped"),
                                            value=shown or Select.NULL, compact=True, classes="import-agency-body"),
                                     classes="import-agency-line"))
        return widgets

    def choose(self, select_id: str, value: str, requests: ServiceRequests) -> ServiceRequests | None:
        """`requests` with the agency's body as the officer chose it (no body: NO_BODY, which holds where the
        agency's name says police; not mapped yet: "", as a saved mapping leaves it to fill); None when its list
        shows what it did (a list set to where the rows go now, not by the officer)."""
        agency, shown = self.selects[select_id]
        if value == shown:
            return None
        self.selects[select_id] = (agency, value)
        return replace(requests, bodies={**requests.bodies, agency: value}, chosen=requests.chosen | {agency})

    def show(self, screen: Screen, listed: AgencyList | None) -> None:
        """Each agency's list set to where its rows go now (an agency given no body that reads as the police is
        the station's still; the mapping saved may give others)."""
        if listed is None or self.listed is None:
            return
        self.listed = replace(self.listed, lines=listed.lines)
        going = {line.agency: line.goes_to for line in listed.lines}
        codes = {code for _name, code in self.options()}
        for select_id, (agency, shown) in self.selects.items():
            now = going.get(agency, shown)
            now = now if now in codes else ""
            if now == shown:
                continue
            self.selects[select_id] = (agency, now)  # (before the list says it changed: not the officer's choice)
            try:
                screen.query_one(f"#{select_id}", Select).value = now or Select.NULL
            except NoMatches:
                pass
