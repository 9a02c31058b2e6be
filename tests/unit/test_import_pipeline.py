"""A logbook import commits each batch on a thread of its own while it works the next batch out
(frontdesk.intake.batch.Committing): what the batch before writes is counted on, whether its commit has
ended when the next batch is read or not; a commit that fails stops the import with nothing half-written,
and the next run completes it."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy.exc import OperationalError

from frontdesk.i18n import DeskError
from frontdesk.intake import batch, import_run
from tests.conftest import FROZEN_NOW
from tests.unit.test_case_import import HEADER, count, desk, good_row, imports, write_csv  # noqa: F401

#: A valid resident ID number (GB 11643 check digit).
RID = "11010519491231002X"


def _rows() -> list[list[object]]:
    """The same reporters in every batch of four: 王伟 by phone, 李娜 by ID number (her phone only in the first
    row), and someone new each row."""
    rows = [HEADER]
    for n in range(1, 25):
        rows.append(good_row(n, 报警人="王伟", 联系电话="13900000001") if n % 3 == 1 else
                    good_row(n, 报警人="李娜", 联系电话="13900000002" if n == 2 else "", 身份证号=RID) if n % 3 == 2 else
                    good_row(n, 报警人=f"周{n}", 联系电话=f"137{n:08d}"))
    return rows


def _run(desk, imports, path, tmp_path):
    return import_run.run_import(desk.engine, imports.open(str(path)), by=desk.actor, zone=desk.zone,
                                 now=FROZEN_NOW, report_folder=tmp_path, batch_rows=4)


def _watch(monkeypatch) -> list[bool]:
    """Whether each batch's plan still held under the lock (False: it was worked out again there)."""
    held: list[bool] = []
    still_holds = batch._still_holds

    def watched(session, planned):
        held.append(still_holds(session, planned))
        return held[-1]

    monkeypatch.setattr(batch, "_still_holds", watched)
    return held


def _check_people(desk) -> None:
    assert count(desk.engine, "SELECT count(*) FROM person WHERE name = '王伟'") == 1
    assert count(desk.engine, "SELECT count(*) FROM person WHERE name = '李娜'") == 1
    assert count(desk.engine, "SELECT count(*) FROM personphone WHERE e164 = '+8613900000001'") == 1
    # 李娜's later rows name no phone: their party carries the one her first row gave her.
    assert count(desk.engine, "SELECT count(*) FROM caseparty JOIN person ON person.id = caseparty.person_id "
                              "WHERE person.name = '李娜' AND caseparty.phone_e164 = '+8613900000002'") == 8


@pytest.mark.parametrize("commit_ends", ["after the next batch is read", "before the next batch is read"])
def test_what_the_batch_before_writes_is_counted_on_and_never_made_twice(
        commit_ends, imports, desk, tmp_path, monkeypatch):
    held = _watch(monkeypatch)
    if commit_ends == "after the next batch is read":
        commit = batch._commit

        def slow_commit(*args):
            time.sleep(0.15)  # the next batch is read and worked out meanwhile
            return commit(*args)

        monkeypatch.setattr(batch, "_commit", slow_commit)
    else:
        plan_batch = import_run.plan_batch

        def after_the_commit(engine, rows, **kwargs):
            deadline = time.monotonic() + 5
            while any(not pending.done() for pending in _COMMITTING) and time.monotonic() < deadline:
                time.sleep(0.005)  # (a commit under way: polled, as nothing else says when it ends)
            return plan_batch(engine, rows, **kwargs)

        monkeypatch.setattr(import_run, "plan_batch", after_the_commit)
    result = _run(desk, imports, write_csv(tmp_path / "pipeline.csv", _rows()), tmp_path)
    assert (result.imported, result.rejected) == (24, 0)
    assert result.people == 2 + 8  # 王伟, 李娜 and each 周n
    _check_people(desk)
    assert held == [True] * 6  # no batch had to be worked out again under the lock


_COMMITTING: list = []


@pytest.fixture(autouse=True)
def _track_commits(monkeypatch):
    """Every Committing made, so a test can wait for the commit under way."""
    made = batch.Committing.__init__

    def tracked(self, *args, **kwargs):
        made(self, *args, **kwargs)
        _COMMITTING.append(self)

    monkeypatch.setattr(batch.Committing, "__init__", tracked)
    yield
    _COMMITTING.clear()


def test_a_commit_that_fails_stops_the_import_with_nothing_half_written_and_the_next_run_completes_it(
        imports, desk, tmp_path, monkeypatch):
    commit, commits = batch._commit, []

    def failing(session, owned):
        commits.append(1)
        if len(commits) == 3:
            with owned:  # (as the commit would: the session rolled back and closed)
                raise OperationalError("COMMIT", {}, Exception("disk I/O error"))
        return commit(session, owned)

    monkeypatch.setattr(batch, "_commit", failing)
    path = write_csv(tmp_path / "fails.csv", _rows())
    with pytest.raises(DeskError, match="disk I/O error"):  # in the officer's words, as any failed write
        _run(desk, imports, path, tmp_path)
    assert count(desk.engine, "SELECT count(*) FROM \"case\"") == 8  # two batches of four; the third rolled back
    assert count(desk.engine, "SELECT count(*) FROM changelog WHERE table_name = 'case'") == 8
    monkeypatch.setattr(batch, "_commit", commit)
    again = _run(desk, imports, path, tmp_path)
    assert (again.imported, again.skipped) == (16, 8)
    _check_people(desk)
    assert count(desk.engine, "SELECT count(*) FROM changelog WHERE table_name = 'case'") == 24


def _slow_commits(monkeypatch, seconds: float = 0.1) -> None:
    commit = batch._commit

    def slow_commit(*args):
        time.sleep(seconds)  # rows are read ahead meanwhile
        return commit(*args)

    monkeypatch.setattr(batch, "_commit", slow_commit)


def test_rows_read_while_a_batch_commits_are_imported_in_the_file_s_order(imports, desk, tmp_path, monkeypatch):
    _slow_commits(monkeypatch)
    reads = []
    read = import_run.RowReader.read
    monkeypatch.setattr(import_run.RowReader, "read", lambda self, row: reads.append(1) or read(self, row))
    rows = [HEADER, *(good_row(n, 报警人=f"周{n}", 联系电话=f"137{n:08d}") for n in range(1, 25))]
    rows[7][1] = "2024-13-45"  # a row the reading refuses, among those read ahead
    read_when_planned = []
    plan_batch = import_run.plan_batch
    monkeypatch.setattr(import_run, "plan_batch",
                        lambda *args, **kwargs: read_when_planned.append(len(reads)) or plan_batch(*args, **kwargs))
    result = _run(desk, imports, write_csv(tmp_path / "order.csv", rows), tmp_path)
    assert (result.read, result.imported, result.rejected) == (24, 23, 1)
    assert [entry.number for entry in result.rejects] == [8]  # (the file's line: the header is the first)
    assert read_when_planned[:2] == [4, 9]  # a batch of four; then four more and the row refused
    assert read_when_planned[2] > 13  # the third batch's rows were read while the second committed, and more
    with desk.engine.connect() as connection:
        summaries = connection.exec_driver_sql(
            "SELECT \"case\".summary FROM changelog JOIN \"case\" ON \"case\".id = changelog.record_id "
            "WHERE changelog.table_name = 'case' ORDER BY changelog.seq").scalars().all()
    assert summaries == [f"第{n}起纠纷" for n in range(1, 25) if n != 7]


def test_a_stopped_import_counts_only_the_rows_it_took_not_those_read_ahead(imports, desk, tmp_path, monkeypatch):
    _slow_commits(monkeypatch)
    rows = [HEADER, *(good_row(n, 报警人=f"周{n}", 联系电话=f"137{n:08d}") for n in range(1, 25))]
    flushed = []
    plan_batch = import_run.plan_batch
    monkeypatch.setattr(import_run, "plan_batch", lambda *args, **kwargs: flushed.append(1) or plan_batch(*args, **kwargs))
    result = import_run.run_import(desk.engine, imports.open(str(write_csv(tmp_path / "stop.csv", rows))),
                                   by=desk.actor, zone=desk.zone, now=FROZEN_NOW, report_folder=tmp_path,
                                   batch_rows=4, should_stop=lambda: len(flushed) == 2)
    assert result.stopped
    assert (result.read, result.imported) == (8, 8)
    assert count(desk.engine, "SELECT count(*) FROM \"case\"") == 8


def _serial(monkeypatch) -> None:
    """Each batch committed before the next is worked out (no commit thread)."""
    write_planned = import_run.write_planned
    monkeypatch.setattr(import_run, "write_planned",
                        lambda *args, committer=None, **kwargs: write_planned(*args, **kwargs))


def _import_first(desk, imports, tmp_path, rows) -> None:
    folder = tmp_path / "first"
    folder.mkdir()
    import_run.run_import(desk.engine, imports.open(str(write_csv(folder / "first.csv", [HEADER, *rows]))),
                          by=desk.actor, zone=desk.zone, now=FROZEN_NOW, report_folder=folder, batch_rows=1)


@pytest.mark.parametrize("commits", ["one after another", "on their own thread, slowly"])
def test_someone_known_without_a_phone_keeps_the_phone_the_batch_before_gave_them(
        commits, imports, desk, tmp_path, monkeypatch):
    _import_first(desk, imports, tmp_path, [good_row(1, 报警人="李娜", 联系电话="", 身份证号=RID)])
    _serial(monkeypatch) if commits == "one after another" else _slow_commits(monkeypatch, 0.2)
    rows = [HEADER, good_row(2, 报警人="李娜", 联系电话="13900000002", 身份证号=RID),
            good_row(3, 报警人="李娜", 联系电话="", 身份证号=RID)]
    import_run.run_import(desk.engine, imports.open(str(write_csv(tmp_path / "second.csv", rows))), by=desk.actor,
                          zone=desk.zone, now=FROZEN_NOW, report_folder=tmp_path, batch_rows=1)
    assert count(desk.engine, "SELECT caseparty.phone_e164 FROM caseparty JOIN \"case\" ON \"case\".id = case_id "
                              "WHERE \"case\".summary = '第3起纠纷'") == "+8613900000002"


@pytest.mark.parametrize("commits", ["one after another", "on their own thread, slowly", "in one batch"])
def test_a_phone_given_through_a_merged_record_is_found_by_its_holder_s_own_name(
        commits, imports, desk, tmp_path, monkeypatch):
    """张三's record was merged into 张叁's: a row for 张三 gives 张叁 a phone, and a later row for 张叁 with that
    phone is 张叁's, whichever batch it is in and whenever the batch before committed."""
    _import_first(desk, imports, tmp_path, [good_row(1, 报警人="张三", 联系电话="", 身份证号=RID),
                                             good_row(2, 报警人="张叁", 联系电话="13700000009")])
    with desk.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE person SET merged_into_id = (SELECT id FROM person WHERE name = '张叁') "
                                   "WHERE name = '张三'")
    if commits != "in one batch":
        _serial(monkeypatch) if commits == "one after another" else _slow_commits(monkeypatch, 0.2)
    rows = [HEADER, good_row(3, 报警人="张三", 联系电话="13900000005", 身份证号=RID),
            good_row(4, 报警人="张叁", 联系电话="13900000005")]
    import_run.run_import(desk.engine, imports.open(str(write_csv(tmp_path / "second.csv", rows))), by=desk.actor,
                          zone=desk.zone, now=FROZEN_NOW, report_folder=tmp_path,
                          batch_rows=2 if commits == "in one batch" else 1)
    assert count(desk.engine, "SELECT count(*) FROM person WHERE name = '张叁'") == 1


def _audited(desk) -> str:
    return count(desk.engine, "SELECT reason FROM auditevent WHERE action = 'import'")


def test_an_import_that_fails_counts_the_batch_that_was_committing(imports, desk, tmp_path, monkeypatch):
    _slow_commits(monkeypatch)
    plans = []
    plan_batch = import_run.plan_batch

    def failing(*args, **kwargs):
        plans.append(1)
        if len(plans) == 3:
            raise OperationalError("SELECT", {}, Exception("disk I/O error"))
        return plan_batch(*args, **kwargs)

    monkeypatch.setattr(import_run, "plan_batch", failing)
    rows = [HEADER, *(good_row(n, 报警人=f"周{n}", 联系电话=f"137{n:08d}") for n in range(1, 13))]
    with pytest.raises(DeskError, match="disk I/O error"):
        _run(desk, imports, write_csv(tmp_path / "failing.csv", rows), tmp_path)
    assert count(desk.engine, "SELECT count(*) FROM \"case\"") == 8
    assert re.search(r"\b8 imported|导入 8 条", _audited(desk))


def test_a_failure_met_reading_ahead_is_raised_after_the_rows_before_it_are_imported(
        imports, desk, tmp_path, monkeypatch):
    _slow_commits(monkeypatch)
    read = import_run.RowReader.read

    def reading(self, row):
        parsed = read(self, row)
        if parsed.number == 11:  # (the file's line: data row 10)
            raise OSError("the stick was pulled out")
        return parsed

    monkeypatch.setattr(import_run.RowReader, "read", reading)
    rows = [HEADER, *(good_row(n, 报警人=f"周{n}", 联系电话=f"137{n:08d}") for n in range(1, 25))]
    with pytest.raises(OSError):
        _run(desk, imports, write_csv(tmp_path / "cut.csv", rows), tmp_path)
    # Rows 1-8 in two batches, as without reading ahead (row 9 was in the batch being gathered).
    assert count(desk.engine, "SELECT count(*) FROM \"case\"") == 8
    assert re.search(r"\b8 imported|导入 8 条", _audited(desk))
