"""A reporter with no full phone and no full ID number (a privacy-masked export's 138****5678 and
110105********002X, or no number at all) is imported as text on a case with no linked person; a number that
is merely wrong is still rejected. Rows are read without a database; the import runs on both backends."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from db.engine import read_session
from frontdesk.callers.people import PersonInput
from frontdesk.context import DeskContext
from frontdesk.desk import Desk
from frontdesk.i18n import set_language
from frontdesk.intake.cli import import_from_command_line
from frontdesk.intake.desk import CaseImports
from frontdesk.intake.import_run import notes_text
from frontdesk.intake.logbook import StationCategory, data_rows, open_logbook
from frontdesk.intake.reporter_text import masked_id, masked_phone
from frontdesk.intake.rejects import Reject
from frontdesk.intake.rows import RowReader
from tests.conftest import FROZEN_NOW

HEADER = ["编号", "接警时间", "报警人", "联系电话", "身份证号", "类别", "报警方式", "简要案情", "处理情况"]
CATEGORIES = [StationCategory("dispute", "纠纷", "Dispute", True),
              StationCategory("help", "求助", "Request for help", False)]


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
    number, first, rest = parsed.draft.narrative.split("\n", 2)
    assert number == "Logbook record no.: 1"  # (the file's own number for the record first)
    assert first.startswith("Reporter: 张建国") and rest == "双方已调解"
    for written in (phone, rid):
        if written and written not in ("无", "不详"):
            assert written in first
    said = "no phone or ID number" if (phone, rid) in (("", ""), ("无", "不详")) else "no full number in the source"
    assert said in first
    assert parsed.draft.summary == "第1起纠纷"


def own(narrative: str) -> str:
    """A narrative without its first line, the logbook's record number (the rows here all have one)."""
    number, rest = narrative.split("\n", 1) if "\n" in narrative else (narrative, "")
    assert number.startswith(("Logbook record no.: ", "原登记编号：")), narrative
    return rest


def test_the_reporter_line_is_in_the_officers_language(tmp_path):
    english = own(read(tmp_path, "138****5678").draft.narrative)
    assert english.startswith("Reporter: 张建国, phone 138****5678 (no full number in the source)\n")
    set_language("zh")
    chinese = read(tmp_path, "138****5678").draft.narrative
    assert chinese.startswith("原登记编号：1\n")
    chinese = own(chinese)
    assert chinese.startswith("报警人：张建国，电话 138****5678（原表未留完整号码）\n")
    assert own(read(tmp_path).draft.narrative).startswith("报警人：张建国（原表未留电话或身份证号）\n")


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
    assert own(parsed.draft.narrative).startswith("Reporter: 张建国, ID number 110105********002X (no full number")
    masked_phone_only = read(tmp_path, "138****5678", "11010519491231002X")
    assert masked_phone_only.draft.reporter == PersonInput(name="张建国", resident_id="11010519491231002X")
    assert masked_phone_only.e164 is None and "phone 138****5678" in masked_phone_only.draft.narrative


def test_a_masked_number_with_no_name_is_kept_and_no_name_no_number_stays_anonymous(tmp_path):
    unnamed = read(tmp_path, "138****5678", name="")
    assert unnamed.kept_as_text and own(unnamed.draft.narrative).startswith("Reporter: phone 138****5678 (")
    nobody = read(tmp_path, "", name="匿名")
    assert nobody.anonymous and not nobody.kept_as_text and own(nobody.draft.narrative) == "双方已调解"


#: Rows of a register keyed by their content (no record number) and the keys the reading before this one gave
#: them (worked out with frontdesk/intake/rows.py as it was): a full phone, a word for none beside an ID number,
#: an anonymous caller, a masked phone (rejected then).
KEYED_BEFORE = {
    ("2024-03-01 10:00", "张建国", "138 1234 5678", "", "纠纷", "邻居争吵"): "689be9231c1ece14f5eff2a1407c6cdf7d21f144",
    ("2024-03-02 10:00", "李秀英", "拒绝提供", "11010519491231002X", "纠纷", "车位纠纷"):
        "b36741943321332cd096f317f72295bc1e7ead4a",
    ("2024-03-03 10:00", "匿名", "", "", "求助", "钥匙锁车内"): "3f2ba8496635031bc525de9b6433e6a8c90631ea",
    ("2024-03-04 10:00", "王小明", "138****5678", "", "纠纷", "噪音"): "7e9e032ad74ef1d54bd99df2c8c60cfce3a3ee77",
}


def test_rows_keep_the_source_keys_they_had_so_a_file_imported_before_adds_only_the_rows_it_rejected(tmp_path):
    path = tmp_path / "register.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([["接警时间", "报警人", "联系电话", "身份证号", "类别", "简要案情"], *KEYED_BEFORE])
    opened = open_logbook(path, CATEGORIES)
    reader = RowReader(opened, zone=ZoneInfo("Asia/Shanghai"), now=FROZEN_NOW)
    parsed = [reader.read(source) for source in data_rows(opened)]
    assert [row.source_key for row in parsed] == list(KEYED_BEFORE.values())
    assert [row.draft is not None for row in parsed] == [True] * 4  # the masked row, rejected before, now imports


# ---- imported, on both backends -----------------------------------------------------------------------------

@pytest.fixture
def imports(engine, settings, on_duty, db_url, tmp_path) -> CaseImports:
    desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)
    return CaseImports(DeskContext(settings=replace(settings, data_dir=tmp_path, config_path=tmp_path / "config.toml"),
                                   engine=engine, on_duty=desk.on_duty, url=db_url, clock=desk.clock))


def rows_of(engine, sql: str) -> list[tuple]:
    with read_session(engine) as session:
        return [tuple(found) for found in session.execute(text(sql)).all()]


MASKED_EXPORT = [row(1, "138****5678"), row(2, "1381234****", name="李秀英"), row(3, "", "110105********002X"),
                 row(4, name="王小明"), row(5, "555-***-1234", name="John Smith", narrative=""),
                 row(6, "13912345678", name="赵四"), row(7, "1381234", name="钱五")]


def test_a_masked_export_imports_its_rows_with_no_person_made_and_again_adds_nothing(imports, engine, tmp_path):
    path = write_csv(tmp_path / "110-masked.csv", MASKED_EXPORT)
    done = imports.run(imports.open(str(path)))
    assert (done.imported, done.rejected, done.kept_as_text) == (6, 1, 5)
    assert done.kinds == {"bad_phone": 1}  # 1381234: wrong, not masked
    assert rows_of(engine, "SELECT name FROM person") == [("赵四",)]  # the one full number
    assert rows_of(engine, "SELECT e164 FROM personphone") == [("+8613912345678",)]
    assert rows_of(engine, "SELECT count(*) FROM caseparty") == [(1,)]
    narratives = sorted(own(narrative) for (narrative,) in rows_of(engine, 'SELECT narrative FROM "case"'))
    assert "Reporter: 张建国, phone 138****5678 (no full number in the source)\n双方已调解" in narratives
    assert "Reporter: John Smith, phone 555-***-1234 (no full number in the source)" in narratives
    assert any(n.startswith("Reporter: 张建国, ID number 110105********002X (") for n in narratives)
    assert any(n.startswith("Reporter: 王小明 (no phone or ID number in the source)") for n in narratives)
    assert "5 reporters are kept as text only" in done.report_path.read_text(encoding="utf-8")
    assert notes_text(done) == ["5 reporters are kept as text only, at the head of their cases' narratives: the file "
                                "gives no full phone or ID number for them, so no person record was made or matched."]

    again = imports.run(imports.open(str(path)))
    assert (again.imported, again.skipped, again.kept_as_text) == (0, 6, 0)
    assert rows_of(engine, 'SELECT count(*) FROM "case"') == [(6,)]
    assert rows_of(engine, "SELECT count(*) FROM person") == [(1,)]


def test_the_command_line_says_how_many_reporters_are_kept_as_text_in_both_languages(imports, tmp_path, capsys):
    path = write_csv(tmp_path / "110.csv", MASKED_EXPORT[:3])
    args = SimpleNamespace(file=str(path), mapping="", save_mapping="", dry_run=True)
    assert import_from_command_line(args, imports) == 0
    shown = capsys.readouterr().out
    assert "138****5678" in shown and "✓ reporter kept as text" in shown
    assert "3 rows shown name their reporter with no full phone or ID number" in shown
    set_language("zh")
    assert import_from_command_line(replace_args(args, dry_run=False), imports) == 0
    said = capsys.readouterr().out
    assert "预览中有 3 行的报警人没有完整电话或身份证号" in said and "✓ 报警人仅存文字" in said
    assert "有 3 位报警人仅以文字记在警情详细情况的开头" in said


def replace_args(args: SimpleNamespace, **changes) -> SimpleNamespace:
    return SimpleNamespace(**{**vars(args), **changes})
