"""The dispute screens as the officer sees them, in both languages, wide and at 80×24."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft, PartyDraft
from frontdesk.disputes.lifecycle import StepInput
from tests.apphelpers import desk_app, settle
from tests.conftest import FROZEN_NOW
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

SIZES = {"wide": (120, 36), "narrow": (80, 24)}

WANG = PersonInput(name="王秀英", phone="13900001111", address="幸福小区5栋")
LI = PersonInput(name="李强", phone="13900002222", address="幸福小区5栋")
ZHAO = PersonInput(name="赵敏", phone="13700003333", address="东关村2组")
SUN = PersonInput(name="孙丽", phone="13600004444", address="西街8号")


def _at(desk, moment):
    desk.clock = lambda: moment


def seed_disputes(desk) -> dict:
    """A water-leak quarrel mediated twice, a boundary dispute overdue for its first step, one resolved."""
    def record(person, summary, when, other=None, repeat_of=None):
        parties = (PartyDraft("other_party", other),) if other else ()
        return desk.cases.record_case(CaseDraft(reporter=person, category="dispute", summary=summary,
                                                place=person.address, parties=parties, repeat_of=repeat_of),
                                      now=when)

    found = {}
    first = record(WANG, "楼上漏水纠纷", FROZEN_NOW - timedelta(days=9), other=LI)
    again = record(WANG, "楼上漏水又起争执", FROZEN_NOW - timedelta(days=6), other=LI, repeat_of=first.case_id)
    _at(desk, FROZEN_NOW - timedelta(days=6))
    found["leak"] = desk.disputes.open_from_case(again.case_id, plan="约双方到社区调解，物业出具漏水鉴定")
    _at(desk, FROZEN_NOW - timedelta(days=5))
    desk.disputes.record_step(found["leak"], StepInput(kind="visit", outcome="上门查看漏点，物业确认水管老化",
                                                       took_part="王秀英、物业"))
    _at(desk, FROZEN_NOW - timedelta(days=2))
    desk.disputes.record_step(found["leak"], StepInput(kind="mediation", outcome="双方原则同意分摊维修费，待报价",
                                                       took_part="王秀英、李强、社区调解员", on_site=True,
                                                       next_due=FROZEN_NOW + timedelta(days=1)))
    _at(desk, FROZEN_NOW - timedelta(days=4))
    found["boundary"] = desk.disputes.open_from_case(record(ZHAO, "宅基地边界争执", FROZEN_NOW - timedelta(days=4),
                                                            other=SUN).case_id)
    _at(desk, FROZEN_NOW - timedelta(days=1))
    done = desk.disputes.open_from_case(record(SUN, "停车位争吵", FROZEN_NOW - timedelta(days=1)).case_id)
    desk.disputes.move(done, "resolved", on_site=True)
    _at(desk, FROZEN_NOW)
    return found


def _seeded(name: str, lang: str):
    app = desk_app(_fixed_folder(f"{name}-{lang}"), lang=lang)
    found: dict = {}

    async def prepare(pilot):
        await settle(pilot)
        found.update(seed_disputes(pilot.app.desk))
        await settle(pilot)

    return app, prepare, found


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_dispute_daily_review(snap_compare, lang, size):
    app, prepare, _found = _seeded(f"dispute-review-{size}", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f11")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_dispute_with_its_parties_cases_and_steps(snap_compare, lang, size):
    app, prepare, _found = _seeded(f"dispute-detail-{size}", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f11")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


def _refer_the_boundary_dispute(desk, found: dict) -> None:
    """The boundary dispute referred to the mediation centre a day ago; the centre has accepted it."""
    from frontdesk.disputes.referral import Referral

    _at(desk, FROZEN_NOW - timedelta(days=1))
    desk.disputes.refer(found["boundary"], Referral(body="mediation_centre", matter="neighbour_dispute",
                                                    note="双方同意到调处中心调解"))
    handoff_id = desk.disputes.detail(found["boundary"]).referral.handoff_id
    _at(desk, FROZEN_NOW - timedelta(hours=20))
    version = next(h.version for h in desk.handoffs.of_case(desk.disputes.detail(found["boundary"]).cases[0].case_id)
                   if h.id == handoff_id)
    desk.handoffs.advance(handoff_id, "accepted", version=version, their_ref="TC20261121007")
    _at(desk, FROZEN_NOW)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_dispute_referred_through_a_live_hand_off(snap_compare, lang, size):
    app, prepare, found = _seeded(f"dispute-referred-{size}", lang)

    async def run_before(pilot):
        from screens.disputes.detail import DisputeScreen

        await prepare(pilot)
        _refer_the_boundary_dispute(pilot.app.desk, found)
        pilot.app.push_screen(DisputeScreen(found["boundary"]))
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_dispute_opened_from_the_repeat_list_chooses_the_cases(snap_compare, lang, size):
    app, prepare, found = _seeded(f"dispute-from-f7-{size}", lang)

    async def run_before(pilot):
        await prepare(pilot)
        desk = pilot.app.desk
        zhao = PersonInput(person_id=desk.disputes.detail(found["boundary"]).parties[0].person_id)
        for days, summary in ((40, "去年借款纠纷"), (20, "宅基地边界又起争执"), (2, "边界围墙被推倒")):
            desk.cases.record_case(CaseDraft(reporter=zhao, category="dispute", summary=summary, place=ZHAO.address),
                                   now=FROZEN_NOW - timedelta(days=days))
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_dispute_offered_to_a_new_case_in_the_form(snap_compare, lang, size):
    app, prepare, _found = _seeded(f"dispute-offer-{size}", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"13900002222")  # 李强, a party of the water-leak dispute
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_steps_kinds_numbered_in_the_open_list(snap_compare, lang):
    """a on a dispute: the step dialog at 80×24, its list of kinds open, numbered as every list is (a digit picks)."""
    app, prepare, _found = _seeded("dispute-step-narrow", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f11")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES["narrow"], run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_step_on_a_dispute_at_80x24(snap_compare, lang):
    """a on a dispute at 24 rows: one line a box, so the title and the keys show."""
    app, prepare, found = _seeded("dispute-step-80", lang)

    async def run_before(pilot):
        from screens.disputes.detail import DisputeScreen

        await prepare(pilot)
        pilot.app.push_screen(DisputeScreen(found["leak"]))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES["narrow"], run_before=run_before)
