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
    desk.access.create_first_admin(name="李所长", badge="000001", password=PASSWORD, again=PASSWORD)
    return desk


def test_a_new_station_asks_for_its_admin_once(engine, settings, on_duty, db_url):
    desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url)
    assert desk.access.needs_first_admin()
    with pytest.raises(FieldErrors) as refused:
        desk.access.create_first_admin(name="", badge="00 01", password="short", again="short")
    assert set(refused.value.errors) == {"name", "badge", "password"}
    with pytest.raises(FieldErrors) as refused:
        desk.access.create_first_admin(name="李所长", badge="000001", password=PASSWORD, again=PASSWORD + "x")
    assert set(refused.value.errors) == {"again"}
    desk.access.create_first_admin(name="李所长", badge="000001", password=PASSWORD, again=PASSWORD)
    assert not desk.access.needs_first_admin() and desk.actor.role == "admin" and desk.on_duty.badge_no == "000001"
    with pytest.raises(DeskError, match="already has its admin"):
        desk.access.create_first_admin(name="王", badge="000002", password=PASSWORD, again=PASSWORD)


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
    desk.access.add_officer(name="王建军", badge="031245", role="duty", password="duty pass 1")
    desk.access.sign_in(badge="031245", password="duty pass 1")
    assert (desk.on_duty.officer_name, desk.actor.role) == ("王建军", "duty")
    with read_session(engine) as session:
        outcomes = session.exec(select(AuditEvent.outcome).where(AuditEvent.action == "sign_in")).all()
    assert outcomes == ["ok"]


def test_five_wrong_passwords_lock_the_badge_until_the_time_runs_out_or_a_supervisor_unlocks(desk, engine, clock):
    desk.access.add_officer(name="王建军", badge="031245", role="duty", password="duty pass 1")
    for left in (4, 3, 2, 1):
        with pytest.raises(DeskError, match=f"{left} more"):
            desk.access.sign_in(badge="031245", password="guess")
    with pytest.raises(DeskError, match="locked for 15 minutes"):
        desk.access.sign_in(badge="031245", password="guess")
    with pytest.raises(DeskError, match="locked until 2026-11-22 20:45"):
        desk.access.sign_in(badge="031245", password="duty pass 1")  # even the right one, while locked
    clock.now = FROZEN_NOW + timedelta(minutes=16)
    desk.access.sign_in(badge="031245", password="duty pass 1")

    for _ in range(5):
        with pytest.raises(DeskError):
            desk.access.sign_in(badge="031245", password="guess")
    with pytest.raises(DeskError, match="locked out"):
        desk.access.unlock_officer("031245")  # a locked-out officer can do nothing under their badge, unlocking included
    desk.access.sign_in(badge="000001", password=PASSWORD)  # the admin (a supervisor and more) unlocks
    desk.access.unlock_officer("031245")
    desk.access.sign_in(badge="031245", password="duty pass 1")
    with read_session(engine) as session:
        outcomes = session.exec(select(AuditEvent.outcome).where(AuditEvent.action == "sign_in")).all()
    assert outcomes.count("failed") == 8 and outcomes.count("locked") >= 3


def test_an_unknown_badge_says_no_more_than_a_wrong_password(desk):
    with pytest.raises(DeskError) as unknown:
        desk.access.sign_in(badge="999999", password=PASSWORD)
    assert unknown.value.message == "Badge number or password not right."


def test_only_an_admin_adds_officers(desk, engine, settings, on_duty, db_url):
    duty = Desk(settings=settings, engine=engine, on_duty=replace(on_duty, role="duty"), url=db_url)
    with pytest.raises(NotAllowed):
        duty.access.add_officer(name="张", badge="031246", role="supervisor", password="some pass 1")


# ---- officers are changed, not overwritten; the station keeps an admin -------------------


def _officer(engine, badge):
    with read_session(engine) as session:
        return session.exec(select(Officer).where(Officer.badge_no == badge)).one()


def test_adding_with_a_badge_that_exists_is_refused_naming_its_officer(desk, engine):
    desk.access.add_officer(name="李测试", badge="900001", role="supervisor", password="li pass 123")
    with pytest.raises(FieldErrors) as refused:
        desk.access.add_officer(name="王五", badge="900001", role="duty", password="wang pass 1")
    assert set(refused.value.errors) == {"badge"}
    assert "李测试" in refused.value.errors["badge"].message
    officer = _officer(engine, "900001")
    assert (officer.name, officer.role) == ("李测试", "supervisor")


def test_changing_an_officer_keeps_their_badge_and_password_unless_a_new_one_is_typed(desk, engine):
    desk.access.add_officer(name="李测试", badge="900001", role="duty", password="li pass 123")
    officer = _officer(engine, "900001")
    desk.access.change_officer(officer.id, name="李测试二", role="supervisor", password="", version=officer.version)
    changed = _officer(engine, "900001")
    assert (changed.name, changed.role, changed.password_hash) == ("李测试二", "supervisor", officer.password_hash)
    desk.access.sign_in(badge="900001", password="li pass 123")
    assert desk.actor.role == "supervisor"


def test_the_last_active_admin_cannot_be_demoted_or_retired(desk, engine):
    admin = _officer(engine, "000001")
    with pytest.raises(DeskError, match="only active admin"):
        desk.access.change_officer(admin.id, name="李所长", role="duty")
    with pytest.raises(DeskError, match="only active admin"):
        desk.access.retire_officer(admin.id)
    assert _officer(engine, "000001").role == "admin" and _officer(engine, "000001").active
    # With a second admin, the first may step down.
    desk.access.add_officer(name="赵副所长", badge="000002", role="admin", password="zhao pass 1")
    desk.access.change_officer(admin.id, name="李所长", role="supervisor")
    assert _officer(engine, "000001").role == "supervisor"


def test_a_retired_officer_is_kept_but_cannot_sign_in(desk, engine):
    desk.access.add_officer(name="王建军", badge="031246", role="duty", password="duty pass 1")
    officer = _officer(engine, "031246")
    desk.access.retire_officer(officer.id)
    assert not _officer(engine, "031246").active
    with pytest.raises(DeskError):
        desk.access.sign_in(badge="031246", password="duty pass 1")
    with pytest.raises(FieldErrors):  # the badge stays theirs
        desk.access.add_officer(name="新人", badge="031246", role="duty", password="new pass 12")


# ---- roles and locks take effect at once: two desks on one database ----------------------


def _second_desk(desk):
    return Desk(settings=desk.settings, engine=desk.engine, on_duty=desk.on_duty, url=desk.url, clock=desk.clock)


def test_a_demotion_at_one_desk_reaches_a_session_open_at_another(desk, engine):
    desk.access.add_officer(name="赵副所长", badge="000002", role="admin", password="zhao pass 1")
    other = _second_desk(desk)
    other.access.sign_in(badge="000002", password="zhao pass 1")
    assert other.access.may("manage_officers")
    zhao = _officer(engine, "000002")
    desk.access.change_officer(zhao.id, name="赵副所长", role="duty", version=zhao.version)
    with pytest.raises(NotAllowed, match="you are signed in as a duty officer"):
        other.access.add_officer(name="张", badge="031247", role="admin", password="zhang pass 1")
    assert other.actor.role == "duty" and not other.access.may("manage_officers")
    with read_session(engine) as session:
        assert session.exec(select(Officer).where(Officer.badge_no == "031247")).first() is None


def test_a_retirement_or_lock_out_stops_a_session_already_open(desk, engine, clock):
    desk.access.add_officer(name="王建军", badge="031246", role="supervisor", password="duty pass 1")
    other = _second_desk(desk)
    other.access.sign_in(badge="031246", password="duty pass 1")
    other.access.officers()  # works while they are on duty
    third = _second_desk(desk)
    for _ in range(5):
        with pytest.raises(DeskError):
            third.access.sign_in(badge="031246", password="guess")
    with pytest.raises(DeskError, match="locked out"):
        other.access.officers()
    clock.now = FROZEN_NOW + timedelta(minutes=16)
    other.access.officers()
    desk.access.retire_officer(_officer(engine, "031246").id)
    with pytest.raises(DeskError, match="retired"):
        other.access.officers()


def test_an_unknown_badge_takes_as_long_to_refuse_as_a_wrong_password(engine, settings, on_duty, db_url):
    """Timed with the station's real Argon2 cost: the answer's time must not tell a badge exists.

    200 tries of each at full cost would take minutes on a desk PC, so the number of tries is
    what fits in about 12 seconds here (on one database kind: the time is Argon2's) (at least 7 of each), taken in turns so that a busy
    machine slows both alike; the medians must be within 10%. The time is the process's CPU time: the work
    each answer costs, which is what would differ; wall time on a machine shared with the suite's other
    workers differed by 11% once with the same work."""
    import statistics
    import time
    from zoneinfo import ZoneInfo

    from db.engine import write_session
    from frontdesk.access import signin

    if not db_url.startswith("sqlite"):
        pytest.skip("timed once, on SQLite: the time is Argon2's, not the database's")
    cheap = signin.use_password_hasher(signin.STRONG_HASHER)
    try:
        desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url)
        desk.access.create_first_admin(name="李所长", badge="000001", password=PASSWORD, again=PASSWORD)
        started = time.perf_counter()
        signin.STRONG_HASHER.hash("one hash, to size the test")
        one = time.perf_counter() - started
        tries = max(7, min(200, int(12 / (2 * one))))
        taken: dict[str, list[float]] = {"unknown": [], "wrong": []}
        for _ in range(tries):
            for kind, badge in (("unknown", "999999"), ("wrong", "000001")):
                with write_session(engine) as session:
                    started = time.process_time()
                    attempt = signin.sign_in(session, badge=badge, password="not the password", site="LS",
                                             now=FROZEN_NOW, lockout_minutes=15, zone=ZoneInfo("Asia/Shanghai"))
                    taken[kind].append(time.process_time() - started)
                    session.rollback()  # no lock-out builds up: every try is a first wrong one
                assert attempt.officer is None
    finally:
        signin.use_password_hasher(cheap)
    unknown, wrong = statistics.median(taken["unknown"]), statistics.median(taken["wrong"])
    print(f"{tries} tries each: unknown badge {unknown * 1000:.1f} ms, wrong password {wrong * 1000:.1f} ms (medians)")
    assert abs(unknown - wrong) <= 0.10 * wrong, (unknown, wrong)
