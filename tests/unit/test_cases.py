"""Recording, reviewing and closing cases through the service layer, on both backends."""

from __future__ import annotations

import threading
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from db.engine import make_engine, read_session
from db.models import AuditEvent, Case, CaseLink, CaseParty, ChangeLog, Person, PersonPhone
from frontdesk.cases import views as case_views
from frontdesk.cases.recording import CaseDraft, PartyDraft
from frontdesk.desk import Desk
from frontdesk.i18n import DeskError, set_language
from frontdesk.callers.people import FieldErrors, PersonInput
from frontdesk.callers.lookup import people_by_number as match_people
from tests.conftest import FROZEN_NOW

ZONE = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url)


def walk_in(**changes) -> CaseDraft:
    values = dict(
        reporter=PersonInput(name="张建国", phone="138 1234 5678", resident_id="11010519491231002X", address="东关村3组"),
        category="dispute",
        summary="邻居占用车位发生口角",
        place="东关村3组",
        narrative="报警人称邻居长期占用其车位。",
    )
    values.update(changes)
    return CaseDraft(**values)


def test_a_walk_in_for_a_new_person_is_numbered_and_fully_recorded(desk, engine):
    recorded = desk.cases.record_case(walk_in(), now=FROZEN_NOW)
    assert recorded.case_no == "LS-20261122-0001"  # 20:30 in Beijing on the 22nd
    with read_session(engine) as session:
        case = session.get(Case, recorded.case_id)
        person = session.get(Person, recorded.reporter_id)
        [party] = session.exec(select(CaseParty).where(CaseParty.case_id == case.id)).all()
        [phone] = session.exec(select(PersonPhone).where(PersonPhone.person_id == person.id)).all()
        logged = session.exec(select(ChangeLog.table_name).order_by(ChangeLog.seq)).all()
    assert (case.status, case.channel, case.received_at) == ("open", "walk_in", FROZEN_NOW)
    assert (person.name, person.name_pinyin, person.name_initials) == ("张建国", "zhangjianguo", "zjg")
    assert person.resident_id == "11010519491231002X"
    assert (phone.e164, party.role, party.phone_e164) == ("+8613812345678", "reporter", "+8613812345678")
    # The reporter, 76 by the ID number, is tagged elderly by the station's rule in the same transaction.
    assert logged[-5:] == ["person", "personphone", "case", "caseparty", "persontag"]


def test_numbers_follow_the_local_day_the_matter_was_received(desk):
    first = desk.cases.record_case(walk_in(), now=FROZEN_NOW)
    second = desk.cases.record_case(walk_in(received_at=FROZEN_NOW - timedelta(hours=21)), now=FROZEN_NOW)
    third = desk.cases.record_case(walk_in(), now=FROZEN_NOW)
    assert (first.case_no, second.case_no, third.case_no) == (
        "LS-20261122-0001", "LS-20261121-0001", "LS-20261122-0002"
    )


def test_the_same_caller_is_found_by_full_phone_last_digits_or_id(desk, engine):
    recorded = desk.cases.record_case(walk_in(), now=FROZEN_NOW)
    with read_session(engine) as session:
        for typed in ("13812345678", "5678", "+86 138 1234", "110105194912"):
            matches = match_people(session, typed)
            assert [m.person_id for m in matches] == [recorded.reporter_id], typed
        [match] = match_people(session, "13812345678")
        assert (match.phone, match.cases, match.resident_id) == (
            "138****5678", 1, "110105********002X"
        )
        assert match_people(session, "567") == []  # too few digits to be useful


def test_a_second_report_by_the_same_phone_shows_history_and_links_as_a_repeat(desk, engine):
    first = desk.cases.record_case(walk_in(), now=FROZEN_NOW - timedelta(days=3))
    known = PersonInput(person_id=first.reporter_id)
    desk.cases.record_case(walk_in(reporter=known, category="noise", summary="楼上噪音"), now=FROZEN_NOW - timedelta(days=2))
    recent, counts = desk.cases.reporter_history(person_id=first.reporter_id, phone=None, category="dispute", now=FROZEN_NOW)
    assert [r.category for r in recent] == ["dispute", "noise"]  # same category first
    assert recent[0].same_category and not recent[1].same_category
    assert (counts.reports, counts.repeats) == (2, 0)

    again = walk_in(reporter=known, repeat_of=first.case_id)
    repeat = desk.cases.record_case(again, now=FROZEN_NOW)
    with read_session(engine) as session:
        [link] = session.exec(select(CaseLink).where(CaseLink.case_id == repeat.case_id)).all()
        assert session.exec(select(Person)).all().__len__() == 1  # no duplicate person
    assert (link.kind, link.other_case_id) == ("repeat_of", first.case_id)
    _, by_person = desk.cases.reporter_history(person_id=first.reporter_id, phone=None, category=None, now=FROZEN_NOW)
    _, by_phone = desk.cases.reporter_history(person_id=None, phone="+8613812345678", category=None, now=FROZEN_NOW)
    assert (by_person.reports, by_person.repeats) == (3, 1)
    assert (by_phone.reports, by_phone.repeats) == (3, 1)
    detail = desk.cases.case_detail(first.case_id)
    assert [(l.kind, l.outgoing, l.case_no) for l in detail.links] == [("repeat_of", False, repeat.case_no)]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"reporter": PersonInput(name="李四", phone="1381234567")}, "reporter.phone", "not valid"),
        ({"reporter": PersonInput(name="李四", resident_id="110105194912310021")}, "reporter.resident_id", "check digit"),
        ({"reporter": PersonInput(name="", phone="13812345678")}, "reporter.name", "Reporter's name is required"),
        ({"reporter": PersonInput(name="李四")}, "reporter.phone", "phone number or an ID number"),
        ({"summary": "   "}, "summary", "Summary is required"),
        ({"category": ""}, "category", "Category is required"),
        ({"category": "alien_landing"}, "category", "not on the station's list"),
        ({"received_at": FROZEN_NOW + timedelta(hours=1)}, "received_at", "later than now"),
        ({"parties": (PartyDraft("victim", PersonInput(name="王五", phone="12345")),)}, "party1.party.phone", "not valid"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(desk, engine, changes, field, words):
    with pytest.raises(FieldErrors) as caught:
        desk.cases.record_case(walk_in(**changes), now=FROZEN_NOW)
    assert field in caught.value.errors
    assert words in caught.value.message
    with read_session(engine) as session:
        assert session.exec(select(Case)).all() == []
        assert session.exec(select(Person)).all() == []


def test_an_id_number_is_one_persons_typed_anew_under_another_name_it_is_refused_under_theirs_it_is_them(desk, engine):
    """A new case's reporter typed with a known person's ID number: no second record with that number."""
    known = desk.cases.record_case(walk_in(), now=FROZEN_NOW)  # 张建国, 11010519491231002X
    other = PersonInput(name="测试", phone="0575-88001234", resident_id="11010519491231002x")
    with pytest.raises(FieldErrors) as caught:
        desk.cases.record_case(walk_in(reporter=other), now=FROZEN_NOW)
    assert "reporter.resident_id" in caught.value.errors
    assert "110105********002X is 张建国's, already known" in caught.value.message
    with pytest.raises(FieldErrors) as caught:  # an other party likewise
        desk.cases.record_case(walk_in(parties=(PartyDraft("witness", other),)), now=FROZEN_NOW)
    assert list(caught.value.errors) == ["party1.party.resident_id"]
    again = desk.cases.record_case(walk_in(reporter=PersonInput(name="张 建国", phone="0575-88001234",
                                                                resident_id="11010519491231002X")), now=FROZEN_NOW)
    assert again.reporter_id == known.reporter_id
    with read_session(engine) as session:
        assert [p.name for p in session.exec(select(Person)).all()] == ["张建国"]
        phones = sorted(p.e164 for p in session.exec(select(PersonPhone)).all())
        party = session.exec(select(CaseParty).where(CaseParty.case_id == again.case_id)).one()
    assert phones == ["+8613812345678", "+8657588001234"]  # the phone typed is added to them
    assert party.phone_e164 == "+8657588001234"
    set_language("zh")
    with pytest.raises(FieldErrors) as caught:
        desk.cases.record_case(walk_in(reporter=other), now=FROZEN_NOW)
    assert "身份证号 110105********002X 已登记为 张建国" in caught.value.message


def test_two_terminals_saving_at_the_same_moment_get_different_numbers(desk, settings, on_duty, db_url):
    other = Desk(settings=settings, engine=make_engine(db_url), on_duty=on_duty, url=db_url)
    numbers: list[str] = []
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def terminal(d: Desk):
        start.wait()
        for _ in range(8):
            try:
                numbers.append(d.cases.record_case(walk_in(), now=FROZEN_NOW).case_no)
            except BaseException as exc:  # collected and asserted below
                failures.append(exc)

    threads = [threading.Thread(target=terminal, args=(d,)) for d in (desk, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.close()
    assert failures == []
    assert sorted(numbers) == [f"LS-20261122-{n:04d}" for n in range(1, 17)]


def test_edits_keep_history_and_a_stale_edit_is_refused(desk):
    recorded = desk.cases.record_case(walk_in(), now=FROZEN_NOW)
    seen = desk.cases.case_detail(recorded.case_id)
    desk.cases.edit_case(recorded.case_id, version=seen.version, changes={"place": "西关村1组"}, now=FROZEN_NOW)
    with pytest.raises(DeskError) as caught:
        desk.cases.edit_case(recorded.case_id, version=seen.version, changes={"place": "南关"}, now=FROZEN_NOW)
    assert caught.value.key == "case.changed_meanwhile"
    detail = desk.cases.case_detail(recorded.case_id)
    assert detail.case.place == "西关村1组"
    [edit] = [h for h in detail.history if h.op == "update"]
    assert [(c.field, c.old, c.new) for c in edit.changes] == [("place", "东关村3组", "西关村1组")]
    assert edit.officer == "王建军"


def test_close_reopen_and_void_are_recorded_and_nothing_is_deleted(desk, engine):
    recorded = desk.cases.record_case(walk_in(), now=FROZEN_NOW)
    desk.cases.take_on(recorded.case_id)
    with pytest.raises(FieldErrors):
        desk.cases.close_case(recorded.case_id, disposition="", note="", now=FROZEN_NOW)
    desk.cases.close_case(recorded.case_id, disposition="mediated", note="双方达成协议", now=FROZEN_NOW)
    with pytest.raises(DeskError) as caught:
        desk.cases.edit_case(recorded.case_id, version=3, changes={"place": "x"}, now=FROZEN_NOW)
    assert caught.value.key == "case.closed_no_edit"
    with pytest.raises(FieldErrors):
        desk.cases.reopen_case(recorded.case_id, reason=" ")
    desk.cases.reopen_case(recorded.case_id, reason="报警人再次来所")
    desk.cases.void_case(recorded.case_id, reason="录入重复", now=FROZEN_NOW)
    with pytest.raises(DeskError):
        desk.cases.take_on(recorded.case_id)
    detail = desk.cases.case_detail(recorded.case_id)
    assert detail.case.voided and detail.void_reason == "录入重复"
    assert detail.case.status == "in_progress" and detail.case.disposition is None
    statuses = [c.new for h in detail.history for c in h.changes if c.field == "status"]
    assert statuses == ["open", "in_progress", "closed", "in_progress"]
    with read_session(engine) as session:
        actions = session.exec(
            select(AuditEvent.action, AuditEvent.reason).where(AuditEvent.record_id == recorded.case_id)
            .order_by(AuditEvent.at)
        ).all()
    assert [a for a, _ in actions] == ["create", "take_on", "close", "reopen", "void"]
    assert ("reopen", "报警人再次来所") in [tuple(a) for a in actions]


def test_the_list_filters_sorts_and_hides_voided_cases(desk):
    a = desk.cases.record_case(walk_in(summary="甲"), now=FROZEN_NOW - timedelta(hours=3))
    b = desk.cases.record_case(walk_in(summary="乙", category="theft"), now=FROZEN_NOW - timedelta(hours=2))
    c = desk.cases.record_case(walk_in(summary="丙"), now=FROZEN_NOW - timedelta(days=2))
    desk.cases.void_case(b.case_id, reason="录错", now=FROZEN_NOW)
    today = case_views.CaseFilter(since=FROZEN_NOW - timedelta(hours=12))
    assert [r.summary for r in desk.cases.list_cases(today)] == ["甲"]
    assert [r.summary for r in desk.cases.list_cases(case_views.CaseFilter(include_voided=True, sort="oldest"))] == [
        "丙", "甲", "乙"
    ]
    assert [r.summary for r in desk.cases.list_cases(case_views.CaseFilter(category="dispute"))] == ["甲", "丙"]
    desk.cases.close_case(c.case_id, disposition="unfounded", note="", now=FROZEN_NOW)
    assert [r.summary for r in desk.cases.list_cases(case_views.CaseFilter(status="closed"))] == ["丙"]
    [row] = desk.cases.list_cases(case_views.CaseFilter(status="open"))
    assert (row.case_id, row.reporter, row.reporter_phone) == (a.case_id, "张建国", "138****5678")


def test_the_receipt_carries_number_date_category_and_officer(desk):
    recorded = desk.cases.record_case(walk_in(), now=FROZEN_NOW)
    text_path, html_path = desk.cases.write_receipt(recorded.case_id)
    text = text_path.read_text(encoding="utf-8")
    assert recorded.case_no in text and "2026-11-22 20:30" in text and "Dispute" in text and "王建军" in text
    assert "<html" in html_path.read_text(encoding="utf-8")


def test_a_repeat_must_be_of_the_same_reporters_case(desk):
    someone_else = desk.cases.record_case(walk_in(reporter=PersonInput(name="李四", phone="13900001111")), now=FROZEN_NOW)
    with pytest.raises(FieldErrors) as caught:
        desk.cases.record_case(walk_in(repeat_of=someone_else.case_id), now=FROZEN_NOW)
    assert "repeat_of" in caught.value.errors
    assert len(desk.cases.list_cases(case_views.CaseFilter())) == 1  # nothing of the refused case was kept


def test_a_draft_saved_twice_is_one_case(desk, engine):
    import uuid

    key = uuid.uuid4()
    first = desk.cases.record_case(walk_in(draft_key=key), now=FROZEN_NOW)
    again = desk.cases.record_case(walk_in(draft_key=key), now=FROZEN_NOW)
    assert (again.case_id, again.case_no, again.already, first.already) == (first.case_id, first.case_no, True, False)
    with read_session(engine) as session:
        assert len(session.exec(select(Case)).all()) == 1
        assert session.get(Case, first.case_id).draft_key == key


def test_a_kept_draft_whose_case_was_saved_is_never_offered(desk):
    import uuid

    store = desk.cases.case_draft_store()
    saved, unsaved = uuid.uuid4(), uuid.uuid4()
    store.save({"summary": "邻居占用车位发生口角", "draft_key": str(saved)})
    desk.cases.record_case(walk_in(draft_key=saved), now=FROZEN_NOW)
    assert desk.cases.kept_case_draft() is None
    assert store.load() is None  # thrown away, not left to be offered by the next start
    store.save({"summary": "还没保存", "draft_key": str(unsaved)})
    assert desk.cases.kept_case_draft()[1]["summary"] == "还没保存"


def test_a_case_set_aside_whose_case_was_saved_is_never_listed(desk):
    import uuid

    store = desk.cases.case_draft_store()
    saved, unsaved = uuid.uuid4(), uuid.uuid4()
    store.put_aside({"summary": "邻居占用车位发生口角", "draft_key": str(saved)})
    store.put_aside({"summary": "还没保存", "draft_key": str(unsaved)})
    store.put_aside({"summary": "没有键的旧草稿"})
    desk.cases.record_case(walk_in(draft_key=saved), now=FROZEN_NOW)
    assert sorted(draft.fields["summary"] for draft in desk.cases.case_drafts_aside()) == ["没有键的旧草稿", "还没保存"]
    assert len(store.aside()) == 2  # thrown away, not listed again


def test_a_voided_case_reads_as_void_in_look_up_links_and_the_status_filter(desk):
    first = desk.cases.record_case(walk_in(summary="甲"), now=FROZEN_NOW - timedelta(hours=3))
    second = desk.cases.record_case(walk_in(summary="乙"), now=FROZEN_NOW - timedelta(hours=2))
    desk.cases.link_related(second.case_id, other_case_no=first.case_no)
    desk.cases.void_case(first.case_id, reason="录错", now=FROZEN_NOW)
    [hit] = desk.callers.search(first.case_no).cases
    assert (hit.case_no, hit.voided) == (first.case_no, True)
    [link] = desk.cases.case_detail(second.case_id).links
    assert (link.case_no, link.voided) == (first.case_no, True)
    assert [r.summary for r in desk.cases.list_cases(case_views.CaseFilter(status=case_views.VOID))] == ["甲"]
    assert [r.summary for r in desk.cases.list_cases(case_views.CaseFilter(status="open"))] == ["乙"]


def test_the_history_names_the_linked_case_and_keeps_a_reopens_reason(desk):
    first = desk.cases.record_case(walk_in(summary="甲"), now=FROZEN_NOW - timedelta(hours=3))
    second = desk.cases.record_case(walk_in(summary="乙"), now=FROZEN_NOW - timedelta(hours=2))
    desk.cases.link_related(second.case_id, other_case_no=first.case_no)
    desk.cases.close_case(second.case_id, disposition="mediated", note="", now=FROZEN_NOW)
    desk.cases.reopen_case(second.case_id, reason="报警人再次来所")
    changes = [(c.field, c.new) for row in desk.cases.case_detail(second.case_id).history for c in row.changes]
    assert ("kind", "related") in changes and ("case_no", first.case_no) in changes
    assert ("reopen_reason", "报警人再次来所") in changes


def test_what_a_draft_tells_by_itself_is_checked_without_the_database_and_the_desk_adds_the_rest(desk):
    """The form checks as the officer types (draft_errors, no session); the desk's check adds what only the
    database knows (a category switched off), and writes nothing."""
    from frontdesk.cases.recording import draft_errors

    draft = walk_in(reporter=PersonInput(name="", phone="12345", resident_id="110105194912310021"),
                    category="arson", summary="", received_at=FROZEN_NOW + timedelta(minutes=5))
    here = draft_errors(draft, now=FROZEN_NOW)
    assert list(here) == ["reporter.name", "reporter.phone", "reporter.resident_id", "summary", "received_at"]
    everything = desk.cases.draft_errors(draft, now=FROZEN_NOW)
    assert list(everything) == [*here, "category"] and everything["category"].key == "form.unknown_category"
    assert desk.cases.draft_errors(walk_in(), now=FROZEN_NOW) == {}
    assert not desk.cases.has_cases()
