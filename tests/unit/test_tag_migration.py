"""Migration f18a1c0d2e41: the six old tag codes in person.tags become person tags of the new taxonomy."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import text

from db.engine import make_engine, read_session
from db.ids import stable_id
from db.migrate import head_revision, upgrade

BEFORE = "e7b3d9a1c5f2"
PEOPLE = {  # name -> person.tags before the migration
    "王秀英": "elderly vulnerable",
    "李小明": "minor",
    "张建国": "repeat_reporter repeat_reporter language_help",
    "赵四": "",
    "钱多多": "disabled not_a_tag",
}


def _old_database(url: str):
    engine = make_engine(url)
    upgrade(engine, BEFORE)
    sqlite = engine.dialect.name == "sqlite"
    ids = {}
    with engine.begin() as connection:
        for name, tags in PEOPLE.items():
            ids[name] = uuid.uuid4()
            connection.execute(
                text("INSERT INTO person (id, site, version, updated_at, name, name_pinyin, name_initials, address,"
                     " village, tags, notes) VALUES (:id, 'LS', 1, :at, :name, '', '', '', '', :tags, '')"),
                {"id": ids[name].hex if sqlite else str(ids[name]), "name": name, "tags": tags,
                 "at": datetime(2026, 11, 1) if sqlite else datetime(2026, 11, 1, tzinfo=timezone.utc)})
    return engine, ids


def _tags_by_person(engine) -> dict[str, set[str]]:
    from sqlmodel import select

    from db.models import Person, PersonTag, Tag

    with read_session(engine) as session:
        rows = session.exec(select(Person.name, Tag.code, PersonTag.source, PersonTag.removed, PersonTag.id,
                                   PersonTag.person_id, PersonTag.tag_id)
                            .join(PersonTag, PersonTag.person_id == Person.id)
                            .join(Tag, Tag.id == PersonTag.tag_id)).all()
    found: dict[str, set[str]] = {}
    for name, code, source, removed, row_id, person_id, tag_id in rows:
        assert (source, removed) == ("officer", False)
        assert row_id == stable_id("persontag", f"{person_id}:{tag_id}")  # the same on every machine
        found.setdefault(name, set()).add(code)
    return found


def test_old_tag_codes_become_person_tags_and_come_back_on_downgrade(empty_db_url):
    from alembic import command

    from db.migrate import _config, migration_connection

    engine, _ids = _old_database(empty_db_url)
    try:
        assert upgrade(engine) == head_revision()
        assert _tags_by_person(engine) == {
            "王秀英": {"elderly", "vulnerable"}, "李小明": {"minor"},
            "张建国": {"repeat_reporter", "language_help"}, "钱多多": {"disabled"},
        }
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM person WHERE tags <> ''")).scalar() == 0
            classes = connection.execute(text("SELECT count(*) FROM tagclass")).scalar()
            tags = connection.execute(text("SELECT count(*) FROM tag")).scalar()
            named = connection.execute(text(
                "SELECT count(*) FROM tag WHERE name_zh <> '' AND name_en <> '' AND name_pinyin <> ''")).scalar()
        assert classes >= 7 and tags >= 60 and named == tags

        with migration_connection(engine) as connection:
            config = _config()
            config.attributes["connection"] = connection
            command.downgrade(config, BEFORE)
        with engine.connect() as connection:
            back = dict(connection.execute(text("SELECT name, tags FROM person")).all())
            assert "tag" not in connection.dialect.get_table_names(connection)
        assert back == {"王秀英": "elderly vulnerable", "李小明": "minor", "张建国": "repeat_reporter language_help",
                        "赵四": "", "钱多多": "disabled"}
    finally:
        engine.dispose()
