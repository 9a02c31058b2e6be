"""Short look-ups rank people by how lately and how often they reported, from a count kept with the keys."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from db.engine import read_session
from db.models import Case, CaseParty, SearchKey
from db.search_index import rank_of
from frontdesk.cases.recording import CaseDraft
from frontdesk.callers.people import PersonInput
from frontdesk.desk import Desk
from tests.conftest import FROZEN_NOW


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)
    people = {}

    def report(name: str, phone: str, days_ago: int) -> None:
        reporter = PersonInput(person_id=people[name]) if name in people else PersonInput(name=name, phone=phone)
        recorded = desk.cases.record_case(
            CaseDraft(reporter=reporter, category="help", summary="求助",
                      received_at=FROZEN_NOW - timedelta(days=days_ago)),
            now=FROZEN_NOW - timedelta(days=days_ago) + timedelta(minutes=1))
        people[name] = recorded.reporter_id

    # 王一诺 sorts first by code point and reported once, two years ago; 王大 calls every week;
    # 王小 came once this week. All share the last four digits of their phones.
    report("王一诺", "13700008888", 730)
    for week in range(5):
        report("王大", "13900008888", 7 * week + 1)
    report("王小", "13800008888", 2)
    desk.people = people
    return desk


def names(results) -> list[str]:
    return [hit.name for hit in results.people]


@pytest.mark.parametrize("typed", ["王", "wa", "8888"])
def test_a_frequent_recent_reporter_comes_first_for_a_short_query(desk, typed):
    assert names(desk.callers.search(typed)) == ["王大", "王小", "王一诺"]


def test_a_longer_query_ranks_the_same_way(desk):
    assert names(desk.callers.search("wang")) == ["王大", "王小", "王一诺"]


def test_the_kept_tallies_equal_a_count_over_the_case_parties(desk, engine):
    with read_session(engine) as session:
        counted = {pid: (n, last) for pid, n, last in session.exec(
            select(CaseParty.person_id, func.count(), func.max(Case.received_at))
            .join(Case, Case.id == CaseParty.case_id).where(CaseParty.role == "reporter")
            .group_by(CaseParty.person_id)).all()}
        kept = {pid: (n, last, rank) for pid, n, last, rank in session.exec(
            select(SearchKey.person_id, func.min(SearchKey.reports), func.min(SearchKey.last_reported_at),
                   func.min(SearchKey.rank)).group_by(SearchKey.person_id)).all()}
    assert counted[desk.people["王大"]][0] == 5
    for pid, (n, last) in counted.items():
        assert kept[pid] == (n, last, rank_of(n, last))


def test_a_renamed_person_keeps_their_rank(desk):
    person_id = desk.people["王大"]
    version = desk.callers.person_history(person_id).version
    desk.callers.update_person(person_id, version=version, name="王大伟")
    assert names(desk.callers.search("王")) == ["王大伟", "王小", "王一诺"]


def test_recently_beats_often_across_stretches_and_often_within_one():
    now = FROZEN_NOW
    assert rank_of(1, now) > rank_of(50, now - timedelta(days=90))
    assert rank_of(5, now) > rank_of(1, now)
    assert rank_of(0, None) == 0 < rank_of(1, now - timedelta(days=3650))


def test_a_logbook_import_keeps_the_tallies_in_its_bulk_path(desk, engine, tmp_path):
    """Rows imported in bulk count for their reporters as a case recorded at the desk does."""
    from dataclasses import replace

    from frontdesk.context import DeskContext
    from frontdesk.intake.desk import CaseImports
    from tests.unit.test_case_import import HEADER, good_row, write_csv

    imports = CaseImports(DeskContext(
        settings=replace(desk.settings, data_dir=tmp_path, config_path=tmp_path / "config.toml"),
        engine=desk.engine, on_duty=desk.on_duty, url=desk.url, clock=desk.clock))
    rows = [good_row(n, 报警人="王老五", 联系电话="13600008888") for n in range(1, 8)]
    result = imports.run(imports.open(str(write_csv(tmp_path / "logbook.csv", [HEADER, *rows]))))
    assert result.imported == 7
    # Seven reports, the last in March 2024: more often than anyone, but longest ago, so last.
    assert names(desk.callers.search("王")) == ["王大", "王小", "王一诺", "王老五"]
    test_the_kept_tallies_equal_a_count_over_the_case_parties(desk, engine)


def test_reports_carried_in_a_sync_bundle_count_at_the_station(db_url, tmp_path, sqlite_template):
    """An outpost's cases reach the station's tallies in the bundle's apply, in its transaction."""
    from tests.synchelpers import carry, open_outpost, open_station, record

    station = open_station(tmp_path / "LS", url=db_url)
    outpost = open_outpost(station, "LS-02", tmp_path / "LS-02", template=sqlite_template)
    try:
        first = record(outpost, name="李四", phone="13900001111")
        outpost.cases.record_case(CaseDraft(reporter=PersonInput(person_id=first.reporter_id), category="theft",
                                            summary="又丢了"), now=outpost.clock())
        record(station, name="李一", phone="13600002222")
        assert carry(outpost, station).conflicts == 0
        with read_session(station.engine) as session:
            kept = session.exec(select(func.min(SearchKey.reports), func.max(SearchKey.reports))
                                .where(SearchKey.person_id == first.reporter_id)).one()
        assert tuple(kept) == (2, 2)
        assert [hit.name for hit in station.callers.search("李").people][:1] == ["李四"]
    finally:
        outpost.close()
        station.close()
