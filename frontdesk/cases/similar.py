"""Earlier cases that look like the one being recorded (串并): the rules, their reasons, one score.

Each rule is a plain function of two cases, so what makes a match (and what must not) is tested
rule by rule. `similar_cases` reads the candidates once — the window's cases at the same place or
street (received_at index range), the window's cases sharing words (the text index, db.case_words:
FTS5 on SQLite, a tsvector on PostgreSQL, best ranked first) and the cases that share a phone or ID
number under any role (indexed look-ups) — then scores them here, in Python, the same on both.
Suggestions only read: nothing here writes a record.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select, union
from sqlmodel import Session

from db import case_words
from db.case_words import NARRATIVE_CHARS, shared_words, text_of, token_list, tokens
from db.models import Case, CaseParty, CaseWordRow, Person, PersonPhone
from frontdesk.i18n import language, listed, parenthesised, t
from frontdesk.validation import mask_numbers, mask_phone, mask_resident_id
from frontdesk.vocab import label

#: How far back the place, hour and word rules look.
WINDOW_DAYS = 30
#: "The same time of day": received within this much of the probe's clock time.
HOUR_SPAN = timedelta(hours=1)
#: The most candidates read from the window for the place and word rules (newest first).
CANDIDATES = 500
#: The most candidates read from the text index (best ranked first) for the word rule.
WORD_CANDIDATES = 100
#: The most words looked for in the text index (a long narrative: its first ones).
WORDS_MOST = 24

WEIGHTS = {"same_id": 60, "same_phone": 50, "same_place": 40, "same_street": 25, "same_hour": 20, "words": 30}

#: Building, unit, room or group numbers: the place is the house or the estate, not the flat.
_FLAT_ON = re.compile(r"[0-9]+(幢|栋|座|单元|室|楼|层|组|号楼).*$")
_TRAILING = re.compile(r"(门口|楼下|附近|对面|旁边|旁|商铺内|店内|内|外|交叉口|路口|一带)+$")
_TOWNSHIP = re.compile(r"^.*?(街道|镇|乡)")
_STREET = re.compile(r"^(.+?(?:大道|路|街|巷|弄|村))(?!道)")


#: How many texts each comparison keeps worked out: a few look-ups' candidates (CANDIDATES each), which
#: the form's next look-ups mostly see again. 65,536 kept the pairs of every summary compared in a day,
#: about 260 MiB at a million cases, and a desk open all shift grew towards it.
KEPT = 4 * CANDIDATES


@lru_cache(maxsize=KEPT)
def normalize_place(text: str) -> str:
    """A place as compared: no spaces, full-width folded, house numbers and "门口/楼下…" cut off.

    人民路85号商铺内 -> 人民路85号; 沥海街道丽都公寓173幢楼下 -> 沥海街道丽都公寓.
    """
    folded = "".join(unicodedata.normalize("NFKC", text or "").lower().split())
    return _TRAILING.sub("", _FLAT_ON.sub("", _TRAILING.sub("", folded)))


@lru_cache(maxsize=KEPT)
def street_of(text: str) -> str:
    """The road, street, lane or village a place is on ("" if it names none): 马山街道环城东路151号 -> 环城东路."""
    rest = _TOWNSHIP.sub("", normalize_place(text))
    found = _STREET.match(rest)
    return found.group(1) if found else ""


def word_likeness(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice's coefficient of two token sets: 1 the same words, 0 nothing in common."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass(frozen=True)
class Probe:
    """The case to compare: a draft being typed or a saved case."""

    received_at: datetime
    category: str = ""
    place: str = ""
    summary: str = ""
    narrative: str = ""
    phones: tuple[str, ...] = ()  # E.164
    resident_ids: tuple[str, ...] = ()
    case_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Reason:
    code: str  # same_place | same_street | same_hour | same_phone | same_id | words
    detail: str = ""

    def text(self) -> str:
        return t(REASON_TEXT[self.code], detail=self.detail)


REASON_TEXT = {
    "same_place": "similar.reason.same_place", "same_street": "similar.reason.same_street",
    "same_hour": "similar.reason.same_hour", "same_phone": "similar.reason.same_phone",
    "same_id": "similar.reason.same_id", "words": "similar.reason.words",
}


@dataclass(frozen=True)
class SimilarCase:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime
    category: str
    place: str
    summary: str
    status: str
    score: int
    reasons: tuple[Reason, ...] = field(default=())

    def reason_text(self) -> str:
        return ("；" if language() == "zh" else "; ").join(reason.text() for reason in self.reasons)


COLUMNS = (Case.id, Case.case_no, Case.received_at, Case.category, Case.place, Case.summary, Case.status)


@dataclass(frozen=True)
class _Row:
    id: uuid.UUID
    case_no: str
    received_at: datetime
    category: str
    place: str
    summary: str
    status: str
    narrative: str = ""


# ---- the rules: each says why two cases look alike, or None ---------------------------------------


def place_rule(probe: Probe, other: _Row, *, days: int = WINDOW_DAYS) -> Reason | None:
    """The same place (house numbers aside), or else the same street or village, within `days`."""
    if not _within(probe, other, days):
        return None
    here = normalize_place(probe.place)
    if here and here == normalize_place(other.place):
        return Reason("same_place", here)
    street = street_of(probe.place)
    if street and street == street_of(other.place):
        return Reason("same_street", street)
    return None


def hour_rule(probe: Probe, other: _Row, zone: ZoneInfo, *, days: int = WINDOW_DAYS) -> Reason | None:
    """The same category at the same time of day (within an hour), within `days`."""
    if not probe.category or probe.category != other.category or not _within(probe, other, days):
        return None
    mine = probe.received_at.astimezone(zone)
    theirs = other.received_at.astimezone(zone)
    apart = abs((mine.hour * 60 + mine.minute) - (theirs.hour * 60 + theirs.minute))
    if min(apart, 24 * 60 - apart) > HOUR_SPAN.total_seconds() / 60:
        return None
    return Reason("same_hour", f"{theirs:%H:%M}")


def words_rule(probe_words: frozenset[str], other: _Row) -> tuple[Reason, float] | None:
    """Texts sharing a word (a Chinese character pair, a Latin word; stop words aside), the shared
    words named as the other case writes them: (reason, Dice's likeness of the two token sets)."""
    matched = _word_match(probe_words, other)
    return None if matched is None else (_words_reason(other, matched[0]), matched[1])


def _word_match(probe_words: frozenset[str], other: _Row) -> tuple[frozenset[str], float] | None:
    theirs = tokens(text_of(other.summary, other.narrative))
    shared = probe_words & theirs
    return (shared, word_likeness(probe_words, theirs)) if shared else None


def _words_reason(other: _Row, shared: frozenset[str]) -> Reason:
    return Reason("words", mask_numbers(listed(shared_words(text_of(other.summary, other.narrative), shared))))


def _within(probe: Probe, other: _Row, days: int) -> bool:
    return timedelta(0) <= probe.received_at - other.received_at <= timedelta(days=days)


# ---- reading and scoring ------------------------------------------------------------------------


def probe_words(probe: Probe) -> frozenset[str]:
    """The words looked for: the summary's and narrative's, less the place's own (the place rule's part:
    a narrative that repeats the place does not make every case there "similar words")."""
    words = tokens(text_of(probe.summary, probe.narrative)) - tokens(probe.place)
    if len(words) > WORDS_MOST:  # a long narrative: the summary's words first, then the narrative's, in order
        ordered = dict.fromkeys(token_list(text_of(probe.summary, probe.narrative)))
        words = frozenset([word for word in ordered if word in words][:WORDS_MOST])
    return words


def similar_cases(session: Session, probe: Probe, zone: ZoneInfo, *, limit: int = 10,
                  days: int = WINDOW_DAYS) -> list[SimilarCase]:
    """Earlier cases resembling `probe`, best first, each with its reasons."""
    connection = session.connection()
    rows: dict[uuid.UUID, _Row] = {}
    since = probe.received_at - timedelta(days=days)
    window = (Case.received_at >= since, Case.received_at <= probe.received_at, Case.voided_at.is_(None))
    # The place's candidates from the window by what SQL can test on the covering index (ix_case_similar):
    # the place or street in the place. The same hour alone (20) never makes a suggestion, so it has no
    # test of its own: it counts on a case brought in here or by the words or numbers. Nor does the
    # street alone (25): with no words or numbers shared (those cases come in by their own queries) it
    # needs the same hour, so the same category, and the street's other categories are not read.
    place, street = normalize_place(probe.place), street_of(probe.place)
    wanted = [Case.place.contains(place, autoescape=True)] if place else []
    if street and street != place and probe.category:
        wanted.append(and_(Case.place.contains(street, autoescape=True), Case.category == probe.category))
    if wanted:
        query = select(*COLUMNS).where(*window, or_(*wanted)).order_by(Case.received_at.desc()).limit(CANDIDATES)
        rows = {row[0]: _Row(*row) for row in connection.execute(query)}
    # The words' candidates from the text index: the window's cases sharing any of the words, best ranked.
    # Only these are compared word by word (with their narratives, read for these few).
    looked_for = probe_words(probe)
    ranked = case_words.matching(connection, looked_for, since, probe.received_at, most=WORD_CANDIDATES)
    worded: set[uuid.UUID] = set()
    if ranked:
        query = (select(*COLUMNS, func.substr(Case.narrative, 1, NARRATIVE_CHARS))
                 .join(CaseWordRow, CaseWordRow.case_id == Case.id)
                 .where(CaseWordRow.row.in_([row for row, _ in ranked]), *window))
        for row in connection.execute(query):
            rows[row[0]] = _Row(*row)
            worded.add(row[0])
    shared = _shared_numbers(connection, probe)
    missing = [case_id for case_id in shared if case_id not in rows]
    if missing:
        query = select(*COLUMNS).where(Case.id.in_(missing), Case.voided_at.is_(None),
                                       Case.received_at <= probe.received_at)
        rows.update({row[0]: _Row(*row) for row in connection.execute(query)})
    rows.pop(probe.case_id, None)

    scored: list[tuple[float, _Row, list[Reason], frozenset[str]]] = []
    for row in rows.values():
        reasons: list[Reason] = []
        score = 0.0
        for reason in (place_rule(probe, row, days=days), hour_rule(probe, row, zone, days=days)):
            if reason is not None:
                reasons.append(reason)
                score += WEIGHTS[reason.code]
        words = _word_match(looked_for, row) if row.id in worded and _within(probe, row, days) else None
        if words is not None:
            score += WEIGHTS["words"] * words[1]
        for reason in shared.get(row.id, ()):
            reasons.append(reason)
            score += WEIGHTS[reason.code]
        # One weak hint alone (the same hour, the same street) is everyday coincidence: two make a suggestion.
        if words is not None or score >= WEIGHTS["same_street"] + WEIGHTS["same_hour"] or any(
                r.code in ("same_place", "same_phone", "same_id") for r in reasons):
            scored.append((score, row, reasons, words[0] if words else frozenset()))
    scored.sort(key=lambda item: (-item[0], -item[1].received_at.timestamp()))
    found = []
    for score, row, reasons, words in scored[:limit]:  # the shared words are named for the page shown only
        if words:
            at = sum(1 for reason in reasons if reason.code in ("same_place", "same_street", "same_hour"))
            reasons.insert(at, _words_reason(row, words))
        # What the panel shows is masked as the lists are: numbers typed into a place or a summary too.
        found.append(SimilarCase(row.id, row.case_no, row.received_at, row.category, mask_numbers(row.place),
                                 mask_numbers(row.summary), row.status, round(score), tuple(reasons)))
    return found


def _shared_numbers(session, probe: Probe, *, most: int = 200) -> dict[uuid.UUID, list[Reason]]:
    """Cases in which one of the probe's phone or ID numbers appears, under any role."""
    found: dict[uuid.UUID, list[Reason]] = {}
    phones = [p for p in probe.phones if p]
    if phones:
        # The parties with the number on the case, and those whose person has it, each by its own index:
        # as one OR, PostgreSQL read every party (53 ms at 100,000 cases).
        parties = union(select(CaseParty.id).where(CaseParty.phone_e164.in_(phones)),
                        select(CaseParty.id).join(PersonPhone, PersonPhone.person_id == CaseParty.person_id)
                        .where(PersonPhone.e164.in_(phones)))
        query = (select(CaseParty.case_id, CaseParty.role, CaseParty.phone_e164, PersonPhone.e164)
                 .join(PersonPhone, PersonPhone.person_id == CaseParty.person_id, isouter=True)
                 .where(CaseParty.id.in_(parties)).limit(most))
        for case_id, role, on_case, of_person in session.execute(query):
            number = on_case if on_case in phones else of_person if of_person in phones else phones[0]
            _add(found, case_id, Reason("same_phone", parenthesised(mask_phone(number), label("role", role))))
    ids = [r for r in probe.resident_ids if r]
    if ids:
        query = (select(CaseParty.case_id, CaseParty.role, Person.resident_id)
                 .join(Person, Person.id == CaseParty.person_id).where(Person.resident_id.in_(ids)).limit(most))
        for case_id, role, number in session.execute(query):
            _add(found, case_id, Reason("same_id", parenthesised(mask_resident_id(number), label("role", role))))
    return found


def _add(found: dict[uuid.UUID, list[Reason]], case_id: uuid.UUID, reason: Reason) -> None:
    kept = found.setdefault(case_id, [])
    if all(r.code != reason.code for r in kept):
        kept.append(reason)


def probe_of_case(session: Session, case_id: uuid.UUID) -> Probe | None:
    """A saved case as a probe: its place, category, time, summary and every party's numbers."""
    case = session.get(Case, case_id)
    if case is None:
        return None
    parties = session.execute(select(CaseParty.person_id, CaseParty.phone_e164)
                              .where(CaseParty.case_id == case_id)).all()
    people = [pid for pid, _ in parties]
    phones = {phone for _, phone in parties if phone}
    ids: set[str] = set()
    if people:
        phones |= set(session.scalars(select(PersonPhone.e164).where(PersonPhone.person_id.in_(people))))
        ids = {rid for rid in session.scalars(select(Person.resident_id).where(Person.id.in_(people))) if rid}
    return Probe(received_at=case.received_at, category=case.category, place=case.place, summary=case.summary,
                 narrative=case.narrative,
                 phones=tuple(sorted(phones)), resident_ids=tuple(sorted(ids)), case_id=case.id)
