"""A reporter with no full phone and no full ID number (a privacy-masked export's 138****5678 and
110105********002X, or no number at all) is imported as text on a case with no linked person; a number that
is merely wrong is still rejected. Rows are read without a database."""

from __future__ import annotations

import csv
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from frontdesk.callers.people import PersonInput
from frontdesk.i18n import set_language
from frontdesk.intake.logbook import StationCategory, data_rows, open_logbook
from frontdesk.intake.reporter_text import masked_id, masked_phone
from frontdesk.intake.rows import Reject, RowReader
from tests.conftest import FROZEN_NOW

HEADER = ["编号", "接警时间", "报警人", "联系电话", "身份证号", "类别", "报警方式", "简要案情", "处理情况"]
CATEGORIES = [StationCategory("dispute", "纠纷", "Dispute", True), StationCategory("help", "求助", "Request for help", False)]


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def row(number: int, phone: str = "", rid: str = "", name: str = "张建国", narrative: str = "双方已调解") -> list[str]:
    return [str(number), f"2024-03-{number:02d} 10:00", name, phone, rid, "纠纷", "来所", f"第{number}起纠纷", narrative]


def read(tmp_path: Path, phone: str = "", rid: str = "", name: str = "张建国"):
    opened = open_logbook(write_csv(tmp_path / "one.csv", [row(1, phone, rid, name)]), CATEGORIES)
    return RowReader(opened, zone=ZoneInfo("Asia/Shanghai"), now=FROZEN_NOW).read(next(data_rows(opened)))


# ---- what is masked, and what is merely wrong ------------------------------------------------------------

MASKED_PHONES = ["138****5678", "138xxxx5678", "138XXXX5678", "1381234****", "555-***-1234", "+86 138＊＊＊＊5678",
                 "138••••5678", "****5678", "138 **** 5678"]
#: Wrong, not masked: too short, letters, a lone x or *, no digit shown, not a number, too many places.
BAD_PHONES = ["1381234", "138-1234-567a", "abc", "138x5678", "138*5678", "xxxxxxx", "12345678901",
              "138****56789012345"]
MASKED_IDS = ["110105********002X", "11010519491231****", "110105xxxxxxxx002x", "1101051949123****X"]
#: Wrong, not masked: a wrong check digit, too short, 17 places with a run hidden, no digit shown.
BAD_IDS = ["110105194912310021", "1101051949", "110105*******002X", "XXXXXXXXXXXXXXXXXX"]


@pytest.mark.parametrize("written", MASKED_PHONES)
def test_masked_phones_are_told_from_wrong_ones(written):
    assert masked_phone(written)


@pytest.mark.parametrize("written", BAD_PHONES + ["13812345678", "13812345678x12", ""])
def test_a_wrong_or_full_phone_is_not_masked(written):
    assert not masked_phone(written)


def test_masked_and_wrong_id_numbers():
    assert all(masked_id(written) for written in MASKED_IDS)
    assert not any(masked_id(written) for written in [*BAD_IDS, "11010519491231002X", ""])


@pytest.mark.parametrize("phone, rid, shown", [
    *((phone, "", phone) for phone in MASKED_PHONES),
    *(("", rid, rid) for rid in MASKED_IDS),
    ("138****5678", "110105********002X", "138****5678"),
    ("", "", ""),  # a name and no number at all (an old register)
    ("无", "不详", ""),  # a register's words for none
    ("***********", "******************", ""),  # nothing but marks: no number (as "-" is), not a bad one
])
def test_a_reporter_with_no_full_number_is_read_as_text_on_a_case_with_no_person(tmp_path, phone, rid, shown):
    parsed = read(tmp_path, phone, rid)
    assert parsed.problems == () and parsed.draft is not None
    assert parsed.anonymous and parsed.kept_as_text and parsed.e164 is None
    assert parsed.draft.reporter == PersonInput()  # nothing a person could be made or matched from
    assert (parsed.reporter, parsed.phone) == ("张建国", shown)  # the preview's row: as written
    first, rest = parsed.draft.narrative.split("\n", 1)
    assert first.startswith("Reporter: 张建国") and rest == "双方已调解"
    for written in (phone, rid):
        if written and written not in ("无", "不详"):
            assert written in first
    said = "no phone or ID number" if (phone, rid) in (("", ""), ("无", "不详")) else "no full number in the source"
    assert said in first
    assert parsed.draft.summary == "第1起纠纷"


def test_the_reporter_line_is_in_the_officers_language(tmp_path):
    english = read(tmp_path, "138****5678").draft.narrative
    assert english.startswith("Reporter: 张建国, phone 138****5678 (no full number in the source)\n")
    set_language("zh")
    chinese = read(tmp_path, "138****5678").draft.narrative
    assert chinese.startswith("报警人：张建国，电话 138****5678（原表未留完整号码）\n")
    assert read(tmp_path).draft.narrative.startswith("报警人：张建国（原表未留电话或身份证号）\n")


@pytest.mark.parametrize("phone, rid, kind", [*((phone, "", "bad_phone") for phone in BAD_PHONES),
                                              *(("", rid, "bad_id") for rid in BAD_IDS),
                                              ("138****5678", "110105194912310021", "bad_id")])
def test_a_number_merely_wrong_is_still_rejected_with_its_message(tmp_path, phone, rid, kind):
    parsed = read(tmp_path, phone, rid)
    assert parsed.draft is None and not parsed.kept_as_text
    assert Reject(parsed.number, parsed.problems).kind == kind


def test_a_masked_number_beside_a_full_one_is_kept_as_text_and_the_full_one_finds_the_person(tmp_path):
    parsed = read(tmp_path, "13812345678", "110105********002X")
    assert parsed.problems == () and not parsed.anonymous and not parsed.kept_as_text
    assert parsed.e164 == "+8613812345678" and parsed.draft.reporter == PersonInput(name="张建国", phone="13812345678")
    assert parsed.draft.narrative.startswith("Reporter: 张建国, ID number 110105********002X (no full number")
    masked_phone_only = read(tmp_path, "138****5678", "11010519491231002X")
    assert masked_phone_only.draft.reporter == PersonInput(name="张建国", resident_id="11010519491231002X")
    assert masked_phone_only.e164 is None and "phone 138****5678" in masked_phone_only.draft.narrative


def test_a_masked_number_with_no_name_is_kept_and_no_name_no_number_stays_anonymous(tmp_path):
    unnamed = read(tmp_path, "138****5678", name="")
    assert unnamed.kept_as_text and unnamed.draft.narrative.startswith("Reporter: phone 138****5678 (")
    nobody = read(tmp_path, "", name="匿名")
    assert nobody.anonymous and not nobody.kept_as_text and nobody.draft.narrative == "双方已调解"
