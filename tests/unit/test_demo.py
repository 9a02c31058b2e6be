"""The demo data: realistic, valid by the desk's own rules, logged, and never mixed with real data."""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from datetime import datetime, timezone
from importlib import resources
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import select

from db.engine import read_session
from db.models import (
    SYNCED_MODELS, AuditEvent, Case, CaseLink, CaseParty, ChangeLog, Counter as SeqCounter, FollowUp,
    Handoff, PatrolShift, Person, PersonPhone, ShiftMember,
)
from frontdesk.station.config import Settings
from frontdesk.demo import build_demo
from frontdesk.i18n import DeskError
from frontdesk.records import snapshot
from frontdesk.station.seeds import CATEGORIES
from frontdesk.station.opening import open_station
from frontdesk.validation import check_resident_id, digits_reversed, normalize_phone

CASES = 400
# 19:10 in Shanghai: tonight's patrol has set out and some volunteers have checked in.
NOW = datetime(2025, 5, 20, 11, 10, tzinfo=timezone.utc)
ZONE = ZoneInfo("Asia/Shanghai")


def _open(path):
    return open_station(Settings(data_dir=path), f"sqlite:///{path / 'demo.sqlite'}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    engine, on_duty = _open(tmp_path_factory.mktemp("demo"))
    calls: list[tuple[int, int]] = []
    summary = build_demo(engine, on_duty, cases=CASES, now=NOW, progress=lambda *args: calls.append(args))
    yield engine, on_duty, summary, calls
    engine.dispose()


@pytest.fixture()
def session(demo):
    with read_session(demo[0]) as s:
        yield s


def _count(session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_writes_the_cases_asked_for_and_reports_progress(demo, session):
    _, _, summary, calls = demo
    assert summary.cases == CASES == _count(session, Case)
    assert summary.people >= CASES // 4
    assert calls[0] == (0, CASES) and calls[-1] == (CASES, CASES)


def test_categories_follow_the_stations_year(session):
    counts = Counter(session.exec(select(Case.category)).all())
    for code, *_, share in CATEGORIES:
        # Four standard deviations of a binomial share, plus a little for repeat callers.
        allowed = 4 * math.sqrt(share * (1 - share) / CASES) + 0.01
        assert abs(counts[code] / CASES - share) <= allowed, code


def test_every_phone_is_a_valid_mainland_number_in_e164(session):
    phones = session.exec(select(PersonPhone)).all()
    assert phones
    for phone in phones:
        assert normalize_phone(phone.e164) == phone.e164
        assert phone.digits_reversed == digits_reversed(phone.e164)
    assert len({p.e164 for p in phones}) == len(phones)
    reporters = session.exec(select(CaseParty).where(CaseParty.role == "reporter")).all()
    assert len(reporters) == CASES
    assert all(r.phone_e164 and normalize_phone(r.phone_e164) == r.phone_e164 for r in reporters)


def test_every_resident_id_passes_the_check_and_names_a_real_county(session):
    text = resources.files("frontdesk.demo").joinpath("places.csv").read_text(encoding="utf-8")
    counties = {row["code"] for row in csv.DictReader(text.splitlines()) if row["level"] in ("county", "origin")}
    people = session.exec(select(Person)).all()
    ids = [p.resident_id for p in people if p.resident_id]
    assert 0.5 < len(ids) / len(people) < 0.9
    for number in ids:
        check_resident_id(number, today=NOW.date())
        assert number[:6] in counties
    assert all(p.name and p.name_pinyin.isascii() and p.name_initials for p in people)


def test_case_numbers_are_unique_per_local_day_and_continue_in_the_counter(demo, session):
    site = demo[1].site_code
    by_day: dict[str, list[int]] = {}
    for case_no, received_at in session.exec(select(Case.case_no, Case.received_at)).all():
        match = re.fullmatch(rf"{site}-(\d{{8}})-(\d{{4,}})", case_no)
        assert match, case_no
        assert match[1] == received_at.astimezone(ZONE).strftime("%Y%m%d")
        by_day.setdefault(match[1], []).append(int(match[2]))
    for day, numbers in by_day.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        counter = session.get(SeqCounter, (site, f"case:{day}"))
        assert counter.value == len(numbers)


def test_a_heavy_repeat_reporter_and_repeats_linked_to_their_earlier_cases(session):
    reporters = Counter(
        session.exec(select(CaseParty.person_id).where(CaseParty.role == "reporter")).all()
    )
    heaviest, calls = reporters.most_common(1)[0]
    assert calls >= 30
    from db.models import PersonTag, Tag

    tagged = session.exec(select(Tag.code, PersonTag.source).join(PersonTag, PersonTag.tag_id == Tag.id)
                          .where(PersonTag.person_id == heaviest, PersonTag.removed.is_(False))).all()
    assert ("repeat_reporter", "rule") in tagged
    links = session.exec(select(CaseLink).where(CaseLink.kind == "repeat_of")).all()
    assert links
    for link in links:
        later, earlier = session.get(Case, link.case_id), session.get(Case, link.other_case_id)
        assert earlier.received_at < later.received_at
        assert later.disposition == "duplicate" and later.summary == earlier.summary
        same_reporter = select(CaseParty.person_id).where(CaseParty.role == "reporter")
        assert (session.exec(same_reporter.where(CaseParty.case_id == later.id)).one()
                == session.exec(same_reporter.where(CaseParty.case_id == earlier.id)).one())
    assert _count(session, Case, Case.disposition == "unfounded") > 10


def test_the_look_up_ranks_the_demos_reporters_by_their_reports(session):
    """The look-up's short queries read people in rank order: the demo's reporters carry their tallies, so
    a new user typing a surname sees the people who call most first, as on a real station."""
    from db.models.people import SearchKey

    reporters = Counter(session.exec(select(CaseParty.person_id).where(CaseParty.role == "reporter")).all())
    heaviest, calls = reporters.most_common(1)[0]
    tallies = set(session.exec(select(SearchKey.reports).where(SearchKey.person_id == heaviest)).all())
    assert tallies == {calls}
    assert min(session.exec(select(SearchKey.rank).where(SearchKey.person_id == heaviest)).all()) > 0
    never = session.exec(select(SearchKey.rank).where(SearchKey.person_id.not_in(list(reporters)))).all()
    assert never and set(never) == {0}  # people who never reported rank last


def test_hand_offs_in_every_status_with_follow_ups_and_backflow(session):
    statuses = Counter(session.exec(select(Handoff.status)).all())
    assert set(statuses) == {"pending", "sent", "accepted", "done", "returned"}
    open_statuses = ("pending", "sent", "accepted")
    assert _count(session, Handoff, Handoff.status.in_(open_statuses), Handoff.due_at < NOW) > 0
    for handoff in session.exec(select(Handoff)).all():
        case = session.get(Case, handoff.case_id)
        assert not case.police and handoff.handed_at >= case.received_at
        if case.status == "closed":
            assert handoff.status == "done" and case.disposition == "handed_off"
    follow_ups = session.exec(select(FollowUp).where(FollowUp.handoff_id.is_not(None))).all()
    assert follow_ups
    for follow_up in follow_ups:
        assert session.get(Handoff, follow_up.handoff_id).status == "done"
    reached = [f for f in follow_ups if f.reached and not f.backflow]
    assert sum(f.satisfaction == "satisfied" for f in reached) / len(reached) > 0.9
    assert _count(session, FollowUp, FollowUp.backflow) > 0
    backflows = session.exec(select(CaseLink).where(CaseLink.kind == "backflow")).all()
    assert backflows
    for link in backflows:  # each names the hand-off the matter came back after, of the case it points at
        handoff = session.get(Handoff, link.handoff_id)
        assert handoff.case_id == link.other_case_id and handoff.our_ref
    assert all(h.our_ref for h in session.exec(select(Handoff)).all())


def test_nothing_happens_after_now(session):
    latest = [
        session.exec(select(func.max(Case.received_at))).one(),
        session.exec(select(func.max(Case.closed_at))).one(),
        session.exec(select(func.max(Handoff.done_at))).one(),
        session.exec(select(func.max(FollowUp.at))).one(),
        session.exec(select(func.max(ShiftMember.checked_in_at))).one(),
    ]
    assert all(moment <= NOW for moment in latest)


def test_tonights_patrol_is_out_and_past_ones_are_logged(session):
    today = NOW.astimezone(ZONE).date()
    tonight = session.exec(select(PatrolShift).where(PatrolShift.shift_date == today)).all()
    assert tonight and all(s.actual_start is not None and s.actual_end is None for s in tonight)
    members = session.exec(select(ShiftMember).where(ShiftMember.shift_id.in_([s.id for s in tonight]))).all()
    assert any(m.checked_in_at for m in members) and not any(m.checked_out_at for m in members)
    past = session.exec(select(PatrolShift).where(PatrolShift.shift_date < today)).all()
    assert len({s.shift_date for s in past}) == 59
    assert all(set(s.counters) >= {"leaflets", "shops_visited", "residents_visited"} for s in past)
    assert _count(session, ShiftMember, ShiftMember.no_show) > 0


def test_every_record_has_exactly_one_change_log_entry(demo, session):
    from db.models import Tag, TagClass

    # The starting tag taxonomy is written by its migration on every site alike (keyed by its codes), not
    # logged: it never travels, each site holds it already.
    seeded = _count(session, Tag, Tag.version == 1) + _count(session, TagClass, TagClass.version == 1)
    records = sum(_count(session, model) for model in SYNCED_MODELS.values()) - seeded
    entries = session.exec(select(func.count(), func.max(ChangeLog.seq))).one()
    # One per record, numbered without gaps, and the on-duty officer given the demo password.
    assert entries == (records + 1, records + 1)
    [update] = session.exec(select(ChangeLog).where(ChangeLog.op != "insert")).all()
    assert update.table_name == "officer" and list(update.changed) == ["password_hash"]
    case = session.exec(select(Case).where(Case.status == "closed").limit(1)).one()
    entry = session.exec(select(ChangeLog).where(ChangeLog.record_id == case.id)).one()
    assert entry.data == snapshot(case) and entry.table_name == "case" and entry.version == 1
    assert _count(session, AuditEvent, AuditEvent.action == "demo_build") == 1


def test_the_same_seed_gives_the_same_people_and_cases(demo, tmp_path):
    def people_and_cases(engine):
        with read_session(engine) as s:
            return (s.exec(select(Person.name, Person.resident_id).order_by(Person.id)).all(),
                    s.exec(select(Case.case_no, Case.summary, Case.status).order_by(Case.case_no)).all())

    engine, on_duty = _open(tmp_path)
    try:
        build_demo(engine, on_duty, cases=CASES, now=NOW)
        assert people_and_cases(engine) == people_and_cases(demo[0])
    finally:
        engine.dispose()


def test_a_different_seed_gives_different_people(tmp_path):
    engine, on_duty = _open(tmp_path)
    try:
        build_demo(engine, on_duty, cases=100, seed=8, now=NOW)
        with read_session(engine) as s:
            names = s.exec(select(Person.name).order_by(Person.id).limit(20)).all()
    finally:
        engine.dispose()
    seven = _open(tmp_path / "seven")
    try:
        build_demo(*seven, cases=100, seed=7, now=NOW)
        with read_session(seven[0]) as s:
            assert s.exec(select(Person.name).order_by(Person.id).limit(20)).all() != names
    finally:
        seven[0].dispose()


def test_refuses_a_database_that_already_holds_cases(demo, session):
    engine, on_duty, *_ = demo
    before = _count(session, ChangeLog)
    with pytest.raises(DeskError) as raised:
        build_demo(engine, on_duty, cases=100, now=NOW)
    assert raised.value.key == "demo.not_empty"
    with read_session(engine) as fresh:
        assert _count(fresh, ChangeLog) == before


def test_a_demo_stopped_half_way_is_built_again_whole_on_the_next_start(tmp_path, monkeypatch):
    import frontdesk.demo.build as build
    from frontdesk.station.config import Settings
    from frontdesk.demo import DemoStopped, demo_complete
    from frontdesk.desk import open_desk

    monkeypatch.setattr(build, "BATCH", 100)
    settings = Settings(data_dir=tmp_path)
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    with pytest.raises(DemoStopped):
        open_desk(settings, url, demo_cases=400, clock=lambda: NOW, should_stop=lambda: True)
    desk = open_desk(settings, url, demo_cases=400, clock=lambda: NOW)
    try:
        assert demo_complete(desk.engine)
        with read_session(desk.engine) as session:
            assert session.exec(select(func.count()).select_from(Case)).one() == 400
    finally:
        desk.close()


def test_disputes_in_every_state_opened_from_repeat_quarrels(demo, session):
    from db.models import Dispute, DisputeCase, DisputeParty, DisputeStep, Handoff

    disputes = session.exec(select(Dispute)).all()
    assert {d.state for d in disputes} == {"open", "mediating", "resolved", "referred", "closed_unresolved"}
    assert demo[2].disputes == len(disputes) and demo[2].dispute_steps == _count(session, DisputeStep)
    for dispute in disputes:
        cases = session.exec(select(Case).join(DisputeCase, DisputeCase.case_id == Case.id)
                             .where(DisputeCase.dispute_id == dispute.id)).all()
        assert len(cases) == (1 if dispute.state == "referred" else 2)
        assert all(case.category == "dispute" for case in cases)
        assert (dispute.referral_handoff_id is not None) == (dispute.state == "referred")
        if dispute.state == "referred":
            # Referred through its case's hand-off, still live (the mediation centre's when the demo has one).
            handoff = session.get(Handoff, dispute.referral_handoff_id)
            assert handoff.case_id == cases[0].id and cases[0].status == "handed_off"
            assert handoff.status in ("pending", "sent", "accepted") and dispute.closed_at == handoff.handed_at
            assert dispute.opened_at < handoff.handed_at
        assert _count(session, DisputeParty, DisputeParty.dispute_id == dispute.id) >= 1
        assert dispute.owner_id is not None and dispute.opened_at <= NOW
        finished = dispute.state not in ("open", "mediating")
        assert (dispute.closed_at is not None) == finished and (dispute.next_step_due is None) == finished
        assert (dispute.closed_at or dispute.opened_at) <= NOW
        assert bool(dispute.state_reason) == (dispute.state in ("referred", "closed_unresolved"))
        steps = session.exec(select(DisputeStep).where(DisputeStep.dispute_id == dispute.id)).all()
        assert all(step.at <= NOW for step in steps)
        if dispute.state == "mediating":
            assert any(step.kind == "mediation" for step in steps)


def test_demo_people_carry_tags_by_officers_and_by_rules_across_classes(demo, session):
    from db.models import PersonTag, Tag

    rows = session.exec(select(PersonTag.person_id, PersonTag.source, Tag.class_id, Tag.rule)
                        .join(Tag, Tag.id == PersonTag.tag_id).where(PersonTag.removed.is_(False))).all()
    officers = {person for person, source, _, _ in rows if source == "officer"}
    from db.models import Person

    assert len(officers) >= 0.3 * _count(session, Person)  # 300 of a default demo's 750 people
    assert len({class_id for _, source, class_id, _ in rows if source == "officer"}) >= 6
    assert {rule for _, source, _, rule in rows if source == "rule"} >= {"elderly_by_id", "repeat_reporter",
                                                                         "fraud_victim"}


def test_a_finished_and_a_running_campaign_with_contacts_logged(demo, session):
    from db.models.outreach import Campaign, CampaignPerson, Contact

    campaigns = session.exec(select(Campaign).order_by(Campaign.started_at)).all()
    assert [c.state for c in campaigns] == ["finished", "running"]
    for campaign in campaigns:
        people = session.exec(select(CampaignPerson).where(CampaignPerson.campaign_id == campaign.id)).all()
        assert len(people) == campaign.people > 0
        assert campaign.started_at <= (campaign.finished_at or NOW) <= NOW
        contacts = session.exec(select(Contact).where(Contact.campaign_person_id.in_([p.id for p in people]))).all()
        assert contacts and all(campaign.started_at <= c.at <= (campaign.finished_at or NOW) for c in contacts)
        reached = {c.campaign_person_id for c in contacts if c.reached}
        assert {p.id for p in people if p.state == "reached"} == reached
        assert all((p.officer_id is None) != (p.volunteer_id is None) for p in people)
    assert demo[2].campaigns == 2 and demo[2].campaign_people == sum(c.people for c in campaigns)
