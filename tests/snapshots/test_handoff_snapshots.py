"""The hand-off screens as the officer sees them, in both languages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk.cases.recording import CaseDraft
from frontdesk.handoffs.lifecycle import FollowUpInput, HandoffInput
from frontdesk.callers.people import PersonInput
from tests.apphelpers import desk_app, settle
from tests.conftest import FROZEN_NOW
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

SIZE = (130, 36)

ZHANG = PersonInput(name="张建国", phone="13812345678", address="东关村3组")
LI = PersonInput(name="李秀英", phone="13900001111", address="西街12号")
WANG = PersonInput(name="王芳", phone="13700002222", address="南门村5组")


def _at(desk, moment):
    """Act as if it were `moment` (hand-offs take the desk's clock)."""
    desk.clock = lambda: moment


def seed_handoffs(desk) -> dict:
    """An overdue hand-off, one due tonight, one done and called back, and its backflow."""
    def record(person, category, summary, when, **extra):
        return desk.cases.record_case(CaseDraft(reporter=person, category=category, police=False, summary=summary,
                                          place=person.address, **extra), now=when)

    cases = {}
    four_days = FROZEN_NOW - timedelta(days=4)
    cases["overdue"] = record(LI, "dispute", "拖欠装修工资三个月", four_days)
    _at(desk, four_days)
    desk.handoffs.hand_off(cases["overdue"].case_id, HandoffInput(body="legal_aid_12348", matter="wage_arrears",
                                                                  method="document", their_ref="FY-2026-0931",
                                                                  due_at=four_days + timedelta(days=3)))
    cases["noise"] = record(ZHANG, "noise", "楼下广场舞音响过大", FROZEN_NOW - timedelta(days=6))
    _at(desk, FROZEN_NOW - timedelta(days=6))
    desk.handoffs.hand_off(cases["noise"].case_id, HandoffInput(body="hotline_12345", matter="noise",
                                                                method="three_way_call"))
    [view] = desk.handoffs.of_case(cases["noise"].case_id)
    _at(desk, FROZEN_NOW - timedelta(days=5))
    desk.handoffs.advance(view.id, "done", version=view.version, their_ref="GD20261116-0420")
    _at(desk, FROZEN_NOW - timedelta(days=4, hours=20))
    desk.handoffs.follow_up(view.id, FollowUpInput(reached=True, result="社区已协调，音量调低", satisfaction="satisfied"))
    _at(desk, FROZEN_NOW)
    cases["tonight"] = record(WANG, "help", "车辆被堵无法驶出", FROZEN_NOW - timedelta(minutes=30))
    desk.handoffs.hand_off(cases["tonight"].case_id, HandoffInput(body="hotline_12345", matter="car_to_move",
                                                                  method="work_order",
                                                                  due_at=FROZEN_NOW + timedelta(hours=2)))
    cases["again"] = record(ZHANG, "noise", "广场舞噪音又出现", FROZEN_NOW - timedelta(hours=1))
    return cases


def _seeded(name: str, lang: str):
    app = desk_app(_fixed_folder(f"{name}-{lang}"), lang=lang)
    cases: dict = {}

    async def prepare(pilot):
        await settle(pilot)
        cases.update(seed_handoffs(pilot.app.desk))
        await settle(pilot)

    return app, prepare, cases


@pytest.mark.parametrize("lang", LANGUAGES)
def test_handoff_queue_overdue(snap_compare, lang):
    app, prepare, _cases = _seeded("handoff-queue", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f5")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_handoff_form_with_the_proposal(snap_compare, lang):
    app, prepare, cases = _seeded("handoff-form", lang)

    async def run_before(pilot):
        await prepare(pilot)
        from screens.cases.detail import CaseDetailScreen

        await pilot.app.push_screen(CaseDetailScreen(cases["again"].case_id))
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_case_with_a_closed_hand_off_and_its_backflow(snap_compare, lang):
    app, prepare, cases = _seeded("handoff-detail", lang)

    async def run_before(pilot):
        await prepare(pilot)
        from screens.cases.detail import CaseDetailScreen

        await pilot.app.push_screen(CaseDetailScreen(cases["noise"].case_id))
        await settle(pilot)

    assert snap_compare(app, terminal_size=(130, 40), run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_handoff_figures(snap_compare, lang):
    app, prepare, _cases = _seeded("handoff-figures", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f5", "g")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_f_on_a_hand_off_not_done_says_to_mark_it_done_first(snap_compare, lang):
    """f on tonight's hand-off, still pending: a notice saying what to do, not a call-back form refused once typed."""
    app, prepare, cases = _seeded("handoff-callback-early", lang)

    async def run_before(pilot):
        await prepare(pilot)
        from screens.cases.detail import CaseDetailScreen

        await pilot.app.push_screen(CaseDetailScreen(cases["tonight"].case_id))
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
