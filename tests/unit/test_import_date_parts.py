"""A date written over several columns (Vancouver's police: YEAR | MONTH | DAY | HOUR | MINUTE; Barcelona's
Guàrdia Urbana: Any | Mes_any | Dia_mes | Hora_dia) is read as a column of its own. Before, such a file had
no date column to map and imported nothing. Rows copied from the published files."""

from __future__ import annotations

import csv
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from frontdesk.intake.date_parts import Composed
from frontdesk.intake.logbook import data_rows, open_logbook, propose_values
from frontdesk.intake.mapping import Mapping
from frontdesk.intake.mapping_file import load_mapping, save_mapping
from frontdesk.intake.rows import RowReader
from tests.conftest import FROZEN_NOW
from tests.unit.test_case_import import desk, imports  # noqa: F401
from tests.unit.test_import_real_exports import CATEGORIES

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Vancouver Police Department crime data, 2017 (its hour and minute written as floats).
VANCOUVER = """TYPE,YEAR,MONTH,DAY,HOUR,MINUTE,LAT,LON,NEIGHBOURHOOD
Theft from Vehicle,2017,9,5,3.0,44.0,49.262000757965616,-123.10033755028331,Mount Pleasant
Theft from Vehicle,2017,10,4,5.0,0.0,49.28227025302496,-123.08096160337894,Strathcona
Theft of Bicycle,2017,5,5,18.0,0.0,49.26,-123.1,Fairview
Mischief,2017,11,17,,,49.27,-123.12,West End
"""
#: Barcelona's city police, pedestrians in traffic accidents 2010 (ISO-8859-1, semicolons; the weekday and the
#: month's name are words beside the numbers).
BARCELONA = ("Numero_expedient;Codi_districte;Nom_districte;Nom_carrer;Descripcio_dia_setmana;Any;Mes_any;Nom_mes;"
             "Dia_mes;Hora_dia;Descripcio_torn;Descripcio_causa_vianant\n"
             "2010S003688;10;Sant Martí;Meridiana;Divendres;2010;5;Maig;28;19;Tarda;Desconegut\n"
             "2010S007597;10;Sant Martí;Trinxant;Dilluns;2010;11;Novembre;8;11;Matí;Desconegut\n"
             "2010S000574;10;Sant Martí;Indústria;Dilluns;2010;1;Gener;25;7;Matí;Desconegut\n")


def _opened(tmp_path, name: str, text: str, encoding: str = "utf-8", mapping: Mapping | None = None):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return open_logbook(str(path), CATEGORIES, mapping)


def _received(opened, **mapping) -> list[str]:
    opened.mapping = replace(opened.mapping, **mapping)
    opened.mapping = propose_values(opened)
    opened.mapping = replace(opened.mapping, categories=dict.fromkeys(opened.mapping.categories, "other"))
    reader = RowReader(opened, zone=SHANGHAI, now=FROZEN_NOW)
    rows = [reader.read(row) for row in data_rows(opened)]
    return ["; ".join(problem.key for problem in row.problems) if row.problems else
            row.received_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") for row in rows]


def test_vancouvers_date_and_time_over_five_columns_are_proposed_and_read(tmp_path):
    opened = _opened(tmp_path, "vancouverCrime2017.csv", VANCOUVER)
    assert opened.headers[-2:] == ["YEAR/MONTH/DAY", "HOUR:MINUTE"]
    assert opened.mapping.columns["received_at"] == "YEAR/MONTH/DAY"
    assert opened.mapping.columns["received_time"] == "HOUR:MINUTE"
    # (a row with no hour is the day alone, as a date column's date with its time cell empty)
    assert _received(opened) == ["2017-09-05 03:44", "2017-10-04 05:00", "2017-05-05 18:00", "2017-11-17 00:00"]


def test_barcelonas_catalan_columns_give_the_date_and_its_hour_but_not_the_weekday_or_the_months_name(tmp_path):
    opened = _opened(tmp_path, "2010_accidents_gu_bcn.csv", BARCELONA, "latin-1")
    columns = opened.mapping.columns
    assert (columns["received_at"], columns["received_time"]) == ("Any/Mes_any/Dia_mes", "Hora_dia")
    assert (columns["record_no"], columns["place"]) == ("Numero_expedient", "Nom_carrer")
    assert [c.name for c in opened.composed] == ["Any/Mes_any/Dia_mes"]  # (Nom_mes, Descripcio_dia_setmana: words)
    assert _received(opened, default_category="traffic") == ["2010-05-28 19:00", "2010-11-08 11:00",
                                                             "2010-01-25 07:00"]


def test_a_column_named_for_a_part_but_holding_other_numbers_is_not_one(tmp_path):
    """A day of the week, a year alone (São Paulo's ANO_BO beside its full dates), a month past 12."""
    weekday = _opened(tmp_path, "a.csv", "Year,Month,Weekday,Type\n2023,4,6,Theft\n2023,4,7,Theft\n")
    assert weekday.composed == () and weekday.headers == ["Year", "Month", "Weekday", "Type"]
    alone = _opened(tmp_path, "b.csv", "ANO_BO,BO_INICIADO,RUBRICA\n2021,2021-01-01 02:30:36,Roubo (art. 157)\n")
    assert alone.composed == () and alone.mapping.columns["received_at"] == "BO_INICIADO"
    wrong = _opened(tmp_path, "c.csv", "year,month,day,type\n2023,14,3,Theft\n2023,4,3,Theft\n")
    assert wrong.composed == ()


def test_a_file_with_a_date_column_keeps_it_the_parts_listed_beside_it(tmp_path):
    opened = _opened(tmp_path, "d.csv", "Date,Year,Month,Day,Type\n2023-04-03 10:15,2023,4,3,Theft\n")
    assert opened.mapping.columns["received_at"] == "Date"
    assert "Year/Month/Day" in opened.headers  # (the officer may still choose it)


def test_chinese_headers_of_year_month_day_hour_minute(tmp_path):
    opened = _opened(tmp_path, "登记表.csv", "年,月,日,时,分,类别,简要案情\n2024,3,5,14,20,纠纷,邻居争吵\n"
                                          "2024,3,6,9,5,求助,钥匙锁在车内\n")
    assert (opened.mapping.columns["received_at"], opened.mapping.columns["received_time"]) == ("年/月/日", "时:分")
    assert _received(opened) == ["2024-03-05 14:20", "2024-03-06 09:05"]


def test_a_bad_part_refuses_the_row_showing_what_was_written(tmp_path):
    opened = _opened(tmp_path, "v.csv", VANCOUVER + "Theft of Bicycle,2017,13,5,1.0,0.0,49.2,-123.1,Fairview\n"
                                                    "Theft of Bicycle,2017,May,5,1.0,0.0,49.2,-123.1,Fairview\n")
    reader_rows = _received(opened)
    assert reader_rows[-2:] == ["import.bad_date", "2017-05-05 01:00"]  # (a month's name is read as a date's)
    composed = opened.composed[0]
    assert composed.cell(("", "2017", "13", "5")) == "2017-13-05"  # (shown as it reads, refused)
    assert composed.cell(("", "2017", "May", "5")) == "2017/May/5"


def test_a_mapping_names_parts_whose_headers_the_desk_does_not_know(tmp_path):
    """Dutch headers: year, month and day named in that order, the hour and minute likewise."""
    text = "Soort,Jaar,Maand,Dag,Uur,Minuut\nDiefstal,2017,9,5,3,44\nDiefstal,2017,10,4,5,0\n"
    mapping = Mapping(name="politie", columns={"received_at": "Jaar/Maand/Dag", "received_time": "Uur:Minuut",
                                               "category": "Soort"}, categories={"Diefstal": "theft"})
    opened = _opened(tmp_path, "politie.csv", text, mapping=mapping)
    assert not opened.absent and opened.mapping.columns["received_at"] == "Jaar/Maand/Dag"
    assert _received(opened) == ["2017-09-05 03:44", "2017-10-04 05:00"]


def test_a_saved_mapping_naming_the_parts_reads_the_file_again(tmp_path):
    opened = _opened(tmp_path, "vancouverCrime2017.csv", VANCOUVER)
    save_mapping(replace(opened.mapping, name="vpd"), tmp_path)
    saved = load_mapping("vpd", tmp_path)
    assert saved.columns["received_at"] == "YEAR/MONTH/DAY"
    again = _opened(tmp_path, "vancouverCrime2018.csv", VANCOUVER, mapping=saved)
    assert not again.absent and again.mapping.columns["received_time"] == "HOUR:MINUTE"


@pytest.mark.parametrize("cells, expected", [(("2017", "9", "5"), "2017-09-05"), ((2017, 9.0, "05"), "2017-09-05"),
                                             (("", "", ""), ""), (("2017", "", "5"), "2017//5")])
def test_the_parts_put_together(cells, expected):
    assert Composed("Y/M/D", "date", (0, 1, 2)).cell(cells) == expected


def test_an_import_keeps_the_files_own_columns_in_its_rejects(tmp_path, imports):
    path = tmp_path / "vancouverCrime2017.csv"
    path.write_text(VANCOUVER + "Theft of Bicycle,2017,13,5,1.0,0.0,49.2,-123.1,Fairview\n", encoding="utf-8")
    opened = imports.open(str(path))
    opened.mapping = replace(opened.mapping, categories=dict.fromkeys(opened.mapping.categories, "theft"))
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (4, 1), [r.reason for r in result.rejects]
    with result.rejects_path.open(encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle))[:2]
    assert header[2:-1] == VANCOUVER.splitlines()[0].split(",")  # (no YEAR/MONTH/DAY column added)
    assert row[2:5] == ["Theft of Bicycle", "2017", "13"]


@pytest.mark.parametrize("lang, summary", [("en", "Traffic"), ("zh", "交通")])
def test_a_file_with_no_type_and_no_summary_takes_its_default_categorys_name(tmp_path, imports, desk, lang, summary):
    """Barcelona's accidents give neither: imported with `default_category = "traffic"`, each case is
    summarised by the category's name (before, every row was refused, its summary empty)."""
    from frontdesk.i18n import set_language
    from tests.unit.test_case_import import count

    set_language(lang)
    path = tmp_path / "2010_accidents_gu_bcn.csv"
    path.write_bytes(BARCELONA.encode("latin-1"))
    opened = imports.open(str(path))
    opened.mapping = replace(opened.mapping, default_category="traffic")
    assert imports.run(opened).imported == 3
    assert count(desk.engine, "SELECT count(*) FROM \"case\" WHERE summary = :s AND category = 'traffic'",
                 s=summary) == 3


def test_a_blank_row_of_a_file_with_a_summary_column_is_still_refused(tmp_path):
    """Only a file that has neither a summary nor a type is summarised by its default category's name."""
    opened = _opened(tmp_path, "log.csv", "Date,Type,Description,Location\n2023-05-07 11:00,,,Elm St\n"
                                          "2023-05-07 12:00,Theft,Bike taken,Elm St\n")
    assert _received(opened, default_category="other") == ["import.missing", "2023-05-07 12:00"]


@pytest.mark.parametrize("header, columns", [
    # a time column beside the parts is the time of day, not the date (Hora had been made the received column)
    ("Año,Mes,Día,Hora,Tipo", {"received_at": "Año/Mes/Día", "received_time": "Hora"}),
    ("Year,Month,Day,Time,Type", {"received_at": "Year/Month/Day", "received_time": "Time"}),
    ("年,月,日,时间,类别", {"received_at": "年/月/日", "received_time": "时间"}),
    # a row number and a score are no day and no minute (序号 ends in 号, 评分 in 分)
    ("序号,年,月,日,时,满意度评分,类别", {"received_at": "年/月/日", "received_time": "时"}),
    # 受案 (a case taken in) before each part, and in traditional characters 來電
    ("受案年,受案月,受案日,受案时,类别", {"received_at": "受案年/受案月/受案日", "received_time": "受案时"}),
    ("來電年,來電月,來電日,類別", {"received_at": "來電年/來電月/來電日"}),
    # a birth date in parts is no date of the matter's
    ("出生年,出生月,出生日,类别", {"received_at": None}),
    # France's road accidents: the day in parts, the time HHMM in a column of its own (hrmn: 1900)
    ("num_acc,mois,jour,hrmn,lum,adr,annee", {"received_at": "annee/mois/jour", "received_time": "hrmn"}),
    # the report's date over the offence's, whatever their order; each with its own hour
    ("ID,Occurrence Year,Occurrence Month,Occurrence Day,Occurrence Hour,Reported Year,Reported Month,Reported Day,"
     "Reported Hour,Reported Minute,Offence",
     {"received_at": "Reported Year/Reported Month/Reported Day", "received_time": "Reported Hour:Reported Minute"}),
])
def test_the_parts_proposed_beside_other_columns(tmp_path, header, columns):
    values = {"Año": "2023", "Mes": "5", "Día": "7", "Hora": "14:30", "Year": "2023", "Month": "5", "Day": "7",
              "Time": "14:30", "年": "2023", "月": "5", "日": "7", "时间": "14:30", "序号": "3", "时": "14",
              "满意度评分": "5", "ID": "1", "num_acc": "201900000001", "mois": "5", "jour": "7", "hrmn": "1900",
              "lum": "1", "adr": "rue du port", "annee": "2019", "受案年": "2023", "受案月": "5", "受案日": "7",
              "受案时": "14", "來電年": "2023", "來電月": "5", "來電日": "7", "出生年": "1967", "出生月": "10",
              "出生日": "7"}
    row = ",".join(values.get(name, "2023" if "Year" in name else "5" if "Month" in name or "Minute" in name else
                               "7" if "Day" in name else "14" if "Hour" in name else "Theft")
                   for name in header.split(","))
    opened = _opened(tmp_path, "log.csv", f"{header}\n{row}\n{row}\n{row}\n")
    assert {name: opened.mapping.columns.get(name) for name in columns} == columns


#: Toronto's major crime indicators (its open-data CSV): times marked UTC that its own hour columns show are local.
TORONTO = ("\ufeffX,Y,Index_,event_unique_id,occurrencedate,reporteddate,premisetype,offence,reportedyear,"
           "reportedmonth,reportedday,reportedhour,occurrencehour,MCI,Neighbourhood\n"
           "-79.39,43.72,7734,GO-20151746998,2015-10-10T01:45:00.000Z,2015-10-10T04:05:00.000Z,Outside,"
           "Robbery - Other,2015,October,10,4,1,Robbery,Lawrence Park South (103)\n"
           "-79.44,43.66,7736,GO-2015510539,2015-03-25T11:42:00.000Z,2015-03-25T11:42:00.000Z,House,B&E,2015,March,"
           "25,11,11,Break and Enter,Dovercourt-Wallace Emerson-Junction (93)\n"
           "-79.48,43.68,7737,GO-20151729744,2015-10-07T19:00:00.000Z,2015-10-08T04:47:00.000Z,House,B&E,2015,"
           "October,8,4,19,Break and Enter,Rockcliffe-Smythe (111)\n"
           "-79.37,43.65,7738,GO-201584614,2015-01-14T21:09:00.000Z,2015-01-14T21:09:00.000Z,Commercial,B&E,2015,"
           "January,14,21,21,Break and Enter,Moss Park (73)\n"
           "-79.41,43.65,7739,GO-20151593004,2015-09-15T06:37:00.000Z,2015-09-15T06:37:00.000Z,House,B&E,2015,"
           "September,15,6,6,Break and Enter,Trinity-Bellwoods (81)\n")


@pytest.mark.parametrize("lang, words", [("en", "are marked UTC (Z), but “reportedhour” gives the same hours"),
                                         ("zh", "中的时间标为 UTC（Z），但“reportedhour”列给出的小时与所写相同")])
def test_times_marked_utc_that_the_files_hour_column_shows_local_are_read_as_local(tmp_path, lang, words):
    """Before, 2015-01-14T21:09Z (reportedhour 21) became 15 January 05:09 at a desk in China: every case hours
    out, a third a day out."""
    from frontdesk.i18n import set_language
    from frontdesk.intake.preview import file_notes

    set_language(lang)
    opened = _opened(tmp_path, "toronto-mci.csv", TORONTO)
    assert opened.mapping.date_format == "%Y-%m-%dT%H:%M:%S.%fZ" and opened.local_hours == "reportedhour"
    assert any(words in note for note in file_notes(opened))
    assert _received(opened) == ["2015-10-10 04:05", "2015-03-25 11:42", "2015-10-08 04:47", "2015-01-14 21:09",
                                 "2015-09-15 06:37"]


def test_times_marked_utc_that_are_utc_stay_so(tmp_path):
    """Charlottesville's DateReported is UTC: its HourReported (0317) is the local hour, four hours before."""
    text = ("\ufeffRecordID,Offense,IncidentID,DateReported,HourReported\n"
            + "".join(f"{n},Larceny - All Other,2019000{n},2019-07-2{n}T{hour:02d}:17:08.000Z,{hour - 4:02d}17\n"
                      for n, hour in enumerate((7, 9, 12, 15, 18, 21), start=1)))
    opened = _opened(tmp_path, "Crime_Data.csv", text)
    assert opened.mapping.date_format == "" and opened.local_hours == ""
    # Halifax's dates alone, every one at 04:00Z: no hour column, nothing to show them local
    halifax = _opened(tmp_path, "halifax.csv", "id,date,location,desc\n" + "".join(
        f"{n},2017-03-2{n}T04:00:00.000Z,FREDERICK AVE,THEFT FROM VEHICLE\n" for n in range(6)))
    assert halifax.mapping.date_format == ""


@pytest.mark.parametrize("lang, words", [
    ("en", "Every row read as the import would (rows read: 5): 4 would be imported (but for any already there), 1 "
           "refused as they stand (unknown category 1)."),
    ("zh", "已按导入方式读取全部行：共 5 行；4 行将被导入（已存在的除外），1 行按现状将被拒收（类别未对应 1）。")])
def test_a_dry_run_reads_every_row_and_says_how_many_would_be_refused(tmp_path, imports, desk, capsys, lang, words):
    """Before, a dry run showed the first rows only: a file whose rows would all be refused looked importable."""
    from types import SimpleNamespace

    from frontdesk.i18n import set_language
    from frontdesk.intake.cli import import_from_command_line
    from tests.unit.test_case_import import count

    set_language(lang)
    path = tmp_path / "vancouverCrime2017.csv"
    path.write_text(VANCOUVER + "Theft of Bicycle,2017,5,6,1.0,0.0,49.2,-123.1,Fairview\n", encoding="utf-8")
    args = SimpleNamespace(file=str(path), mapping="", save_mapping="", dry_run=True)
    assert import_from_command_line(args, imports) == 0
    assert words in capsys.readouterr().out
    assert count(desk.engine, 'SELECT count(*) FROM "case"') == 0
