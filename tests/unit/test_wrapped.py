"""The case history's wrapping column: closing punctuation never starts a line (kinsoku)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from screens.shell.wrapped import CLOSING, OPENING, fold_text, wrap_lines

HISTORY = [
    "邻居占用车位，发生口角。民警到场调解（双方已和解），登记在案。",
    "报警人称：“电动车在小区楼下被盗。”已调取监控、询问保安；待回复！",
    "Changed the place from 东关村3组 to 西街12号, the summary, and the category.",
    "甲乙丙丁戊己，。」好",
]


def _plain_folding(text: str, width: int) -> list[str]:
    """How the column wrapped before: Rich folding a Chinese sentence at the cell edge."""
    return [line.plain for line in Text(text).wrap(Console(width=200), width)]


def test_a_fold_at_the_edge_would_begin_a_line_with_a_comma():
    # The case this exists for: six characters fill 12 cells and "，" is the 13th.
    assert _plain_folding(HISTORY[0], 12)[1].startswith("，")
    # Kept with the character before it, which goes down with it.
    assert wrap_lines(HISTORY[0], 12) == ["邻居占用车", "位，发生口", "角。民警到场", "调解（双方已", "和解），登记", "在案。"]


@pytest.mark.parametrize("text", HISTORY)
@pytest.mark.parametrize("width", range(12, 41))
def test_no_line_begins_with_closing_punctuation_or_ends_with_an_opening_mark(text, width):
    lines = wrap_lines(text, width)
    assert all(cell_len(line) <= width for line in lines), lines
    assert not any(line[:1] in CLOSING for line in lines), lines
    assert not any(line[-1:] in OPENING for line in lines[:-1]), lines
    # Nothing is lost or moved: the lines are the text, cut only where a space was dropped or between characters.
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_line_is_filled_as_far_as_the_rules_allow():
    lines = wrap_lines("邻居占用车位发生口角，双方争执不下。", 20)
    assert lines == ["邻居占用车位发生口", "角，双方争执不下。"]
    assert wrap_lines("see the notes, then call back", 12) == ["see the", "notes, then", "call back"]


def test_a_word_wider_than_the_column_is_cut_by_cells_and_lines_in_the_text_are_kept():
    assert wrap_lines("a" * 30, 12) == ["a" * 12, "a" * 12, "a" * 6]
    assert wrap_lines("第一行\n第二行", 12) == ["第一行", "第二行"]


@pytest.mark.parametrize(("text", "width", "lines"), [
    # The number at the fold point goes down whole; the Chinese before it still fills the line.
    ("摘要：报警人电话13900001111称钥匙锁在屋内", 20, ["摘要：报警人电话", "13900001111称钥匙锁", "在屋内"]),
    ("接警时间：2026-12-07 20:30，类别：求助", 18, ["接警时间：", "2026-12-07 20:30，", "类别：求助"]),
    # Only where the time and its comma fill the line whole does the comma begin the next one.
    ("接警时间：2026-12-07 20:30；类别：求助", 16, ["接警时间：", "2026-12-07 20:30", "；类别：求助"]),
    ("经查与LS-20261101-0007为同一纠纷", 16, ["经查与", "LS-20261101-0007", "为同一纠纷"]),
    ("电话138****5678或+8613812345678", 14, ["电话", "138****5678或", "+8613812345678"]),
])
def test_a_fold_never_cuts_a_number_a_case_number_or_a_time(text, width, lines):
    assert wrap_lines(text, width) == lines


def test_a_chinese_line_still_folds_at_the_width_and_a_run_wider_than_the_line_is_cut():
    assert wrap_lines("甲乙丙丁戊己庚辛壬癸子丑寅卯", 10) == ["甲乙丙丁戊", "己庚辛壬癸", "子丑寅卯"]
    assert wrap_lines("身份证号110101199003074211", 12) == ["身份证号", "110101199003", "074211"]


def test_a_folded_text_keeps_its_styles():
    text = Text("姓名：")
    text.append("张丽", style="bold")
    text.append("电话13900001111")
    folded = fold_text(text, 14)
    assert folded.plain == "姓名：张丽电话\n13900001111"
    assert [folded.plain[span.start:span.end] for span in folded.spans] == ["张丽"]
