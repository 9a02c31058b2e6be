"""The tags a list by tag may be made of, for the officer to choose from instead of knowing their spelling.

Each tag comes with the word it is put into a box as: its name in the officer's language where that one
word names this tag alone (独居老人, Student), else its code (elderly_alone for "Elderly living alone",
which spaces would part into three words). Either reads back as the same tag (frontdesk.outreach.lists).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from db.models.tags import Tag, TagClass
from frontdesk.i18n import language
from frontdesk.outreach.lists import split_words, words_of


@dataclass(frozen=True)
class TagChoice:
    tag_id: uuid.UUID
    code: str
    name_zh: str
    name_en: str
    name_pinyin: str
    class_name: str  # in the officer's language
    word: str  # what goes into the box

    @property
    def name(self) -> str:
        return self.name_zh if language() == "zh" else self.name_en


def tag_choices(session: Session) -> list[TagChoice]:
    """The tags an officer may put in a list (active, in an active class), in the taxonomy's order."""
    zh = language() == "zh"
    rows = session.exec(
        select(Tag, TagClass).join(TagClass, TagClass.id == Tag.class_id).where(Tag.active, TagClass.active)
        .order_by(TagClass.position, TagClass.code, Tag.position, Tag.code)).all()
    # Whose word is whose: only active tags count, as reading a list back counts them.
    owners: dict[str, set[uuid.UUID]] = {}
    for tag, _cls in rows:
        for word in words_of(tag):
            owners.setdefault(word, set()).add(tag.id)
    choices = []
    for tag, cls in rows:
        name = tag.name_zh if zh else tag.name_en
        alone = split_words(name) == [name] and owners.get(name.lower(), set()) | owners.get(name, set()) == {tag.id}
        choices.append(TagChoice(tag.id, tag.code, tag.name_zh, tag.name_en, tag.name_pinyin,
                                 cls.name_zh if zh else cls.name_en, name if alone else tag.code))
    return choices
