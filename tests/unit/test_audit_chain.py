"""The audit log's hash chain: written with every event, and every kind of tampering found."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import delete, update
from sqlmodel import select

from db.engine import read_session, write_session
from db.models import AuditEvent, Counter
from frontdesk.access.audit import verify
from frontdesk.cases.recording import CaseDraft
from frontdesk.cli import main
from frontdesk.desk import Desk
from frontdesk.callers.people import PersonInput
from tests.conftest import FROZEN_NOW


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url)
    for n in range(3):
        recorded = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678"),
                                              category="dispute", summary=f"纠纷{n}"), now=FROZEN_NOW)
        desk.callers.person_history(recorded.reporter_id)  # a view: an event with no change
    return desk


def report(engine):
    with read_session(engine) as session:
        return verify(session)


def events(engine):
    with read_session(engine) as session:
        return session.exec(select(AuditEvent).order_by(AuditEvent.seq)).all()


def test_every_event_is_numbered_and_chained(desk, engine):
    written = events(engine)
    assert [e.seq for e in written] == list(range(1, len(written) + 1))
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(written, written[1:]))
    assert report(engine).intact and report(engine).events == len(written)


def _tamper(engine, statement):
    with write_session(engine) as session:
        session.execute(statement)
        session.commit()


def test_an_edited_event_is_found(desk, engine):
    target = events(engine)[4]
    _tamper(engine, update(AuditEvent).where(AuditEvent.id == target.id).values(reason="nothing to see"))
    [problem] = report(engine).problems
    assert (problem.kind, problem.seq) == ("edited", 5)


def test_a_deleted_event_is_found(desk, engine):
    target = events(engine)[3]
    _tamper(engine, delete(AuditEvent).where(AuditEvent.id == target.id))
    kinds = {(p.kind, p.seq) for p in report(engine).problems}
    assert ("missing", 4) in kinds


def test_reordered_events_are_found(desk, engine):
    a, b = events(engine)[2:4]
    # Swap the two events' places in the chain (and renumber them so the numbers look right).
    _tamper(engine, update(AuditEvent).where(AuditEvent.id == a.id).values(seq=-1))
    _tamper(engine, update(AuditEvent).where(AuditEvent.id == b.id).values(seq=a.seq))
    _tamper(engine, update(AuditEvent).where(AuditEvent.id == a.id).values(seq=b.seq))
    problems = report(engine).problems
    assert {p.seq for p in problems} >= {a.seq}
    assert not report(engine).intact


def test_a_truncated_log_is_found(desk, engine):
    last = events(engine)[-1]
    _tamper(engine, delete(AuditEvent).where(AuditEvent.id == last.id))
    [problem] = report(engine).problems
    assert (problem.kind, problem.seq) == ("truncated", last.seq)


def test_a_rewritten_chain_still_fails_on_the_counter_or_later_links(desk, engine):
    """Deleting the first event and renumbering the rest still leaves the links broken."""
    first = events(engine)[0]
    _tamper(engine, delete(AuditEvent).where(AuditEvent.id == first.id))
    _tamper(engine, update(AuditEvent).values(seq=AuditEvent.seq - 1))
    assert not report(engine).intact


def test_the_command_line_says_where_an_edit_was_made_in_sqlite_shell_fashion(desk, engine, db_url, capsys):
    if not db_url.startswith("sqlite"):
        pytest.skip("the sqlite3 shell edits a SQLite file")
    desk.access.create_first_admin(name="李所长", badge="000001", password="admin pass 1", again="admin pass 1")
    password_file = Path(db_url.removeprefix("sqlite:///")).with_name("password")
    password_file.write_text("admin pass 1\n", encoding="utf-8")
    password_file.chmod(0o600)
    signed = ["--badge", "000001", "--password-file", str(password_file)]
    assert main(["--db", db_url, "audit", "verify", *signed]) == 0
    assert "intact" in capsys.readouterr().out
    path = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as con:  # what an officer with the sqlite3 shell could do
        con.execute("UPDATE auditevent SET officer_id = NULL, reason = 'tidied' WHERE seq = 2")
    assert main(["audit", "verify", "--db", db_url, *signed]) == 1
    out = capsys.readouterr().out
    assert "event 2" in out and "NOT intact" in out


def test_the_audit_counter_matches_the_events(desk, engine):
    with read_session(engine) as session:
        [value] = session.exec(select(Counter.value).where(Counter.name == "audit")).all()
    assert value == len(events(engine))
