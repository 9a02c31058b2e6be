"""Signing in: the first admin, hashed passwords, lock-out after five wrong tries, unlocking."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from db.engine import read_session
from db.models import AuditEvent, ChangeLog, Officer
from frontdesk.access.roles import NotAllowed
from frontdesk.desk import Desk
from frontdesk.i18n import DeskError
from frontdesk.callers.people import FieldErrors
from tests.conftest import FROZEN_NOW

PASSWORD = "correct horse 42"


class Clock:
    def __init__(self):
        self.now = FROZEN_NOW

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def desk(engine, settings, on_duty, db_url, clock):
    desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=clock)
    desk.create_first_admin(name="李所长", badge="000001", password=PASSWORD, again=PASSWORD)
    return desk


def test_a_new_station_asks_for_its_admin_once(engine, settings, on_duty, db_url):
    desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url)
    assert desk.needs_first_admin()
    with pytest.raises(FieldErrors) as refused:
        desk.create_first_admin(name="", badge="00 01", password="short", again="short")
    assert set(refused.value.errors) == {"name", "badge", "password"}
    with pytest.raises(FieldErrors) as refused:
        desk.create_first_admin(name="李所长", badge="000001", password=PASSWORD, again=PASSWORD + "x")
    assert set(refused.value.errors) == {"again"}
    desk.create_first_admin(name="李所长", badge="000001", password=PASSWORD, again=PASSWORD)
    assert not desk.needs_first_admin() and desk.actor.role == "admin" and desk.on_duty.badge_no == "000001"
    with pytest.raises(DeskError, match="already has its admin"):
        desk.create_first_admin(name="王", badge="000002", password=PASSWORD, again=PASSWORD)


def test_the_password_is_kept_only_as_an_argon2_hash_and_never_logged(desk, engine):
    with read_session(engine) as session:
        officer = session.exec(select(Officer).where(Officer.badge_no == "000001")).one()
        logged = [str(entry.data) + str(entry.changed) for entry in session.exec(select(ChangeLog)).all()]
        reasons = [event.reason for event in session.exec(select(AuditEvent)).all()]
    assert officer.password_hash.startswith("$argon2id$")
    assert PASSWORD not in officer.password_hash
    assert not any(PASSWORD in text for text in logged + reasons)


def test_the_program_hashes_at_full_cost_and_only_the_suite_lowers_it():
    """The suite signs in with a cheap Argon2 (tests/conftest.py); a fresh program uses the strong one."""
    import subprocess
    import sys

    from argon2 import PasswordHasher, profiles

    from frontdesk.access import signin

    fresh = subprocess.run(
        [sys.executable, "-c", "from frontdesk.access.signin import hash_password; print(hash_password('x'))"],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    strong = profiles.RFC_9106_LOW_MEMORY
    assert fresh.stdout.startswith(
        f"$argon2id$v=19$m={strong.memory_cost},t={strong.time_cost},p={strong.parallelism}$")
    assert signin.STRONG_HASHER.memory_cost >= 64 * 1024 and signin.STRONG_HASHER.time_cost >= 3
    # Here the suite's cheap one is in use, and a strong hash still checks (parameters travel with it).
    assert signin.hash_password("x").startswith("$argon2id$v=19$m=8,t=1,p=1$")
    stored = PasswordHasher().hash(PASSWORD)
    assert signin._hasher.verify(stored, PASSWORD)


def test_signing_in_switches_the_officer_at_the_desk_and_is_audited(desk, engine):
    desk.add_officer(name="王建军", badge="031245", role="duty", password="duty pass 1")
    desk.sign_in(badge="031245", password="duty pass 1")
    assert (desk.on_duty.officer_name, desk.actor.role) == ("王建军", "duty")
    with read_session(engine) as session:
        outcomes = session.exec(select(AuditEvent.outcome).where(AuditEvent.action == "sign_in")).all()
    assert outcomes == ["ok"]


def test_five_wrong_passwords_lock_the_badge_until_the_time_runs_out_or_a_supervisor_unlocks(desk, engine, clock):
    desk.add_officer(name="王建军", badge="031245", role="duty", password="duty pass 1")
    for left in (4, 3, 2, 1):
        with pytest.raises(DeskError, match=f"{left} more"):
            desk.sign_in(badge="031245", password="guess")
    with pytest.raises(DeskError, match="locked for 15 minutes"):
        desk.sign_in(badge="031245", password="guess")
    with pytest.raises(DeskError, match="locked until 2026-11-22 20:45"):
        desk.sign_in(badge="031245", password="duty pass 1")  # even the right one, while locked
    clock.now = FROZEN_NOW + timedelta(minutes=16)
    desk.sign_in(badge="031245", password="duty pass 1")

    for _ in range(5):
        with pytest.raises(DeskError):
            desk.sign_in(badge="031245", password="guess")
    with pytest.raises(NotAllowed):
        desk.unlock_officer("031245")  # a duty officer cannot unlock anyone, themselves included
    desk.sign_in(badge="000001", password=PASSWORD)  # the admin (a supervisor and more) unlocks
    desk.unlock_officer("031245")
    desk.sign_in(badge="031245", password="duty pass 1")
    with read_session(engine) as session:
        outcomes = session.exec(select(AuditEvent.outcome).where(AuditEvent.action == "sign_in")).all()
    assert outcomes.count("failed") == 8 and outcomes.count("locked") >= 3


def test_an_unknown_badge_says_no_more_than_a_wrong_password(desk):
    with pytest.raises(DeskError) as unknown:
        desk.sign_in(badge="999999", password=PASSWORD)
    assert unknown.value.message == "Badge number or password not right."


def test_only_an_admin_adds_officers(desk, engine, settings, on_duty, db_url):
    duty = Desk(settings=settings, engine=engine, on_duty=replace(on_duty, role="duty"), url=db_url)
    with pytest.raises(NotAllowed):
        duty.add_officer(name="张", badge="031246", role="supervisor", password="some pass 1")
