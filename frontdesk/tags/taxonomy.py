"""The station's taxonomy of people's tags: classes and tags, kept by the admin like the other lists.

Nothing is deleted. A class or tag switched off is no longer offered for tagging, and the people
who carry a switched-off tag keep it (their records are left as they are). Every change goes
through records.save (audited, versioned, carried in sync bundles). A new class or tag is keyed
by its code (db.ids.stable_id), so the same code added at two sites is one record, not two.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func
from sqlmodel import Session, select

from db.ids import stable_id
from db.models import PersonTag, Tag, TagClass
from db.models.tags import tag_pinyin
from db.search_index import normalize
from frontdesk.access.roles import require
from frontdesk.callers.people import FieldErrors
from frontdesk.i18n import DeskError, Phrase, language
from frontdesk.records import Actor, save
from frontdesk.validation import one_line_name

NAME_MAX = 80
CLASS_CODE_MAX, TAG_CODE_MAX = 40, 60
CODE_SHAPE = re.compile(r"^[a-z][a-z0-9_]*$")
#: The rules a tag can be set by ("" = by officers only); frontdesk.tags.rules applies them.
RULES = ("", "fraud_victim", "repeat_reporter", "elderly_by_id", "minor_by_id")


@dataclass(frozen=True)
class ClassRow:
    class_id: uuid.UUID
    code: str
    name_zh: str
    name_en: str
    active: bool
    version: int
    tags: int  # tags in the class

    @property
    def name(self) -> str:
        return self.name_zh if language() == "zh" else self.name_en


@dataclass(frozen=True)
class TagRow:
    tag_id: uuid.UUID
    code: str
    class_id: uuid.UUID
    name_zh: str
    name_en: str
    name_pinyin: str
    active: bool
    rule: str
    version: int
    people: int = 0  # people carrying it (untagged ones not counted); 0 where not counted

    @property
    def name(self) -> str:
        return self.name_zh if language() == "zh" else self.name_en


@dataclass(frozen=True)
class TagInput:
    code: str
    name_zh: str
    name_en: str
    class_id: uuid.UUID | None = None
    rule: str = ""


def tag_classes(session: Session) -> list[ClassRow]:
    """Every class, switched-off ones included, in the list's order."""
    counts = dict(session.exec(select(Tag.class_id, func.count()).group_by(Tag.class_id)).all())
    return [ClassRow(c.id, c.code, c.name_zh, c.name_en, c.active, c.version, counts.get(c.id, 0))
            for c in session.exec(select(TagClass).order_by(TagClass.position, TagClass.code)).all()]


def _row(tag: Tag, people: int = 0) -> TagRow:
    return TagRow(tag.id, tag.code, tag.class_id, tag.name_zh, tag.name_en, tag.name_pinyin, tag.active, tag.rule,
                  tag.version, people)


def tags(session: Session, *, class_id: uuid.UUID | None = None, active_only: bool = False,
         counted: bool = False) -> list[TagRow]:
    """The tags (of one class, or all), in the list's order: their class's place, then their own."""
    query = select(Tag).join(TagClass, TagClass.id == Tag.class_id)
    if class_id is not None:
        query = query.where(Tag.class_id == class_id)
    if active_only:
        query = query.where(Tag.active, TagClass.active)
    rows = session.exec(query.order_by(TagClass.position, TagClass.code, Tag.position, Tag.code)).all()
    people: dict = {}
    if counted and rows:
        people = dict(session.exec(
            select(PersonTag.tag_id, func.count()).where(PersonTag.removed.is_(False),
                                                          PersonTag.tag_id.in_([t.id for t in rows]))
            .group_by(PersonTag.tag_id)).all())
    return [_row(tag, people.get(tag.id, 0)) for tag in rows]


class NamedTag(Protocol):
    """What a tag is found by: a TagRow, or any other area's view of a tag (the outreach list's picker)."""

    code: str
    name_zh: str
    name_en: str
    name_pinyin: str


def matches(row: NamedTag, typed: str) -> bool:
    """Whether a tag answers what was typed: every word of it found in the Chinese or English name,
    the code, or the pinyin (full or initials, from any point: laoren, djlr, lr)."""
    words = [normalize(word) for word in typed.split()]
    if not any(words):
        return True
    haystacks = (normalize(row.name_zh), row.name_en.casefold(), row.code, row.name_pinyin.replace(" ", "|"))
    return all(any(word in hay for hay in haystacks) for word in words if word)


def search(session: Session, typed: str, *, active_only: bool = True) -> list[TagRow]:
    """The tags answering `typed` (see `matches`), in the list's order (a few hundred tags: read whole)."""
    return [row for row in tags(session, active_only=active_only) if matches(row, typed)]


def _checked(session: Session, *, code: str | None, name_zh: str, name_en: str, model, code_max: int,
             own_id: uuid.UUID | None) -> tuple[str | None, str, str]:
    errors: dict[str, DeskError] = {}
    zh, en = one_line_name(name_zh), one_line_name(name_en)
    for field, value, label in (("name_zh", zh, "tag.field.name_zh"), ("name_en", en, "tag.field.name_en")):
        if not value:
            errors[field] = DeskError("form.required", field=Phrase(label))
        elif len(value) > NAME_MAX:
            errors[field] = DeskError("form.too_long", field=Phrase(label), most=NAME_MAX)
    if code is not None:
        code = code.strip().lower()
        if not code:
            errors["code"] = DeskError("form.required", field=Phrase("tag.field.code"))
        elif len(code) > code_max or not CODE_SHAPE.match(code):
            errors["code"] = DeskError("tag.code_shape", code=code, most=code_max)
        else:
            taken = session.exec(select(model).where(model.code == code)).first()
            if taken is not None and taken.id != own_id:
                errors["code"] = DeskError("tag.code_taken", code=code, name=taken.name_zh)
    if errors:
        raise FieldErrors(errors)
    return code, zh, en


class _SaidName:
    """A class's name in the language of the moment its message is shown."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en

    def __format__(self, spec: str) -> str:
        return format(self.zh if language() == "zh" else self.en, spec)


def _names_taken(session: Session, tag_class: TagClass, *, zh: str, en: str,
                 own_id: uuid.UUID | None) -> dict[str, DeskError]:
    """A name another tag of the class has already, in either language (switched-off tags too: switched
    back on, the two could not be told apart); English names compared without regard to capitals."""
    errors: dict[str, DeskError] = {}
    class_name = _SaidName(tag_class.name_zh, tag_class.name_en)
    for other in session.exec(select(Tag).where(Tag.class_id == tag_class.id)).all():
        if other.id == own_id:
            continue
        same_zh, same_en = other.name_zh == zh, other.name_en.casefold() == en.casefold()
        if same_zh and same_en:  # the very tag again: said once
            return {"name_zh": DeskError("tag.name_taken", name=f"{zh} / {en}", code=other.code, class_name=class_name)}
        if same_zh and "name_zh" not in errors:
            errors["name_zh"] = DeskError("tag.name_taken", name=zh, code=other.code, class_name=class_name)
        if same_en and "name_en" not in errors:
            errors["name_en"] = DeskError("tag.name_taken", name=en, code=other.code, class_name=class_name)
    return errors


def _class_names_taken(session: Session, *, zh: str, en: str, own_id: uuid.UUID | None) -> dict[str, DeskError]:
    """A name another class has already, in either language (switched-off classes too, as for tags' names)."""
    errors: dict[str, DeskError] = {}
    for other in session.exec(select(TagClass)).all():
        if other.id == own_id:
            continue
        same_zh, same_en = other.name_zh == zh, other.name_en.casefold() == en.casefold()
        if same_zh and same_en:  # the very class again: said once
            return {"name_zh": DeskError("tag.class_name_taken", name=f"{zh} / {en}", code=other.code)}
        if same_zh and "name_zh" not in errors:
            errors["name_zh"] = DeskError("tag.class_name_taken", name=zh, code=other.code)
        if same_en and "name_en" not in errors:
            errors["name_en"] = DeskError("tag.class_name_taken", name=en, code=other.code)
    return errors


def _checked_class(session: Session, *, code: str | None, name_zh: str, name_en: str,
                   own_id: uuid.UUID | None) -> tuple[str | None, str, str]:
    """A class's code (when added) and names as `_checked` has them, and names no other class has."""
    errors: dict[str, DeskError] = {}
    zh, en = one_line_name(name_zh), one_line_name(name_en)
    try:
        code, zh, en = _checked(session, code=code, name_zh=name_zh, name_en=name_en, model=TagClass,
                                code_max=CLASS_CODE_MAX, own_id=own_id)
    except FieldErrors as refused:
        errors = dict(refused.errors)
    if not errors.keys() & {"name_zh", "name_en"}:
        errors |= _class_names_taken(session, zh=zh, en=en, own_id=own_id)
    if errors:
        raise FieldErrors(errors)
    return code, zh, en


def save_class(session: Session, *, code: str, name_zh: str, name_en: str, class_id: uuid.UUID | None,
               version: int | None, by: Actor) -> TagClass:
    """Add a class at the end of the list, or rename one (its code stays; refused if changed meanwhile)."""
    require(by, "station_lists")
    if class_id is None:
        code, zh, en = _checked_class(session, code=code, name_zh=name_zh, name_en=name_en, own_id=None)
        last = session.exec(select(func.max(TagClass.position))).one() or 0
        row = TagClass(id=stable_id("tagclass", code), code=code, name_zh=zh, name_en=en, position=last + 10)
        return save(session, row, by=by, action="add_tag_class")
    row = session.get(TagClass, class_id)
    if row is None:
        raise DeskError("tag.class_gone")
    _, row.name_zh, row.name_en = _checked_class(session, code=None, name_zh=name_zh, name_en=name_en,
                                                 own_id=class_id)
    return save(session, row, by=by, action="change_tag_class", expected_version=version)


def save_tag(session: Session, typed: TagInput, *, tag_id: uuid.UUID | None, version: int | None,
             by: Actor) -> Tag:
    """Add a tag at the end of its class, or rename it, move it to another class or change its rule."""
    require(by, "station_lists")
    errors: dict[str, DeskError] = {}
    if typed.rule not in RULES:
        errors["rule"] = DeskError("tag.rule_unknown", rule=typed.rule)
    tag_class = session.get(TagClass, typed.class_id) if typed.class_id else None
    if tag_class is None and (tag_id is None or typed.class_id is not None):
        errors["class_id"] = DeskError("tag.class_gone")
    code, zh, en = None, one_line_name(typed.name_zh), one_line_name(typed.name_en)
    try:
        code, zh, en = _checked(session, code=typed.code if tag_id is None else None, name_zh=typed.name_zh,
                                name_en=typed.name_en, model=Tag, code_max=TAG_CODE_MAX, own_id=tag_id)
    except FieldErrors as refused:
        errors = refused.errors | errors
    own = session.get(Tag, tag_id) if tag_id is not None else None
    into = tag_class or (session.get(TagClass, own.class_id) if own is not None else None)
    if into is not None and not errors.keys() & {"name_zh", "name_en"}:
        errors |= _names_taken(session, into, zh=zh, en=en, own_id=tag_id)
    if errors:
        raise FieldErrors(errors)
    if tag_id is None:
        last = session.exec(select(func.max(Tag.position)).where(Tag.class_id == tag_class.id)).one() or 0
        tag = Tag(id=stable_id("tag", code), code=code, class_id=tag_class.id, position=last + 10)
        action = "add_tag"
    else:
        tag = session.get(Tag, tag_id)
        if tag is None:
            raise DeskError("tag.gone")
        action = "change_tag"
        if tag_class is not None and tag_class.id != tag.class_id:
            tag.class_id = tag_class.id
    tag.name_zh, tag.name_en, tag.name_pinyin, tag.rule = zh, en, tag_pinyin(zh), typed.rule
    return save(session, tag, by=by, action=action, expected_version=version)


def switch_class(session: Session, class_id: uuid.UUID, *, active: bool, by: Actor) -> TagClass:
    """Switch a class off (its tags are no longer offered; people keep theirs) or back on."""
    require(by, "station_lists")
    row = session.get(TagClass, class_id)
    if row is None:
        raise DeskError("tag.class_gone")
    row.active = active
    return save(session, row, by=by, action="tag_class_on" if active else "tag_class_off")


def switch_tag(session: Session, tag_id: uuid.UUID, *, active: bool, by: Actor) -> Tag:
    """Switch a tag off (no longer offered, nor set by its rule; the people who carry it keep it) or on."""
    require(by, "station_lists")
    tag = session.get(Tag, tag_id)
    if tag is None:
        raise DeskError("tag.gone")
    tag.active = active
    return save(session, tag, by=by, action="tag_on" if active else "tag_off")
