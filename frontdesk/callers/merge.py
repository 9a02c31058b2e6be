"""Two records of one person: spotting them, merging them, and undoing a merge.

A merge moves the merged record's cases, phones, volunteering and reviews to the
survivor and marks the merged record as merged; it deletes nothing. What moved
is kept in a PersonMerge record, so the merge can be undone exactly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from db.models import CaseParty, Person, PersonMerge, PersonPhone, PersonTag, ReporterReview, Volunteer
from frontdesk.i18n import DeskError
from frontdesk.records import Actor, save
from frontdesk.callers.lookup import PersonHit, hits_for
from frontdesk.validation import check_resident_id, normalize_phone

#: What points at a person, and is moved with them.
MOVABLE = {"caseparty": CaseParty, "personphone": PersonPhone, "volunteer": Volunteer, "reporterreview": ReporterReview,
           "persontag": PersonTag}


def likely_duplicates(session: Session, *, name: str, phone: str = "", resident_id: str = "") -> list[PersonHit]:
    """People who may be the one being entered: same phone, same ID, or same name with a
    phone one digit away (a slip of the finger)."""
    found: dict[uuid.UUID, tuple[bool, str]] = {}
    e164 = None
    try:
        e164 = normalize_phone(phone) if phone.strip() else None
    except DeskError:
        pass
    if e164:
        for person_id in session.exec(select(PersonPhone.person_id).where(PersonPhone.e164 == e164)).all():
            found[person_id] = (True, "phone")
    if resident_id.strip():
        try:
            rid = check_resident_id(resident_id).number
            for person_id in session.exec(select(Person.id).where(Person.resident_id == rid)).all():
                found[person_id] = (True, "id")
        except DeskError:
            pass
    if name.strip() and e164:
        namesakes = session.exec(
            select(Person.id, PersonPhone.e164)
            .join(PersonPhone, PersonPhone.person_id == Person.id)
            .where(Person.name == name.strip())
            .limit(50)
        ).all()
        for person_id, other in namesakes:
            if _one_digit_apart(e164, other):
                found.setdefault(person_id, (False, "name"))
    return hits_for(session, found, limit=10)


def _one_digit_apart(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    return sum(x != y for x, y in zip(a, b)) == 1 or any(
        a[:i] + a[i + 1] + a[i] + a[i + 2:] == b for i in range(len(a) - 1)  # two digits swapped
    )


@dataclass(frozen=True)
class MergeDone:
    merge_id: uuid.UUID
    moved: int


def merge_people(session: Session, *, merged_id: uuid.UUID, survivor_id: uuid.UUID, reason: str, by: Actor) -> MergeDone:
    """Make `merged_id` part of `survivor_id`: every case and phone follows; nothing is lost."""
    if merged_id == survivor_id:
        raise DeskError("merge.same_person")
    merged, survivor = session.get(Person, merged_id), session.get(Person, survivor_id)
    if merged is None or survivor is None:
        raise DeskError("person.gone")
    if merged.merged_into_id is not None or survivor.merged_into_id is not None:
        raise DeskError("merge.already_merged")
    survivor_phones = set(session.exec(select(PersonPhone.e164).where(PersonPhone.person_id == survivor_id)).all())
    survivor_tags = set(session.exec(select(PersonTag.tag_id).where(PersonTag.person_id == survivor_id)).all())
    moved: dict[str, list[str]] = {}
    for table, model in MOVABLE.items():
        for row in session.exec(select(model).where(model.person_id == merged_id)).all():
            if table == "personphone" and row.e164 in survivor_phones:
                continue  # the survivor has this number already; it stays with the merged record
            if table == "persontag" and row.tag_id in survivor_tags:
                continue  # the survivor carries (or had) this tag already: one person, one row per tag
            row.person_id = survivor_id
            save(session, row, by=by, action="merge")
            moved.setdefault(table, []).append(str(row.id))
    merged.merged_into_id = survivor_id
    save(session, merged, by=by, action="merge", reason=reason)
    record = save(session, PersonMerge(merged_id=merged_id, survivor_id=survivor_id, moved=moved, reason=reason),
                  by=by, action="merge", reason=reason)
    return MergeDone(record.id, sum(len(ids) for ids in moved.values()))


def undo_merge(session: Session, merge_id: uuid.UUID, *, by: Actor, now) -> None:
    """Put everything a merge moved back where it was."""
    record = session.get(PersonMerge, merge_id)
    if record is None or record.undone_at is not None:
        raise DeskError("merge.nothing_to_undo")
    survivor = session.get(Person, record.survivor_id)
    if survivor is not None and survivor.merged_into_id is not None:
        # The survivor was merged on into a third record since: undo that first,
        # or rows would come back to the wrong person.
        raise DeskError("merge.undo_later_first")
    for table, ids in record.moved.items():
        model = MOVABLE[table]
        for row in session.exec(select(model).where(model.id.in_([uuid.UUID(i) for i in ids]))).all():
            if row.person_id != record.survivor_id:
                continue  # moved on since (another merge): not this merge's to move back
            row.person_id = record.merged_id
            save(session, row, by=by, action="unmerge")
    merged = session.get(Person, record.merged_id)
    merged.merged_into_id = None
    save(session, merged, by=by, action="unmerge")
    record.undone_at = now
    save(session, record, by=by, action="unmerge")


def merges_of(session: Session, person_id: uuid.UUID) -> list[PersonMerge]:
    """Merges into or out of this person that can still be undone, newest first."""
    return list(session.exec(
        select(PersonMerge)
        .where((PersonMerge.survivor_id == person_id) | (PersonMerge.merged_id == person_id),
               PersonMerge.undone_at.is_(None))
        .order_by(PersonMerge.updated_at.desc())
    ).all())
