"""Lists by tag: people matching an expression of tags (all of, any of, none of), a village and an age range.

What an officer types is read into an `Expression` (tags found by code or by name, in either language or
pinyin), then counted and paged by the database over PersonTag's index (tag, removed, person): one
INTERSECT per "all of" tag, a UNION for "any of", an EXCEPT for "none of". Never loaded into Python.

The edge cases, decided for the desk:
- An empty expression (no tag, village or age) is refused: a list of every resident is the 大水漫灌 this
  feature replaces, and a slip of the keyboard should not start one. "None of" alone is refused the same
  way, since it lists nearly everyone; it narrows a list made by the other fields.
- A tag both in "all of" and "none of" (or every "any of" tag also in "none of") matches nobody: the count is
  0 with a plain message saying why, not an error, so the officer sees which tag to move.
- An inactive tag (retired by the admin) cannot be chosen: refused by name.
- A person's removed tags do not count; people merged into another record (merged_into_id) never appear.
- An age range counts only people whose resident ID gives the birth date, at the desk's local day.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, except_, exists, false, func, intersect, select as core_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from db.models import Person, PersonPhone
from db.models.tags import PersonTag, Tag
from frontdesk.i18n import DeskError, language
from frontdesk.validation import display_phone, mask_phone, mask_resident_id

#: The people a list shows at once (the first page).
PAGE = 20
#: The most index entries the first page reads along a tag's range before building the whole set instead.
SPARSE_WALK = 4000
#: A list within a tag range this short is read whole at once: its length is the count, its head the page.
SMALL_LIST = 3000
#: The oldest age a range may name.
OLDEST = 130
_SPLIT = re.compile(r"[\s,，、;；]+")


@dataclass(frozen=True)
class ListQuery:
    """A list as typed: tags (codes or names) separated by spaces or commas, a village, ages."""

    all_of: str = ""
    any_of: str = ""
    none_of: str = ""
    village: str = ""
    age_from: str = ""
    age_to: str = ""

    def as_dict(self) -> dict[str, str]:
        return {key: getattr(self, key).strip() for key in ("all_of", "any_of", "none_of", "village", "age_from",
                                                            "age_to")}


@dataclass(frozen=True)
class TagRef:
    id: uuid.UUID
    code: str
    name: str  # in the officer's language


@dataclass(frozen=True)
class Expression:
    all_of: tuple[TagRef, ...] = ()
    any_of: tuple[TagRef, ...] = ()
    none_of: tuple[TagRef, ...] = ()
    village: str = ""
    age_from: int | None = None
    age_to: int | None = None
    #: The tags that make it match nobody (in "all of" and "none of"): said to the officer, count 0.
    contradiction: tuple[TagRef, ...] = ()

    @property
    def positive(self) -> bool:
        return bool(self.all_of or self.any_of or self.village or self.age_from is not None
                    or self.age_to is not None)

    def codes(self) -> dict[str, object]:
        """What the list was chosen by, for a campaign's record and the export's audit (codes, not names)."""
        return {"all_of": [tag.code for tag in self.all_of], "any_of": [tag.code for tag in self.any_of],
                "none_of": [tag.code for tag in self.none_of], "village": self.village,
                "age_from": self.age_from, "age_to": self.age_to}


@dataclass(frozen=True)
class ListPerson:
    person_id: uuid.UUID
    name: str
    phone: str  # masked unless asked for in full
    resident_id: str  # masked unless asked for in full
    village: str
    age: int | None


@dataclass(frozen=True)
class ListResult:
    expression: Expression
    count: int
    people: tuple[ListPerson, ...] = field(default=())


# ---- reading what was typed --------------------------------------------------------------------------


def words_of(tag: Tag) -> set[str]:
    """The words a tag may be typed as in a list: its code, its names, its pinyin and initials."""
    return {tag.code.lower(), tag.name_zh, tag.name_en.lower(), *tag.name_pinyin.lower().split()}


def split_words(typed: str) -> list[str]:
    """What was typed in one box of a list, as the words it is read by (spaces, commas, 、 and ; part them)."""
    return [part for part in _SPLIT.split(typed.strip()) if part]


def _tags_by_word(session: Session) -> dict[str, tuple[Tag, ...]]:
    """Every tag under each word it may be typed as (`words_of`)."""
    found: dict[str, list[Tag]] = {}
    for tag in session.exec(select(Tag)).all():
        for word in words_of(tag):
            if word:
                found.setdefault(word, []).append(tag)
    return {word: tuple(tags) for word, tags in found.items()}


def _resolve(words: dict[str, tuple[Tag, ...]], typed: str, zh: bool) -> tuple[TagRef, ...]:
    chosen: dict[uuid.UUID, TagRef] = {}
    for word in split_words(typed):
        tags = words.get(word.lower()) or words.get(word)
        if not tags:
            raise DeskError("outreach.tag_unknown", tag=word)
        active = [tag for tag in tags if tag.active]
        if not active:
            raise DeskError("outreach.tag_inactive", tag=word)
        if len(active) > 1 and not any(tag.code.lower() == word.lower() for tag in active):
            raise DeskError("outreach.tag_ambiguous", tag=word, codes=", ".join(sorted(t.code for t in active)))
        tag = next((tag for tag in active if tag.code.lower() == word.lower()), active[0])
        chosen[tag.id] = TagRef(tag.id, tag.code, tag.name_zh if zh else tag.name_en)
    return tuple(chosen.values())


def _age(text: str, which: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdecimal() or int(text) > OLDEST:
        raise DeskError("outreach.age_bad", value=text, most=OLDEST)
    return int(text)


def read_expression(session: Session, typed: ListQuery) -> Expression:
    """The typed list as tags and bounds; DeskError in the officer's words for what cannot be used."""
    words, zh = _tags_by_word(session), language() == "zh"
    all_of = _resolve(words, typed.all_of, zh)
    any_of = _resolve(words, typed.any_of, zh)
    none_of = _resolve(words, typed.none_of, zh)
    age_from, age_to = _age(typed.age_from, "from"), _age(typed.age_to, "to")
    if age_from is not None and age_to is not None and age_from > age_to:
        raise DeskError("outreach.age_backwards", low=age_from, high=age_to)
    excluded = {tag.id for tag in none_of}
    clash = tuple(tag for tag in all_of if tag.id in excluded)
    if not clash and any_of and all(tag.id in excluded for tag in any_of):
        clash = any_of
    expression = Expression(all_of=all_of, any_of=any_of, none_of=none_of, village=typed.village.strip(),
                            age_from=age_from, age_to=age_to, contradiction=clash)
    if not expression.positive:
        raise DeskError("outreach.none_of_alone" if none_of else "outreach.empty")
    return expression


# ---- counting and paging in the database --------------------------------------------------------------


def _carrying(tag_ids) -> object:
    """People carrying (not removed) any of `tag_ids`: a range of PersonTag's (tag, removed, person) index."""
    ids = list(tag_ids)
    where = PersonTag.tag_id == ids[0] if len(ids) == 1 else PersonTag.tag_id.in_(ids)
    return core_select(PersonTag.person_id).where(where, PersonTag.removed == false())


def _born_between(expression: Expression, today: date) -> list:
    """Conditions on the birth date the resident ID carries (its characters 7 to 14, YYYYMMDD)."""
    birth = func.substr(Person.resident_id, 7, 8)
    conditions = []
    if expression.age_from is not None:  # at least age_from: born on or before today, age_from years ago
        conditions.append(birth <= _years_before(today, expression.age_from).strftime("%Y%m%d"))
    if expression.age_to is not None:  # at most age_to: born after today, age_to + 1 years ago
        conditions.append(birth > _years_before(today, expression.age_to + 1).strftime("%Y%m%d"))
    if conditions:
        conditions.append(Person.resident_id.is_not(None))
    return conditions


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _person_conditions(expression: Expression, today: date) -> list:
    conditions = [Person.merged_into_id.is_(None), *_born_between(expression, today)]
    if expression.village:
        escaped = expression.village.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(Person.village.like(f"{escaped}%", escape="\\"))
    return conditions


def _tagged(expression: Expression, *, merged_only: bool = False):
    """The ids of people the tags choose, or None when no tag chooses (village/age only).

    One flat compound SELECT (SQLite takes no parenthesised compound inside another): an INTERSECT per
    "all of" tag and one for "any of", then EXCEPT "none of". `merged_only` keeps only merged records
    (read from the person index on merged_into_id), for taking them off a count.
    """
    chosen = [_carrying([tag.id]) for tag in expression.all_of]
    if expression.any_of:  # each person once, however many of the tags they carry
        chosen.append(_carrying(tag.id for tag in expression.any_of).distinct())
    if not chosen:
        return None
    if merged_only:
        chosen.append(core_select(Person.id).where(Person.merged_into_id.is_not(None)))
    found = chosen[0] if len(chosen) == 1 else intersect(*chosen)
    if expression.none_of:
        if len(chosen) > 1:
            inner = found.subquery("both")
            found = core_select(inner.c.person_id)
        found = except_(found, _carrying(tag.id for tag in expression.none_of))
    return found


def _matching(expression: Expression, today: date):
    """(FROM, WHERE) of the people the expression lists."""
    tagged = _tagged(expression)
    conditions = _person_conditions(expression, today)
    if tagged is None:
        if expression.none_of:
            conditions.append(Person.id.not_in(_carrying(tag.id for tag in expression.none_of)))
        return Person.__table__, conditions, Person.id
    chosen = tagged.subquery("chosen")
    return chosen.join(Person.__table__, Person.id == chosen.c.person_id), conditions, chosen.c.person_id


def count(session: Session, expression: Expression, *, today: date) -> int:
    """How many people the expression lists (0 for a contradiction, without asking the database)."""
    if expression.contradiction:
        return 0
    tagged = _tagged(expression)
    if tagged is not None and not expression.village and expression.age_from is None and expression.age_to is None:
        # Tags alone: the index answers; the few merged records among them are taken off after.
        total = session.execute(core_select(func.count()).select_from(tagged.subquery("chosen"))).scalar_one()
        merged = _tagged(expression, merged_only=True)
        gone = session.execute(core_select(func.count()).select_from(merged.subquery("merged"))).scalar_one()
        return int(total) - int(gone)
    source, conditions, _key = _matching(expression, today)
    return int(session.execute(core_select(func.count()).select_from(source).where(and_(*conditions))).scalar_one())


def person_ids(session: Session, expression: Expression, *, today: date, limit: int | None = None,
               after: uuid.UUID | None = None) -> list[uuid.UUID]:
    """The listed people's ids in the order of their ids (oldest records first), `limit` of them after `after`."""
    if expression.contradiction:
        return []
    source, conditions, key = _matching(expression, today)
    query = core_select(Person.id).select_from(source).where(and_(*conditions))
    if after is not None:
        query = query.where(key > after)
    query = query.order_by(key)
    if limit is not None:
        query = query.limit(limit)
    return [row[0] for row in session.execute(query)]


def age_on(resident_id: str | None, today: date) -> int | None:
    """Whole years since the birth date the resident ID carries, None without one."""
    if not resident_id or len(resident_id) != 18 or not resident_id[6:14].isdecimal():
        return None
    try:
        born = date(int(resident_id[6:10]), int(resident_id[10:12]), int(resident_id[12:14]))
    except ValueError:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def people_rows(session: Session, ids: list[uuid.UUID], *, today: date, full: bool = False) -> list[ListPerson]:
    """The people of `ids` in that order: name, first phone and ID number (masked unless `full`), village, age."""
    if not ids:
        return []
    found = {row[0]: row for row in session.execute(
        core_select(Person.id, Person.name, Person.resident_id, Person.village).where(Person.id.in_(ids)))}
    phones = dict(session.execute(core_select(PersonPhone.person_id, func.min(PersonPhone.e164))
                                  .where(PersonPhone.person_id.in_(ids)).group_by(PersonPhone.person_id)).all())
    rows = []
    for person_id in ids:
        if person_id not in found:
            continue
        _id, name, rid, village = found[person_id]
        phone, rid = phones.get(person_id, ""), rid or ""
        rows.append(ListPerson(person_id=person_id, name=name,
                               phone=(display_phone(phone) if full else mask_phone(phone)) if phone else "",
                               resident_id=rid if full else (mask_resident_id(rid) if rid else ""),
                               village=village, age=age_on(rid, today)))
    return rows


def _range_size(session: Session, tag_ids: list[uuid.UUID]) -> int:
    return int(session.execute(core_select(func.count()).select_from(_carrying(tag_ids).subquery())).scalar_one())


def _driven_page(session: Session, expression: Expression, *, today: date, drivers: list[TagRef],
                 limit: int) -> list[uuid.UUID]:
    """The first `limit` ids read along each driver tag's index range in id order, each candidate checked
    (the other tags by EXISTS, the person's record by its key); the range stops once `limit` are found."""
    def carries(tag_ids, person) -> object:
        ids = list(tag_ids)
        return exists().where(PersonTag.person_id == person, PersonTag.removed == false(),
                              PersonTag.tag_id == ids[0] if len(ids) == 1 else PersonTag.tag_id.in_(ids))

    found: set[uuid.UUID] = set()
    for driver in drivers:
        walk = aliased(PersonTag)
        checks = [carries([tag.id], walk.person_id) for tag in expression.all_of if tag.id != driver.id]
        if expression.any_of and driver not in expression.any_of:
            checks.append(carries((tag.id for tag in expression.any_of), walk.person_id))
        if expression.none_of:
            checks.append(~carries((tag.id for tag in expression.none_of), walk.person_id))
        query = (core_select(walk.person_id).join(Person, Person.id == walk.person_id)
                 .where(walk.tag_id == driver.id, walk.removed == false(), *checks,
                        *_person_conditions(expression, today))
                 .order_by(walk.person_id).limit(limit))
        found.update(row[0] for row in session.execute(query))
    return sorted(found)[:limit]


def _walk_plan(session: Session, expression: Expression) -> tuple[int, list[TagRef]] | None:
    """(index entries, tags) of the cheapest tag range the list lies within: the smallest "all of" tag's, or
    every "any of" tag's; None when no tag chooses. Counted from the index alone (a few milliseconds)."""
    if expression.all_of:
        sizes = sorted((_range_size(session, [tag.id]), index) for index, tag in enumerate(expression.all_of))
        return sizes[0][0], [expression.all_of[sizes[0][1]]]
    if expression.any_of:
        return _range_size(session, [tag.id for tag in expression.any_of]), list(expression.any_of)
    return None


def counted(session: Session, expression: Expression, *, today: date) -> tuple[int, list[uuid.UUID] | None]:
    """The list's count, and its first page's ids when finding them cost nothing more: a list within a short
    tag range (at most SMALL_LIST index entries) is read whole once, its length the count."""
    if expression.contradiction:
        return 0, []
    plan = _walk_plan(session, expression)
    if plan is not None and plan[0] <= SMALL_LIST:
        ids = person_ids(session, expression, today=today)
        return len(ids), ids[:PAGE]
    return count(session, expression, today=today), None


def first_page_ids(session: Session, expression: Expression, *, today: date, total: int,
                   limit: int = PAGE) -> list[uuid.UUID]:
    """The same ids as `person_ids(limit=...)`, found cheaply: when the matches are dense along a tag's index
    range (the usual long list), read along it and stop early; when they are sparse, the set as `person_ids`
    makes it."""
    if not total:
        return []
    plan = _walk_plan(session, expression)
    if plan is None:
        return person_ids(session, expression, today=today, limit=limit)
    walked, drivers = plan
    # About walked / total index entries are read per match found: dense enough, walk; else build the set.
    if walked * min(limit, total) <= total * SPARSE_WALK:
        return _driven_page(session, expression, today=today, drivers=drivers, limit=limit)
    return person_ids(session, expression, today=today, limit=limit)


def first_page(session: Session, expression: Expression, *, today: date) -> ListResult:
    """The count and the first page of people, phones and ID numbers masked."""
    total, ids = counted(session, expression, today=today)
    if ids is None:
        ids = first_page_ids(session, expression, today=today, total=total)
    return ListResult(expression, total, tuple(people_rows(session, ids, today=today)))
