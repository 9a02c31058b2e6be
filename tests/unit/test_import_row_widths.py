"""A row with more cells than the header has columns (Boston's 311 TSV as published: row 41 has a 30th cell,
"Citizens Connect App", beside its 29 headers): imported, but the officer is told how many and which, since its
cells may be shifted. An empty cell beyond the header (a trailing delimiter) is no such row."""

from __future__ import annotations

from frontdesk.i18n import set_language
from frontdesk.intake.import_run import outcome_lines
from tests.unit.test_service_requests import desk, export, imports  # noqa: F401

HEADER = ["Incident Number", "Date", "Offense", "Place", "Source"]
ROWS = [
    ["I-1", "2023-05-02 21:15", "Theft", "1 Main St", "Phone"],
    ["I-2", "2023-05-02 21:20", "Theft", "2 Main St", "Phone", "Citizens Connect App"],  # row 3: a cell too many
    ["I-3", "2023-05-02 21:25", "Theft", "3 Main St", "Phone", ""],  # a trailing delimiter: nothing beyond
    ["I-4", "2023-05-02 21:30", "Theft", "4 Main St", "Phone", " ", "Walk-in"],  # row 5: one beyond, not empty
]


def test_rows_with_cells_beyond_the_header_are_imported_and_said(imports, tmp_path):
    path = export(tmp_path / "calls.csv", HEADER, ROWS)
    opened = imports.open(str(path))
    result = imports.run(opened)
    assert (result.read, result.imported, result.rejected) == (4, 4, 0)
    assert (result.beyond_header, result.beyond_rows) == (2, ["3", "5"])
    for lang, words in (("en", "2 rows have more cells than the header has columns (rows 3, 5)"),
                        ("zh", "有 2 行的单元格多于表头的列数（第 3、5 行）")):
        set_language(lang)
        assert any(words in line for line in outcome_lines(result)), outcome_lines(result)
    set_language("en")
    assert "rows 3, 5" in result.report_path.read_text(encoding="utf-8")


def test_a_trailing_delimiter_on_every_row_is_not_said(imports, tmp_path):
    path = export(tmp_path / "calls.csv", [*HEADER], [[*row[:5], ""] for row in ROWS])
    result = imports.run(imports.open(str(path)))
    assert result.beyond_header == 0 and not any("more cells" in line for line in outcome_lines(result))


def test_only_the_first_rows_beyond_the_header_are_named(imports, tmp_path):
    rows = [[f"I-{n}", f"2023-05-02 21:{n:02d}", "Theft", "Main St", "Phone", "extra"] for n in range(8)]
    result = imports.run(imports.open(str(export(tmp_path / "calls.csv", HEADER, rows))))
    assert result.beyond_header == 8
    assert any("(rows 2, 3, 4, 5, 6 …)" in line for line in outcome_lines(result))


def test_a_dry_run_says_the_rows_beyond_the_header(imports, tmp_path, capsys):
    from argparse import Namespace

    from frontdesk.intake.cli import import_from_command_line

    path = export(tmp_path / "calls.csv", HEADER, ROWS)
    for lang, words in (("en", "(rows 3, 5)"), ("zh", "（第 3、5 行）")):
        set_language(lang)
        import_from_command_line(Namespace(file=str(path), mapping="", save_mapping="", dry_run=True), imports)
        assert words in capsys.readouterr().out
    set_language("en")
