"""What a case's summary is when the file has no words of its own for it."""

from __future__ import annotations

from tests.unit.test_case_import import write_csv
from tests.unit.test_import_reading import desk, imports  # noqa: F401,F811 - fixtures


def test_an_export_that_gives_a_calls_type_and_no_words_takes_the_type_as_its_summary(imports, desk, tmp_path):
    """Most calls-for-service exports (Seattle, Tempe, Cincinnati, Philadelphia's incidents) give a type and no
    summary column: each case's summary is its type as the file writes it, not a row rejected as empty."""
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


def test_a_column_of_numbers_is_never_proposed_as_the_summary(imports, tmp_path):
    """Fuzhou's 12345 complaints as a study published them: 诉求内容情绪 (a score, 0.1935…) and 内容长度 (a
    length) both hold 内容, the word of a summary; the complaint's words are in 投诉件内容, proposed instead.
    Before, 256 cases came in with a number for their summary and the complaint itself was left out."""
    header = ["id", "信息来源", "标题", "内容长度", "诉求内容情绪", "时间", "投诉件内容", "回复长度", "结果认同"]
    rows = [header,
            [1204, "电话", "河水黑臭，望处理", 56, 0.193501337898858, "12/31/2016",
             "仓山区建新镇高宅路与百花洲路交接处的浦上河，河水黑臭", 75, 5],
            [1205, "网站", "小河水体黑臭", 22, 0.2243939642504194, "12/27/2016", "万达旁小河水体黑臭，河里垃圾多", 136, 6.75],
            [1206, "电话", "河道垃圾", 18, 0.2160412650152015, "12/20/2016", "河道里垃圾多，无人清理", 40, 9.0357]]
    opened = imports.open(str(write_csv(tmp_path / "新诉求数据.csv", rows)))
    assert opened.mapping.column("summary") == "投诉件内容"
    assert opened.mapping.column("disposition") is None  # (结果认同: a score, 6.75, is no outcome)


def test_a_blank_summary_cell_takes_the_rows_type(imports, desk, tmp_path):
    """A register's 简要案情 left blank on a row (Pudong's fire log: 13 rows; Carrollton's empty narrative): the
    row is imported with its type as written for its summary, as the preview shows. Before, it was rejected."""
    rows = [["接警时间", "警情类别", "简要案情", "发生地点"],
            ["2024-03-05 09:10", "纠纷", "邻居占用车位发生口角", "幸福小区"],
            ["2024-03-05 10:20", "噪音扰民", "", "幸福小区3栋"],
            ["2024-03-05 11:30", "", "", "幸福小区5栋"]]
    opened = imports.open(str(write_csv(tmp_path / "接处警登记表.csv", rows)))
    assert [row.summary for row in imports.preview(opened).rows] == ["邻居占用车位发生口角", "噪音扰民", ""]
    done = imports.run(opened)
    assert (done.imported, done.rejected) == (2, 1)  # (no type and no summary: nothing to call it)
    with desk.engine.connect() as connection:
        summaries = connection.exec_driver_sql(
            'SELECT summary, category FROM "case" WHERE source_key IS NOT NULL ORDER BY received_at').all()
    assert [tuple(row) for row in summaries] == [("邻居占用车位发生口角", "dispute"), ("噪音扰民", "noise")]
