"""Which rows are in already: a record number shared by other records (a register's months numbered from 1, a
spreadsheet that made every number 2.022E+11) imports each record once, and a file read again, under a copy's
name or with its times read another way, adds nothing; and what registers write where they have no number
(无, 拒绝提供) or no name (匿名)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_case_import import HEADER, count, desk, good_row, imports, write_csv  # noqa: F401 - fixtures


def cases(desk) -> int:
    return count(desk.engine, 'SELECT count(*) FROM "case"')


def test_a_register_numbered_from_1_each_month_imports_every_month_and_each_only_once(imports, desk, tmp_path):
    march = [HEADER, *(good_row(n, 接警时间=f"2024-03-{n:02d} 10:00", 地点=f"东关村{n}号") for n in range(1, 6))]
    april = [HEADER, *(good_row(n, 接警时间=f"2024-04-{n:02d} 09:30", 地点=f"西街{n}号") for n in range(1, 6))]
    for month, rows in (("03", march), ("04", april)):  # the same file name in each month's folder
        (tmp_path / month).mkdir()
        result = imports.run(imports.open(str(write_csv(tmp_path / month / "接处警登记表.csv", rows))))
        assert (result.imported, result.skipped) == (5, 0)
    assert cases(desk) == 10
    for month in ("03", "04"):
        again = imports.run(imports.open(str(tmp_path / month / "接处警登记表.csv")))
        assert (again.imported, again.skipped) == (0, 5)
    assert cases(desk) == 10


def test_rows_sharing_one_number_in_a_file_are_each_imported_and_a_true_repeat_is_not(imports, desk, tmp_path):
    mangled = [HEADER, *(good_row(n, 编号="2.022E+11", 接警时间=f"2024-03-05 10:{n:02d}", 简要案情=f"第{n}起",
                                  地点=f"{n}号") for n in range(1, 8))]
    mangled.append(mangled[3])  # the third row, twice
    path = write_csv(tmp_path / "calls.csv", mangled)
    first = imports.run(imports.open(str(path)))
    assert (first.imported, first.skipped) == (7, 1)
    assert count(desk.engine, 'SELECT count(DISTINCT source_key) FROM "case"') == 7
    again = imports.run(imports.open(str(path)))
    assert (again.imported, again.skipped) == (0, 8)
    assert cases(desk) == 7


def test_the_preview_says_in_already_only_of_the_same_record(imports, desk, tmp_path):
    imports.run(imports.open(str(write_csv(tmp_path / "a.csv", [HEADER, good_row(1), good_row(2)]))))
    (tmp_path / "b").mkdir()
    other = write_csv(tmp_path / "b" / "a.csv", [HEADER, good_row(1), good_row(2, 接警时间="2024-05-01 08:00",
                                                                                 地点="南门", 简要案情="另一起")])
    shown = imports.preview(imports.open(str(other)))
    assert [row.source_key in shown.already for row in shown.rows] == [True, False]


def test_a_copy_downloaded_again_and_times_read_another_way_add_nothing(imports, desk, tmp_path):
    rows = [HEADER, *(good_row(n) for n in range(1, 4))]
    imports.run(imports.open(str(write_csv(tmp_path / "calls.csv", rows))))
    for name in ("calls (1).csv", "calls - Copy.csv", "calls - 副本.csv"):
        assert imports.run(imports.open(str(write_csv(tmp_path / name, rows)))).imported == 0
    shifted = [HEADER, *(good_row(n, 接警时间=f"2024-03-{1 + n % 28:02d} 18:{n % 60:02d}") for n in range(1, 4))]
    assert imports.run(imports.open(str(write_csv(tmp_path / "calls.csv", shifted)))).imported == 0
    assert cases(desk) == 3


def test_a_new_file_sharing_numbers_and_nothing_else_is_imported_whole(imports, desk, tmp_path):
    imports.run(imports.open(str(write_csv(tmp_path / "book.csv", [HEADER, good_row(1)]))))
    Path(tmp_path / "next").mkdir()
    other = [HEADER, good_row(1, 接警时间="2024-06-01 11:00", 地点="北关", 简要案情="另一起纠纷")]
    assert imports.run(imports.open(str(write_csv(tmp_path / "next" / "book.csv", other)))).imported == 1
    assert cases(desk) == 2


def test_a_register_that_writes_none_for_a_number_or_anonymous_for_a_name(imports, desk, tmp_path):
    rows = [HEADER, good_row(1, 报警人="匿名", 联系电话=""), good_row(2, 报警人="不详", 联系电话="无"),
            good_row(3, 联系电话="拒绝提供", 身份证号="11010519491231002X"), good_row(4, 联系电话="无")]
    done = imports.run(imports.open(str(write_csv(tmp_path / "110.csv", rows))))
    assert (done.imported, done.rejected, done.kept_as_text) == (4, 0, 1)  # row 4: a name and no number at all,
    # kept as text with no person (test_import_reporter_text.py), not a bad phone
    assert count(desk.engine, "SELECT count(*) FROM person WHERE name IN ('匿名', '不详')") == 0
    assert count(desk.engine, "SELECT count(*) FROM caseparty WHERE role = 'reporter'") == 1  # row 3, by its ID


def test_the_same_number_at_the_same_time_is_taken_for_the_same_record(imports, desk, tmp_path):
    """What the key cannot tell (said in the README): two rows with one number and one time are one record."""
    rows = [HEADER, good_row(1, 类别="纠纷", 简要案情="打架"), good_row(1, 类别="盗窃", 简要案情="手机被盗", 地点="西街")]
    done = imports.run(imports.open(str(write_csv(tmp_path / "one-moment.csv", rows))))
    assert (done.imported, done.skipped) == (1, 1)


def test_only_what_a_browser_or_file_manager_adds_makes_a_copys_name(tmp_path):
    from frontdesk.intake.logbook import _source_name

    names = {name: _source_name(Path(name)) for name in (
        "calls.csv", "calls (1).csv", "calls - Copy.csv", "calls - Copy (2).csv", "calls copy.csv", "登记表.xlsx",
        "登记表 - 副本.xlsx", "登记表副本.xlsx", "警情登记表(2).csv", "hardcopy.csv", "2024(12).csv")}
    assert {names[n] for n in ("calls.csv", "calls (1).csv", "calls - Copy.csv", "calls - Copy (2).csv",
                               "calls copy.csv")} == {"calls"}
    assert names["登记表 - 副本.xlsx"] == names["登记表副本.xlsx"] == names["登记表.xlsx"]
    assert (names["警情登记表(2).csv"], names["hardcopy.csv"], names["2024(12).csv"]) == ("警情登记表2", "hardcopy",
                                                                                          "202412")


def test_a_station_whose_own_cases_have_no_key_finds_keys_by_their_index(engine):
    """ANALYZE counts a station's own cases (no source key) as one key held by every case; a plain IN then reads
    the whole table for each batch (100,000 rows into 1,000,000 cases went at 223 rows/s instead of 1,324)."""
    import sqlite3

    import pytest
    from sqlmodel import select

    from db.models import Case
    from frontdesk.intake.source_keys import held_query

    if engine.dialect.name != "sqlite":
        pytest.skip("query plans checked on SQLite")
    with engine.connect() as connection:
        schema = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'case' AND sql IS NOT NULL").scalars().all()
        index = next(name for _, name, *_ in connection.exec_driver_sql('PRAGMA index_list("case")')
                     if [row[2] for row in connection.exec_driver_sql(f'PRAGMA index_info("{name}")')]
                     == ["source_key"])
    station = sqlite3.connect(":memory:")
    for sql in schema:
        station.execute(sql)
    station.execute("ANALYZE")
    station.execute("INSERT INTO sqlite_stat1 VALUES ('case', ?, '1000000 1000000')", (index,))
    station.execute("ANALYZE sqlite_schema")  # (the statistics are read again)

    def plan(query) -> str:
        sql = str(query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
        return " ".join(row[-1] for row in station.execute("EXPLAIN QUERY PLAN " + sql))

    assert "SCAN" not in plan(held_query("sqlite", {"a", "b"}))
    assert "SCAN case" in plan(select(Case.source_key, Case.summary).where(Case.source_key.in_(["a", "b"])))


def test_a_weeks_export_then_the_months_adds_each_record_once(imports, desk, tmp_path):
    """A number that names its record (a 110 or CAD incident number) is the record's in any export of that
    system, whatever the file is called: the first week's download, then the whole month's."""
    month = [HEADER, *(good_row(n, 编号=f"JF{100_000 + n}", 接警时间=f"2024-03-{n:02d} 10:00") for n in range(1, 8))]
    week = month[:4]
    assert imports.run(imports.open(str(write_csv(tmp_path / "calls-first-week.csv", week)))).imported == 3
    done = imports.run(imports.open(str(write_csv(tmp_path / "calls-march.csv", month))))
    assert (done.imported, done.skipped) == (4, 3)
    assert cases(desk) == 7
    shown = imports.preview(imports.open(str(tmp_path / "calls-march.csv")))
    assert all(row.source_key in shown.already for row in shown.rows)


def test_a_row_counter_keys_only_its_own_file(imports, desk, tmp_path):
    """序号 1, 2, 3 count a file's rows: another register's row 1 at the same moment is another record."""
    ours = [HEADER, *(good_row(n, 接警时间="2024-03-01 08:00", 简要案情=f"东关第{n}起") for n in range(1, 4))]
    theirs = [HEADER, *(good_row(n, 接警时间="2024-03-01 08:00", 简要案情=f"西街第{n}起", 地点="西街")
                        for n in range(1, 4))]
    assert imports.run(imports.open(str(write_csv(tmp_path / "东关.csv", ours)))).imported == 3
    assert imports.run(imports.open(str(write_csv(tmp_path / "西街.csv", theirs)))).imported == 3
    assert cases(desk) == 6


def test_records_keyed_by_their_files_name_before_are_found_again(imports, desk, tmp_path):
    """Cases imported when every number was keyed by its file's name (and a number shared by two records, by
    a key of its own made from that one) are found when the file is read again, not imported twice."""
    from sqlalchemy import text

    from frontdesk.intake.record_keys import digest as _digest
    from frontdesk.intake.source_keys import _content, _own_key

    rows = [HEADER, good_row(1, 编号="2024031500123"), good_row(2, 编号="2024031500124"),
            good_row(3, 编号="2024031500124", 接警时间="2024-04-09 09:00", 简要案情="另一起", 地点="西街")]
    path = write_csv(tmp_path / "110.csv", rows)
    opened = imports.open(str(path))
    assert imports.run(opened).imported == 3
    shown = imports.preview(imports.open(str(path)))
    earlier = [_digest("record", "110", "2024031500123"), _digest("record", "110", "2024031500124")]
    earlier.append(_own_key(earlier[1], _content(shown.rows[2])))
    with desk.engine.begin() as connection:  # as the version before wrote them
        for key, number in zip(earlier, ("第1起纠纷", "第2起纠纷", "另一起")):
            connection.execute(text('UPDATE "case" SET source_key = :key WHERE summary = :summary'),
                               {"key": key, "summary": number})
    again = imports.run(imports.open(str(path)))
    assert (again.imported, again.skipped) == (0, 3)
    assert cases(desk) == 3


@pytest.mark.parametrize("numbers", [["000001", "000002"], ["2024001", "2024002"], ["No.0001", "No.0002"],
                                     ["第0001号", "第0002号"], ["XF0001", "XF0002"]])
def test_counters_and_rounded_numbers_key_only_their_file(imports, desk, tmp_path, numbers):
    """Zero-padded counters, a station's own yearly sequence and a number a spreadsheet rounded to 15 digits
    are not a record's number across files: two months' registers with the same words each import whole."""
    for month in ("01", "02"):
        rows = [HEADER, *(good_row(n, 编号=number, 接警时间=f"2024-{month}-0{n} 10:00", 简要案情=f"来所咨询{n}")
                          for n, number in enumerate(numbers, start=1))]
        assert imports.run(imports.open(str(write_csv(tmp_path / f"2024-{month}.csv", rows)))).imported == 2
    assert cases(desk) == 4


def test_what_names_a_record():
    from frontdesk.intake.record_keys import names_record

    assert all(names_record(n) for n in ("JF346999", "P222131570", "CPD220801000001", "2023031500123",
                                         "100100007", "001234-2023A"))
    assert not any(names_record(n) for n in ("1", "000001", "2024001", "20240001", "2.022E+11", "No.0001",
                                             "NO.000123", "第0001号", "XF0001", "ABCDEFG", "A-12", "警情000001"))
    assert names_record("202203150012345000") and not names_record("202203150012345000", cell=2.02203150012345e17)


def test_a_file_imported_before_and_now_read_with_other_times_adds_nothing(imports, desk, tmp_path):
    """Keyed by the version before (the file's name and a record number), then read again with its dates read
    another way (a Chinese register's 1/3/2024 is now 1月3日): each row is still found by what it says."""
    from sqlalchemy import text

    from frontdesk.intake.record_keys import digest

    rows = [HEADER, *(good_row(n, 编号=f"JQ{202400000 + n}", 接警时间=f"2024-03-0{n} 10:00") for n in (1, 2))]
    imports.run(imports.open(str(write_csv(tmp_path / "110.csv", rows))))
    with desk.engine.begin() as connection:  # as the version before keyed them, at another time of day
        for n in (1, 2):
            connection.execute(text('UPDATE "case" SET source_key = :key, received_at = :at WHERE summary = :s'),
                               {"key": digest("record", "110", f"jq{202400000 + n}"), "s": f"第{n}起纠纷",
                                "at": f"2024-01-0{n} 02:00:00"})
    done = imports.run(imports.open(str(tmp_path / "110.csv")))
    assert (done.imported, done.skipped) == (0, 2)
