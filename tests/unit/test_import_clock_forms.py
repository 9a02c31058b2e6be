"""Dates and times as more systems write them: seconds in Chinese (16时29分00秒), HHMMSS in a time column of its
own (Reno's 040200), eight digits with the year last (10052011), and a clock's words (1625 hrs., 11:15 Uhr)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

import pytest

from frontdesk.intake.cells import BadValue, parse_time_of_day, read_when
from frontdesk.intake.preview import file_notes
from tests.unit.test_import_reading import desk, imports  # noqa: F401,F811 - fixtures
from tests.unit.test_import_register_dates import local_times

#: Reno Police Department's RMS dump of 6 October 2011 (hack4reno), as published: no header row, the date
#: MMDDYYYY and the time HHMMSS in columns of their own, CRLF line ends.
RENO = ("112780107,DUI,10052011,040200,WC,N VIRGINIA ST/N MCCARRAN BL,RENO,NV,110007991\r\n"
        "112740301,DUI,10012011,084100,WC,SR 28 HY/RESERVOIR RD,CRYSTAL BAY,NV,110007898\r\n"
        "112750962,RUNAWAY,10022011,201000,WC,10150 OSAGE CT,RENO,NV,110007931\r\n"
        "112710453,DUI,09282011,001500,WC,S VIRGINIA ST/E PATRIOT BL,RENO,NV,110007780\r\n")


@pytest.mark.parametrize(("cell", "expected"), [
    ("2018年01月02日 16时29分00秒", datetime(2018, 1, 2, 16, 29)),
    ("2018年1月2日 16时29分7秒", datetime(2018, 1, 2, 16, 29, 7)),
    ("107年01月01日 05時12分00秒", datetime(2018, 1, 1, 5, 12)),  # (Taiwan's A1 traffic accidents)
    ("10052011", datetime(2011, 5, 10)),  # day first unless the file or mapping says otherwise
    ("20052011", datetime(2011, 5, 20)),  # not 2005-20-11
    ("20111005", datetime(2011, 10, 5)),  # the year first, as before
    ("01/05/2020 1625 hrs.", datetime(2020, 5, 1, 16, 25)),  # a college's Clery log
    ("24.06.2024 11:15 Uhr", datetime(2024, 6, 24, 11, 15)),  # Saxony's police reports
    ("24.06.2024 gegen 16:50 Uhr", datetime(2024, 6, 24, 16, 50)),
])
def test_a_date_and_time_as_these_systems_write_it(cell, expected):
    assert read_when(cell)[0] == expected


def test_eight_digits_year_last_follow_the_day_order():
    assert read_when("10052011", day_first=False) == (datetime(2011, 10, 5), "month_first")
    assert read_when("25122023", day_first=False) == (datetime(2023, 12, 25), "day_first")  # (25 is no month)


@pytest.mark.parametrize(("cell", "expected"), [
    ("16时29分00秒", time(16, 29)), ("14時08分", time(14, 8)), ("140800", time(14, 8)), ("84100", time(8, 41)),
    ("1625 hrs", time(16, 25)), ("gegen 16:50 Uhr", time(16, 50)),
    # Taiwan's bands of hours, read as their start, and traditional time words as simplified ones
    ("00~02", time(0, 0)), ("22~24", time(22, 0)), ("10-12", time(10, 0)), ("06～08時", time(6, 0)),
    ("下午3時20分", time(15, 20)), ("晚上9點", time(21, 0)), ("12:30", time(12, 30)),
    # Chile's homicides give a band of clock times (it had been refused, every row of the file)
    ("12:00 - 17:59", time(12, 0)), ("00:00 - 05:59", time(0, 0)), ("10:30-11:30", time(10, 30)),
    # a band past midnight (Taipei's motorcycle thefts: 23~01)
    ("23~01", time(23, 0)), ("22-02時", time(22, 0)),
])
def test_a_time_of_day_as_these_systems_write_it(cell, expected):
    assert parse_time_of_day(cell) == expected


@pytest.mark.parametrize("cell", [
    "246000", "126100", "hrs", "02~00", "10~25", "2-1",
    # an Excel date (45356) in a time column (HHMMSS is text, or a column read as such); 1-15 is no band
    45356, 140800, "1-15", "10-20", "08:00 - 17:00", "12:00 - 11:59", "12~04", "24~02", "20~08",
])
def test_a_time_that_is_none_is_refused(cell):
    with pytest.raises(BadValue):
        parse_time_of_day(cell)


def test_renos_dump_is_read_headerless_month_first_with_its_seconds(imports, desk, tmp_path):
    """Before, its first record was taken for the header (lost, and its values named as columns), 10052011
    was no date and 040200 no time: nothing could be imported."""
    path = tmp_path / "RMS100620111305.csv"
    path.write_bytes(RENO.encode())
    opened = imports.open(str(path))
    assert opened.no_header and opened.headers[:4] == ["A", "B", "C", "D"]
    opened = imports.remap(opened, replace(opened.mapping, columns={
        **opened.mapping.columns, "received_at": "C", "received_time": "D", "category": "B", "place": "F",
        "record_no": "A"}))
    opened = replace(opened, mapping=replace(opened.mapping, categories={"DUI": "traffic", "RUNAWAY": "help"}))
    preview = imports.preview(opened)
    assert any("10052011 + 040200 → 5 Oct 2011 04:02" in said for said in preview.readings), preview.readings
    assert any("HHMMSS" in note for note in file_notes(opened))
    done = imports.run(opened)
    assert (done.read, done.imported, done.rejected) == (4, 4, 0), [r.reason for r in done.rejects]
    assert sorted(local_times(desk)) == ["2011-09-28 00:15", "2011-10-01 08:41", "2011-10-02 20:10",
                                         "2011-10-05 04:02"]


@pytest.mark.parametrize(("cell", "date_format", "expected"), [
    ("2015年01月01日 05時12分", "%Y年%m月%d日 %H時%M分", datetime(2015, 1, 1, 5, 12)),
    ("24.06.2024 11:15 Uhr", "%d.%m.%Y %H:%M Uhr", datetime(2024, 6, 24, 11, 15)),
    ("06/24/2024 1115 hrs", "%m/%d/%Y %H%M hrs", datetime(2024, 6, 24, 11, 15)),
])
def test_a_mappings_format_reads_the_text_as_written(cell, date_format, expected):
    """(Traditional characters and clock words are made plain only for the desk's own readings.)"""
    assert read_when(cell, date_format=date_format)[0] == expected


@pytest.mark.parametrize("cell", ["20241305", "20243112", "13132011", "104/01/0123"])
def test_eight_digits_that_are_no_date_are_refused(cell):
    with pytest.raises(BadValue):
        read_when(cell)




def test_a_format_written_in_simplified_characters_reads_traditional_text_too():
    assert read_when("2015年01月01日 14時20分", date_format="%Y年%m月%d日 %H时%M分")[0] == datetime(2015, 1, 1, 14, 20)
    assert read_when("05.03.2024 11:15 Uhr", date_format="%d.%m.%Y %H:%M")[0] == datetime(2024, 3, 5, 11, 15)
    assert read_when("20240305 14:20")[0] == datetime(2024, 3, 5, 14, 20)  # (was 3 May by the general parser)
