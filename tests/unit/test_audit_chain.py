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


def _rewrite_whole(engine, *, from_seq: int, reason: str) -> None:
    """What someone with write access to the file could do: change an event and recompute
    every hash after it, so that the chain, the links and the counter all agree again."""
    from db.audit_chain import GENESIS, event_hash

    with write_session(engine) as session:
        rows = session.exec(select(AuditEvent).order_by(AuditEvent.site, AuditEvent.seq)).all()
        prev = GENESIS
        for row in rows:
            if row.seq == 1:
                prev = GENESIS
            if row.seq == from_seq:
                row.reason = reason
            if row.seq >= from_seq:
                row.prev_hash = prev
                row.hash = event_hash(prev, {name: getattr(row, name) for name in
                                             ("site", "seq", "at", "officer_id", "action", "table_name",
                                              "record_id", "outcome", "reason")})
                session.add(row)
            prev = row.hash
        session.commit()


def test_a_chain_rewritten_whole_is_found_by_a_head_another_site_saw(desk, engine):
    from frontdesk.access.audit import chain_head, keep_heads

    with write_session(engine) as session:
        seq, digest = chain_head(session, "LS")
        # The station sent this desk's head back in a bundle: it is kept here.
        assert keep_heads(session, [["LS", seq, digest]], from_site="LS-00", now=FROZEN_NOW) == 1
        session.commit()
    _rewrite_whole(engine, from_seq=2, reason="tidied")
    # Without the head kept, a rewrite whole cannot be told from the real thing.
    with read_session(engine) as session:
        from db.audit_chain import verify_chain
        from frontdesk.access.audit import COLUMNS
        rows = [dict(zip(COLUMNS, row)) for row in session.execute(
            select(*(getattr(AuditEvent, name) for name in COLUMNS)).order_by(AuditEvent.seq))]
        counters = {"LS": session.exec(select(Counter.value).where(Counter.name == "audit")).one()}
    assert verify_chain(rows, counters).intact
    with read_session(engine) as session:
        found = verify(session, site="LS")
    assert [(p.kind, p.site, p.seq, p.detail) for p in found.problems] == [("rewritten", "LS", seq, digest[:12])]


def test_a_chain_cut_and_rebuilt_shorter_is_found_by_a_later_head(desk, engine):
    from frontdesk.access.audit import chain_head, keep_heads

    with write_session(engine) as session:
        seq, digest = chain_head(session, "LS")
        keep_heads(session, [["LS", seq, digest]], from_site="LS-00", now=FROZEN_NOW)
        session.commit()
    _tamper(engine, delete(AuditEvent).where(AuditEvent.seq == seq))
    _tamper(engine, update(Counter).where(Counter.name == "audit").values(value=seq - 1))
    with read_session(engine) as session:
        found = verify(session, site="LS")
    assert [(p.kind, p.seq, p.detail) for p in found.problems] == [("rewritten", seq, digest[:12])]


def test_heads_travel_in_bundles_both_ways_and_the_command_names_the_lost_one(tmp_path, sqlite_template, capsys):
    from db.models import AuditHead
    from frontdesk.access.audit import chain_head
    from frontdesk.cli.jobs import verify_audit
    from tests.synchelpers import carry, open_outpost, open_station, record

    station = open_station(tmp_path / "station", template=sqlite_template)
    outpost = open_outpost(station, "LS-02", tmp_path / "outpost", template=sqlite_template)
    record(outpost)
    with read_session(outpost.engine) as session:
        head = chain_head(session, "LS-02")
    carry(outpost, station)  # the outpost's head reaches the station, which keeps it
    with read_session(station.engine) as session:
        kept = {(h.site, h.seq, h.hash, h.from_site) for h in session.exec(select(AuditHead)).all()}
    assert ("LS-02", *head, "LS-02") in kept
    carry(station, outpost)  # and comes back with the station's next bundle, with the station's own
    with read_session(outpost.engine) as session:
        back = {(h.site, h.seq, h.hash) for h in session.exec(select(AuditHead)).all()}
    assert ("LS-02", *head) in back and any(site == "LS" for site, _seq, _hash in back)
    assert verify_audit(outpost.url, site="LS-02") == 0
    _rewrite_whole(outpost.engine, from_seq=1, reason="rewritten")
    capsys.readouterr()
    assert verify_audit(outpost.url, site="LS-02") == 1
    out = capsys.readouterr().out
    assert f"event {head[0]}" in out and head[1][:12] in out and "rewritten" in out, out
