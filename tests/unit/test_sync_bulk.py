"""A sync bundle's bulk path: entries go from their JSON text to the driver's values, people's look-up keys
and reporters' tallies are worked out for many batches at once, JSON is read and written by orjson. Each must
give exactly what the model's own values and the one-batch path give."""

from __future__ import annotations

import json
import math
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from db import fastjson
from db.bulk_insert import sqlite_id, statement_for
from db.engine import read_session
from db.models import SYNCED_MODELS, ChangeLog, Person
from db.models.cases import CaseWordRow
from db.models.people import SearchKey
from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft
from frontdesk.records import to_json
from frontdesk.station.opening import connect
from frontdesk.sync import importing
from frontdesk.sync.changes import row_from_json
from frontdesk.sync.exporting import _entry
from frontdesk.sync.rows import Writes
from tests.synchelpers import carry, edit, open_outpost, open_station
from tests.synchelpers import record as _record


@pytest.fixture
def station(db_url, tmp_path):
    desk = open_station(tmp_path / "LS", url=db_url)
    yield desk
    desk.close()


def record(desk, *, reporter: PersonInput | None = None, name: str = "", phone: str = "", summary: str):
    if reporter is None:
        return _record(desk, name=name, phone=phone, summary=summary)
    draft = CaseDraft(reporter=reporter, category="theft", summary=summary, place="东关村3组")
    return desk.cases.record_case(draft, now=desk.clock())


def _fill(station) -> None:
    """Reporters who report once and three times, a Latin name, an edited case: keys, tallies, words."""
    first = record(station, name="张建国", phone="13812345678", summary="电动车在车棚被盗")
    again = PersonInput(person_id=first.reporter_id, name="张建国", phone="13812345678")
    record(station, reporter=again, summary="车棚里的电动车电瓶被偷")
    record(station, reporter=again, summary="Bikes stolen near the market")
    record(station, name="吕小明", phone="13900001111", summary="邻居装修噪音扰民")
    record(station, name="Li Lei", phone="13700002222", summary="wallet lost on bus 12")
    edit(station, first.case_id, summary="电动车在小区车棚被盗，锁被剪断")


def _plain(values: tuple) -> list:
    """Driver values with JSON compared as the values it holds: orjson writes no spaces where the json module
    does, and PostgreSQL's driver takes JSON wrapped (its `.obj`)."""
    def plain(value):
        if isinstance(value, str) and value[:1] in "{[":
            try:
                return json.loads(value)
            except ValueError:
                return value
        return getattr(value, "obj", value)

    return [plain(value) for value in values]


def test_a_records_driver_values_from_its_entry_are_those_of_its_model_values(station):
    _fill(station)
    with read_session(station.engine) as session:
        entries = [_entry(row) for row in session.exec(select(ChangeLog))]
    assert {entry["table_name"] for entry in entries} >= {"person", "personphone", "case", "caseparty"}
    with station.engine.connect() as connection:  # SQLite's or PostgreSQL's driver values
        log = statement_for(connection, ChangeLog.__table__)
        for entry in json.loads(json.dumps(entries)):  # as a bundle carries them
            model = SYNCED_MODELS[entry["table_name"]]
            record = statement_for(connection, model.__table__)
            assert _plain(record.from_logged(entry["data"])) == _plain(record.params(row_from_json(model, entry["data"])))
            as_before = {"id": uuid.UUID(entry["id"]), "at": datetime.fromisoformat(entry["at"]),
                         "by": uuid.UUID(entry["by"]) if entry["by"] else None,
                         "record_id": uuid.UUID(entry["record_id"])}
            assert _plain(log.from_logged(entry)) == _plain(log.params({**entry, **as_before}))


def _keys(desk) -> list[tuple]:
    with read_session(desk.engine) as session:
        return sorted((str(key.person_id), key.key, key.kind, key.whole, key.lead1, key.lead2, key.reports,
                       to_json(key.last_reported_at), key.rank) for key in session.exec(select(SearchKey)).all())


def _words(desk) -> list[tuple]:
    with read_session(desk.engine) as session:
        return sorted((str(row.case_id), row.row) for row in session.exec(select(CaseWordRow)).all())


def test_look_up_keys_tallies_and_words_are_the_stations_however_the_bundle_is_cut(station, tmp_path,
                                                                                   sqlite_template, monkeypatch):
    _fill(station)
    whole = open_outpost(station, "LS-02", tmp_path / "LS-02", template=sqlite_template)
    monkeypatch.setattr(importing, "BATCH", 2)  # the same person's changes and reports in many batches,
    monkeypatch.setattr(importing, "PEOPLE_AT_ONCE", 1)  # and their keys worked out after each
    cut = open_outpost(station, "LS-03", tmp_path / "LS-03", template=sqlite_template)
    try:
        assert any(reports == 3 for *_, reports, _at, _rank in _keys(station))
        assert _keys(whole) == _keys(station)
        assert _keys(cut) == _keys(station)
        assert _words(whole) == _words(cut) == _words(station)
        with read_session(cut.engine) as session:
            assert len(session.exec(select(Person)).all()) == 3
    finally:
        whole.close()
        cut.close()


@pytest.mark.parametrize("cut", [False, True])
def test_keys_of_people_held_here_and_of_new_people_are_the_stations_after_a_later_bundle(
        station, tmp_path, sqlite_template, monkeypatch, cut):
    """A person the outpost holds (keys and tallies already there), renamed and reporting again, and a person
    new to it who reports: the held one's keys are replaced, the new one's written with their tally, whether
    the person, their case and its party come in one batch or in many."""
    _fill(station)
    outpost = open_outpost(station, "LS-02", tmp_path / "LS-02", template=sqlite_template)
    try:
        with read_session(station.engine) as session:
            held = session.exec(select(Person).where(Person.name == "张建国")).one()
        station.callers.update_person(held.id, version=held.version, name="张建军")
        record(station, reporter=PersonInput(person_id=held.id, name="张建军", phone="13812345678"),
               summary="电动车又被盗")
        record(station, name="赵新", phone="13600003333", summary="手机在公交车上被偷")
        record(station, name="吕小明", phone="13900001111", summary="楼上漏水")
        if cut:
            monkeypatch.setattr(importing, "BATCH", 2)
            monkeypatch.setattr(importing, "PEOPLE_AT_ONCE", 1)
        carry(station, outpost)
        assert any(key[1] == "张建军" and key[6] == 4 for key in _keys(station))
        assert _keys(outpost) == _keys(station)
    finally:
        outpost.close()


def test_an_entry_without_a_column_takes_its_default_beside_whole_ones(tmp_path, sqlite_template):
    target = tmp_path / "desk.sqlite"
    target.write_bytes(sqlite_template.read_bytes())
    engine = connect(f"sqlite:///{target}")
    start = datetime(2026, 3, 1, 18, 0, tzinfo=timezone.utc)

    def note(hours: int, **more) -> dict:
        return {"id": str(uuid.uuid4()), "site": "LS", "version": 1, "updated_at": to_json(start), "updated_by": None,
                "shift_start": to_json(start + timedelta(hours=hours)),
                "shift_end": to_json(start + timedelta(hours=hours + 12)), "kind": "night", **more}

    older, whole = note(0), note(12, note="门口路灯坏了")  # written by a program without the note column
    with engine.begin() as connection:
        writes = Writes(connection)
        writes.insert("handovernote", older)
        writes.insert("handovernote", whole)
        writes.flush()
    table = SYNCED_MODELS["handovernote"].__table__
    with engine.connect() as connection:
        rows = {str(row.id): row for row in connection.execute(select(table))}
    engine.dispose()
    assert rows[older["id"]].note == "" and rows[whole["id"]].note == "门口路灯坏了"
    assert rows[whole["id"]].shift_start == start + timedelta(hours=12)  # read back as the same moment


def test_ids_as_the_change_log_writes_them_and_other_spellings_become_what_sqlite_stores():
    one = uuid.uuid4()
    assert sqlite_id(str(one)) == one.hex
    assert sqlite_id(str(one).upper()) == one.hex  # not the change log's spelling: read as an id all the same
    assert sqlite_id("{" + str(one) + "}") == one.hex
    with pytest.raises(ValueError):
        sqlite_id("not-an-id")


def test_json_that_orjson_refuses_is_read_and_written_as_the_json_module_does():
    line = b'{"n": NaN, "big": 123456789012345678901234567890, "name": "\xe5\xbc\xa0"}'
    read = fastjson.loads(line)
    assert math.isnan(read["n"]) and read["big"] == 123456789012345678901234567890 and read["name"] == "张"
    assert json.loads(fastjson.dumps({"big": 2 ** 70, "name": "张"})) == {"big": 2 ** 70, "name": "张"}
    assert "张" in fastjson.dumps({"name": "张"})  # UTF-8 as it is, never \u-escaped
    with pytest.raises(ValueError):
        fastjson.loads(b'{"cut": ')


@pytest.mark.parametrize("text", ["2026-03-01T18:00:00.123456+00:00", "2026-03-01T18:00:00+00:00",
                                  "2026-03-02T02:00:00.5+08:00", "2026-03-01 18:00:00.000001+00:00"])
def test_a_moment_as_the_change_log_writes_it_is_stored_as_its_datetime_would_be(text, tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.connect() as connection:
        statement = statement_for(connection, ChangeLog.__table__)
        row = {"id": str(uuid.uuid4()), "site": "LS", "seq": 1, "at": text, "by": None, "table_name": "case",
               "record_id": str(uuid.uuid4()), "version": 1, "op": "insert", "data": {}, "changed": {}, "applied": True}
        as_values = {**row, "id": uuid.UUID(row["id"]), "record_id": uuid.UUID(row["record_id"]),
                     "at": datetime.fromisoformat(text)}
        assert statement.from_logged(row) == statement.params(as_values)
        with pytest.raises(ValueError):
            statement.from_logged({**row, "at": "2026-13-01T18:00:00+00:00"})
    engine.dispose()


def test_an_edit_whose_id_is_spelled_otherwise_updates_the_record_it_names(station, tmp_path, sqlite_template,
                                                                          monkeypatch):
    """An entry's id in upper case (or without hyphens) is the same record: the edit lands on it, it is not
    inserted again beside it (which the primary key refuses, failing the whole bundle)."""
    from db.models import Case
    from tests.synchelpers import carry

    case = record(station, name="张建国", phone="13812345678", summary="电动车被盗")
    outpost = open_outpost(station, "LS-02", tmp_path / "LS-02", template=sqlite_template)
    try:
        edit(outpost, case.case_id, summary="电动车被盗，锁被剪断")
        applying = importing._Applier._apply

        def spelled_otherwise(self, batch):
            for n, entry in enumerate(batch):
                entry["record_id"] = entry["record_id"].upper() if n % 2 else entry["record_id"].replace("-", "")
            return applying(self, batch)

        monkeypatch.setattr(importing._Applier, "_apply", spelled_otherwise)
        carry(outpost, station)
        with read_session(station.engine) as session:
            cases = session.exec(select(Case)).all()
        assert [(c.id, c.summary) for c in cases] == [(case.case_id, "电动车被盗，锁被剪断")]
    finally:
        outpost.close()


def test_json_with_nan_or_infinity_is_written_as_the_json_module_writes_it():
    """orjson writes NaN and Infinity as null without refusing them: the value would change on its way."""
    for value in ({"x": math.nan}, {"deep": [1, {"y": math.inf}]}, [-math.inf], {"a": None, "b": math.nan},
                  [None, (2.5, -math.inf)], {"a": None, "b": [None, True, "s", {"c": -math.inf}]}):
        assert fastjson.dumps(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert fastjson.dumps({"x": None, "y": 1.5}) == '{"x":null,"y":1.5}'  # a real null stays one
    assert fastjson.dumps([None, [0.0, {"e": None, "f": False}]]) == '[null,[0.0,{"e":null,"f":false}]]'
