"""People at the desk: entering a new person, finding one as the officer types."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from db.models import Person, PersonPhone
from db.search_index import normalize_name
from frontdesk.i18n import DeskError, Phrase, sentences, t
from frontdesk.records import Actor, save
from frontdesk.validation import (
    check_resident_id,
    digits_reversed,
    mask_resident_id,
    name_pinyin,
    normalize_phone,
)


@dataclass(frozen=True)
class PersonInput:
    """A person as typed in a form: an existing one (person_id) or a new one."""

    name: str = ""
    phone: str = ""
    resident_id: str = ""
    address: str = ""
    person_id: uuid.UUID | None = None


NAME_MAX = 80  # the columns' lengths: longer text is refused with a message, not by the database
ADDRESS_MAX = 200


class FieldErrors(DeskError):
    """Several fields of a form are wrong; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, DeskError]):
        self.errors = errors
        super().__init__("form.fix_fields")

    @property
    def message(self) -> str:
        return t("form.fix_fields", fields=sentences(e.message for e in self.errors.values()))


def check_person_input(person: PersonInput, prefix: str) -> dict[str, DeskError]:
    """Field errors of a person typed in a form (`prefix` names the form part)."""
    errors: dict[str, DeskError] = {}
    if person.person_id is not None:
        return errors
    if not person.name.strip():
        errors[f"{prefix}.name"] = DeskError("form.required", field=Phrase(f"field.{prefix}.name"))
    elif len(person.name.strip()) > NAME_MAX:
        errors[f"{prefix}.name"] = DeskError("form.too_long", field=Phrase(f"field.{prefix}.name"), most=NAME_MAX)
    if len(person.address.strip()) > ADDRESS_MAX:
        errors[f"{prefix}.address"] = DeskError("form.too_long", field=Phrase("field.address"), most=ADDRESS_MAX)
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


def holder_of(session: Session, person: PersonInput) -> Person | None:
    """The known person whose ID number a person typed anew gives (an ID number is one person's), if any."""
    if person.person_id is not None or not person.resident_id.strip():
        return None
    try:
        number = check_resident_id(person.resident_id).number
    except DeskError:
        return None
    return session.exec(select(Person).where(Person.resident_id == number, Person.merged_into_id.is_(None))
                        .order_by(Person.updated_at)).first()


def id_errors(session: Session, person: PersonInput, prefix: str) -> dict[str, DeskError]:
    """A person typed anew with a known person's ID number under another name: refused, naming whose it is (the
    officer takes that person from the matches, or corrects the number). Under the same name they are that person
    (`take_person`): no second record with one ID number."""
    holder = holder_of(session, person)
    if holder is None or normalize_name(holder.name) == normalize_name(person.name):
        return {}
    return {f"{prefix}.resident_id": DeskError("person.id_held", number=mask_resident_id(holder.resident_id or ""),
                                               name=holder.name)}


def take_person(session: Session, person: PersonInput, *, by: Actor) -> tuple[Person, str | None]:
    """The Person for a form's input, creating them if new; and their phone (E.164).

    Inputs must have passed `check_person_input` and `id_errors`. A phone typed for an existing person that they
    do not have yet is added to them; a person typed anew with a known person's ID number (and name) is that person.
    """
    phone = normalize_phone(person.phone) if person.phone.strip() else None
    holder = holder_of(session, person)
    if holder is not None:
        row = holder
    elif person.person_id is not None:
        row = session.get(Person, person.person_id)
        while row is not None and row.merged_into_id is not None:
            row = session.get(Person, row.merged_into_id)  # merged meanwhile: the record they live on in
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
                resident_id_reversed=rid[::-1] if rid else None,
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
    elif person.person_id is not None or holder is not None:
        phone = primary_phone(session, row.id)
    return row, phone


def primary_phone(session: Session, person_id: uuid.UUID) -> str | None:
    return session.exec(
        select(PersonPhone.e164).where(PersonPhone.person_id == person_id).order_by(PersonPhone.updated_at)
    ).first()
