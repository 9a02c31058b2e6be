"""Similar earlier cases (串并): each resemblance rule, matching and not, and series as the officer's act."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from db.case_words import tokens
from db.engine import read_session
from db.models import AuditEvent, CaseLink, ChangeLog, SeriesCase
from frontdesk.cases.recording import CaseDraft, PartyDraft
from frontdesk.cases.similar import (
    Probe, _Row, hour_rule, normalize_place, place_rule, street_of, words_rule,
)
from frontdesk.callers.people import PersonInput
from frontdesk.desk import Desk
from frontdesk.i18n import DeskError
from tests.conftest import FROZEN_NOW

ZONE = ZoneInfo("Asia/Shanghai")
NIGHT = datetime(2026, 11, 21, 15, 10, tzinfo=timezone.utc)  # 23:10 in Beijing, the day before FROZEN_NOW


def row(*, at: datetime = NIGHT, category: str = "theft", place: str = "", summary: str = "") -> _Row:
    return _Row(None, "LS-1", at, category, place, summary, "open")


# ---- the place rule -----------------------------------------------------------------------------


def test_places_are_compared_without_house_numbers_and_streets_without_townships():
    assert normalize_place("人民路85号商铺内") == "人民路85号"
    assert normalize_place("东关村3组") == "东关村"
    assert normalize_place("沥海街道 丽都公寓173幢楼下") == "沥海街道丽都公寓"
    assert street_of("马山街道环城东路151号") == "环城东路"
    assert street_of("城河街与市心路交叉口") == "城河街"
    assert street_of("东关村3组") == "东关村"
    assert street_of("稽山街道农贸市场") == ""


def test_the_same_place_matches_and_says_so():
    probe = Probe(received_at=NIGHT, place="人民路85号门口")
    reason = place_rule(probe, row(at=NIGHT - timedelta(days=3), place="人民路85号商铺内"))
    assert (reason.code, reason.detail) == ("same_place", "人民路85号")


def test_the_same_street_at_another_number_matches_as_the_street():
    probe = Probe(received_at=NIGHT, place="马山街道环城东路151号")
    reason = place_rule(probe, row(at=NIGHT - timedelta(days=5), place="环城东路20号"))
    assert (reason.code, reason.detail) == ("same_street", "环城东路")


def test_a_different_street_does_not_match():
    probe = Probe(received_at=NIGHT, place="马山街道环城东路151号")
    assert place_rule(probe, row(at=NIGHT - timedelta(days=1), place="环城西路151号")) is None
    assert place_rule(probe, row(at=NIGHT - timedelta(days=1), place="")) is None


def test_the_same_place_a_month_and_more_apart_does_not_match():
    probe = Probe(received_at=NIGHT, place="人民路85号")
    assert place_rule(probe, row(at=NIGHT - timedelta(days=31), place="人民路85号")) is None
    assert place_rule(probe, row(at=NIGHT + timedelta(days=1), place="人民路85号")) is None  # not earlier


# ---- the hour rule --------------------------------------------------------------------------------


def test_the_same_category_within_an_hour_of_the_clock_matches_across_midnight():
    probe = Probe(received_at=NIGHT, category="theft")  # 23:10
    reason = hour_rule(probe, row(at=NIGHT - timedelta(days=4, minutes=-55)), ZONE)  # 00:05 four days before
    assert (reason.code, reason.detail) == ("same_hour", "00:05")
    assert hour_rule(probe, row(at=NIGHT - timedelta(days=2, minutes=50)), ZONE) is not None


def test_another_category_or_another_hour_or_a_month_before_does_not_match():
    probe = Probe(received_at=NIGHT, category="theft")
    assert hour_rule(probe, row(at=NIGHT - timedelta(days=2), category="dispute"), ZONE) is None
    assert hour_rule(probe, row(at=NIGHT - timedelta(days=2, hours=3)), ZONE) is None
    assert hour_rule(probe, row(at=NIGHT - timedelta(days=40)), ZONE) is None


# ---- the words rule --------------------------------------------------------------------------------


def test_chinese_summaries_sharing_words_match_and_name_them():
    found = words_rule(tokens("电动车电瓶被盗"), row(summary="小区电动车电瓶夜间被盗"))
    assert found is not None
    reason, likeness = found
    assert reason.code == "words" and "电动车电瓶" in reason.detail and likeness > 0.5


def test_summaries_with_no_words_in_common_do_not_match():
    assert words_rule(tokens("电动车电瓶被盗"), row(summary="两车剐蹭后双方发生争吵")) is None
    assert words_rule(tokens("电动车电瓶被盗"), row(summary="电话诈骗")) is None  # one shared character is no word


# ---- through the desk: numbers under any role, the score, series ------------------------------------


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url)


def record(desk, *, at, phone="139 0000 1111", name="王芳", category="theft", place="", summary="电动车电瓶被盗",
           parties=()):
    draft = CaseDraft(reporter=PersonInput(name=name, phone=phone), category=category, summary=summary,
                      place=place, received_at=at, parties=tuple(parties))
    return desk.cases.record_case(draft, now=FROZEN_NOW)


def test_a_phone_as_other_party_in_one_case_is_found_from_a_reporter_in_another(desk):
    earlier = record(desk, at=FROZEN_NOW - timedelta(days=200), category="dispute", summary="债务纠纷",
                     parties=[PartyDraft("other_party", PersonInput(name="李强", phone="137 2222 3333"))])
    unrelated = record(desk, at=FROZEN_NOW - timedelta(days=199), phone="136 4444 5555", name="赵六",
                       category="dispute", summary="装修噪音")
    found = desk.series.similar_to_draft(received_at=FROZEN_NOW, category="help", summary="求助",
                                         phones=("137 2222 3333",))
    assert [case.case_id for case in found] == [earlier.case_id]
    [reason] = found[0].reasons
    assert reason.code == "same_phone" and "3333" in reason.detail and "2222" not in reason.detail  # masked
    assert "Other party" in found[0].reason_text()
    assert unrelated.case_id not in {case.case_id for case in desk.series.similar_to_case(earlier.case_id)}


def test_a_night_thief_on_one_street_ranks_above_a_lone_coincidence(desk):
    street = [record(desk, at=NIGHT - timedelta(days=d), phone=f"139 0000 11{d:02d}", place=f"城河街{d}号")
              for d in (2, 5, 9)]
    far = record(desk, at=NIGHT - timedelta(days=3, hours=6), phone="139 0000 1200", category="dispute",
                 place="解放路8号", summary="邻里争吵")
    found = desk.series.similar_to_draft(received_at=NIGHT, category="theft", place="城河街40号",
                                         summary="电动车电瓶被盗")
    ids = [case.case_id for case in found]
    assert ids[:3] == [case.case_id for case in street]  # the nearest first among equals
    assert far.case_id not in ids
    codes = {reason.code for reason in found[0].reasons}
    assert codes == {"same_street", "same_hour", "words"}


def test_the_street_alone_is_read_in_the_probe_s_category_and_the_other_rules_still_bring_the_rest(desk):
    hour = record(desk, at=NIGHT - timedelta(days=4), phone="139 0000 1301", place="城河街7号", summary="门锁被撬")
    other = record(desk, at=NIGHT - timedelta(days=5), phone="139 0000 1302", place="城河街9号", category="dispute",
                   summary="邻里争吵")
    phoned = record(desk, at=NIGHT - timedelta(days=6), phone="139 0000 1303", place="城河街11号",
                    category="dispute", summary="装修噪音")
    found = {case.case_id: {reason.code for reason in case.reasons} for case in desk.series.similar_to_draft(
        received_at=NIGHT, category="theft", place="城河街40号", summary="自行车丢失", phones=("139 0000 1303",))}
    assert found[hour.case_id] == {"same_street", "same_hour"}
    assert other.case_id not in found  # the street alone, in another category
    assert found[phoned.case_id] == {"same_street", "same_phone"}  # another category, brought in by the phone


def test_suggestions_write_nothing_and_linking_and_series_are_audited(desk, engine):
    first = record(desk, at=NIGHT - timedelta(days=2), place="城河街1号")
    second = record(desk, at=NIGHT, phone="139 0000 2222", place="城河街9号")
    with read_session(engine) as session:
        logged = len(session.exec(select(ChangeLog.id)).all())
    assert desk.series.similar_to_case(second.case_id)[0].case_id == first.case_id
    with read_session(engine) as session:
        assert len(session.exec(select(ChangeLog.id)).all()) == logged

    assert desk.series.link_related(second.case_id, first.case_id) == first.case_no
    series_id = desk.series.start_series("城河街夜盗", [first.case_id, second.case_id])
    desk.series.add_to_series(series_id, [first.case_id])  # already in: stays once
    detail = desk.series.series_detail(series_id)
    assert detail.name == "城河街夜盗" and [c.case_id for c in detail.cases] == [first.case_id, second.case_id]
    assert [(s.name, s.cases) for s in desk.series.series_list()] == [("城河街夜盗", 2)]
    with read_session(engine) as session:
        actions = session.exec(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
        assert len(session.exec(select(SeriesCase.id)).all()) == 2
        [link] = session.exec(select(CaseLink).where(CaseLink.kind == "related")).all()
    assert (link.case_id, link.other_case_id) == (second.case_id, first.case_id)
    assert actions[-4:] == ["link", "series_start", "series_add", "series_add"]
    with pytest.raises(DeskError) as refused:
        desk.series.start_series("  ", [first.case_id])
    assert refused.value.message == "Give the series a name."


def test_the_cluster_view_names_a_street_that_is_rising(desk):
    for d in (1, 3, 6, 8):
        record(desk, at=NIGHT - timedelta(days=d), phone=f"139 0000 13{d:02d}", place=f"城河街{d}号")
    record(desk, at=NIGHT - timedelta(days=40), phone="139 0000 1400", place="城河街2号")
    start, end = NIGHT - timedelta(days=30), NIGHT + timedelta(minutes=1)
    rows = desk.series.clusters(start, end)
    top = rows[0]
    assert (top.kind, top.key, top.category, top.count, top.before, top.rising) == ("place", "城河街", "theft", 4, 1, True)
    hour = next(r for r in rows if r.kind == "hour")
    assert (hour.key, hour.count) == ("23", 4)
    listed = desk.series.cluster_cases("place", "城河街", "theft", start, end)
    assert len(listed) == 4 and all("城河街" in case.place for case in listed)
    assert top.year_before is None  # no case at all a year before: not compared, not a 0


def test_rising_needs_a_history_and_a_minimum_not_0_to_2(desk):
    record(desk, at=NIGHT - timedelta(days=45), phone="139 0000 1500", place="解放路1号", category="dispute",
           summary="邻里纠纷")
    for d in (1, 2):
        record(desk, at=NIGHT - timedelta(days=d), phone=f"139 0000 15{d:02d}", place=f"城河街{d}号")
    start, end = NIGHT - timedelta(days=30), NIGHT + timedelta(minutes=1)
    [street] = [r for r in desk.series.clusters(start, end) if r.kind == "place" and r.key == "城河街"]
    assert (street.count, street.before, street.rising) == (2, 0, False)  # 0 -> 2 is no trend


def test_nothing_is_rising_where_there_is_nothing_to_compare_with(desk):
    for d in (1, 2, 3, 4, 5):
        record(desk, at=NIGHT - timedelta(days=d), phone=f"139 0000 16{d:02d}", place=f"城河街{d}号")
    start, end = NIGHT - timedelta(days=30), NIGHT + timedelta(minutes=1)
    rows = desk.series.clusters(start, end)
    assert rows[0].count == 5 and (rows[0].before, rows[0].year_before) == (None, None)
    assert not any(row.rising for row in rows)


def test_the_rising_rule_in_numbers():
    from frontdesk.cases.clusters import is_rising
    assert is_rising(4, 0, None) and is_rising(6, 3, 0)
    assert not is_rising(3, 0, 0) and not is_rising(5, 3, None) and not is_rising(9, 2, 7)
    assert not is_rising(40, None, None)


# ---- the demo's planted series ------------------------------------------------------------------------


def test_the_demo_plants_a_street_of_night_thefts_and_a_phone_in_two_roles(tmp_path):
    from db.models import Case, CaseParty
    from frontdesk.demo.build import build_demo
    from frontdesk.station.config import Settings
    from tests.conftest import open_station

    engine, on_duty = open_station(Settings(data_dir=tmp_path), f"sqlite:///{tmp_path / 'demo.sqlite'}")
    build_demo(engine, on_duty, cases=400, now=FROZEN_NOW)
    desk = Desk(settings=Settings(data_dir=tmp_path), engine=engine, on_duty=on_duty,
                url=f"sqlite:///{tmp_path / 'demo.sqlite'}")
    with read_session(engine) as session:
        thefts = session.exec(select(Case).where(Case.place.like("城河街%号"), Case.summary.like("%电瓶%"))
                              .order_by(Case.received_at.desc())).all()
        lent = session.exec(select(Case).where(Case.summary == "对方借款后失联，上门讨要发生争执")).one()
        [borrower] = session.exec(select(CaseParty.phone_e164).where(CaseParty.case_id == lent.id,
                                                                     CaseParty.role == "other_party")).all()
    assert len(thefts) >= 5
    found = desk.series.similar_to_case(thefts[0].id)
    streets = [case for case in found if any(r.code == "same_street" for r in case.reasons)]
    assert {case.case_id for case in streets} >= {case.id for case in thefts[1:5]}
    assert all(case.received_at.astimezone(ZONE).hour >= 22 for case in thefts[:5])
    by_phone = [case for case in desk.series.similar_to_case(lent.id) if any(r.code == "same_phone" for r in case.reasons)]
    [debt] = [case for case in by_phone if case.summary == "借钱给朋友到期不还发生纠纷"]
    assert borrower[-4:] in debt.reason_text() and "(Reporter)" in debt.reason_text()
    engine.dispose()


# ---- a series travels in sync bundles ------------------------------------------------------------------


def test_a_series_started_at_an_outpost_reaches_the_station_with_its_cases(db_url, tmp_path, sqlite_template):
    from tests.synchelpers import carry, open_outpost, open_station, record as sync_record

    station = open_station(tmp_path / "LS", url=db_url)
    outpost = open_outpost(station, "LS-02", tmp_path / "LS-02", template=sqlite_template)
    try:
        first = sync_record(outpost, name="陈一", phone="13900003333", summary="电动车电瓶被盗")
        second = sync_record(outpost, name="陈二", phone="13900004444", summary="电动车电瓶夜间被盗")
        series_id = outpost.series.start_series("城河街夜盗", [first.case_id, second.case_id])
        got = carry(outpost, station)
        assert got.conflicts == 0
        detail = station.series.series_detail(series_id)
        assert detail.name == "城河街夜盗"
        assert {case.case_id for case in detail.cases} == {first.case_id, second.case_id}
    finally:
        outpost.close()
        station.close()


def test_the_worked_out_texts_kept_stay_few_however_many_cases_are_compared():
    """A desk open all shift compares thousands of summaries: what it keeps of them must not grow with it."""
    from db.case_words import TOKENS_KEPT, token_list
    from frontdesk.cases.similar import KEPT, normalize_place, street_of

    for number in range(3 * max(KEPT, TOKENS_KEPT)):
        token_list(f"与邻居因排水沟发生争执{number}")
        street_of(f"南门村{number}组")
    assert max(f.cache_info().currsize for f in (street_of, normalize_place)) <= KEPT
    assert token_list.cache_info().currsize <= TOKENS_KEPT
    assert token_list("与邻居因排水沟发生争执") == token_list("与邻居因排水沟发生争执")  # still worked out right
