"""Service requests as hand-offs: a citizen hotline's or a city's 311 export imported as cases handed off.

A 311 system (NYC's export: Unique Key, Created Date, Closed Date, Agency, Complaint
Type, Descriptor, Status, Incident Address, …) or a 12345 hotline records requests it
passed to another body. With a mapping that has a `[service_requests]` table
(frontdesk.intake.mapping.ServiceRequests; an example is tests/data/service-requests-311.toml)
each row becomes a non-police case — its category, summary, place and time read as any
logbook row — carrying a hand-off to the receiving body its agency is mapped to: the
hotline's reference kept as theirs, its status as the hand-off's step, its closed time as
done (the case is then closed as handed off). The hand-off figures (share done, time to
done per body) then come straight from the file.

An agency the mapping gives no body in the station's list is never invented: its rows
are rejected, and the report names each such agency with the number of rows it holds. An agency that is
the station itself (its name or a site's, or mapped to `station`) makes the row the station's own police
case, with no hand-off. A request closed without a closed time (Toronto publishes none) is done with the
time unknown: counted as done, left out of the time to done, and the report says how many.
"""

from __future__ import annotations

import re
import tomllib
import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from db.models import NonPoliceMatter, ReceivingBody, Site
from frontdesk.cases.recording import TEXT_MAX
from frontdesk.i18n import DeskError, t
from frontdesk.intake.cells import BadValue, cell_text
from frontdesk.intake.logbook import NOT_RECORDED, Opened, distinct_values
from frontdesk.intake.logbook_file import SourceRow
from frontdesk.intake.header_words import (AGENCY_NAME_WORDS_EN, AGENCY_WORDS, AGENCY_WORDS_EN, NOT_POLICE_WORDS,
                                           POLICE_AGENCY_WORDS, SERVICE_REQUEST_WORDS)
from frontdesk.intake.handoff_steps import read_step, step_words
from frontdesk.intake.mapping import ServiceRequests, fold
from frontdesk.intake.received import read_closed
from frontdesk.intake.rows import ParsedRow, RowReader
from frontdesk.intake.transport import transport_body, transport_matter

REF_MAX = 40  # the hand-off's their_ref column
NOTE_MAX = 2000


@dataclass(frozen=True)
class Body:
    id: uuid.UUID
    code: str
    due_hours: int


#: A `[service_requests.bodies]` value naming the station itself: the agency's rows are its own cases.
OWN_STATION = "station"
#: A `[service_requests.bodies]` value giving the agency no body: its rows are refused and reported, even an
#: agency whose name says police ("" is an agency not mapped yet, which its name may still make the station's).
NO_BODY = "none"
#: Folded names shorter than this are not matched as the end of a longer one (派出所 alone names no station).
OWN_NAME_MIN = 4


@dataclass(frozen=True)
class StationBodies:
    """The station's active receiving bodies (by their words), which matter each takes per category, and the
    station's own names (its sites', the configured one), folded."""

    by_word: dict[str, Body]
    matters: dict[tuple[str, uuid.UUID | None], str]  # (category, default body) -> matter code
    own: frozenset[str] = frozenset()
    #: The transport authority's body, where an agency so named (市交通运输局, 运管处) not mapped goes.
    transport: Body | None = None

    def matter(self, category: str, body: Body) -> str | None:
        return self.matters.get((category, body.id)) or self.matters.get((category, None))

    def ending(self, word: str) -> Body | None:
        """The body whose name (folded) ends the agency's, the longest (a 12345 export names the district before
        it: 城关区矛盾纠纷调处化解中心), or None."""
        names = [name for name in self.by_word if len(name) >= OWN_NAME_MIN and len(word) > len(name)
                 and word.endswith(name)]
        return self.by_word[max(names, key=len)] if names else None

    def is_own(self, agency: str) -> bool:
        """Whether a hotline's agency is this station: its name, or one ending the other (杭州市公安局西湖区分局
        三墩派出所 for 三墩派出所)."""
        word = fold(agency)
        return any(word == name or (min(len(word), len(name)) >= OWN_NAME_MIN
                                    and (word.endswith(name) or name.endswith(word))) for name in self.own)


#: A note in brackets after a station's or site's name (城关派出所（演示）, Eastside (night desk)): not its name.
_NOTE_AFTER = re.compile(r"\s*[（(][^（()）]*[）)]\s*$")


def station_bodies(session: Session, station_name: str = "") -> StationBodies:
    by_word: dict[str, Body] = {}
    for row in session.exec(select(ReceivingBody).where(ReceivingBody.active)).all():
        body = Body(row.id, row.code, row.default_due_hours)
        for word in (row.code, row.name_zh, row.name_en):
            by_word.setdefault(fold(word), body)
    matters: dict[tuple[str, uuid.UUID | None], str] = {}
    for code, category, body_id in session.exec(
            select(NonPoliceMatter.code, NonPoliceMatter.category, NonPoliceMatter.default_body_id)
            .where(NonPoliceMatter.active).order_by(NonPoliceMatter.code)).all():
        if category:
            matters.setdefault((category, body_id), code)
            matters.setdefault((category, None), code)
    names = [station_name, *session.exec(select(Site.name)).all()]
    names += [_NOTE_AFTER.sub("", name) for name in names]  # 城关派出所（演示）: 城关派出所 too
    transport = transport_body(session)
    return StationBodies(by_word, matters, frozenset(fold(name) for name in names if fold(name)),
                         by_word.get(fold(transport.code)) if transport is not None else None)


class ServiceRequestReader:
    """Reads a row as a logbook row, then as a request handed off: the body, the step, the done time. A row
    the station itself took (its agency is the station) is read as the station's own case, with no hand-off."""

    def __init__(self, opened: Opened, requests: ServiceRequests, bodies: StationBodies, *, zone: ZoneInfo,
                 now: datetime):
        self.rows = RowReader(opened, zone=zone, now=now)
        self.requests, self.bodies, self.zone = requests, bodies, zone
        # An agency given "" (a saved proposal lists the file's agencies for the officer to fill) is not mapped.
        self.agency_bodies = {fold(agency): fold(code) for agency, code in requests.bodies.items() if fold(code)}
        self.steps = step_words(requests.statuses)
        #: Agencies with no receiving body in the station's list -> the rows that name them.
        self.unknown_agencies: Counter = Counter()
        #: Agencies the mapping gives no body (NO_BODY) -> their rows, refused as it says.
        self.refused_agencies: Counter = Counter()
        #: Agencies the mapping does not name whose name says they are the police (NYC's New York City Police
        #: Department) -> their rows, read as the station's own cases: the officer is told.
        self.police_agencies: Counter = Counter()
        #: Rows read as done that the file gives no closed time for (Toronto publishes none): imported as
        #: done with the time unknown, which the time-to-done figures leave out.
        self.done_untimed = 0

    def _text(self, row: SourceRow, header: str) -> str:
        return cell_text(self.rows.cell(row, header)).strip()

    def _body(self, agency: str) -> Body | None:
        """The body the mapping gives the agency, else the one of its name; a transport authority not mapped
        (市交通运输局) goes to the station's transport body."""
        word = fold(agency)
        body = self.bodies.by_word.get(self.agency_bodies.get(word, word))
        if body is None and word not in self.agency_bodies:
            body = self.bodies.ending(word)  # 城关区矛盾纠纷调处化解中心: the list's 矛盾纠纷调处化解中心
        if body is None and word not in self.agency_bodies and transport_matter(agency):
            return self.bodies.transport
        return body

    def _is_own(self, agency: str) -> bool:
        """The mapping's word for the agency first, then the station's names, then its list of bodies; an agency
        none of them names whose name says police is the station's own too (and counted, to be said)."""
        own, by_police_words = self._own(agency)
        if by_police_words:
            self.police_agencies[agency] += 1
        return own

    def _own(self, agency: str) -> tuple[bool, bool]:
        """Whether the agency is the station itself, and whether only its name saying police tells so."""
        word = fold(agency)
        if word in self.agency_bodies:  # (NO_BODY too: the station's own name given no body is refused)
            return self.agency_bodies[word] == OWN_STATION, False
        if self.bodies.is_own(agency):
            return True, False
        police = word not in self.bodies.by_word and any(police in word for police in POLICE_AGENCY_WORDS) \
            and not any(other in word for other in NOT_POLICE_WORDS)
        return police, police

    def goes_to(self, agency: str) -> str:
        """Where the rows of an agency go, as the import reads them (nothing counted): a receiving body's code,
        OWN_STATION, NO_BODY (the mapping gives it none) or "" (no body in the station's list): not imported."""
        if self._refused(agency):
            return NO_BODY
        if self._own(agency)[0]:
            return OWN_STATION
        body = self._body(agency)
        return body.code if body is not None else ""

    def _refused(self, agency: str) -> bool:
        return self.agency_bodies.get(fold(agency)) == NO_BODY

    def _step(self, row: SourceRow, problems: list[DeskError]) -> tuple[str, str]:
        """The hand-off's step, and the status as the file wrote it."""
        written = self._text(row, self.requests.status)
        if not written or fold(written) in NOT_RECORDED:  # NA, 不详: the file says nothing of it
            return "pending", written
        step = read_step(written, self.steps)
        if step is None:
            problems.append(DeskError("import.unknown_status", value=written))
            return "pending", written
        return step, written

    def _closed(self, row: SourceRow, received: datetime | None, problems: list[DeskError]) -> datetime | None:
        try:  # a bare date the day it was made: done, the time unknown (not done in no time at all)
            return read_closed(self.rows, row, self.requests.closed_at, received, problems,
                               before="import.closed_before_created", bare_date_at_received=False)
        except BadValue:
            problems.append(DeskError("import.bad_date", value=cell_text(self.rows.cell(row, self.requests.closed_at))))
            return None

    def read(self, row: SourceRow) -> ParsedRow:
        parsed = self.rows.read(row)
        problems = list(parsed.problems)
        agency = self._text(row, self.requests.agency)
        named = bool(agency) or "" in self.agency_bodies  # (a mapping may give the rows with none a body: "" = …)
        own = named and self._is_own(agency)
        body = self._body(agency) if named and not own else None
        if not named:
            problems.append(DeskError("import.no_agency"))
        elif self._refused(agency):
            self.refused_agencies[agency] += 1
            problems.append(DeskError("import.agency_not_imported", value=agency))
        elif body is None and not own:
            self.unknown_agencies[agency] += 1
            problems.append(DeskError("import.unknown_agency", value=agency))
        step, written = self._step(row, problems)
        # (a request not done has no use for a closed time: NYC's Pending rows give one before the request)
        closed = self._closed(row, parsed.received_at, problems) if step == "done" else None
        done = step == "done"
        if own:
            return self._own_case(parsed, problems, step, closed, self._text(row, self.requests.reference),
                                  self._text(row, self.requests.detail), self.rows.text(row, "narrative"))
        if problems:  # shown in the preview as the request would be imported
            return replace(parsed, draft=None, problems=tuple(problems), status="closed" if done else "handed_off",
                           disposition="handed_off" if done else None, closed_by_default=False)
        if done and closed is None:
            self.done_untimed += 1
        received = parsed.received_at
        detail = self._text(row, self.requests.detail)[:NOTE_MAX]
        handoff = dict(body_id=body.id, matter=self.bodies.matter(parsed.draft.category, body), method="work_order",
                       their_ref=self._text(row, self.requests.reference)[:REF_MAX], handed_at=received,
                       due_at=received + timedelta(hours=body.due_hours), status=step,
                       done_at=closed if done else None, notes=detail,
                       returned_reason=written if step == "returned" else "")
        return replace(parsed, draft=replace(parsed.draft, police=False), status="closed" if done else "handed_off",
                       disposition="handed_off" if done else None, closed_at=closed if done else None,
                       closed_by_default=False, handoff=handoff)

    def _own_case(self, parsed: ParsedRow, problems: list[DeskError], step: str, closed: datetime | None,
                  reference: str = "", reply: str = "", narrative: str = "") -> ParsedRow:
        """A request the hotline gave the station itself: a police case, closed when the file says done (with
        the row's disposition, else the mapping's), else open or in progress; no hand-off. The hotline's number
        for it and its reply are kept at the head of the narrative (there is no hand-off to keep them), so the
        case is found by the number the caller was given. The reply is not kept twice where the narrative is its
        column or says the same (`narrative`, the narrative's column as written), and kept where the narrative only
        has its words among others (已处理 beside 物业已处理但仍漏水)."""
        done = step == "done"
        status = "closed" if done else "in_progress" if step == "accepted" else "open"
        disposition = (parsed.disposition or self.rows.mapping.default_disposition) if done else None
        closed_at, by_default = (closed if done else None), False
        if not self.requests.status:  # no status column (a CAD dump's agency column picking the rows): as a
            # logbook's row, closed unless its own status or disposition says otherwise, not open for ever
            status, disposition, closed_at, by_default = (parsed.status, parsed.disposition, parsed.closed_at,
                                                          parsed.closed_by_default)
        if problems:
            return replace(parsed, draft=None, problems=tuple(problems), status=status, disposition=disposition,
                           closed_by_default=by_default)
        if self.requests.detail == self.rows.mapping.column("narrative") or reply.strip() == narrative.strip():
            reply = ""  # (NYC's Resolution Description: the narrative's column too, kept once)
        kept = [t("import.hotline_reference", reference=reference) if reference else "", reply,
                parsed.draft.narrative]
        narrative = "\n".join(part for part in kept if part)[:TEXT_MAX]
        return replace(parsed, draft=replace(parsed.draft, police=True, narrative=narrative), status=status,
                       disposition=disposition, closed_at=closed_at, closed_by_default=by_default)


def propose_service_requests(headers: list[str], columns: dict[str, str]) -> ServiceRequests | None:
    """The `[service_requests]` table a 12345 work-order export or a 311 export obviously needs: its agency
    column (承办单位, 办理单位, 转办单位; a 311 export's Agency Name beside its Complaint Type), with its status,
    closed time, reference (the request's number) and reply; None for a file with no agency column (an ordinary
    logbook)."""
    def first(words: tuple[str, ...]) -> str:
        return next((header for word in words for header in headers if header and fold(header) == word), "")

    agency = first(AGENCY_WORDS)
    if not agency and any(fold(header) in SERVICE_REQUEST_WORDS for header in headers):
        agency = first(AGENCY_WORDS_EN)  # a 311 export's: beside its Complaint Type or its SR number
    if not agency:
        return None
    return ServiceRequests(agency=agency, status=columns.get("status", ""), closed_at=columns.get("closed_at", ""),
                           reference=columns.get("record_no", ""), detail=columns.get("narrative", ""))


def file_agencies(opened: Opened, proposed: ServiceRequests) -> tuple[ServiceRequests, list[str]]:
    """The proposal with its agency column's words read from the file (stripped). A 311 export whose agency
    column holds codes (Boston's department: PWDx, BTDT, INFO) and that names the agencies in another (its
    subject: Public Works Department, Boston Police Department) has that one proposed: a body is mapped by
    the name an officer knows, and the police are known by theirs. Not where it has fewer names than there are
    codes: Boston's newer subject names the department that owns the request's type (Public Works Department
    on nearly every row), while its department says whose queue the request went to (BWSC, the water and sewer
    commission; ISD; PARK): the codes are then the agencies, each its own."""
    agencies = _words(opened, proposed.agency)
    if not agencies or not all(map(_code_like, agencies)):
        return proposed, agencies
    for header in opened.headers:
        if header and header != proposed.agency and fold(header) in (*AGENCY_WORDS_EN, *AGENCY_NAME_WORDS_EN):
            named = _words(opened, header)
            if named and not all(map(_code_like, named)) and len(named) >= len(agencies):
                return replace(proposed, agency=header), named
    return proposed, agencies


def _words(opened: Opened, header: str) -> list[str]:
    return list(dict.fromkeys(value.strip() for value in distinct_values(opened, header) if value.strip()))


def _code_like(agency: str) -> bool:
    """An agency written as a code (DOT, PWDx, GEN_), not a name (Parks, Water, Police)."""
    return _CODE.fullmatch(agency) is not None


_CODE = re.compile(r"[A-Z][A-Z0-9_]{1,6}[a-z]?")


def mapping_saved_text(path: Path) -> str:
    """"Mapping saved", and how many agencies the saved file leaves for the officer to give a body (as written:
    saved over the officer's own mapping, the bodies they gave are kept)."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8-sig")).get("service_requests", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        table = {}
    bodies = table.get("bodies", {}) if isinstance(table, dict) else {}
    unfilled = [agency for agency, code in bodies.items() if isinstance(code, str) and not code.strip()] \
        if isinstance(bodies, dict) else []
    saved = t("import.mapping_saved", path=str(path))
    return f"{saved} {t('import.mapping_saved_agencies', count=len(unfilled))}" if unfilled else saved


def police_agencies_text(police: Counter) -> str:
    """The agencies read as the police, so as the station's own cases, each with its rows."""
    return t("import.agencies_police", agencies=t("words.clause_sep").join(
        t("import.agency_rows", agency=agency, count=count) for agency, count in police.most_common()))


def agencies_text(unknown: Counter, key: str = "import.agencies_unknown") -> str:
    """The agencies with no receiving body (or, `key` import.agencies_refused, those the mapping gives none), each
    with its rows, for the report and the command line."""
    return t(key, agencies=t("words.clause_sep").join(
        t("import.agency_rows", agency=agency, count=count) for agency, count in unknown.most_common()))
