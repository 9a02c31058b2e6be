"""A time-of-day column of digits alone: HHMM with its leading zeros dropped where the column says so (Los
Angeles's TIME OCC: 1730, 6, 48; Fairfax's calls), hours where every such value is an hour (a register's 9)."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from frontdesk.intake.logbook import data_rows, open_logbook, propose_values
from frontdesk.intake.received import hhmm_column
from frontdesk.intake.rows import RowReader
from tests.conftest import FROZEN_NOW
from tests.unit.test_import_real_exports import CATEGORIES

SHANGHAI = ZoneInfo("Asia/Shanghai")
LA = """DR_NO,Date Rptd,DATE OCC,TIME OCC,AREA NAME,Crm Cd Desc,Status,LOCATION
221115967,11/6/2022 0:00,11/5/2022 0:00,1730,Northeast,VEHICLE - STOLEN,IC,"800    CHESTNUT                     AV"
220811195,6/24/2022 0:00,6/15/2022 0:00,1830,West LA,THEFT FROM MOTOR VEHICLE - PETTY ($950 & UNDER),IC,"1900 S  LA CIENEGA                   BL"
220910444,6/17/2022 0:00,6/16/2022 0:00,1000,Van Nuys,BURGLARY,IC,"13700    VICTORY                      BL"
221211782,5/13/2022 0:00,5/13/2022 0:00,2220,77th Street,FAILURE TO YIELD,IC,"7700 S  FIGUEROA                     ST"
221513211,7/30/2022 0:00,7/29/2022 0:00,900,N Hollywood,"VANDALISM - FELONY ($400 & OVER, ALL CHURCH VANDALISMS)",IC,"11100    VICTORY                      BL"
221805769,2/3/2022 0:00,2/2/2022 0:00,18,Southeast,THEFT OF IDENTITY,IC,"2100    CENTURY                      BL"
221613994,11/5/2022 0:00,11/5/2022 0:00,48,Foothill,VEHICLE - STOLEN,AA,"TERRA BELLA                  ST"
220317972,10/6/2022 0:00,10/6/2022 0:00,1,Southwest,THROWING OBJECT AT MOVING VEHICLE,IC,"2600 W  VERNON                       AV"
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
            for row in rows], [row.draft.place if row.draft else "" for row in rows]


def test_los_angeles_time_occ_is_hhmm_with_its_zeros_dropped(tmp_path):
    """18 is 00:18 (it was read as 18:00 with no warning); 48 is 00:48 (refused); 1 is 00:01. Rows as published."""
    times, places = _times(tmp_path, "la-crime.csv", LA, {"received_at": "DATE OCC", "received_time": "TIME OCC"})
    assert times == ["11-05 17:30", "06-15 18:30", "06-16 10:00", "05-13 22:20", "07-29 09:00", "02-02 00:18",
                     "11-05 00:48", "10-06 00:01"]
    assert places[0] == "800 CHESTNUT AV"  # (its padding gone)


def test_a_registers_hours_written_as_digits_stay_hours(tmp_path):
    times, _places = _times(tmp_path, "登记表.csv", REGISTER, {"received_at": "日期", "received_time": "时刻"})
    assert times == ["03-05 09:00", "03-05 14:00", "03-05 23:00"]


@pytest.mark.parametrize("written, expected", [
    (("9", "14", "930"), ["03-05 09:00", "03-05 14:00", "03-05 09:30"]),  # a 930 now and then: still hours
    (("9", "14", "24"), ["03-05 09:00", "03-05 14:00", "refused"]),  # 24 is no time of day either way
    (("9", "①", "14"), ["03-05 09:00", "03-05 01:00", "03-05 14:00"]),  # ① read as 1, as NFKC reads it
])
def test_a_column_of_hours_is_not_taken_for_hhmm_by_a_value_or_two(tmp_path, written, expected):
    rows = "\n".join(f"{n},2024-03-05,{clock},纠纷,口角" for n, clock in enumerate(written, 1))
    times, _places = _times(tmp_path, "登记表.csv", f"编号,日期,时刻,类别,简要案情\n{rows}\n",
                            {"received_at": "日期", "received_time": "时刻"})
    assert times == expected


def test_the_reading_is_worked_out_once_and_said(tmp_path):
    from frontdesk.i18n import set_language
    from frontdesk.intake.preview import file_notes

    path = tmp_path / "la-crime.csv"
    path.write_text(LA, encoding="utf-8")
    opened = open_logbook(str(path), CATEGORIES, None)
    opened.mapping = replace(opened.mapping, columns={**opened.mapping.columns, "received_time": "TIME OCC"})
    assert not any("HHMM" in note for note in file_notes(opened))  # (not read yet)
    assert hhmm_column(opened, "TIME OCC") and opened.time_columns == {"TIME OCC": "hhmm"}
    set_language("en")
    assert any("“TIME OCC” is read as HHMM" in note for note in file_notes(opened))
    again = replace(opened, mapping=opened.mapping)  # a mapping changed on the screen: the same file, not read again
    assert again.time_columns is opened.time_columns


def test_fairfaxs_calls_are_hhmm_by_most_of_their_values(tmp_path):
    """13 and 6 are minutes past midnight where most of the column's values are 3 or 4 digits."""
    text = "Date,Time,Type\n" + "".join(f"2023-04-10,{clock},SERVICE\n" for clock in ("13", "6", "2319", "130",
                                                                                       "1645"))
    path = tmp_path / "calls.csv"
    path.write_text(text, encoding="utf-8")
    opened = open_logbook(str(path), CATEGORIES, None)
    assert hhmm_column(opened, "Time") and not hhmm_column(opened, "Type") and not hhmm_column(opened, "")
    assert _times(tmp_path, "calls.csv", text, {"received_at": "Date", "received_time": "Time"})[0] == [
        "04-10 00:13", "04-10 00:06", "04-10 23:19", "04-10 01:30", "04-10 16:45"]


def test_a_mapping_says_how_its_time_column_writes_digits(tmp_path):
    """Los Angeles's TIME OCC where its first rows are mostly after midnight (18, 6, 48): read as hours by those
    rows (18 is 18:00, 48 refused); its mapping's time_digits = "hhmm" reads them as the file writes them, and a
    value that is none of the three is refused, naming its line."""
    from frontdesk.i18n import DeskError
    from frontdesk.intake.mapping_file import load_mapping, save_mapping
    from frontdesk.intake.preview import file_notes

    head, *rows = LA.splitlines()
    early = [rows[5], rows[6], rows[7], rows[5].replace("221805769", "221805770"), rows[0], rows[1]]  # (6/15/2022)
    text = "\n".join([head, *early]) + "\n"
    times, _places = _times(tmp_path, "la-crime.csv", text, {"received_at": "DATE OCC", "received_time": "TIME OCC"})
    assert times == ["02-02 18:00", "refused", "10-06 01:00", "02-02 18:00", "11-05 17:30", "06-15 18:30"]
    (tmp_path / "la.toml").write_text('name = "la"\ntime_digits = "hhmm"\n[columns]\nreceived_at = "DATE OCC"\n'
                                      'received_time = "TIME OCC"\ncategory = "Crm Cd Desc"\n', encoding="utf-8")
    mapping = load_mapping("la", tmp_path)
    assert mapping.time_digits == "hhmm"
    opened = open_logbook(str(tmp_path / "la-crime.csv"), CATEGORIES, mapping)
    opened.mapping = propose_values(opened)
    opened.mapping = replace(opened.mapping, categories=dict.fromkeys(opened.mapping.categories, "other"))
    reader = RowReader(opened, zone=SHANGHAI, now=FROZEN_NOW)
    read = [row.received_at.astimezone(SHANGHAI).strftime("%m-%d %H:%M") if row.received_at else "refused"
            for row in map(reader.read, data_rows(opened))]
    assert read == ["02-02 00:18", "11-05 00:48", "10-06 00:01", "02-02 00:18", "11-05 17:30", "06-15 18:30"]
    assert any('time_digits = "hhmm"' in note for note in file_notes(opened))
    assert 'time_digits = "hhmm"' in save_mapping(replace(mapping, name="again"), tmp_path).read_text(encoding="utf-8")
    (tmp_path / "bad.toml").write_text('name = "bad"\ntime_digits = "minutes"\n', encoding="utf-8")
    with pytest.raises(DeskError) as refused:
        load_mapping("bad", tmp_path)
    assert "line 2" in refused.value.message and "hhmmss" in refused.value.message
