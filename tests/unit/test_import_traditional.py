"""Exports in traditional characters (Taiwan, Hong Kong): their headers and words are read as the same words in
simplified characters are, by one rule (frontdesk.intake.han_forms), not by a second list of each; and two real
files of Taiwan's police open data imported as a new officer would (tests/data/public/SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.intake.han_forms import simplified
from frontdesk.intake.header_words import CATEGORY_WORDS, CHANNEL_WORDS, DISPOSITION_WORDS, STATUS_WORDS
from frontdesk.intake.mapping import fold, plain_fold, propose_columns, propose_value
from frontdesk.intake.record_keys import digest, number_keys
from frontdesk.intake.text_files import detect_encoding
from tests.unit.test_import_reading import desk, imports  # noqa: F401,F811 - fixtures

PUBLIC = Path(__file__).parent.parent / "data" / "public"
ROBBERIES = PUBLIC / "taipei-street-robberies.csv"
ACCIDENTS = PUBLIC / "npa-a1-traffic-accidents-107.csv"


def test_a_closing_date_in_traditional_characters_is_not_taken_for_the_received_one():
    """結案日期 was not known for 结案日期 (a date of another moment): it was proposed as the day the matter came in,
    and 報案時間 beside it as its time of day only; 案件狀態 was no status column."""
    columns = propose_columns(["序號", "報案時間", "報案方式", "案件狀態", "結案日期"])
    assert columns["received_at"] == "報案時間" and "received_time" not in columns
    assert (columns["closed_at"], columns["status"], columns["channel"]) == ("結案日期", "案件狀態", "報案方式")


def test_a_police_registers_traditional_headers_are_each_proposed():
    columns = propose_columns(["案件編號", "報案日期", "報案時間", "案件類別", "案發地點", "處理結果", "聯絡電話",
                               "身分證字號", "結案時間"])
    assert columns == {"record_no": "案件編號", "received_at": "報案日期", "received_time": "報案時間",
                       "category": "案件類別", "place": "案發地點", "disposition": "處理結果",
                       "reporter_phone": "聯絡電話", "reporter_id": "身分證字號", "closed_at": "結案時間"}


@pytest.mark.parametrize(("word", "words", "code"), [
    ("處理中", STATUS_WORDS, "in_progress"), ("未處理", STATUS_WORDS, "open"), ("已結案", STATUS_WORDS, "closed"),
    ("調解成功", DISPOSITION_WORDS, "mediated"), ("電話報案", CHANNEL_WORDS, "phone"),
    ("詐欺", CATEGORY_WORDS, "fraud"),  # Taiwan's name of the offence (詐欺罪), beside 詐騙
])
def test_a_traditional_value_is_matched_as_its_simplified_word(word, words, code):
    assert propose_value(word, words) == code


def test_only_traditional_characters_change():
    assert simplified("發生時間 臺北市 处理结果 Theft 1070130") == "发生时间 台北市 处理结果 Theft 1070130"
    assert fold("處理 結果") == "处理结果" and plain_fold("處理 結果") == "處理結果"


def test_a_records_stored_key_is_made_of_its_number_as_written():
    """Keys already stored for a file read before stay its keys: a number or column in traditional characters is
    keyed as written, so the file read again adds nothing."""
    own, old = number_keys("1070130001", "", column="案件編號", source="book.csv")
    assert own == digest("record-no", "案件編號", "1070130001")
    assert number_keys("第3號", "總表", column="編號", source="book.csv") == (digest("record", "book.csv", "總表", "第3號"),
                                                                         digest("record", "book.csv", "第3號"))


def test_taipeis_street_robberies_are_refused_until_the_officer_names_their_category(imports, desk):
    """A robbery (強盜) is none of the station's categories by itself: the proposal leaves it for the officer, the
    dates (1070130 + 16~18) are read in the years of the Republic of China and said so."""
    opened = imports.open(str(ROBBERIES))
    assert opened.file.encoding == "utf-8-sig"
    assert (opened.mapping.column("received_at"), opened.mapping.column("received_time"),
            opened.mapping.column("category"), opened.mapping.column("place")) == ("發生日期", "發生時段", "案類", "發生地點")
    assert opened.mapping.categories == {"強盜": ""}
    assert any("1070130 + 16~18" in said and "Republic of China" in said for said in imports.preview(opened).readings)
    (imports.mappings_folder / "robberies.toml").parent.mkdir(parents=True, exist_ok=True)
    (imports.mappings_folder / "robberies.toml").write_text(
        'name = "robberies"\n[columns]\nreceived_at = "發生日期"\nreceived_time = "發生時段"\ncategory = "案類"\n'
        'place = "發生地點"\nrecord_no = "編號"\n[categories]\n"強盜" = "other"\n', encoding="utf-8")
    done = imports.run(imports.open(str(ROBBERIES), "robberies"))
    assert (done.read, done.imported, done.rejected) == (20, 20, 0), [r.reason for r in done.rejects]
    with desk.engine.connect() as connection:
        first = connection.exec_driver_sql('SELECT received_at, category, place FROM "case" '
                                           "ORDER BY received_at LIMIT 1").one()
    # 30 January 2018 (民國 107), 16:00 in Taipei: 08:00 UTC
    assert (str(first[0])[:16], first[1], first[2]) == ("2018-01-30 08:00", "other", "台北市中山區中山北路2段31~60號")


def test_the_police_agencys_fatal_accidents_import_with_their_times_to_the_second(imports, desk):
    """107年01月01日 05時12分00秒: a ROC date with its hours, minutes and seconds; the file has no category column,
    so the mapping's default category takes every row."""
    opened = imports.open(str(ACCIDENTS))
    assert (opened.mapping.column("received_at"), opened.mapping.column("place")) == ("發生時間", "發生地點")
    assert opened.mapping.column("category") is None
    (imports.mappings_folder / "a1.toml").parent.mkdir(parents=True, exist_ok=True)
    (imports.mappings_folder / "a1.toml").write_text(
        'name = "a1"\ndefault_category = "traffic"\n[columns]\nreceived_at = "發生時間"\nplace = "發生地點"\n'
        'summary = "車種"\nnarrative = "死亡受傷人數"\n', encoding="utf-8")
    opened = imports.open(str(ACCIDENTS), "a1")
    assert any("107年01月01日 05時12分00秒" in said and "1 Jan 2018 05:12" in said
               for said in imports.preview(opened).readings)
    done = imports.run(opened)
    assert (done.read, done.imported, done.rejected) == (12, 12, 0), [r.reason for r in done.rejects]
    with desk.engine.connect() as connection:
        rows = connection.exec_driver_sql('SELECT received_at, category FROM "case" ORDER BY received_at').all()
    assert [str(row[0])[:16] for row in rows[:2]] == ["2017-12-31 21:12", "2018-01-01 06:55"]
    assert {row[1] for row in rows} == {"traffic"}


BURGLARIES = PUBLIC / "taipei-home-burglaries-big5.csv"
ONE_BURGLARY = PUBLIC / "taipei-home-burglary-one-row-big5.csv"


def test_a_big5_file_of_one_row_is_read_as_big5():
    """Read as GB 18030 it decodes too, into 絪腹, 摸, 祇ネら戳 …: no header was recognised and the officer saw
    those words."""
    assert detect_encoding(ONE_BURGLARY) == "cp950"
    assert detect_encoding(BURGLARIES) == "cp950"


def test_taipeis_burglaries_in_big5_import_but_for_a_band_of_hours_past_midnight(imports, desk):
    """Taipei's 住宅竊盜 file as first published, in Big5: bands of two hours (08~10), of three (12~15), one written
    with a space before it ( 18~21), and 11~03, which says no hour of its own: that row is refused with its reason."""
    opened = imports.open(str(BURGLARIES))
    assert opened.file.encoding == "cp950"
    assert opened.mapping.categories == {"住宅竊盜": "theft"}
    done = imports.run(opened)
    assert (done.read, done.imported, done.rejected) == (19, 18, 1)
    assert "11~03" in done.rejects[0].reason
    with desk.engine.connect() as connection:
        places = connection.exec_driver_sql('SELECT place FROM "case" ORDER BY received_at').scalars().all()
    assert places[0] == "臺北市中正區廈門街91~120號"


ACCIDENTS_112 = PUBLIC / "npa-a1-traffic-accidents-112.csv"


def test_a_column_named_for_a_phone_that_holds_words_is_no_reporters_phone(imports):
    """The NPA's accidents of 民國 112 say whether each party was using a phone (行動電話或電腦或其他相類功能裝置名稱:
    未使用, 不明, 非駕駛人): its header names a phone, its cells hold no number."""
    opened = imports.open(str(ACCIDENTS_112))
    assert opened.mapping.column("reporter_phone") is None
    assert (opened.mapping.column("received_at"), opened.mapping.column("received_time"),
            opened.mapping.column("category")) == ("發生日期", "發生時間", "事故類別名稱")


def test_the_accidents_of_112_import_with_no_row_for_their_closing_lines(imports, desk):
    """Two lines close the file (資料提供日期：113年07月01日, the day the data was given out, and 事故類別：A1類): they
    are no rows (they were two rows refused, a field missing). A row for each party of an accident (當事者順位 1,
    2 …) under one time and place stays a row each: the parties' own columns differ."""
    (imports.mappings_folder / "a1-112.toml").parent.mkdir(parents=True, exist_ok=True)
    (imports.mappings_folder / "a1-112.toml").write_text(
        'name = "a1-112"\n[columns]\nreceived_at = "發生日期"\nreceived_time = "發生時間"\ncategory = "事故類別名稱"\n'
        'place = "發生地點"\nsummary = "肇因研判子類別名稱-主要"\n[categories]\nA1 = "traffic"\n', encoding="utf-8")
    done = imports.run(imports.open(str(ACCIDENTS_112), "a1-112"))
    assert (done.read, done.imported, done.rejected) == (12, 12, 0), [r.reason for r in done.rejects]
    with desk.engine.connect() as connection:
        rows = connection.exec_driver_sql('SELECT received_at, summary FROM "case" ORDER BY received_at').all()
    # 1 January 2023 14:08 in the desk's zone: 06:08 UTC
    assert sorted({(str(row[0])[:16], row[1]) for row in rows}) == [
        ("2023-01-01 06:08", "逆向行駛"), ("2023-01-01 06:43", "酒醉(後)駕駛失控"), ("2023-01-01 11:50", "未依規定讓車"),
        ("2023-01-02 00:07", "逆向行駛")]
