"""The station's hand-off lists: the bodies matters are handed to and the non-police matters, as the
forms offer them and as a supervisor adds and changes them; names shown in the officer's language."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from db.models import NonPoliceMatter, ReceivingBody
from frontdesk.access.roles import require
from frontdesk.callers.people import FieldErrors
from frontdesk.i18n import DeskError, Phrase, language
from frontdesk.records import Actor, save
from frontdesk.validation import one_line_name


def local_name(zh: str, en: str) -> str:
    return zh if language() == "zh" else en


@dataclass(frozen=True)
class BodyChoice:
    id: uuid.UUID
    code: str
    name: str  # in the officer's language
    contact: str
    default_due_hours: int
    takes: tuple[str, ...]
    active: bool
    version: int
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class MatterChoice:
    id: uuid.UUID
    code: str
    name: str  # in the officer's language
    default_body: str | None  # body code
    category: str | None
    active: bool
    version: int
    name_zh: str
    name_en: str


def bodies(session: Session, *, include_inactive: bool = False) -> list[BodyChoice]:
    query = select(ReceivingBody).order_by(ReceivingBody.name_zh if language() == "zh" else ReceivingBody.name_en)
    if not include_inactive:
        query = query.where(ReceivingBody.active)
    return [
        BodyChoice(id=b.id, code=b.code, name=local_name(b.name_zh, b.name_en), contact=b.contact,
                   default_due_hours=b.default_due_hours, takes=tuple(b.takes or ()), active=b.active,
                   version=b.version, name_zh=b.name_zh, name_en=b.name_en)
        for b in session.exec(query).all()
    ]


def matters(session: Session, *, include_inactive: bool = False) -> list[MatterChoice]:
    query = (
        select(NonPoliceMatter, ReceivingBody.code)
        .join(ReceivingBody, ReceivingBody.id == NonPoliceMatter.default_body_id, isouter=True)
        .order_by(NonPoliceMatter.name_zh if language() == "zh" else NonPoliceMatter.name_en)
    )
    if not include_inactive:
        query = query.where(NonPoliceMatter.active)
    return [
        MatterChoice(id=m.id, code=m.code, name=local_name(m.name_zh, m.name_en), default_body=body,
                     category=m.category, active=m.active, version=m.version, name_zh=m.name_zh,
                     name_en=m.name_en)
        for m, body in session.exec(query).all()
    ]


@dataclass(frozen=True)
class BodyInput:
    name_zh: str
    name_en: str
    contact: str = ""
    default_due_hours: str = "72"  # as typed
    takes: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class MatterInput:
    name_zh: str
    name_en: str
    default_body: str = ""  # body code
    category: str = ""
    active: bool = True


def _names(errors: dict[str, DeskError], zh: str, en: str) -> tuple[str, str]:
    """Both names; one typed in either language stands for both until the other is given."""
    zh, en = one_line_name(zh), one_line_name(en)
    if not zh and not en:
        errors["name"] = DeskError("form.required", field=Phrase("field.name"))
    for key, value in (("name_zh", zh), ("name_en", en)):
        if len(value) > 80:
            errors[key] = DeskError("form.too_long", field=Phrase("field.name"), most=80)
    return zh or en, en or zh


def _name_taken(errors: dict[str, DeskError], session: Session, model, own_id: uuid.UUID | None, zh: str,
                en: str, *, message: str) -> None:
    """A name another body (or matter) of the list has, in either language, switched off or not: the hand-off
    form and an import's agency column would offer two alike and take either."""
    if "name" in errors:
        return
    for other in session.exec(select(model).where(model.id != own_id) if own_id else select(model)).all():
        if other.name_zh == zh or other.name_en.casefold() == en.casefold():
            errors["name"] = DeskError(message, name=other.name_zh)
            return


def save_body(session: Session, typed: BodyInput, *, body_id: uuid.UUID | None, version: int | None,
              by: Actor) -> ReceivingBody:
    """Add a receiving body, or change one (refused if someone changed it meanwhile)."""
    require(by, "station_lists")
    errors: dict[str, DeskError] = {}
    zh, en = _names(errors, typed.name_zh, typed.name_en)
    _name_taken(errors, session, ReceivingBody, body_id, zh, en, message="handoff.body_name_taken")
    hours_text = typed.default_due_hours.strip()
    hours = int(hours_text) if hours_text.isdecimal() else 0
    if not 1 <= hours <= 2160:
        errors["default_due_hours"] = DeskError("handoff.bad_due_hours", value=typed.default_due_hours)
    if len(typed.contact.strip()) > 200:
        errors["contact"] = DeskError("form.too_long", field=Phrase("field.contact"), most=200)
    known = set(session.exec(select(NonPoliceMatter.code)).all())
    unknown = [code for code in typed.takes if code not in known]
    if unknown:
        errors["takes"] = DeskError("handoff.unknown_matter", value=", ".join(unknown))
    if errors:
        raise FieldErrors(errors)
    if body_id is None:
        body = ReceivingBody(code=f"body_{uuid.uuid4().hex[:10]}", name_zh=zh, name_en=en)
    else:
        body = session.get(ReceivingBody, body_id)
        if body is None:
            raise DeskError("handoff.body_gone")
    body.name_zh, body.name_en, body.contact = zh, en, typed.contact.strip()
    body.default_due_hours, body.takes, body.active = hours, list(dict.fromkeys(typed.takes)), typed.active
    return save(session, body, by=by, expected_version=version)


def save_matter(session: Session, typed: MatterInput, *, matter_id: uuid.UUID | None, version: int | None,
                by: Actor) -> NonPoliceMatter:
    """Add a non-police matter to the station's list, or change one."""
    require(by, "station_lists")
    errors: dict[str, DeskError] = {}
    zh, en = _names(errors, typed.name_zh, typed.name_en)
    _name_taken(errors, session, NonPoliceMatter, matter_id, zh, en, message="handoff.matter_name_taken")
    body = None
    if typed.default_body:
        body = session.exec(select(ReceivingBody).where(ReceivingBody.code == typed.default_body)).first()
        if body is None:
            errors["default_body"] = DeskError("handoff.body_gone")
    if errors:
        raise FieldErrors(errors)
    if matter_id is None:
        matter = NonPoliceMatter(code=f"matter_{uuid.uuid4().hex[:10]}", name_zh=zh, name_en=en)
    else:
        matter = session.get(NonPoliceMatter, matter_id)
        if matter is None:
            raise DeskError("handoff.matter_gone")
    matter.name_zh, matter.name_en, matter.active = zh, en, typed.active
    matter.default_body_id = body.id if body else None
    matter.category = typed.category or None
    return save(session, matter, by=by, expected_version=version)
