"""Dates as clerks type a register by hand: the year written once in the book's name and then 3月8日 on each
row, a time column beside a date column, a year written short (23/9/2), and a column typed by several hands
(9/3/2023 beside 4/9/2023): each row read as the register means it, and what cannot be read still refused."""

from __future__ import annotations

import pytest

from frontdesk.intake.cells import read_when
from frontdesk.intake.header_words import CHANNEL_WORDS
from frontdesk.intake.logbook import disposition_words, not_reached, status_words, vocabulary_words
from frontdesk.intake.mapping import propose_columns, propose_value
from frontdesk.vocab import CHANNELS
from tests.unit.test_case_import import write_csv
from tests.unit.test_import_reading import desk, imports, received_times  # noqa: F401,F811 - fixtures


def local_times(desk) -> list[str]:
    """The cases' received times at the desk (+08:00), in the order received."""
    from datetime import datetime, timedelta
    return [(datetime.fromisoformat(value) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
            for value in received_times(desk.engine)]


def test_a_date_with_no_year_takes_the_books_year_then_the_rows_before(imports, desk, tmp_path):
    header = ["序号", "接警日期", "接警时间", "报警人", "联系电话", "警情类别", "简要案情"]
    rows = [header, [1, "12月30日", "23:10", "张建国", "13812345678", "纠纷", "邻居争吵"],
            [2, "12月31日", "8:05", "李秀英", "13812345679", "求助", "钥匙锁车内"],
            [3, "1月2日", "14:20", "王小明", "13900001111", "纠纷", "车位纠纷"],  # the book ran into the new year
            [4, "2023年1月3日", "09:00", "赵四", "13812345670", "求助", "老人走失"]]
    opened = imports.open(str(write_csv(tmp_path / "接处警登记表2022.csv", rows)))
    assert (opened.mapping.column("received_at"), opened.mapping.column("received_time")) == ("接警日期", "接警时间")
    assert imports.run(opened).imported == 4
    assert local_times(desk) == ["2022-12-30 23:10", "2022-12-31 08:05", "2023-01-02 14:20", "2023-01-03 09:00"]


def test_a_date_with_no_year_and_no_year_anywhere_is_refused(imports, desk, tmp_path):
    rows = [["接警日期", "接警时间", "报警人", "联系电话", "警情类别", "简要案情"],
            ["3月8日", "10:00", "张建国", "13812345678", "纠纷", "邻居争吵"]]
    done = imports.run(imports.open(str(write_csv(tmp_path / "登记表.csv", rows))))
    assert (done.imported, done.kinds["bad_date"]) == (0, 1)


def test_a_time_cell_written_in_full_is_taken_whole_and_a_bare_date_refused(imports, desk, tmp_path):
    rows = [["接警日期", "接警时间", "报警人", "联系电话", "警情类别", "简要案情"],
            *(["2023-03-07", f"1{n}:00", "王小明", f"1390000111{n}", "纠纷", f"第{n}起"] for n in range(3)),
            ["2023-03-08", "2023-03-08 15:45", "张建国", "13812345678", "纠纷", "邻居争吵"],
            ["2023-03-09", "2023-03-10 09:00", "李秀英", "13812345679", "求助", "钥匙锁车内"],
            ["2023-03-11", "2023-03-11", "赵四", "13812345670", "求助", "老人走失"]]
    done = imports.run(imports.open(str(write_csv(tmp_path / "登记表.csv", rows))))
    assert (done.imported, done.rejected) == (5, 1) and "2023-03-11" in done.rejects[0].reason
    assert local_times(desk)[-2:] == ["2023-03-08 15:45", "2023-03-10 09:00"]


@pytest.mark.parametrize("headers, date, time", [
    (["登记日期", "到所时间", "姓名", "手机", "类别", "来所事由"], "登记日期", "到所时间"),
    (["接警日期", "接警时间", "报警人", "类别", "简要案情"], "接警日期", "接警时间"),
    (["接警时间", "报警人", "类别", "简要案情"], "接警时间", None),  # alone: the date and time in one
    (["Date", "Time", "Type"], "Date", "Time"),
])
def test_a_registers_date_and_time_columns_are_proposed_as_such(headers, date, time):
    proposed = propose_columns(headers)
    assert (proposed["received_at"], proposed.get("received_time")) == (date, time)


@pytest.mark.parametrize("written, expected", [
    ("23/9/2", "2023-09-02 00:00"), ("23-9-5 10:11", "2023-09-05 10:11"), ("23.9.5", "2023-09-05 00:00"),
    ("99/9/2", "1999-09-02 00:00"),
])
def test_a_year_written_short_and_first_is_read_so(written, expected):
    assert read_when(written, day_first=True)[0].strftime("%Y-%m-%d %H:%M") == expected


def test_a_chinese_registers_dates_that_read_either_way_are_month_first(imports, desk, tmp_path):
    """9/3/2023 in a Chinese register is 9月3日: Chinese never writes the day before the month."""
    rows = [["登记日期", "到所时间", "姓名", "手机", "类别", "来所事由"],
            ["9/3/2023", "11:22", "徐春梅", "18512938117", "求助", "咨询户口迁移"]]
    opened = imports.open(str(write_csv(tmp_path / "来访登记.csv", rows)))
    assert opened.mapping.day_first is False
    imports.run(opened)
    assert local_times(desk) == ["2023-09-03 11:22"]


def test_a_column_typed_by_several_hands_is_read_row_by_row_in_order(imports, desk, tmp_path):
    """A visitor register kept in order, its dates typed four ways: each row that reads two ways takes the
    reading nearest the row before it."""
    dates = ["23/9/2", "9/3/2023", "4/9/2023", "23-9-5", "23/9/10", "12/9/2023", "23/9/13"]
    rows = [["登记日期", "到所时间", "姓名", "手机", "类别", "来所事由"],
            *([written, "10:00", "徐春梅", f"185129381{n:02d}", "求助", f"咨询户口迁移{n}号"]
              for n, written in enumerate(dates))]
    opened = imports.open(str(write_csv(tmp_path / "来访登记.csv", rows)))
    assert not opened.dates_settled
    assert imports.run(opened).imported == 7
    assert [when[:10] for when in local_times(desk)] == [
        "2023-09-02", "2023-09-03", "2023-09-04", "2023-09-05", "2023-09-10", "2023-09-12", "2023-09-13"]


def test_a_file_whose_dates_settle_the_order_keeps_it_out_of_order(imports, desk, tmp_path):
    """A day-first file (25/03/2024 says so) sorted by category, not by time: 04/05/2024 is 4 May, not the
    reading nearest the row before it."""
    rows = [["Date", "Type", "Summary"], ["25/03/2024 10:00", "Noise", "party"],
            ["04/05/2024 10:00", "Noise", "music"], ["05/04/2024 10:00", "Theft", "bike"]]
    opened = imports.open(str(write_csv(tmp_path / "calls.csv", rows)))
    assert opened.dates_settled
    imports.run(opened)
    assert [when[:10] for when in local_times(desk)] == ["2024-03-25", "2024-04-05", "2024-05-04"]


@pytest.mark.parametrize("kind, written, expected", [
    ("status", "已签收", "in_progress"), ("status", "已出警", "in_progress"), ("status", "已反馈", "closed"),
    ("status", "已归档", "closed"), ("status", "处警完毕", "closed"), ("status", "待签收", "open"),
    ("disposition", "告知诉讼途径", "resolved_on_site"), ("disposition", "告知后转办", "handed_off"),
    ("disposition", "告知当事人调解", "mediated"), ("disposition", "批评教育后移交", "handed_off"),
    ("channel", "短信报警", "phone"), ("channel", "浙里办", "online"), ("status", "未办结", "open"),
    ("status", "Not Completed", None), ("status", "Incomplete", None), ("disposition", "Unable to Mediate", None),
])
def test_a_110_exports_statuses_outcomes_and_channels_are_proposed(kind, written, expected):
    """(As propose_values asks: a value saying a step was not reached is left to the officer first.)"""
    words = {"status": status_words, "disposition": disposition_words,
             "channel": lambda: vocabulary_words("channel", CHANNELS, CHANNEL_WORDS)}[kind]()
    assert (None if kind != "channel" and not_reached(written) else propose_value(written, words)) == expected


@pytest.mark.parametrize("name, dates, expected", [
    ("接处警登记表2024.csv", ["1月3日", "1月2日", "12月31日", "12月30日"],  # kept newest first
     ["2023-12-30", "2023-12-31", "2024-01-02", "2024-01-03"]),
    ("接处警登记表.csv", ["2023年12月30日", "1月2日", "12月31日"],  # a late entry after the new year
     ["2023-12-30", "2023-12-31", "2024-01-02"]),
    ("接处警登记表2024年1月.csv", ["12月30日", "1月2日"], ["2023-12-30", "2024-01-02"]),  # January's book
])
def test_a_date_with_no_year_takes_the_year_nearest_the_row_before(imports, desk, tmp_path, name, dates, expected):
    rows = [["接警日期", "接警时间", "报警人", "联系电话", "警情类别", "简要案情"],
            *([written, "10:00", "张建国", f"138123456{n:02d}", "纠纷", f"第{n}起"] for n, written in enumerate(dates))]
    assert imports.run(imports.open(str(write_csv(tmp_path / name, rows)))).imported == len(dates)
    assert [when[:10] for when in local_times(desk)] == expected


def test_a_time_column_of_whole_dates_beside_the_entrys_date_is_the_received_time(imports, desk, tmp_path):
    """报警时间 written in full beside 登记日期 (the day the entry was made): the report's own time is taken,
    the entry's date let go, row by row (a blank or a bare time takes the entry's date); and a time column
    holding a bare date gives no time (it is refused)."""
    rows = [["报警时间", "登记日期", "报警人", "联系电话", "警情类别", "简要案情"],
            ["2023-03-07 23:50", "2023-03-08", "张建国", "13812345678", "纠纷", "邻居争吵"],
            ["2023-03-08 09:10", "2023-03-08", "李秀英", "13812345679", "求助", "钥匙锁车内"],
            ["15:30", "2023-03-08", "王五", "13812345671", "求助", "问路"], ["", "2023-03-09", "王六",
                                                                            "13812345672", "求助", "问路"]]
    opened = imports.open(str(write_csv(tmp_path / "登记表.csv", rows)))
    assert imports.run(opened).imported == 4
    assert local_times(desk) == ["2023-03-07 23:50", "2023-03-08 09:10", "2023-03-08 15:30", "2023-03-09 00:00"]
    bare = [["接警日期", "接警时间", "报警人", "联系电话", "警情类别", "简要案情"],
            ["2023-03-09", "10:00", "王小明", "13900001111", "纠纷", "车位纠纷"],
            ["2023-03-09", "10:30", "王小明", "13900001111", "纠纷", "车位纠纷再起"],
            ["2023-03-10", "2023-03-10", "赵四", "13812345670", "求助", "老人走失"]]
    done = imports.run(imports.open(str(write_csv(tmp_path / "另一本.csv", bare))))
    assert (done.imported, done.rejected) == (2, 1)


@pytest.mark.parametrize("name, dates, expected", [
    ("接处警登记表2023.csv", ["12月31日", "12月30日", "12月29日"], ["2023-12-29", "2023-12-30", "2023-12-31"]),
    ("接处警登记表2024.csv", ["12月31日", "12月30日"], ["2024-12-30", "2024-12-31"]),
    ("接处警登记表2023.csv", ["6月30日", "12月31日"], ["2023-06-30", "2023-12-31"]),  # months apart: same year
])
def test_a_date_with_no_year_keeps_the_books_year_unless_the_row_before_is_close_across_it(
        imports, desk, tmp_path, name, dates, expected):
    rows = [["接警日期", "接警时间", "报警人", "联系电话", "警情类别", "简要案情"],
            *([written, "10:00", "张建国", f"138123456{n:02d}", "纠纷", f"第{n}起"] for n, written in enumerate(dates))]
    assert imports.run(imports.open(str(write_csv(tmp_path / name, rows)))).imported == len(dates)
    assert [when[:10] for when in local_times(desk)] == expected


def test_the_preview_says_where_a_rows_date_came_from_the_rows_around_it(imports, desk, tmp_path):
    """Before anything is written the officer sees a year taken from the book's name or the row before, and a
    date that read two ways taken as the one nearest the row before, in the officer's language."""
    from frontdesk.i18n import set_language

    rows = [["登记日期", "到所时间", "姓名", "手机", "类别", "来所事由"],
            ["9月2日", "10:11", "何海燕", "15177802435", "求助", "咨询户口迁移1号"],
            ["9月3日", "11:22", "徐春梅", "18512938117", "求助", "咨询户口迁移2号"],
            ["2023/9/3", "11:50", "张雨轩", "13353129032", "求助", "咨询户口迁移3号"],
            ["4/9/2023", "12:33", "张雨轩", "13353129032", "纠纷", "咨询户口迁移4号"]]
    path = write_csv(tmp_path / "来访登记2023.csv", rows)
    readings = " · ".join(imports.preview(imports.open(str(path))).readings)
    assert "9月2日 + 10:11 → 2 Sep 2023 10:11 (no year written: the year the file's or sheet's name gives)" \
        in readings, readings
    assert "9月3日 + 11:22 → 3 Sep 2023 11:22 (no year written: the year of the row before)" in readings
    assert "4/9/2023 + 12:33 → 4 Sep 2023 12:33 (reads two ways: the reading nearest the row before)" in readings
    set_language("zh")
    try:
        readings = " · ".join(imports.preview(imports.open(str(path))).readings)
    finally:
        set_language("en")
    assert "（可两种读法：取最接近上一行的日期）" in readings
