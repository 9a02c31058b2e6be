"""People's tags in the demo: every rule-set tag the station's rules give (the elderly and minors by their
ID numbers, the repeat reporters, the recent fraud victims), and a few hundred people tagged by officers
across the classes, as a station's contact book would have them."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import select

from db.engine import read_session
from db.models import Person, PersonTag, Tag
from db.models.tags import person_tag_id
from frontdesk.demo.context import Build
from frontdesk.tags.rules import RuleSettings, holds_everywhere, rule_tags

#: Tags officers give, by how often a station's contact book holds them (a person gets one to three).
OFFICER_TAGS = (
    ("elderly_alone", 8), ("empty_nest", 5), ("left_behind_child", 2), ("fraud_prone", 6), ("vulnerable", 3),
    ("disabled", 3), ("language_help", 2), ("dementia", 2), ("low_income", 4), ("chronic_illness", 3),
    ("migrant", 8), ("tenant", 7), ("landlord", 5), ("self_employed", 6), ("retired", 6), ("veteran", 2),
    ("street_shop", 5), ("logistics", 2), ("delivery_rider", 4), ("ebike_rider", 6), ("truck_driver", 2),
    ("ride_hailing", 2), ("neighbour_dispute", 4), ("family_dispute", 2), ("wage_arrears", 2),
    ("safety_volunteer", 4), ("building_steward", 2), ("grid_worker", 1), ("anti_fraud_volunteer", 2),
    ("anti_fraud_app", 6), ("dissuaded", 3), ("online_loan", 2), ("investment_risk", 2),
)
#: Share of the demo's people an officer has tagged (at least a few hundred in a default demo).
OFFICER_TAGGED_SHARE = 0.4


def add_tags(b: Build, engine: Engine) -> int:
    """Queue the demo's people's tags and write them; returns how many."""
    rng, writer, now = b.rng, b.writer, b.now
    with read_session(engine) as session:
        codes = dict(session.exec(select(Tag.code, Tag.id).where(Tag.active)).all())
        people = list(session.exec(select(Person.id).order_by(Person.id)).all())  # reporters, parties, volunteers
        by_rule = [(tag.id, holds_everywhere(session, tag.rule, settings=RuleSettings(), now=now))
                   for tag in rule_tags(session)]
    placed: set[tuple[uuid.UUID, uuid.UUID]] = set()
    made = 0
    for tag_id, holds in by_rule:
        for person_id, note in holds.items():
            placed.add((person_id, tag_id))
            writer.add(PersonTag, updated_at=now, updated_by=None, id=person_tag_id(person_id, tag_id),
                       person_id=person_id, tag_id=tag_id, source="rule", note=note, set_at=now, set_by=None)
            made += 1
    offered = [(codes[code], weight) for code, weight in OFFICER_TAGS if code in codes]
    if offered:
        tag_ids, weights = zip(*offered)
        for person_id in rng.sample(people, int(len(people) * OFFICER_TAGGED_SHARE)):
            for tag_id in set(rng.choices(tag_ids, weights=weights, k=rng.choice((1, 1, 2, 3)))):
                if (person_id, tag_id) in placed:
                    continue
                placed.add((person_id, tag_id))
                at, by = now - timedelta(days=rng.randint(0, 40), minutes=rng.randint(0, 600)), b.officer()
                writer.add(PersonTag, updated_at=at, updated_by=by, id=person_tag_id(person_id, tag_id),
                           person_id=person_id, tag_id=tag_id, source="officer", note="", set_at=at, set_by=by)
                made += 1
    writer.flush()
    return made
