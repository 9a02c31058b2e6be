"""Forms take any text at all: saved as typed, or refused with a message, never an error."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from frontdesk.cases.recording import CaseDraft
from frontdesk.desk import Desk
from frontdesk.handoffs.lists import BodyInput
from frontdesk.i18n import DeskError
from frontdesk.callers.people import PersonInput
from tests.conftest import FROZEN_NOW

# Dropped from what is typed: control characters (not tab or newline), lone surrogates (a broken
# paste or terminal sends them; no database stores one), bidirectional overrides and isolates.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
LONE_SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)

FUZZ = hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Any text, weighted towards what breaks programs: quotes, SQL, control characters, emoji, long runs.
NASTY = st.one_of(
    st.text(max_size=300),
    # Any text with lone surrogates among it, as a broken paste gives.
    st.lists(st.one_of(st.characters(), LONE_SURROGATES), max_size=40).map("".join),
    st.sampled_from(["'; DROP TABLE case; --", "\x00", "\r\n\t", "😀👮", "張三 Zhang", "%_\\", "\u202e", "a" * 5000,
                     "张\ud800三", "\udfff", "邻居\u202e占用\u2066车位", "\u200f\u200eRTL", "x" * 100_000]),
)


@pytest.fixture
def desk(engine, settings, on_duty, db_url):
    return Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)


@FUZZ
@given(name=NASTY, phone=NASTY, rid=NASTY, summary=NASTY, place=NASTY)
def test_a_case_form_with_any_text_is_saved_or_refused_in_words(desk, name, phone, rid, summary, place):
    draft = CaseDraft(reporter=PersonInput(name=name, phone=phone, resident_id=rid), category="dispute",
                      summary=summary, place=place)
    try:
        recorded = desk.cases.record_case(draft, now=FROZEN_NOW)
    except DeskError as refused:
        assert refused.message.strip()
        return
    detail = desk.cases.case_detail(recorded.case_id)
    # Kept as typed, less invisible control characters (which PostgreSQL would refuse).
    assert detail.case.summary == CONTROL.sub("", summary.strip())
    assert detail.case.place == CONTROL.sub("", place.strip())


@FUZZ
@given(badge=NASTY, password=NASTY)
def test_sign_in_with_any_text_is_refused_in_words(desk, badge, password):
    with pytest.raises(DeskError):
        desk.access.sign_in(badge=badge, password=password)


@FUZZ
@given(name=NASTY, contact=NASTY, hours=NASTY)
def test_a_receiving_body_with_any_text_is_saved_or_refused_in_words(desk, name, contact, hours):
    try:
        desk.handoffs.save_body(BodyInput(name_zh=name, name_en="", contact=contact, default_due_hours=hours),
                                body_id=None, version=None)
    except DeskError as refused:
        assert refused.message.strip()


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(["summary", "reporter-name", "place", "narrative"]), NASTY))
def test_a_draft_of_any_text_is_kept_cleaned_and_leaves_no_temporary_file(tmp_path, fields):
    from frontdesk.cases.drafts import DraftStore

    store = DraftStore(tmp_path, database="sqlite:///x", form="new-case")
    assert store.save(fields) is True
    assert store.load()[1] == {name: CONTROL.sub("", value) for name, value in fields.items()}
    assert [p.name for p in tmp_path.iterdir()] == [store.path.name]


@FUZZ
@given(typed=NASTY)
def test_the_look_up_box_takes_any_text(desk, typed):
    results = desk.callers.search(typed)
    assert results.typed == typed


@FUZZ
@given(reference=NASTY, note=NASTY)
def test_a_hand_off_with_any_reference_or_note_is_kept_cleaned_or_refused_in_words(desk, reference, note):
    from sqlmodel import select

    from db.engine import read_session
    from db.models import Handoff
    from frontdesk.handoffs.lifecycle import HandoffInput

    case = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678"), category="noise",
                                            police=False, summary="楼上深夜噪音"), now=FROZEN_NOW)
    try:
        desk.handoffs.hand_off(case.case_id, HandoffInput(body="hotline_12345", matter="noise", method="work_order",
                                                          their_ref=reference, note=note))
    except DeskError as refused:
        assert refused.message.strip()
        return
    with read_session(desk.engine) as session:
        handoff = session.exec(select(Handoff).where(Handoff.case_id == case.case_id)).one()
    assert not CONTROL.search(handoff.their_ref + handoff.notes)
    assert handoff.notes == CONTROL.sub("", note).strip() or handoff.notes == CONTROL.sub("", note.strip())


@FUZZ
@given(observations=NASTY)
def test_a_patrol_log_of_any_text_is_kept_cleaned_or_refused_in_words(desk, observations):
    from frontdesk.patrols.shifts import ShiftInput
    from tests.patrolhelpers import desk_at, seed_roster

    evening = desk_at(desk, "2026-11-22 18:00")
    if not hasattr(desk, "fuzzed_shift"):  # the fixture's desk serves every example: one shift for them all
        red, _business = seed_roster(desk)
        desk.fuzzed_shift = evening.patrols.start_shift(ShiftInput(team_id=red, day="2026-11-22",
                                                                   escort_id=desk.on_duty.officer_id))
    shift_id = desk.fuzzed_shift
    seen = evening.patrols.shift(shift_id).observations
    try:
        evening.patrols.record_counts(shift_id, counts={}, observations=(seen, observations))
    except DeskError as refused:
        assert refused.message.strip()
        return
    kept = evening.patrols.shift(shift_id).observations
    assert not CONTROL.search(kept) and set(kept) <= set(observations)
