"""Dates and times as more systems write them: seconds in Chinese (16时29分00秒), HHMMSS in a time column of its
own (Reno's 040200), eight digits with the year last (10052011), and a clock's words (1625 hrs., 11:15 Uhr)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

import pytest

from frontdesk.intake.cells import BadValue, read_when
from frontdesk.intake.clock_times import parse_time_of_day
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


@pytest.mark.parametrize(("cell", "expected"), [
    # college police logs' Occurred: a range of dates, of dates and times, or its dates then its times (read as start)
    ("10/22/2021 - 10/23/2021", datetime(2021, 10, 22)),  # UC San Diego
    ("11/10/2017 23:00 - 11/14/2017 08:00", datetime(2017, 11, 10, 23, 0)),  # Cornell
    ("11/10/2017 23:00 - 02:00", datetime(2017, 11, 10, 23, 0)),  # (its end a time of the next day)
    ("6/29/10 to 7/1/10 3:00 PM to 1:50 PM", datetime(2010, 6, 29, 15, 0)),  # the University of Chicago
    ("Oct 22, 2021 - Oct 23, 2021", datetime(2021, 10, 22)),
    ("2021-10-22 22:00 至 2021-10-23 06:00", datetime(2021, 10, 22, 22, 0)),
    ("2021-10-22至2021-10-23", datetime(2021, 10, 22)),
    ("2024年3月5日 下午2点至3点", datetime(2024, 3, 5, 14, 0)),
    ("2021-10-22 - 2021-10-23", datetime(2021, 10, 22)),  # (dateutil had made it 22 October at UTC-23:00, 20:21)
    # no range: a date and then its time (Brazil's dd/mm/yyyy - hh:mm), read as before
    ("03/05/2024 - 14:20", datetime(2024, 3, 5, 14, 20)), ("Mar 5, 2024 - 2:20 PM", datetime(2024, 3, 5, 14, 20)),
    ("2024/03/05 - 14:20:00", datetime(2024, 3, 5, 14, 20)), ("2024-03-05 - 10:00", datetime(2024, 3, 5, 10, 0)),
])
def test_a_range_of_dates_is_read_as_its_start(cell, expected):
    assert read_when(cell, day_first=False)[0].replace(tzinfo=None) == expected


@pytest.mark.parametrize("cell", [
    "2021-10-23 - 2021-10-22", "10/23/2021 - 10/22/2021", "7/29/10 to 7/1/10 3:00 PM to 1:50 PM",
    "2021-10-22 - banana", "2024-03-05 14:20 to 2024-03-05 14:00",
    # an offset written with spaces (refused before too, never read as a time five hours off), bare numbers at the end
    "2024-03-05 10:00 - 05:00", "2024-03-05T10:00:00 - 05:00", "2024-03-05 10:00:00 - 0500",
    "2024-03-05 14:20 - 0", "2024-03-05 14:20 - 1709650000", "11/10/2017 23:00 - 08:00",
])
def test_a_range_that_ends_before_it_starts_or_is_no_range_is_refused(cell):
    with pytest.raises(BadValue):
        read_when(cell, day_first=False)


@pytest.mark.parametrize(("cell", "expected"), [
    ("11:30 PM - 12:05 AM", time(23, 30)), ("9:00 AM to 1:50 PM", time(9, 0)), ("10:15 pm ~ 11 pm", time(22, 15)),
])
def test_a_range_of_two_clock_times_is_read_as_its_start(cell, expected):
    assert parse_time_of_day(cell) == expected


@pytest.mark.parametrize("cell", ["8:00 AM - 5:00 PM", "11:00 PM - 10:00 PM"])
def test_a_range_of_clock_times_wider_than_a_band_is_refused(cell):
    with pytest.raises(BadValue):  # (a working day, or a whole day: not when it happened)
        parse_time_of_day(cell)


def test_a_month_with_no_day_is_refused_saying_so(imports, tmp_path):
    from tests.unit.test_case_import import HEADER, good_row, write_csv

    rows = [HEADER, good_row(1, 接警时间="June 2020"), good_row(2, 接警时间="2020年6月"), good_row(3, 接警时间="2020-06"),
            good_row(4, 接警时间="2020-13-45"), good_row(5)]
    done = imports.run(imports.open(str(write_csv(tmp_path / "months.csv", rows))))
    assert done.imported == 1 and done.kinds["bad_date"] == 4
    keys = [problem.key for entry in done.rejects for problem in entry.problems]
    assert keys == ["import.month_only"] * 3 + ["import.bad_date"]
    assert "gives a month but no day" in done.rejects[0].reason


def test_the_header_said_again_down_the_file_is_no_row(imports, tmp_path):
    """Taiwan's crim109 appends its tables one after another, each with its header (案類,發生日期,發生地點 at
    rows 8398, 16042 and 25404): they had been read as rows and refused as bad dates."""
    from tests.unit.test_case_import import HEADER, good_row, write_csv

    rows = [HEADER, good_row(1), good_row(2), HEADER, [f" {cell} " for cell in HEADER], good_row(3)]
    done = imports.run(imports.open(str(write_csv(tmp_path / "appended.csv", rows))))
    assert (done.read, done.imported, done.rejected) == (3, 3, 0), [r.reason for r in done.rejects]


def test_rows_refused_for_a_word_not_mapped_say_where_to_map_it(imports, tmp_path):
    """An officer told only "unknown category 262" and a rejects file did not know the mapping fixes it."""
    from frontdesk.intake.import_run import outcome_lines
    from tests.unit.test_case_import import HEADER, good_row, write_csv

    rows = [HEADER, good_row(1), good_row(2, 类别="醉酒滋事")]
    words = imports.run(imports.open(str(write_csv(tmp_path / "words.csv", rows))))
    assert words.kinds == {"unknown_category": 1}
    said = "\n".join(outcome_lines(words))
    assert "[categories]" in said and "--save-mapping" in said
    assert "[categories]" in words.report_path.read_text(encoding="utf-8")
    dates = imports.run(imports.open(str(write_csv(tmp_path / "dates.csv", [HEADER, good_row(3, 接警时间="2023-13-45")]))))
    assert dates.kinds == {"bad_date": 1} and "[categories]" not in "\n".join(outcome_lines(dates))
