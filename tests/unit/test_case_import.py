"""Importing logbooks as cases, on both backends: reading messy files, mapping, rejects, idempotency."""

from __future__ import annotations

import codecs
import csv
import inspect
import os
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from db.engine import read_session
from frontdesk.access import roles as access
from frontdesk.context import DeskContext
from frontdesk.intake.desk import CaseImports
from frontdesk.intake.logbook import data_rows, open_logbook, station_categories
from frontdesk.intake.rejects import Reject
from frontdesk.intake.rows import RowReader
from frontdesk.cases.recording import CaseDraft
from frontdesk.desk import Desk
from frontdesk.i18n import DeskError, set_language
from frontdesk.intake.cells import parse_when
from frontdesk.intake.clock_times import parse_time_of_day
from frontdesk.intake.logbook_file import LogbookFile
from frontdesk.intake.mapping import Mapping, propose_columns
from frontdesk.intake.mapping_file import load_mapping, save_mapping
from frontdesk.callers.people import PersonInput
from tests.conftest import FROZEN_NOW

DATA = Path(__file__).parent.parent / "data"
MESSY = DATA / "logbook-messy-gbk.csv"
#: The messy logbook's rows that cannot be imported, by row number as a spreadsheet shows them.
MESSY_REJECTS = {8: "unknown_category", 9: "bad_date", 10: "bad_phone", 11: "bad_id", 12: "missing",
                 16: "unknown_channel"}


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)


@pytest.fixture
def imports(desk, tmp_path) -> CaseImports:
    return CaseImports(DeskContext(settings=replace(desk.settings, data_dir=tmp_path, config_path=tmp_path / "config.toml"),
                                   engine=desk.engine, on_duty=desk.on_duty, url=desk.url, clock=desk.clock))


def count(engine, sql: str, **params) -> int:
    with read_session(engine) as session:
        return session.execute(text(sql), params).scalar_one()


def rows_of(engine, sql: str) -> list[tuple]:
    with read_session(engine) as session:
        return [tuple(found) for found in session.execute(text(sql)).all()]


def write_csv(path: Path, rows: list[list[object]], *, encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


HEADER = ["编号", "接警时间", "报警人", "联系电话", "身份证号", "类别", "报警方式", "地点", "简要案情"]


def good_row(number: int, **changes) -> list[object]:
    values = dict(编号=str(number), 接警时间=f"2024-03-{1 + number % 28:02d} 10:{number % 60:02d}", 报警人="张建国",
                  联系电话=f"138{number:08d}"[:11], 身份证号="", 类别="纠纷", 报警方式="来所", 地点="东关村",
                  简要案情=f"第{number}起纠纷")
    values.update(changes)
    return [values[name] for name in HEADER]


# ---- reading values --------------------------------------------------------------------------

@pytest.mark.parametrize("written, expected", [
    ("2024-03-05 14:20", datetime(2024, 3, 5, 14, 20)),
    ("2024/3/5 14:20", datetime(2024, 3, 5, 14, 20)),
    ("2024年3月5日 14时20分", datetime(2024, 3, 5, 14, 20)),
    ("2024年3月5日14点20分", datetime(2024, 3, 5, 14, 20)),
    ("05/03/2024 14:20", datetime(2024, 3, 5, 14, 20)),
    ("25/03/2024 09:05", datetime(2024, 3, 25, 9, 5)),
    ("03/25/2024 09:05", datetime(2024, 3, 25, 9, 5)),
    ("2024.3.5", datetime(2024, 3, 5)),
    ("20240305 1420", datetime(2024, 3, 5, 14, 20)),
    ("2024-03-05T14:20:00", datetime(2024, 3, 5, 14, 20)),
    ("2024/3/5 下午2:20", datetime(2024, 3, 5, 14, 20)),
    ("２０２４－０３－０５　１４：２０", datetime(2024, 3, 5, 14, 20)),
    ("45356.59722", datetime(2024, 3, 5, 14, 20)),
    (45356.59722, datetime(2024, 3, 5, 14, 20)),
    (datetime(2024, 3, 5, 14, 20), datetime(2024, 3, 5, 14, 20)),
])
def test_dates_are_read_as_logbooks_write_them(written, expected):
    assert parse_when(written) == expected


def test_month_first_dates_when_the_mapping_says_so():
    assert parse_when("05/03/2024", day_first=False) == datetime(2024, 5, 3)


@pytest.mark.parametrize("written", ["2024-13-01 10:00", "2024-02-30", "yesterday", "3月5日", "", "2024-03-05 25:00"])
def test_what_is_not_a_date_is_refused(written):
    with pytest.raises(ValueError):
        parse_when(written)


@pytest.mark.parametrize("written, expected", [
    ("14:20", time(14, 20)), ("14时20分", time(14, 20)), ("下午2点", time(14, 0)), ("1420", time(14, 20)),
    (0.5, time(12, 0)), (time(9, 5), time(9, 5)),
])
def test_times_of_day_in_their_own_column(written, expected):
    assert parse_time_of_day(written) == expected


def test_headers_are_matched_in_chinese_and_english():
    assert propose_columns(["序号", "接警时间", "报警人姓名", "联系电话", "身份证号码", "警情类别", "报警方式", "发生地点",
                            "简要案情", "处理情况", "办理状态", "处理结果"]) == {
        "record_no": "序号", "received_at": "接警时间", "reporter_name": "报警人姓名", "reporter_phone": "联系电话",
        "reporter_id": "身份证号码", "category": "警情类别", "channel": "报警方式", "place": "发生地点",
        "summary": "简要案情", "narrative": "处理情况", "status": "办理状态", "disposition": "处理结果"}
    assert propose_columns(["No.", "Date", "Time", "Reporter name", "Phone", "ID number", "Category", "Summary"]) == {
        "record_no": "No.", "received_at": "Date", "received_time": "Time", "reporter_name": "Reporter name",
        "reporter_phone": "Phone", "reporter_id": "ID number", "category": "Category", "summary": "Summary"}


# ---- reading files ---------------------------------------------------------------------------

def _cells(path: Path) -> list[tuple]:
    return [row.cells for row in LogbookFile(path).rows()]


def test_gbk_utf8_bom_and_utf16_files_read_alike_and_stream(tmp_path):
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(codecs.BOM_UTF8 + MESSY.read_bytes().decode("gbk").encode("utf-8"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(MESSY.read_bytes().decode("gbk").replace(",", "\t").encode("utf-16"))
    book = LogbookFile(MESSY)
    assert book.encoding == "gb18030" and LogbookFile(utf8).encoding == "utf-8-sig"
    bare = tmp_path / "bare.csv"  # no byte-order mark: named as what it is, and read alike
    bare.write_bytes(utf8.read_bytes()[len(codecs.BOM_UTF8):])
    assert LogbookFile(bare).encoding == "utf-8" and _cells(bare) == _cells(MESSY)
    assert inspect.isgenerator(book.rows())  # row by row, never the whole file
    rows = _cells(MESSY)
    assert rows == _cells(utf8)
    assert [tuple(c) for c in _cells(utf16)] == rows
    assert rows[2][0] == "序号"  # no BOM left on the first header
    assert rows[4][8] == "电动车在小区楼下被盗\n车牌已登记，监控待调取"  # a quoted field over two lines
    assert rows[5] == ()  # a blank line keeps its number


@pytest.mark.parametrize("name, content, key", [
    ("missing.csv", None, "import.no_file"),
    ("old.xls", b"\xd0\xcf\x11\xe0", "import.old_xls"),
    ("broken.xlsx", b"not a zip", "import.bad_xlsx"),
    ("binary.csv", b"\x81\xff\x00" * 5, "import.binary"),
    ("latin1.csv", "Kategorie,Datum\nDiebstahl,2024-03-05\n".encode("utf-8") + b"\xff\x81\n", "import.bad_encoding"),
    ("empty.csv", b"\r\n\r\n", "import.empty_file"),
])
def test_files_that_cannot_be_read_are_named_with_the_reason(tmp_path, name, content, key):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DeskError) as raised:
        open_logbook(path, [])
    assert raised.value.key == key
    set_language("zh")
    assert raised.value.message and "{" not in raised.value.message


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(DeskError) as raised:
        open_logbook(tmp_path, [])
    assert raised.value.key == "import.is_folder"


# ---- the messy logbook, end to end ---------------------------------------------------------------

def test_the_messy_logbook_imports_what_it_can_and_rejects_the_rest_with_reasons(imports, desk):
    opened = imports.open(str(MESSY))
    assert opened.header_row == 3  # a title line and a blank line come first
    shown = imports.preview(opened)
    assert {row.number: bool(row.problems) for row in shown.rows} == {
        n: n in MESSY_REJECTS for n in (4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)}
    assert shown.closed_by_default == 7  # no disposition: closed as resolved on site, and the preview says so

    result = imports.run(opened)
    assert (result.read, result.imported, result.skipped, result.rejected) == (12, 6, 0, 6)
    assert {r.number: r.kind for r in result.rejects} == MESSY_REJECTS

    engine = desk.engine
    assert count(engine, 'SELECT count(*) FROM "case" WHERE source_key IS NOT NULL') == 6
    assert count(engine, "SELECT count(*) FROM caseparty WHERE role = 'reporter'") == 6
    assert count(engine, "SELECT count(*) FROM changelog WHERE table_name = 'case' AND op = 'insert'") == 6
    assert count(engine, 'SELECT count(*) FROM "case" WHERE status = \'closed\' AND closed_at = received_at') == 6
    assert count(engine, "SELECT count(*) FROM \"case\" WHERE disposition = 'mediated'") == 1
    assert count(engine, "SELECT count(*) FROM \"case\" WHERE disposition = 'referred'") == 2
    assert count(engine, "SELECT count(*) FROM \"case\" WHERE channel = 'transfer_110' AND category = 'fraud'") == 1
    assert count(engine, "SELECT count(*) FROM \"case\" WHERE case_no = 'LS-20240305-0001'") == 1
    assert count(engine, "SELECT count(*) FROM \"case\" WHERE case_no LIKE 'LS-20240305-%'") == 2
    assert count(engine, "SELECT count(*) FROM personphone WHERE e164 = '+8613812345678'") == 1
    assert count(engine, "SELECT count(*) FROM personphone WHERE e164 = '+8613900001111'") == 1  # +86 139-…
    long_one = count(engine, "SELECT length(narrative) FROM \"case\" WHERE category = 'noise'")
    assert long_one > 200 and count(engine, "SELECT length(summary) FROM \"case\" WHERE category = 'noise'") <= 200
    assert count(engine, "SELECT count(*) FROM auditevent WHERE action = 'import' AND reason LIKE '%6 imported%'") == 1

    with result.rejects_path.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0][:3] == ["Row", "Reason", "序号"] and written[0][-1] == "source_key"
    assert [int(line[0]) for line in written[1:]] == sorted(MESSY_REJECTS)
    assert "1381234" in written[3][1]  # the reason names the bad value
    assert result.report_path.read_text(encoding="utf-8").count("Row ") == 6

    again = imports.run(imports.open(str(MESSY)))
    assert (again.imported, again.skipped, again.rejected) == (0, 6, 6)
    assert count(engine, 'SELECT count(*) FROM "case"') == 6


def test_fixed_rejects_import_under_their_own_identity(imports, desk, tmp_path):
    result = imports.run(imports.open(str(MESSY)))
    with result.rejects_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    fixes = {"醉酒滋事": "纠纷", "2024-13-01 10:00": "2024-01-13 10:00", "1381234": "13812341234",
             "110105194912310021": "11010519491231002X", "信件": "来所"}
    # The rejects file masks phone and ID numbers: the officer types them in full from the original.
    original = {row.number: row.cells for row in LogbookFile(MESSY).rows()}
    for row in rows[1:]:
        for position, value in enumerate(row[2:-1]):
            if "*" in value and value not in fixes:
                assert value[-4:] == original[int(row[0])][position][-4:]
                row[2 + position] = original[int(row[0])][position]
        for position, value in enumerate(row):
            row[position] = fixes.get(value, value)
        if row[4] == "":  # the row without a reporter's name
            row[4] = "何十三"
    fixed = write_csv(tmp_path / "fixed.csv", rows)
    second = imports.run(imports.open(str(fixed)))
    assert (second.imported, second.rejected) == (6, 0)
    third = imports.run(imports.open(str(MESSY)))  # the original again: every row is in now, under its key
    assert (third.imported, third.skipped, third.rejected) == (0, 6, 6)
    assert count(desk.engine, 'SELECT count(*) FROM "case"') == 12


def test_an_xlsx_logbook_with_datetime_cells_serials_and_numbers(imports, desk, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["2024年接警台账"])
    sheet.append(["序号", "日期", "时间", "报警人", "电话", "身份证号", "类别", "简要案情", "状态"])
    sheet.append([1, datetime(2024, 3, 5, 0, 0), time(14, 20), "张建国", 13812345678, None, "纠纷", "口角", "已办结"])
    sheet.append([2, 45356, 0.59722222, "李秀英", "138-1234-5670", None, "Theft", "被盗", "处理中"])
    sheet.append([None, None, None, None, None, None, None, None, None])
    sheet.append([3, "2024/3/7", "9:05", "王小明", None, "11010519491231002X", "求助", "开锁", "已分流"])
    path = tmp_path / "book.xlsx"
    book.save(path)

    opened = imports.open(str(path))
    assert opened.mapping.columns["received_time"] == "时间"
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (3, 0), [r.reason for r in result.rejects]
    assert count(desk.engine, "SELECT count(*) FROM \"case\" WHERE status = 'in_progress' "
                              "AND disposition IS NULL AND closed_at IS NULL") == 1
    assert count(desk.engine, "SELECT count(*) FROM \"case\" WHERE disposition = 'handed_off'") == 1
    assert count(desk.engine, "SELECT count(*) FROM personphone WHERE e164 = '+8613812345678'") == 1
    with read_session(desk.engine) as session:
        received = sorted(str(value)[:16] for value in session.execute(text('SELECT received_at FROM "case"')).scalars())
    # 14:20 in Beijing (a date cell and a time cell; an Excel serial and a fraction of a day) is 06:20 UTC.
    assert received == ["2024-03-05 06:20", "2024-03-05 06:20", "2024-03-07 01:05"]


# ---- each reason a row is rejected -----------------------------------------------------------------

@pytest.mark.parametrize("changes, kind, words", [
    (dict(接警时间="2024-02-30 10:00"), "bad_date", "not a date"),
    (dict(接警时间="2030-01-01 10:00"), "bad_date", "later than now"),
    (dict(接警时间=""), "missing", "Received"),
    (dict(类别="醉酒滋事"), "unknown_category", "醉酒滋事"),
    (dict(类别=""), "missing", "Category"),
    (dict(报警方式="信件"), "unknown_channel", "信件"),
    (dict(联系电话="1381234"), "bad_phone", "1381234"),
    (dict(联系电话="12345678901"), "bad_phone", "12345678901"),
    (dict(身份证号="110105194912310021"), "bad_id", "check digit"),
    (dict(身份证号="1101051949"), "bad_id", "18"),
    (dict(报警人=""), "missing", "Reporter's name"),
    (dict(简要案情="", 类别=""), "missing", "Category"),  # (a blank summary alone takes the type: test_import_summaries)
    (dict(地点="东" * 201), "too_long", "200"),
])
def test_each_reason_a_row_is_rejected_is_said_in_the_officers_language(desk, tmp_path, changes, kind, words):
    path = write_csv(tmp_path / "one.csv", [HEADER, good_row(1, **changes)])
    with read_session(desk.engine) as session:
        categories = station_categories(session)
    opened = open_logbook(path, categories)
    parsed = RowReader(opened, zone=desk.zone, now=FROZEN_NOW).read(next(data_rows(opened)))
    reject = Reject(parsed.number, parsed.problems)
    assert parsed.draft is None and reject.kind == kind and parsed.number == 2
    english = reject.reason
    assert words in english
    set_language("zh")
    assert reject.reason != english and "{" not in reject.reason  # the same problem, said in Chinese


def test_statuses_and_dispositions_map_or_reject(imports, desk, tmp_path):
    header = [*HEADER, "办理状态", "处理结果"]
    rows = [header,
            [*good_row(1), "处理中", ""], [*good_row(2), "已办结", "调解"], [*good_row(3), "", "无效警情"],
            [*good_row(4), "搁置", ""], [*good_row(5), "", "不知道"], [*good_row(6), "调解", ""]]
    result = imports.run(imports.open(str(write_csv(tmp_path / "s.csv", rows))))
    assert {r.number: r.kind for r in result.rejects} == {5: "unknown_status", 6: "unknown_disposition"}
    engine = desk.engine
    assert count(engine, "SELECT count(*) FROM \"case\" WHERE status = 'in_progress' AND disposition IS NULL") == 1
    assert count(engine, "SELECT count(*) FROM \"case\" WHERE status = 'closed' AND disposition = 'mediated'") == 2
    assert count(engine, "SELECT count(*) FROM \"case\" WHERE disposition = 'unfounded'") == 1


def test_reporters_are_found_as_the_case_form_finds_them(imports, desk, tmp_path):
    desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678",
                                                    resident_id="11010519491231002X"),
                               category="dispute", summary="旧案"), now=FROZEN_NOW - timedelta(days=1))
    rows = [HEADER,
            good_row(1, 联系电话="13812345678"),  # same phone, same name: the same person
            good_row(2, 联系电话="13900001111", 身份证号="11010519491231002X"),  # same ID: the same person, a new phone
            good_row(3, 报警人="张建华", 联系电话="13812345678"),  # the same phone, another name: someone else
            good_row(4, 报警人="李四", 联系电话="139 0000 2222"),
            good_row(5, 报警人="李四", 联系电话="+86 139-0000-2222")]  # created in this import, found again
    result = imports.run(imports.open(str(write_csv(tmp_path / "r.csv", rows))))
    assert result.imported == 5
    engine = desk.engine
    assert count(engine, "SELECT count(*) FROM person") == 3
    assert count(engine, "SELECT count(DISTINCT person_id) FROM caseparty WHERE role = 'reporter'") == 3
    assert count(engine, "SELECT count(*) FROM personphone WHERE person_id = (SELECT id FROM person "
                         "WHERE resident_id = '11010519491231002X')") == 2


def test_rows_without_a_record_number_are_known_by_their_content(imports, desk, tmp_path):
    header = HEADER[1:]
    rows = [header, good_row(1)[1:], good_row(2)[1:], good_row(1)[1:]]  # the third repeats the first
    path = write_csv(tmp_path / "n.csv", rows)
    first = imports.run(imports.open(str(path)))
    assert (first.imported, first.skipped) == (2, 1)
    renamed = write_csv(tmp_path / "copy-of-n.csv", rows)
    assert imports.run(imports.open(str(renamed))).imported == 0
    assert count(desk.engine, 'SELECT count(*) FROM "case"') == 2


def test_a_stopped_import_goes_on_where_it_left_off(imports, desk, tmp_path, monkeypatch):
    import frontdesk.intake.import_run as case_import

    monkeypatch.setattr(case_import, "BATCH_ROWS", 10)
    rows = [HEADER, *(good_row(n) for n in range(1, 26))]
    opened = imports.open(str(write_csv(tmp_path / "long.csv", rows)))
    steps = []
    stopped = case_import.run_import(desk.engine, opened, by=desk.actor, zone=desk.zone, now=FROZEN_NOW,
                                     report_folder=tmp_path, progress=steps.append, should_stop=lambda: True,
                                     batch_rows=10)
    assert stopped.stopped and stopped.imported == 10 and steps
    rest = imports.run(opened)
    assert (rest.imported, rest.skipped) == (15, 10)
    assert count(desk.engine, 'SELECT count(*) FROM "case"') == 25
    assert count(desk.engine, "SELECT count(*) FROM auditevent WHERE action = 'import'") == 2


def test_a_mapping_is_saved_and_used_again(imports, tmp_path):
    opened = imports.open(str(MESSY))
    opened.mapping.categories["醉酒滋事"] = "dispute"
    path = save_mapping(Mapping(**{**opened.mapping.__dict__, "name": "城关台账"}), imports.mappings_folder)
    assert path == tmp_path / "mappings" / "城关台账.toml"
    loaded = load_mapping("城关台账", imports.mappings_folder)
    assert loaded.columns == opened.mapping.columns and loaded.categories["醉酒滋事"] == "dispute"
    assert load_mapping(str(path), tmp_path / "elsewhere").name == "城关台账"
    again = imports.open(str(MESSY), "城关台账")
    assert again.mapping.categories["醉酒滋事"] == "dispute"
    result = imports.run(again)
    assert 8 not in {r.number for r in result.rejects}
    with pytest.raises(DeskError) as raised:
        imports.open(str(MESSY), "no-such-mapping")
    assert raised.value.key == "import.mapping_missing"


def test_the_import_is_refused_to_a_role_that_may_not(imports, monkeypatch):
    monkeypatch.setitem(access.NEEDS, "import_cases", "supervisor")
    imports.ctx.actor = replace(imports.ctx.actor, role="duty")
    with pytest.raises(access.NotAllowed):
        imports.run(imports.open(str(MESSY)))


def test_the_command_imports_and_a_dry_run_does_not(tmp_path):
    environ = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRONTDESK_DATA_DIR": str(tmp_path / "data"),
               "FRONTDESK_CONFIG": str(tmp_path / "config.toml"), "LANG": "en_US.UTF-8",
               "PYTHONPATH": os.environ.get("PYTHONPATH", "")}

    from tests.conftest import open_desk as open_station_desk
    from frontdesk.station.config import Settings, database_url

    settings = Settings(data_dir=tmp_path / "data")
    station = open_station_desk(settings, database_url(settings))
    station.access.create_first_admin(name="李所长", badge="000001", password="admin pass 1", again="admin pass 1")
    station.close()
    password = tmp_path / "password"
    password.write_text("admin pass 1\n", encoding="utf-8")
    password.chmod(0o600)

    def frontdesk(*args):
        return subprocess.run([sys.executable, "-m", "frontdesk", "import", "cases", str(MESSY), *args,
                               "--badge", "000001", "--password-file", str(password)],
                              capture_output=True, text=True, env=environ, timeout=180)

    dry = frontdesk("--dry-run", "--save-mapping", "messy")
    assert dry.returncode == 0, dry.stderr
    assert "Dry run" in dry.stdout and "醉酒滋事 → (reject these rows)" in dry.stdout
    assert (tmp_path / "mappings" / "messy.toml").exists()
    done = frontdesk("--mapping", "messy")
    assert done.returncode == 1, done.stderr  # done, with rows rejected
    assert "6 imported" in done.stdout and "6 rejected" in done.stdout
    assert "\r" not in done.stderr + done.stdout  # output to a pipe: the summary, no progress updates
    missing = frontdesk("--mapping", "nothing-like-it")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_a_dispatch_log_with_no_caller_imports_cases_without_a_reporter(tmp_path, engine, imports):
    """Call-for-service logs (CAD exports) name no caller: the cases come in without one."""
    from db.models import Case, CaseParty

    path = tmp_path / "cad.csv"
    path.write_text(
        "Event,Date,Type,Clearance\n"
        "2024000109132,2024-04-22 21:10,DISTURBANCE,ASSISTANCE RENDERED\n"
        "2024000098483,2024-04-11 08:05,THEFT,REPORT WRITTEN\n"
        "2024000098999,2024-04-12 09:00,,REPORT WRITTEN\n",
        encoding="utf-8",
    )
    opened = imports.open(str(path))
    opened.mapping.columns.update({"record_no": "Event", "received_at": "Date", "category": "Type",
                                   "summary": "Type"})
    opened.mapping.categories.update({"DISTURBANCE": "dispute", "THEFT": "theft"})
    done = imports.run(opened)
    assert (done.imported, done.rejected) == (2, 1)
    from sqlalchemy import select as core_select

    with engine.connect() as conn:
        cases = conn.execute(core_select(Case.__table__.c.id, Case.__table__.c.category)).all()
        parties = conn.execute(core_select(CaseParty.__table__.c.id)).all()
    assert sorted(category for _id, category in cases) == ["dispute", "theft"]
    assert parties == []
    # The log's own number for each call stays with its case, where the officer reads it and can be asked for it.
    assert sorted(narrative for (narrative,) in rows_of(engine, 'SELECT narrative FROM "case"')) == [
        "Logbook record no.: 2024000098483", "Logbook record no.: 2024000109132"]


def test_a_mapping_takes_words_to_any_active_category_of_the_list_and_refuses_others_by_name(imports, desk):
    from frontdesk.station.categories import CategoryInput

    desk.actor = replace(desk.actor, role="admin")
    desk.categories.save(CategoryInput(name_zh="醉酒滋事", name_en="Drunken disorder"), category_id=None, version=None)
    added = next(row for row in desk.categories.rows() if row.name_zh == "醉酒滋事")
    opened = imports.open(str(MESSY))
    assert opened.mapping.categories["醉酒滋事"] == added.code  # a category the station added is matched
    assert 8 not in {r.number for r in imports.run(opened).rejects}

    save_mapping(Mapping(**{**opened.mapping.__dict__, "name": "旧台账"}), imports.mappings_folder)
    desk.categories.switch(added.category_id, active=False)
    with pytest.raises(DeskError) as refused:
        imports.open(str(MESSY), "旧台账")
    assert "醉酒滋事" in refused.value.message and "switched off" in refused.value.message
    unknown = Mapping(**{**opened.mapping.__dict__, "name": "错映射", "categories": {"打架": "brawl"}})
    save_mapping(unknown, imports.mappings_folder)
    with pytest.raises(DeskError) as refused:
        imports.open(str(MESSY), "错映射")
    assert "brawl" in refused.value.message and "打架" in refused.value.message
