"""Lists by tag and campaigns through the service layer: the expression (all/any/none, village, age), its edge
cases (empty, contradictory, inactive tags, removed tags, merged people), a campaign's life and refusals, and
the export's masking per role with its audit."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest
from sqlmodel import select

from db.engine import read_session
from db.models import AuditEvent, ChangeLog, Officer, Person, Team, Volunteer
from db.models.outreach import Campaign, CampaignPerson, Contact
from frontdesk.desk import Desk
from frontdesk.i18n import DeskError, set_language
from frontdesk.outreach import views
from frontdesk.outreach.campaigns import CampaignInput, ContactInput
from frontdesk.outreach.lists import ListQuery
from frontdesk.records import save
from db.engine import write_session
from tests.conftest import FROZEN_NOW
from tests.outreachhelpers import add_resident, retire_tag, seed_village


def desk_as(role, engine, settings, on_duty, db_url) -> Desk:
    return Desk(settings=settings, engine=engine, on_duty=replace(on_duty, role=role), url=db_url,
                clock=lambda: FROZEN_NOW)


@pytest.fixture
def duty(engine, settings, on_duty, db_url) -> Desk:
    return desk_as("duty", engine, settings, on_duty, db_url)


@pytest.fixture
def supervisor(engine, settings, on_duty, db_url) -> Desk:
    return desk_as("supervisor", engine, settings, on_duty, db_url)


@pytest.fixture
def people(engine, duty) -> dict:
    return seed_village(engine, duty.actor)


def names(desk: Desk, **typed) -> list[str]:
    result = desk.outreach.count_list(ListQuery(**typed))
    assert len(result.people) == min(result.count, 20)
    return sorted(person.name for person in result.people)


# ---- the expression ------------------------------------------------------------------------------------


def test_all_of_any_of_and_none_of_choose_by_tags_carried(duty, people):
    assert names(duty, all_of="elderly elderly_alone") == ["吴刚", "李强", "王秀英"]
    assert names(duty, any_of="elderly_alone fraud_prone") == ["吴刚", "周涛", "孙丽", "李强", "王秀英"]
    assert names(duty, all_of="elderly", none_of="dissuaded") == ["吴刚", "张建国", "王秀英"]
    assert names(duty, all_of="elderly", any_of="elderly_alone fraud_victim_recent", none_of="dissuaded") == [
        "吴刚", "张建国", "王秀英"]
    assert duty.outreach.count_list(ListQuery(all_of="elderly elderly_alone")).count == 3
    # Someone carrying two of the "any of" tags is one person, counted and listed once.
    both = duty.outreach.count_list(ListQuery(any_of="elderly elderly_alone"))
    assert both.count == 4 and sorted(p.name for p in both.people) == ["吴刚", "张建国", "李强", "王秀英"]


@pytest.mark.parametrize("walk", [0, 10**9])
def test_the_first_page_is_the_same_read_along_a_tag_or_from_the_whole_set(engine, duty, people, walk, monkeypatch):
    from frontdesk.outreach import lists

    monkeypatch.setattr(lists, "SPARSE_WALK", walk)
    with read_session(engine) as session:
        for typed in (dict(all_of="elderly"), dict(any_of="elderly elderly_alone fraud_prone"),
                      dict(all_of="elderly elderly_alone", none_of="dissuaded"),
                      dict(any_of="elderly fraud_prone", village="东关村", age_from="50")):
            expression = lists.read_expression(session, ListQuery(**typed))
            total = lists.count(session, expression, today=FROZEN_NOW.date())
            for limit in (1, 2, 20):
                assert lists.first_page_ids(session, expression, today=FROZEN_NOW.date(), total=total,
                                            limit=limit) == lists.person_ids(session, expression,
                                                                             today=FROZEN_NOW.date(), limit=limit)


def test_tags_are_typed_by_code_or_name_in_either_language_separated_by_commas_too(duty, people):
    assert names(duty, all_of="老年人，独居老人") == names(duty, all_of="Elderly, elderly_alone")


def test_village_is_matched_from_its_beginning_and_age_from_the_id_number(duty, people):
    assert names(duty, any_of="elderly fraud_prone", village="东关村") == ["吴刚", "周涛", "张建国", "王秀英"]
    assert names(duty, village="西街") == ["孙丽", "李强"]
    # 2026-11-22: 张建国 (1950-11-23) is 75 for one more day; 吴刚 has no ID number, so no age.
    assert names(duty, all_of="elderly", age_from="75") == ["张建国", "王秀英"]
    assert names(duty, all_of="elderly", age_from="76") == ["王秀英"]
    assert names(duty, all_of="elderly", age_from="74", age_to="75") == ["张建国", "李强"]
    found = duty.outreach.count_list(ListQuery(all_of="elderly", age_to="75"))
    assert sorted(p.name for p in found.people) == ["张建国", "李强"]
    assert {p.name: p.age for p in found.people} == {"张建国": 75, "李强": 74}
    assert names(duty, age_from="18", age_to="18") == ["赵敏"]


def test_an_empty_list_and_none_of_alone_are_refused_in_plain_words(duty, people):
    with pytest.raises(DeskError) as empty:
        duty.outreach.count_list(ListQuery())
    assert empty.value.key == "outreach.empty"
    with pytest.raises(DeskError) as alone:
        duty.outreach.count_list(ListQuery(none_of="dissuaded"))
    assert alone.value.key == "outreach.none_of_alone"
    # With a village, "none of" narrows it.
    assert names(duty, village="西街", none_of="dissuaded") == ["孙丽"]


def test_a_tag_both_required_and_excluded_matches_nobody_and_says_which(duty, people):
    result = duty.outreach.count_list(ListQuery(all_of="elderly elderly_alone", none_of="elderly_alone"))
    assert result.count == 0 and result.people == ()
    assert [tag.code for tag in result.expression.contradiction] == ["elderly_alone"]
    every_any_excluded = duty.outreach.count_list(ListQuery(any_of="student", none_of="student dissuaded"))
    assert every_any_excluded.count == 0 and every_any_excluded.expression.contradiction


def test_unknown_inactive_and_bad_ages_are_refused_by_name(engine, duty, people):
    for typed, key in ((dict(all_of="elderly nosuchtag"), "outreach.tag_unknown"),
                       (dict(all_of="elderly", age_from="abc"), "outreach.age_bad"),
                       (dict(all_of="elderly", age_from="200"), "outreach.age_bad"),
                       (dict(all_of="elderly", age_from="80", age_to="60"), "outreach.age_backwards")):
        with pytest.raises(DeskError) as refused:
            duty.outreach.count_list(ListQuery(**typed))
        assert refused.value.key == key
    retire_tag(engine, duty.actor, "fraud_prone")
    with pytest.raises(DeskError) as inactive:
        duty.outreach.count_list(ListQuery(any_of="elderly fraud_prone"))
    assert inactive.value.key == "outreach.tag_inactive" and "fraud_prone" in inactive.value.message


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tags_offered_to_choose_from_each_read_back_as_themselves(engine, duty, people, lang):
    """The picker's word for each tag: its name where that one word is this tag's alone, else its code; every
    word offered makes a list of exactly that tag, and a retired tag is not offered."""
    set_language(lang)
    retire_tag(engine, duty.actor, "fraud_prone")
    offered = {choice.code: choice for choice in duty.outreach.tag_choices()}
    assert "fraud_prone" not in offered and len(offered) == 74
    words = {code: choice.word for code, choice in offered.items()}
    if lang == "zh":
        assert (words["elderly_alone"], words["student"], offered["student"].class_name) == ("独居老人", "在校学生",
                                                                                             "社会属性")
    else:  # "Elderly living alone" would be read as three words; "Student" is one
        assert (words["elderly_alone"], words["student"], offered["student"].class_name) == ("elderly_alone", "Student",
                                                                                             "Social attributes")
    for code, word in words.items():
        assert [tag.code for tag in duty.outreach.count_list(ListQuery(all_of=word)).expression.all_of] == [code]


def test_removed_tags_and_merged_people_are_never_listed(duty, people):
    assert "周涛" not in names(duty, all_of="elderly")  # his elderly tag was taken off
    result = duty.outreach.count_list(ListQuery(all_of="elderly elderly_alone"))
    assert people["wang_again"] not in [p.person_id for p in result.people]
    assert result.count == 3  # not 4: the merged second record of 王秀英 is left out of the count too
    village = duty.outreach.count_list(ListQuery(all_of="elderly", village="东关村"))
    assert village.count == 3 and people["wang_again"] not in [p.person_id for p in village.people]


def test_the_first_page_masks_phones_and_id_numbers(duty, people):
    wang = next(p for p in duty.outreach.count_list(ListQuery(all_of="elderly_alone", village="东关村")).people
                if p.name == "王秀英")
    assert wang.phone == "139****1111"
    assert wang.resident_id.startswith("330102") and "*" * 8 in wang.resident_id


# ---- campaigns ----------------------------------------------------------------------------------------------


def test_a_campaign_freezes_its_list_logs_contacts_and_finishes(engine, duty, people):
    query = ListQuery(all_of="elderly", none_of="dissuaded")
    campaign_id = duty.outreach.start(CampaignInput("冒充公检法诈骗提醒", purpose="提醒老年人", script="不转账"), query)
    # Tagged after: not in the frozen list.
    add_resident(engine, duty.actor, name="郑新", tags=("elderly",), village="东关村")
    detail = duty.outreach.campaign(campaign_id)
    assert sorted(p.name for p in detail.people) == ["吴刚", "张建国", "王秀英"]
    assert detail.state == "running" and detail.ref.startswith("WX-")
    first, second = detail.people[0], detail.people[1]
    duty.outreach.log_contact(first.campaign_person_id, ContactInput("phone", reached=False))
    duty.outreach.log_contact(first.campaign_person_id, ContactInput("visit", reached=True, outcome="已提醒",
                                                                     follow_up=True))
    duty.outreach.log_contact(second.campaign_person_id, ContactInput("message", reached=False))
    progress = duty.outreach.campaign(campaign_id).progress
    assert progress == views.Progress(people=3, contacted=2, reached=1, follow_ups=1)
    duty.outreach.finish(campaign_id)
    with pytest.raises(DeskError) as finished:
        duty.outreach.log_contact(second.campaign_person_id, ContactInput("phone", reached=True, outcome="x"))
    assert finished.value.key == "outreach.campaign_finished"
    with pytest.raises(DeskError):
        duty.outreach.finish(campaign_id)
    with read_session(engine) as session:
        assert session.exec(select(Contact)).all().__len__() == 3
        logged = {row.table_name for row in session.exec(select(ChangeLog)).all()}
        assert {"campaign", "campaignperson", "contact"} <= logged
        actions = set(session.exec(select(AuditEvent.action)).all())
        assert {"campaign_start", "campaign_contact", "campaign_finish"} <= actions
    reached = duty.outreach.campaigns()[0]
    assert reached.state == "finished" and reached.progress.reached == 1


def test_campaign_refusals_keep_nothing_half_made(engine, duty, people):
    for typed, query, key in (
            (CampaignInput("  "), ListQuery(all_of="elderly"), "form.required"),
            (CampaignInput("提醒"), ListQuery(all_of="elderly", none_of="elderly"), "outreach.contradiction"),
            (CampaignInput("提醒"), ListQuery(all_of="student", village="西街"), "outreach.nobody"),
            (CampaignInput("提醒"), ListQuery(), "outreach.empty")):
        with pytest.raises(DeskError) as refused:
            duty.outreach.start(typed, query)
        assert refused.value.key == key
    with read_session(engine) as session:
        assert session.exec(select(Campaign)).all() == []
        assert session.exec(select(CampaignPerson)).all() == []
    campaign_id = duty.outreach.start(CampaignInput("提醒"), ListQuery(all_of="elderly_alone"))
    row = duty.outreach.campaign(campaign_id).people[0]
    with pytest.raises(DeskError) as no_outcome:
        duty.outreach.log_contact(row.campaign_person_id, ContactInput("phone", reached=True, outcome=" "))
    assert no_outcome.value.key == "form.required"
    with pytest.raises(DeskError) as channel:
        duty.outreach.log_contact(row.campaign_person_id, ContactInput("pigeon", reached=False))
    assert channel.value.key == "outreach.channel_unknown"


def test_people_are_assigned_to_officers_or_volunteers_of_a_team(engine, duty, people):
    campaign_id = duty.outreach.start(CampaignInput("提醒"), ListQuery(all_of="elderly_alone"))
    with write_session(engine) as session:
        team = save(session, Team(name="东关红袖标"), by=duty.actor)
        volunteer = save(session, Volunteer(person_id=people["zhao"], team_id=team.id), by=duty.actor)
        officer_id = session.exec(select(Officer.id)).first()
        session.commit()
        volunteer_id = volunteer.id
    rows = duty.outreach.campaign(campaign_id).people
    assert duty.outreach.assign(campaign_id, [rows[0].campaign_person_id], volunteer_id=volunteer_id) == 1
    assert duty.outreach.assign(campaign_id, [r.campaign_person_id for r in rows], officer_id=officer_id) == 3
    assert duty.outreach.assign(campaign_id, [r.campaign_person_id for r in rows], officer_id=officer_id) == 0
    workers = {kind for kind, _id, _name in duty.outreach.workers()}
    assert workers == {"officer", "volunteer"}
    with pytest.raises(DeskError):
        duty.outreach.assign(campaign_id, [rows[0].campaign_person_id])


def test_people_reached_per_campaign_for_the_statistics(engine, duty, people):
    campaign_id = duty.outreach.start(CampaignInput("防诈提醒"), ListQuery(all_of="elderly_alone"))
    rows = duty.outreach.campaign(campaign_id).people
    for row in rows[:2]:
        duty.outreach.log_contact(row.campaign_person_id, ContactInput("phone", reached=True, outcome="已提醒"))
        duty.outreach.log_contact(row.campaign_person_id, ContactInput("visit", reached=True, outcome="再次提醒"))
    with read_session(engine) as session:
        found = views.reached_per_campaign(session, since=FROZEN_NOW.replace(hour=0), until=FROZEN_NOW.replace(hour=23))
        before = views.reached_per_campaign(session, since=FROZEN_NOW.replace(year=2025, hour=0),
                                            until=FROZEN_NOW.replace(year=2025, hour=23))
    assert [(r.title, r.reached) for r in found.values()] == [("防诈提醒", 2)]
    assert before == {}


# ---- export --------------------------------------------------------------------------------------------------


def _rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_export_masks_numbers_for_a_duty_officer_and_is_audited(engine, duty, people, lang):
    set_language(lang)
    exported = duty.outreach.export(ListQuery(all_of="elderly elderly_alone"))
    rows = _rows(exported.path)
    assert exported.count == 3 and len(rows) == 4 and not exported.full_numbers
    wang = next(row for row in rows if row[0] == "王秀英")
    assert wang[1] == "139****1111" and "********" in wang[2]
    with read_session(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "list_export")).one()
    assert "3" in event.reason and "elderly_alone" in event.reason
    assert ("numbers masked" if lang == "en" else "号码已遮蔽") in event.reason


def test_export_gives_full_numbers_to_a_supervisor(engine, supervisor, people):
    exported = supervisor.outreach.export(ListQuery(all_of="elderly elderly_alone"))
    wang = next(row for row in _rows(exported.path) if row[0] == "王秀英")
    assert exported.full_numbers and wang[1] == "13900001111" and "*" not in wang[2]
    with read_session(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "list_export")).one()
        full_id = session.get(Person, people["wang"]).resident_id
    assert "full numbers" in event.reason and full_id not in event.reason


def test_a_refused_export_writes_no_file_and_no_audit(engine, duty, people, settings):
    with pytest.raises(DeskError):
        duty.outreach.export(ListQuery(none_of="elderly"))
    with read_session(engine) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "list_export")).all() == []


def test_the_statistics_show_people_reached_per_campaign_and_export_them(supervisor, people):
    campaign_id = supervisor.outreach.start(CampaignInput("防诈提醒"), ListQuery(all_of="elderly_alone"))
    for row in supervisor.outreach.campaign(campaign_id).people[:2]:
        supervisor.outreach.log_contact(row.campaign_person_id, ContactInput("phone", reached=True, outcome="已提醒"))
    day = FROZEN_NOW.date()
    stats = supervisor.statistics.figures(day.replace(day=1), day)
    [row] = stats.by_campaign()
    assert (row.label, row.now, row.before) == ("防诈提醒", 2, 0)
    written = supervisor.statistics.export(day.replace(day=1), day)
    assert any(path.name.endswith("-campaigns.csv") for path in written)
    earlier = supervisor.statistics.figures(day.replace(year=day.year - 1, day=1), day.replace(year=day.year - 1))
    assert [(r.now, r.before) for r in earlier.by_campaign()] == []
