"""People's tags: the station's taxonomy (refusals), tagging, search by characters/pinyin/code, rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select
from stdnum.cn import ric

from db.engine import read_session, write_session
from db.models import AuditEvent, ChangeLog, Person, PersonTag, Tag, TagClass
from frontdesk.access.roles import NotAllowed
from frontdesk.callers.people import FieldErrors, PersonInput
from frontdesk.cases.recording import CaseDraft, PartyDraft
from frontdesk.desk import Desk
from frontdesk.i18n import set_language
from frontdesk.tags import rules, taxonomy
from frontdesk.tags.taxonomy import TagInput
from tests.conftest import FROZEN_NOW


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)


@pytest.fixture
def admin_desk(desk):
    desk.actor = replace(desk.actor, role="admin")
    return desk


def resident_id(born: str, serial: str = "002") -> str:
    """A valid 18-digit ID number for someone born on `born` (YYYYMMDD)."""
    body = f"110105{born}{serial}"
    return body + ric.calc_check_digit(body + "0")


def tag_id(desk, code: str):
    with read_session(desk.engine) as session:
        return session.exec(select(Tag.id).where(Tag.code == code)).one()


def class_id(desk, code: str):
    with read_session(desk.engine) as session:
        return session.exec(select(TagClass.id).where(TagClass.code == code)).one()


def codes_of(desk, person_id) -> dict[str, str]:
    return {row.code: row.source for row in desk.tags.of_person(person_id)}


def walk_in(desk, *, name="张建国", phone="13812345678", rid="", category="theft", parties=(), person_id=None, **more):
    draft = CaseDraft(reporter=PersonInput(name=name, phone=phone, resident_id=rid, person_id=person_id), category=category,
                      summary="来所报案", place="东关村3组", parties=tuple(parties), **more)
    return desk.cases.record_case(draft, now=desk.clock())


def audited(desk, action: str) -> int:
    with read_session(desk.engine) as session:
        return len(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


# ---- the taxonomy -----------------------------------------------------------------------------


def test_the_starting_taxonomy_is_seeded_in_both_languages(desk):
    classes, tags = desk.tags.classes(), desk.tags.tags()
    assert len(classes) >= 7 and len(tags) >= 60
    assert all(row.name_zh and row.name_en and row.name_pinyin for row in tags)
    assert {"fraud_victim", "repeat_reporter", "elderly_by_id", "minor_by_id"} <= {row.rule for row in tags}


def test_the_admin_adds_a_class_and_a_tag_and_renames_it_audited_and_logged(admin_desk):
    desk = admin_desk
    new_class = desk.tags.save_class(code="rural", name_zh="农村事务", name_en="Rural matters")
    added = desk.tags.save_tag(TagInput(code="orchard_owner", name_zh="果园承包户", name_en="Orchard tenant",
                                        class_id=new_class))
    row = next(r for r in desk.tags.tags(class_id=new_class))
    assert (row.tag_id, row.code, row.name_pinyin) == (added, "orchard_owner", "guoyuanchengbaohu gycbh")
    desk.tags.save_tag(TagInput(code="", name_zh="果园承包人", name_en="Orchard keeper", class_id=new_class),
                       tag_id=added, version=row.version)
    row = next(r for r in desk.tags.tags(class_id=new_class))
    assert (row.code, row.name_zh, row.name_en, row.version) == ("orchard_owner", "果园承包人", "Orchard keeper", 2)
    assert audited(desk, "add_tag_class") == 1 and audited(desk, "add_tag") == 1 and audited(desk, "change_tag") == 1
    with read_session(desk.engine) as session:
        logged = session.exec(select(ChangeLog).where(ChangeLog.record_id == added)).all()
    assert [entry.op for entry in logged] == ["insert", "update"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_duplicate_code_an_empty_name_and_a_bad_code_are_refused_in_the_officers_language(admin_desk, language):
    set_language(language)
    desk = admin_desk
    social = class_id(desk, "social")
    with pytest.raises(FieldErrors) as refused:
        desk.tags.save_tag(TagInput(code="elderly_alone", name_zh="独居", name_en="", class_id=social))
    assert set(refused.value.errors) == {"code", "name_en"}
    message = refused.value.message
    assert ("elderly_alone" in message) and (("已被使用" in message) if language == "zh" else ("taken" in message))
    with pytest.raises(FieldErrors) as refused:
        desk.tags.save_tag(TagInput(code="Bad Code!", name_zh="坏", name_en="Bad", class_id=social))
    assert set(refused.value.errors) == {"code"}
    with pytest.raises(FieldErrors) as refused:
        desk.tags.save_class(code="social", name_zh="  ", name_en="Social")
    assert set(refused.value.errors) == {"code", "name_zh"}
    assert len(desk.tags.tags(class_id=social)) == 10  # nothing added
    set_language("en")


def test_only_the_admin_keeps_the_taxonomy(desk):
    desk.actor = replace(desk.actor, role="supervisor")
    with pytest.raises(NotAllowed):
        desk.tags.save_tag(TagInput(code="x_tag", name_zh="某", name_en="Some", class_id=class_id(desk, "social")))
    with pytest.raises(NotAllowed):
        desk.tags.switch_tag(tag_id(desk, "migrant"), active=False)


def test_switching_off_a_tag_in_use_keeps_the_peoples_tags_and_offers_it_no_more(admin_desk):
    desk = admin_desk
    person = walk_in(desk).reporter_id
    migrant = tag_id(desk, "migrant")
    assert desk.tags.set_person_tags(person, {migrant}) == (1, 0)
    desk.tags.switch_tag(migrant, active=False)
    assert "migrant" in codes_of(desk, person)
    assert not next(r for r in desk.tags.of_person(person) if r.code == "migrant").active
    assert "migrant" not in {row.code for row in desk.tags.search("")}
    desk.tags.set_person_tags(person, {migrant})  # kept chosen: still theirs
    assert "migrant" in codes_of(desk, person)
    other = walk_in(desk, name="李四", phone="13900001111").reporter_id
    with pytest.raises(Exception) as refused:
        desk.tags.set_person_tags(other, {migrant})
    assert "switched off" in str(refused.value.message)
    assert codes_of(desk, other) == {}


# ---- searching the tag list -----------------------------------------------------------------


@pytest.mark.parametrize("typed, expected", [
    ("独居", "elderly_alone"), ("djlr", "elderly_alone"), ("dujulaoren", "elderly_alone"), ("laoren", "elderly_alone"),
    ("alone", "elderly_alone"), ("elderly_al", "elderly_alone"), ("DJLR", "elderly_alone"),
    ("dzsh", "fraud_victim_recent"), ("两卡", "card_renting_risk"), ("（易走失", "dementia"),
])
def test_the_tag_list_is_searched_by_characters_pinyin_initials_or_code(desk, typed, expected):
    assert expected in [row.code for row in desk.tags.search(typed)]


def test_a_search_matching_nothing_finds_nothing_and_every_word_must_match(desk):
    assert desk.tags.search("xyzzy") == []
    assert [row.code for row in desk.tags.search("laoren dj")] == ["elderly_alone"]


# ---- tagging a person ------------------------------------------------------------------------


def test_an_officer_tags_and_untags_a_person_as_synced_changes_never_deletes(desk):
    person = walk_in(desk).reporter_id
    alone, disabled = tag_id(desk, "elderly_alone"), tag_id(desk, "disabled")
    assert desk.tags.set_person_tags(person, {alone, disabled}) == (2, 0)
    assert codes_of(desk, person) == {"elderly_alone": "officer", "disabled": "officer"}
    assert desk.tags.set_person_tags(person, {alone}) == (0, 1)
    assert codes_of(desk, person) == {"elderly_alone": "officer"}
    with read_session(desk.engine) as session:
        kept = session.exec(select(PersonTag).where(PersonTag.person_id == person)).all()
        assert {(row.tag_id, row.removed) for row in kept} == {(alone, False), (disabled, True)}
        assert all(row.set_by == desk.actor.officer_id for row in kept)
    assert desk.tags.set_person_tags(person, {alone, disabled}) == (1, 0)  # the same record taken back
    assert audited(desk, "tag_person") == 3 and audited(desk, "untag_person") == 1
    grouped = [(name, [r.code for r in rows]) for name, rows in
               __import__("frontdesk.tags.tagging", fromlist=["grouped"]).grouped(desk.tags.of_person(person))]
    assert grouped == [("Groups at risk", ["elderly_alone"]), ("Special care", ["disabled"])]


def test_an_unknown_tag_and_a_gone_person_are_refused(desk):
    import uuid

    from frontdesk.i18n import DeskError

    person = walk_in(desk).reporter_id
    with pytest.raises(DeskError):
        desk.tags.set_person_tags(person, {uuid.uuid4()})
    with pytest.raises(DeskError):
        desk.tags.set_person_tags(uuid.uuid4(), set())
    assert codes_of(desk, person) == {}


# ---- rules -------------------------------------------------------------------------------------


def test_a_fraud_case_tags_its_reporter_and_victim_by_rule_but_not_its_suspect_or_witness(desk):
    recorded = walk_in(desk, category="fraud", parties=[
        PartyDraft("victim", PersonInput(name="王秀英", phone="13700001111")),
        PartyDraft("suspect", PersonInput(name="赵某", phone="13600001111")),
        PartyDraft("witness", PersonInput(name="钱某", phone="13500001111")),
    ])
    with read_session(desk.engine) as session:
        people = {p.name: p.id for p in session.exec(select(Person)).all()}
    assert codes_of(desk, people["张建国"]) == {"fraud_victim_recent": "rule"}
    assert codes_of(desk, people["王秀英"]) == {"fraud_victim_recent": "rule"}
    assert codes_of(desk, people["赵某"]) == {} and codes_of(desk, people["钱某"]) == {}
    row = desk.tags.of_person(people["王秀英"])[0]
    assert rules.rule_reason(row.note) == f"by rule: fraud case {recorded.case_no}"
    set_language("zh")
    assert rules.rule_reason(row.note) == f"按规则：诈骗警情 {recorded.case_no}"
    set_language("en")


def test_a_theft_case_tags_nobody_and_a_switched_off_rule_tag_is_not_set(admin_desk):
    desk = admin_desk
    person = walk_in(desk, category="theft").reporter_id
    assert codes_of(desk, person) == {}
    desk.tags.switch_tag(tag_id(desk, "fraud_victim_recent"), active=False)
    person = walk_in(desk, name="李四", phone="13900001111", category="fraud").reporter_id
    assert codes_of(desk, person) == {}


def test_a_case_edited_into_a_fraud_tags_its_reporter(desk):
    recorded = walk_in(desk, category="other")
    assert codes_of(desk, recorded.reporter_id) == {}
    detail = desk.cases.case_detail(recorded.case_id)
    desk.cases.edit_case(recorded.case_id, version=detail.version, changes={"category": "fraud"},
                         now=desk.clock())
    assert codes_of(desk, recorded.reporter_id) == {"fraud_victim_recent": "rule"}


def test_a_station_category_naming_fraud_counts_as_fraud(admin_desk, engine):
    from frontdesk.station import categories

    desk = admin_desk
    with write_session(engine) as session:
        added = categories.save_category(session, categories.CategoryInput(name_zh="电信网络诈骗", name_en="Telecom scam"),
                                         category_id=None, version=None, by=desk.actor)
        session.commit()
        code = added.code
    person = walk_in(desk, category=code).reporter_id
    assert codes_of(desk, person) == {"fraud_victim_recent": "rule"}


def test_the_third_report_in_the_window_tags_a_repeat_reporter_the_second_does_not(desk):
    first = walk_in(desk)
    walk_in(desk, person_id=first.reporter_id)
    assert "repeat_reporter" not in codes_of(desk, first.reporter_id)
    walk_in(desk, person_id=first.reporter_id)
    assert codes_of(desk, first.reporter_id)["repeat_reporter"] == "rule"


def test_age_rules_read_the_id_number_and_the_boundaries_hold(desk):
    today = FROZEN_NOW.date()  # 2026-11-22
    cases = {
        "sixty_today": resident_id("19661122"), "fifty_nine": resident_id("19661123"),
        "seventeen": resident_id("20081123"), "eighteen_today": resident_id("20081122"),
    }
    people = {}
    for n, (name, rid) in enumerate(cases.items()):
        people[name] = walk_in(desk, name=f"人{n}", phone=f"1380000000{n}", rid=rid).reporter_id
    assert rules.age_from_id(cases["sixty_today"], today) == 60
    assert codes_of(desk, people["sixty_today"]) == {"elderly": "rule"}
    assert codes_of(desk, people["fifty_nine"]) == {}
    assert codes_of(desk, people["seventeen"]) == {"minor": "rule"}
    assert codes_of(desk, people["eighteen_today"]) == {}
    assert rules.age_from_id(None, today) is None and rules.age_from_id("11010519491331002X", today) is None


def test_apply_rules_tags_existing_people_takes_off_what_no_longer_holds_and_leaves_officers_tags(admin_desk, engine):
    desk = admin_desk
    minor = walk_in(desk, name="小明", phone="13800000001", rid=resident_id("20081123")).reporter_id
    kept = walk_in(desk, name="老王", phone="13800000002").reporter_id
    desk.tags.set_person_tags(kept, {tag_id(desk, "minor")})  # an officer's, with no ID number
    assert codes_of(desk, minor) == {"minor": "rule"}
    with write_session(engine) as session:  # someone recorded before the rules existed
        from frontdesk.records import Actor, save

        old = save(session, Person(name="陈阿婆", resident_id=resident_id("19400101")), by=Actor("LS"))
        session.commit()
        old_id = old.id
    later = desk.with_clock(lambda: FROZEN_NOW + timedelta(days=2))  # the minor turned 18
    later.actor = desk.actor
    done = later.tags.apply_rules()
    assert codes_of(desk, old_id) == {"elderly": "rule"}
    assert codes_of(desk, minor) == {}
    assert codes_of(desk, kept) == {"minor": "officer"}
    assert (done.put, done.taken_off) == (1, 1)
    assert later.tags.apply_rules() == rules.RuleRun(0, 0)  # twice = once
    assert audited(desk, "untag_by_rule") == 1


def test_apply_rules_is_the_admins_job(desk):
    desk.actor = replace(desk.actor, role="duty")
    with pytest.raises(NotAllowed):
        desk.tags.apply_rules()
