"""The desk's categories panel: names cut after whole words, as many columns as the width holds."""

from __future__ import annotations

from frontdesk.reports.dashboard import CategoryCount
from screens.shell.by_category import category_grid, fit_name


def _counts(*named: tuple[str, int]) -> tuple[CategoryCount, ...]:
    return tuple(CategoryCount(name, name, count) for name, count in named)


def test_a_long_name_is_cut_after_a_whole_word_never_mid_word():
    assert fit_name("Request for help", 14) == "Request for…"
    assert fit_name("Report / tip", 10) == "Report…"  # not "Report /…"
    assert fit_name("Lost property", 13) == "Lost property"
    assert fit_name("Neighbourhood", 8) == "Neighbo…"  # one word longer than the room: cut, there is no other way
    assert fit_name("噪音扰民", 6) == "噪音…"


def test_one_column_of_four_rows_with_the_counts_at_the_edge():
    grid = category_grid(_counts(("Dispute", 15), ("Request for help", 14), ("Report / tip", 7), ("Theft", 5),
                                 ("Fraud", 4), ("Noise", 3)), 16, rows=4, gap=2, name_cells=16)
    assert grid.plain.split("\n") == ["Dispute       15", "Request for…  14", "Report / tip   7", "+3 more       12"]


def test_each_column_is_as_wide_as_its_own_names_so_a_second_one_fits():
    # One long name in the first column no longer widens the second (20 cells held one column of five).
    grid = category_grid(_counts(("纠纷", 15), ("噪音扰民", 14), ("举报", 7), ("盗窃", 5), ("诈骗", 4)), 20, rows=3,
                         gap=2, name_cells=16)
    assert grid.plain.split("\n") == ["纠纷     15  盗窃  5", "噪音扰民 14  诈骗  4", "举报      7"]


def test_two_long_categories_alike_at_their_start_are_cut_where_they_differ():
    # Cut after whole words both read "Housing…": the desk could not say which had the three cases.
    named = (("Housing - residential property management complaint", 3), ("Dispute", 2),
             ("Housing - residential property management dispute", 2), ("Traffic", 1))
    assert fit_name(named[0][0], 16) == fit_name(named[2][0], 16) == "Housing…"
    grid = category_grid(_counts(*named), 19, rows=4, gap=2, name_cells=16)
    assert grid.plain.split("\n") == ["…complaint      3", "Dispute         2", "Housing…dispute 2", "Traffic         1"]
    grid = category_grid(_counts(("住宅小区物业管理服务投诉", 3), ("住宅小区物业管理服务纠纷", 2)), 19, rows=4, gap=2,
                         name_cells=16)
    assert grid.plain.split("\n") == ["住宅小区物…投诉 3", "住宅小区物…纠纷 2"]
