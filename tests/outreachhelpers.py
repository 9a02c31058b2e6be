"""People with tags, villages and ID numbers for the outreach tests (a test's own set-up, written as the desk
writes: through records.save)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import select
from stdnum.cn import ric

from db.engine import write_session
from db.models import Person, PersonPhone
from db.models.tags import PersonTag, Tag
from frontdesk.records import Actor, save
from frontdesk.validation import digits_reversed
from tests.conftest import FROZEN_NOW


def resident_id(born: date, serial: int = 123) -> str:
    """A valid 18-digit ID number of someone born on `born` (region 330102)."""
    body = f"330102{born:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body)


def add_resident(engine, actor: Actor, *, name: str, tags: tuple[str, ...] = (), village: str = "",
                 born: date | None = None, phone: str = "", removed: tuple[str, ...] = (),
                 merged_into: uuid.UUID | None = None) -> uuid.UUID:
    """A person with `tags` (codes) carried and `removed` ones taken off again."""
    with write_session(engine) as session:
        rid = resident_id(born, sum(map(ord, name))) if born else None
        person = save(session, Person(name=name, village=village, resident_id=rid,
                                      resident_id_reversed=rid[::-1] if rid else None,
                                      merged_into_id=merged_into), by=actor)
        if phone:
            save(session, PersonPhone(person_id=person.id, e164=f"+86{phone}", digits_reversed=digits_reversed(phone)),
                 by=actor)
        by_code = {tag.code: tag for tag in session.exec(select(Tag)).all()}
        for code in (*tags, *removed):
            save(session, PersonTag(person_id=person.id, tag_id=by_code[code].id, source="officer",
                                    removed=code in removed, set_at=FROZEN_NOW), by=actor)
        session.commit()
        return person.id


def retire_tag(engine, actor: Actor, code: str) -> None:
    with write_session(engine) as session:
        tag = session.exec(select(Tag).where(Tag.code == code)).one()
        tag.active = False
        save(session, tag, by=actor)
        session.commit()


def seed_village(engine, actor: Actor) -> dict[str, uuid.UUID]:
    """Eight people of 东关村 and 西街 with the tags an anti-fraud warning looks for."""
    people = {
        "wang": add_resident(engine, actor, name="王秀英", tags=("elderly", "elderly_alone"), village="东关村",
                             born=date(1946, 3, 2), phone="13900001111"),
        "zhang": add_resident(engine, actor, name="张建国", tags=("elderly", "fraud_victim_recent"), village="东关村",
                              born=date(1950, 11, 23), phone="13900002222"),
        "li": add_resident(engine, actor, name="李强", tags=("elderly", "elderly_alone", "dissuaded"),
                           village="西街", born=date(1952, 1, 5), phone="13900003333"),
        "zhao": add_resident(engine, actor, name="赵敏", tags=("student",), village="东关村",
                             born=date(2008, 6, 1), phone="13700004444"),
        "sun": add_resident(engine, actor, name="孙丽", tags=("fraud_prone",), village="西街",
                            born=date(1980, 2, 29), phone="13600005555"),
        "zhou": add_resident(engine, actor, name="周涛", tags=("fraud_prone",), removed=("elderly",),
                             village="东关村", born=date(1975, 7, 7), phone="13500006666"),
        "wu": add_resident(engine, actor, name="吴刚", tags=("elderly", "elderly_alone"), village="东关村二组",
                           phone="13400007777"),
    }
    # A second record of 王秀英 merged into the first: carries her tags, never listed.
    people["wang_again"] = add_resident(engine, actor, name="王秀英", tags=("elderly", "elderly_alone"),
                                        village="东关村", born=date(1946, 3, 2), merged_into=people["wang"])
    return people
