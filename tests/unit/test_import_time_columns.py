"""A time-of-day column of digits alone: HHMM with its leading zeros dropped where the column says so (Los
Angeles's TIME OCC: 1730, 6, 48; Fairfax's calls), hours where every such value is an hour (a register's 9)."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from frontdesk.intake.logbook import data_rows, open_logbook, propose_values
from frontdesk.intake.received import hhmm_column
from frontdesk.intake.rows import RowReader
from tests.conftest import FROZEN_NOW
from tests.unit.test_import_real_exports import CATEGORIES

SHANGHAI = ZoneInfo("Asia/Shanghai")
LA = """DR_NO,Date Rptd,DATE OCC,TIME OCC,AREA,AREA NAME,Crm Cd Desc,Status,LOCATION
221115967,11/6/2022 0:00,11/5/2022 0:00,1730,11,Northeast,VEHICLE - STOLEN,IC,800    CHESTNUT                     AV
221805769,10/30/2022 0:00,10/30/2022 0:00,18,18,Southeast,THEFT OF IDENTITY,IC,100 W  MANCHESTER AV
230504566,1/5/2023 0:00,1/4/2023 0:00,6,5,Harbor,BATTERY - SIMPLE ASSAULT,AO,900 N  GAFFEY ST
221911811,6/24/2022 0:00,6/24/2022 0:00,48,19,Mission,VANDALISM,IC,13300 VAN NUYS BL
"""
REGISTER = """编号,日期,时刻,类别,简要案情
1,2024-03-05,9,纠纷,邻居占用车位发生口角
2,2024-03-05,14,求助,钥匙锁在车内
3,2024-03-05,23,纠纷,酒后吵闹
"""


def _times(tmp_path, name: str, text: str, columns: dict[str, str]) -> tuple[list[str], list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    opened = open_logbook(str(path), CATEGORIES, None)
    opened.mapping = replace(opened.mapping, columns={**opened.mapping.columns, **columns})
    opened.mapping = propose_values(opened)
    opened.mapping = replace(opened.mapping, categories=dict.fromkeys(opened.mapping.categories, "other"),
                             statuses=dict.fromkeys(opened.mapping.statuses, "open"))
    reader = RowReader(opened, zone=SHANGHAI, now=FROZEN_NOW)
    rows = [reader.read(row) for row in data_rows(opened)]
    return [row.received_at.astimezone(SHANGHAI).strftime("%m-%d %H:%M") if row.received_at else "refused"
            for row in rows], [row.draft.place for row in rows]


def test_los_angeles_time_occ_is_hhmm_with_its_zeros_dropped(tmp_path):
    """18 is 00:18 and 6 is 00:06 (they were read as 18:00 and 06:00 with no warning); 48 is 00:48 (refused)."""
    times, places = _times(tmp_path, "la-crime.csv", LA, {"received_at": "DATE OCC", "received_time": "TIME OCC"})
    assert times == ["11-05 17:30", "10-30 00:18", "01-04 00:06", "06-24 00:48"]
    assert places[0] == "800 CHESTNUT AV"  # (its padding gone)


def test_a_registers_hours_written_as_digits_stay_hours(tmp_path):
    times, _places = _times(tmp_path, "登记表.csv", REGISTER, {"received_at": "日期", "received_time": "时刻"})
    assert times == ["03-05 09:00", "03-05 14:00", "03-05 23:00"]


def test_a_column_is_hhmm_when_one_value_can_only_be(tmp_path):
    """Fairfax's calls: 13 and 6 are minutes past midnight because 2319 is in the same column."""
    text = "Date,Time,Type\n2023-04-10,13,SERVICE\n2023-04-10,6,SERVICE\n2023-04-10,2319,SERVICE\n"
    path = tmp_path / "calls.csv"
    path.write_text(text, encoding="utf-8")
    opened = open_logbook(str(path), CATEGORIES, None)
    assert hhmm_column(opened, "Time") and not hhmm_column(opened, "Type") and not hhmm_column(opened, "")
    assert _times(tmp_path, "calls.csv", text, {"received_at": "Date", "received_time": "Time"})[0] == [
        "04-10 00:13", "04-10 00:06", "04-10 23:19"]
