"""People at the desk: entering a new person, finding one as the officer types."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import and_, func
from sqlmodel import Session, select

from db.models import CaseParty, Person, PersonPhone
from frontdesk.i18n import DeskError, Phrase, t
from frontdesk.records import Actor, save
from frontdesk.validation import (
    check_resident_id,
    digits_reversed,
    mask_phone,
    mask_resident_id,
    name_pinyin,
    normalize_phone,
)

#: Fewest digits of a phone or ID typed before the desk looks for matches.
MATCH_MIN_DIGITS = 4


@dataclass(frozen=True)
class PersonInput:
    """A person as typed in a form: an existing one (person_id) or a new one."""

    name: str = ""
    phone: str = ""
    resident_id: str = ""
    address: str = ""
    person_id: uuid.UUID | None = None


@dataclass(frozen=True)
class PersonMatch:
    """A person who may be the one the officer is typing, as a list shows them."""

    person_id: uuid.UUID
    name: str
    phone_masked: str
    phone_e164: str
    resident_id_masked: str
    address: str
    cases: int


class FieldErrors(DeskError):
    """Several fields of a form are wrong; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, DeskError]):
        self.errors = errors
        super().__init__("form.fix_fields")

    @property
    def message(self) -> str:
        return t("form.fix_fields", fields="; ".join(e.message for e in self.errors.values()))


def check_person_input(person: PersonInput, prefix: str) -> dict[str, DeskError]:
    """Field errors of a person typed in a form (`prefix` names the form part)."""
    errors: dict[str, DeskError] = {}
    if person.person_id is not None:
        return errors
    if not person.name.strip():
        errors[f"{prefix}.name"] = DeskError("form.required", field=Phrase(f"field.{prefix}.name"))
    if person.phone.strip():
        try:
            normalize_phone(person.phone)
        except DeskError as exc:
            errors[f"{prefix}.phone"] = exc
    if person.resident_id.strip():
        try:
            check_resident_id(person.resident_id)
        except DeskError as exc:
            errors[f"{prefix}.resident_id"] = exc
    return errors


def take_person(session: Session, person: PersonInput, *, by: Actor) -> tuple[Person, str | None]:
    """The Person for a form's input, creating them if new; and their phone (E.164).

    Inputs must have passed `check_person_input`. A phone typed for an existing
    person that they do not have yet is added to them.
    """
    phone = normalize_phone(person.phone) if person.phone.strip() else None
    if person.person_id is not None:
        row = session.get(Person, person.person_id)
        if row is None:
            raise DeskError("person.gone")
    else:
        full, initials = name_pinyin(person.name)
        rid = check_resident_id(person.resident_id).number if person.resident_id.strip() else None
        row = save(
            session,
            Person(
                name=person.name.strip(),
                name_pinyin=full,
                name_initials=initials,
                resident_id=rid,
                address=person.address.strip(),
            ),
            by=by,
        )
    if phone is not None:
        known = session.exec(
            select(PersonPhone.id).where(PersonPhone.person_id == row.id, PersonPhone.e164 == phone)
        ).first()
        if known is None:
            save(session, PersonPhone(person_id=row.id, e164=phone, digits_reversed=digits_reversed(phone)), by=by)
    elif person.person_id is not None:
        phone = primary_phone(session, row.id)
    return row, phone


def primary_phone(session: Session, person_id: uuid.UUID) -> str | None:
    return session.exec(
        select(PersonPhone.e164).where(PersonPhone.person_id == person_id).order_by(PersonPhone.updated_at)
    ).first()


def starts_with(column, prefix: str):
    """`column` begins with `prefix`, written as a range so the column's index is used.

    (LIKE 'prefix%' with a bound parameter is not index-assisted on SQLite.)
    Prefixes here are digits and X, all below "~".
    """
    return and_(column >= prefix, column < prefix + "~")


def match_people(session: Session, typed: str, *, limit: int = 5) -> list[PersonMatch]:
    """People whose phone or ID number starts with (or, for phones, ends with) what is typed.

    Used while the officer types a reporter's phone or ID: a full number finds
    the person at once, the last four or more digits of a phone narrow it down.
    Each condition is its own indexed look-up; best matches (the whole number)
    come first, then people with more cases.
    """
    text = "".join(ch for ch in typed.upper() if ch.isdigit() or ch == "X")
    if len(text) < MATCH_MIN_DIGITS:
        return []
    digits = text.rstrip("X")
    found: list[uuid.UUID] = []
    if digits:
        # "+8613812…" typed with its country code; "13812…" typed as dialled at home.
        e164_prefix = ("+" if typed.strip().startswith("+") else "+86") + digits
        for condition in (starts_with(PersonPhone.e164, e164_prefix),
                          starts_with(PersonPhone.digits_reversed, digits[::-1])):
            found += session.exec(select(PersonPhone.person_id).where(condition).limit(limit * 4)).all()
    found += session.exec(select(Person.id).where(starts_with(Person.resident_id, text)).limit(limit * 4)).all()
    ids = list(dict.fromkeys(found))[: limit * 4]
    if not ids:
        return []
    people = session.exec(select(Person).where(Person.id.in_(ids), Person.merged_into_id.is_(None))).all()
    phones: dict[uuid.UUID, str] = {}
    for person_id, e164 in session.exec(
        select(PersonPhone.person_id, PersonPhone.e164).where(PersonPhone.person_id.in_(ids))
        .order_by(PersonPhone.updated_at)
    ).all():
        if digits and e164.endswith(digits[-4:]):
            phones[person_id] = e164  # the number that matched, if they have several
        phones.setdefault(person_id, e164)
    counts = dict(session.exec(
        select(CaseParty.person_id, func.count()).where(CaseParty.person_id.in_(ids)).group_by(CaseParty.person_id)
    ).all())

    def rank(person: Person) -> tuple[int, int]:
        whole = phones.get(person.id, "").endswith(digits) and len(digits) >= 11 if digits else False
        return (0 if whole or person.resident_id == text else 1, -counts.get(person.id, 0))

    return [
        PersonMatch(
            person_id=person.id,
            name=person.name,
            phone_masked=mask_phone(phones[person.id]) if person.id in phones else "",
            phone_e164=phones.get(person.id, ""),
            resident_id_masked=mask_resident_id(person.resident_id) if person.resident_id else "",
            address=person.address,
            cases=counts.get(person.id, 0),
        )
        for person in sorted(people, key=rank)[:limit]
    ]
