"""Tagging a person: the tags they carry (grouped by class), and an officer's adding and taking off.

Untagging is a synced change, not a delete: the person's tag row is kept with `removed` set, so
it travels to the other sites like any change. A person's tag row is keyed by (person, tag)
(db.models.tags.person_tag_id): the station and an outpost tagging one person alike make one
record. Tags set by a rule (frontdesk.tags.rules) are the rules' to keep: an officer's choice
in the tagging dialog leaves them as they are.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from db.models import Person, PersonTag, Tag, TagClass
from db.models.tags import person_tag_id
from frontdesk.i18n import DeskError, language
from frontdesk.records import Actor, save

NOTE_MAX = 200


@dataclass(frozen=True)
class PersonTagRow:
    tag_id: uuid.UUID
    code: str
    name_zh: str
    name_en: str
    class_id: uuid.UUID
    class_zh: str
    class_en: str
    source: str  # officer | rule
    note: str  # the rule's reason, or the officer's note
    set_at: datetime
    active: bool  # the tag is still offered (a switched-off tag stays on the people who carry it)

    @property
    def name(self) -> str:
        return self.name_zh if language() == "zh" else self.name_en

    @property
    def class_name(self) -> str:
        return self.class_zh if language() == "zh" else self.class_en


def person_tags(session: Session, person_id: uuid.UUID) -> list[PersonTagRow]:
    """The tags a person carries now, in the taxonomy's order (so grouped by class)."""
    rows = session.exec(
        select(PersonTag, Tag, TagClass)
        .join(Tag, Tag.id == PersonTag.tag_id).join(TagClass, TagClass.id == Tag.class_id)
        .where(PersonTag.person_id == person_id, PersonTag.removed.is_(False))
        .order_by(TagClass.position, TagClass.code, Tag.position, Tag.code)
    ).all()
    return [PersonTagRow(tag.id, tag.code, tag.name_zh, tag.name_en, cls.id, cls.name_zh, cls.name_en, pt.source,
                         pt.note, pt.set_at, tag.active and cls.active) for pt, tag, cls in rows]


def grouped(rows: list[PersonTagRow]) -> list[tuple[str, list[PersonTagRow]]]:
    """(class name, its tags) in order, for showing a person's tags by class."""
    groups: list[tuple[str, list[PersonTagRow]]] = []
    for row in rows:
        if not groups or groups[-1][1][0].class_id != row.class_id:
            groups.append((row.class_name, []))
        groups[-1][1].append(row)
    return groups


def _person(session: Session, person_id: uuid.UUID) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise DeskError("person.gone")
    return person


def put_tag(session: Session, person_id: uuid.UUID, tag: Tag, *, source: str, note: str, by: Actor,
            now: datetime, action: str) -> bool:
    """Put `tag` on the person (a new row, or the removed one taken back); False if they carry it already."""
    # A tag that came with a merged record keeps its old id: look for the person's row by what it is.
    row = session.get(PersonTag, person_tag_id(person_id, tag.id)) or session.exec(
        select(PersonTag).where(PersonTag.person_id == person_id, PersonTag.tag_id == tag.id)).first()
    if row is not None and not row.removed:
        return False
    if row is None:
        row = PersonTag(id=person_tag_id(person_id, tag.id), person_id=person_id, tag_id=tag.id, source=source,
                        set_at=now)
    row.removed, row.source, row.note, row.set_at = False, source, note[:NOTE_MAX], now
    row.set_by = by.officer_id if source == "officer" else None
    save(session, row, by=by, action=action)
    return True


def take_off(session: Session, row: PersonTag, *, by: Actor, action: str) -> None:
    row.removed = True
    save(session, row, by=by, action=action)


def set_person_tags(session: Session, person_id: uuid.UUID, chosen: set[uuid.UUID], *, by: Actor,
                    now: datetime) -> tuple[int, int]:
    """Make the officer-set tags of a person exactly `chosen` (rule-set ones are left to their rules).

    A switched-off tag the person carries may stay chosen; one not carried is refused, like an
    unknown one. Returns (tags put on, tags taken off).
    """
    _person(session, person_id)
    held = {row.tag_id: row for row in session.exec(
        select(PersonTag).where(PersonTag.person_id == person_id, PersonTag.removed.is_(False))).all()}
    wanted = {tag.id: tag for tag in session.exec(select(Tag).where(Tag.id.in_(chosen))).all()} if chosen else {}
    if set(chosen) - set(wanted):
        raise DeskError("tag.gone")
    for tag in wanted.values():
        if tag.id not in held and not tag.active:
            raise DeskError("tag.off", name=tag.name_zh if language() == "zh" else tag.name_en)
    put = sum(put_tag(session, person_id, tag, source="officer", note="", by=by, now=now, action="tag_person")
              for tag_id, tag in wanted.items() if tag_id not in held)
    off = 0
    for tag_id, row in held.items():
        if tag_id not in wanted and row.source == "officer":
            take_off(session, row, by=by, action="untag_person")
            off += 1
    return put, off
