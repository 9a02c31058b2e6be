"""People at the desk: entering a new person, finding one as the officer types."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_
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


def match_people(session: Session, typed: str, *, limit: int = 5) -> list[PersonMatch]:
    """People whose phone or ID number starts with (or, for phones, ends with) what is typed.

    Used while the officer types a reporter's phone or ID: a full number finds
    the person at once, the last four or more digits of a phone narrow it down.
    """
    text = "".join(ch for ch in typed.upper() if ch.isdigit() or ch == "X")
    if len(text) < MATCH_MIN_DIGITS:
        return []
    digits = text.rstrip("X")
    conditions = [Person.resident_id.startswith(text)]
    if digits:
        conditions.append(PersonPhone.digits_reversed.startswith(digits[::-1]))
        # "+8613812…" typed with its country code; "13812…" typed as dialled at home.
        international = typed.strip().startswith("+")
        conditions.append(PersonPhone.e164.startswith(("+" if international else "+86") + digits))
    rows = session.exec(
        select(Person, PersonPhone.e164)
        .join(PersonPhone, PersonPhone.person_id == Person.id, isouter=True)
        .where(or_(*conditions), Person.merged_into_id.is_(None))
        .limit(limit * 4)
    ).all()
    seen: dict[uuid.UUID, tuple[Person, str | None]] = {}
    for person, phone in rows:
        seen.setdefault(person.id, (person, phone))
    people = list(seen.values())[:limit]
    counts = dict(
        session.exec(
            select(CaseParty.person_id, func.count())
            .where(CaseParty.person_id.in_([p.id for p, _ in people]))
            .group_by(CaseParty.person_id)
        ).all()
    ) if people else {}

    def rank(entry: tuple[Person, str | None]) -> tuple[int, int]:
        person, phone = entry
        exact = phone is not None and "".join(c for c in phone if c.isdigit()).endswith(digits) and len(digits) >= 11
        return (0 if exact or person.resident_id == text else 1, -counts.get(person.id, 0))

    return [
        PersonMatch(
            person_id=person.id,
            name=person.name,
            phone_masked=mask_phone(phone) if phone else "",
            phone_e164=phone or "",
            resident_id_masked=mask_resident_id(person.resident_id) if person.resident_id else "",
            address=person.address,
            cases=counts.get(person.id, 0),
        )
        for person, phone in sorted(people, key=rank)
    ]
