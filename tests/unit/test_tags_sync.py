"""People's tags travel in sync bundles: made at an outpost, they arrive at the station (and back)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from db.engine import read_session
from db.models import PersonTag, Tag
from frontdesk.tags.taxonomy import TagInput
from tests.synchelpers import carry, open_outpost, open_station, record


@pytest.fixture
def station(tmp_path, sqlite_template):
    desk = open_station(tmp_path / "LS", template=sqlite_template)
    yield desk
    desk.close()


@pytest.fixture
def outpost(station, tmp_path, sqlite_template):
    desk = open_outpost(station, "LS-02", tmp_path / "LS-02", template=sqlite_template)
    yield desk
    desk.close()


def tag_id(desk, code):
    with read_session(desk.engine) as session:
        return session.exec(select(Tag.id).where(Tag.code == code)).one()


def test_a_persons_tag_made_at_an_outpost_arrives_at_the_station_and_its_removal_too(station, outpost):
    person = record(outpost, name="王秀英", phone="13700001111", category="theft").reporter_id
    outpost.tags.set_person_tags(person, {tag_id(outpost, "elderly_alone"), tag_id(outpost, "hearing_impaired")})
    got = carry(outpost, station)
    assert got.conflicts == 0
    assert {row.code: row.source for row in station.tags.of_person(person)} == {
        "elderly_alone": "officer", "hearing_impaired": "officer"}

    outpost.tags.set_person_tags(person, {tag_id(outpost, "elderly_alone")})  # untagged: a synced change
    carry(outpost, station)
    assert [row.code for row in station.tags.of_person(person)] == ["elderly_alone"]
    with read_session(station.engine) as session:
        assert len(session.exec(select(PersonTag).where(PersonTag.person_id == person)).all()) == 2


def test_a_tag_the_station_adds_and_a_rule_tag_reach_the_outpost(station, outpost):
    station.actor = replace(station.actor, role="admin")
    rural = station.tags.save_class(code="rural", name_zh="农村事务", name_en="Rural matters")
    station.tags.save_tag(TagInput(code="orchard_owner", name_zh="果园承包户", name_en="Orchard tenant", class_id=rural))
    victim = record(station, name="李四", phone="13900001111", category="fraud").reporter_id
    got = carry(station, outpost)
    assert got.conflicts == 0
    assert "orchard_owner" in [row.code for row in outpost.tags.search("gycbh")]
    assert [(row.code, row.source) for row in outpost.tags.of_person(victim)] == [("fraud_victim_recent", "rule")]


def test_the_same_tag_put_on_one_person_at_both_sites_is_one_record(station, outpost):
    person = record(station, name="赵六", phone="13600001111").reporter_id
    carry(station, outpost)
    station.tags.set_person_tags(person, {tag_id(station, "migrant")})
    outpost.tags.set_person_tags(person, {tag_id(outpost, "migrant")})
    carry(outpost, station)
    with read_session(station.engine) as session:
        rows = session.exec(select(PersonTag).where(PersonTag.person_id == person)).all()
    assert len(rows) == 1 and not rows[0].removed
