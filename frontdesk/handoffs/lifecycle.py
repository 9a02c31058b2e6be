"""Hand-offs of non-police matters: passing a case on, the body's progress, the call-back.

A hand-off is not "pass it on and forget": it moves pending → sent → accepted →
done (or comes back `returned`, which puts the case back on the desk), and the
case closes only when the citizen has been called back and reached. Every step
goes through `records.save`, so it is timed, attributed and kept in the log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func
from sqlmodel import Session, select

from db.models import Case, CaseLink, CaseParty, FollowUp, Handoff, NonPoliceMatter, Officer, Person, ReceivingBody
from frontdesk.access.roles import require
from frontdesk.cases.views import reported_by
from frontdesk.i18n import DeskError, Phrase, language, t
from frontdesk.callers.people import FieldErrors
from frontdesk.records import Actor, audit, save
from frontdesk.timefmt import local_text
from frontdesk.validation import display_phone
from frontdesk.vocab import HANDOFF_METHODS, HANDOFF_OPEN, SATISFACTION, label

#: Forward steps of a hand-off; `returned` is a way out, not a step.
STEPS = ("pending", "sent", "accepted", "done")
REF_MAX = 40
NOTE_MAX = 2000
RESULT_MAX = 2000


def local_name(zh: str, en: str) -> str:
    return zh if language() == "zh" else en


# ---- the station's lists ---------------------------------------------------------------


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
    zh, en = zh.strip(), en.strip()
    if not zh and not en:
        errors["name"] = DeskError("form.required", field=Phrase("field.name"))
    for key, value in (("name_zh", zh), ("name_en", en)):
        if len(value) > 80:
            errors[key] = DeskError("form.too_long", field=Phrase("field.name"), most=80)
    return zh or en, en or zh


def save_body(session: Session, typed: BodyInput, *, body_id: uuid.UUID | None, version: int | None,
              by: Actor) -> ReceivingBody:
    """Add a receiving body, or change one (refused if someone changed it meanwhile)."""
    require(by, "station_lists")
    errors: dict[str, DeskError] = {}
    zh, en = _names(errors, typed.name_zh, typed.name_en)
    hours_text = typed.default_due_hours.strip()
    hours = int(hours_text) if hours_text.isdigit() else 0
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


# ---- handing a case off ------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """What the hand-off form starts with for a case: the likely matter, its body, the due time."""

    case_no: str
    summary: str
    category: str
    matter: str | None
    body: str | None
    due_at: datetime | None
    open_handoff: bool


def propose(session: Session, case_id: uuid.UUID, *, now: datetime) -> Proposal:
    """The non-police matter the case's category suggests, its usual body and when it falls due."""
    case = session.get(Case, case_id)
    if case is None:
        raise DeskError("case.gone")
    candidates = session.exec(
        select(NonPoliceMatter, ReceivingBody)
        .join(ReceivingBody, ReceivingBody.id == NonPoliceMatter.default_body_id, isouter=True)
        .where(NonPoliceMatter.active, NonPoliceMatter.category == case.category)
        .order_by(NonPoliceMatter.code)
    ).all()
    # A matter named like the category itself ("noise" under "noise") is the best guess.
    candidates = sorted(candidates, key=lambda pair: pair[0].code != case.category)
    matter, body = candidates[0] if candidates else (None, None)
    open_handoff = session.exec(
        select(Handoff.id).where(Handoff.case_id == case_id, Handoff.status.in_(HANDOFF_OPEN))
    ).first() is not None
    return Proposal(
        case_no=case.case_no, summary=case.summary, category=case.category,
        matter=matter.code if matter else None, body=body.code if body else None,
        due_at=now + timedelta(hours=body.default_due_hours) if body else None, open_handoff=open_handoff,
    )


@dataclass(frozen=True)
class HandoffInput:
    body: str  # body code
    matter: str  # non-police matter code
    method: str
    our_ref: str = ""
    their_ref: str = ""
    due_at: datetime | None = None  # None: the body's usual time from now
    note: str = ""


def _live_case(session: Session, case_id: uuid.UUID) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise DeskError("case.gone")
    if case.voided_at is not None:
        raise DeskError("case.voided", case_no=case.case_no)
    return case


def hand_off(session: Session, case_id: uuid.UUID, typed: HandoffInput, *, by: Actor, now: datetime) -> Handoff:
    """Pass a case to a receiving body; the case becomes handed-off until the call-back."""
    errors: dict[str, DeskError] = {}
    body = session.exec(select(ReceivingBody).where(ReceivingBody.code == typed.body, ReceivingBody.active)).first()
    if body is None:
        errors["body"] = DeskError("form.required", field=Phrase("field.body"))
    matter = session.exec(
        select(NonPoliceMatter).where(NonPoliceMatter.code == typed.matter, NonPoliceMatter.active)
    ).first()
    if matter is None:
        errors["matter"] = DeskError("form.required", field=Phrase("field.matter"))
    if typed.method not in HANDOFF_METHODS:
        errors["method"] = DeskError("form.required", field=Phrase("field.method"))
    for name, value in (("our_ref", typed.our_ref), ("their_ref", typed.their_ref)):
        if len(value.strip()) > REF_MAX:
            errors[name] = DeskError("form.too_long", field=Phrase(f"field.{name}"), most=REF_MAX)
    if len(typed.note) > NOTE_MAX:
        errors["note"] = DeskError("form.too_long", field=Phrase("field.note"), most=NOTE_MAX)
    if typed.due_at is not None and typed.due_at <= now:
        errors["due_at"] = DeskError("handoff.due_in_past")
    if errors:
        raise FieldErrors(errors)
    case = _live_case(session, case_id)
    if case.status == "closed":
        raise DeskError("handoff.case_closed", case_no=case.case_no)
    current = session.exec(
        select(Handoff, ReceivingBody)
        .join(ReceivingBody, ReceivingBody.id == Handoff.body_id)
        .where(Handoff.case_id == case_id, Handoff.status.in_(HANDOFF_OPEN))
    ).first()
    if current is not None:
        raise DeskError("handoff.already_open", case_no=case.case_no,
                        body=local_name(current[1].name_zh, current[1].name_en))
    waiting = session.exec(
        select(Handoff.id).where(Handoff.case_id == case_id, Handoff.status == "done",
                                 ~reached_follow_up_exists())
    ).first()
    if waiting is not None:
        raise DeskError("handoff.awaiting_call_back", case_no=case.case_no)
    handoff = save(
        session,
        Handoff(
            case_id=case.id, body_id=body.id, matter=matter.code, method=typed.method,
            our_ref=typed.our_ref.strip() or case.case_no, their_ref=typed.their_ref.strip(),
            handed_at=now, handed_by=by.officer_id,
            due_at=typed.due_at or now + timedelta(hours=body.default_due_hours),
            status="pending", notes=typed.note.strip(),
        ),
        by=by, action="hand_off",
    )
    case.status = "handed_off"
    save(session, case, by=by, action="hand_off")
    return handoff


def _handoff(session: Session, handoff_id: uuid.UUID, version: int | None) -> tuple[Handoff, Case]:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise DeskError("handoff.gone")
    case = session.get(Case, handoff.case_id)
    if version is not None and handoff.version != version:
        raise DeskError("handoff.changed_meanwhile", case_no=case.case_no)
    return handoff, case


def advance(
    session: Session, handoff_id: uuid.UUID, to: str, *, by: Actor, now: datetime,
    their_ref: str | None = None, version: int | None = None,
) -> Handoff:
    """Move a hand-off forward (a step may be skipped: a three-way call is sent and accepted at once)."""
    if to not in STEPS[1:]:
        raise ValueError(to)
    handoff, case = _handoff(session, handoff_id, version)
    if handoff.status not in HANDOFF_OPEN:
        raise DeskError("handoff.finished", case_no=case.case_no, status=Phrase(f"handoff.status.{handoff.status}"))
    if STEPS.index(to) <= STEPS.index(handoff.status):
        raise DeskError("handoff.not_forward", status=Phrase(f"handoff.status.{handoff.status}"),
                        to=Phrase(f"handoff.status.{to}"))
    if their_ref is not None:
        if len(their_ref.strip()) > REF_MAX:
            raise FieldErrors({"their_ref": DeskError("form.too_long", field=Phrase("field.their_ref"), most=REF_MAX)})
        handoff.their_ref = their_ref.strip() or handoff.their_ref
    handoff.status = to
    if to == "done":
        handoff.done_at = now
    return save(session, handoff, by=by, action=f"handoff_{to}")


def return_handoff(
    session: Session, handoff_id: uuid.UUID, *, reason: str, by: Actor, now: datetime, version: int | None = None
) -> Handoff:
    """The body sent the matter back: keep its reason and put the case back on the desk."""
    if not reason.strip():
        raise FieldErrors({"reason": DeskError("form.required", field=Phrase("field.reason"))})
    handoff, case = _handoff(session, handoff_id, version)
    if handoff.status not in HANDOFF_OPEN:
        raise DeskError("handoff.finished", case_no=case.case_no, status=Phrase(f"handoff.status.{handoff.status}"))
    handoff.status, handoff.returned_reason = "returned", reason.strip()
    save(session, handoff, by=by, action="handoff_returned", reason=reason.strip())
    if case.status == "handed_off":
        case.status = "in_progress"
        save(session, case, by=by, action="handoff_returned", reason=reason.strip())
    return handoff


@dataclass(frozen=True)
class FollowUpInput:
    reached: bool
    result: str = ""
    satisfaction: str | None = None
    backflow: bool = False


def record_follow_up(
    session: Session, handoff_id: uuid.UUID, typed: FollowUpInput, *, by: Actor, now: datetime
) -> FollowUp:
    """A call-back to the citizen. Reached, it closes the hand-off and the case; not reached, try again later."""
    errors: dict[str, DeskError] = {}
    if typed.reached:
        if not typed.result.strip():
            errors["result"] = DeskError("form.required", field=Phrase("field.result"))
        if typed.satisfaction not in SATISFACTION:
            errors["satisfaction"] = DeskError("form.required", field=Phrase("field.satisfaction"))
    if len(typed.result) > RESULT_MAX:
        errors["result"] = DeskError("form.too_long", field=Phrase("field.result"), most=RESULT_MAX)
    if errors:
        raise FieldErrors(errors)
    handoff, case = _handoff(session, handoff_id, None)
    if handoff.status != "done":
        raise DeskError("handoff.not_done_yet", case_no=case.case_no, status=Phrase(f"handoff.status.{handoff.status}"))
    if closing_follow_up(session, handoff.id) is not None:
        raise DeskError("handoff.already_followed_up", case_no=case.case_no)
    follow_up = save(
        session,
        FollowUp(case_id=case.id, handoff_id=handoff.id, at=now, by=by.officer_id, reached=typed.reached,
                 result=typed.result.strip(), satisfaction=typed.satisfaction if typed.reached else None,
                 backflow=typed.backflow),
        by=by, action="follow_up",
    )
    still_open = session.exec(
        select(Handoff.id).where(Handoff.case_id == case.id, Handoff.id != handoff.id,
                                 Handoff.status.in_(HANDOFF_OPEN))
    ).first()
    if typed.reached and still_open is None and case.status != "closed" and case.voided_at is None:
        case.status, case.disposition, case.closed_at = "closed", "handed_off", now
        case.closing_note = typed.result.strip()
        save(session, case, by=by, action="close")
    return follow_up


def closing_follow_up(session: Session, handoff_id: uuid.UUID) -> uuid.UUID | None:
    """The call-back that reached the citizen and closed this hand-off, if there is one."""
    return session.exec(
        select(FollowUp.id).where(FollowUp.handoff_id == handoff_id, FollowUp.reached).limit(1)
    ).first()


# ---- backflow ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Backflow:
    earlier_case_id: uuid.UUID
    earlier_case_no: str
    handoff_id: uuid.UUID
    body: str  # in the officer's language
    handed_at: datetime


def detect_backflow(
    session: Session, case: Case, *, person_id: uuid.UUID, phone: str | None, window_days: int, by: Actor
) -> Backflow | None:
    """Flag `case` as backflow if its reporter (or phone) had a matter of the same category
    handed off within `window_days` before it; link it to that hand-off and return what was found.

    A hand-off the body returned is not backflow: the matter came back to the desk, not to the caller.
    """
    theirs = reported_by(person_id, phone)
    found = session.exec(
        select(Handoff, Case, ReceivingBody)
        .join(Case, Case.id == Handoff.case_id)
        .join(ReceivingBody, ReceivingBody.id == Handoff.body_id)
        .where(
            Handoff.case_id.in_(theirs),
            Handoff.case_id != case.id,
            Handoff.status != "returned",
            # Received times are typed to the minute: a report in the minute of the hand-off came after it.
            Handoff.handed_at < case.received_at + timedelta(minutes=1),
            Handoff.handed_at >= case.received_at - timedelta(days=window_days),
            Case.category == case.category,
            Case.voided_at.is_(None),
        )
        .order_by(Handoff.handed_at.desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    handoff, earlier, body = found
    save(session, CaseLink(case_id=case.id, other_case_id=earlier.id, kind="backflow", handoff_id=handoff.id),
         by=by, action="backflow")
    return Backflow(earlier_case_id=earlier.id, earlier_case_no=earlier.case_no, handoff_id=handoff.id,
                    body=local_name(body.name_zh, body.name_en), handed_at=handoff.handed_at)


# ---- what a case's hand-offs look like -------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpRow:
    at: datetime
    officer: str
    reached: bool
    result: str
    satisfaction: str | None
    backflow: bool


@dataclass(frozen=True)
class BackflowRow:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime


@dataclass(frozen=True)
class HandoffView:
    id: uuid.UUID
    version: int
    case_id: uuid.UUID
    body: str
    body_contact: str
    matter: str
    method: str
    status: str
    our_ref: str
    their_ref: str
    handed_at: datetime
    handed_by: str
    due_at: datetime | None
    done_at: datetime | None
    returned_reason: str
    notes: str
    overdue: bool
    closed: bool
    follow_ups: tuple[FollowUpRow, ...]
    backflows: tuple[BackflowRow, ...]


def handoffs_of_case(session: Session, case_id: uuid.UUID, *, now: datetime) -> list[HandoffView]:
    """Every hand-off of a case, newest first, with its call-backs and any backflow after it."""
    rows = session.exec(
        select(Handoff, ReceivingBody, NonPoliceMatter, Officer.name)
        .join(ReceivingBody, ReceivingBody.id == Handoff.body_id)
        .join(NonPoliceMatter, NonPoliceMatter.code == Handoff.matter, isouter=True)
        .join(Officer, Officer.id == Handoff.handed_by, isouter=True)
        .where(Handoff.case_id == case_id)
        .order_by(Handoff.handed_at.desc())
    ).all()
    ids = [handoff.id for handoff, *_ in rows]
    calls: dict[uuid.UUID, list[FollowUpRow]] = {}
    for follow_up, officer in session.exec(
        select(FollowUp, Officer.name)
        .join(Officer, Officer.id == FollowUp.by, isouter=True)
        .where(FollowUp.handoff_id.in_(ids))
        .order_by(FollowUp.at)
    ).all():
        calls.setdefault(follow_up.handoff_id, []).append(FollowUpRow(
            at=follow_up.at, officer=officer or "", reached=follow_up.reached, result=follow_up.result,
            satisfaction=follow_up.satisfaction, backflow=follow_up.backflow))
    later: dict[uuid.UUID, list[BackflowRow]] = {}
    for link, case in session.exec(
        select(CaseLink, Case).join(Case, Case.id == CaseLink.case_id)
        .where(CaseLink.kind == "backflow", CaseLink.handoff_id.in_(ids))
        .order_by(Case.received_at)
    ).all():
        later.setdefault(link.handoff_id, []).append(BackflowRow(case.id, case.case_no, case.received_at))
    views = []
    for handoff, body, matter, officer in rows:
        follow_ups = tuple(calls.get(handoff.id, ()))
        views.append(HandoffView(
            id=handoff.id, version=handoff.version, case_id=handoff.case_id,
            body=local_name(body.name_zh, body.name_en), body_contact=body.contact,
            matter=local_name(matter.name_zh, matter.name_en) if matter else (handoff.matter or ""),
            method=handoff.method, status=handoff.status, our_ref=handoff.our_ref, their_ref=handoff.their_ref,
            handed_at=handoff.handed_at, handed_by=officer or "", due_at=handoff.due_at, done_at=handoff.done_at,
            returned_reason=handoff.returned_reason, notes=handoff.notes,
            overdue=handoff.status in HANDOFF_OPEN and handoff.due_at is not None and handoff.due_at < now,
            closed=any(f.reached for f in follow_ups),
            follow_ups=follow_ups, backflows=tuple(later.get(handoff.id, ())),
        ))
    return views


def reached_follow_up_exists():
    """SQL: this hand-off has a call-back that reached the citizen."""
    return exists().where(FollowUp.handoff_id == Handoff.id, FollowUp.reached)


def backflow_count():
    """SQL: how many later cases came back after this hand-off."""
    return (
        select(func.count()).select_from(CaseLink)
        .where(CaseLink.kind == "backflow", CaseLink.handoff_id == Handoff.id)
        .scalar_subquery()
    )


# ---- the slip for the receiving body ---------------------------------------------------------


def slip_lines(session: Session, handoff_id: uuid.UUID, *, zone, by: Actor) -> tuple[str, list[tuple[str, str]]]:
    """What the receiving body is given: the matter, the citizen's contact, who to call back.

    The slip carries the citizen's full phone number (the body must reach them),
    so writing one is recorded in the audit log.
    """
    handoff, case = _handoff(session, handoff_id, None)
    body = session.get(ReceivingBody, handoff.body_id)
    matter = session.exec(select(NonPoliceMatter).where(NonPoliceMatter.code == handoff.matter)).first()
    reporter = session.exec(
        select(CaseParty, Person).join(Person, Person.id == CaseParty.person_id)
        .where(CaseParty.case_id == case.id, CaseParty.role == "reporter")
    ).first()
    officer = session.get(Officer, handoff.handed_by) if handoff.handed_by else None
    name, phone = ("", "")
    if reporter is not None:
        party, person = reporter
        name, phone = person.name, party.phone_e164 or ""
    lines = [
        (t("slip.our_ref"), handoff.our_ref),
        (t("slip.their_ref"), handoff.their_ref or "—"),
        (t("slip.body"), local_name(body.name_zh, body.name_en)),
        (t("slip.matter"), local_name(matter.name_zh, matter.name_en) if matter else (handoff.matter or "")),
        (t("slip.method"), label("method", handoff.method)),
        (t("slip.handed_at"), local_text(handoff.handed_at, zone)),
        (t("slip.due_at"), local_text(handoff.due_at, zone) if handoff.due_at else "—"),
        (t("slip.received_at"), local_text(case.received_at, zone)),
        (t("slip.place"), case.place or "—"),
        (t("slip.summary"), case.summary),
        (t("slip.narrative"), case.narrative or "—"),
        (t("slip.citizen"), name or "—"),
        (t("slip.phone"), display_phone(phone) if phone else "—"),
        (t("slip.note"), handoff.notes or "—"),
        (t("slip.officer"), officer.name if officer else "—"),
    ]
    audit(session, by=by, action="slip", table_name="handoff", record_id=handoff.id,
          reason=body.name_zh)
    return handoff.our_ref, lines
