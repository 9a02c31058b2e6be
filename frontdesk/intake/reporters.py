"""Who a batch's reporters are: people the desk knows, found by ID number or by phone and the same name, or
people new in the batch (each created once, however often they appear), and the phones to give them; what
the batch before (still committing) gives them counts as there (`Reporters._count_on`).
Part of a logbook import's batch (frontdesk.intake.batch)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from functools import lru_cache

from sqlalchemy import func
from sqlmodel import Session, select

from db.bulk_insert import new_row
from db.models import Person, PersonPhone
from db.search_index import normalize_name
from frontdesk.callers.people import primary_phone
from frontdesk.intake.rows import ParsedRow
from frontdesk.validation import check_resident_id, digits_reversed, name_pinyin

#: Names come back again and again (王伟, 李娜): their pinyin is worked out once.
_pinyin = lru_cache(maxsize=8192)(name_pinyin)


class Reporters:
    """The batch's reporters: people the desk knows (by ID number, else by phone and the same name) or new
    ones, each created once; and the phones to add to people found by ID number."""

    def __init__(self, session: Session, rows: list[ParsedRow], after: Reporters | None = None):
        self.session = session
        self.people: list[dict] = []
        self.phones: list[dict] = []
        #: (phone, person id, name) for each phone given to someone here: who holds it, for the batch after.
        self.given: list[tuple[str, uuid.UUID, str]] = []
        rids = {check_resident_id(row.draft.reporter.resident_id).number for row in rows
                if row.draft.reporter.resident_id.strip()}
        numbers = {row.e164 for row in rows if row.e164}
        self.by_rid: dict[str, uuid.UUID] = {}
        self.names: dict[uuid.UUID, str] = {}
        merged: dict[uuid.UUID, uuid.UUID] = {}
        #: What the look-up saw, as `seen_by` counts it: (people with the batch's ID numbers, phone records
        #: with its phones).
        self.seen = (0, 0)
        #: The people the look-up found by the batch's ID numbers.
        self.found_rids: set[uuid.UUID] = set()
        if rids:
            found = session.exec(select(Person.resident_id, Person.id, Person.name, Person.merged_into_id)
                                 .where(Person.resident_id.in_(rids))).all()
            self.seen = (len(found), 0)
            self.found_rids = {person_id for _rid, person_id, _name, _into in found}
            for rid, person_id, name, into in found:
                self.by_rid.setdefault(rid, person_id)
                self.names[person_id] = normalize_name(name)
                if into is not None:
                    merged[person_id] = into
        self.holders: dict[str, list[tuple[uuid.UUID, str]]] = defaultdict(list)
        self.has_phone: set[tuple[uuid.UUID, str]] = set()
        if numbers:
            found = session.exec(select(PersonPhone.e164, PersonPhone.person_id, Person.name, Person.merged_into_id)
                                 .join(Person, Person.id == PersonPhone.person_id)
                                 .where(PersonPhone.e164.in_(numbers))).all()
            self.seen = (self.seen[0], len(found))
            for e164, person_id, name, into in found:
                self.holders[e164].append((person_id, normalize_name(name)))
                self.has_phone.add((person_id, e164))
                if into is not None:
                    merged[person_id] = into
        self.merged = merged
        self.first_phone: dict[uuid.UUID, str] = {}
        #: The first phone the batch before gave each person (`_count_on`).
        self.given_before: dict[uuid.UUID, str] = {}
        if after is not None:
            self._count_on(after, rids, numbers)

    def _count_on(self, after: Reporters, rids: set[str], numbers: set[str]) -> None:
        """What the batch before writes, as if it were there (its commit may not have ended when this batch
        was read; if it had, what it wrote was read and is not counted twice): the people it creates with
        this batch's ID numbers, the phones it gives with this batch's phones. They count in what the look-up
        saw, so the check under the lock expects them."""
        people = phones = 0
        for person in after.people:
            rid = person["resident_id"]
            if rid in rids and person["id"] not in self.found_rids:
                people += 1
                self.by_rid.setdefault(rid, person["id"])
                self.names[person["id"]] = normalize_name(person["name"])
            if person["id"] in after.first_phone:  # its only phones are that batch's: the first is its primary
                self.first_phone.setdefault(person["id"], after.first_phone[person["id"]])
        self.given_before = after.first_phone
        for phone, person_id, name in after.given:
            if phone in numbers and (person_id, phone) not in self.has_phone:
                phones += 1
                self.holders[phone].append((person_id, name))
                self.has_phone.add((person_id, phone))
        self.seen = (self.seen[0] + people, self.seen[1] + phones)

    def _live(self, person_id: uuid.UUID) -> uuid.UUID:
        """Someone merged into another record lives on in it (as the case form follows them)."""
        seen = set()
        while person_id in self.merged and person_id not in seen:
            seen.add(person_id)
            person_id = self.merged[person_id]
            row = self.session.get(Person, person_id)
            if row is not None:
                # Their own name, for the phones they are given here: a later row with that name and phone
                # is theirs (not the name typed for the record merged into them).
                self.names[person_id] = normalize_name(row.name)
                if row.merged_into_id is not None:
                    self.merged[person_id] = row.merged_into_id
        return person_id

    def take(self, row: ParsedRow) -> tuple[uuid.UUID, str | None]:
        """The reporter's person id and phone (E.164) for the case party."""
        typed = row.draft.reporter
        phone = row.e164
        rid = check_resident_id(typed.resident_id).number if typed.resident_id.strip() else None
        wanted = normalize_name(typed.name)
        person_id = self.by_rid.get(rid) if rid else None
        if person_id is None and phone:
            person_id = next((pid for pid, name in self.holders.get(phone, ()) if name == wanted), None)
        if person_id is None:
            full, initials = _pinyin(typed.name.strip())
            person = new_row(Person, name=typed.name.strip(), name_pinyin=full, name_initials=initials,
                             resident_id=rid, resident_id_reversed=rid[::-1] if rid else None,
                             address=typed.address.strip())
            self.people.append(person)
            person_id = person["id"]
            self.names[person_id] = wanted
            if rid:
                self.by_rid[rid] = person_id
        else:
            person_id = self._live(person_id)
        if phone is not None:
            if (person_id, phone) not in self.has_phone:
                self.phones.append(new_row(PersonPhone, person_id=person_id, e164=phone,
                                           digits_reversed=digits_reversed(phone)))
                self.has_phone.add((person_id, phone))
                holder = self.names.get(person_id, wanted)
                self.holders[phone].append((person_id, holder))
                self.given.append((phone, person_id, holder))
                self.first_phone.setdefault(person_id, phone)
            return person_id, phone
        known = self.first_phone.get(person_id)
        if known is None:
            known = primary_phone(self.session, person_id)
        # Someone the desk knew without a phone, given one by the batch before, whose commit may not have ended.
        return person_id, known if known is not None else self.given_before.get(person_id)


def seen_by(session: Session, rows: list[ParsedRow]) -> tuple[int, int]:
    """How many people have the batch's ID numbers, and how many phone records its phones."""
    rids = {check_resident_id(row.draft.reporter.resident_id).number for row in rows
            if not row.anonymous and row.draft.reporter.resident_id.strip()}
    phones = {row.e164 for row in rows if not row.anonymous and row.e164}
    count = lambda query: session.execute(select(func.count()).select_from(query.subquery())).scalar_one()  # noqa: E731
    return (count(select(Person.id).where(Person.resident_id.in_(rids))) if rids else 0,
            count(select(PersonPhone.id).where(PersonPhone.e164.in_(phones))) if phones else 0)
