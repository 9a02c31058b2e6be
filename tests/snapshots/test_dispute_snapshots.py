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
