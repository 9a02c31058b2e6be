"""A police station's 接处警登记表 and a 12345 hotline's work orders, laid out as stations and hotlines keep them.

No such file is published (they hold callers' names, numbers and ID numbers), so both are built here, not copied:
the register as a station's Excel book keeps it (a title, the unit and the count's word on a line of their own, a
header over two rows with 报警人 merged over 姓名 | 联系电话 | 身份证号, 合计 and 填表人 under the rows, a sheet a
month; 接警时间 written by hand as 2023年1月5日 上午9时20分, 2023.1.5 14:05, 2023.2.1 8.30, or an Excel date), and the work orders
with the columns a 12345 system exports (工单编号, 来电时间, 诉求内容, 承办单位, 办理状态, 办结时间, 回访满意度).
Names, numbers and ID numbers in them are made up.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select, text

from db.engine import read_session
from db.models import Case, Handoff
from frontdesk.context import DeskContext
from frontdesk.desk import Desk
from frontdesk.intake.cells import BadValue, parse_when
from frontdesk.intake.clock_times import parse_time_of_day
from frontdesk.intake.desk import CaseImports
from tests.conftest import FROZEN_NOW
from tests.unit.test_import_register_dates import local_times


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)


@pytest.fixture
def imports(desk, tmp_path) -> CaseImports:
    return CaseImports(DeskContext(settings=replace(desk.settings, data_dir=tmp_path,
                                                    config_path=tmp_path / "config.toml"),
                                   engine=desk.engine, on_duty=desk.on_duty, url=desk.url, clock=desk.clock))


def register_month(sheet, month: int, rows: list[list[object]]) -> None:
    sheet.append([f"××派出所接处警登记表（2023年{month}月）"])
    sheet.merge_cells("A1:J1")
    sheet.append(["填报单位：××派出所", None, None, None, None, None, None, None, "单位：起"])
    sheet.append(["序号", "接警时间", "报警人", None, None, "警情类别", "简要案情", "处理结果", "处警民警", "备注"])
    sheet.append([None, None, "姓名", "联系电话", "身份证号", None, None, None, None, None])
    for column in "ABFGHIJ":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("C3:E3")
    for row in rows:
        sheet.append(row)
    sheet.append(["合计", None, None, None, None, None, f"共{len(rows)}起", None, None, None])
    sheet.append(["填表人：张某", None, None, None, None, "值班领导（签字）：", None, None, None, None])


def register(path: Path) -> Path:
    book = Workbook()
    january = book.active
    january.title = "1月"
    register_month(january, 1, [
        [1, "2023年1月5日 上午9时20分", "李某", "13812345678", "", "盗窃", "电动车被盗", "已受案", "王某", ""],
        [2, "2023.1.5 14:05", "赵某", "13912345678", "", "纠纷", "邻里噪音纠纷", "调解结束", "王某", ""],
        [3, datetime(2023, 1, 7, 21, 40), "钱某", "13712345678", "", "求助", "老人走失", "不予立案", "刘某", "已找到"],
    ])
    february = book.create_sheet("2月")
    register_month(february, 2, [
        [1, "2023.2.1 8.30", "周某", "13512345678", "", "诈骗", "网购被骗2000元", "已立案", "王某", ""],
        [2, "2023年2月3日 晚上10时15分", "吴某", "13412345678", "", "纠纷", "醉酒滋事", "调解结束", "刘某", ""],
    ])
    book.save(path)
    return path


def test_a_registers_outcome_not_opened_as_a_case_is_not_proposed_as_referred(imports, tmp_path):
    """处理结果 不予立案 (no case opened) held 立案 and was proposed as 移交侦查, the opposite of what it says; 已受案
    (taken as a case) was proposed as nothing, so its rows waited. The rest of the register reads as kept."""
    opened = imports.open(str(register(tmp_path / "接处警登记表2023.xlsx")))
    assert opened.header_row == 4
    columns = opened.mapping.columns
    assert (columns["received_at"], columns["disposition"], columns["reporter_phone"]) == \
        ("接警时间", "处理结果", "报警人（联系电话）")
    assert opened.mapping.dispositions["已立案"] == "referred"
    assert opened.mapping.dispositions["已受案"] == "referred"
    assert opened.mapping.dispositions["不予立案"] == ""


def test_the_register_imported_with_the_supervisors_word_for_a_case_not_opened(imports, desk, tmp_path):
    """With the mapping a supervisor writes (不予立案: resolved there), both months come in, totals and signatures
    not as cases, each 接警时间 as written."""
    folder = imports.mappings_folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "register.toml").write_text(
        'name = "register"\ndefault_channel = "walk_in"\n[columns]\nreceived_at = "接警时间"\ncategory = "警情类别"\n'
        'summary = "简要案情"\nnarrative = "备注"\ndisposition = "处理结果"\nreporter_name = "报警人（姓名）"\n'
        'reporter_phone = "报警人（联系电话）"\nrecord_no = "序号"\n[dispositions]\n"不予立案" = "resolved_on_site"\n',
        encoding="utf-8")
    opened = imports.open(str(register(tmp_path / "接处警登记表2023.xlsx")), "register")
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (5, 0)
    with read_session(desk.engine) as session:
        rows = session.execute(select(Case.summary, Case.disposition).order_by(Case.received_at)).all()
    assert [tuple(row) for row in rows] == [
        ("电动车被盗", "referred"), ("邻里噪音纠纷", "mediated"), ("老人走失", "resolved_on_site"),
        ("网购被骗2000元", "referred"), ("醉酒滋事", "mediated")]
    assert local_times(desk) == [
        "2023-01-05 09:20", "2023-01-05 14:05", "2023-01-07 21:40", "2023-02-01 08:30", "2023-02-03 22:15"]


@pytest.mark.parametrize("written, read", [
    ("2023.2.1 8.30", datetime(2023, 2, 1, 8, 30)), ("2023年1月5日 下午3.30", datetime(2023, 1, 5, 15, 30)),
    ("2023年1月5日9.20", datetime(2023, 1, 5, 9, 20)), ("2024.03.05 14.20", datetime(2024, 3, 5, 14, 20)),
    ("2023.12.25", datetime(2023, 12, 25)),
])
def test_a_time_written_with_a_dot_after_its_date_is_read(written, read):
    """A register's time is written 15.17 as often as 15:17: alone in its column it was read, after the date in
    the same cell (2023.2.1 8.30) or after 下午 it refused the row."""
    assert parse_when(written, day_first=False) == read


@pytest.mark.parametrize("written, read", [("下午3.30", time(15, 30)), ("晚上9.15", time(21, 15)), ("9.20", time(9, 20))])
def test_a_time_of_day_written_with_a_dot_after_a_word_is_read(written, read):
    assert parse_time_of_day(written) == read


@pytest.mark.parametrize("written", ["2023.1.5 25.20", "2023.1.5 9.5", "12.25"])
def test_a_dotted_figure_that_is_no_time_is_still_refused(written):
    with pytest.raises(BadValue):
        parse_when(written, day_first=False)


HOTLINE_HEADER = ["工单编号", "来电时间", "来电人", "联系电话", "诉求类型", "诉求内容", "事发地址", "承办单位", "办理状态",
                  "办结时间", "回访满意度"]
HOTLINE_MAPPING = """name = "hotline"
default_channel = "phone"

[columns]
received_at = "来电时间"
category = "诉求类型"
summary = "诉求内容"
place = "事发地址"
record_no = "工单编号"

[categories]
"投诉" = "other"

[service_requests]
agency = "承办单位"
status = "办理状态"
closed_at = "办结时间"
reference = "工单编号"

[service_requests.bodies]
"区城管局" = "grid_worker"
"""


@pytest.mark.parametrize("written, step", [
    ("超期办结", "done"), ("按期办结", "done"), ("已完结", "done"), ("已反馈", "done"), ("待回访", "done"),
    ("回访中", "done"), ("已转派", "sent"), ("已派发", "sent"), ("待派发", "pending"), ("待审核", "accepted"),
    ("待办结", "accepted"), ("已撤单", "returned"), ("已作废", "returned"),
])
def test_a_hotlines_status_words_are_read_as_the_hand_offs_step(imports, desk, tmp_path, written, step):
    """办理状态 as 12345 systems write it beyond 已办结, 办理中, 已退回: every such row was refused (办理状态 not
    known). A status ending 办结 is done, late or not; one written with 已 is the word without it."""
    (tmp_path / "hotline.toml").write_text(HOTLINE_MAPPING, encoding="utf-8")
    path = tmp_path / "12345工单导出.csv"
    done = step == "done"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([HOTLINE_HEADER, [
            "GD20230106000789", "2023-01-06 19:03:10", "王先生", "137****0000", "投诉", "商家占道经营", "ZZ市场", "区城管局",
            written, "2023-01-09 11:00:00" if done else "", "基本满意" if done else ""]])
    result = imports.run(imports.open(str(path), str(tmp_path / "hotline.toml")))
    assert (result.imported, result.rejected) == (1, 0)
    with read_session(desk.engine) as session:
        assert session.execute(select(Handoff.status)).scalar_one() == step


def test_a_110_exports_finer_kind_is_its_category_where_it_gives_no_other(imports, tmp_path):
    """A 110 export giving its 警情大类 (治安类, 纠纷类: no station's category) and 警情细类 (盗窃, 邻里纠纷): no column
    was proposed for the category, and the file could not be imported without a mapping written first."""
    path = tmp_path / "110警情2024年3月.csv"
    with path.open("w", encoding="gbk", newline="") as handle:
        csv.writer(handle).writerows([
            ["接警单编号", "报警时间", "报警人", "报警电话", "警情大类", "警情细类", "发生地址", "报警内容", "处警结果"],
            ["32010020240301000012", "2024/3/1 8:02:11", "汪某", "13800000001", "治安类", "盗窃", "XX小区3栋",
             "报称电瓶车被盗", "已受案"],
            ["32010020240301000045", "2024/3/1 12:40:00", "孙某", "13800000002", "纠纷类", "邻里纠纷", "XX路12号",
             "报称邻居噪音扰民", "调解结束"],
            ["32010020240302000100", "2024/3/2 18:20:01", "郑某", "13800000004", "交通类", "交通事故", "XX路口",
             "报称两车相撞无人伤", "移交交警"]])
    opened = imports.open(str(path))
    assert opened.mapping.columns["category"] == "警情细类"
    assert opened.mapping.categories == {"盗窃": "theft", "邻里纠纷": "dispute", "交通事故": "traffic"}
    assert opened.mapping.dispositions == {"已受案": "referred", "调解结束": "mediated", "移交交警": "handed_off"}


def test_a_ditto_mark_reads_as_the_cell_above_it_on_its_sheet(imports, desk, tmp_path):
    """A register kept by hand writes the date, the kind and the outcome once and 同上 (〃) under it: those rows were
    refused ("同上" is no date, no category). Each is the cell above; at the head of a sheet there is none, and the
    row is refused by what it says, never given the last row of the sheet before."""
    book = Workbook()
    january = book.active
    january.title = "1月"
    january.append(["序号", "接警日期", "接警时间", "报警人", "联系电话", "警情类别", "简要案情", "处理结果"])
    january.append([1, "2023.1.5", "9:20", "李某", "13812345678", "纠纷", "噪音纠纷", "调解结束"])
    january.append([2, "同上", "14:05", "赵某", "13912345678", "〃", "邻居吵架", "同上"])
    january.append([3, "〃", "21:40", "钱某", "13712345678", "盗窃", "电动车被盗", "已受案"])
    february = book.create_sheet("2月")
    february.append(["序号", "接警日期", "接警时间", "报警人", "联系电话", "警情类别", "简要案情", "处理结果"])
    february.append([1, "同上", "8:30", "周某", "13512345678", "盗窃", "手机被盗", "已受案"])
    february.append([2, "2023.2.3", "22:15", "吴某", "13412345678", "纠纷", "醉酒滋事", "调解结束"])
    path = tmp_path / "接处警登记表2023.xlsx"
    book.save(path)
    opened = imports.open(str(path))
    assert set(opened.mapping.categories) == {"纠纷", "盗窃"}
    assert set(opened.mapping.dispositions) == {"调解结束", "已受案"}
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (4, 1)
    assert local_times(desk) == ["2023-01-05 09:20", "2023-01-05 14:05", "2023-01-05 21:40", "2023-02-03 22:15"]
    with read_session(desk.engine) as session:
        rows = session.execute(select(Case.summary, Case.disposition).order_by(Case.received_at)).all()
    assert [tuple(row) for row in rows] == [("噪音纠纷", "mediated"), ("邻居吵架", "mediated"),
                                            ("电动车被盗", "referred"), ("醉酒滋事", "mediated")]


def test_a_hotlines_body_named_with_its_district_before_it_is_the_bodys_of_that_name(imports, desk, tmp_path):
    """承办单位 as a 12345 system writes it names the district first (城关区矛盾纠纷调处化解中心, 东关街道社区网格员):
    opened without a mapping, its rows were refused as an agency with no body, though the station's list names
    矛盾纠纷调处化解中心 and 社区网格员. An agency whose name ends with a body's is that body; one the list does not
    end (区城管局) is still left to the supervisor."""
    path = tmp_path / "12345工单导出.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([HOTLINE_HEADER, *[
            [f"GD2023010600078{n}", f"2023-01-06 1{n}:03:10", "王先生", "13712340000", "求助", summary, "ZZ小区",
             agency, "已办结", f"2023-01-09 1{n}:00:00", "满意"]
            for n, (summary, agency) in enumerate([("邻居漏水纠纷", "城关区矛盾纠纷调处化解中心"),
                                                   ("楼道堆物", "东关街道社区网格员"), ("路灯不亮", "区城管局")])]])
    result = imports.run(imports.open(str(path)))
    assert (result.imported, result.rejected) == (2, 1) and result.unknown_agencies == {"区城管局": 1}
    with read_session(desk.engine) as session:
        bodies = session.execute(text(
            "SELECT c.summary, b.code FROM handoff h JOIN receivingbody b ON b.id = h.body_id "
            'JOIN "case" c ON c.id = h.case_id ORDER BY c.summary')).all()
    assert sorted(tuple(row) for row in bodies) == [("楼道堆物", "grid_worker"), ("邻居漏水纠纷", "mediation_centre")]


def test_a_year_only_the_registers_title_gives_is_the_year_of_its_dates(imports, desk, tmp_path):
    """A register saved as 登记表.xlsx on Sheet1, its year written once, in its title (城关派出所接处警登记表（2023年1
    月）), its rows 12月30日 and 1月5日: every row was refused, no year being found in the file's or the sheet's
    name. The title lines above the header give it too; the rows after the first take it from the row before, into
    the new year (a book of 2022年12月 and 2023年1月)."""
    book = Workbook()
    for number, (title, day) in enumerate([("城关派出所接处警登记表（2022年12月）", "12月30日"),
                                           ("城关派出所接处警登记表（2023年1月）", "1月5日")]):
        sheet = book.active if number == 0 else book.create_sheet()
        sheet.title = f"Sheet{number + 1}"
        sheet.append([title])
        sheet.merge_cells("A1:G1")
        sheet.append(["序号", "接警日期", "接警时间", "报警人", "联系电话", "警情类别", "简要案情"])
        sheet.append([1, day, "9:20", "李某", "13812345678", "盗窃", "电动车被盗"])
        sheet.append([2, "同上", "14:05", "赵某", "13912345678", "纠纷", "噪音纠纷"])
    path = tmp_path / "登记表.xlsx"
    book.save(path)
    readings = " · ".join(imports.preview(imports.open(str(path))).readings)
    assert "12月30日 + 9:20 → 30 Dec 2022 09:20 (no year written: the year the title above the header gives)" \
        in readings, readings
    result = imports.run(imports.open(str(path)))
    assert (result.imported, result.rejected) == (4, 0)
    assert local_times(desk) == ["2022-12-30 09:20", "2022-12-30 14:05", "2023-01-05 09:20", "2023-01-05 14:05"]
