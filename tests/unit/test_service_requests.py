"""A 311 export imported as cases handed off, and the bulk write path every logbook import takes."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from db.engine import read_session
from db.models import Case, CaseParty, ChangeLog, Handoff, Person, PersonPhone, ReceivingBody
from frontdesk.access.audit import verify
from frontdesk.context import DeskContext
from frontdesk.desk import Desk
from frontdesk.handoffs.views import figures
from frontdesk.i18n import set_language
from frontdesk.intake.desk import CaseImports
from frontdesk.intake.import_run import run_import
from tests.conftest import FROZEN_NOW

DATA = Path(__file__).parent.parent / "data"
EXPORT = DATA / "service-requests-311.csv"
MAPPING = DATA / "service-requests-311.toml"


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)


@pytest.fixture
def imports(desk, tmp_path) -> CaseImports:
    return CaseImports(DeskContext(settings=replace(desk.settings, data_dir=tmp_path,
                                                    config_path=tmp_path / "config.toml"),
                                   engine=desk.engine, on_duty=desk.on_duty, url=desk.url, clock=desk.clock))


def handoffs_by_ref(engine) -> dict[str, tuple]:
    with read_session(engine) as session:
        rows = session.execute(
            select(Handoff.their_ref, ReceivingBody.code, Handoff.status, Handoff.handed_at, Handoff.done_at,
                   Handoff.notes, Case.status, Case.disposition, Case.police, Case.closed_at, Case.category)
            .join(ReceivingBody, ReceivingBody.id == Handoff.body_id).join(Case, Case.id == Handoff.case_id)
        ).all()
    return {row[0]: row[1:] for row in rows}


def utc(text_value: str) -> datetime:
    """A local (Asia/Shanghai) time of the export as the database holds it."""
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(text_value).replace(tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(timezone.utc)


def test_a_311_export_becomes_cases_handed_off_to_the_mapped_bodies(imports, desk):
    set_language("en")
    result = imports.run(imports.open(str(EXPORT), str(MAPPING)))
    assert (result.read, result.imported, result.rejected) == (13, 11, 2)
    handed = handoffs_by_ref(desk.engine)
    assert set(handed) == {f"5689100{n}" for n in range(1, 10) if n != 9} | {"56891011", "56891012", "56891013"}
    body, status, handed_at, done_at, notes, case_status, disposition, police, closed_at, category = \
        handed["56891001"]
    assert (body, status, case_status, disposition, police, category) == (
        "other_police", "done", "closed", "handed_off", False, "noise")
    assert handed_at.astimezone(timezone.utc) == utc("2023-03-01T22:15:00")
    assert done_at.astimezone(timezone.utc) == utc("2023-03-02T00:15:00") == closed_at.astimezone(timezone.utc)
    assert notes.startswith("The Police Department responded")
    # status -> the hand-off's step; not done: no done time, the case waits as handed off
    assert {ref: (row[0], row[1], row[3], row[5]) for ref, row in handed.items() if row[1] != "done"} == {
        "56891003": ("other_police", "accepted", None, "handed_off"),
        "56891005": ("hotline_12345", "sent", None, "handed_off"),
        "56891007": ("mediation_centre", "pending", None, "handed_off"),
        "56891012": ("transport_12328", "sent", None, "handed_off"),
    }
    # the agency with no body is reported with its rows, never given one
    assert dict(result.unknown_agencies) == {"DSNY": 2}
    report = result.report_path.read_text(encoding="utf-8")
    assert "Agencies with no receiving body in the station's list" in report and "DSNY: 2 rows" in report
    assert dict(result.kinds) == {"unknown_agency": 2}  # not a bad date: 56891013 is closed, with no time
    with result.rejects_path.open(encoding="utf-8-sig") as handle:
        rejected = {row[2]: row[1] for row in list(csv.reader(handle))[1:]}  # Unique Key -> reason
    assert set(rejected) == {"56891009", "56891010"}
    assert "DSNY" in rejected["56891009"]
    # closed, no closed time: done, the time unknown, and the report says so
    assert handed["56891013"][1:4:2] == ("done", None) and handed["56891013"][5:7] == ("closed", "handed_off")
    assert result.done_untimed == 1
    assert ("1 request the file gives as closed has no closed time, or only the day it was made: it is imported "
            "as done with the time unknown") \
        in report


def test_the_hand_off_figures_come_straight_from_the_export(imports, desk):
    set_language("en")
    imports.run(imports.open(str(EXPORT), str(MAPPING)))
    with read_session(desk.engine) as session:
        shown = figures(session, since=datetime(2023, 3, 1, tzinfo=timezone.utc),
                        until=datetime(2023, 4, 1, tzinfo=timezone.utc), now=FROZEN_NOW)
    assert (shown.non_police, shown.handed_off) == (11, 11)
    per_body = {b.body: (b.handed, b.done, b.hours_to_done) for b in shown.bodies}
    assert per_body == {
        "Another police unit": (3, 2, pytest.approx(3.0)),  # 2 h and 4 h
        "12345 citizen hotline": (4, 3, pytest.approx(36.0)),  # 48 h and 24 h; 56891013 done at a time unknown
        "Dispute-mediation centre": (2, 1, pytest.approx(48.0)),
        "12328 transport": (2, 1, pytest.approx(9.0)),
    }
    assert sum(b.done for b in shown.bodies) / shown.handed_off == pytest.approx(7 / 11)


def test_the_same_export_twice_adds_nothing_and_the_audit_chain_holds(imports, desk):
    imports.run(imports.open(str(EXPORT), str(MAPPING)))
    again = imports.run(imports.open(str(EXPORT), str(MAPPING)))
    assert (again.imported, again.skipped) == (0, 11)
    with read_session(desk.engine) as session:
        assert session.execute(select(func.count()).select_from(Handoff)).scalar_one() == 11
        assert verify(session).intact


def test_an_ordinary_logbook_mapping_makes_no_hand_offs(imports, desk, tmp_path):
    plain = tmp_path / "plain.toml"
    plain.write_text(MAPPING.read_text(encoding="utf-8").split("[service_requests]")[0], encoding="utf-8")
    imports.run(imports.open(str(EXPORT), str(plain)))
    with read_session(desk.engine) as session:
        assert session.execute(select(func.count()).select_from(Handoff)).scalar_one() == 0


# ---- the bulk path: reporters once, the change log and audit chain whole -------------------------------

HEADER = ["编号", "接警时间", "报警人", "联系电话", "身份证号", "类别", "报警方式", "地点", "简要案情"]


def logbook(path: Path, rows: list[tuple]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number, (name, phone, rid) in enumerate(rows, start=1):
            writer.writerow([str(number), f"2024-03-{1 + number % 28:02d} 10:{number % 60:02d}", name, phone, rid,
                             "纠纷", "来所", "东关村", f"第{number}起纠纷"])
    return path


def counts(engine) -> dict[str, int]:
    with read_session(engine) as session:
        return {model.__name__: session.execute(select(func.count()).select_from(model)).scalar_one()
                for model in (Case, CaseParty, Person, PersonPhone, ChangeLog)}


def run_in_batches(imports: CaseImports, path: Path, batch_rows: int):
    ctx = imports.ctx
    return run_import(ctx.engine, imports.open(str(path)), by=ctx.actor, zone=ctx.zone, now=ctx.clock(),
                      report_folder=imports.report_folder, batch_rows=batch_rows)


def test_reporters_are_created_once_across_batches_and_known_ones_matched(imports, desk, tmp_path):
    from frontdesk.cases.recording import CaseDraft
    from frontdesk.callers.people import PersonInput

    known = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="王建国", phone="13800001111"), channel="walk_in",
                                             category="dispute", summary="先前来所"), now=FROZEN_NOW)
    before = counts(desk.engine)
    rows = [("李秀英", "139 0000 2222", ""),        # new, then again in later batches, written other ways
            ("王建国", "+86 138-0000-1111", ""),     # known by phone and name: matched, no new person
            ("张伟", "13700003333", "110101199003074477"),
            ("李秀英", "13900002222", ""),
            ("张伟", "", "110101199003074477"),       # by ID number alone
            ("王 建国", "13800001111", ""),
            ("李秀英", "+8613900002222", ""),
            ("赵敏", "13600004444", "")]
    result = run_in_batches(imports, logbook(tmp_path / "people.csv", rows), batch_rows=2)
    assert (result.imported, result.rejected) == (8, 0)
    after = counts(desk.engine)
    added = {name: after[name] - before[name] for name in after}
    assert added["Person"] == 3 == result.people  # 李秀英, 张伟, 赵敏: once each
    assert added["PersonPhone"] == 3
    assert added["Case"] == added["CaseParty"] == 8
    # every record written has its change-log entry
    assert added["ChangeLog"] == added["Person"] + added["PersonPhone"] + added["Case"] + added["CaseParty"]
    with read_session(desk.engine) as session:
        reporters = session.execute(text(
            "SELECT p.name, COUNT(*) FROM caseparty cp JOIN person p ON p.id = cp.person_id "
            "JOIN \"case\" c ON c.id = cp.case_id WHERE c.source_key IS NOT NULL GROUP BY p.id, p.name")).all()
        assert sorted(reporters) == [("张伟", 2), ("李秀英", 3), ("王建国", 2), ("赵敏", 1)]
        wang = session.execute(select(CaseParty.person_id).where(CaseParty.case_id == known.case_id)).scalar_one()
        assert session.execute(select(func.count()).select_from(CaseParty)
                               .where(CaseParty.person_id == wang)).scalar_one() == 3  # the walk-in and two rows
        zhang_phone = session.execute(text(
            "SELECT cp.phone_e164 FROM caseparty cp JOIN \"case\" c ON c.id = cp.case_id "
            "WHERE c.source_key IS NOT NULL AND c.summary = '第5起纠纷'")).scalar_one()
        assert zhang_phone == "+8613700003333"  # the ID number alone: their phone as the desk knows it
        report = verify(session)
        assert report.intact
    again = run_in_batches(imports, tmp_path / "people.csv", batch_rows=3)
    assert (again.imported, again.skipped) == (0, 8)
    assert counts(desk.engine) == after


@pytest.mark.parametrize("agency", ["承办单位", "办理单位", "转办单位"])
def test_a_12345_export_opened_without_a_mapping_is_read_as_requests_handed_to_its_agency(imports, tmp_path, agency):
    """A 12345 work-order export names the body each request went to (承办单位): opened without a mapping,
    it is proposed as service requests, its 工单状态 the hand-off's step rather than the case's status."""
    path = tmp_path / "12345.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([
            ["工单编号", "诉求内容", "诉求类型", "来电时间", "工单状态", "求助人员", "求助号码", agency, "办结时间",
             "回复内容"],
            ["ZJ12345-20230502-00001", "夜间施工噪音扰民", "噪音扰民", "2023-05-02 23:07:00", "已办结", "马雨轩",
             "18946447083", "某某不存在的单位", "2023-05-04 10:00:00", "已联系来电人处理"]])
    opened = imports.open(str(path))
    requests = opened.mapping.service_requests
    assert (requests.agency, requests.status, requests.closed_at, requests.reference, requests.detail) == \
        (agency, "工单状态", "办结时间", "工单编号", "回复内容")
    assert "status" not in opened.mapping.columns
    result = imports.run(opened)
    assert result.rejected == 1 and result.unknown_agencies == {"某某不存在的单位": 1}


# ---- what real exports write: offsets on the closed time, statuses, no closed column -----------------------

def export(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


PHILLY_MAPPING = """name = "philly"
default_channel = "phone"

[columns]
received_at = "requested_datetime"
category = "service_name"
summary = "subject"
record_no = "service_request_id"

[categories]
"Graffiti Removal" = "other"

[service_requests]
agency = "agency_responsible"
status = "status"
closed_at = "closed_datetime"
reference = "service_request_id"

[service_requests.bodies]
"Streets Department" = "hotline_12345"
"""


PHILLY_HEADER = ["service_request_id", "subject", "status", "service_name", "agency_responsible",
                 "requested_datetime", "closed_datetime"]


def philly_run(imports, tmp_path: Path, name: str, times: list[tuple[str, str, str]], mapping: str = PHILLY_MAPPING):
    """A Philadelphia-shaped export of closed graffiti requests, (id, requested, closed) each, imported."""
    (tmp_path / "philly.toml").write_text(mapping, encoding="utf-8")
    path = export(tmp_path / name, PHILLY_HEADER, [[ref, "Graffiti Removal", "Closed", "Graffiti Removal",
                                                    "Streets Department", made, closed] for ref, made, closed in times])
    return imports.run(imports.open(str(path), str(tmp_path / "philly.toml")))


def test_a_closed_time_with_its_own_offset_is_read_with_it_as_the_received_time_is(imports, desk, tmp_path):
    """Philadelphia's 311 export writes both times `2022-08-01 05:54:36+00`: the hand-off was done two hours
    after it was made, not six hours before it (the desk's +08:00 put over the cell's +00)."""
    result = philly_run(imports, tmp_path, "philadelphia-311.csv", [
        ("14876000", "2022-08-01 05:54:36+00", "2022-08-01 07:54:36+00"),
        ("14876001", "2022-08-01 20:14:57+00", "2022-08-03 05:54:36+00")])
    assert (result.imported, result.rejected) == (2, 0)
    handed = handoffs_by_ref(desk.engine)
    assert handed["14876000"][3].astimezone(timezone.utc) == datetime(2022, 8, 1, 7, 54, 36, tzinfo=timezone.utc)
    assert handed["14876001"][3].astimezone(timezone.utc) == datetime(2022, 8, 3, 5, 54, 36, tzinfo=timezone.utc)
    assert handed["14876000"][8].astimezone(timezone.utc) == datetime(2022, 8, 1, 7, 54, 36, tzinfo=timezone.utc)


def test_a_closed_time_without_an_offset_is_taken_in_the_mappings_zone(imports, desk, tmp_path):
    in_new_york = PHILLY_MAPPING.replace('default_channel = "phone"',
                                         'default_channel = "phone"\ntime_zone = "America/New_York"')
    result = philly_run(imports, tmp_path, "philadelphia-local.csv",
                        [("1", "2022-08-01 05:54:36", "2022-08-01 07:54:36")], in_new_york)
    assert (result.imported, result.rejected) == (1, 0)
    _body, _status, handed_at, done_at, *_ = handoffs_by_ref(desk.engine)["1"]
    assert handed_at.astimezone(timezone.utc) == datetime(2022, 8, 1, 9, 54, 36, tzinfo=timezone.utc)
    assert done_at.astimezone(timezone.utc) == datetime(2022, 8, 1, 11, 54, 36, tzinfo=timezone.utc)


def test_a_bare_closed_date_is_the_day_the_request_was_made_as_its_own_offset_writes_it(imports, desk, tmp_path):
    """Vancouver's 311 export opens a request at 2024-01-16T20:33:27-08:00 and closes it 2024-01-16: done that day
    (in Shanghai's time it is the 17th, and 1,375 of its rows had been refused as closed before they were made).
    A bare date a day before the received day as written says the file's zones may differ, and how to say its."""
    result = philly_run(imports, tmp_path, "vancouver-311.csv", [("1", "2024-01-16T20:33:27-08:00", "2024-01-16"),
                                                                 ("2", "2024-08-24T01:30:22+03:00", "2024-08-23")])
    assert (result.imported, result.rejected, result.done_untimed) == (1, 1, 1)
    assert "1" in handoffs_by_ref(desk.engine)
    [refused] = result.rejects
    assert [problem.key for problem in refused.problems] == ["import.closed_day_before"]
    assert "time_zone" in refused.reason


# ---- a mapping saved again keeps what the desk does not change ---------------------------------------------

def test_saving_a_service_request_mapping_keeps_its_bodies_statuses_and_other_tables(imports, desk, tmp_path):
    from frontdesk.intake.mapping_file import load_mapping, save_mapping

    folder = imports.mappings_folder
    folder.mkdir(parents=True)
    written = MAPPING.read_text(encoding="utf-8").replace('name = "service-requests-311"', 'name = "nyc"')
    (folder / "nyc.toml").write_text(written + '\n[notes]\nowner = "Sgt. Li"\nchecked = 2023\n', encoding="utf-8")
    loaded = load_mapping("nyc", folder)
    before = loaded.service_requests
    assert before.bodies["HPD"] == "mediation_centre" and before.statuses == {"Unspecified": "pending"}
    save_mapping(loaded, folder)
    again = load_mapping("nyc", folder)
    assert again.service_requests == before and again.kept == {"notes": {"owner": "Sgt. Li", "checked": 2023}}
    assert (again.columns, again.categories, again.day_first) == (loaded.columns, loaded.categories, False)
    header = (folder / "nyc.toml").read_text(encoding="utf-8").split("\nname =")[0]
    assert "comments are not" in header  # no TOML library that keeps them is a dependency: the file says so
    # saved under another name from the command line's --mapping nyc --save-mapping: still hands off
    opened = imports.open(str(EXPORT), "nyc")
    save_mapping(replace(opened.mapping, name="nyc-copy"), folder)
    result = imports.run(imports.open(str(EXPORT), "nyc-copy"))
    assert result.imported == 11 and len(handoffs_by_ref(desk.engine)) == 11


def test_a_proposal_saved_over_a_mapping_keeps_the_tables_it_does_not_hold(imports, tmp_path):
    from frontdesk.intake.mapping_file import load_mapping, save_mapping

    folder = imports.mappings_folder
    folder.mkdir(parents=True)
    (folder / "nyc.toml").write_text(MAPPING.read_text(encoding="utf-8"), encoding="utf-8")
    proposed = imports.open(str(EXPORT)).mapping  # no --mapping: the desk's proposal from the headers
    # proposed as service requests (its Agency Name beside its Complaint Type), the file's agencies listed unmapped
    assert proposed.service_requests.agency == "Agency Name"
    assert set(proposed.service_requests.bodies.values()) == {""}
    assert "New York City Police Department" in proposed.service_requests.bodies
    save_mapping(replace(proposed, name="nyc"), folder)
    saved = load_mapping("nyc", folder).service_requests  # the officer's table over the proposal's
    assert (saved.agency, saved.bodies["DOT"], saved.closed_at) == ("Agency", "transport_12328", "Closed Date")
    assert "Department of Sanitation" not in saved.bodies  # the listing was of another column's words


def test_save_mapping_with_a_required_column_missing_writes_the_template_and_says_what_to_fill(imports, tmp_path):
    from argparse import Namespace

    from frontdesk.i18n import DeskError, set_language
    from frontdesk.intake.cli import import_from_command_line
    from frontdesk.intake.mapping_file import load_mapping

    set_language("en")
    calls = export(tmp_path / "cincinnati-cfs.csv", ["EVENT_NUMBER", "CREATE_TIME_INCIDENT", "CFS_CODE"],
                   [["CPD1", "08/01/2022 11:58:58 AM", "FAMILY DISTURBANCE"]])
    args = Namespace(file=str(calls), mapping="", save_mapping="cinci", dry_run=True)
    with pytest.raises(DeskError) as refused:
        import_from_command_line(args, imports)
    saved = imports.mappings_folder / "cinci.toml"
    assert saved.exists()
    assert 'category = ""' in saved.read_text(encoding="utf-8")
    message = refused.value.message
    assert str(saved) in message and 'category = ""' in message and "--mapping cinci" in message
    assert "CFS_CODE" in message  # the columns the officer can choose from
    assert load_mapping("cinci", imports.mappings_folder).columns["received_at"] == "CREATE_TIME_INCIDENT"


def test_the_preview_reads_a_service_request_mapping_as_the_import_will(imports, desk):
    """Toronto's export previewed every row as closed, resolved on site, with no problems; the import then
    rejected most of them. The preview is read by the import's own reader."""
    set_language("en")
    opened = imports.open(str(EXPORT), str(MAPPING))
    shown = imports.preview(opened)
    result = imports.run(opened)
    by_number = {row.number: row for row in shown.rows}
    assert {number for number, row in by_number.items() if row.problems} == {r.number for r in result.rejects}
    assert by_number[2].status == "closed" and by_number[2].disposition == "handed_off" and by_number[2].handoff
    assert by_number[4].status == "handed_off" and by_number[4].handoff["status"] == "accepted"
    assert shown.closed_by_default == 0  # the rows have a status: none is closed "resolved on site"
    assert "DSNY" in by_number[10].masked_problems


TORONTO_MAPPING = """name = "toronto"
default_channel = "phone"

[columns]
received_at = "Creation Date"
category = "Service Request Type"
summary = "Service Request Type"

[categories]
"Road - Pot hole" = "traffic"

[service_requests]
agency = "Division"
status = "Status"

[service_requests.bodies]
"Transportation Services" = "transport_12328"
"""


def test_torontos_statuses_are_read_and_a_request_closed_with_no_closed_time_is_done_at_a_time_unknown(
        imports, desk, tmp_path):
    """Toronto's 311 export has no closed time at all: its closed and completed requests are done (counted
    as done, left out of the time to done), not rejected as bad dates; Initiated waits, Cancelled was not done."""
    set_language("en")
    mapping = tmp_path / "toronto.toml"
    mapping.write_text(TORONTO_MAPPING, encoding="utf-8")
    statuses = ["Initiated", "In-progress", "Closed", "Cancelled", "Completed"]
    path = export(tmp_path / "toronto-311-2022.csv", ["Creation Date", "Status", "Service Request Type", "Division"],
                  [[f"2022-08-0{n + 1} 08:52:15.0000000", status, "Road - Pot hole", "Transportation Services"]
                   for n, status in enumerate(statuses)])
    result = imports.run(imports.open(str(path), str(mapping)))
    assert (result.imported, result.rejected, result.done_untimed) == (5, 0, 2)
    assert "bad_date" not in result.kinds
    with read_session(desk.engine) as session:
        rows = session.execute(select(Case.received_at, Handoff.status, Handoff.done_at, Handoff.returned_reason,
                                      Case.status).join(Case, Case.id == Handoff.case_id)
                               .order_by(Case.received_at)).all()
        assert [row[1:] for row in rows] == [
            ("pending", None, "", "handed_off"), ("accepted", None, "", "handed_off"), ("done", None, "", "closed"),
            ("returned", None, "Cancelled", "handed_off"), ("done", None, "", "closed")]
        shown = figures(session, since=datetime(2022, 8, 1, tzinfo=timezone.utc),
                        until=datetime(2022, 9, 1, tzinfo=timezone.utc), now=FROZEN_NOW)
    (body,) = shown.bodies
    assert (body.handed, body.done, body.returned, body.hours_to_done) == (5, 2, 1, None)
    assert "2 requests the file gives as closed have no closed time" in result.report_path.read_text(encoding="utf-8")


HOTLINE_MAPPING = """name = "hotline-12345"
default_channel = "phone"

[columns]
received_at = "来电时间"
category = "诉求类型"
summary = "诉求内容"
record_no = "工单编号"

[categories]
"治安管理" = "tip"
"劳动保障" = "dispute"

[service_requests]
agency = "承办单位"
status = "工单状态"
closed_at = "办结时间"
reference = "工单编号"

[service_requests.bodies]
"西湖区人力资源和社会保障局" = "hotline_12345"
"""
HOTLINE_HEADER = ["工单编号", "来电时间", "诉求类型", "诉求内容", "工单状态", "承办单位", "办结时间"]


def hotline_rows(agency: str) -> list[list[str]]:
    return [[f"ZJ12345-2023050{n}", f"2023-05-0{n} 10:00:00", "劳动保障", "公司拖欠工资", status, agency, closed]
            for n, (status, closed) in enumerate([("已回访", "2023-05-03 10:00:00"), ("已归档", "2023-05-04 10:00:00"),
                                                  ("待签收", ""), ("已签收", ""), ("延期办理", "")], start=1)]


def test_the_statuses_12345_work_orders_use_are_read(imports, desk, tmp_path):
    mapping = tmp_path / "hotline.toml"
    mapping.write_text(HOTLINE_MAPPING, encoding="utf-8")
    path = export(tmp_path / "12345.csv", HOTLINE_HEADER, hotline_rows("西湖区人力资源和社会保障局"))
    result = imports.run(imports.open(str(path), str(mapping)))
    assert (result.imported, result.rejected) == (5, 0)
    assert {ref: row[1] for ref, row in handoffs_by_ref(desk.engine).items()} == {
        "ZJ12345-20230501": "done", "ZJ12345-20230502": "done", "ZJ12345-20230503": "sent",
        "ZJ12345-20230504": "accepted", "ZJ12345-20230505": "accepted"}


#: The station's configured name, by how the test gives it (a note in brackets after it is not part of its name).
STATION_NAMED = {"station name": "三墩派出所", "station name with a note": "三墩派出所（演示）"}


@pytest.mark.parametrize("how", ["station name", "station name with a note", "mapped to station"])
def test_a_work_order_the_hotline_gave_the_station_itself_is_its_own_police_case(desk, tmp_path, how):
    own = "杭州市公安局西湖区分局三墩派出所"
    settings = replace(desk.settings, data_dir=tmp_path, config_path=tmp_path / "config.toml",
                       station_name=STATION_NAMED.get(how, desk.settings.station_name))
    imports = CaseImports(DeskContext(settings=settings, engine=desk.engine, on_duty=desk.on_duty, url=desk.url,
                                      clock=desk.clock))
    mapping = tmp_path / "hotline.toml"
    mapping.write_text(HOTLINE_MAPPING + (f'"{own}" = "station"\n' if how == "mapped to station" else ""),
                       encoding="utf-8")
    path = export(tmp_path / "12345.csv", HOTLINE_HEADER, hotline_rows(own))
    result = imports.run(imports.open(str(path), str(mapping)))
    assert (result.imported, result.rejected) == (5, 0) and not result.unknown_agencies
    with read_session(desk.engine) as session:
        assert session.execute(select(func.count()).select_from(Handoff)).scalar_one() == 0
        cases = session.execute(select(Case.received_at, Case.status, Case.disposition, Case.police, Case.closed_at)
                                .where(Case.source_key.is_not(None)).order_by(Case.received_at)).all()
    assert [row[1:4] for row in cases] == [
        ("closed", "resolved_on_site", True), ("closed", "resolved_on_site", True), ("open", None, True),
        ("in_progress", None, True), ("in_progress", None, True)]
    assert cases[0].closed_at.astimezone(timezone.utc) == utc("2023-05-03T10:00:00")
    # The hotline's number for it is kept in the narrative (there is no hand-off to keep it): the case is found
    # by the number the caller was given. Before, it was in the case's source key only.
    with read_session(desk.engine) as session:
        narratives = session.execute(select(Case.narrative).where(Case.source_key.is_not(None))
                                     .order_by(Case.received_at)).scalars().all()
    assert narratives[0].startswith("Hotline reference: ZJ12345-20230501")


def test_a_mapping_whose_words_hold_any_character_is_saved_so_that_it_loads_again(tmp_path):
    from frontdesk.intake.mapping import Mapping
    from frontdesk.intake.mapping_file import load_mapping, save_mapping

    odd = 'a "quoted" \\ back\tslash\nnew line \x7f del 姓名 (2)'
    saved = save_mapping(Mapping(name="odd", columns={"received_at": odd, "category": "类别"},
                                 categories={odd: "dispute"}), tmp_path)
    again = load_mapping("odd", tmp_path)
    assert (again.columns["received_at"], again.categories) == (odd, {odd: "dispute"})
    assert saved.exists()
