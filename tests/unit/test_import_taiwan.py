"""Taiwan's police open data as Taipei and the National Police Agency publish it: dates in the years of the
Republic of China (1040101 is 1 January 2015), a band of hours for the time (00~02), traditional characters
in the headers and the category (住宅竊盜), an English key row over the Chinese header and a note under the
records that runs over two lines."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import Workbook

from frontdesk.intake.cells import ROC, BadValue, read_when
from frontdesk.intake.mapping import propose_columns
from tests.unit.test_import_reading import desk, imports  # noqa: F401,F811 - fixtures

#: The first rows of Taipei's 臺北市住宅竊盜點位資訊 (UTF-8 with a byte-order mark), as published.
TAIPEI = """\ufeff編號,案類,發生日期,發生時段,發生地點
1,住宅竊盜,1040101,00~02,臺北市文山區萬美里萬寧街1~30號
2,住宅竊盜,1040101,00~02,臺北市信義區富台里忠孝東路5段295巷6弄1~30號
3,住宅竊盜,1040101,06~08,臺北市中山區新生北路1段91~120號
4,住宅竊盜,1040101,10~12,臺北市文山區明興里興隆路4段1~30號
5,住宅竊盜,1040102,00~02,臺北市士林區天福里1鄰忠誠路2段130巷1~30號
"""


@pytest.mark.parametrize(("cell", "expected"), [
    ("1040101", datetime(2015, 1, 1)),
    (1040101, datetime(2015, 1, 1)),  # typed as a number in a workbook: never an Excel serial (the year 4747)
    ("104/01/01", datetime(2015, 1, 1)),
    ("104.1.5 13:45", datetime(2015, 1, 5, 13, 45)),
    ("110/05/03 08:00:00", datetime(2021, 5, 3, 8, 0)),
    ("104年3月5日 14:20", datetime(2015, 3, 5, 14, 20)),
    ("民國104年1月1日", datetime(2015, 1, 1)),
    ("民國99年12月31日 下午3時20分", datetime(2010, 12, 31, 15, 20)),
    ("民国104年1月1日", datetime(2015, 1, 1)),
])
def test_a_date_in_the_years_of_the_republic_of_china_is_read_as_such(cell, expected):
    assert read_when(cell) == (expected, ROC)


@pytest.mark.parametrize("cell", ["104-02-30", "1041301", "1040132"])
def test_a_roc_date_that_is_no_date_is_refused(cell):
    with pytest.raises(BadValue):
        read_when(cell)


@pytest.mark.parametrize(("cell", "expected"), [
    ("2024-03-05", (datetime(2024, 3, 5), "iso")),  # the forms read before stay as they were
    ("20240305", (datetime(2024, 3, 5), "compact")),
    ("23/9/2", (datetime(2023, 9, 2), "year_first")),
    ("2023年3月5日 週日 下午兩點", (datetime(2023, 3, 5, 14, 0), "chinese")),  # traditional time words
    ("2023年3月5日 晚上8點許", (datetime(2023, 3, 5, 20, 0), "chinese")),
])
def test_other_forms_keep_their_reading(cell, expected):
    assert read_when(cell) == expected


def test_two_digits_first_are_a_short_year_not_the_republics():
    assert read_when("99/12/31")[0] == datetime(1999, 12, 31)  # (民國 99 is written so only after 民國)


def test_a_date_column_named_with_a_bracket_still_takes_its_time_band_beside_it():
    """Taipei's bicycle thefts: 發生(現)日期 beside 發生時段."""
    columns = propose_columns(["編號", "案類", "發生(現)日期", "發生時段", "發生(現)地點"])
    assert (columns["received_at"], columns["received_time"]) == ("發生(現)日期", "發生時段")


def test_taipeis_thefts_import_with_their_dates_hours_and_category(imports, desk, tmp_path):
    path = tmp_path / "taipei-home-theft.csv"
    path.write_text(TAIPEI, encoding="utf-8")
    opened = imports.open(str(path))
    assert opened.mapping.categories["住宅竊盜"] == "theft"
    preview = imports.preview(opened)
    assert any("1040101 + 00~02" in said and "Republic of China" in said for said in preview.readings)
    done = imports.run(opened)
    assert (done.imported, done.rejected) == (5, 0), [r.reason for r in done.rejects]
    with desk.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            'SELECT received_at, category, summary, place FROM "case" WHERE source_key IS NOT NULL '
            "ORDER BY received_at, place").all()
    # (stored in UTC: the desk is in Asia/Shanghai, as Taipei is)
    assert [(str(row[0])[:16], row[1]) for row in rows] == [
        ("2014-12-31 16:00", "theft"), ("2014-12-31 16:00", "theft"), ("2014-12-31 22:00", "theft"),
        ("2015-01-01 02:00", "theft"), ("2015-01-01 16:00", "theft")]
    assert rows[0][2] == "住宅竊盜" and rows[0][3].startswith("臺北市")


def test_the_police_agencys_workbook_under_an_english_key_row_and_over_a_note_of_two_lines(imports, desk, tmp_path):
    """The NPA's 刑案 file: type / dt / loca above 案類 / 發生日期 / 發生地點, and a 說明 under the records whose
    second line holds one cell too: neither line is a case, nor a row rejected."""
    book = Workbook()
    sheet = book.active
    for row in (("type", "dt", "loca"), ("案類", "發生日期", "發生地點"), ("住宅竊盜", "1090101", "高雄市鳳山區"),
                ("汽車竊盜", "1090102", "臺中市北屯區"), ("機車竊盜", "1090103", "新北市板橋區"),
                ("說明 : 機車竊盜案件因發生地在路界、縣界等區域或報案", None, None),
                ("           人提供失竊地點不明確時，發生地僅顯示縣、市。", None, None)):
        sheet.append(row)
    path = tmp_path / "crim109.xlsx"
    book.save(path)
    opened = imports.open(str(path))
    assert opened.header_row == 2 and opened.mapping.column("received_at") == "發生日期"
    assert set(opened.mapping.categories) == {"住宅竊盜", "汽車竊盜", "機車竊盜"}
    done = imports.run(opened)
    assert (done.read, done.imported, done.rejected) == (3, 3, 0), [r.reason for r in done.rejects]


def test_identical_rows_with_no_time_and_no_reporter_are_each_a_record(imports, desk, tmp_path):
    """The NPA's file gives each offence a row of type, date and district alone: two motorcycle thefts in one
    district on one day are two rows the same, and were one case (984 of 6,452 rows were taken as repeats).
    They are two now, the file read again adds nothing, and rows with a time or a reporter still are one."""
    book = Workbook()
    for row in (("案類", "發生日期", "發生地點"), ("機車竊盜", "1090101", "高雄市鳳山區"),
                ("機車竊盜", "1090101", "高雄市鳳山區"), ("機車竊盜", "1090101", "高雄市鳳山區"),
                ("住宅竊盜", "1090101", "高雄市鳳山區")):
        book.active.append(row)
    path = tmp_path / "crim109.xlsx"
    book.save(path)
    done = imports.run(imports.open(str(path)))
    assert (done.imported, done.skipped) == (4, 0)
    assert imports.run(imports.open(str(path))).imported == 0
    timed = tmp_path / "timed.csv"
    timed.write_text("案類,發生日期,發生時段,發生地點\n機車竊盜,1090102,10~12,高雄市鳳山區\n機車竊盜,1090102,10~12,高雄市鳳山區\n",
                     encoding="utf-8")
    done = imports.run(imports.open(str(timed)))
    assert (done.imported, done.skipped, done.repeated) == (1, 1, 1)
