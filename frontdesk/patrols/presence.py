"""Checking volunteers in and out of a shift: by one key now, or by typed times; no-shows, walk-ups;
taking back a check-in or check-out made on the wrong line.

A volunteer patrols in one place at a time: a stint that overlaps one on
another shift is refused, naming that shift. Every change goes through
`records.save`; the caller commits.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import Session, select

from db.models import PatrolShift, Person, ShiftMember, Team, Volunteer
from frontdesk.i18n import DeskError, Phrase, t
from frontdesk.patrols.times import check_moment, shift_moment
from frontdesk.patrols.views import get_shift
from frontdesk.callers.people import FieldErrors
from frontdesk.records import Actor, save
from frontdesk.timefmt import local_text


def _member(session: Session, member_id: uuid.UUID) -> tuple[ShiftMember, PatrolShift, Person]:
    member = session.get(ShiftMember, member_id)
    if member is None:
        raise DeskError("patrol.member_gone")
    volunteer = session.get(Volunteer, member.volunteer_id)
    return member, get_shift(session, member.shift_id), session.get(Person, volunteer.person_id)


def _check_no_overlap(session: Session, member: ShiftMember, person: Person, begins: datetime,
                      ends: datetime, zone: ZoneInfo) -> None:
    """A volunteer patrols in one place at a time: refuse a stint that overlaps another shift's.

    A stint not checked out yet lasts until now, so `ends` is its check-out or now.
    """
    query = (
        select(ShiftMember, PatrolShift, Team.name)
        .join(Volunteer, Volunteer.id == ShiftMember.volunteer_id)
        .join(PatrolShift, PatrolShift.id == ShiftMember.shift_id)
        .join(Team, Team.id == PatrolShift.team_id)
        .where(Volunteer.person_id == person.id, ShiftMember.id != member.id,
               ShiftMember.checked_in_at.is_not(None),
               or_(ShiftMember.checked_out_at.is_(None), ShiftMember.checked_out_at > begins),
               ShiftMember.checked_in_at < ends)
    )
    other = session.exec(query.order_by(ShiftMember.checked_in_at)).first()
    if other is None:
        return
    stint, shift, team = other
    if stint.checked_out_at is None:
        raise DeskError("patrol.still_in_elsewhere", name=person.name, team=team,
                        day=shift.shift_date.isoformat(), since=local_text(stint.checked_in_at, zone))
    raise DeskError("patrol.overlaps_elsewhere", name=person.name, team=team,
                    since=local_text(stint.checked_in_at, zone), until=local_text(stint.checked_out_at, zone))


def _note_start(session: Session, shift: PatrolShift, *, by: Actor) -> None:
    """The shift began with its earliest check-in."""
    earliest = session.exec(
        select(ShiftMember.checked_in_at).where(ShiftMember.shift_id == shift.id,
                                                ShiftMember.checked_in_at.is_not(None))
        .order_by(ShiftMember.checked_in_at)
    ).first()
    if shift.actual_start != earliest:
        shift.actual_start = earliest
        save(session, shift, by=by, action="update")


def check_in(session: Session, member_id: uuid.UUID, *, at: datetime, by: Actor, now: datetime,
             zone: ZoneInfo) -> ShiftMember:
    """A volunteer on the checklist has arrived (at `at`, usually now)."""
    member, shift, person = _member(session, member_id)
    if shift.actual_end is not None:
        raise DeskError("patrol.shift_ended", ended=local_text(shift.actual_end, zone))
    if member.checked_in_at is not None:
        key = "patrol.already_in" if member.checked_out_at is None else "patrol.already_out"
        raise DeskError(key, name=person.name, at=local_text(member.checked_out_at or member.checked_in_at, zone))
    check_moment(at, shift, now=now, zone=zone)
    _check_no_overlap(session, member, person, at, now, zone)
    member.checked_in_at, member.no_show = at, False
    save(session, member, by=by, action="check_in")
    _note_start(session, shift, by=by)
    return member


def check_out(session: Session, member_id: uuid.UUID, *, at: datetime, by: Actor, now: datetime,
              zone: ZoneInfo) -> ShiftMember:
    """A volunteer leaves the patrol (at `at`, usually now)."""
    member, shift, person = _member(session, member_id)
    if member.checked_in_at is None:
        raise DeskError("patrol.not_in", name=person.name)
    if member.checked_out_at is not None:
        raise DeskError("patrol.already_out", name=person.name, at=local_text(member.checked_out_at, zone))
    if at <= member.checked_in_at:
        raise DeskError("patrol.out_before_in", out=local_text(at, zone), came=local_text(member.checked_in_at, zone))
    check_moment(at, shift, now=now, zone=zone)
    _check_no_overlap(session, member, person, member.checked_in_at, at, zone)
    member.checked_out_at = at
    return save(session, member, by=by, action="check_out")


def toggle_presence(session: Session, member_id: uuid.UUID, *, by: Actor, now: datetime, zone: ZoneInfo) -> str:
    """Check the volunteer in if they have not come yet, out if they are on patrol; returns "in" or "out"."""
    member, _shift_row, person = _member(session, member_id)
    if member.checked_in_at is None:
        check_in(session, member_id, at=now, by=by, now=now, zone=zone)
        return "in"
    if member.checked_out_at is None:
        check_out(session, member_id, at=now, by=by, now=now, zone=zone)
        return "out"
    raise DeskError("patrol.already_out", name=person.name, at=local_text(member.checked_out_at, zone))


def take_back(session: Session, member_id: uuid.UUID, *, version: int, by: Actor, now: datetime,
              zone: ZoneInfo) -> tuple[str, datetime]:
    """Take back the volunteer's latest check-out (they are on patrol again) or, with none, their check-in
    (not come yet): a Space pressed on the wrong line. Returns what was taken back ("in" or "out") and the
    time it had said.

    The limits, and why:
    - only the latest entry: taking back a check-in under a check-out would leave a check-out with nothing
      before it; the check-out goes first, then (asked again) the check-in.
    - only while the shift is open: an ended shift checked out whoever was still in and its hours are in the
      figures; putting someone back on patrol there would leave them out for ever. Its times are corrected
      with `set_times` and the review instead.
    - only as the officer saw it (`version`): an entry changed at another desk since the question was asked
      is not the one the officer agreed to take back.
    - a volunteer put back on patrol must not be on another shift since (one place at a time).

    Nothing is deleted: the correction is an ordinary versioned change through `save`, so it is in the change
    log with the time it took back as the old value and travels to the other desks in the next bundle like any
    other change, and it is audited as undo_check_in or undo_check_out naming the volunteer and the time.
    """
    member, shift, person = _member(session, member_id)
    if shift.actual_end is not None:
        raise DeskError("patrol.undo_after_end", ended=local_text(shift.actual_end, zone))
    if member.version != version:
        raise DeskError("patrol.undo_changed", name=person.name)
    if member.checked_in_at is None:
        raise DeskError("patrol.nothing_to_undo", name=person.name)
    if member.checked_out_at is not None:
        taken, which = member.checked_out_at, "out"
        _check_no_overlap(session, member, person, member.checked_in_at, now, zone)
        member.checked_out_at = None
        save(session, member, by=by, action="undo_check_out",
             reason=t("patrol.audit.undo_check_out", name=person.name, at=local_text(taken, zone)))
    else:
        taken, which = member.checked_in_at, "in"
        member.checked_in_at = None
        save(session, member, by=by, action="undo_check_in",
             reason=t("patrol.audit.undo_check_in", name=person.name, at=local_text(taken, zone)))
        _note_start(session, shift, by=by)  # the shift began with the earliest check-in still standing
    return which, taken


def set_no_show(session: Session, member_id: uuid.UUID, *, no_show: bool, by: Actor, zone: ZoneInfo) -> ShiftMember:
    """Record that a volunteer on the checklist did not come (or undo it)."""
    member, _shift_row, person = _member(session, member_id)
    if no_show and member.checked_in_at is not None:
        raise DeskError("patrol.no_show_but_came", name=person.name, at=local_text(member.checked_in_at, zone))
    member.no_show = no_show
    return save(session, member, by=by, action="no_show" if no_show else "update")


def set_times(session: Session, member_id: uuid.UUID, *, check_in_text: str, check_out_text: str, by: Actor,
              now: datetime, zone: ZoneInfo) -> ShiftMember:
    """Correct a volunteer's check-in and check-out as typed (`21:40`, `00:30`, or a full time).

    Both empty puts them back to "not come yet". A check-out needs a check-in before it.
    """
    member, shift, person = _member(session, member_id)
    errors: dict[str, DeskError] = {}
    came = left = None
    for field, typed in (("check_in", check_in_text), ("check_out", check_out_text)):
        if not typed.strip():
            continue
        try:
            moment = shift_moment(typed, shift, zone)
            check_moment(moment, shift, now=now, zone=zone)
        except DeskError as exc:
            errors[field] = exc
            continue
        came, left = (moment, left) if field == "check_in" else (came, moment)
    if "check_out" not in errors and left is not None and came is None and "check_in" not in errors:
        errors["check_in"] = DeskError("form.required", field=Phrase("patrol.field.check_in"))
    if not errors and came is not None and left is None and shift.actual_end is not None:
        errors["check_out"] = DeskError("patrol.ended_needs_check_out", ended=local_text(shift.actual_end, zone))
    if not errors and came is not None and left is not None and left <= came:
        errors["check_out"] = DeskError("patrol.out_before_in", out=local_text(left, zone), came=local_text(came, zone))
    if errors:
        raise FieldErrors(errors)
    if came is not None:
        try:
            _check_no_overlap(session, member, person, came, left or now, zone)
        except DeskError as exc:
            raise FieldErrors({"check_in": exc}) from None
    member.checked_in_at, member.checked_out_at = came, left
    if came is not None:
        member.no_show = False
    save(session, member, by=by, action="correct_times")
    _note_start(session, shift, by=by)
    return member


def add_walk_up(session: Session, shift_id: uuid.UUID, person_id: uuid.UUID, *, by: Actor, now: datetime,
                zone: ZoneInfo) -> ShiftMember:
    """A volunteer not on the checklist (usually from another team) arrives: add and check them in."""
    shift = get_shift(session, shift_id)
    if shift.actual_end is not None:
        raise DeskError("patrol.shift_ended", ended=local_text(shift.actual_end, zone))
    person = session.get(Person, person_id)
    if person is None:
        raise DeskError("person.gone")
    volunteers = session.exec(
        select(Volunteer, Team).join(Team, Team.id == Volunteer.team_id).where(Volunteer.person_id == person_id)
    ).all()
    if not volunteers:
        raise DeskError("patrol.not_a_volunteer", name=person.name)
    listed = session.exec(
        select(ShiftMember).where(ShiftMember.shift_id == shift.id,
                                  ShiftMember.volunteer_id.in_([v.id for v, _t in volunteers]))
    ).first()
    if listed is not None:
        if listed.checked_in_at is None:
            return check_in(session, listed.id, at=now, by=by, now=now, zone=zone)
        raise DeskError("patrol.already_on_shift", name=person.name)
    usable = [(v, team) for v, team in volunteers if v.active and team.active]
    if not usable:
        raise DeskError("patrol.volunteer_inactive", name=person.name)
    own = [v for v, _team in usable if v.team_id == shift.team_id]
    volunteer = own[0] if own else usable[0][0]
    member = ShiftMember(shift_id=shift.id, volunteer_id=volunteer.id)
    check_moment(now, shift, now=now, zone=zone)
    _check_no_overlap(session, member, person, now, now, zone)
    member.checked_in_at = now
    save(session, member, by=by, action="check_in")
    _note_start(session, shift, by=by)
    return member


