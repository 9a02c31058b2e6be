"""A workbook kept as a register's months, one sheet each (1月, 2月, 3月 …): every sheet laid out as the one
shown when it opens is read, its own header found on each; a row is named by its sheet wherever the officer
is told of it; and each month's rows, numbered from 1, are each imported once."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook

from frontdesk.i18n import set_language
from frontdesk.intake.preview import file_notes
from tests.unit.test_import_reading import count, desk, imports  # noqa: F401,F811 - fixtures

HEADER = ["序号", "接警时间", "报警人", "联系电话", "警情类别", "报警方式", "简要案情"]


def register(path, *, months=("1月", "2月", "3月"), active: int = 0, bad: tuple[str, int] | None = None):
    book = Workbook()
    for index, month in enumerate(months):
        sheet = book.active if index == 0 else book.create_sheet(month)
        sheet.title = month
        index = int(month.removesuffix("月")) - 1
        if month == "2月":  # a title line over this month's header
            sheet.append([f"东关派出所接处警登记表（2024年{month}）"])
        sheet.append(HEADER)
        for number in range(1, 4):
            phone = "138123" if bad == (month, number) else f"1381234{index}{number:03d}"
            sheet.append([number, f"2024-0{index + 1}-{number:02d} 10:00", "张建国", phone, "纠纷", "来所",
                          f"{month}第{number}起"])
    summary = book.create_sheet("汇总")  # laid out otherwise: named, not read
    summary.append(["月份", "警情数"])
    summary.append(["1月", 3])
    summary.append(["合计", "=SUM(B2:B2)"])  # a formula never calculated: no matter on a sheet not read
    book.active = active
    book.save(path)
    return path


def cases(desk) -> int:
    return count(desk.engine, 'SELECT count(*) FROM "case"')


def test_every_month_is_read_and_read_again_adds_nothing(imports, desk, tmp_path):
    path = register(tmp_path / "登记表.xlsx", active=2, bad=("2月", 2))
    opened = imports.open(str(path))
    assert opened.file.sheets == ("1月", "2月", "3月") and opened.file.other_sheets == ("汇总",)
    assert opened.sheet_headers == {"1月": 1, "2月": 2, "3月": 1}
    notes = file_notes(opened)
    assert notes[0].startswith("Sheets laid out alike are all read, in order: “1月”, “2月”, “3月”.")
    assert "not read, laid out otherwise or gathering the others again (全年, 汇总): “汇总”" in notes[1]
    shown = imports.preview(opened)
    assert [row.where for row in shown.rows[:4]] == ['2 (sheet “1月”)', '3 (sheet “1月”)', '4 (sheet “1月”)',
                                                     '3 (sheet “2月”)']
    done = imports.run(opened)
    assert (done.read, done.imported, done.rejected) == (9, 8, 1)
    assert [entry.where for entry in done.rejects] == ['4 (sheet “2月”)']  # its row on the sheet, under a title
    report = done.report_path.read_text(encoding="utf-8")
    assert "Row 4 (sheet “2月”):" in report
    with open(done.rejects_path, encoding="utf-8-sig", newline="") as handle:
        assert [row[0] for row in csv.reader(handle)][1:] == ['4 (sheet “2月”)']
    summaries = {row[0] for row in desk.engine.connect().exec_driver_sql('SELECT summary FROM "case"')}
    assert {f"{month}第{n}起" for month in ("1月", "2月", "3月") for n in (1, 2, 3)} - summaries == {"2月第2起"}
    again = imports.run(imports.open(str(path)))
    assert (again.imported, again.skipped) == (0, 8)
    assert cases(desk) == 8


def test_a_workbook_read_before_as_its_shown_sheet_alone_adds_the_other_months_once(imports, desk, tmp_path):
    """Imported when only the shown sheet was read (its rows keyed by the file's name and number): read now,
    the shown month is found, the others are added, and a third reading adds nothing."""
    from frontdesk.intake.record_keys import digest

    path = register(tmp_path / "登记表.xlsx", months=("3月",))
    assert imports.run(imports.open(str(path))).imported == 3
    with desk.engine.begin() as connection:  # as the version before keyed them: the file's name and number
        for number in (1, 2, 3):
            connection.exec_driver_sql('UPDATE "case" SET source_key = %(key)s WHERE summary = %(summary)s'
                                       if desk.engine.dialect.name == "postgresql" else
                                       'UPDATE "case" SET source_key = :key WHERE summary = :summary',
                                       {"key": digest("record", "登记表", str(number)), "summary": f"3月第{number}起"})
    register(path, active=2)
    done = imports.run(imports.open(str(path)))
    assert (done.imported, done.skipped) == (6, 3)
    assert imports.run(imports.open(str(path))).imported == 0
    assert cases(desk) == 9


@pytest.mark.parametrize("language, expected", [
    ("en", "Row 4 (sheet “2月”)"), ("zh", "行号 4（“2月”表）")])
def test_a_rows_sheet_is_said_in_the_officers_language(imports, desk, tmp_path, language, expected):
    path = register(tmp_path / "登记表.xlsx", bad=("2月", 2))
    set_language(language)
    try:
        done = imports.run(imports.open(str(path)))
    finally:
        set_language("en")
    assert expected in done.report_path.read_text(encoding="utf-8")


def test_one_sheet_alone_is_named_by_its_row_only(imports, desk, tmp_path):
    path = register(tmp_path / "one.xlsx", months=("1月",), bad=("1月", 2))
    opened = imports.open(str(path))
    assert opened.file.sheets == () and opened.sheet_headers == {}
    assert [entry.where for entry in imports.run(opened).rejects] == ["3"]  # (header on row 1)


@pytest.mark.parametrize("shown", ["汇总", "封面"])
def test_a_summary_or_an_empty_cover_left_shown_does_not_hide_the_months(imports, desk, tmp_path, shown):
    """The sheet shown when the workbook opens is the one last looked at: a 汇总 (its own layout) or a blank
    cover. The months, which name a logbook's fields, are read; the summary is named as not read."""
    path = register(tmp_path / "登记表.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(path)
    if shown == "封面":
        book.create_sheet("封面", 0)
    book.active = book.sheetnames.index(shown)
    book.save(path)
    opened = imports.open(str(path))
    assert (opened.file.sheet, opened.file.sheets) == ("1月", ("1月", "2月", "3月"))
    assert opened.file.other_sheets == ("汇总",)
    assert imports.run(opened).imported == 9


def test_a_formula_never_calculated_on_a_month_read_is_refused_by_its_sheet(imports, desk, tmp_path):
    from openpyxl import load_workbook

    from frontdesk.i18n import DeskError

    path = register(tmp_path / "登记表.xlsx")
    book = load_workbook(path)
    book["2月"]["H3"] = "=COUNTA(A3:A5)"
    book.save(path)
    with pytest.raises(DeskError) as raised:
        imports.open(str(path))
    assert raised.value.key == "import.formula_no_value" and "cell 2月!H3 " in raised.value.message
    assert cases(desk) == 0



@pytest.mark.parametrize("shown", ["1月", "全年"])
def test_a_hidden_copy_and_a_whole_years_sheet_are_not_read_again(imports, desk, tmp_path, shown):
    """A hidden copy of a month and a 全年 sheet that gathers the months again, laid out as they are: the
    months are read once each (the 全年 named as not read, even when it is the sheet shown)."""
    from openpyxl import load_workbook

    path = register(tmp_path / "登记表.xlsx")
    book = load_workbook(path)
    whole = book.create_sheet("全年", 0)
    hidden = book.copy_worksheet(book["1月"])
    hidden.title, hidden.sheet_state = "1月 (2)", "hidden"
    for month in ("1月", "2月", "3月"):
        for row in book[month].iter_rows(values_only=True):
            if isinstance(row[0], int):
                whole.append(row)
    whole.insert_rows(1)
    for column, name in enumerate(HEADER, start=1):
        whole.cell(1, column, name)
    book.active = book.sheetnames.index(shown)
    book.save(path)
    opened = imports.open(str(path))
    assert opened.file.sheets == ("1月", "2月", "3月") and "全年" in opened.file.other_sheets
    assert "1月 (2)" not in opened.file.other_sheets + opened.file.sheets
    assert imports.run(opened).imported == 9 and cases(desk) == 9


def test_a_chart_left_shown_is_passed_over(imports, desk, tmp_path):
    from openpyxl import load_workbook
    from openpyxl.chart import BarChart, Reference

    path = register(tmp_path / "登记表.xlsx")
    book = load_workbook(path)
    chart = book.create_chartsheet("图表", 0)
    bars = BarChart()
    bars.add_data(Reference(book["1月"], min_col=1, min_row=2, max_row=4))
    chart.add_chart(bars)
    book.active = 0
    book.save(path)
    assert imports.run(imports.open(str(path))).imported == 9


def test_a_workbook_that_gains_a_month_and_then_loses_one_adds_each_row_once(imports, desk, tmp_path):
    """The same words every month (来所咨询), numbered from 1 on each sheet: a month added to the book is
    imported, a month taken out of it is still found."""
    def book(months):
        path = register(tmp_path / "登记表.xlsx", months=months)
        from openpyxl import load_workbook

        workbook = load_workbook(path)
        for month in months:
            for row in workbook[month].iter_rows(min_row=3 if month == "2月" else 2):
                row[6].value = "来所咨询"
        del workbook["汇总"]
        workbook.save(path)
        return path

    assert imports.run(imports.open(str(book(("1月",))))).imported == 3
    done = imports.run(imports.open(str(book(("1月", "2月")))))
    assert (done.imported, done.skipped) == (3, 3)
    done = imports.run(imports.open(str(book(("2月",)))))
    assert (done.imported, done.skipped) == (0, 3)
    assert cases(desk) == 6


def test_months_named_with_a_word_a_summary_uses_are_still_months(imports, desk, tmp_path):
    from openpyxl import load_workbook

    path = register(tmp_path / "登记表.xlsx")
    book = load_workbook(path)
    for month in ("1月", "2月", "3月"):
        book[month].title = f"{month}统计"
    book.save(path)
    opened = imports.open(str(path))
    assert opened.file.sheets == ("1月统计", "2月统计", "3月统计")


@pytest.mark.parametrize("title, expected", [("全年", True), ("汇总", True), ("Summary", True), ("Total", True),
                                             ("All", True), ("1月统计", False), ("Summary Mar", False),
                                             ("March summary", False), ("一月汇总", False), ("3月", False),
                                             ("Market summary", True)])
def test_a_sheet_that_gathers_the_others_is_told_from_a_months_own(title, expected):
    # ("Summary" holds "mar" and "Market" begins with it: neither names a month)
    from frontdesk.intake.workbook_sheets import gathers

    assert gathers(title) is expected


def test_a_month_whose_header_cell_holds_a_formulas_number_is_still_read(imports, desk, tmp_path):
    """Fuzhou's 台江区 sheet has =LEN(K1) where its siblings say 回复长度: Excel keeps the number (3), and the
    sheet was named as laid out otherwise and its 174 rows left out. A cell with a name that differs still is."""
    book = Workbook()
    for index, (month, extra) in enumerate((("1月", "回复长度"), ("2月", 3), ("3月", "回复字数"))):
        sheet = book.active if index == 0 else book.create_sheet(month)
        sheet.title = month
        sheet.append([*HEADER, extra])
        sheet.append([1, f"2024-0{index + 1}-01 10:00", "张建国", f"1381234{index}001", "纠纷", "来所", f"{month}第1起", 5])
    path = tmp_path / "登记表.xlsx"
    book.save(path)
    opened = imports.open(str(path))
    assert opened.file.sheets == ("1月", "2月") and opened.file.other_sheets == ("3月",)
    assert imports.run(opened).imported == 2


def test_a_codebook_sheet_beside_the_data_is_not_taken_for_the_logbook(imports, tmp_path):
    """Chile's homicide workbook opens on its data (BBDD: ID_ANO, ID_REGION …, headers no word names) beside a
    Variables sheet whose Descripción column the Spanish words propose as a summary. A sheet that gives no date
    does not win over the one shown."""
    book = Workbook()
    data = book.active
    data.title = "BBDD"
    data.append(["ID_ANO", "ID_REGION", "HORA_RECOD", "SEXO_VICTIMA"])
    data.append([2018, 13, "12:00 - 17:59", 1])
    codes = book.create_sheet("Variables")
    codes.append(["Dimensión", "Variable", "Nombre", "Tipo", "Descripción"])
    codes.append(["Tiempo", "ID_ANO", "Año", "Numérica", "Año del hecho"])
    path = tmp_path / "homicidios.xlsx"
    book.save(path)
    opened = imports.open(str(path))
    assert opened.file.sheet == "BBDD" and opened.headers[:2] == ["ID_ANO", "ID_REGION"]


def _sheets_mapping(imports, name: str, sheets: str):
    folder = imports.mappings_folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.toml").write_text(
        f'name = "{name}"\nsheets = {sheets}\n[columns]\nreceived_at = "接警时间"\ncategory = "警情类别"\n'
        'reporter_name = "报警人"\nreporter_phone = "联系电话"\nsummary = "简要案情"\nchannel = "报警方式"\n',
        encoding="utf-8")


def test_a_mappings_sheets_are_read_alone_in_its_order_and_said_so(imports, desk, tmp_path):
    """Zapopan's workbook keeps its incidents on HECHOS and the persons detained on DETENIDOS, laid out alike:
    read together, 2,109 incidents came in twice. A mapping's `sheets` names those to read."""
    path = register(tmp_path / "登记表.xlsx")
    _sheets_mapping(imports, "two", '["3月", "1月"]')
    opened = imports.open(str(path), "two")
    assert (opened.file.sheet, opened.file.sheets) == ("3月", ("3月", "1月"))
    assert opened.file.other_sheets == ("2月", "汇总")
    assert file_notes(opened)[:2] == ["Sheets read, as the mapping's sheets names them: “3月”, “1月”.",
                                      "The workbook's other sheets are not read: “2月”, “汇总”."]
    done = imports.run(opened)
    assert (done.read, done.imported) == (6, 6)
    summaries = {row[0] for row in desk.engine.connect().exec_driver_sql('SELECT summary FROM "case"')}
    assert summaries == {f"{month}第{n}起" for month in ("1月", "3月") for n in (1, 2, 3)}
    _sheets_mapping(imports, "one", '["2月"]')  # a sheet under a title line, other than the one shown
    opened = imports.open(str(path), "one")
    assert (opened.file.sheet, opened.file.sheets, opened.header_row) == ("2月", (), 2)
    set_language("zh")
    try:
        assert file_notes(opened)[:2] == ["按对应关系中 sheets 的设置读取以下工作表：“2月”。",
                                          "工作簿中其他工作表未读取：“1月”、“3月”、“汇总”。"]
    finally:
        set_language("en")
    assert imports.run(opened).imported == 3 and cases(desk) == 9


def test_sheets_read_alike_say_how_a_mapping_chooses_some(imports, desk, tmp_path):
    opened = imports.open(str(register(tmp_path / "登记表.xlsx")))
    assert file_notes(opened)[0] == ("Sheets laid out alike are all read, in order: “1月”, “2月”, “3月”. To read only "
                                     'some of them, name them in a saved mapping: sheets = ["1月"].')


@pytest.mark.parametrize("language, expected", [
    ("en", "The mapping's sheets names “4月”, which are not in the workbook {path}. Its sheets: “1月”, “2月”, "
           "“3月”, “汇总”."),
    ("zh", "对应关系中 sheets 指定的工作表 “4月” 在工作簿 {path} 中不存在。该工作簿的工作表为：“1月”、“2月”、“3月”、“汇总”。")])
def test_a_sheet_the_workbook_lacks_is_refused_with_the_workbooks_sheets(imports, desk, tmp_path, language,
                                                                           expected):
    from frontdesk.i18n import DeskError

    path = register(tmp_path / "登记表.xlsx")
    _sheets_mapping(imports, "april", '["1月", "4月"]')
    set_language(language)
    try:
        with pytest.raises(DeskError) as refused:
            imports.open(str(path), "april")
        message = refused.value.message
    finally:
        set_language("en")
    assert refused.value.key == "import.sheets_missing" and message.startswith(expected.format(path=path))
    _sheets_mapping(imports, "spelled", '[" 1月 "]')  # a space typed around it is no part of the name
    assert imports.open(str(path), "spelled").file.sheet == "1月"
    assert cases(desk) == 0


def test_a_sheet_named_with_the_first_but_laid_out_otherwise_is_refused(imports, desk, tmp_path):
    from frontdesk.i18n import DeskError

    path = register(tmp_path / "登记表.xlsx")
    _sheets_mapping(imports, "mixed", '["1月", "汇总"]')
    with pytest.raises(DeskError) as refused:
        imports.open(str(path), "mixed")
    assert refused.value.key == "import.sheet_laid_out_otherwise" and "“汇总”" in refused.value.message


@pytest.mark.parametrize("language, words", [("en", 'sheets = ["Sheet1", "Sheet2"] reads those sheets alone'),
                                             ("zh", 'sheets = ["Sheet1"] 表示只读取所列的工作表')])
def test_a_mappings_sheets_are_kept_when_the_desk_saves_it_again_and_its_comments_tell_of_them(
        imports, tmp_path, language, words):
    from frontdesk.intake.mapping_file import load_mapping, save_mapping

    _sheets_mapping(imports, "kept", '["HECHOS"]')
    set_language(language)
    try:
        path = save_mapping(load_mapping("kept", imports.mappings_folder), imports.mappings_folder)
    finally:
        set_language("en")
    written = path.read_text(encoding="utf-8")
    assert 'sheets = ["HECHOS"]' in written and words in written
    assert load_mapping("kept", imports.mappings_folder).sheets == ("HECHOS",)


@pytest.mark.parametrize("sheets", ['"HECHOS"', "[1]", '[""]'])
def test_sheets_that_are_not_a_list_of_names_are_refused_by_line(imports, sheets):
    from frontdesk.i18n import DeskError
    from frontdesk.intake.mapping_file import load_mapping

    _sheets_mapping(imports, "wrong", sheets)
    with pytest.raises(DeskError) as refused:
        load_mapping("wrong", imports.mappings_folder)
    assert refused.value.key == "import.mapping_bad_value"
    assert "line 2: sheets must be a list of the workbook's sheet names" in refused.value.message
