"""Real public exports opened as a new user would, without writing a mapping first.

`tests/data/nyc-311-service-requests.csv` holds nine rows of NYC Open Data's "311 Service
Requests" as published (dates month first with a 12-hour clock, a coordinates column named
Location, channel "UNKNOWN"). `berkeley-calls-for-service.csv` is the City of Berkeley's calls
for service.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from frontdesk.i18n import DeskError, set_language
from frontdesk.intake.cells import parse_when
from frontdesk.intake.day_order import day_order
from frontdesk.intake.logbook import StationCategory, data_rows, open_logbook, propose_values
from frontdesk.intake.header_words import CATEGORY_WORDS
from frontdesk.intake.mapping import Mapping, propose_value
from frontdesk.intake.mapping_file import load_mapping
from tests.unit.test_case_import import write_csv

DATA = Path(__file__).parent.parent / "data"
NYC = DATA / "nyc-311-service-requests.csv"
CATEGORIES = [StationCategory(code, code, code.replace("_", " ").title(), True) for code in CATEGORY_WORDS]


def _received(opened) -> dict[int, datetime]:
    position = opened.index[opened.mapping.column("received_at")]
    return {row.number: parse_when(row.cells[position], day_first=opened.mapping.day_first)
            for row in data_rows(opened)}


def test_a_month_first_file_is_read_month_first_on_every_row_not_only_where_it_must_be():
    opened = open_logbook(NYC, CATEGORIES)
    assert opened.mapping.day_first is False
    received = _received(opened)
    assert received[2] == datetime(2019, 4, 18, 21, 55, 45)  # 04/18/2019: month first, no other way
    assert received[3] == datetime(2010, 5, 1, 9, 59, 44)  # 05/01/2010 read the same way: 1 May, not 5 January
    assert received[8] == datetime(2016, 12, 8, 15, 45, 20)  # 12/08/2016: 8 December


def test_a_day_first_file_is_read_day_first(tmp_path):
    path = write_csv(tmp_path / "book.csv", [["接警时间", "警情类别"], ["05/03/2024 10:00", "纠纷"],
                                             ["18/03/2024 11:00", "纠纷"]])
    opened = open_logbook(path, CATEGORIES)
    assert opened.mapping.day_first is True
    assert _received(opened)[2] == datetime(2024, 3, 5, 10, 0)
    assert day_order(opened, "接警时间") == (True, "18/03/2024 11:00", 3)


def test_dates_that_read_either_way_keep_the_mapping_order_and_a_mixed_column_settles_nothing(tmp_path):
    either = write_csv(tmp_path / "either.csv", [["Date", "Type"], ["05/03/2024", "noise"], ["06/04/2024", "noise"]])
    assert day_order(open_logbook(either, CATEGORIES), "Date") is None
    mixed = write_csv(tmp_path / "mixed.csv", [["Date", "Type"], ["18/03/2024", "noise"], ["03/18/2024", "noise"]])
    assert day_order(open_logbook(mixed, CATEGORIES), "Date") is None


def test_a_weeks_pull_with_a_12_hour_clock_is_read_month_first_unless_the_mapping_says(tmp_path):
    rows = [["Date", "Type"]] + [[f"08/0{day}/2022 0{day}:10:00 PM", "noise"] for day in range(1, 8)]
    week = write_csv(tmp_path / "week.csv", rows)
    opened = open_logbook(week, CATEGORIES)
    assert day_order(opened, "Date") is None  # every date reads either way
    assert opened.mapping.day_first is False  # … and a 12-hour clock is written month first
    assert _received(opened)[2] == datetime(2022, 8, 1, 13, 10)
    assert _received(opened)[8] == datetime(2022, 8, 7, 19, 10)
    twenty_four = write_csv(tmp_path / "week24.csv", [["Date", "Type"], ["08/01/2022 13:10", "noise"]])
    assert open_logbook(twenty_four, CATEGORIES).mapping.day_first is True  # no clock to go by: as before
    saved = tmp_path / "uk.toml"
    saved.write_text('name = "uk"\nday_first = true\n[columns]\nreceived_at = "Date"\ncategory = "Type"\n',
                     encoding="utf-8")
    assert open_logbook(week, CATEGORIES, load_mapping(str(saved), tmp_path)).mapping.day_first is True


@pytest.mark.parametrize("lang, words", [("en", ("month first", "04/18/2019", "row 2", "day_first")),
                                         ("zh", ("月在前", "04/18/2019", "第 2 行", "day_first"))])
def test_a_mapping_that_says_day_first_for_a_month_first_file_is_refused_naming_the_cell(tmp_path, lang, words):
    saved = tmp_path / "nyc.toml"
    saved.write_text('name = "nyc"\nday_first = true\n[columns]\nreceived_at = "Created Date"\n'
                     'category = "Complaint Type"\n', encoding="utf-8")
    set_language(lang)
    try:
        with pytest.raises(DeskError) as refused:
            open_logbook(NYC, CATEGORIES, load_mapping(str(saved), tmp_path))
        assert all(word in refused.value.message for word in words)
    finally:
        set_language("en")


def test_a_mapping_silent_on_the_day_order_follows_the_file(tmp_path):
    saved = tmp_path / "nyc.toml"
    saved.write_text('name = "nyc"\n[columns]\nreceived_at = "Created Date"\ncategory = "Complaint Type"\n',
                     encoding="utf-8")
    opened = open_logbook(NYC, CATEGORIES, load_mapping(str(saved), tmp_path))
    assert opened.mapping.day_first is False
    # an explicit format wins over every guess: the file's order is not looked for
    formatted = open_logbook(NYC, CATEGORIES, Mapping(columns={"received_at": "Created Date"},
                                                      date_format="%m/%d/%Y %I:%M:%S %p", day_first_stated=True))
    assert formatted.mapping.day_first is True


def test_english_complaint_types_are_matched_by_their_words_and_ties_left_to_the_officer():
    known = {code: (code, *words) for code, words in CATEGORY_WORDS.items()}
    assert propose_value("Noise - Residential", known) == "noise"
    assert propose_value("Traffic/Illegal Parking", known) == "traffic"
    assert propose_value("THEFT MISD. (UNDER $950)", known) == "theft"
    assert propose_value("Lost Property Report", known) == "lost_property"
    assert propose_value("LARCENY", known) == "theft" and propose_value("BURGLARY - VEHICLE", known) == "theft"
    assert propose_value("DISORDERLY CONDUCT", known) == "dispute"
    assert propose_value("IDENTITY THEFT", known) == "fraud"  # the two words together outweigh "theft" alone
    assert propose_value("PLUMBING", known) is None
    assert propose_value("Police Report", known) is None  # "report" inside a longer name says nothing
    assert propose_value("Other Stolen Property", known) == "theft"  # "other" inside a name says nothing either
    assert propose_value("Noise Dispute", known) is None  # as much one as the other: the officer decides
    # plurals, as Philadelphia writes its offences (and not a word that only ends in s)
    assert propose_value("Thefts", known) == "theft" and propose_value("Burglaries", known) == "theft"
    assert propose_value("Frauds", known) == "fraud"
    assert propose_value("Disorderly Conducts", known) == "dispute"


def test_the_nyc_export_is_proposed_whole_and_unknown_channel_takes_the_default():
    opened = open_logbook(NYC, CATEGORIES)
    mapping = propose_values(opened)
    assert mapping.columns["place"] == "Incident Address"  # not Location, which holds coordinates
    assert mapping.categories["Noise - Residential"] == "noise"
    assert mapping.categories["PLUMBING"] == ""  # rejected unless the officer maps it
    assert mapping.channels == {"PHONE": "phone", "ONLINE": "online", "MOBILE": "online",
                                "UNKNOWN": mapping.default_channel}


def _printed_form(path: Path) -> Path:
    """A Chinese station's printed register: a title, a unit line, a two-row header with merged cells,
    the records, a blank line, a total and the signatures."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["城关派出所接处警工作登记表"])
    sheet.merge_cells("A1:J1")
    sheet.append(["单位：城关派出所", None, None, None, "填报日期：2024年3月31日"])
    sheet.append(["序号", "接警时间", "报警人", None, None, "警情类别", "报警方式", "发生地点", "简要案情", "处理结果"])
    sheet.append([None, None, "姓名", "联系电话", "身份证号", None, None, None, None, None])
    sheet.merge_cells("C3:E3")
    for column in "ABFGHIJ":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.append([1, datetime(2024, 3, 5, 14, 20), "张建国", "13812345678", "11010519491231002X", "纠纷", "来所",
                  "东关村3组", "邻居占用车位发生口角", "调解"])
    sheet.append([2, "2024年3月6日 上午9点05分", "李秀英", "0571-87654321", None, "盗窃", "电话", "西街12号",
                  "电动车被盗", "移交侦查"])
    sheet.append([None] * 10)
    sheet.append(["合计", "2起"])
    sheet.append(["填表人：王建军", None, None, None, "审核人：李所长"])
    book.save(path)
    return path


def test_a_printed_registers_total_and_signatures_are_not_rows_to_import(tmp_path):
    opened = open_logbook(_printed_form(tmp_path / "register.xlsx"), CATEGORIES)
    assert opened.header_row == 4
    assert opened.mapping.columns["reporter_name"] == "报警人（姓名）"
    assert opened.mapping.columns["reporter_phone"] == "报警人（联系电话）"
    assert [row.number for row in data_rows(opened)] == [5, 6]


_REGISTER_TOP = [["城关派出所接处警登记表"], ["填报单位：城关派出所"],
                 ["序号", "接警时间", "报警人", None, None, "警情类别", "简要案情", "处警民警", None],
                 [None, None, "姓名", "联系电话", "身份证号", None, None, "姓名", "警号"]]
_REGISTER_ROWS = [[1, "2024-03-05 14:20", "张建国", "13812345678", "11010519491231002X", "纠纷", "邻居争吵", "朱警官",
                   "031001"]]


def _register_xlsx(path: Path) -> Path:
    """A register whose reporter and attending officer each have a 姓名 under them, merged as printed."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in _REGISTER_TOP + _REGISTER_ROWS:
        sheet.append(row)
    sheet.merge_cells("A1:I1")
    sheet.merge_cells("C3:E3")
    sheet.merge_cells("H3:I3")
    for column in "ABFG":
        sheet.merge_cells(f"{column}3:{column}4")
    book.save(path)
    return path


def _cell(opened, row, field: str):
    return row.cells[opened.index[opened.mapping.columns[field]]]


def test_the_reporter_is_never_the_officer_when_both_have_a_name_column(tmp_path):
    opened = open_logbook(_register_xlsx(tmp_path / "register.xlsx"), CATEGORIES)
    assert opened.header_row == 4
    assert opened.headers == ["序号", "接警时间", "报警人（姓名）", "报警人（联系电话）", "报警人（身份证号）", "警情类别",
                              "简要案情", "处警民警（姓名）", "处警民警（警号）"]
    [row] = data_rows(opened)
    assert _cell(opened, row, "reporter_name") == "张建国"  # not 朱警官, the officer's 姓名 further right
    assert _cell(opened, row, "reporter_id") == "11010519491231002X"
    assert "处警民警（姓名）" not in opened.mapping.columns.values()


def test_the_register_saved_as_csv_reads_as_the_workbook(tmp_path):
    """Excel's "save as CSV" writes a merged parent once, with blank cells to its right and under it."""
    workbook = open_logbook(_register_xlsx(tmp_path / "register.xlsx"), CATEGORIES)
    saved = open_logbook(write_csv(tmp_path / "register.csv", _REGISTER_TOP + _REGISTER_ROWS), CATEGORIES)
    assert (saved.header_row, saved.headers, saved.mapping.columns) == \
        (workbook.header_row, workbook.headers, workbook.mapping.columns)
    assert [row.number for row in data_rows(saved)] == [5]


def test_headers_written_alike_are_numbered_and_a_mapping_naming_one_of_them_only_is_refused(tmp_path):
    path = write_csv(tmp_path / "twice.csv", [["接警时间", "警情类别", "姓名", "联系电话", "姓名"],
                                              ["2024-03-05 10:00", "纠纷", "张建国", "13812345678", "朱警官"]])
    opened = open_logbook(path, CATEGORIES)
    assert opened.headers == ["接警时间", "警情类别", "姓名 (1)", "联系电话", "姓名 (2)"]
    assert opened.index["姓名 (1)"] == 2 and opened.index["姓名 (2)"] == 4
    named = Mapping(name="old", columns={"received_at": "接警时间", "category": "警情类别", "reporter_name": "姓名 (1)"})
    assert open_logbook(path, CATEGORIES, named).mapping.columns["reporter_name"] == "姓名 (1)"
    with pytest.raises(DeskError) as refused:
        open_logbook(path, CATEGORIES, Mapping(name="old", columns={"received_at": "接警时间", "category": "警情类别",
                                                                    "reporter_name": "姓名"}))
    assert refused.value.key == "import.column_ambiguous" and "姓名 (2)" in refused.value.message
    # a saved mapping naming a column under two headers by its own words still finds it when it is the only one
    register = _register_xlsx(tmp_path / "register.xlsx")
    by_own = Mapping(name="old", columns={"received_at": "接警时间", "category": "警情类别", "reporter_id": "身份证号"})
    assert open_logbook(register, CATEGORIES, by_own).mapping.columns["reporter_id"] == "报警人（身份证号）"


def test_a_results_column_written_as_sentences_is_proposed_as_the_narrative_not_the_disposition(tmp_path):
    """A 110 system's 处警结果简要情况 holds what the officers did ("民警到场处置完毕"), not a disposition word:
    proposed as the disposition, every row would be rejected for a word no disposition has."""
    header = ["接警时间", "警情类别", "报警内容", "处警结果简要情况"]
    rows = [["2023-04-01 12:18", "纠纷", "报警人称有人殴打他人", "民警到场处置完毕"],
            ["2023-04-02 00:24", "求助", "报警人称老人走失", "民警到场将老人送回家中"],
            ["2023-04-02 12:58", "纠纷", "报警人称邻里纠纷", "经民警现场调解双方达成和解"]]
    opened = open_logbook(write_csv(tmp_path / "110.csv", [header, *rows]), CATEGORIES)
    assert "disposition" not in opened.mapping.columns
    assert opened.mapping.columns["narrative"] == "处警结果简要情况"
    words = write_csv(tmp_path / "register.csv", [["接警时间", "警情类别", "简要案情", "处理结果"],
                                                  ["2023-04-01 12:18", "纠纷", "殴打他人", "现场化解"],
                                                  ["2023-04-02 00:24", "求助", "老人走失", "调解不成功"]])
    assert open_logbook(words, CATEGORIES).mapping.columns["disposition"] == "处理结果"


@pytest.mark.parametrize("closing", [["注：警情类别按《110警情分类》填写"], ["备注：本表一式两份"], ["登记人：", None, "张调解员"],
                                     ["值班员（签字）：王建军", "", "", "带班领导（签字）：李所长"], ["本页共30条"],
                                     ["共计40件"], ["审核人：陈教导员"], ["制表：王建军"]])
def test_a_printed_registers_closing_lines_are_its_footer_not_rejected_rows(tmp_path, closing):
    path = write_csv(tmp_path / "duty.csv", [["三墩派出所值班登记簿（2023年6月）"], [],
                                             ["日期", "时间", "来电（访）人", "联系电话", "事由", "类别"],
                                             ["2023年6月1日", "20:31", "张国华", "0571-80818818", "邻居家中争吵", "纠纷"],
                                             [], closing])
    assert [row.number for row in data_rows(open_logbook(path, CATEGORIES))] == [4]


def test_a_note_beside_other_cells_is_a_record_not_a_footer(tmp_path):
    """A row whose first cell says 注： but that carries a date and a category is a record to read."""
    path = write_csv(tmp_path / "book.csv", [["备注", "接警时间", "警情类别"], ["注：补录", "2024-03-05 10:00", "纠纷"]])
    assert [row.number for row in data_rows(open_logbook(path, CATEGORIES))] == [2]


def test_a_mediation_registers_outcomes_are_not_all_read_as_mediated(tmp_path):
    """A people's mediation committee's register (调解结果): only an agreement is "mediated"; a mediation
    that failed or was ended is left for the officer to say (its rows wait in the preview), and 调解中 is a
    matter still under way, so its case stays open."""
    from datetime import timezone

    from frontdesk.intake.rows import RowReader

    outcomes = ["调解成功", "调解不成", "调解不成功", "调解未成", "终止调解", "调解中", "达成口头协议"]
    path = write_csv(tmp_path / "mediation.csv", [["编号", "受理日期", "纠纷类型", "纠纷简要情况", "调解结果"]] + [
        [str(n), f"2023-07-0{n + 1}", "纠纷", f"第{n}起纠纷", outcome] for n, outcome in enumerate(outcomes)])
    opened = open_logbook(path, CATEGORIES)
    assert opened.mapping.columns["disposition"] == "调解结果"
    opened.mapping = propose_values(opened)
    assert opened.mapping.dispositions == {
        "调解成功": "mediated", "调解不成": "", "调解不成功": "", "调解未成": "", "终止调解": "", "调解中": "in_progress",
        "达成口头协议": "mediated"}
    reader = RowReader(opened, zone=timezone.utc, now=datetime(2024, 1, 1, tzinfo=timezone.utc))
    read = {outcomes[row.number - 2]: reader.read(row) for row in data_rows(opened)}
    assert (read["调解成功"].status, read["调解成功"].disposition) == ("closed", "mediated")
    assert (read["调解中"].status, read["调解中"].disposition, read["调解中"].problems) == ("in_progress", None, ())
    assert all(read[word].problems and read[word].draft is None for word in ("调解不成", "调解不成功", "调解未成", "终止调解"))


@pytest.mark.parametrize("kind, written, expected", [
    # statuses as US CAD and 311 systems write them (Tempe, LAPD, Kansas City, Toronto, Houston)
    ("status", "CLR", "closed"), ("status", "IC", "in_progress"), ("status", "Invest Cont", "in_progress"),
    ("status", "ASSIG", "in_progress"), ("status", "RESOL", "closed"), ("status", "Completed", "closed"),
    ("status", "Initiated", "open"), ("status", "Closed - Duplicate", "duplicate"), ("status", "DUP", "duplicate"),
    ("status", "Cancelled", "unfounded"), ("status", "Adult Arrest", "referred"), ("status", "Adult Other", None),
    # dispositions (Cincinnati's coded ones, Seattle's sentences)
    ("disposition", "ADV: ADVISED", "resolved_on_site"), ("disposition", "NR: NO REPORT", "resolved_on_site"),
    ("disposition", "GOA: GONE ON ARRIVAL", "unfounded"), ("disposition", "CAN: CANCEL", "unfounded"),
    ("disposition", "ARR: ARREST", "referred"), ("disposition", "ASSISTANCE RENDERED", "resolved_on_site"),
    ("disposition", "ORAL WARNING GIVEN", "resolved_on_site"), ("disposition", "PHYSICAL ARREST MADE", "referred"),
    ("disposition", "UNABLE TO LOCATE INCIDENT OR COMPLAINANT", "unfounded"),
    ("disposition", "DUPLICATED OR CANCELLED BY RADIO", None),  # as much one as the other: the officer decides
    # channels (Tempe, Houston, Kansas City, Seattle)
    ("channel", "OFFICER", "patrol"), ("channel", "ALARM", "phone"), ("channel", "TEXT MESSAGE", "phone"),
    ("channel", "Voice In", "phone"), ("channel", "WAP", "online"), ("channel", "SELF SERVICE", "online"),
])
def test_us_status_disposition_and_channel_words_are_proposed(kind, written, expected):
    from frontdesk.intake.header_words import CHANNEL_WORDS
    from frontdesk.intake.logbook import disposition_words, status_words, vocabulary_words
    from frontdesk.vocab import CHANNELS

    words = {"status": status_words, "disposition": disposition_words,
             "channel": lambda: vocabulary_words("channel", CHANNELS, CHANNEL_WORDS)}[kind]()
    assert propose_value(written, words) == expected


def _read_rows(opened):
    from datetime import timezone

    from frontdesk.intake.rows import RowReader

    reader = RowReader(opened, zone=timezone.utc, now=datetime(2024, 1, 1, tzinfo=timezone.utc))
    return [reader.read(row) for row in data_rows(opened)]


def test_police_uks_last_outcome_category_is_proposed_as_the_disposition_where_its_words_fit(tmp_path):
    """police.uk's street-level crime (2019-01-metropolitan-street.csv): its Last outcome category was proposed as
    nothing. An outcome the station's lists have is proposed (a crime investigated or taken to court: referred
    for investigation; still under investigation: in progress; another organisation's to act on: handed off);
    Status update unavailable says nothing (closed as a row with none); the others are left for the officer."""
    header = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
              "LSOA name", "Crime type", "Last outcome category", "Context"]
    outcomes = ["Status update unavailable", "Investigation complete; no suspect identified", "Under investigation",
                "Court result unavailable", "Offender sent to prison", "Action to be taken by another organisation",
                "Formal action is not in the public interest"]
    path = write_csv(tmp_path / "2019-01-metropolitan-street.csv", [header] + [
        [f"{n:064x}", "2019-01", "Metropolitan Police Service", "Metropolitan Police Service", "0.140035",
         "51.582887", "On or near Hatfield Road", "E01000027", "Barking and Dagenham 001A", "Burglary", outcome, ""]
        for n, outcome in enumerate(outcomes, start=1)])
    opened = open_logbook(path, CATEGORIES)
    assert opened.mapping.columns["disposition"] == "Last outcome category"
    opened.mapping = propose_values(opened)
    assert opened.mapping.dispositions == {
        "Investigation complete; no suspect identified": "referred", "Under investigation": "in_progress",
        "Court result unavailable": "referred", "Offender sent to prison": "referred",
        "Action to be taken by another organisation": "handed_off", "Formal action is not in the public interest": ""}
    from dataclasses import replace

    opened.mapping = replace(opened.mapping, columns={**opened.mapping.columns, "received_at": "Month"},
                             date_format="%Y-%m")
    read = dict(zip(outcomes, _read_rows(opened)))
    assert [(read[word].status, read[word].disposition) for word in outcomes[:6]] == [
        ("closed", "resolved_on_site"), ("closed", "referred"), ("in_progress", None), ("closed", "referred"),
        ("closed", "referred"), ("closed", "handed_off")]
    assert read["Status update unavailable"].closed_by_default and not read["Status update unavailable"].problems
    assert read["Formal action is not in the public interest"].problems  # the officer says what it is
    # Essex's month, most of its outcomes "Investigation complete; no suspect identified": outcomes, not sentences
    # of what was done (a narrative)
    essex = ["Investigation complete; no suspect identified"] * 3 + ["Offender given penalty notice", ""]
    path = write_csv(tmp_path / "2018-01-essex-street.csv", [[name.lower().replace(" ", "_") for name in header]] + [
        [f"{n:064x}", "2018-01", "Essex Police", "Essex Police", "0.738080", "52.042187", "On or near Banham Drive",
         "E01029913", "Babergh 007B", "Burglary", outcome, ""] for n, outcome in enumerate(essex, start=1)])
    assert open_logbook(path, CATEGORIES).mapping.columns["disposition"] == "last_outcome_category"


def test_a_fire_brigades_real_or_false_alarm_column_is_proposed_as_the_disposition(tmp_path):
    """浦东's 每日火警详情 says of each call 实警 (a real fire) or 虚警 (a false alarm) in its 实/虚警 column: a false
    alarm is an unfounded call; a real one says nothing of how it was closed (the mapping's default)."""
    header = ["立案时间", "火警地址", "火警类型", "实/虚警", "备注内容"]
    path = write_csv(tmp_path / "pudong.csv", [header,
                                               ["2025-04-23 00:26:36", "即墨路99号", "居民", "虚警", "误报"],
                                               ["2025-04-23 00:16:02", "浦东大道1号", "杂物", "实警", "室外烧祭祀"],
                                               ["2025-04-22 22:54:10", "东方路2号", "居民", "实警", "烧纸板箱"]])
    opened = open_logbook(path, CATEGORIES)
    assert opened.mapping.columns["disposition"] == "实/虚警" and opened.mapping.columns["narrative"] == "备注内容"
    opened.mapping = propose_values(opened)
    assert opened.mapping.dispositions == {"虚警": "unfounded", "实警": "resolved_on_site"}
    assert [(row.status, row.disposition) for row in _read_rows(opened)] == [
        ("closed", "unfounded"), ("closed", "resolved_on_site"), ("closed", "resolved_on_site")]
