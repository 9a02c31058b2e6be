"""The volunteer roster: teams, their volunteers, adding, editing and deactivating them.

A volunteer is a Person (found by the same look-up as callers) with a team, a
training date and an active flag. Nobody is deleted: a volunteer who stops is
deactivated, keeps their history and drops off the checklists of new shifts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Person, PersonPhone, Team, Volunteer
from frontdesk.callers import lookup as search
from frontdesk.i18n import DeskError, Phrase
from frontdesk.callers.people import FieldErrors, PersonInput, check_person_input, take_person
from frontdesk.records import Actor, clean_text, save
from frontdesk.timefmt import parse_day
from frontdesk.validation import mask_phone, normalize_phone

TEAM_NAME_MAX = 80
TEXT_MAX = 200


@dataclass(frozen=True)
class TeamRow:
    team_id: uuid.UUID
    version: int
    name: str
    leader_id: uuid.UUID | None
    leader: str
    area: str
    meeting_point: str
    active: bool
    volunteers: int  # active ones
    inactive: int


@dataclass(frozen=True)
class VolunteerRow:
    volunteer_id: uuid.UUID
    version: int
    person_id: uuid.UUID
    name: str
    name_pinyin: str
    phone: str  # masked
    team_id: uuid.UUID
    team: str
    trained_on: date | None
    active: bool


@dataclass(frozen=True)
class TeamInput:
    """A team as typed in its dialog."""

    name: str
    area: str = ""
    meeting_point: str = ""
    leader_id: uuid.UUID | None = None


@dataclass(frozen=True)
class VolunteerInput:
    """A volunteer as typed: who (known or new), which team, when trained (YYYY-MM-DD or empty)."""

    person: PersonInput
    team_id: uuid.UUID | None
    trained_on: str = ""


@dataclass(frozen=True)
class VolunteerHit:
    """A person found by the look-up, with the teams they volunteer in (if any)."""

    person: search.PersonHit
    volunteers: tuple[VolunteerRow, ...]


# ---- reading -----------------------------------------------------------------

def first_phones(session: Session, person_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Each person's first phone (E.164), for lists that show one number."""
    phones: dict[uuid.UUID, str] = {}
    if not person_ids:
        return phones
    for person_id, e164 in session.exec(
        select(PersonPhone.person_id, PersonPhone.e164).where(PersonPhone.person_id.in_(person_ids))
        .order_by(PersonPhone.updated_at)
    ).all():
        phones.setdefault(person_id, e164)
    return phones


def list_teams(session: Session, *, include_inactive: bool = True) -> list[TeamRow]:
    """Every team with its leader and how many active and inactive volunteers it has."""
    counts: dict[tuple[uuid.UUID, bool], int] = {
        (team_id, active): n
        for team_id, active, n in session.exec(
            select(Volunteer.team_id, Volunteer.active, func.count()).group_by(Volunteer.team_id, Volunteer.active)
        ).all()
    }
    query = select(Team, Person.name).join(Person, Person.id == Team.leader_id, isouter=True)
    if not include_inactive:
        query = query.where(Team.active)
    rows = session.exec(query.order_by(Team.active.desc(), Team.name)).all()
    return [
        TeamRow(team.id, team.version, team.name, team.leader_id, leader or "", team.area, team.meeting_point,
                team.active, counts.get((team.id, True), 0), counts.get((team.id, False), 0))
        for team, leader in rows
    ]


def _volunteer_rows(session: Session, query) -> list[VolunteerRow]:
    rows = session.exec(query).all()
    phones = first_phones(session, [person.id for _v, person, _t in rows])
    return [
        VolunteerRow(v.id, v.version, person.id, person.name, person.name_pinyin,
                     mask_phone(phones[person.id]) if person.id in phones else "",
                     v.team_id, team, v.trained_on, v.active)
        for v, person, team in rows
    ]


def _volunteers_query():
    return (
        select(Volunteer, Person, Team.name)
        .join(Person, Person.id == Volunteer.person_id)
        .join(Team, Team.id == Volunteer.team_id)
    )


def team_volunteers(session: Session, team_id: uuid.UUID, *, include_inactive: bool = False) -> list[VolunteerRow]:
    """A team's volunteers, active first, in pinyin order (the order of a paper roster)."""
    query = _volunteers_query().where(Volunteer.team_id == team_id)
    if not include_inactive:
        query = query.where(Volunteer.active)
    return _volunteer_rows(session, query.order_by(Volunteer.active.desc(), Person.name_pinyin, Person.name))


def volunteers_of(session: Session, person_id: uuid.UUID) -> list[VolunteerRow]:
    """The teams a person volunteers in (a person may be in more than one), active first."""
    query = _volunteers_query().where(Volunteer.person_id == person_id)
    return _volunteer_rows(session, query.order_by(Volunteer.active.desc(), Team.name))


def find_volunteers(session: Session, typed: str) -> list[VolunteerHit]:
    """The callers' look-up (name, pinyin, initials, phone, ID), each person with their teams."""
    people = search.search(session, typed).people
    return [VolunteerHit(hit, tuple(volunteers_of(session, hit.person_id))) for hit in people]


# ---- teams -------------------------------------------------------------------

def _team_errors(session: Session, data: TeamInput, team_id: uuid.UUID | None) -> dict[str, DeskError]:
    errors: dict[str, DeskError] = {}
    name = clean_text(data.name).strip()  # (as saved: a lone surrogate reached the driver's name check and failed)
    if not name:
        errors["name"] = DeskError("form.required", field=Phrase("patrol.field.team_name"))
    elif len(name) > TEAM_NAME_MAX:
        errors["name"] = DeskError("form.too_long", field=Phrase("patrol.field.team_name"), most=TEAM_NAME_MAX)
    else:
        same = session.exec(select(Team.id).where(Team.name == name, Team.active)).first()
        if same is not None and same != team_id:
            errors["name"] = DeskError("patrol.team_exists", name=name)
    for field, value in (("area", data.area), ("meeting_point", data.meeting_point)):
        if len(value.strip()) > TEXT_MAX:
            errors[field] = DeskError("form.too_long", field=Phrase(f"patrol.field.{field}"), most=TEXT_MAX)
    if data.leader_id is not None and session.get(Person, data.leader_id) is None:
        errors["leader"] = DeskError("person.gone")
    return errors


def add_team(session: Session, data: TeamInput, *, by: Actor) -> Team:
    """A new team (its leader is usually chosen once it has volunteers)."""
    errors = _team_errors(session, data, None)
    if errors:
        raise FieldErrors(errors)
    return save(session, Team(name=data.name.strip(), area=data.area.strip(), meeting_point=data.meeting_point.strip(),
                              leader_id=data.leader_id), by=by)


def _team(session: Session, team_id: uuid.UUID) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise DeskError("patrol.team_gone")
    return team


def edit_team(session: Session, team_id: uuid.UUID, data: TeamInput, *, version: int, by: Actor) -> Team:
    """Change a team's name, leader, area or meeting point; refused if someone changed it meanwhile."""
    team = _team(session, team_id)
    errors = _team_errors(session, data, team_id)
    if errors:
        raise FieldErrors(errors)
    team.name, team.area, team.meeting_point = data.name.strip(), data.area.strip(), data.meeting_point.strip()
    team.leader_id = data.leader_id
    return save(session, team, by=by, expected_version=version)


def set_team_active(session: Session, team_id: uuid.UUID, *, active: bool, version: int, by: Actor) -> Team:
    """Deactivate a team (no new shifts; its history stays) or bring it back."""
    team = _team(session, team_id)
    if active and not team.active:
        clash = session.exec(select(Team.id).where(Team.name == team.name, Team.active, Team.id != team.id)).first()
        if clash is not None:
            raise DeskError("patrol.team_exists", name=team.name)
    team.active = active
    return save(session, team, by=by, action="activate" if active else "deactivate", expected_version=version)


# ---- volunteers --------------------------------------------------------------

def _trained_on(typed: str, today: date, errors: dict[str, DeskError]) -> date | None:
    if not typed.strip():
        return None
    try:
        day = parse_day(typed)
    except DeskError as exc:
        errors["trained_on"] = exc
        return None
    if day > today:
        errors["trained_on"] = DeskError("patrol.trained_in_future", day=day.isoformat())
    return day


def _active_team(session: Session, team_id: uuid.UUID | None, errors: dict[str, DeskError]) -> Team | None:
    if team_id is None:
        errors["team"] = DeskError("form.required", field=Phrase("patrol.field.team"))
        return None
    team = session.get(Team, team_id)
    if team is None:
        errors["team"] = DeskError("patrol.team_gone")
    elif not team.active:
        errors["team"] = DeskError("patrol.team_inactive", team=team.name)
    return team


def add_volunteer(session: Session, data: VolunteerInput, *, by: Actor, today: date) -> Volunteer:
    """Enrol a person (known, or typed as new with a phone) in a team.

    A new volunteer must have a phone: the team leader calls them for shifts.
    """
    errors = check_person_input(data.person, "volunteer")
    if data.person.person_id is None and not data.person.phone.strip():
        errors.setdefault("volunteer.phone", DeskError("form.required", field=Phrase("col.phone")))
    trained = _trained_on(data.trained_on, today, errors)
    team = _active_team(session, data.team_id, errors)
    if data.person.person_id is not None and team is not None and "team" not in errors:
        known = session.exec(select(Volunteer).where(Volunteer.person_id == data.person.person_id,
                                                     Volunteer.team_id == team.id)).first()
        if known is not None:
            errors["team"] = DeskError("patrol.already_in_team", team=team.name)
    if errors:
        raise FieldErrors(errors)
    person, _phone = take_person(session, data.person, by=by)
    return save(session, Volunteer(person_id=person.id, team_id=team.id, trained_on=trained), by=by)


def _volunteer(session: Session, volunteer_id: uuid.UUID) -> Volunteer:
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None:
        raise DeskError("patrol.volunteer_gone")
    return volunteer


def edit_volunteer(
    session: Session, volunteer_id: uuid.UUID, *, version: int, team_id: uuid.UUID | None, trained_on: str,
    add_phone: str = "", by: Actor, today: date,
) -> Volunteer:
    """Move a volunteer to another team, correct the training date, add a phone."""
    volunteer = _volunteer(session, volunteer_id)
    errors: dict[str, DeskError] = {}
    trained = _trained_on(trained_on, today, errors)
    team = _active_team(session, team_id, errors) if team_id != volunteer.team_id else None
    if team is not None and "team" not in errors:
        known = session.exec(select(Volunteer.id).where(Volunteer.person_id == volunteer.person_id,
                                                        Volunteer.team_id == team.id)).first()
        if known is not None:
            errors["team"] = DeskError("patrol.already_in_team", team=team.name)
    if add_phone.strip():
        try:
            normalize_phone(add_phone)
        except DeskError as exc:
            errors["phone"] = exc
    if errors:
        raise FieldErrors(errors)
    volunteer.team_id = team_id if team_id is not None else volunteer.team_id
    volunteer.trained_on = trained
    save(session, volunteer, by=by, expected_version=version)
    if add_phone.strip():
        take_person(session, PersonInput(person_id=volunteer.person_id, phone=add_phone), by=by)  # adds the phone if the person has not got it yet
    return volunteer


def set_volunteer_active(session: Session, volunteer_id: uuid.UUID, *, active: bool, version: int, by: Actor) -> Volunteer:
    """Deactivate a volunteer (off new checklists; history kept) or bring them back."""
    volunteer = _volunteer(session, volunteer_id)
    volunteer.active = active
    return save(session, volunteer, by=by, action="activate" if active else "deactivate", expected_version=version)
