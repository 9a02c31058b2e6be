"""A hotline's or 311 export's agencies as the import screen lists them: each with the rows the file gives it and
where those rows go (a receiving body of the station's list, the station itself, or no body: not imported), and
the station's bodies an officer may give an agency there."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlmodel import Session, select

from db.models import ReceivingBody
from frontdesk.i18n import language
from frontdesk.intake.cells import cell_text
from frontdesk.intake.logbook import Opened
from frontdesk.intake.logbook_file import data_rows
from frontdesk.intake.mapping import MAX_VALUES


@dataclass(frozen=True)
class BodyOption:
    code: str
    name: str  # in the officer's language


@dataclass(frozen=True)
class AgencyLine:
    agency: str  # as the file writes it (stripped)
    rows: int
    #: A receiving body's code, "station" (the station's own cases), "none" (the mapping gives it no body) or ""
    #: (no body in the station's list): the last two are not imported.
    goes_to: str


@dataclass(frozen=True)
class AgencyList:
    bodies: tuple[BodyOption, ...]
    lines: tuple[AgencyLine, ...]

    @property
    def rows(self) -> Counter:
        return Counter({line.agency: line.rows for line in self.lines})


def agency_rows(opened: Opened, header: str) -> Counter:
    """The file's agencies (at most MAX_VALUES) -> the rows naming each, in one pass; rows naming none are left
    out (the preview refuses them, saying how to give them a body)."""
    position = opened.index.get(header)
    seen: Counter = Counter()
    if position is None:
        return seen
    for row in data_rows(opened):
        agency = cell_text(row.cells[position]).strip() if position < len(row.cells) else ""
        if agency and (agency in seen or len(seen) < MAX_VALUES):
            seen[agency] += 1
    return seen


def body_options(session: Session) -> list[BodyOption]:
    """The station's active receiving bodies, by their name in the officer's language."""
    zh = language() == "zh"
    bodies = session.exec(select(ReceivingBody).where(ReceivingBody.active)).all()
    options = [BodyOption(body.code, (body.name_zh if zh else body.name_en) or body.code) for body in bodies]
    return sorted(options, key=lambda option: option.name)
