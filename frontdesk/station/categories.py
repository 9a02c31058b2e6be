"""The station's case categories: its own list, like the receiving bodies.

The admin adds a category, renames it (both languages), names its default hand-off
matter, moves it up or down the list and switches it off or on. A category is never deleted: cases recorded under
it keep it, and a switched-off one is simply not offered for new cases (the form
offers only active ones, frontdesk.cases.views.category_choices). Every change goes
through records.save, so it is audited and travels in sync bundles like the other lists.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Case, Category, NonPoliceMatter
from frontdesk.access.roles import require
from frontdesk.callers.people import FieldErrors
from frontdesk.context import DeskContext
from frontdesk.i18n import DeskError, Phrase, language, listed
from frontdesk.records import Actor, save
from frontdesk.validation import one_line_name

NAME_ZH_MAX, NAME_EN_MAX = 50, 80


@dataclass(frozen=True)
class CategoryInput:
    name_zh: str
    name_en: str
    police: bool = True
    #: Code of the non-police matter its cases are handed off as ("" or None: none named).
    default_matter: str | None = None


@dataclass(frozen=True)
class CategoryRow:
    category_id: uuid.UUID
    code: str
    name_zh: str
    name_en: str
    police: bool
    active: bool
    version: int
    #: cases recorded under it (a category in use is switched off, never deleted)
    cases: int
    #: the non-police matter its cases are handed off as, or None
    default_matter: str | None = None


def station_categories(session: Session) -> list[CategoryRow]:
    """Every category of the station, switched-off ones included, in the list's order."""
    used = dict(session.exec(select(Case.category, func.count()).group_by(Case.category)).all())
    rows = session.exec(select(Category).order_by(Category.sort, Category.code)).all()
    return [CategoryRow(c.id, c.code, c.name_zh, c.name_en, c.police, c.active, c.version, used.get(c.code, 0),
                        c.default_matter) for c in rows]


def _checked_names(session: Session, typed: CategoryInput, category_id: uuid.UUID | None) -> tuple[str, str]:
    errors: dict[str, DeskError] = {}
    zh, en = one_line_name(typed.name_zh), one_line_name(typed.name_en)
    if not zh and not en:
        errors["name"] = DeskError("form.required", field=Phrase("field.name"))
    if len(zh) > NAME_ZH_MAX:
        errors["name_zh"] = DeskError("form.too_long", field=Phrase("field.name"), most=NAME_ZH_MAX)
    if len(en) > NAME_EN_MAX:
        errors["name_en"] = DeskError("form.too_long", field=Phrase("field.name"), most=NAME_EN_MAX)
    zh, en = zh or en, en or zh
    for other in session.exec(select(Category).where(Category.id != category_id) if category_id
                              else select(Category)).all():
        if other.name_zh == zh or other.name_en.casefold() == en.casefold():
            errors["name"] = DeskError("category.name_taken", name=other.name_zh)
            break
    if errors:
        raise FieldErrors(errors)
    return zh, en


def _checked_matter(session: Session, code: str | None, current: str | None) -> str | None:
    """The default matter as typed: an active matter of the station's list (one switched off since it
    was chosen may stay), or refused naming it."""
    code = (code or "").strip() or None
    if code is None:
        return None
    matter = session.exec(select(NonPoliceMatter).where(NonPoliceMatter.code == code)).first()
    if matter is None:
        raise FieldErrors({"default_matter": DeskError("category.matter_unknown", code=code)})
    if not matter.active and code != current:
        raise FieldErrors({"default_matter": DeskError("category.matter_off", name=matter.name_zh)})
    return code


def save_category(session: Session, typed: CategoryInput, *, category_id: uuid.UUID | None,
                  version: int | None, by: Actor) -> Category:
    """Add a category at the end of the list, or rename one (refused if changed meanwhile)."""
    require(by, "station_lists")
    zh, en = _checked_names(session, typed, category_id)
    if category_id is None:
        last = session.exec(select(func.max(Category.sort))).one() or 0
        category = Category(code=f"cat_{uuid.uuid4().hex[:10]}", name_zh=zh, name_en=en, sort=last + 10)
        action = "add_category"
    else:
        category = session.get(Category, category_id)
        if category is None:
            raise DeskError("category.gone")
        action = "change_category"
    category.default_matter = _checked_matter(session, typed.default_matter, category.default_matter)
    category.name_zh, category.name_en, category.police = zh, en, typed.police
    return save(session, category, by=by, action=action, expected_version=version)


def switch_category(session: Session, category_id: uuid.UUID, *, active: bool, by: Actor) -> Category:
    """Switch a category off (kept, with its cases; no longer offered) or back on."""
    require(by, "station_lists")
    category = session.get(Category, category_id)
    if category is None:
        raise DeskError("category.gone")
    if not active and category.active:
        others = session.exec(select(func.count()).select_from(Category)
                              .where(Category.active, Category.id != category_id)).one()
        if not others:
            raise DeskError("category.last_one", name=category.name_zh)
    category.active = active
    return save(session, category, by=by, action="category_on" if active else "category_off")


def move_category(session: Session, category_id: uuid.UUID, *, step: int, by: Actor) -> None:
    """Move a category one place up (step -1) or down (+1) the list the form offers."""
    require(by, "station_lists")
    ordered = session.exec(select(Category).order_by(Category.sort, Category.code)).all()
    index = next((i for i, c in enumerate(ordered) if c.id == category_id), None)
    if index is None:
        raise DeskError("category.gone")
    target = index + (1 if step > 0 else -1)
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, category in enumerate(ordered):
        if category.sort != position * 10:
            category.sort = position * 10
            save(session, category, by=by, action="move_category")


def check_mapped_categories(session: Session, mapped: dict[str, str], *, mapping: str) -> None:
    """A logbook mapping's words must each mean an active category of the station's list (or "", which
    rejects rows with the word): a switched-off or unknown category is refused, naming it and the codes there are."""
    rows = {c.code: c for c in session.exec(select(Category)).all()}
    for word, code in mapped.items():
        if not code:
            continue
        category = rows.get(code)
        if category is None:
            raise DeskError("category.mapped_unknown", mapping=mapping, word=word, code=code, codes=listed(
                f"{c.code} ({c.name_zh if language() == 'zh' else c.name_en})"
                for c in sorted(rows.values(), key=lambda c: (c.sort, c.code)) if c.active))
        if not category.active:
            raise DeskError("category.mapped_off", mapping=mapping, word=word, name=category.name_zh)


class CategoryDesk:
    """What the categories screen calls, from thread workers: one short session per call on the desk's
    context (so the officer's current role is checked at each call)."""

    def __init__(self, ctx: DeskContext) -> None:
        self.ctx = ctx

    def rows(self) -> list[CategoryRow]:
        with self.ctx.reading() as session:
            return station_categories(session)

    def save(self, typed: CategoryInput, *, category_id: uuid.UUID | None, version: int | None) -> None:
        with self.ctx.writing() as session:
            save_category(session, typed, category_id=category_id, version=version, by=self.ctx.actor)

    def switch(self, category_id: uuid.UUID, *, active: bool) -> None:
        with self.ctx.writing() as session:
            switch_category(session, category_id, active=active, by=self.ctx.actor)

    def move(self, category_id: uuid.UUID, *, step: int) -> None:
        with self.ctx.writing() as session:
            move_category(session, category_id, step=step, by=self.ctx.actor)
