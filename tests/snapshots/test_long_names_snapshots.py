"""A station's own long names at 80×24: receiving bodies, matters and categories alike at their start are cut
where they differ, and the columns beside them stay on the screen."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft
from frontdesk.handoffs.lifecycle import HandoffInput
from frontdesk.handoffs.lists import BodyInput, MatterInput
from frontdesk.station.categories import CategoryInput
from tests.apphelpers import desk_app, settle
from tests.conftest import FROZEN_NOW
from tests.flow.test_long_names_flow import BODIES, MATTERS
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

SIZE = (80, 24)
CATEGORIES = [("住宅小区物业管理服务纠纷", "Housing - residential property management dispute"),
              ("住宅小区物业管理服务投诉", "Housing - residential property management complaint")]


def seed_long_names(desk) -> list:
    """Four long-named bodies, a matter for each, two long categories, and a case of each handed off tonight."""
    for zh, en in BODIES:
        desk.handoffs.save_body(BodyInput(name_zh=zh, name_en=en), body_id=None, version=None)
    for zh, en in CATEGORIES:
        desk.categories.save(CategoryInput(name_zh=zh, name_en=en, police=False), category_id=None, version=None)
    body = {b.name_zh: b.code for b in desk.handoffs.bodies()}
    for (zh, en), (body_zh, _) in zip(MATTERS, BODIES):
        desk.handoffs.save_matter(MatterInput(name_zh=zh, name_en=en, default_body=body[body_zh], category="dispute"),
                                  matter_id=None, version=None)
    matter = {m.name_zh: m.code for m in desk.handoffs.matters()}
    category = {c.name_zh: c.code for c in desk.cases.categories()}
    cases = []
    for n, ((body_zh, _), (matter_zh, _)) in enumerate(zip(BODIES, MATTERS)):
        case = desk.cases.record_case(CaseDraft(
            reporter=PersonInput(name=f"陈{'一二三四'[n]}", phone=f"1380000111{n}"),
            category=category[CATEGORIES[n % 2][0]], police=False, summary="小区物业纠纷", place="东方名苑"),
            now=FROZEN_NOW - timedelta(hours=4 - n))
        desk.handoffs.hand_off(case.case_id, HandoffInput(body=body[body_zh], matter=matter[matter_zh],
                                                          method="work_order",
                                                          due_at=FROZEN_NOW + timedelta(minutes=60 + 30 * n)))
        cases.append(case)
    return cases


def _seeded(name: str, lang: str):
    app = desk_app(_fixed_folder(f"{name}-{lang}"), lang=lang)
    cases: list = []

    async def prepare(pilot):
        await settle(pilot)
        cases.extend(seed_long_names(pilot.app.desk))
        await settle(pilot)

    return app, prepare, cases


@pytest.mark.parametrize("lang", LANGUAGES)
def test_handoff_queue_with_long_bodies_at_80_columns(snap_compare, lang):
    app, prepare, _cases = _seeded("long-names-queue", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f5", "1")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_case_list_with_long_categories_at_80_columns(snap_compare, lang):
    app, prepare, _cases = _seeded("long-names-cases", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f4")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_case_with_a_long_body_hand_off_at_80_columns(snap_compare):
    app, prepare, cases = _seeded("long-names-detail", "en")

    async def run_before(pilot):
        await prepare(pilot)
        from screens.cases.detail import CaseDetailScreen

        await pilot.app.push_screen(CaseDetailScreen(cases[1].case_id))
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_handoff_figures_with_long_bodies_at_80_columns(snap_compare):
    app, prepare, _cases = _seeded("long-names-figures", "en")

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("f5", "g")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_desk_with_long_categories_at_80_columns(snap_compare, lang):
    app, prepare, _cases = _seeded("long-names-desk", lang)

    async def run_before(pilot):
        await prepare(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statistics_by_long_categories_at_80_columns(snap_compare, lang):
    """F8, Tab to the categories: each row's bar number in a column of its own, two long categories alike cut where
    they differ, and the year before and the year on year still on the screen."""
    from tests.flow.test_long_names_statistics_flow import add_long_categories

    app = desk_app(_fixed_folder(f"long-names-statistics-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        add_long_categories(pilot.app.desk)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_look_up_of_cases_in_long_categories_at_80_columns(snap_compare, lang):
    """The desk's look-up, a case number's start typed: two long categories alike are cut where they differ."""
    from tests.flow.test_long_names_statistics_flow import add_long_categories

    app = desk_app(_fixed_folder(f"long-names-lookup-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        add_long_categories(pilot.app.desk)
        # The desk's categories panel counts them now, not whenever its change check next comes round.
        pilot.app.screen.action_refresh()
        await settle(pilot)
        await pilot.press(*"LS-20261122")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hand_off_dialog_with_a_long_matter_chosen_at_80_columns(snap_compare, lang):
    """h on a case, the second of four long matters alike chosen by its key: the closed box shows it where it
    differs from the others, its usual body and that body's due time filled in."""
    from screens.cases.detail import CaseDetailScreen
    from tests.flow.test_long_names_handoff_dialog_flow import LONG_MATTERS, station_with_long_matters

    app = desk_app(_fixed_folder(f"long-names-handoff-dialog-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        matter, _usual, case = station_with_long_matters(pilot.app.desk)
        await pilot.app.push_screen(CaseDetailScreen(case.case_id))
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        select = pilot.app.screen.query_one("#handoff-matter")
        key = next(prompt.split(" ", 1)[0] for prompt, value in select.keyed if value == matter[LONG_MATTERS[1][0]])
        await pilot.press("enter", key)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
