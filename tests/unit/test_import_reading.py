"""Reading logbooks as other systems write them: every date form, the mapping's format and time zone, the
reading the preview names, bad files refused by name with nothing written, and numbers masked in what the
import leaves behind."""

from __future__ import annotations

import codecs
import csv
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from db.engine import read_session
from frontdesk.context import DeskContext
from frontdesk.desk import Desk
from frontdesk.i18n import DeskError, set_language
from frontdesk.intake.cells import BadValue, read_when
from frontdesk.intake.clock_times import parse_time_of_day
from frontdesk.intake.desk import CaseImports
from frontdesk.intake.logbook_file import LogbookFile
from frontdesk.intake.mapping import Mapping
from frontdesk.intake.mapping_file import load_mapping, save_mapping
from frontdesk.intake.preview import other_sheets_text, speed_text
from tests.conftest import FROZEN_NOW

DATA = Path(__file__).parent.parent / "data"
CALLS = DATA / "berkeley-calls-for-service.csv"
CALLS_MAPPING = DATA / "berkeley-calls-mapping.toml"
UTC8 = timezone(timedelta(hours=8))


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)


@pytest.fixture
def imports(desk, tmp_path) -> CaseImports:
    return CaseImports(DeskContext(settings=replace(desk.settings, data_dir=tmp_path, config_path=tmp_path / "config.toml"),
                                   engine=desk.engine, on_duty=desk.on_duty, url=desk.url, clock=desk.clock))


def count(engine, sql: str) -> int:
    with read_session(engine) as session:
        return session.execute(text(sql)).scalar_one()


def received_times(engine) -> list[str]:
    with read_session(engine) as session:
        return sorted(str(value)[:16] for value in session.execute(text('SELECT received_at FROM "case"')).scalars())


# ---- every date form ------------------------------------------------------------------------------

@pytest.mark.parametrize("written, day_first, expected, reading", [
    # ISO 8601: T, seconds, fractions, offsets
    ("2022-08-10T06:10:00+08:00", True, datetime(2022, 8, 10, 6, 10, tzinfo=UTC8), "iso_offset"),
    ("2022-08-10T06:10:00Z", True, datetime(2022, 8, 10, 6, 10, tzinfo=timezone.utc), "iso_offset"),
    ("2022-08-10T06:10", True, datetime(2022, 8, 10, 6, 10), "iso"),
    ("2022-08-10 18:10:00.000", True, datetime(2022, 8, 10, 18, 10), "iso"),
    ("2022-08-10 18:10:00.123456", False, datetime(2022, 8, 10, 18, 10), "iso"),
    ("2022-08-10", True, datetime(2022, 8, 10), "iso"),
    # year first is year, month, day in either day order (Tempe's 2022/08/01 01:39:31+00 was read as 8 January)
    ("2022/08/01 01:39:31+00", True, datetime(2022, 8, 1, 1, 39, 31, tzinfo=timezone.utc), "year_first"),
    ("2022.08.01 01:39 +08:00", True, datetime(2022, 8, 1, 1, 39, tzinfo=UTC8), "year_first"),
    ("2022/8/1 1:39:31 PM +00", True, datetime(2022, 8, 1, 13, 39, 31, tzinfo=timezone.utc), "year_first"),
    ("2022/08/01T01:39:31Z", False, datetime(2022, 8, 1, 1, 39, 31, tzinfo=timezone.utc), "year_first"),
    # 12-hour clocks, month first (a US export) and day first
    ("08/10/2022 12:00:00 AM", False, datetime(2022, 8, 10, 0, 0), "month_first"),
    ("08/10/2022 6:10 AM", False, datetime(2022, 8, 10, 6, 10), "month_first"),
    ("08/10/2022 6:10 PM", True, datetime(2022, 10, 8, 18, 10), "day_first"),
    ("08/10/2022 12:30 PM", False, datetime(2022, 8, 10, 12, 30), "month_first"),
    ("13/05/2022 1:00 p.m.", False, datetime(2022, 5, 13, 13, 0), "day_first"),  # 13 cannot be a month
    # both day orders settled by the mapping's day_first
    ("04/05/2022", True, datetime(2022, 5, 4), "day_first"),
    ("04/05/2022", False, datetime(2022, 4, 5), "month_first"),
    ("05.03.2024 14:20", True, datetime(2024, 3, 5, 14, 20), "day_first"),
    # English month names
    ("Aug 10, 2022 6:10 PM", True, datetime(2022, 8, 10, 18, 10), "words"),
    ("10 August 2022 18:10", False, datetime(2022, 8, 10, 18, 10), "words"),
    ("Sept 3 2022", True, datetime(2022, 9, 3), "words"),
    ("Wed, 10 Aug 2022 06:10:00 GMT", True, datetime(2022, 8, 10, 6, 10, tzinfo=timezone.utc), "words"),
    # the Chinese forms: 年月日, 上午/下午, 时分, 点, 半
    ("2024年3月5日 14时20分", True, datetime(2024, 3, 5, 14, 20), "chinese"),
    ("2024年3月5日14点20分", False, datetime(2024, 3, 5, 14, 20), "chinese"),
    ("2024年3月5日 下午2点半", True, datetime(2024, 3, 5, 14, 30), "chinese"),
    ("2024年3月5日 上午9:05", True, datetime(2024, 3, 5, 9, 5), "chinese"),
    ("２０２４年３月５日", True, datetime(2024, 3, 5), "chinese"),  # full-width digits
    ("2023年3月5日 星期日 下午2时30分", True, datetime(2023, 3, 5, 14, 30), "chinese"),  # a weekday beside it
    ("2023年3月6日（周一）9:05", True, datetime(2023, 3, 6, 9, 5), "chinese"),
    ("2023年3月5日礼拜天", True, datetime(2023, 3, 5), "chinese"),
    ("二〇二三年三月十五日 下午两点二十分", True, datetime(2023, 3, 15, 14, 20), "chinese"),  # Chinese numerals
    ("二零二三年十二月三十一日 二十三时", True, datetime(2023, 12, 31, 23, 0), "chinese"),
    ("二○二四年二月九日 中午十二点半", True, datetime(2024, 2, 9, 12, 30), "chinese"),
    ("2023年10月5日 14时30分许", True, datetime(2023, 10, 5, 14, 30), "chinese"),  # about then, as police write
    ("2023年10月5日9时10分左右", True, datetime(2023, 10, 5, 9, 10), "chinese"),
    ("2023年10月5日 约16时", True, datetime(2023, 10, 5, 16, 0), "chinese"),
    ("2023年10月5日 晚8时", True, datetime(2023, 10, 5, 20, 0), "chinese"),  # evening, night and small hours
    ("2023年10月5日 夜间23时10分", True, datetime(2023, 10, 5, 23, 10), "chinese"),
    ("2023年10月5日 夜里10点", True, datetime(2023, 10, 5, 22, 0), "chinese"),
    ("2023年10月5日 深夜1时", True, datetime(2023, 10, 5, 1, 0), "chinese"),
    ("2023年10月5日 凌晨12点30分", True, datetime(2023, 10, 5, 0, 30), "chinese"),
    ("2023年10月4日 晚上12点", True, datetime(2023, 10, 5, 0, 0), "chinese"),  # the midnight that ends the 4th
    ("2023年10月4日24时", True, datetime(2023, 10, 5, 0, 0), "chinese"),
    ("2023年10月4日 晚上12点30分", True, datetime(2023, 10, 5, 0, 30), "chinese"),
    ("2023年3月5日 夜12时", True, datetime(2023, 3, 6, 0, 0), "chinese"),
    ("2023031514", True, datetime(2023, 3, 15, 14, 0), "compact"),  # a date and an hour, not Unix seconds
    ("2024/3/5 14:20", True, datetime(2024, 3, 5, 14, 20), "year_first"),
    ("20240305 1420", True, datetime(2024, 3, 5, 14, 20), "compact"),
    # Excel: serial numbers as text and as numbers, real date cells
    ("45356.6", True, datetime(2024, 3, 5, 14, 24), "excel_serial"),
    (45356, True, datetime(2024, 3, 5), "excel_serial"),
    (datetime(2024, 3, 5, 14, 20, 7, 500), True, datetime(2024, 3, 5, 14, 20, 7), "excel_date"),
    (date(2024, 3, 5), True, datetime(2024, 3, 5), "excel_date"),
    # Unix time, as GIS and web exports write a moment: seconds or milliseconds, in UTC
    ("1660111800", True, datetime(2022, 8, 10, 6, 10, tzinfo=timezone.utc), "epoch"),
    ("1660111800000", False, datetime(2022, 8, 10, 6, 10, tzinfo=timezone.utc), "epoch"),
    (1660111800000, True, datetime(2022, 8, 10, 6, 10, tzinfo=timezone.utc), "epoch"),
    (1660111800.5, True, datetime(2022, 8, 10, 6, 10, tzinfo=timezone.utc), "epoch"),
])
def test_every_date_form_is_read_and_says_how(written, day_first, expected, reading):
    assert read_when(written, day_first=day_first) == (expected, reading)


@pytest.mark.parametrize("written", ["", "hello", "12", "2024", "2024-02-30 10:00", "08/10/2022 13:10 PM",
                                     "32/13/2022", "2024年13月5日", "Smarch 10, 2022", "2024-03-05 25:00",
                                     "0000000001", "9999999999999", "二〇二三年十三月五日", "二〇二三年三月百日", "2023年10月4日25时",
                                     "一百二十三"])
def test_what_is_not_a_date_is_still_refused(written):
    with pytest.raises(BadValue):
        read_when(written, day_first=False)


def test_an_explicit_format_wins_over_every_guess():
    assert read_when("04/05/2022", day_first=True, date_format="%m/%d/%Y") == (datetime(2022, 4, 5), "format")
    assert read_when("2022.08.10 06h10", date_format="%Y.%m.%d %Hh%M")[0] == datetime(2022, 8, 10, 6, 10)
    with pytest.raises(BadValue):  # the format is the format: a cell written otherwise is refused, not guessed
        read_when("2022-08-10 06:10", date_format="%d/%m/%Y %H:%M")


@pytest.mark.parametrize("written, expected", [
    ("6:10:00 AM", time(6, 10)), ("12:00:00 AM", time(0, 0)), ("12:30 PM", time(12, 30)),
    ("11:59:00 PM", time(23, 59)), ("6:10 a.m.", time(6, 10)), ("14:20", time(14, 20)), ("1420", time(14, 20)),
    ("下午2点半", time(14, 30)), ("14时20分", time(14, 20)), ("下午两点半", time(14, 30)), ("十四时五分", time(14, 5)),
    ("14时30分许", time(14, 30)), ("约9时", time(9, 0)), ("15.17", time(15, 17)), ("晚8时", time(20, 0)),
    ("凌晨12点", time(0, 0)), ("深夜1时", time(1, 0)), (0.25, time(6, 0)), (time(6, 10, 5), time(6, 10, 5)),
])
def test_times_of_day_in_their_own_column(written, expected):
    assert parse_time_of_day(written) == expected


@pytest.mark.parametrize("written", ["13:10 PM", "0:30 AM", "25:00", "soon"])
def test_what_is_not_a_time_of_day_is_refused(written):
    with pytest.raises(BadValue):
        parse_time_of_day(written)


def test_the_iso_fast_path_stays_cheap():
    """Parsing must leave room for 5,000 rows a second: the ISO path, every text different, well under 20 µs."""
    import timeit

    from frontdesk.intake.cells import read_text

    texts = [(datetime(2022, 1, 1) + timedelta(minutes=7 * i)).strftime("%Y-%m-%dT%H:%M:%S") for i in range(20000)]
    read_text.cache_clear()
    seconds = timeit.timeit(lambda: [read_when(value) for value in texts], number=1)
    assert seconds / len(texts) < 50e-6  # measured about 7 µs; generous for a busy machine


# ---- a real export's shape: the date and a 12-hour time in their own columns, another time zone ------

def test_a_us_call_log_with_12_hour_times_imports_every_row_in_its_own_time_zone(imports, desk, tmp_path):
    opened = imports.open(str(CALLS), str(CALLS_MAPPING))
    assert opened.mapping.day_first is False and opened.mapping.time_zone == "America/Los_Angeles"
    shown = imports.preview(opened)
    assert not [row.problems for row in shown.rows if row.problems]
    # 08/10/2022 6:10 AM in California (UTC-7 in summer) is 13:10 UTC, 21:10 at a desk in China.
    assert shown.readings[0] == ("08/10/2022 12:00:00 AM + 6:10:00 AM → 10 Aug 2022 21:10 "
                                 "(month first, from America/Los_Angeles)")
    done = imports.run(opened)
    assert (done.read, done.imported, done.rejected) == (10, 10, 0)
    times = received_times(desk.engine)
    assert "2022-08-10 13:10" in times  # 6:10:00 AM
    assert "2022-08-11 06:45" in times  # 11:45:00 PM on 10 August is the next morning in UTC
    assert "2022-04-05 19:05" in times  # 04/05/2022 is 5 April, month first; 12:05:00 PM is noon
    assert "2022-04-23 07:30" in times  # 12:30:00 AM is just after midnight
    assert "2022-10-30 10:20" in times  # 30 October, still summer time in California
    assert count(desk.engine, "SELECT count(*) FROM \"case\" WHERE category = 'theft'") == 4
    again = imports.run(imports.open(str(CALLS), str(CALLS_MAPPING)))
    assert (again.imported, again.skipped) == (0, 10)


def test_the_preview_names_the_reading_in_chinese_too(imports, tmp_path):
    set_language("zh")
    shown = imports.preview(imports.open(str(CALLS), str(CALLS_MAPPING)))
    assert shown.readings[0] == "08/10/2022 12:00:00 AM + 6:10:00 AM → 2022年8月10日 21:10（月在前，由 America/Los_Angeles 时间换算）"


def test_an_offset_in_the_cell_wins_and_a_mapping_format_is_used(imports, desk, tmp_path):
    path = tmp_path / "utc.csv"
    path.write_text("Ref,When,Type,What\n"
                    "U-1,2022-08-10T06:10:00+08:00,THEFT,bike\n"
                    "U-2,2022-08-10T06:10:00Z,THEFT,car\n"
                    "U-3,10|08|2022 06h10,THEFT,van\n", encoding="utf-8")
    mapping = Mapping(name="utc", columns={"record_no": "Ref", "received_at": "When", "category": "Type",
                                           "summary": "What"}, categories={"THEFT": "theft"}, time_zone="UTC")
    opened = imports.remap(imports.open(str(path)), mapping)
    first = imports.run(opened)
    assert (first.imported, first.rejected) == (2, 1)  # the third is not ISO: rejected with its reason
    assert "10|08|2022 06h10" in first.rejects[0].reason
    opened = imports.remap(opened, replace(mapping, date_format="%d|%m|%Y %Hh%M"))
    assert imports.run(opened).imported == 1  # with the format the officer gave, only the odd row is readable
    assert received_times(desk.engine) == ["2022-08-09 22:10", "2022-08-10 06:10", "2022-08-10 06:10"]


# ---- mappings --------------------------------------------------------------------------------------

def test_a_mapping_keeps_its_format_and_time_zone(tmp_path):
    path = save_mapping(Mapping(name="calls", columns={"received_at": "EVENTDT"}, day_first=False,
                                date_format="%m/%d/%Y %I:%M:%S %p", time_zone="America/Los_Angeles"), tmp_path)
    again = load_mapping("calls", tmp_path)
    assert (again.day_first, again.date_format, again.time_zone) == (False, "%m/%d/%Y %I:%M:%S %p",
                                                                      "America/Los_Angeles")


@pytest.mark.parametrize("content, key, words", [
    ('name = "x"\nday_first = \n', "import.mapping_bad_toml", ["line 2", "day_first ="]),
    ('name = "x"\n[columns\nreceived_at = "Date"\n', "import.mapping_bad_toml", ["line 2", "[columns"]),
    ('name = "x"\n\nday_first = "no"\n', "import.mapping_bad_value", ["line 3", "day_first", "true or false"]),
    ('name = "x"\n[columns]\nreceived_at = 5\n', "import.mapping_bad_value", ["line 3", "received_at"]),
    ('time_zone = "Mars/Olympus"\n', "import.mapping_bad_zone", ["line 1", "Mars/Olympus"]),
    ('date_format = "dd/mm/yyyy"\n', "import.mapping_bad_value", ["line 1", "date_format"]),
])
def test_a_bad_mapping_file_is_named_with_its_line_and_key(tmp_path, content, key, words):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DeskError) as raised:
        load_mapping(str(path), tmp_path)
    assert raised.value.key == key
    message = raised.value.message
    assert str(path) in message and all(word in message for word in words), message
    set_language("zh")
    assert "第" in raised.value.message and "行" in raised.value.message


def test_a_mapping_name_that_does_not_exist_is_said(tmp_path):
    with pytest.raises(DeskError) as raised:
        load_mapping("nothing-like-it", tmp_path / "mappings")
    assert raised.value.key == "import.mapping_missing" and "nothing-like-it" in raised.value.message


# ---- bad files: a clear message, nothing half-written -----------------------------------------------

def _logbook_text(rows: int = 3) -> str:
    lines = ["编号,接警时间,报警人,联系电话,类别,报警方式,简要案情"]
    lines += [f"{n},2024-03-0{n} 10:00,张建国,1381234567{n},纠纷,来所,第{n}起纠纷" for n in range(1, rows + 1)]
    return "\r\n".join(lines) + "\r\n"


def test_a_western_windows_excel_csv_is_read_as_cp1252_and_chinese_with_latin_words_stays_gbk(tmp_path):
    french = "CATEGORIE;DATE;QUART\r\n" + "".join(
        f"{what};0{day}/08/2022;{shift}\r\n" for day, (what, shift) in enumerate(
            [("Vols qualifiés", "nuit"), ("Méfait", "jour"), ("Introduction", "soir"), ("Véhicule volé", "jour"),
             ("Méfait", "nuit")], start=1))
    (tmp_path / "fr.csv").write_bytes(french.encode("cp1252"))
    read = LogbookFile(tmp_path / "fr.csv")
    assert read.encoding == "cp1252"
    assert [row.cells[0] for row in read.rows()][1:3] == ["Vols qualifiés", "Méfait"]
    # a Chinese register's A级, B栋 and A座: a capital before a character is no Western letter
    grades = "序号,警情级别,发生地点,类别,报警人\r\n" + "".join(
        f"{n},{'ABC'[n % 3]}级,{'AB'[n % 2]}栋{n}号,纠纷,张某\r\n" for n in range(30))
    (tmp_path / "grades.csv").write_bytes(grades.encode("gbk"))
    assert LogbookFile(tmp_path / "grades.csv").encoding == "gb18030"
    chinese = "序号,简要案情\r\n" + "".join(f"{n},iphone被盗 wifi密码 app里被骗{n}元，ofo车被挪\r\n" for n in range(20))
    (tmp_path / "zh.csv").write_bytes(chinese.encode("gbk"))
    assert LogbookFile(tmp_path / "zh.csv").encoding == "gb18030"


def test_a_dos_code_page_csv_is_read_as_cp850_not_as_windows_would(tmp_path):
    """Barcelona's city police wrote its accident causes in code page 850: Indústria, not Ind£stria. Rows as
    published; the Catalan weekday names and a ü (a byte Windows has no letter for) as written."""
    causes = ("Numero_expedient;Nom_barri;Nom_carrer;Descripcio_dia_setmana;NK_Any;Mes_any;Dia_mes;Hora_dia;"
              "Descripcio_causa_mediata\r\n"
              "2010S006971;el Camp de l'Arpa del Clot;Trinxant;Dijous;2010;10;14;20;No hi ha causa mediata\r\n"
              "2010S000574;el Camp de l'Arpa del Clot;Indústria;Dilluns;2010;1;25;7;No hi ha causa mediata\r\n"
              "2010S001230;la Sagrera;Sant Antoni Maria Claret;Dimecres;2010;2;17;9;Gir indegut o sense precaució\r\n"
              "2010S004455;Sant Martí de Provençals;Guipúscoa;Dilluns;2010;6;7;13;Desobeir semàfor\r\n"
              "2010S004456;Pedralbes;Müller;Dilluns;2010;6;7;13;Manca d'atenció\r\n")
    (tmp_path / "causes.csv").write_bytes(causes.encode("cp850"))
    read = LogbookFile(tmp_path / "causes.csv")
    assert read.encoding == "cp850"
    assert [row.cells[2] for row in read.rows()][2:6] == ["Indústria", "Sant Antoni Maria Claret", "Guipúscoa",
                                                          "Müller"]
    (tmp_path / "windows.csv").write_bytes(causes.replace("ü", "u").encode("cp1252"))
    assert LogbookFile(tmp_path / "windows.csv").encoding == "cp1252"  # (the same words as Windows writes them)


@pytest.mark.parametrize("text", [
    # à, á, ô, ö (0x85, 0xA0, 0x93, 0x94 in code page 850) are Windows's …, no-break space and quotes: no sign
    # either way, so the í, ñ and ú beside them decide
    "fecha;tipo;barrio\r\n2023-01-01;Accidente de tránsito;Chamartín\r\n2023-01-02;Daños;Tetuán\r\n"
    "2023-01-03;Hurto en vehículo;Gràcia\r\n",
    # one ü alone, a byte Windows has no character for (it had been read as GB 18030: M乴ler)
    "Datum;Ort\r\n01.01.2023;Müller\r\n",
])
def test_a_dos_file_with_few_telling_letters_is_still_cp850(tmp_path, text):
    (tmp_path / "dos.csv").write_bytes(text.encode("cp850"))
    read = LogbookFile(tmp_path / "dos.csv")
    assert read.encoding == "cp850"
    assert [cell for row in read.rows() for cell in row.cells] == [cell for line in text.splitlines()
                                                                   for cell in line.split(";")]


@pytest.mark.parametrize("text, encoding", [
    # Windows's quotes and dashes between letters are no DOS letters (didn’t, Fahrrad–Diebstahl)
    ("Date,Type,Description\n2023-01-01,Theft,didn’t pay\n2023-01-02,Theft,won’t go\n"
     "2023-01-03,Other,O’Brien’s bar\n", "cp1252"),
    ("Datum;Delikt\n01.01.2023;Fahrrad–Diebstahl\n02.01.2023;Kfz–Aufbruch\n03.01.2023;Laden–Diebstahl\n"
     "04.01.2023;Sachbeschädigung\n", "cp1252"),
    # France's road accident file: two accents in its first rows, as Latin-1 (it had been read as GB 18030,
    # rue de la lib閞ation)
    ("Num_Acc;adr\n201900000001;rue de la libération\n201900000002;18 rue Théodore Blot\n"
     + "201900000003;rue du port\n" * 50, "latin-1"),
])
def test_a_western_file_with_few_accents_or_windows_punctuation_is_read_as_windows_wrote_it(tmp_path, text,
                                                                                          encoding):
    (tmp_path / "western.csv").write_bytes(text.encode(encoding))
    read = LogbookFile(tmp_path / "western.csv")
    assert read.encoding == "cp1252"
    mark = ";" if ";" in text.splitlines()[0] else ","
    assert [cell for row in read.rows() for cell in row.cells] == [cell for line in text.splitlines()
                                                                   for cell in line.split(mark)]


@pytest.mark.parametrize("name, content, key", [
    # a browser's "save page" of a table named .csv (it had asked to map its <meta …> lines as columns), and an
    # OpenDocument spreadsheet (its library's words had been shown, in English whatever the officer's language)
    ("911.csv", b"<!DOCTYPE HTML>\n<html>\n<head>\n    <meta charset=\"utf-8\">\n    <title>911.csv</title>\n",
     "import.web_page"),
    ("calls.csv", b"<!-- saved from url=(0044)https://example.org/calls -->\n<!DOCTYPE html><html><body>",
     "import.web_page"),
    ("log.csv", b"<table><tr><td>Date</td><td>Type</td></tr></table>", "import.web_page"),
    ("wlpd_051419.ods", b"PK\x03\x04" + b"\x00" * 40 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
     "import.ods"),
])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_web_page_or_an_opendocument_sheet_is_refused_saying_what_to_do(imports, desk, tmp_path, name, content, key,
                                                                          lang):
    set_language(lang)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DeskError) as raised:
        imports.open(str(path))
    assert raised.value.key == key and name in raised.value.message and ".xlsx" in raised.value.message
    assert count(desk.engine, 'SELECT count(*) FROM "case"') == 0


@pytest.mark.parametrize("name, content", [
    ("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40),
    ("program.csv", b"\x7fELF\x02\x01\x01\x00" + b"\x00\x90\xff" * 3000),
])
def test_binary_content_named_csv_is_refused(imports, desk, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DeskError) as raised:
        imports.open(str(path))
    assert raised.value.key == "import.binary" and name in raised.value.message
    assert count(desk.engine, 'SELECT count(*) FROM "case"') == 0


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                           ("utf-16-le", b""), ("utf-16-be", b"")])
def test_utf16_with_or_without_a_bom_is_read(imports, desk, tmp_path, encoding, bom):
    path = tmp_path / "unicode.csv"
    path.write_bytes(bom + _logbook_text().encode(encoding))
    opened = imports.open(str(path))
    assert opened.headers[0] == "编号"
    assert imports.run(opened).imported == 3


def test_a_workbook_saved_under_a_csv_name_is_read_as_the_workbook(imports, tmp_path):
    book = Workbook()
    for row in csv.reader(_logbook_text().splitlines()):
        book.active.append(row)
    path = tmp_path / "export.csv"
    book.save(path)
    assert imports.run(imports.open(str(path))).imported == 3


@pytest.mark.parametrize("tail", ['4,2024-03-04 10:00,张建国,13812345674,纠纷,来所,"第4起', "4,2024-03-04 10:00,张建"])
def test_a_cut_last_row_is_rejected_with_the_reason_and_the_rest_imported(imports, desk, tmp_path, tail):
    path = tmp_path / "cut.csv"
    path.write_text(_logbook_text() + tail, encoding="utf-8")
    done = imports.run(imports.open(str(path)))
    assert (done.imported, done.rejected) == (3, 1)
    assert done.rejects[0].number == 5 and "the file ends inside this row" in done.rejects[0].reason
    assert done.kinds["cut_short"] == 1
    assert count(desk.engine, 'SELECT count(*) FROM "case"') == 3


def test_a_last_row_without_a_line_end_is_not_taken_for_cut(imports, tmp_path):
    path = tmp_path / "no-newline.csv"
    path.write_text(_logbook_text().rstrip("\r\n"), encoding="utf-8")
    assert imports.run(imports.open(str(path))).imported == 3


def test_a_long_cell_is_kept_in_the_narrative_and_an_endless_one_refused(imports, desk, tmp_path):
    long = tmp_path / "long.csv"
    long.write_text(_logbook_text(1) + "2,2024-03-02 10:00,张建国,13812345672,纠纷,来所," + "长" * 100_000 + "\r\n",
                    encoding="utf-8")
    done = imports.run(imports.open(str(long)))
    assert (done.imported, done.rejected) == (1, 1)  # a reason for the long one, never a traceback
    assert "too long" in done.rejects[0].reason and done.kinds["too_long"] == 1
    endless = tmp_path / "endless.csv"
    endless.write_text(_logbook_text(2) + '3,2024-03-03 10:00,张建国,13812345673,纠纷,来所,"' + "x" * 200_000
                       + "\r\n" + _logbook_text(2), encoding="utf-8")
    before = count(desk.engine, 'SELECT count(*) FROM "case"')
    with pytest.raises(DeskError) as raised:
        imports.run(imports.open(str(endless)))
    assert raised.value.key == "import.cell_too_long" and "row 4" in raised.value.message
    # Rows before the broken one are whole (their batch is written whole or not at all); none after it.
    assert count(desk.engine, 'SELECT count(*) FROM "case"') - before <= 2


def test_a_workbooks_other_sheets_are_named_where_the_officer_reads_before_and_after(imports, desk, tmp_path):
    """Sheets laid out otherwise than the one read (here: a first quarter kept another way) are not read."""
    book = Workbook()
    for index, month in enumerate(("1月", "2月", "3月")):
        sheet = book.active if index == 0 else book.create_sheet(month)
        sheet.title = month
        sheet.append(["序号", "接警时间", "报警人", "联系电话", "警情类别", "报警方式", "简要案情"][:7 if index == 2 else 6])
        sheet.append([1, f"2024-0{index + 1}-05 10:00", "张建国", "13812345674", "纠纷", "来所", f"{month}第1起"])
    book.create_sheet("Sheet4")  # empty: not worth a word
    book.active = 2
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    opened = imports.open(str(path))
    assert (opened.file.sheet, opened.file.other_sheets) == ("3月", ("1月", "2月"))
    set_language("zh")
    try:
        assert other_sheets_text(opened) == ("此工作簿还有未读取的工作表：“1月”、“2月”。只导入“3月”；如需导入其他工作表，"
                                             "请将其另存为单独的文件（或设为打开工作簿时显示的工作表，或在保存的对应关系中写明 "
                                             'sheets = ["…"]）再导入。')
    finally:
        set_language("en")
    done = imports.run(opened)
    assert done.imported == 1
    report = done.report_path.read_text(encoding="utf-8")
    assert "other sheets that are not read: “1月”, “2月”. Only “3月” is imported" in report
    single = Workbook()
    single.active.append(["序号", "接警时间", "报警人", "联系电话", "警情类别", "报警方式", "简要案情"])
    single.save(tmp_path / "one.xlsx")
    assert other_sheets_text(imports.open(str(tmp_path / "one.xlsx"))) == ""


def test_an_xlsx_with_merged_cells_and_formulas(imports, desk, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "接警时间", "报警人", "联系电话", "类别", "报警方式", "简要案情"])
    sheet.append(["1", "2024-03-05 10:00", "张建国", "13812345671", "纠纷", "来所", "第1起"])
    sheet.append(["2", None, "李秀英", "13812345672", None, "来所", "第2起"])
    sheet.append(["3", None, "王小明", "13812345673", None, "来所", "第3起"])
    sheet.merge_cells("B2:B4")  # one date written once for three rows, as logbooks do
    sheet.merge_cells("E2:E4")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    done = imports.run(imports.open(str(path)))
    assert (done.imported, done.rejected) == (3, 0), [r.reason for r in done.rejects]
    assert count(desk.engine, "SELECT count(*) FROM \"case\" WHERE category = 'dispute'") == 3

    sheet["H1"] = "合计"
    sheet["H2"] = "=COUNTA(A2:A4)"  # saved by a program: the formula has no value until Excel computes it
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    with pytest.raises(DeskError) as raised:
        imports.open(str(path))
    assert raised.value.key == "import.formula_no_value" and "H2" in raised.value.message
    assert count(desk.engine, 'SELECT count(*) FROM "case"') == 3


def test_bad_files_on_the_command_line_exit_2_with_a_message_and_write_nothing(tmp_path):
    from frontdesk.desk import open_desk as open_station_desk
    from frontdesk.station.config import Settings, database_url

    environ = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRONTDESK_DATA_DIR": str(tmp_path / "data"),
               "FRONTDESK_CONFIG": str(tmp_path / "config.toml"), "LANG": "en_US.UTF-8",
               "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    settings = Settings(data_dir=tmp_path / "data")
    station = open_station_desk(settings, database_url(settings))
    station.access.create_first_admin(name="李所长", badge="000001", password="admin pass 1", again="admin pass 1")
    station.close()
    password = tmp_path / "password"
    password.write_text("admin pass 1\n", encoding="utf-8")
    password.chmod(0o600)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + b"\x00\x90\xff" * 3000)
    good = tmp_path / "good.csv"
    good.write_text(_logbook_text(), encoding="utf-8")
    malformed = tmp_path / "malformed.toml"
    malformed.write_text('name = "x"\n[columns\n', encoding="utf-8")
    book = Workbook()
    book.active.append(["编号", "接警时间"])
    book.active.append(["1", "=NOW()"])
    formulas = tmp_path / "formulas.xlsx"
    book.save(formulas)
    chosen = tmp_path / "chosen.toml"  # a sheet the workbook lacks: its sheets listed
    chosen.write_text('name = "chosen"\nsheets = ["HECHOS"]\n[columns]\nreceived_at = "接警时间"\n', encoding="utf-8")
    twice = tmp_path / "twice.toml"  # a key given twice: named, with both its lines
    twice.write_text('[columns]\nreceived_at = "接警时间"\nreceived_at = "日期"\n', encoding="utf-8")

    def frontdesk(*args):
        return subprocess.run([sys.executable, "-m", "frontdesk", "import", "cases", *args, "--badge", "000001",
                               "--password-file", str(password)],
                              capture_output=True, text=True, env=environ, timeout=180)

    for args, words in (([str(binary)], "binary content"), ([str(good), "--mapping", "nothing-like-it"], "nothing-like-it"),
                        ([str(good), "--mapping", str(malformed)], "line 2"), ([str(formulas)], "B2"),
                        ([str(formulas), "--mapping", str(chosen)], "Its sheets: “Sheet”"),
                        ([str(good), "--mapping", str(twice)], "“received_at” is given twice in its [columns] table: at line 2")):
        done = frontdesk(*args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr + done.stdout, done.stderr
    station = open_station_desk(settings, database_url(settings))
    try:
        assert count(station.engine, 'SELECT count(*) FROM "case"') == 0
    finally:
        station.close()


def test_bad_file_messages_are_in_the_officers_language(tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)
    set_language("zh")
    with pytest.raises(DeskError) as raised:
        LogbookFile(path)
    assert "二进制" in raised.value.message and "，" in raised.value.message


# ---- numbers masked in what the import leaves behind -------------------------------------------------

def test_reports_and_rejects_files_show_numbers_masked(imports, tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("编号,接警时间,报警人,联系电话,身份证号,类别,报警方式,简要案情\r\n"
                    "1,2024-03-05 10:00,张建国,13812345678,,醉酒滋事,来所,报警人13912345678称被打\r\n"
                    "2,2024-03-05 11:00,李秀英,,110105194912310021,纠纷,来所,口角\r\n"
                    "3,2024-03-05 12:00,王小明,12345678901,,纠纷,来所,口角\r\n", encoding="utf-8")
    done = imports.run(imports.open(str(path)))
    assert done.rejected == 3
    written = done.rejects_path.read_text(encoding="utf-8-sig") + done.report_path.read_text(encoding="utf-8")
    for number in ("13812345678", "13912345678", "110105194912310021", "12345678901"):
        assert number not in written
    assert "138****5678" in written and "139****5678" in written and "0021" in written and "8901" in written
    assert "masked" in done.report_path.read_text(encoding="utf-8")
    assert all("*" in entry.masked_reason for entry in done.rejects[1:])


def test_the_phone_messages_example_number_stays_readable_where_the_rows_numbers_are_masked(imports, tmp_path):
    """The message for a bad phone gives 0571-87654321 as an example: masking it ("057*-****4321") left the
    officer no example to follow. The row's own numbers are masked as before."""
    path = tmp_path / "landline.csv"
    path.write_text("编号,接警时间,报警人,联系电话,身份证号,类别,报警方式,简要案情\r\n"
                    "1,2024-03-05 10:00,张建国,0571-836528661,,纠纷,来所,报警人13912345678称被打\r\n", encoding="utf-8")
    done = imports.run(imports.open(str(path)))
    assert done.rejected == 1 and done.kinds["bad_phone"] == 1
    rejects = done.rejects_path.read_text(encoding="utf-8-sig")
    report = done.report_path.read_text(encoding="utf-8")
    for written in (rejects, report):
        assert "0571-87654321" in written and "057*-****4321" not in written
        assert "0571-836528661" not in written and "13912345678" not in written
    from frontdesk.intake.masking import masked_message

    assert masked_message("（如 0571-87654321）报警人13912345678") == "（如 0571-87654321）报警人139****5678"


# ---- the import screen's speed and time left ---------------------------------------------------------

def test_speed_and_time_left():
    assert speed_text(5000, 0.25, 1.0) == "5,000 rows/s · about 3 s left"
    assert speed_text(10000, 0.1, 2.0) == "5,000 rows/s · about 18 s left"
    assert speed_text(100000, 0.02, 20.0) == "5,000 rows/s · about 16 min 20 s left"
    assert speed_text(1000, 0.001, 10.0) == "100 rows/s · about 2 h 46 min left"
    assert speed_text(0, 0.0, 0.0) == "measuring speed…"
    set_language("zh")
    assert speed_text(5000, 0.25, 1.0) == "每秒 5,000 行 · 约剩 3 秒"


def test_a_pipe_delimited_dump_is_read_as_its_columns(tmp_path):
    """Sacramento's crime dump with | between cells: read as one column before."""
    path = tmp_path / "sacramento.csv"
    path.write_text("cdatetime|address|district|beat|grid|crimedescr|ucr_ncic_code|latitude|longitude\n"
                    "1/1/06 0:00|3108 OCCIDENTAL DR|3|3C|1115|10851(A)VC TAKE VEH W/O OWNER|2404|38.55|-121.39\n",
                    encoding="utf-8")
    rows = list(LogbookFile(path).rows())
    assert rows[0].cells[:3] == ("cdatetime", "address", "district") and rows[1].cells[5].startswith("10851(A)VC")


def test_a_big5_file_is_read_as_big5_not_as_gb18030(tmp_path):
    """Taipei's bicycle thefts (Big5): read as GB 18030 every header and place came out garbled, with no warning."""
    text = "編號,案類,發生(現)日期,發生時段,發生(現)地點\n1,自行車竊盜,1040101,00~02,台北市松山區三民路151 ~ 180號\n" \
           "2,自行車竊盜,1040102,06~08,台北市大安區復興南路一段1號\n"
    (tmp_path / "taipei.csv").write_bytes(text.encode("cp950"))
    read = LogbookFile(tmp_path / "taipei.csv")
    rows = list(read.rows())
    assert read.encoding == "cp950" and rows[0].cells[1] == "案類" and rows[1].cells[4].startswith("台北市松山區")
    # a register naming a shop in Japanese: kana in runs, not one alone between Chinese characters
    simplified = "报警时间,地点,简要案情\n2023-05-01,セブンイレブン门口,纠纷\n2023-05-02,ローソン,求助\n" \
                 "2023-05-03,ファミリーマート,纠纷\n"
    (tmp_path / "zh.csv").write_bytes(simplified.encode("gb18030"))
    read = LogbookFile(tmp_path / "zh.csv")
    assert read.encoding == "gb18030" and list(read.rows())[1].cells[1] == "セブンイレブン门口"


def test_pipes_inside_a_commas_cell_do_not_make_the_file_pipe_delimited(tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text("id,received,summary\n1,2023-05-01 10:00,Noise | loud | party | 3rd floor\n"
                    "2,2023-05-01 11:00,Dog barking\n3,2023-05-01 12:00,Alarm\n", encoding="utf-8")
    assert list(LogbookFile(path).rows())[1].cells == ("1", "2023-05-01 10:00", "Noise | loud | party | 3rd floor")


@pytest.mark.parametrize(("lines", "said"), [
    (["Date,Type,Location,Caller,Phone", "2022-08-10,Theft,Main St,John Smith,13812345678",
      "10/08/2022,Noise,Elm St,Jane Doe,13912345678"], True),  # days only: the officer is told before importing
    (["Date,Time,Type,Caller,Phone", "2022-08-10,00:00,Theft,John Smith,13812345678",
      "2022-08-11,00:00,Noise,Jane Doe,13912345678"], False),  # a column of times, all midnight: as written
    (["Date,Type,Caller,Phone", "2022-08-10 00:00,Theft,John Smith,13812345678",
      "2022-08-11 21:15,Noise,Jane Doe,13912345678"], False),
])
def test_a_file_that_gives_days_and_no_times_is_said_so_in_the_preview(imports, tmp_path, lines, said):
    from frontdesk.intake.preview import preview_notes

    path = tmp_path / "days.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    opened = imports.open(str(path))
    notes = preview_notes(opened, imports.preview(opened))
    assert any("no time: each case is recorded at 00:00" in note for note in notes) == said, notes
    if said:
        set_language("zh")
        assert "只有日期、没有时间" in preview_notes(opened, imports.preview(opened))[-1]
        set_language("en")
