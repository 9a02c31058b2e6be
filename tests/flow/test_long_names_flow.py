"""A station's own long names (receiving bodies, matters, categories) at 80×24: two bodies alike at their start
("Department of Hous…" twice) still read apart in every hand-off table, and the columns that give them meaning
(due, figures) stay on the screen; at 160×48 the names show whole. Both languages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft
from frontdesk.handoffs.lifecycle import HandoffInput
from frontdesk.handoffs.lists import MatterInput
from screens.cases.detail import CaseDetailScreen
from screens.handoffs.figures import HandoffFiguresScreen
from screens.handoffs.lists import BodyFormScreen, HandoffListsScreen
from screens.handoffs.queues import HandoffQueueScreen
from screens.shell.columns import FittedTable
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.conftest import FROZEN_NOW

NARROW = (80, 24)
WIDE = (160, 48)

#: (Chinese, English): alike for most of their length in both languages.
BODIES = [
    ("区住房和城乡建设局物业管理科", "Department of Housing Preservation and Development"),
    ("区住房和城乡建设局房屋安全管理科", "Department of Housing and Buildings - Safety Inspections"),
    ("市场监督管理局消费者权益保护分局", "Department of Sanitation - Derelict Vehicles"),
    ("市场监督管理局价格监督检查分局", "Department of Sanitation - Illegal Dumping Enforcement"),
]
MATTERS = [
    ("住宅小区物业服务质量纠纷", "Residential building property management complaint - heating"),
    ("住宅小区物业服务收费纠纷", "Residential building property management complaint - repairs"),
    ("住宅小区物业服务质量纠纷（供暖）", "Residential building property management complaint - heating, night"),
    ("住宅小区物业服务收费纠纷（维修）", "Residential building property management complaint - repairs, lift"),
]


async def long_named_station(pilot, lang: str) -> list[str]:
    """The four bodies added on the hand-off lists by keys, as the admin would; a matter for each, and a case
    handed to each, due this evening (20:30 at the desk). The bodies' names in the officer's language, in the cases' order."""
    app = pilot.app
    desk = await open_desk_app(pilot)
    await pilot.press("f5", "b")
    await settle(pilot)
    assert isinstance(app.screen, HandoffListsScreen)
    for zh, en in BODIES:
        await pilot.press("a")
        assert await wait_until(pilot, lambda: isinstance(app.screen, BodyFormScreen))
        app.focused.insert_text_at_cursor(zh)
        await pilot.press("tab")
        app.focused.insert_text_at_cursor(en)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HandoffListsScreen)
    code = {b.name_zh: b.code for b in desk.handoffs.bodies()}
    for (zh, en), (body, _) in zip(MATTERS, BODIES):
        desk.handoffs.save_matter(MatterInput(name_zh=zh, name_en=en, default_body=code[body], category="dispute"),
                                  matter_id=None, version=None)
    matter = {m.name_zh: m.code for m in desk.handoffs.matters()}
    for n, ((body, _), (zh, _)) in enumerate(zip(BODIES, MATTERS)):
        case = desk.cases.record_case(CaseDraft(
            reporter=PersonInput(name=f"陈{'一二三四'[n]}", phone=f"1380000111{n}"), category="dispute", police=False,
            summary="小区物业纠纷", place="东方名苑"), now=FROZEN_NOW - timedelta(hours=4 - n))
        desk.handoffs.hand_off(case.case_id, HandoffInput(body=code[body], matter=matter[zh], method="work_order",
                                                          due_at=FROZEN_NOW + timedelta(minutes=60 + 30 * n)))
    await pilot.press("escape")
    await settle(pilot)
    return [zh if lang == "zh" else en for zh, en in BODIES]


def column(table: FittedTable, key: str) -> list[str]:
    index = [k for k, _ in table.shown_columns].index(key)
    return [table.get_row_at(row)[index].plain for row in range(table.row_count)]


def fits(table: FittedTable) -> bool:
    """The shown columns fit the table's width: nothing is off the screen to the right."""
    return sum(width + 2 * table.cell_padding for _, width in table.shown_columns) <= table.available_width()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_hand_off_queue_tells_long_bodies_and_matters_apart_at_80_columns(tmp_path: Path, lang: str):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        bodies = await long_named_station(pilot, lang)
        assert isinstance(app.screen, HandoffQueueScreen)
        await pilot.press("1")  # due today
        table = app.screen.query_one("#handoff-table", FittedTable)
        assert await wait_until(pilot, lambda: table.row_count == 4)
        shown = column(table, "body")
        assert len(set(shown)) == 4, shown  # an end cut showed "Departmen…" four times
        assert shown == {"en": ["…Preserva…", "…and Buil…", "…Derelict…", "…Illegal…"],
                         "zh": ["…物业管理科", "…房屋安全管…", "…消费者权益…", "…价格监督检…"]}[lang], shown
        matters = column(table, "matter")
        assert len(set(matters)) == 4, matters
        assert {"due", "status", "case_no"} <= {key for key, _ in table.shown_columns} and fits(table)
        await pilot.resize_terminal(*WIDE)
        assert await wait_until(pilot, lambda: column(table, "body") == bodies)


@pytest.mark.parametrize("lang", ["en"])  # (the Chinese names, half as many cells, fitted already)
async def test_a_cases_hand_off_shows_its_due_time_beside_a_long_body_at_80_columns(tmp_path: Path, lang: str):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        bodies = await long_named_station(pilot, lang)
        await pilot.press("1")
        queue = app.screen.query_one("#handoff-table", FittedTable)
        assert await wait_until(pilot, lambda: queue.row_count == 4)
        await pilot.press("down", "enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen))
        table = app.screen.query_one("#detail-handoffs", FittedTable)
        assert await wait_until(pilot, lambda: table.row_count == 1)
        # The body (kept whole before, it pushed the due time off the screen) gives way to the due time.
        assert {"body", "status", "due"} <= {key for key, _ in table.shown_columns} and fits(table), table.shown_columns
        assert column(table, "due") == ["2026-11-22 22:00"]
        assert column(table, "body")[0].rstrip("…") in bodies[1]
        await pilot.resize_terminal(*WIDE)
        assert await wait_until(pilot, lambda: column(table, "body") == [bodies[1]])


@pytest.mark.parametrize("lang", ["en"])  # (the Chinese names, half as many cells, fitted already)
async def test_the_hand_off_figures_keep_every_figure_beside_long_bodies_at_80_columns(tmp_path: Path, lang: str):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        bodies = await long_named_station(pilot, lang)
        await pilot.press("g")
        assert await wait_until(pilot, lambda: isinstance(app.screen, HandoffFiguresScreen))
        table = app.screen.query_one("#bodies", FittedTable)
        assert await wait_until(pilot, lambda: table.row_count == 4)
        assert [key for key, _ in table.shown_columns] == ["body", "handed", "done", "overdue", "returned", "hours"]
        assert fits(table)
        shown = column(table, "body")
        assert len(set(shown)) == 4 and all(cell_len(name) <= dict(table.shown_columns)["body"] for name in shown)
        await pilot.resize_terminal(*WIDE)
        assert await wait_until(pilot, lambda: sorted(column(table, "body")) == sorted(bodies))


@pytest.mark.parametrize("lang", ["en"])  # (the Chinese names, half as many cells, fitted already)
async def test_the_station_lists_tell_long_bodies_apart_at_80_columns(tmp_path: Path, lang: str):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        await long_named_station(pilot, lang)
        await pilot.press("b")
        assert await wait_until(pilot, lambda: isinstance(app.screen, HandoffListsScreen))
        matters = app.screen.query_one("#matter-table", FittedTable)
        assert await wait_until(pilot, lambda: matters.row_count > 4)
        assert fits(matters) and fits(app.screen.query_one("#body-table", FittedTable))
        names = {zh if lang == "zh" else en for zh, en in MATTERS}
        rows = [row for row in range(matters.row_count) if app.screen.matters[row].name in names]
        shown = column(matters, "name")
        assert len({shown[row] for row in rows}) == 4, shown
        usual = column(matters, "body")
        assert len({usual[row] for row in rows}) == 4, usual


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_desks_categories_panel_tells_two_long_categories_apart_at_80_columns(tmp_path: Path, lang: str):
    from frontdesk.station.categories import CategoryInput

    names = [("住宅小区物业管理服务投诉", "Housing - residential property management complaint"),
             ("住宅小区物业管理服务纠纷", "Housing - residential property management dispute")]
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        desk = await open_desk_app(pilot)
        for zh, en in names:
            desk.categories.save(CategoryInput(name_zh=zh, name_en=en, police=False), category_id=None, version=None)
        code = {c.name_zh: c.code for c in desk.cases.categories()}
        for n, (zh, _en) in enumerate([names[0], names[0], names[1]]):
            desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张丽", phone=f"1390000111{n}"), category=code[zh],
                                             police=False, summary="物业纠纷"), now=FROZEN_NOW - timedelta(hours=1))
        await pilot.press("ctrl+r")

        def panel() -> list[str]:
            return [line.rsplit(" ", 1)[0].rstrip() for line in app.screen.query_one("#by-category").render().plain.split("\n")]

        # Cut after whole words both read "Housing…" (住宅小区…): which one had two cases was lost.
        assert await wait_until(pilot, lambda: len(panel()) == 2)
        assert panel() == {"en": ["…complaint", "…dispute"], "zh": ["住宅小区…投诉", "住宅小区…纠纷"]}[lang], panel()
        await pilot.resize_terminal(*WIDE)
        await settle(pilot)
        # Wide, the panel's names have as many cells as before (it shows more columns, not longer names): apart still.
        assert await wait_until(pilot, lambda: len(set(panel())) == 2 and "…" in panel()[0]), panel()
