"""How the import reads a logbook's words: an outcome written after a negation, a dispatch system's short forms,
a hotline's reply beside the narrative, a 12345 status ending 办结, the year of a register's title."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_service_requests import desk, imports  # noqa: F401


def _calls(path: Path, header: str, values: list[str]) -> str:
    """A call log of one row per value under `header`, its other columns a date, a kind and a summary."""
    path.write_text("Date,Category,Summary," + header + "\n" + "".join(
        f"2024-03-0{n} 10:00,Theft,Bicycle taken,{value}\n" for n, value in enumerate(values, start=1)),
        encoding="utf-8")
    return str(path)


def test_an_outcome_written_after_a_negation_is_not_proposed_as_reached(imports, tmp_path):
    """处理结果 未受案 and 不受案 (the matter not taken as a case) held 受案 and were proposed as referred for
    investigation, the opposite of what they say; so were 尚未移交 and 没有调解. After 未, 不, 没有 (尚未) the outcome is
    the officer's to say; 已受案 is still referred, with what was not done after it too (已受案未移交)."""
    path = tmp_path / "登记表.csv"
    path.write_text("接警时间,警情类别,简要案情,处理结果\n" + "".join(
        f"2024-03-0{n} 10:00,盗窃,电动车被盗,{value}\n"
        for n, value in enumerate(["未受案", "不受案", "尚未移交", "没有调解", "已受案", "已受案未移交", "调解成功"],
                                        start=1)),
        encoding="utf-8")
    opened = imports.open(str(path))
    assert opened.mapping.column("disposition") == "处理结果"
    assert opened.mapping.dispositions == {"未受案": "", "不受案": "", "尚未移交": "", "没有调解": "",
                                           "已受案": "referred", "已受案未移交": "referred", "调解成功": "mediated"}


def test_an_english_outcome_after_not_or_no_is_not_proposed_as_reached(imports, tmp_path):
    """Not Filed and Report Not Filed held "filed" (Milwaukee's To be Filed, a report) and were proposed as
    referred; so was No Report Written. What the rest says is still read: Seattle's REPORT WRITTEN (NO ARREST) is
    a report, Closed No Arrest closed, No Report (nothing to write) resolved there."""
    opened = imports.open(_calls(tmp_path / "calls.csv", "Disposition", [
        "Not Filed", "Report Not Filed", "No Report Written", "To be Filed", "No Report", "REPORT WRITTEN (NO ARREST)"]))
    assert opened.mapping.column("disposition") == "Disposition"
    assert opened.mapping.dispositions == {"Not Filed": "", "Report Not Filed": "", "No Report Written": "",
                                           "To be Filed": "referred", "No Report": "resolved_on_site",
                                           "REPORT WRITTEN (NO ARREST)": "referred"}
    opened = imports.open(_calls(tmp_path / "statuses.csv", "Status", [
        "Not Filed", "Closed No Arrest", "Filed", "Closed"]))
    assert opened.mapping.column("status") == "Status"
    assert opened.mapping.statuses == {"Not Filed": "", "Closed No Arrest": "closed", "Filed": "referred",
                                       "Closed": "closed"}


def test_a_hotlines_reply_is_kept_though_the_narrative_has_its_words_among_others(desk, tmp_path):
    """A work order the hotline gave the station itself, its reply (答复内容: 已处理) in a column of its own beside
    the narrative's (处理情况: 物业已处理但仍漏水): the reply was dropped from the case, its words being found inside
    the narrative. It heads the narrative now; one that says what the narrative says is kept once."""
    from dataclasses import replace

    from sqlalchemy import select

    from db.engine import read_session
    from db.models import Case
    from frontdesk.context import DeskContext
    from frontdesk.intake.desk import CaseImports
    from tests.unit.test_service_requests import HOTLINE_MAPPING, export

    own = "杭州市公安局西湖区分局三墩派出所"
    imports = CaseImports(DeskContext(settings=replace(desk.settings, data_dir=tmp_path, station_name="三墩派出所",
                                                       config_path=tmp_path / "config.toml"),
                                      engine=desk.engine, on_duty=desk.on_duty, url=desk.url, clock=desk.clock))
    mapping = tmp_path / "hotline.toml"
    mapping.write_text(HOTLINE_MAPPING.replace('record_no = "工单编号"\n', 'record_no = "工单编号"\nnarrative = "处理情况"\n')
                       .replace('reference = "工单编号"\n', 'reference = "工单编号"\ndetail = "答复内容"\n'),
                       encoding="utf-8")
    path = export(tmp_path / "12345.csv", ["工单编号", "来电时间", "诉求类型", "诉求内容", "工单状态", "承办单位", "办结时间",
                                           "处理情况", "答复内容"], [
        ["ZJ12345-20230501", "2023-05-01 10:00:00", "劳动保障", "楼上漏水", "已办结", own, "2023-05-02 10:00:00",
         "物业已处理但仍漏水，民警到场协调", "已处理"],
        ["ZJ12345-20230502", "2023-05-02 10:00:00", "劳动保障", "公司拖欠工资", "已办结", own, "2023-05-03 10:00:00",
         "已告知劳动仲裁途径", "已告知劳动仲裁途径"]])
    result = imports.run(imports.open(str(path), str(mapping)))
    assert (result.imported, result.rejected) == (2, 0)
    with read_session(desk.engine) as session:
        narratives = session.execute(select(Case.narrative).where(Case.source_key.is_not(None))
                                     .order_by(Case.received_at)).scalars().all()
    assert narratives == ["Hotline reference: ZJ12345-20230501\n已处理\n物业已处理但仍漏水，民警到场协调",
                          "Hotline reference: ZJ12345-20230502\n已告知劳动仲裁途径"]


@pytest.mark.parametrize(("written", "code"), [
    ("SUSP PERS/AUTO", "tip"), ("SUSP VEH", "tip"), ("SUSP PERSON", "tip"),  # a suspicious person or car
    ("ACC PDO", "traffic"), ("ACC PI", "traffic"), ("ACC HR", "traffic"),  # an accident
    # SUSP for suspended, ACC for access: not a tip, not an accident; the officer says what they are
    ("DRIVING W/ SUSP LICENSE", ""), ("OPERATING WHILE SUSP", ""), ("ACC ALARM", ""),
])
def test_a_dispatch_systems_short_forms_are_read_only_in_their_pairs(imports, tmp_path, written, code):
    """SUSP and ACC alone made a tip and an accident of every nature holding them: DRIVING W/ SUSP LICENSE (a
    suspended licence) was proposed as a tip, ACC ALARM as a traffic accident."""
    path = tmp_path / "calls.csv"
    path.write_text("Date,Nature\n" + "".join(f"2024-03-0{n} 10:00,{value}\n" for n, value in enumerate(
        [written, "THEFT", "BATTERY DV", "NOISE NUISANCE"], start=1)), encoding="utf-8")
    opened = imports.open(str(path))
    assert opened.mapping.column("category") == "Nature"
    assert opened.mapping.categories[written] == code


@pytest.mark.parametrize(("written", "step"), [
    ("不满意办结", "done"), ("无法联系办结", "done"), ("超期办结", "done"),  # done: the citizen displeased, not reached
    ("未办结", None), ("尚未办结", None), ("超期未办结", None), ("不能办结", None), ("没有办结", None),
    ("无法办结", None), ("待办结", "accepted"),
])
def test_a_12345_status_ending_done_is_not_done_only_for_what_comes_right_before_it(written, step):
    """办理状态 不满意办结 and 无法联系办结 were refused as not done yet, a 不 or 无法 standing anywhere before 办结."""
    from frontdesk.intake.handoff_steps import read_step, step_words

    assert read_step(written, step_words({})) == step


def test_a_work_order_closed_with_the_citizen_displeased_is_imported_done(imports, desk, tmp_path):
    from sqlalchemy import select

    from db.engine import read_session
    from db.models import Handoff
    from tests.unit.test_service_requests import HOTLINE_HEADER, HOTLINE_MAPPING, export

    mapping = tmp_path / "hotline.toml"
    mapping.write_text(HOTLINE_MAPPING, encoding="utf-8")
    path = export(tmp_path / "12345.csv", HOTLINE_HEADER, [
        ["ZJ12345-20230501", "2023-05-01 10:00:00", "劳动保障", "公司拖欠工资", "不满意办结", "西湖区人力资源和社会保障局",
         "2023-05-03 10:00:00"]])
    result = imports.run(imports.open(str(path), str(mapping)))
    assert (result.imported, result.rejected) == (1, 0)
    with read_session(desk.engine) as session:
        assert session.execute(select(Handoff.status)).scalar_one() == "done"


@pytest.mark.parametrize(("title", "read"), [
    ("城关派出所接处警登记表（2023年1月）", ["2023-01-05 09:20", "2023-01-05 14:05"]),  # the title's year
    ("城关派出所接处警登记表", ["2024-01-05 09:20", "2024-01-05 14:05"]),  # none there: the first line's with one
])
def test_a_registers_title_gives_its_rows_year_before_another_line_above_the_header(imports, desk, tmp_path, title,
                                                                                     read):
    """填报日期：2024年2月3日 (the day the book was filled in) on a line above its title 接处警登记表（2023年1月）: the
    rows' 1月5日 were read in 2024, the first year of the lines above the header joined."""
    from openpyxl import Workbook

    from tests.unit.test_import_register_dates import local_times

    book = Workbook()
    sheet = book.active
    sheet.append(["填报日期：2024年2月3日"])
    sheet.append([title])
    sheet.append(["序号", "接警日期", "接警时间", "报警人", "联系电话", "警情类别", "简要案情"])
    sheet.append([1, "1月5日", "9:20", "李某", "13812345678", "盗窃", "电动车被盗"])
    sheet.append([2, "同上", "14:05", "赵某", "13912345678", "纠纷", "噪音纠纷"])
    path = tmp_path / "登记表.xlsx"
    book.save(path)
    result = imports.run(imports.open(str(path)))
    assert (result.imported, result.rejected) == (2, 0)
    assert local_times(desk) == read
