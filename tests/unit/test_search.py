"""The look-up box: every kind of query, ranking, and text that is not a query at all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st
from sqlmodel import select

from db.engine import read_session
from db.models import AuditEvent, SearchKey
from frontdesk.callers import lookup as search
from frontdesk.cases.recording import CaseDraft
from frontdesk.desk import Desk
from frontdesk.callers.people import PersonInput
from tests.conftest import FROZEN_NOW

PEOPLE = [
    ("张建国", "13812345678", "11010519491231002X"),
    ("张建华", "13912345678", ""),
    ("章建国", "13700001234", ""),  # same pinyin as 张建国, another surname
    ("王张", "13600005678", ""),    # 张 as a given name
    ("李Anna", "15000001111", ""),  # mixed scripts
    ("曾小明", "18600002222", ""),
]


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)
    recorded = {}
    for name, phone, rid in PEOPLE:
        recorded[name] = desk.cases.record_case(
            CaseDraft(reporter=PersonInput(name=name, phone=phone, resident_id=rid), category="help", summary="求助"),
            now=FROZEN_NOW - timedelta(hours=1),
        )
    desk.recorded = recorded
    return desk


def names(results) -> list[str]:
    return [hit.name for hit in results.people]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("张", ["张建国", "张建华", "王张"]),         # a surname alone finds it anywhere in the name
        ("建国", ["张建国", "章建国"]),               # a given name
        ("张建国", ["张建国"]),
        ("zjg", ["张建国", "章建国"]),                # initials: same pinyin, both found
        ("zhangjianguo", ["张建国", "章建国"]),
        ("jianguo", ["张建国", "章建国"]),
        ("ZJH", ["张建华"]),
        ("zeng", ["曾小明"]),                          # the surname reading, not ceng
        ("anna", ["李Anna"]),
        ("李a", ["李Anna"]),
        ("ｚｊｇ", ["张建国", "章建国"]),              # full-width letters from a Chinese keyboard
    ],
)
def test_names_by_characters_pinyin_and_initials(desk, typed, expected):
    assert sorted(names(desk.callers.search(typed))) == sorted(expected)


def test_the_whole_name_comes_before_a_part_of_one(desk):
    results = desk.callers.search("张建")
    assert [h.exact for h in results.people] == [False, False]
    results = desk.callers.search("王张")
    assert results.people[0].exact and results.people[0].name == "王张"
    assert [h.exact for h in desk.callers.search("zhangjianguo").people] == [True, True]  # both whole names


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("13812345678", ["张建国"]),
        ("138 1234 5678", ["张建国"]),
        ("+8613812345678", ["张建国"]),
        ("5678", ["张建国", "张建华", "王张"]),        # last four digits
        ("1381234", ["张建国"]),                        # the start of a number
        ("002X", ["张建国"]),                           # last digits of an ID
        ("110105", ["张建国"]),                         # start of an ID
    ],
)
def test_phones_and_id_numbers_from_either_end(desk, typed, expected):
    assert sorted(names(desk.callers.search(typed))) == sorted(expected)


def test_a_whole_phone_number_ranks_first(desk):
    assert sorted(names(desk.callers.search("12345678"))) == ["张建华", "张建国"]
    whole = desk.callers.search("13912345678")
    assert whole.people[0].name == "张建华" and whole.people[0].exact
    assert whole.people[0].phone == "139****5678"  # masked in the list


def test_case_numbers(desk):
    number = desk.recorded["张建国"].case_no
    assert [c.case_no for c in desk.callers.search(number).cases] == [number]
    assert len(desk.callers.search("LS-20261122").cases) == len(PEOPLE)
    assert desk.callers.search(number.lower()).cases[0].case_no == number


def test_a_renamed_person_is_found_by_the_new_name_only(desk, engine):
    person_id = desk.recorded["曾小明"].reporter_id
    version = desk.callers.person_history(person_id).version
    desk.callers.update_person(person_id, version=version, name="曾晓敏")
    assert names(desk.callers.search("晓敏")) == ["曾晓敏"]
    assert names(desk.callers.search("小明")) == []
    with read_session(engine) as session:
        keys = session.exec(select(SearchKey.key).where(SearchKey.person_id == person_id)).all()
    assert "zxm" in keys and "曾晓敏" in keys and "曾小明" not in keys


@pytest.mark.parametrize("typed", ["", " ", "12", "x", "'; DROP TABLE person; --", "%", "_", "\\", "😀", "\x00\x07", "张" * 2000])
def test_text_that_is_not_a_query_finds_nothing_harmful(desk, typed):
    results = desk.callers.search(typed)
    assert isinstance(results, search.Results)
    assert desk.callers.search("张建国").people  # and the data is still there


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_at_all_is_searched_without_error(desk, typed):
    results = desk.callers.search(typed)
    assert len(results.people) <= search.PAGE and len(results.cases) <= search.PAGE


def test_looking_at_a_history_and_revealing_numbers_are_audited(desk, engine):
    person_id = desk.recorded["张建国"].reporter_id
    history = desk.callers.person_history(person_id)
    assert history.phones == ("138****5678",) and history.resident_id == "110105********002X"
    phones, rid = desk.callers.reveal(person_id, reason="contact_caller")
    assert (phones, rid) == (["+8613812345678"], "11010519491231002X")
    with read_session(engine) as session:
        events = session.exec(
            select(AuditEvent.action, AuditEvent.reason).where(AuditEvent.record_id == person_id)
            .order_by(AuditEvent.at, AuditEvent.id)
        ).all()
    assert ("view_person", "") in [tuple(e) for e in events]
    assert ("reveal", "contact_caller") in [tuple(e) for e in events]


@pytest.mark.parametrize(
    ("name", "phone", "typed"),
    [
        ("吕强", "13500001111", "luqiang"),        # ü typed as u
        ("吕强", "13500001111", "lvqiang"),
        ("阿卜杜·艾力", "13500002222", "阿卜杜艾力"),  # the dot inside the name is not typed
        ("阿卜杜·艾力", "13500002222", "艾力"),
        ("赵敏", "0571-87654321", "057187654321"),   # a landline with its trunk 0
        ("赵敏", "0571-87654321", "0571-8765"),
    ],
)
def test_how_people_actually_type_names_and_landlines(desk, name, phone, typed):
    desk.cases.record_case(CaseDraft(reporter=PersonInput(name=name, phone=phone), category="help", summary="求助"),
                     now=FROZEN_NOW)
    assert name in names(desk.callers.search(typed))


def test_a_very_long_name_or_place_is_refused_with_a_message_not_a_database_error(desk):
    from frontdesk.callers.people import FieldErrors

    with pytest.raises(FieldErrors) as caught:
        desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张" * 81, phone="13500003333"), category="help",
                                   summary="求助", place="东" * 201), now=FROZEN_NOW)
    assert {"reporter.name", "place"} <= set(caught.value.errors)
