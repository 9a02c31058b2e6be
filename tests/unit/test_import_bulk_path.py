"""The fast paths of a logbook import give what the slow ones gave: phones, pinyin, ids, the change log's
text of a record, case numbers filled in under the write lock, and batches sized by the lock's time."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from sqlalchemy import select, text

from db.bulk_insert import bulk_id, statement_for
from db.engine import read_session
from db.models import Case, ChangeLog
from db.search_index import recount_all, syllables
from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft
from frontdesk.i18n import DeskError
from frontdesk.intake import import_run
from frontdesk.intake.rows import _e164
from db.bulk_insert import new_row
from frontdesk.records import snapshot
from frontdesk.validation import name_pinyin, normalize_phone
from tests.conftest import FROZEN_NOW
from tests.unit.test_case_import import HEADER, count, desk, good_row, imports, write_csv  # noqa: F401

PHONES = ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138-1234-5678", "+8613812345678",
          "17951234567", "14012345678", "19912345678", "16212345678", "1381234", "010-62345678",
          "+86 10 6234 5678", "12345678901", "+1 650 253 0000", "１３８１２３４５６７８", "138 1234 56789"]


def _outcome(read, phone: str) -> str:
    try:
        return read(phone)
    except DeskError as error:
        return f"{error.key}: {error.message}"


@pytest.mark.parametrize("phone", PHONES)
def test_a_phone_reads_as_the_phone_library_reads_it(phone):
    assert _outcome(_e164, phone) == _outcome(normalize_phone, phone)


def test_every_mobile_prefix_is_checked_as_the_phone_library_checks_it():
    for prefix in range(130, 200):
        for tail in ("00000000", "12345678", "99999999", "55501234"):
            number = f"{prefix}{tail}"
            assert _outcome(_e164, number) == _outcome(normalize_phone, number), number


def test_pinyin_worked_out_once_is_a_fresh_list_each_time():
    first = syllables("曾建国")
    first.append("changed")
    assert syllables("曾建国") == ["zeng", "jian", "guo"]
    assert name_pinyin("曾建国") == ("zengjianguo", "zjg")


def test_bulk_ids_are_version_7_and_distinct():
    ids = [bulk_id() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    assert all(one.version == 7 and one.variant == uuid.RFC_4122 for one in ids[:100])


def test_the_change_log_text_of_a_record_is_what_save_writes(engine):
    with engine.connect() as connection:
        statement = statement_for(connection, Case.__table__)
    row = new_row(Case, case_no="LS-1", received_at=datetime(2024, 3, 5, 6, 20, tzinfo=timezone.utc),
                  channel="walk_in", category="dispute", police=True, summary="s", narrative="", place="p",
                  status="closed", disposition="mediated", closing_note="", closed_at=FROZEN_NOW,
                  recorded_by=uuid.uuid4(), source_key="k", site="LS", version=1, updated_at=FROZEN_NOW,
                  updated_by=None)
    from frontdesk.records import to_json

    assert statement.logged(row, to_json) == snapshot(Case(**row))


def test_every_case_s_change_log_entry_holds_its_own_case_number(imports, desk, tmp_path):
    rows = [HEADER, *(good_row(n, 报警人=f"张{n % 3}") for n in range(1, 41))]
    result = import_run.run_import(desk.engine, imports.open(str(write_csv(tmp_path / "n.csv", rows))),
                                   by=desk.actor, zone=desk.zone, now=FROZEN_NOW, report_folder=tmp_path,
                                   batch_rows=7)
    assert result.imported == 40
    with read_session(desk.engine) as session:
        numbers = dict(session.execute(select(Case.id, Case.case_no)).all())
        logged = session.execute(select(ChangeLog.record_id, ChangeLog.data)
                                 .where(ChangeLog.table_name == "case")).all()
    assert len(logged) == 40
    for record_id, data in logged:
        assert data["case_no"] == numbers[record_id]
        assert "late-" not in json.dumps(data)
    assert len(set(numbers.values())) == 40


def test_a_cached_name_or_phone_never_makes_two_people_one(imports, desk, tmp_path):
    rows = [HEADER,
            good_row(1, 报警人="王伟", 联系电话="13900000001"), good_row(2, 报警人="王伟", 联系电话="139 0000 0002"),
            good_row(3, 报警人="李娜", 联系电话="+86 139-0000-0001"), good_row(4, 报警人="王伟", 联系电话="139-0000-0001"),
            good_row(5, 报警人="王伟", 联系电话="13900000002")]
    result = imports.run(imports.open(str(write_csv(tmp_path / "people.csv", rows))))
    assert result.imported == 5 and result.people == 3  # 王伟 ·0001, 王伟 ·0002, 李娜 ·0001
    assert count(desk.engine, "SELECT count(*) FROM person WHERE name = '王伟'") == 2
    assert count(desk.engine, "SELECT count(DISTINCT person_id) FROM caseparty") == 3


def test_the_change_log_is_numbered_without_gaps_across_batches(imports, desk, tmp_path):
    before = count(desk.engine, "SELECT count(*) FROM changelog")
    rows = [HEADER, *(good_row(n) for n in range(1, 31))]
    import_run.run_import(desk.engine, imports.open(str(write_csv(tmp_path / "gaps.csv", rows))), by=desk.actor,
                          zone=desk.zone, now=FROZEN_NOW, report_folder=tmp_path, batch_rows=4)
    site = desk.actor.site
    low, high, total = (count(desk.engine, f"SELECT {what}(seq) FROM changelog WHERE site = :site", site=site)
                        for what in ("min", "max", "count"))
    assert total == before + 30 * 4  # each row: a case, its party, its reporter (a phone each) and the phone
    assert high - low + 1 == total


@pytest.mark.parametrize("rows, held, expected", [  # held: the time under the lock, in LOCK_SECONDS
    (200, 1.0, 200), (200, 0.5, 300), (200, 0.025, 300), (400, 2.0, 200), (200, 250.0, import_run.BATCH_MIN),
    (900, 0.025, import_run.BATCH_MAX),
])
def test_batches_follow_the_time_the_write_lock_was_held(rows, held, expected):
    assert import_run.next_batch_size(rows, held * import_run.LOCK_SECONDS) == expected
    aim = import_run.LOCK_SECONDS_ALONE  # (alone, the same rule aimed longer)
    assert import_run.next_batch_size(rows, held * aim, aim) == expected


def test_batches_hold_the_lock_longer_only_while_no_other_desk_writes():
    now = [0.0]
    desks = import_run._OtherDesks(clock=lambda: now[0])
    assert desks.lock_seconds() == import_run.LOCK_SECONDS_ALONE  # nobody seen yet
    desks.saw(((10, 3), (50, 4)))  # (change log, audit) before and after a batch
    desks.saw(None)  # a batch of rows all there already: says nothing
    desks.saw(((50, 4), (90, 5)))
    assert desks.lock_seconds() == import_run.LOCK_SECONDS_ALONE
    desks.saw(((90, 6), (120, 7)))  # an audit event of another desk's (a caller's history looked at) between
    assert desks.lock_seconds() == import_run.LOCK_SECONDS
    now[0] = import_run.QUIET_SECONDS - 1
    desks.saw(((123, 7), (160, 8)))  # three change-log entries of another desk's
    assert desks.lock_seconds() == import_run.LOCK_SECONDS
    now[0] = 2 * import_run.QUIET_SECONDS
    desks.saw(((160, 8), (200, 9)))
    assert desks.lock_seconds() == import_run.LOCK_SECONDS_ALONE  # quiet for longer than QUIET_SECONDS


@pytest.mark.parametrize("other", ["saves a case", "looks at a caller"])
def test_an_import_aims_at_the_shorter_lock_once_another_desk_writes(imports, desk, tmp_path, monkeypatch, other):
    """Each batch tells where the site's counters stood before and after it: another desk's save, or the audit
    event of a look at a caller's history, between two batches shows as a gap, and the batches after are
    sized for the shorter lock."""
    monkeypatch.setattr(import_run, "BATCH_ROWS", 4)
    monkeypatch.setattr(import_run, "BATCH_MIN", 2)
    monkeypatch.setattr(import_run, "BATCH_MAX", 6)
    aims: list[float] = []
    sized = import_run.next_batch_size
    monkeypatch.setattr(import_run, "next_batch_size",
                        lambda rows, locked, aim=import_run.LOCK_SECONDS: aims.append(aim) or sized(rows, locked, aim))
    draft = CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678"), category="dispute", summary="邻里纠纷")
    known = desk.cases.record_case(draft, now=FROZEN_NOW).reporter_id  # (before the import: someone to look at)
    wrote: list[int] = []

    def progress(step) -> None:
        if step.imported and not wrote:
            wrote.append(len(aims))  # the batches sized so far
            if other == "saves a case":
                desk.cases.record_case(replace(draft, summary="又一起邻里纠纷"), now=FROZEN_NOW)
            else:  # (it writes the audit event of the look, and no change)
                desk.callers.person_history(known)

    rows = [HEADER, *(good_row(n) for n in range(1, 41))]
    result = import_run.run_import(desk.engine, imports.open(str(write_csv(tmp_path / "beside.csv", rows))),
                                   by=desk.actor, zone=desk.zone, now=FROZEN_NOW, report_folder=tmp_path,
                                   progress=progress)
    assert result.imported == 40 and wrote and wrote[0] > 0
    before, after = aims[:wrote[0]], aims[wrote[0] + 2:]  # (the batch after the write shows it once committed)
    assert before and set(before) == {import_run.LOCK_SECONDS_ALONE}
    assert after and set(after) == {import_run.LOCK_SECONDS}


def test_new_reporters_look_up_tallies_are_what_a_recount_gives(imports, desk, tmp_path):
    """New people's keys are written with their tally, not counted after: the same figures as a recount, for
    someone new in a batch, someone seen again in a later batch and someone the desk knew before."""
    first = [HEADER, good_row(1, 报警人="赵敏", 联系电话="13900000009")]
    imports.run(imports.open(str(write_csv(tmp_path / "known.csv", first))))
    rows = [HEADER, *(good_row(n, 报警人=["王伟", "李娜", "赵敏", f"周{n}"][n % 4],
                               联系电话=["13900000001", "13900000002", "13900000009", f"137{n:08d}"][n % 4])
                      for n in range(2, 40))]
    import_run.run_import(desk.engine, imports.open(str(write_csv(tmp_path / "tally.csv", rows))),
                          by=desk.actor, zone=desk.zone, now=FROZEN_NOW, report_folder=tmp_path, batch_rows=5)
    query = text("SELECT person_id, key, reports, last_reported_at, rank FROM searchkey ORDER BY person_id, key")
    with desk.engine.connect() as connection:
        written = connection.execute(query).all()
        recount_all(connection)
        recounted = connection.execute(query).all()
        connection.rollback()
    assert written == recounted
    assert {reports for _pid, _key, reports, _last, _rank in written} == {1, 9, 11}  # 周n; 王伟, 李娜; 赵敏 (one before)
    assert all(rank > 0 for *_rest, rank in written)


def test_a_reporter_another_desk_records_while_a_batch_is_worked_out_is_found_not_made_twice(
        imports, desk, tmp_path, monkeypatch):
    """The batch is worked out before the write lock; a desk that meanwhile records 王伟 with the batch's
    phone makes it work the batch out again under the lock (what the look-up saw no longer holds)."""
    from db.engine import write_session
    from db.models import Person, PersonPhone
    from frontdesk.intake import batch
    from frontdesk.records import save

    prepare, saved = batch._prepare, []

    def meanwhile(engine, plan, *, by):
        if not saved:  # the first time only: another desk, between the plan and the lock
            with write_session(engine) as session:
                person = save(session, Person(name="王伟", name_pinyin="wangwei", name_initials="ww"), by=by)
                save(session, PersonPhone(person_id=person.id, e164="+8613900000009",
                                          digits_reversed="9000000931868"), by=by)
                session.commit()
                saved.append(person.id)
        return prepare(engine, plan, by=by)

    monkeypatch.setattr(batch, "_prepare", meanwhile)
    rows = [HEADER, good_row(1, 报警人="王伟", 联系电话="139 0000 0009"), good_row(2, 报警人="李娜", 联系电话="13900000008")]
    result = imports.run(imports.open(str(write_csv(tmp_path / "meanwhile.csv", rows))))
    assert result.imported == 2 and result.people == 1  # 李娜 only: 王伟 is the desk's
    assert count(desk.engine, "SELECT count(*) FROM person WHERE name = '王伟'") == 1
    assert count(desk.engine, "SELECT count(*) FROM personphone WHERE e164 = '+8613900000009'") == 1
    reporter = count(desk.engine, "SELECT person_id FROM caseparty JOIN \"case\" ON \"case\".id = case_id "
                                  "WHERE \"case\".summary = '第1起纠纷'")
    assert str(reporter).replace("-", "") == saved[0].hex  # (SQLite holds the id as hex, PostgreSQL as a uuid)
