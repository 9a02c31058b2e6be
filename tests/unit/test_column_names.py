"""A column of the station's names (screens.shell.name_cuts.fit_names): two long names that a cut at the end would
make read alike ("Department of Hous…" twice) are cut where they differ instead, in both languages."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult

from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.name_cuts import Shortened, ellipsize, fit_names
from tests.apphelpers import wait_until

BODIES = [
    "Department of Housing Preservation and Development",
    "Department of Housing and Buildings - Safety Inspections",
    "Department of Sanitation - Derelict Vehicles",
    "Department of Sanitation - Illegal Dumping Enforcement",
    "Community grid worker",
    "12345 citizen hotline",
]
BODIES_ZH = ["区住房和城乡建设局物业管理科", "区住房和城乡建设局房屋安全管理科", "市场监督管理局消费者权益保护分局",
             "市场监督管理局价格监督检查分局", "社区网格员"]


def shown(values, cells: int) -> list[str]:
    return [text.plain for text in fit_names(values, cells)]


def test_long_names_alike_at_their_start_are_cut_where_they_differ() -> None:
    assert [ellipsize(name, 10).plain for name in BODIES[:4]] == ["Departmen…"] * 4  # what an end cut showed
    assert shown(BODIES, 10) == ["…Preserva…", "…and Buil…", "…Derelict…", "…Illegal…", "Community…", "12345 cit…"]
    assert shown(BODIES, 20) == ["…Preservation and D…", "…and Buildings - Sa…", "…Derelict Vehicles",
                                 "…Illegal Dumping En…", "Community grid work…", "12345 citizen hotli…"]
    for cells in (6, 8, 10, 14, 20, 30, 40):
        texts = shown(BODIES, cells)
        assert len(set(texts)) == len(BODIES), (cells, texts)
        assert all(cell_len(text) <= cells for text in texts), (cells, texts)


def test_chinese_names_alike_at_their_start_are_cut_where_they_differ_never_splitting_a_glyph() -> None:
    assert [ellipsize(name, 10).plain for name in BODIES_ZH[:2]] == ["区住房和…"] * 2
    assert shown(BODIES_ZH, 10) == ["…物业管理…", "…房屋安全…", "…消费者权…", "…价格监督…", "社区网格员"]
    # Room left over shows the name's first glyphs before the "…".
    assert shown(BODIES_ZH, 20)[:2] == ["区住房和…物业管理科", "区住…房屋安全管理科"]
    for cells in (5, 6, 8, 10, 14, 20):
        texts = shown(BODIES_ZH, cells)
        assert len(set(texts)) == len(BODIES_ZH), (cells, texts)
        assert all(cell_len(text) <= cells for text in texts), (cells, texts)


def test_names_that_differ_only_at_their_end_show_their_end_after_their_first_words() -> None:
    matters = ["Residential building property management complaint - heating",
               "Residential building property management complaint - repairs", "Noise"]
    assert shown(matters, 8) == ["…heating", "…repairs", "Noise"]
    assert shown(matters, 30) == ["Residential building…heating", "Residential building…repairs", "Noise"]
    # Differing in the last glyph only: the ends.
    assert shown(["abcdefgh ijklm x", "abcdefgh ijklm y"], 6) == ["…x", "…y"]


def test_a_name_on_several_rows_reads_the_same_and_names_not_alike_are_cut_at_their_end() -> None:
    names = ["Housing - residential property management dispute", "Dispute",
             "Housing - residential property management complaint", "Housing - residential property management dispute"]
    assert shown(names, 10) == ["…dispute", "Dispute", "…complaint", "…dispute"]
    assert shown(["Community grid worker", "12345 citizen hotline", "Noise"], 10) == [
        "Community…", "12345 cit…", "Noise"]
    # A name that fits whole tells itself apart from one it is the start of.
    assert shown(["Noise", "Noise at night"], 6) == ["Noise", "Noise…"]
    # ...and a name that is the start of one and alike with another is cut where it differs from that other.
    assert shown(["住宅小区物业服务质量纠纷", "住宅小区物业服务收费纠纷", "住宅小区物业服务质量纠纷（供暖）",
                  "住宅小区物业服务收费纠纷（维修）"], 8) == ["…质量纠…", "…收费纠…", "…供暖）", "…维修）"]
    # What follows a word (", night"): the next word, not the word before it cut again.
    assert shown(["Complaint - heating", "Complaint - heating, night", "Complaint - repairs"], 9) == [
        "…heating", "…night", "…repairs"]


def test_a_short_word_that_fits_is_kept_and_styles_stay() -> None:
    role = Shortened("Other party involved", "Other")
    assert shown([role, "Other party involvement"], 8) == ["Other", "Other p…"]
    styled = fit_names([Text(BODIES[0], style="bold red"), BODIES[1]], 12)
    assert styled[0].plain == "…Preservati…" and styled[0].style == "bold red"


class NamesApp(App):
    def compose(self) -> ComposeResult:
        table = FittedTable(id="names")
        table.set_columns([ColumnSpec("case", "Case no.", keep=True),
                           ColumnSpec("body", "Receiving body", priority=1, minimum=8, names=True),
                           ColumnSpec("due", "Due", keep=True)])
        yield table


async def test_a_table_column_of_names_cuts_them_apart_at_any_width() -> None:
    app = NamesApp()
    async with app.run_test(size=(50, 10)) as pilot:
        table = app.query_one(FittedTable)
        table.set_rows([(f"LS-{n}", name, "2026-12-08 09:06") for n, name in enumerate(BODIES[:4])])
        assert await wait_until(pilot, lambda: table.row_count == 4)
        cells = [table.get_row_at(row)[1].plain for row in range(4)]
        assert len(set(cells)) == 4 and all(cell.startswith("…") for cell in cells), cells
        await pilot.resize_terminal(120, 10)
        assert await wait_until(pilot, lambda: table.get_row_at(0)[1].plain == BODIES[0])


def test_names_cut_another_way_are_cut_where_they_differ_only_where_that_way_reads_alike() -> None:
    # The desk's categories panel cuts after a whole word ("Request for…"); its three "Housing…" are told apart
    # as a table's column is: the two alike to their last words by their ends, the third as cut at its end.
    def after_a_word(name: str, cells: int) -> str:
        return name if cell_len(name) <= cells else name[:name.rfind(" ", 0, cells)].rstrip(" -") + "…"

    names = ["Housing - residential property management complaint", "Housing - residential property management dispute",
             "Housing - commercial premises", "Request for help at home", "Request for help at home", "Theft"]
    assert [after_a_word(name, 16) for name in names[:4]] == ["Housing…"] * 3 + ["Request for…"]
    assert [text.plain for text in fit_names(names, 16, cut=after_a_word)] == [
        "…complaint", "Housing…dispute", "Housing - comme…", "Request for…", "Request for…", "Theft"]
    assert [text.plain for text in fit_names(names, 16)][3] == "Request for hel…"  # (ellipsize's own cut)
