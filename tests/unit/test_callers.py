"""Repeat reporters, reviews, contact edits, and merging two records of one person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from db.engine import read_session
from db.models import CaseParty, Person, PersonPhone
from frontdesk.cases.recording import CaseDraft
from frontdesk.desk import Desk
from frontdesk.i18n import DeskError
from frontdesk.callers.people import FieldErrors, PersonInput
from tests.conftest import FROZEN_NOW


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)


def report(desk, reporter: PersonInput, *, days_ago: float, repeat_of=None, category="dispute"):
    return desk.cases.record_case(
        CaseDraft(reporter=reporter, category=category, summary="又来报警", repeat_of=repeat_of),
        now=FROZEN_NOW - timedelta(days=days_ago),
    )


def test_repeat_reporters_are_ranked_with_repeats_unfounded_and_reviews(desk):
    first = report(desk, PersonInput(name="沈芳", phone="13556572190"), days_ago=20)
    shen = PersonInput(person_id=first.reporter_id)
    for days in (15, 10, 5, 1):
        recorded = report(desk, shen, days_ago=days, repeat_of=first.case_id)
    desk.cases.close_case(recorded.case_id, disposition="unfounded", note="", now=FROZEN_NOW)
    li = report(desk, PersonInput(name="李敏", phone="15545455328"), days_ago=3)
    for days in (2, 1):
        report(desk, PersonInput(person_id=li.reporter_id), days_ago=days)
    report(desk, PersonInput(name="王五", phone="13600001111"), days_ago=2)  # only once: not listed
    report(desk, shen, days_ago=60)  # outside the window

    rows = desk.callers.repeat_reporters(days=30, min_reports=3, by_phone=False)
    assert [(r.name, r.reports, r.repeats, r.unfounded) for r in rows] == [("沈芳", 5, 4, 1), ("李敏", 3, 0, 0)]
    assert rows[0].phone == "135****2190" and rows[0].reviewed_at is None
    by_phone = desk.callers.repeat_reporters(days=30, min_reports=3, by_phone=True)
    assert [(r.phone_e164, r.name, r.reports) for r in by_phone][0] == ("+8613556572190", "沈芳", 5)

    desk.callers.record_review(person_id=rows[0].person_id, phone_e164=rows[0].phone_e164, called_back=True,
                       reached=True, note="已电话回访，说明报警须知")
    assert desk.callers.repeat_reporters(days=30, min_reports=3, by_phone=False)[0].reviewed_at == FROZEN_NOW
    assert desk.callers.repeat_reporters(days=90, min_reports=6, by_phone=False)[0].reports == 6
    cut = desk.callers.repeat_reporter_page(days=30, min_reports=3, by_phone=False, limit=1)
    assert ([r.name for r in cut.rows], cut.total) == (["沈芳"], 2)  # a cut list knows how many it left out


def test_contact_details_and_notes_are_edited_with_checks(desk):
    recorded = report(desk, PersonInput(name="赵磊", phone="13700002222"), days_ago=1)
    person = recorded.reporter_id
    history = desk.callers.person_history(person)
    with pytest.raises(FieldErrors) as caught:
        desk.callers.update_person(person, version=history.version, add_phone="12345")
    assert set(caught.value.errors) == {"phone"}
    desk.callers.update_person(person, version=history.version, address="东门村2组", notes="耳背，请大声说话",
                       add_phone="0571-87654321")
    history = desk.callers.person_history(person)
    assert (history.address, history.notes) == ("东门村2组", "耳背，请大声说话")
    assert history.phones == ("137****2222", "057*****4321")
    with pytest.raises(DeskError):
        desk.callers.update_person(person, version=1, notes="stale")  # someone else's edit came first


def test_likely_duplicates_same_phone_same_id_or_a_finger_slip(desk):
    a = report(desk, PersonInput(name="孙丽", phone="13811112222", resident_id="11010519491231002X"), days_ago=3)
    found = desk.callers.likely_duplicates(name="孙丽", phone="13811112223", resident_id="")
    assert [h.person_id for h in found] == [a.reporter_id]  # one digit off
    assert desk.callers.likely_duplicates(name="孙丽", phone="13811112122", resident_id="")  # two digits swapped
    assert desk.callers.likely_duplicates(name="别人", phone="", resident_id="11010519491231002X")
    assert desk.callers.likely_duplicates(name="孙丽", phone="13899990000", resident_id="") == []


def test_a_merge_keeps_every_case_and_can_be_undone(desk, engine):
    a = report(desk, PersonInput(name="周强", phone="13811112222"), days_ago=3)
    b = report(desk, PersonInput(name="周强", phone="13811112223"), days_ago=2)
    report(desk, PersonInput(person_id=b.reporter_id), days_ago=1)
    done = desk.callers.merge_people(merged_id=b.reporter_id, survivor_id=a.reporter_id, reason="同一人，号码录错")
    assert done.moved == 3  # two cases and a phone
    history = desk.callers.person_history(a.reporter_id)
    assert len(history.cases) == 3 and sorted(history.phones) == ["138****2222", "138****2223"]
    assert [h.name for h in desk.callers.search("周强").people] == ["周强"]  # the merged record is no longer listed
    with pytest.raises(DeskError):
        desk.callers.merge_people(merged_id=b.reporter_id, survivor_id=a.reporter_id, reason="again")

    desk.callers.undo_last_merge(a.reporter_id)
    with read_session(engine) as session:
        parties = session.exec(select(CaseParty.person_id)).all()
        phones = session.exec(select(PersonPhone.person_id, PersonPhone.e164)).all()
        merged = session.get(Person, b.reporter_id)
    assert sorted(map(str, parties)) == sorted(map(str, [a.reporter_id, b.reporter_id, b.reporter_id]))
    assert (b.reporter_id, "+8613811112223") in [tuple(p) for p in phones]
    assert merged.merged_into_id is None
    with pytest.raises(DeskError):
        desk.callers.undo_last_merge(a.reporter_id)


def test_a_merge_takes_the_merged_records_tags_along_and_undo_gives_them_back(desk):
    a = report(desk, PersonInput(name="周强", phone="13811112222"), days_ago=3)
    b = report(desk, PersonInput(name="周强", phone="13811112223"), days_ago=2)
    tags = {row.code: row.tag_id for row in desk.tags.tags()}
    desk.tags.set_person_tags(a.reporter_id, {tags["elderly_alone"]})
    desk.tags.set_person_tags(b.reporter_id, {tags["elderly_alone"], tags["disabled"]})
    done = desk.callers.merge_people(merged_id=b.reporter_id, survivor_id=a.reporter_id, reason="同一人")
    # the survivor's own 独居老人 stays the one row; 残疾人 comes along
    assert {row.code for row in desk.tags.of_person(a.reporter_id)} == {"elderly_alone", "disabled"}
    assert done.moved == 3  # a case, a phone and a tag
    # the tag that came along (its row keeps the merged record's id) is taken off and put back without a clash
    desk.tags.set_person_tags(a.reporter_id, {tags["elderly_alone"]})
    desk.tags.set_person_tags(a.reporter_id, {tags["elderly_alone"], tags["disabled"]})
    assert {row.code for row in desk.tags.of_person(a.reporter_id)} == {"elderly_alone", "disabled"}
    desk.callers.undo_last_merge(a.reporter_id)
    assert {row.code for row in desk.tags.of_person(a.reporter_id)} == {"elderly_alone"}
    assert {row.code for row in desk.tags.of_person(b.reporter_id)} == {"elderly_alone", "disabled"}


def test_a_merged_record_is_found_by_its_old_details_and_new_cases_go_to_the_survivor(desk, engine):
    a = report(desk, PersonInput(name="周强", phone="13811112222"), days_ago=3)
    b = report(desk, PersonInput(name="周小强", phone="13811112223", resident_id="11010519491231002X"), days_ago=2)
    desk.callers.merge_people(merged_id=b.reporter_id, survivor_id=a.reporter_id, reason="同一人")
    for typed in ("周小强", "11010519491231002X", "13811112223"):
        assert [h.person_id for h in desk.callers.search(typed).people] == [a.reporter_id], typed
    later = report(desk, PersonInput(person_id=b.reporter_id), days_ago=1)  # a form opened before the merge
    assert later.reporter_id == a.reporter_id
    assert len(desk.callers.person_history(a.reporter_id).cases) == 3


def test_merges_are_undone_in_the_reverse_order_only(desk):
    a = report(desk, PersonInput(name="甲", phone="13811110001"), days_ago=3)
    b = report(desk, PersonInput(name="乙", phone="13811110002"), days_ago=3)
    d = report(desk, PersonInput(name="丁", phone="13811110003"), days_ago=3)
    desk.callers.merge_people(merged_id=b.reporter_id, survivor_id=a.reporter_id, reason="x")
    desk.callers.merge_people(merged_id=a.reporter_id, survivor_id=d.reporter_id, reason="y")
    with pytest.raises(DeskError) as caught:
        desk.callers.undo_last_merge(b.reporter_id)  # the B→A merge: A has moved on into D since
    assert caught.value.key in ("merge.undo_later_first", "merge.nothing_to_undo")
    desk.callers.undo_last_merge(d.reporter_id)  # A→D first
    desk.callers.undo_last_merge(a.reporter_id)  # then B→A
    assert len(desk.callers.person_history(b.reporter_id).cases) == 1
    assert len(desk.callers.person_history(a.reporter_id).cases) == 1
    assert len(desk.callers.person_history(d.reporter_id).cases) == 1
