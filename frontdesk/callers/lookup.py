"""The one look-up box: whatever the officer types, find the people and cases it means.

What is typed decides where to look:
- a case number (LS-20261122-0001, or its start): cases;
- four or more digits: phones from the start or from the end, ID numbers from
  the start or from the end;
- anything else: names, in characters, full pinyin or initials, from any point
  of the name (a surname alone, a given name alone).
Every branch is an indexed range scan with a LIMIT, so the first page costs the
same on a thousand people as on a quarter of a million. Best matches first: the
whole phone, ID or name before a part of one; then people who reported lately
and often (a count kept with the look-up keys, see db.search_index); then the name.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Case, CaseParty, Category, Person, PersonPhone, SearchKey
from db.search_index import normalize, normalize_name, starts_with
from frontdesk.i18n import language
from frontdesk.validation import mask_phone, mask_resident_id

PAGE = 20
MAX_TYPED = 100  # nothing longer is a name, a number or a case number
MIN_DIGITS = 4
#: Queries this short are ranked by reports from the index (one CJK character, two letters).
SHORT = 2
#: A bare four-digit query's candidates (the end or start of a phone or ID): ranked together, then cut.
NUMBER_CANDIDATES = 200
CASE_NO = re.compile(r"^[A-Z]{1,8}(-[A-Z0-9]{1,8})?-\d{0,8}(-\d{0,4})?$")


@dataclass(frozen=True)
class PersonHit:
    person_id: uuid.UUID
    name: str
    phone: str  # masked
    phone_e164: str  # in full: for filling a form, never shown in a list
    resident_id: str  # masked
    address: str
    cases: int
    exact: bool
    matched: str  # what matched: phone, id, name, pinyin, initials


@dataclass(frozen=True)
class CaseHit:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime
    category: str  # its name, in the officer's language
    status: str
    summary: str
    voided: bool = False


@dataclass(frozen=True)
class Results:
    typed: str
    people: tuple[PersonHit, ...]
    cases: tuple[CaseHit, ...]


def clean(typed: str) -> str:
    """The typed text made safe to search: no controls, no runaway length."""
    return normalize(typed)[:MAX_TYPED]


def search(session: Session, typed: str, *, limit: int = PAGE) -> Results:
    text = clean(typed)
    if not text:
        return Results(typed, (), ())
    upper = text.upper()
    if CASE_NO.match(upper) and "-" in upper:
        return Results(typed, (), tuple(_cases(session, upper, limit)))
    digits = "".join(ch for ch in upper if ch.isdecimal())
    numberish = re.fullmatch(r"\+?[\d\-()]+x?", text) is not None
    if numberish:
        if len(digits) + upper.endswith("X") < MIN_DIGITS:
            return Results(typed, (), ())
        return Results(typed, tuple(_by_number(session, text, upper, digits, limit)), ())
    return Results(typed, tuple(_by_name(session, normalize_name(text), limit)), ())


def _cases(session: Session, number: str, limit: int) -> list[CaseHit]:
    rows = session.exec(
        select(Case, Category.name_zh, Category.name_en)
        .join(Category, Category.code == Case.category)
        .where(starts_with(Case.case_no, number))
        .order_by(Case.case_no.desc())
        .limit(limit)
    ).all()
    zh = language() == "zh"
    return [CaseHit(c.id, c.case_no, c.received_at, name_zh if zh else name_en, c.status, c.summary,
                    c.voided_at is not None)
            for c, name_zh, name_en in rows]


def people_by_number(session: Session, typed: str, *, limit: int = 5) -> list[PersonHit]:
    """People whose phone or ID number is, begins or ends with what is typed (4+ digits).

    What the case form asks as the officer types a reporter's phone or ID.
    """
    text = clean(typed)
    digits = "".join(ch for ch in text if ch.isdecimal())
    if len(digits) + text.upper().endswith("X") < MIN_DIGITS:
        return []
    return _by_number(session, text, text.upper(), digits, limit)


def _by_number(session: Session, text: str, upper: str, digits: str, limit: int) -> list[PersonHit]:
    """Phones and ID numbers, from the start or from the end."""
    found: dict[uuid.UUID, tuple[bool, str]] = {}
    wanted = limit
    if len(digits) <= MIN_DIGITS:  # four digits match many: take enough to rank, the first page is cut after
        wanted = max(limit, NUMBER_CANDIDATES)

    def take(ids, exact_if, matched: str) -> None:
        for person_id, value in ids:
            exact = exact_if(value)
            if person_id not in found or (exact and not found[person_id][0]):
                found[person_id] = (exact, matched)

    if len(digits) >= MIN_DIGITS and not upper.endswith("X"):  # an X ends only ID numbers
        # "+8613812…" with its country code; "13812…" as dialled at home; a
        # landline's trunk 0 ("0571…") is not part of its E.164 form.
        national = digits[1:] if digits.startswith("0") else digits
        e164_prefix = "+" + digits if text.startswith("+") else "+86" + national
        whole_phone = lambda e164: e164.endswith(digits) and len(digits) >= 7  # noqa: E731
        take(session.exec(select(PersonPhone.person_id, PersonPhone.e164)
                          .where(starts_with(PersonPhone.e164, e164_prefix)).limit(wanted)).all(),
             lambda e164: e164 == e164_prefix, "phone")
        take(session.exec(select(PersonPhone.person_id, PersonPhone.e164)
                          .where(starts_with(PersonPhone.digits_reversed, digits[::-1])).limit(wanted)).all(),
             whole_phone, "phone")
    rid = upper.replace("-", "")
    if len(rid) >= MIN_DIGITS:
        take(session.exec(select(Person.id, Person.resident_id)
                          .where(starts_with(Person.resident_id, rid)).limit(wanted)).all(),
             lambda value: value == rid, "id")
        take(session.exec(select(Person.id, Person.resident_id)
                          .where(starts_with(Person.resident_id_reversed, rid[::-1])).limit(wanted)).all(),
             lambda value: value == rid, "id")
    if len(found) <= limit:
        return hits_for(session, found, limit)
    # Many candidates (a bare four digits): the page's people by their kept rank, then only those are read.
    ranks = dict(session.exec(
        select(SearchKey.person_id, func.max(SearchKey.rank)).where(SearchKey.person_id.in_(list(found)))
        .group_by(SearchKey.person_id)
    ).all())
    page = sorted(found, key=lambda pid: (not found[pid][0], -ranks.get(pid, 0)))[:limit]
    return hits_for(session, {pid: found[pid] for pid in page}, limit, ranks=ranks)


def _by_name(session: Session, text: str, limit: int) -> list[PersonHit]:
    """Names from any point: characters, full pinyin, initials (one index serves all).

    A one- or two-character query (王, wa) matches thousands at a large station: its first page is
    read in rank order (who reported lately and often) from the index on the key's first characters,
    so the 王 who calls every week comes before 王一诺, who never reported. Longer queries are few
    enough to take in key order.
    """
    columns = (SearchKey.person_id, SearchKey.key, SearchKey.kind, SearchKey.whole, SearchKey.rank)
    if len(text) <= SHORT:
        lead = SearchKey.lead1 if len(text) == 1 else SearchKey.lead2
        query = select(*columns).where(lead == text).order_by(lead.desc(), SearchKey.rank.desc())
    else:
        query = select(*columns).where(starts_with(SearchKey.key, text)).order_by(SearchKey.key)
    rows = session.exec(query.limit(limit * 2)).all()
    kinds = {"n": "name", "p": "pinyin", "i": "initials"}
    found: dict[uuid.UUID, tuple[bool, str]] = {}
    ranks: dict[uuid.UUID, int] = {}
    for person_id, key, kind, whole, rank in rows:
        exact = whole and key == text
        ranks[person_id] = rank
        if person_id not in found or (exact and not found[person_id][0]):
            found[person_id] = (exact, kinds.get(kind, "name"))
    return hits_for(session, found, limit, ranks=ranks)


def hits_for(session: Session, found: dict[uuid.UUID, tuple[bool, str]], limit: int,
             ranks: dict[uuid.UUID, int] | None = None) -> list[PersonHit]:
    """People found (id -> (exact?, what matched)), ranked and ready for a list (`ranks`: as read with them)."""
    if not found:
        return []
    # Plain columns, not ORM objects: this runs on every keystroke, in a worker
    # thread that shares the interpreter with the screen.
    columns = (Person.id, Person.name, Person.resident_id, Person.address, Person.merged_into_id)
    people = session.exec(select(*columns).where(Person.id.in_(list(found)))).all()
    merged = [(p.id, p.merged_into_id) for p in people if p.merged_into_id is not None]
    if merged:
        # A merged record is found by its old name, phone or ID, and shows as the
        # record it was merged into.
        for merged_id, survivor_id in merged:
            exact, matched = found.pop(merged_id)
            if survivor_id not in found or (exact and not found[survivor_id][0]):
                found[survivor_id] = (exact, matched)
        people = session.exec(select(*columns).where(Person.id.in_(list(found)))).all()
    people = [p for p in people if p.merged_into_id is None]
    ids = [p.id for p in people]
    phones: dict[uuid.UUID, str] = {}
    for person_id, e164 in session.exec(
        select(PersonPhone.person_id, PersonPhone.e164).where(PersonPhone.person_id.in_(ids))
        .order_by(PersonPhone.updated_at)
    ).all():
        phones.setdefault(person_id, e164)
    counts = dict(session.exec(
        select(CaseParty.person_id, func.count()).where(CaseParty.person_id.in_(ids)).group_by(CaseParty.person_id)
    ).all())
    if ranks is None or any(pid not in ranks for pid in ids):  # numbers, or a merged record's survivor
        ranks = dict(session.exec(
            select(SearchKey.person_id, func.max(SearchKey.rank)).where(SearchKey.person_id.in_(ids))
            .group_by(SearchKey.person_id)
        ).all())
    # The whole name or number first, then who reported lately and often (kept count), then the name.
    ranked = sorted(people, key=lambda p: (not found[p.id][0], -ranks.get(p.id, 0), -counts.get(p.id, 0), p.name))
    return [
        PersonHit(
            person_id=p.id,
            name=p.name,
            phone=mask_phone(phones[p.id]) if p.id in phones else "",
            phone_e164=phones.get(p.id, ""),
            resident_id=mask_resident_id(p.resident_id) if p.resident_id else "",
            address=p.address,
            cases=counts.get(p.id, 0),
            exact=found[p.id][0],
            matched=found[p.id][1],
        )
        for p in ranked[:limit]
    ]
