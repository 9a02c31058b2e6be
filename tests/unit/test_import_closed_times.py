"""A logbook's own closed time: a call log's TimeClosed or CLOSED_TIME_INCIDENT, a register's 结案时间. A closed
case is closed when the file says, not at the time it was received; a closed time before the case was received
is refused, in the officer's language, and a date with no time on the day received closes it that day."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest
from sqlalchemy import select

from db.engine import read_session
from db.models import Case
from frontdesk.i18n import set_language
from frontdesk.intake.import_run import notes_text
from tests.unit.test_service_requests import desk, export, imports, utc  # noqa: F401

# New Orleans "Calls for Service" as published (the columns an import reads; dispositions as written)
NOLA_HEADER = ["NOPD_Item", "Type", "TypeText", "Priority", "TimeCreate", "TimeDispatch", "TimeArrive",
               "TimeClosed", "Disposition", "DispositionText", "SelfInitiated", "BLOCK_ADDRESS"]
NOLA_ROWS = [
    ["A0000122", "21", "COMPLAINT OTHER", "1A", "01/01/2022 12:00:58 AM", "01/01/2022 12:06:36 AM",
     "01/01/2022 12:23:39 AM", "01/01/2022 01:52:41 AM", "NAT", "Necessary Action Taken", "N",
     "S Claiborne Ave & Poydras St"],
    ["A0000222", "21", "COMPLAINT OTHER", "1A", "01/01/2022 12:01:16 AM", "", "", "01/01/2022 12:46:05 AM", "GOA",
     "GONE ON ARRIVAL", "N", "022XX Dumaine St"],
]


def _closed(engine) -> dict[str, tuple]:
    with read_session(engine) as session:
        rows = session.execute(select(Case.summary, Case.status, Case.received_at, Case.closed_at)).all()
    return {row.summary: (row.status, row.received_at.astimezone(timezone.utc),
                          row.closed_at.astimezone(timezone.utc) if row.closed_at else None) for row in rows}


def test_a_call_logs_closed_time_is_when_its_case_was_closed(imports, desk, tmp_path):
    opened = imports.open(str(export(tmp_path / "nola-calls.csv", NOLA_HEADER, NOLA_ROWS)))
    assert opened.mapping.columns["closed_at"] == "TimeClosed"
    opened.mapping.categories.update({"COMPLAINT OTHER": "other"})
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (2, 0), [reject.reason for reject in result.rejects]
    with read_session(desk.engine) as session:
        cases = session.execute(select(Case.status, Case.disposition, Case.received_at, Case.closed_at)
                                .order_by(Case.received_at)).all()
    assert [(row.status, row.disposition, row.received_at.astimezone(timezone.utc),
             row.closed_at.astimezone(timezone.utc)) for row in cases] == [
        ("closed", "resolved_on_site", utc("2022-01-01T00:00:58"), utc("2022-01-01T01:52:41")),
        ("closed", "unfounded", utc("2022-01-01T00:01:16"), utc("2022-01-01T00:46:05"))]


REGISTER = ["警情编号", "接警时间", "警情类别", "简要案情", "报警人", "联系电话", "处理状态", "结案时间"]


@pytest.mark.parametrize("lang, message", [
    ("zh", "结案时间 2023-05-01 22:00 早于接警时间"),
    ("en", "closed time 2023-05-01 22:00 is before the case was received"),
])
def test_a_registers_closed_time_before_the_call_is_refused_and_a_bare_date_closes_it_that_day(
        imports, desk, tmp_path, lang, message):
    set_language(lang)
    path = export(tmp_path / "register.csv", REGISTER, [
        ["J001", "2023-05-02 23:07", "噪音扰民", "楼上装修噪音", "马雨轩", "18946447083", "已结案", "2023-05-03 08:30"],
        ["J002", "2023-05-02 21:15", "噪音扰民", "广场舞音响太响", "黄丽", "13912345678", "已结案", "2023-05-02"],
        ["J003", "2023-05-02 20:00", "噪音扰民", "酒吧音乐扰民", "陈刚", "13811112222", "已结案", "2023-05-01 22:00"],
        ["J004", "2023-05-02 19:00", "噪音扰民", "邻居吵闹未处理", "刘芳", "13700001111", "处理中", "2023-05-03 10:00"],
        ["J005", "2023-05-02 18:00", "噪音扰民", "装修电钻声", "周杰", "13600002222", "已结案", "五月三日"],
        ["J006", "2023-05-02 17:00", "噪音扰民", "商铺喇叭", "吴迪", "13500003333", "已结案", "2023-05-04"],
        ["J007", "2023-05-02 16:00", "噪音扰民", "工地夜间施工", "郑爽", "13400004444", "已结案", "08:30"],
        ["J008", "2023-05-02 15:00", "噪音扰民", "宠物狗叫", "孙莉", "13300005555", "已结案", "15:40"],
        # an offset makes midnight an instant (08:00 in Shanghai), not a date with no time
        ["J009", "2023-05-02 14:00", "噪音扰民", "KTV音乐", "钱多", "13200006666", "已结案", "2023-05-02T00:00:00Z"],
        # a system's "no date": no traceback, closed at the received time
        ["J010", "2023-05-02 13:00", "噪音扰民", "汽车鸣笛", "李雷", "13100007777", "已结案", "0001-01-01"],
        ["J011", "2023-05-02 12:00", "噪音扰民", "楼道音箱", "韩梅", "13000008888", "已结案", "9999-12-31 23:59:59"],
    ])
    opened = imports.open(str(path))
    assert opened.mapping.columns["closed_at"] == "结案时间"
    opened.mapping.categories.update({"噪音扰民": "noise"})
    shown = imports.preview(opened)
    problems = {row.where: [problem.message for problem in row.problems] for row in shown.rows}
    assert problems["4"] == [message]
    assert problems["10"] == [message.replace("2023-05-01 22:00", "2023-05-02T00:00:00Z")]
    assert all(not problems[str(row)] for row in (2, 3, 5, 6, 7, 8, 9, 11, 12))
    assert shown.closed_unread == 3  # the preview says so too, before anything is written
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (9, 2)
    # 五月三日, 0001-01-01 and 9999-12-31 are no time the desk can read: closed when received, and said
    assert result.closed_unread == 3
    again = imports.run(imports.open(str(path)))  # again: nothing imported, nothing to say
    assert (again.imported, again.skipped, again.closed_unread) == (0, 9, 0)
    assert ("3" in notes_text(result)[-1]) and ("结案时间无法识别" if lang == "zh" else "could not be read") in \
        notes_text(result)[-1]
    cases = _closed(desk.engine)
    assert cases["楼上装修噪音"] == ("closed", utc("2023-05-02T23:07"), utc("2023-05-03T08:30"))
    # 2023-05-02 with no time, the day it was received: closed then, not at midnight before the call
    assert cases["广场舞音响太响"] == ("closed", utc("2023-05-02T21:15"), utc("2023-05-02T21:15"))
    # still under way: the closed time is not taken
    assert cases["邻居吵闹未处理"] == ("in_progress", utc("2023-05-02T19:00"), None)
    assert cases["装修电钻声"] == ("closed", utc("2023-05-02T18:00"), utc("2023-05-02T18:00"))
    assert cases["商铺喇叭"] == ("closed", utc("2023-05-02T17:00"), utc("2023-05-04T00:00"))
    # a time alone: the day received, or the day after where it is earlier than the call
    assert cases["工地夜间施工"] == ("closed", utc("2023-05-02T16:00"), utc("2023-05-03T08:30"))
    assert cases["宠物狗叫"] == ("closed", utc("2023-05-02T15:00"), utc("2023-05-02T15:40"))
    assert cases["汽车鸣笛"][2] == utc("2023-05-02T13:00") == cases["楼道音箱"][2] + timedelta(hours=1)


def test_a_closed_time_a_few_minutes_before_the_call_is_two_clocks_apart(imports, desk, tmp_path):
    """Dalian's 12345 request G20180930-0023: made 15:59:46, its reply stamped 15:58:03 by another system.
    Closed when received, not refused; ten minutes and more before it is still refused."""
    path = export(tmp_path / "register.csv", REGISTER, [
        ["J101", "2018-09-30 15:59:46", "噪音扰民", "楼上装修噪音", "马雨轩", "18946447083", "已结案", "2018-09-30 15:58:03"],
        ["J102", "2018-09-30 15:00", "噪音扰民", "广场舞音响太响", "黄丽", "13912345678", "已结案", "2018-09-30 14:49"],
    ])
    opened = imports.open(str(path))
    opened.mapping.categories.update({"噪音扰民": "noise"})
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (1, 1)
    assert "before the case was received" in result.rejects[0].reason and result.rejects[0].where == "3"
    assert _closed(desk.engine)["楼上装修噪音"] == ("closed", utc("2018-09-30T15:59:46"), utc("2018-09-30T15:59:46"))
