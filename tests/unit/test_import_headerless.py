"""A file with no header row (a CAD system's dump, New Orleans's calls for service of 2011 as found): its first
row is a record, its columns are named A, B, C … as a spreadsheet names them, and a mapping gives each field
its column's letter. A header row that names nothing the desk knows is still a header."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import text

from db.engine import read_session
from frontdesk.i18n import set_language
from frontdesk.intake.header_rows import column_letters
from frontdesk.intake.preview import file_notes, no_header_text
from tests.unit.test_service_requests import desk, export, imports  # noqa: F401

NOLA_ROWS = [  # as published: no header; G is when the call was made, C its type, A the item number
    ["A0000111", "17M", "MUNICIPAL  ATTTACHME", "1F", "3673089.00000000", "533629.00000000", "01/01/2011 12:00:02 AM",
     "empty", "empty", "01/01/2011 12:00:03 AM", "NAT", "NECESSARY ACTION TAKEN", "007XX S Dupre St", "70119", "1",
     "(29.961547427694992, -90.09455728362126)"],
    ["A0000811", "21", "COMPLAINT OTHER", "1A", "3686568.00000000", "527709.00000000", "01/01/2011 12:00:39 AM",
     "01/01/2011 12:43:24 AM", "01/01/2011 12:50:13 AM", "01/01/2011 01:00:20 AM", "RTF", "REPORT TO FOLLOW",
     "005XX Hurst St", "70118", "2", "(29.922186005, -90.12665221)"],
    ["A0001011", "62A", "DISCHARGING FIREARMS", "2C", "3689345.00000000", "524866.00000000",
     "01/13/2011 10:01:15 PM", "", "", "01/13/2011 10:05:00 PM", "UNF", "UNFOUNDED", "Bienville St & N Rampart St",
     "70112", "8", "(29.9577, -90.0699)"],
]
NOLA_MAPPING = """name = "nola"
day_first = false
[columns]
received_at = "G"
category = "C"
record_no = "A"
place = "M"
[categories]
"MUNICIPAL  ATTTACHME" = "other"
"COMPLAINT OTHER" = "other"
"DISCHARGING FIREARMS" = "other"
"""


def _headerless(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_a_file_with_no_header_row_names_its_columns_by_letter(imports, tmp_path):
    set_language("en")
    opened = imports.open(str(_headerless(tmp_path / "nola-cfs-2011.csv", NOLA_ROWS)))
    assert opened.no_header == tuple(NOLA_ROWS[0]) and opened.header_row == 0
    assert opened.headers == column_letters(16) and opened.headers[-1] == "P"
    assert not opened.mapping.columns  # nothing to propose from letters: the officer says which is which
    said = "\n".join(file_notes(opened))
    assert "no header row" in said and "A: A0000111" in said and "G: 01/01/2011 12:00:02 AM" in said
    set_language("zh")
    assert "文件没有表头行" in "\n".join(file_notes(opened))


def test_a_mapping_by_letters_imports_every_row_the_first_one_too(imports, desk, tmp_path):
    folder = imports.mappings_folder
    folder.mkdir(parents=True)
    (folder / "nola.toml").write_text(NOLA_MAPPING, encoding="utf-8")
    path = _headerless(tmp_path / "nola-cfs-2011.csv", NOLA_ROWS)
    opened = imports.open(str(path), "nola")
    assert opened.mapping.columns["received_at"] == "G" and not opened.absent
    assert no_header_text(opened) not in file_notes(opened)  # the letters are given: not asked for again
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (3, 0)
    with read_session(desk.engine) as session:
        places = dict(session.execute(text('SELECT place, received_at FROM "case" WHERE place LIKE \'%St%\'')).all())
    assert set(places) == {"007XX S Dupre St", "005XX Hurst St", "Bienville St & N Rampart St"}
    assert imports.run(imports.open(str(path), "nola")).imported == 0  # the same file again adds nothing


def test_a_header_naming_nothing_the_desk_knows_is_still_a_header(imports, tmp_path):
    """Its words are not dates: the first row names the columns, and the rows below are the records."""
    path = export(tmp_path / "log.csv", ["Item", "Logged", "Sort"], [["R1", "2024-03-05 14:20", "Theft"],
                                                                     ["R2", "2024-03-06 09:05", "Theft"]])
    opened = imports.open(str(path))
    assert not opened.mapping.columns  # (nothing in it names a field)
    assert opened.headers == ["Item", "Logged", "Sort"] and opened.header_row == 1 and not opened.no_header


def test_a_record_whose_cell_is_a_mapped_letter_is_still_a_record(imports, tmp_path):
    """A mapping by letters names M; the first record's sex column says M: it is a record all the same."""
    folder = imports.mappings_folder
    folder.mkdir(parents=True)
    (folder / "cad.toml").write_text('name = "cad"\nday_first = false\n[columns]\nreceived_at = "B"\n'
                                     'category = "C"\nplace = "D"\n', encoding="utf-8")
    path = _headerless(tmp_path / "cad.csv", [["A1", "01/01/2011 12:00:02 AM", "THEFT", "M"],
                                              ["A2", "01/01/2011 12:05:00 AM", "THEFT", "F"]])
    opened = imports.open(str(path), "cad")
    assert opened.header_row == 0 and opened.no_header[3] == "M" and opened.mapping.columns["place"] == "D"


def test_a_workbook_with_no_header_row_is_read_from_its_first_row(imports, tmp_path):
    """Real date cells where a header would be, and in the row below."""
    book = Workbook()
    sheet = book.active
    sheet.append([datetime(2024, 3, 5, 14, 20), "纠纷", "邻居占用车位"])
    sheet.append([datetime(2024, 3, 6, 9, 5), "求助", "钥匙锁在车内"])
    path = tmp_path / "register.xlsx"
    book.save(path)
    opened = imports.open(str(path))
    assert opened.headers == ["A", "B", "C"] and opened.header_row == 0
    assert opened.no_header[1] == "纠纷"


def test_column_letters_go_on_past_z():
    assert column_letters(28)[:3] == ["A", "B", "C"] and column_letters(28)[25:] == ["Z", "AA", "AB"]
    assert column_letters(703)[-1] == "AAA"


def test_save_mapping_of_a_headerless_file_asks_for_column_letters(imports, tmp_path, capsys):
    """Montgomery County's 911 calls have no header row: --save-mapping then asks for the columns' letters (the
    file has no header to write between the quotes), in both languages, and the saved file's comment says so."""
    from argparse import Namespace

    import pytest

    from frontdesk.i18n import DeskError
    from frontdesk.intake.cli import import_from_command_line

    path = _headerless(tmp_path / "911.csv", [
        ["40.2978759", "-75.5812935", "EMS: BACK PAINS/INJURY", "2015-12-10 17:40:00", "NEW HANOVER",
         "REINDEER CT & DEAD END", "1"],
        ["40.2580614", "-75.2646799", "EMS: DIABETIC EMERGENCY", "2015-12-10 17:40:00", "HATFIELD TOWNSHIP",
         "BRIAR PATH & WHITEMARSH LN", "1"]])
    for lang, letters, header in (("en", "write the letter of the file's column (A, B, C", "the header of"),
                                  ("zh", "填上该列的列号", "填上文件中的列名")):
        set_language(lang)
        with pytest.raises(DeskError) as refused:
            import_from_command_line(Namespace(file=str(path), mapping="", save_mapping="mont", dry_run=False),
                                     imports)
        assert letters in refused.value.message and header not in refused.value.message
        saved = (imports.mappings_folder / "mont.toml").read_text(encoding="utf-8")
        assert ("A, B, C" if lang == "en" else "A、B、C") in saved
    set_language("en")
    capsys.readouterr()
