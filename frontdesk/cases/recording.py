"""Recording a case and moving it along: edit, take on, close, reopen, void.

Every function validates, writes through `records.save` and leaves the commit
to the caller's unit of work (the desk commits once per officer action).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import Session, select

from db.models import Case, CaseLink, CaseParty, Category, FollowUp, Handoff
from db.sequences import hold, next_value
from frontdesk.access.roles import require
from frontdesk.i18n import DeskError, Phrase
from frontdesk.callers.people import FieldErrors, PersonInput, check_person_input, id_errors, take_person
from frontdesk.cases import series
from frontdesk.records import CHANGELOG_SEQUENCE, Actor, save
from frontdesk.vocab import CHANNELS, DISPOSITIONS, HANDOFF_OPEN, PARTY_ROLES

SUMMARY_MAX = 200
PLACE_MAX = 200
EDITABLE = ("channel", "received_at", "category", "police", "place", "summary", "narrative")
TEXT_MAX = 20_000


@dataclass(frozen=True)
class PartyDraft:
    role: str
    person: PersonInput


@dataclass(frozen=True)
class HeldLink:
    """A suggested earlier case the officer linked while the case was still being typed: written with the
    case when it is saved, never before. kind "related" (the case's own link) or "series" (both put in the
    series `series_id`, or in a new one named `series_name`)."""

    kind: str
    other_case_id: uuid.UUID
    series_id: uuid.UUID | None = None
    series_name: str = ""


@dataclass(frozen=True)
class CaseDraft:
    """A case as the officer has typed it so far (also what a saved draft holds)."""

    reporter: PersonInput
    channel: str = "walk_in"
    received_at: datetime | None = None
    category: str = ""
    police: bool = True
    place: str = ""
    summary: str = ""
    narrative: str = ""
    parties: tuple[PartyDraft, ...] = ()
    repeat_of: uuid.UUID | None = None
    patrol_shift_id: uuid.UUID | None = None
    #: The form's draft this case is saved from (kept with the case, one case per draft).
    draft_key: uuid.UUID | None = None
    #: Suggestions linked on the form, written in the case's own transaction (each audited).
    links: tuple[HeldLink, ...] = ()


class BackflowCheck(Protocol):
    """Was this caller's matter of the same category handed off lately? Flag and link the case if so.

    The hand-offs area answers it (frontdesk.handoffs.backflow.detect_backflow); the desk passes it in,
    so cases never import hand-offs (hand-offs read cases, not the other way round).
    """

    def __call__(self, session: Session, case: Case, *, person_id: uuid.UUID, phone: str | None, window_days: int,
                 by: Actor) -> Any: ...


@dataclass(frozen=True)
class RecordedCase:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime
    reporter_id: uuid.UUID
    backflow: Any = None  # the hand-off's Backflow (frontdesk.handoffs.backflow), if the matter came back
    #: The draft had been saved before (a save that outran a crash): this is that case, not a new one.
    already: bool = False


def recorded_from_draft(session: Session, draft_key: uuid.UUID) -> RecordedCase | None:
    """The case a form draft became, if it was saved already."""
    case = session.exec(select(Case).where(Case.draft_key == draft_key)).first()
    if case is None:
        return None
    reporter = session.exec(
        select(CaseParty.person_id).where(CaseParty.case_id == case.id, CaseParty.role == "reporter")
    ).first()
    return RecordedCase(case_id=case.id, case_no=case.case_no, received_at=case.received_at,
                        reporter_id=reporter, already=True)


def case_number(session: Session, *, site: str, received_at: datetime, zone: ZoneInfo) -> str:
    """`SITE-YYYYMMDD-NNNN`, the next number of the site's day; safe with many terminals.

    The day is the local day the matter was received. Numbers come from the
    site's own counter, so two outposts numbering offline never collide.
    """
    day = received_at.astimezone(zone).strftime("%Y%m%d")
    # The change-log counter first, as every writer takes it: two desks cannot deadlock.
    hold(session, site=site, name=CHANGELOG_SEQUENCE)
    number = next_value(session, site=site, name=f"case:{day}")
    return f"{site}-{day}-{number:04d}"


def _required(errors: dict[str, DeskError], name: str, value: str) -> None:
    if not value.strip():
        errors[name] = DeskError("form.required", field=Phrase(f"field.{name}"))


def _case_field_errors(values: dict, *, now: datetime) -> dict[str, DeskError]:
    """Errors in a case's own fields (`values` holds the EDITABLE names) but whether its category is the
    station's (`_check_category`, which asks the database)."""
    errors: dict[str, DeskError] = {}
    if values["channel"] not in CHANNELS:
        errors["channel"] = DeskError("form.required", field=Phrase("field.channel"))
    _required(errors, "category", values["category"])
    _required(errors, "summary", values["summary"])
    if len(values["summary"]) > SUMMARY_MAX:
        errors["summary"] = DeskError("form.too_long", field=Phrase("field.summary"), most=SUMMARY_MAX)
    for name, most in (("narrative", TEXT_MAX), ("place", PLACE_MAX)):
        if len(values[name]) > most:
            errors[name] = DeskError("form.too_long", field=Phrase(f"field.{name}"), most=most)
    if values["received_at"] is not None and values["received_at"] > now:
        errors["received_at"] = DeskError("form.received_in_future")
    return errors


def _check_category(session: Session, errors: dict[str, DeskError], category: str) -> None:
    """A category given must be one of the station's, switched on."""
    if category and "category" not in errors:
        known = session.exec(select(Category.id).where(Category.code == category, Category.active)).first()
        if known is None:
            errors["category"] = DeskError("form.unknown_category", value=category)


def draft_errors(draft: CaseDraft, *, now: datetime, reporter: bool = True) -> dict[str, DeskError]:
    """The fields of a draft that must be fixed, as far as the draft itself tells (no database asked):
    what a form can check as the officer types. `check_draft` adds what only the database knows."""
    errors = check_person_input(draft.reporter, "reporter") if reporter else {}
    if reporter and draft.reporter.person_id is None and not (
            draft.reporter.phone.strip() or draft.reporter.resident_id.strip()):
        errors.setdefault("reporter.phone", DeskError("form.reporter_contact"))
    errors |= _case_field_errors({name: getattr(draft, name) for name in EDITABLE}, now=now)
    for index, party in enumerate(draft.parties, start=1):
        if party.role not in PARTY_ROLES:
            errors[f"party{index}.role"] = DeskError("form.required", field=Phrase("field.party.role"))
        for key, error in check_person_input(party.person, "party").items():
            errors[f"party{index}.{key}"] = error
    return errors


def check_draft(session: Session, draft: CaseDraft, *, now: datetime, reporter: bool = True) -> None:
    """Raise FieldErrors naming every field that must be fixed before saving.

    Without `reporter`, the draft's reporter is not checked (an imported
    logbook row that names no caller).
    """
    errors = draft_errors(draft, now=now, reporter=reporter)
    _check_category(session, errors, draft.category)
    # An ID number is one person's (a database question, so not the form's own check as the officer types).
    if reporter and not any(key.startswith("reporter.") for key in errors):
        errors |= id_errors(session, draft.reporter, "reporter")
    for index, party in enumerate(draft.parties, start=1):
        if not any(key.startswith(f"party{index}.") for key in errors):
            found = id_errors(session, party.person, "party")
            errors |= {f"party{index}.{key}": error for key, error in found.items()}
    if draft.repeat_of is not None and session.get(Case, draft.repeat_of) is None:
        errors["repeat_of"] = DeskError("case.gone")
    if errors:
        raise FieldErrors(errors)


def record_case(
    session: Session, draft: CaseDraft, *, by: Actor, now: datetime, zone: ZoneInfo, backflow_days: int = 30,
    backflow_check: BackflowCheck | None = None,
) -> RecordedCase:
    """Record a new case with its reporter and parties; link it if it repeats one.

    Gives the case its number on save. A reporter typed as new becomes a
    Person; one taken from the look-up is linked as they are. If the same
    caller had a matter of this category handed off in the last
    `backflow_days` (asked through `backflow_check`), the case is flagged as backflow and linked to
    that hand-off.
    A draft (by its `draft_key`) that was saved before gives back that case: never a second one.
    """
    if draft.draft_key is not None:
        earlier = recorded_from_draft(session, draft.draft_key)
        if earlier is not None:
            return earlier
    check_draft(session, draft, now=now)
    received_at = draft.received_at or now
    reporter, reporter_phone = take_person(session, draft.reporter, by=by)
    case = save(
        session,
        Case(
            case_no=case_number(session, site=by.site, received_at=received_at, zone=zone),
            received_at=received_at,
            channel=draft.channel,
            category=draft.category,
            police=draft.police,
            summary=draft.summary.strip(),
            narrative=draft.narrative.strip(),
            place=draft.place.strip(),
            recorded_by=by.officer_id,
            patrol_shift_id=draft.patrol_shift_id,
            draft_key=draft.draft_key,
        ),
        by=by,
    )
    save(session, CaseParty(case_id=case.id, person_id=reporter.id, role="reporter", phone_e164=reporter_phone), by=by)
    for party in draft.parties:
        person, phone = take_person(session, party.person, by=by)
        save(session, CaseParty(case_id=case.id, person_id=person.id, role=party.role, phone_e164=phone), by=by)
    if draft.repeat_of is not None:
        _check_same_reporter(session, draft.repeat_of, reporter.id, reporter_phone)
        save(session, CaseLink(case_id=case.id, other_case_id=draft.repeat_of, kind="repeat_of"), by=by)
    _write_held_links(session, case.id, draft.links, by=by)
    backflow = None
    if backflow_check is not None:
        backflow = backflow_check(session, case, person_id=reporter.id, phone=reporter_phone,
                                  window_days=backflow_days, by=by)
    return RecordedCase(case_id=case.id, case_no=case.case_no, received_at=received_at, reporter_id=reporter.id,
                        backflow=backflow)


def _write_held_links(session: Session, case_id: uuid.UUID, links: tuple[HeldLink, ...], *, by: Actor) -> None:
    """The links held on the form, now the case exists; two held into one new series make one series."""
    started: dict[str, uuid.UUID] = {}
    for link in links:
        if link.kind == "related":
            series.link_suggested(session, case_id, link.other_case_id, by=by)
        elif link.series_id is not None or link.series_name in started:
            series.add_to_series(session, link.series_id or started[link.series_name],
                                 [case_id, link.other_case_id], by=by)
        else:
            started[link.series_name] = series.start_series(session, link.series_name,
                                                            [case_id, link.other_case_id], by=by).id


def _check_same_reporter(session: Session, earlier_id: uuid.UUID, person_id: uuid.UUID, phone: str | None) -> None:
    """A repeat is the same person (or phone) reporting again, not someone else's case."""
    same = [CaseParty.person_id == person_id]
    if phone:
        same.append(CaseParty.phone_e164 == phone)
    found = session.exec(
        select(CaseParty.id).where(CaseParty.case_id == earlier_id, CaseParty.role == "reporter", or_(*same))
    ).first()
    if found is None:
        raise FieldErrors({"repeat_of": DeskError("case.repeat_other_reporter")})


def _live_case(session: Session, case_id: uuid.UUID, version: int | None) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise DeskError("case.gone")
    if case.voided_at is not None:
        raise DeskError("case.voided", case_no=case.case_no)
    if version is not None and case.version != version:
        raise DeskError("case.changed_meanwhile", case_no=case.case_no)
    return case


def edit_case(session: Session, case_id: uuid.UUID, *, version: int, changes: dict, by: Actor, now: datetime) -> Case:
    """Change a case's own fields; the change log keeps what each was before.

    A closed case is reopened first (supervisors' corrections come later).
    `version` is the one the officer saw: if someone changed the case since,
    the edit is refused rather than overwriting their work.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    case = _live_case(session, case_id, version)
    if case.status == "closed":
        raise DeskError("case.closed_no_edit", case_no=case.case_no)
    errors = _case_field_errors({name: changes.get(name, getattr(case, name)) for name in EDITABLE}, now=now)
    _check_category(session, errors, changes.get("category", case.category))
    if errors:
        raise FieldErrors(errors)
    for name, value in changes.items():
        setattr(case, name, value.strip() if isinstance(value, str) else value)
    return save(session, case, by=by, action="update")


def take_on(session: Session, case_id: uuid.UUID, *, by: Actor) -> Case:
    """Mark an open case as being worked on."""
    case = _live_case(session, case_id, None)
    if case.status != "open":
        raise DeskError("case.not_open", case_no=case.case_no)
    case.status = "in_progress"
    return save(session, case, by=by, action="take_on")


def close_case(
    session: Session, case_id: uuid.UUID, *, disposition: str, note: str, by: Actor, now: datetime
) -> Case:
    """Close a case with how it ended and a closing note."""
    if disposition not in DISPOSITIONS:
        raise FieldErrors({"disposition": DeskError("form.required", field=Phrase("field.disposition"))})
    case = _live_case(session, case_id, None)
    if case.status == "closed":
        raise DeskError("case.already_closed", case_no=case.case_no)
    _check_hand_off_closed(session, case, disposition)
    case.status, case.disposition, case.closing_note, case.closed_at = "closed", disposition, note.strip(), now
    return save(session, case, by=by, action="close")


def _check_hand_off_closed(session: Session, case: Case, disposition: str) -> None:
    """A hand-off ends with the call-back, not before: refuse to close around it."""
    handoffs = session.exec(select(Handoff).where(Handoff.case_id == case.id)).all()
    if any(h.status in HANDOFF_OPEN for h in handoffs):
        raise DeskError("case.handoff_still_open", case_no=case.case_no)
    if disposition == "handed_off":
        called = set(session.exec(
            select(FollowUp.handoff_id).where(FollowUp.case_id == case.id, FollowUp.handoff_id.is_not(None),
                                              FollowUp.reached)
        ).all())
        done = [h.id for h in handoffs if h.status == "done"]
        if not done or any(handoff_id not in called for handoff_id in done):
            raise DeskError("case.handoff_needs_follow_up", case_no=case.case_no)


def reopen_case(session: Session, case_id: uuid.UUID, *, reason: str, by: Actor) -> Case:
    """Open a closed case again; the reason is kept in the audit trail and history."""
    require(by, "reopen_case")
    if not reason.strip():
        raise FieldErrors({"reason": DeskError("form.required", field=Phrase("field.reason"))})
    case = _live_case(session, case_id, None)
    if case.status != "closed":
        raise DeskError("case.not_closed", case_no=case.case_no)
    case.status, case.disposition, case.closed_at = "in_progress", None, None
    case.reopen_reason = reason.strip()
    return save(session, case, by=by, action="reopen", reason=reason.strip())


def void_case(session: Session, case_id: uuid.UUID, *, reason: str, by: Actor, now: datetime) -> Case:
    """Void a case recorded in error: it stays, marked, with the reason; nothing is deleted."""
    if not reason.strip():
        raise FieldErrors({"reason": DeskError("form.required", field=Phrase("field.reason"))})
    case = _live_case(session, case_id, None)
    if case.status == "closed":
        require(by, "void_closed_case")
    case.voided_at, case.void_reason = now, reason.strip()
    return save(session, case, by=by, action="void", reason=reason.strip())


def link_related(session: Session, case_id: uuid.UUID, *, other_case_no: str, by: Actor) -> Case:
    """Link a case to another one the officer names by its number (both show the link)."""
    case = _live_case(session, case_id, None)
    number = other_case_no.strip().upper()
    other = session.exec(select(Case).where(Case.case_no == number)).first()
    if other is None:
        raise FieldErrors({"case_no": DeskError("case.no_such_number", case_no=number)})
    if other.id == case.id:
        raise FieldErrors({"case_no": DeskError("case.link_self")})
    known = session.exec(
        select(CaseLink.id).where(CaseLink.case_id == case.id, CaseLink.other_case_id == other.id)
    ).first()
    if known is None:
        save(session, CaseLink(case_id=case.id, other_case_id=other.id, kind="related"), by=by, action="link")
    return other
