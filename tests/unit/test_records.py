"""The one write path: version, change log and audit event in one transaction."""

from __future__ import annotations

import pytest
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import select

from db.engine import read_session, write_session
from db.models import AuditEvent, ChangeLog, Person, Site
from frontdesk.records import Actor, save

LS = Actor(site="LS")


def _log(engine, record_id):
    with read_session(engine) as session:
        return session.exec(
            select(ChangeLog).where(ChangeLog.record_id == record_id).order_by(ChangeLog.seq)
        ).all()


def test_a_new_record_gets_version_one_a_log_entry_and_an_audit_event(engine):
    with write_session(engine) as session:
        person = save(session, Person(name="张建国"), by=LS)
        session.commit()
    assert person.id.version == 7
    assert (person.site, person.version) == ("LS", 1)
    [entry] = _log(engine, person.id)
    assert (entry.op, entry.version, entry.seq, entry.table_name) == ("insert", 1, 1, "person")
    assert entry.data["name"] == "张建国"
    assert entry.data["id"] == str(person.id)
    with read_session(engine) as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.record_id == person.id)).all()
    assert (event.action, event.outcome, event.site) == ("create", "ok", "LS")


def test_an_edit_bumps_the_version_and_logs_only_what_changed(engine):
    with write_session(engine) as session:
        person = save(session, Person(name="张建国", address="城关镇"), by=LS)
        session.commit()
    with write_session(engine) as session:
        person = session.get(Person, person.id)
        person.address = "东关村3组"
        save(session, person, by=LS, action="update")
        session.commit()
    first, second = _log(engine, person.id)
    assert (second.op, second.version, second.seq) == ("update", 2, first.seq + 1)
    assert second.changed == {"address": ["城关镇", "东关村3组"]}
    assert second.data["address"] == "东关村3组"


def test_saving_an_unchanged_record_writes_nothing(engine):
    with write_session(engine) as session:
        person = save(session, Person(name="李梅"), by=LS)
        session.commit()
    with write_session(engine) as session:
        person = session.get(Person, person.id)
        save(session, person, by=LS)
        session.commit()
    assert person.version == 1
    assert len(_log(engine, person.id)) == 1


def test_a_change_and_its_log_entry_are_committed_together_or_not_at_all(engine):
    with pytest.raises(RuntimeError):
        with write_session(engine) as session:
            save(session, Person(name="王芳"), by=LS)
            raise RuntimeError("the desk lost power")
    with read_session(engine) as session:
        assert session.exec(select(Person)).all() == []
        assert session.exec(select(ChangeLog)).all() == []
        assert session.exec(select(AuditEvent)).all() == []


def test_two_terminals_editing_one_record_cannot_overwrite_each_other(engine):
    with write_session(engine) as session:
        person = save(session, Person(name="赵磊", notes=""), by=LS)
        session.commit()
    with read_session(engine) as session:
        stale = session.get(Person, person.id)
    with write_session(engine) as session:
        fresh = session.get(Person, person.id)
        fresh.notes = "first terminal"
        save(session, fresh, by=LS)
        session.commit()
    with write_session(engine) as session:
        stale = session.merge(stale, load=False)
        stale.notes = "second terminal"
        with pytest.raises(StaleDataError):
            save(session, stale, by=LS)
    with read_session(engine) as session:
        assert session.get(Person, person.id).notes == "first terminal"


def test_each_site_numbers_its_own_changes_without_gaps(engine):
    outpost = Actor(site="LS-02")
    with write_session(engine) as session:
        for name in ("甲", "乙"):
            save(session, Person(name=name), by=LS)
        save(session, Site(code="LS-02", name="东关警务室", kind="outpost"), by=outpost)
        session.commit()
    with read_session(engine) as session:
        rows = session.exec(select(ChangeLog.site, ChangeLog.seq).order_by(ChangeLog.site, ChangeLog.seq)).all()
    assert [tuple(r) for r in rows] == [("LS", 1), ("LS", 2), ("LS-02", 1)]


def test_a_query_between_change_and_save_cannot_slip_the_change_past_the_log(engine):
    with write_session(engine) as session:
        person = save(session, Person(name="孙丽", address="a"), by=LS)
        session.commit()
    with write_session(engine) as session:
        person = session.get(Person, person.id)
        person.address = "b"
        session.exec(select(Person)).all()  # would autoflush the change in a default session
        save(session, person, by=LS)
        session.commit()
    assert person.version == 2
    assert [e.changed for e in _log(engine, person.id)][-1] == {"address": ["a", "b"]}


def test_a_change_that_skips_the_write_path_is_refused(engine):
    from frontdesk.records import UnloggedChange

    with write_session(engine) as session:
        person = save(session, Person(name="周强"), by=LS)
        session.commit()
    with write_session(engine) as session:
        person = session.get(Person, person.id)
        person.notes = "changed behind the log's back"
        with pytest.raises(UnloggedChange):
            session.commit()
    with read_session(engine) as session:
        assert session.get(Person, person.id).notes == ""


def test_an_edit_of_a_version_the_officer_did_not_see_is_refused(engine):
    with write_session(engine) as session:
        person = save(session, Person(name="吴敏"), by=LS)
        session.commit()
    with write_session(engine) as session:
        person = session.get(Person, person.id)
        person.notes = "x"
        save(session, person, by=LS)
        session.commit()
    with write_session(engine) as session:
        person = session.get(Person, person.id)
        person.notes = "y"
        with pytest.raises(StaleDataError):
            save(session, person, by=LS, expected_version=1)


def test_counters_changed_in_place_are_saved_and_logged(engine):
    from datetime import date

    from db.models import PatrolShift, Team
    from db.types import utcnow

    with write_session(engine) as session:
        team = save(session, Team(name="红袖标巡逻队"), by=LS)
        shift = save(session, PatrolShift(team_id=team.id, shift_date=date(2026, 11, 22),
                                          planned_start=utcnow(), planned_end=utcnow()), by=LS)
        session.commit()
    with write_session(engine) as session:
        shift = session.get(PatrolShift, shift.id)
        shift.counters["leaflets"] = 40
        save(session, shift, by=LS)
        session.commit()
    with read_session(engine) as session:
        assert session.get(PatrolShift, shift.id).counters == {"leaflets": 40}
    # Changed in place, the old dict is the new one: the log keeps the new value.
    assert _log(engine, shift.id)[-1].changed["counters"][1] == {"leaflets": 40}
