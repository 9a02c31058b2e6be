"""The text index of similar words (串并): Chinese character pairs and Latin words, on SQLite (FTS5) and
PostgreSQL (tsvector), kept in step by a desk's save and edit, a logbook import and a sync bundle."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from db.case_words import shared_words, token_list, tokens
from db.engine import read_session
from db.models import Case, CaseWordRow
from frontdesk.i18n import set_language
from frontdesk.intake import import_run
from tests.conftest import FROZEN_NOW
from tests.unit.test_case_import import HEADER, good_row, imports, write_csv  # noqa: F401
from tests.unit.test_similar import desk, record  # noqa: F401

DAY = timedelta(days=1)


def words_of(found) -> dict:
    return {case.case_id: next((r.detail for r in case.reasons if r.code == "words"), None) for case in found}


# ---- the tokens ---------------------------------------------------------------------------------


def test_chinese_is_cut_into_pairs_without_stop_words_or_pairs_across_joining_characters():
    assert token_list("电动车在车棚被盗，有人报警") == ("电动", "动车", "车棚", "棚被", "被盗")
    assert tokens("在") == frozenset() and tokens("报警称有人") == frozenset()


def test_latin_words_are_whole_lower_case_without_plurals_or_stop_words():
    assert token_list("Two BIKES stolen from the shed, caller says") == ("two", "bike", "stolen", "shed")
    assert token_list("浙D12345 车牌") == ("d12345", "车牌")


def test_the_shared_words_are_named_as_the_other_case_writes_them():
    assert shared_words("昨晚车棚里的电动车不见了", tokens("电动车在车棚被盗")) == ["电动车", "车棚"]
    assert shared_words("Bike stolen near the shed", tokens("Two bikes stolen")) == ["stolen", "Bike".lower()]


# ---- through the index, on both backends --------------------------------------------------------


def test_chinese_summaries_sharing_a_word_match_and_a_shared_character_or_stop_word_does_not(desk):
    shed = record(desk, at=FROZEN_NOW - 3 * DAY, phone="139 0000 2001", summary="小区车棚里电动车被人骑走")
    word = record(desk, at=FROZEN_NOW - 4 * DAY, phone="139 0000 2002", summary="商场门口车棚起火")
    char = record(desk, at=FROZEN_NOW - 5 * DAY, phone="139 0000 2003", summary="在超市与人发生口角")
    stop = record(desk, at=FROZEN_NOW - 6 * DAY, phone="139 0000 2004", summary="有人报警称发现情况")
    old = record(desk, at=FROZEN_NOW - 40 * DAY, phone="139 0000 2005", summary="车棚电动车被盗")
    found = words_of(desk.series.similar_to_draft(received_at=FROZEN_NOW, summary="有人报警，电动车在车棚被盗",
                                                  phones=("139 0000 9999",)))
    assert found[shed.case_id] == "电动车, 车棚"
    assert found[word.case_id] == "车棚"
    assert char.case_id not in found and stop.case_id not in found  # 在/与/人 and 报警/有人/发现 are no words
    assert old.case_id not in found  # more than the window's 30 days before
    assert list(found)[0] == shed.case_id  # the most words shared ranks first


def test_english_summaries_sharing_a_word_match_and_stop_words_do_not(desk):
    bikes = record(desk, at=FROZEN_NOW - 2 * DAY, phone="139 0000 3001", summary="Two bikes taken from the shed")
    stop = record(desk, at=FROZEN_NOW - 2 * DAY, phone="139 0000 3002", summary="The caller was at the door")
    found = words_of(desk.series.similar_to_draft(received_at=FROZEN_NOW, summary="A bike was taken at night",
                                                  phones=("139 0000 9999",)))
    assert found == {bikes.case_id: "bikes, taken"}  # as the other case writes them
    assert stop.case_id not in found


def test_the_reason_names_the_shared_words_in_the_officer_s_language(desk):
    record(desk, at=FROZEN_NOW - 2 * DAY, phone="139 0000 4001", summary="车棚电动车被盗")
    set_language("zh")
    [case] = desk.series.similar_to_draft(received_at=FROZEN_NOW, summary="电动车在车棚", phones=("139 0000 9999",))
    assert case.reason_text() == "都提到电动车、车棚"


def test_an_edited_summary_is_found_by_its_new_words_and_not_its_old(desk):
    case = record(desk, at=FROZEN_NOW - 2 * DAY, phone="139 0000 5001", summary="电动车电瓶被盗")
    with read_session(desk.engine) as session:
        version = session.get(Case, case.case_id).version
    desk.cases.edit_case(case.case_id, version=version, changes={"summary": "快递包裹被冒领"}, now=FROZEN_NOW)

    def found(summary):
        return words_of(desk.series.similar_to_draft(received_at=FROZEN_NOW, summary=summary, phones=("139 0000 9999",)))
    assert case.case_id in found("门口快递被人冒领")
    assert case.case_id not in found("电瓶被偷")
    with read_session(desk.engine) as session:
        assert session.scalar(select(func.count()).select_from(CaseWordRow)) == 1


def test_cases_from_a_logbook_import_are_in_the_index(imports, desk, tmp_path):  # noqa: F811
    rows = [HEADER, good_row(1, 简要案情="楼道里的电动车电瓶被偷"), good_row(2, 简要案情="邻居装修噪音扰民")]
    result = import_run.run_import(desk.engine, imports.open(str(write_csv(tmp_path / "w.csv", rows))),
                                   by=desk.actor, zone=desk.zone, now=FROZEN_NOW, report_folder=tmp_path)
    assert result.imported == 2
    with read_session(desk.engine) as session:
        imported = dict(session.execute(select(Case.summary, Case.received_at)).all())
    at = imported["楼道里的电动车电瓶被偷"] + DAY
    found = words_of(desk.series.similar_to_draft(received_at=at, summary="电瓶失窃", phones=("139 0000 9999",)))
    assert list(found.values()) == ["电瓶"]


def test_no_full_phone_or_id_number_reaches_the_panel_for_any_role(desk):
    from dataclasses import replace
    from frontdesk.timefmt import local_text

    record(desk, at=FROZEN_NOW - 2 * DAY, phone="137 2222 3333", place="人民路8号 电话13722223333",
           summary="借款人13722223333拒不还款，身份证号330102199001011234")
    for role in ("duty", "supervisor", "admin"):
        desk.actor = replace(desk.actor, role=role)
        found = desk.series.similar_to_draft(received_at=FROZEN_NOW, place="人民路8号",
                                             summary="13722223333欠款不还 330102199001011234",
                                             phones=("137 2222 3333",))
        assert found and {r.code for r in found[0].reasons} >= {"same_phone", "words"}
        # Everything the panel's row shows: number, time, reasons, summary (and the place the case keeps).
        shown = " ".join(f"{case.case_no} {local_text(case.received_at, desk.zone)} {case.reason_text()} "
                         f"{case.summary} {case.place}" for case in found)
        assert "13722223333" not in shown and "2222" not in shown and "199001011234" not in shown, shown
        assert "137****3333" in shown and "330***********1234" in shown


# ---- the ranking of the word candidates ---------------------------------------------------------


def _ranked(desk, summary, most):
    from db import case_words
    from frontdesk.cases.similar import Probe, probe_words

    with read_session(desk.engine) as session:
        connection = session.connection()
        ranked = case_words.matching(connection, probe_words(Probe(received_at=FROZEN_NOW, summary=summary)),
                                     FROZEN_NOW - 30 * DAY, FROZEN_NOW, most=most)
        rows = dict(session.execute(select(CaseWordRow.row, CaseWordRow.case_id)).all())
    return [rows[row] for row, _ in ranked]


def test_a_rare_shared_word_is_found_among_many_cases_sharing_only_common_ones(desk):
    # More cases share the common words (电动车, 被盗) than the ranking weighs again (3 × most): the one
    # case sharing the month's rare word (车棚) is still found, and first.
    common = [record(desk, at=FROZEN_NOW - (i + 1) * DAY, phone=f"139 0000 61{i:02d}", summary="电动车被盗")
              for i in range(8)]
    rare = record(desk, at=FROZEN_NOW - 20 * DAY, phone="139 0000 6200", summary="车棚起火")
    found = _ranked(desk, "车棚里电动车被盗", most=2)
    assert found == [rare.case_id, common[0].case_id]  # then the newest of the equals
    assert _ranked(desk, "车棚里电动车被盗", most=20)[0] == rare.case_id
    assert len(_ranked(desk, "车棚里电动车被盗", most=20)) == 9


def test_the_same_words_in_a_shorter_text_rank_first_and_a_case_outside_the_window_not_at_all(desk):
    long = record(desk, at=FROZEN_NOW - 1 * DAY, phone="139 0000 6301",
                  summary="车棚电瓶被盗，" + "，".join(["楼道灯坏了无人修理", "邻里多次协商未果", "物业表示会尽快处理"] * 5))
    short = record(desk, at=FROZEN_NOW - 9 * DAY, phone="139 0000 6302", summary="车棚电瓶被盗")
    record(desk, at=FROZEN_NOW - 31 * DAY, phone="139 0000 6303", summary="车棚电瓶被盗")
    assert _ranked(desk, "电瓶在车棚被盗", most=10) == [short.case_id, long.case_id]


def test_a_long_text_s_length_is_read_from_fts5_as_it_stores_it():
    import sqlite3

    from db.case_words import _varint

    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(words)")
    for row, count in enumerate((1, 127, 128, 300, 20000)):
        connection.execute("INSERT INTO t (rowid, words) VALUES (?, ?)", (row, " ".join(["w"] * count)))
    sizes = [_varint(blob) for blob, in connection.execute("SELECT sz FROM t_docsize ORDER BY id")]
    assert sizes == [1, 127, 128, 300, 20000]
