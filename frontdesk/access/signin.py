"""Officers' passwords, signing in, lock-out after failed attempts, and unlocking.

Passwords are kept only as Argon2 hashes (argon2-cffi). Five wrong passwords in
a row lock the officer out of this database for the configured minutes; a
supervisor can unlock them sooner. Every attempt, right or wrong, is audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from db.ids import stable_id
from db.models import Officer, SignInState
from frontdesk.access.roles import ROLES, require
from frontdesk.i18n import DeskError, Phrase, t
from frontdesk.callers.people import FieldErrors
from db.sequences import hold
from frontdesk.records import CHANGELOG_SEQUENCE, Actor, audit, save
from frontdesk.timefmt import local_text
from frontdesk.validation import one_line_name

MAX_FAILURES = 5
#: Every officer of the demo station signs in with this (the sign-in screen says so on a demo).
DEMO_PASSWORD = "frontdesk-demo"
PASSWORD_MIN = 8
PASSWORD_MAX = 128
#: Argon2 at argon2-cffi's recommended cost (RFC 9106 low-memory profile): every station uses this.
STRONG_HASHER = PasswordHasher()
_hasher = STRONG_HASHER


def use_password_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Hash new passwords with `hasher` from now on; returns the one it replaces.

    Only the test suite calls this (a cheap parameter set: each UI test signs in).
    A stored hash carries its own parameters, so checking one works whichever is in use.
    """
    global _hasher
    before, _hasher = _hasher, hasher
    return before


@dataclass(frozen=True)
class SignedIn:
    officer_id: uuid.UUID
    name: str
    badge_no: str
    role: str


@dataclass(frozen=True)
class Attempt:
    """How a sign-in went: `officer` if it worked, else the refusal to show (already audited)."""

    officer: SignedIn | None
    refusal: DeskError | None


def _secret(password: str) -> bytes:
    """The password as Argon2 takes it: UTF-8, and a lone surrogate (a broken paste) kept as
    bytes rather than failing: such a password never matches one that was set properly."""
    return password.encode("utf-8", "surrogatepass")


def hash_password(password: str) -> str:
    return _hasher.hash(_secret(password))


#: A hash of no one's password per hasher in use, checked for a badge nobody has, so that an
#: unknown badge takes as long to refuse as a wrong password (the time tells nothing).
_dummy_hashes: dict[int, str] = {}


def _dummy_hash() -> str:
    key = id(_hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _hasher.hash(b"no officer has this badge")
    return _dummy_hashes[key]


def _badge_lookup(badge: str) -> str | None:
    """The badge as the officers' table could hold it, or None (empty, too long, not letters or digits)."""
    return badge if badge and len(badge) <= 20 and badge.isalnum() else None


def _check_password(errors: dict[str, DeskError], password: str, again: str | None) -> None:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        errors["password"] = DeskError("signin.password_length", least=PASSWORD_MIN, most=PASSWORD_MAX)
    elif again is not None and again != password:
        errors["again"] = DeskError("signin.passwords_differ")


def needs_first_admin(session: Session) -> bool:
    """True on a new station: nobody can sign in yet, so the admin must be created."""
    return session.exec(select(Officer.id).where(Officer.password_hash.is_not(None)).limit(1)).first() is None


def create_first_admin(session: Session, *, name: str, badge: str, password: str, again: str,
                       site: str) -> SignedIn:
    """The station's first officer with a password: its admin. Refused once there is one."""
    if not needs_first_admin(session):
        raise DeskError("signin.admin_exists")
    errors: dict[str, DeskError] = {}
    name, badge = one_line_name(name), badge.strip()
    if not name:
        errors["name"] = DeskError("form.required", field=Phrase("signin.name"))
    if not badge or len(badge) > 20 or not badge.isalnum():
        errors["badge"] = DeskError("signin.bad_badge", value=badge)
    _check_password(errors, password, again)
    if errors:
        raise FieldErrors(errors)
    officer = session.exec(select(Officer).where(Officer.badge_no == badge)).first()
    officer_id = officer.id if officer else stable_id("officer", badge)
    by = Actor(site=site, officer_id=officer_id, role="admin")
    if officer is None:
        officer = Officer(id=officer_id, name=name, badge_no=badge)
    officer.name, officer.role, officer.active = name, "admin", True
    officer.password_hash = hash_password(password)
    save(session, officer, by=by, action="create_admin")
    return SignedIn(officer.id, officer.name, officer.badge_no, officer.role)


def _check_officer(errors: dict[str, DeskError], *, name: str, role: str) -> None:
    if not one_line_name(name):
        errors["name"] = DeskError("form.required", field=Phrase("signin.name"))
    if role not in ROLES:
        errors["role"] = DeskError("form.required", field=Phrase("signin.role"))


def _other_active_admins(session: Session, officer_id: uuid.UUID) -> int:
    return len(session.exec(
        select(Officer.id).where(Officer.role == "admin", Officer.active.is_(True),
                                 Officer.password_hash.is_not(None), Officer.id != officer_id)
    ).all())


def _keep_an_admin(session: Session, officer: Officer, *, role: str, active: bool) -> None:
    """The station always keeps one active admin: the last one cannot be demoted or retired."""
    was_admin = officer.role == "admin" and officer.active and officer.password_hash is not None
    if was_admin and (role != "admin" or not active) and not _other_active_admins(session, officer.id):
        raise DeskError("officers.last_admin", name=officer.name)


def add_officer(session: Session, *, name: str, badge: str, role: str, password: str, by: Actor) -> SignedIn:
    """An admin adds a new officer. A badge already on the station's list is refused, naming its officer:
    an officer is changed (`change_officer`), never overwritten by adding."""
    require(by, "manage_officers")
    errors: dict[str, DeskError] = {}
    _check_officer(errors, name=name, role=role)
    if not badge.strip() or len(badge.strip()) > 20 or not badge.strip().isalnum():
        errors["badge"] = DeskError("signin.bad_badge", value=badge)
    _check_password(errors, password, None)
    if errors:
        raise FieldErrors(errors)
    badge = badge.strip()
    officer = session.exec(select(Officer).where(Officer.badge_no == badge)).first()
    if officer is not None and (officer.password_hash is not None or not officer.active):
        raise FieldErrors({"badge": DeskError("officers.badge_taken", badge=badge, name=officer.name)})
    # An officer on the list who never had a password (named in a desk's config) gets their sign-in here.
    officer = officer or Officer(id=stable_id("officer", badge), name=one_line_name(name), badge_no=badge)
    officer.name, officer.role, officer.active = one_line_name(name), role, True
    officer.password_hash = hash_password(password)
    save(session, officer, by=by, action="add_officer")
    return SignedIn(officer.id, officer.name, officer.badge_no, officer.role)


def change_officer(session: Session, officer_id: uuid.UUID, *, name: str, role: str, password: str = "",
                   version: int | None = None, by: Actor) -> SignedIn:
    """An admin changes an officer's name or role, or resets their password (empty: kept).

    The badge stays the officer's. Demoting the station's last active admin is refused.
    """
    require(by, "manage_officers")
    officer = session.get(Officer, officer_id)
    if officer is None:
        raise DeskError("officers.gone")
    errors: dict[str, DeskError] = {}
    _check_officer(errors, name=name, role=role)
    if password:
        _check_password(errors, password, None)
    if errors:
        raise FieldErrors(errors)
    _keep_an_admin(session, officer, role=role, active=officer.active)
    changed_role = officer.role != role
    officer.name, officer.role = one_line_name(name), role
    if password:
        officer.password_hash = hash_password(password)
    save(session, officer, by=by, action="role_change" if changed_role else "set_officer",
         expected_version=version)
    return SignedIn(officer.id, officer.name, officer.badge_no, officer.role)


def retire_officer(session: Session, officer_id: uuid.UUID, *, active: bool = False, by: Actor) -> None:
    """An officer leaves the station (or comes back): never deleted, their records keep their name.

    A retired officer cannot sign in, and a session of theirs still open is refused its next step.
    Retiring the station's last active admin is refused.
    """
    require(by, "manage_officers")
    officer = session.get(Officer, officer_id)
    if officer is None:
        raise DeskError("officers.gone")
    _keep_an_admin(session, officer, role=officer.role, active=active)
    officer.active = active
    save(session, officer, by=by, action="reinstate_officer" if active else "retire_officer")


def current_actor(session: Session, by: Actor, *, now: datetime) -> Actor:
    """`by` as the database has the officer now: their current role, or a refusal saying why they may no
    longer act (retired, or locked out). Every desk call of a signed-in officer passes through here, so a
    demotion, lock-out or retirement made at another desk applies to a session already open."""
    if by.officer_id is None:
        return by
    officer = session.get(Officer, by.officer_id)
    if officer is None or not officer.active or officer.password_hash is None:
        raise DeskError("signin.no_longer_active")
    state = session.get(SignInState, officer.id)
    if state is not None and state.locked_until is not None and state.locked_until > now:
        raise DeskError("signin.locked_out_now")
    return by if officer.role == by.role else replace(by, role=officer.role)


def sign_in(session: Session, *, badge: str, password: str, site: str, now: datetime,
            lockout_minutes: int, zone: ZoneInfo) -> Attempt:
    """Check a badge and password. Never raises for a wrong password: the failure is
    audited and counted in this transaction, and returned for the caller to show."""
    # Attempts at several desks at once are counted one after the other (and in the lock order of every writer).
    hold(session, site=site, name=CHANGELOG_SEQUENCE)
    badge = badge.strip()
    looked_up = _badge_lookup(badge)
    officer = session.exec(select(Officer).where(Officer.badge_no == looked_up)).first() if looked_up else None
    if officer is None or not officer.active or officer.password_hash is None:
        try:  # as long as a wrong password takes: the answer's time does not say the badge is unknown
            _hasher.verify(_dummy_hash(), _secret(password))
        except (VerificationError, InvalidHashError):
            pass
        audit(session, by=Actor(site=site, clock=lambda: now), action="sign_in", table_name="officer",
              outcome="failed", reason=t("audit.reason.badge", badge=badge[:20]))
        return Attempt(None, DeskError("signin.wrong"))
    by = Actor(site=site, officer_id=officer.id, clock=lambda: now, role=officer.role)
    state = session.get(SignInState, officer.id) or SignInState(officer_id=officer.id)
    if state.locked_until is not None and state.locked_until > now:
        audit(session, by=by, action="sign_in", table_name="officer", record_id=officer.id, outcome="locked")
        return Attempt(None, DeskError("signin.locked", until=local_text(state.locked_until, zone)))
    try:
        _hasher.verify(officer.password_hash, _secret(password))
    except (VerificationError, InvalidHashError):
        state.failed += 1
        if state.failed >= MAX_FAILURES:
            state.locked_until, state.failed = now + timedelta(minutes=lockout_minutes), 0
        session.add(state)
        outcome = "locked" if state.locked_until and state.locked_until > now else "failed"
        audit(session, by=by, action="sign_in", table_name="officer", record_id=officer.id, outcome=outcome)
        if outcome == "locked":
            return Attempt(None, DeskError("signin.now_locked", minutes=lockout_minutes))
        return Attempt(None, DeskError("signin.wrong_left", count=MAX_FAILURES - state.failed))
    state.failed, state.locked_until = 0, None
    session.add(state)
    audit(session, by=by, action="sign_in", table_name="officer", record_id=officer.id)
    return Attempt(SignedIn(officer.id, officer.name, officer.badge_no, officer.role), None)


def sign_out(session: Session, *, by: Actor, action: str = "sign_out", record_id: uuid.UUID | None = None) -> None:
    """The officer left the desk (locked it, or handed it over: then `record_id` is who left)."""
    audit(session, by=by, action=action, table_name="officer", record_id=record_id or by.officer_id)


def unlock(session: Session, *, badge: str, by: Actor) -> None:
    """A supervisor lifts an officer's lock-out before it runs out."""
    require(by, "unlock_officer")
    officer = session.exec(select(Officer).where(Officer.badge_no == badge.strip())).first()
    if officer is None:
        raise DeskError("signin.no_such_badge", badge=badge.strip())
    state = session.get(SignInState, officer.id)
    if state is not None:
        state.failed, state.locked_until = 0, None
        session.add(state)
    audit(session, by=by, action="unlock", table_name="officer", record_id=officer.id)


@dataclass(frozen=True)
class OfficerRow:
    officer_id: uuid.UUID
    name: str
    badge_no: str
    role: str
    active: bool
    can_sign_in: bool
    failed: int
    locked_until: datetime | None
    version: int = 1


def officers(session: Session, *, by: Actor, now: datetime) -> list[OfficerRow]:
    """The station's officers with their sign-in state, for a supervisor or the admin."""
    require(by, "unlock_officer")
    rows = session.exec(
        select(Officer, SignInState).join(SignInState, SignInState.officer_id == Officer.id, isouter=True)
        .order_by(Officer.role.desc(), Officer.badge_no)
    ).all()
    return [
        OfficerRow(officer_id=o.id, name=o.name, badge_no=o.badge_no, role=o.role, active=o.active,
                   can_sign_in=o.password_hash is not None, failed=state.failed if state else 0,
                   locked_until=state.locked_until if state and state.locked_until and state.locked_until > now
                   else None, version=o.version)
        for o, state in rows
    ]
