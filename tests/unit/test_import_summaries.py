"""What a case's summary is when the file has no words of its own for it."""

from __future__ import annotations

from tests.unit.test_case_import import write_csv
from tests.unit.test_import_reading import desk, imports  # noqa: F401,F811 - fixtures


def test_an_export_that_gives_a_calls_type_and_no_words_takes_the_type_as_its_summary(imports, desk, tmp_path):
    """Most calls-for-service exports (Seattle, Tempe, Cincinnati, Philadelphia's incidents) give a type and no
    summary column: each case's summary is its type as the file writes it, not a row rejected as empty. A file
    that has a summary column still has an empty one rejected (a register's 简要案情 left blank)."""
    header = ["CAD Event Number", "Original Time Queued", "Final Call Type", "Beat"]
    rows = [header, ["2022000123456", "2022-08-01 01:39:31", "DISTURBANCE, OTHER", "B2"],
            ["2022000123457", "2022-08-01 02:10:00", "NOISE - RESIDENTIAL", "K1"]]
    opened = imports.open(str(write_csv(tmp_path / "seattle-call-data.csv", rows)))
    assert opened.mapping.column("summary") is None
    done = imports.run(opened)
    assert (done.imported, done.rejected) == (2, 0), [r.reason for r in done.rejects]
    with desk.engine.connect() as connection:
        summaries = connection.exec_driver_sql('SELECT summary, category FROM "case" ORDER BY received_at').all()
    assert [tuple(row) for row in summaries] == [("DISTURBANCE, OTHER", "dispute"),
                                                 ("NOISE - RESIDENTIAL", "noise")]


def test_a_category_excel_turned_into_an_error_is_named_as_such(imports, desk, tmp_path):
    """Seattle's call types start with --: saved through Excel they read #NAME?. The officer is told it is
    Excel's mark, not a word to map, in both languages."""
    from frontdesk.i18n import set_language

    rows = [["CAD Event Number", "Original Time Queued", "Final Call Type"],
            ["2022000123456", "2022-08-01 01:39:31", "#NAME?"]]
    path = write_csv(tmp_path / "seattle-call-data-excel.csv", rows)
    done = imports.run(imports.open(str(path)))
    assert done.kinds == {"excel_error": 1} and "Excel's mark for a formula" in done.rejects[0].reason
    set_language("zh")
    try:
        assert "Excel 无法计算公式时显示的标记" in imports.preview(imports.open(str(path))).rows[0].masked_problems
    finally:
        set_language("en")
