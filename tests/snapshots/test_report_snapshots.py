"""The desk's day at a glance and the shift handover, as the officer sees them, in both languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import TextArea

from frontdesk.cases.recording import CaseDraft
from frontdesk.callers.people import PersonInput
from tests.apphelpers import desk_app, seed_cases, settle
from tests.conftest import FROZEN_NOW
from tests.patrolhelpers import seed_patrols
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

SIZE = (120, 36)

#: More of today's cases, so the categories fill the panel: (category, minutes before now, summary).
TODAY = [
    ("dispute", 400, "商铺门口摆摊引发争执"), ("dispute", 300, "装修噪音邻里争吵"), ("help", 250, "老人走失求助"),
    ("fraud", 200, "冒充客服退款诈骗"), ("lost_property", 150, "钱包遗失"), ("traffic", 100, "电动车剐蹭"),
    ("tip", 90, "举报无证经营"), ("dispute", 80, "房屋租赁押金纠纷"), ("other", 70, "咨询户籍办理"),
]


def seed_day(desk) -> None:
    seed_cases(desk)
    seed_patrols(desk)
    for index, (category, minutes, summary) in enumerate(TODAY):
        person = PersonInput(name=f"市民{index}", phone=f"1380000{index:04d}")
        desk.cases.record_case(CaseDraft(reporter=person, category=category, summary=summary, place="人民路",
                                   police=category != "noise"),
                         now=FROZEN_NOW - timedelta(minutes=minutes))


def _seeded(name: str, lang: str, *keys: str):
    app = desk_app(_fixed_folder(f"report-{name}-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        seed_day(pilot.app.desk)
        await pilot.press("ctrl+r")
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False

    return app, run_before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_desk_with_the_day_by_category(snap_compare, lang):
    app, run_before = _seeded("desk", lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def handover_shown(name: str, lang: str):
    """The day shift's handover (ctrl+o), its audit chain head shown as a fixed hash: the real one covers
    record ids, new each run."""
    from dataclasses import replace

    app, seeded = _seeded(name, lang, "ctrl+o")

    async def run_before(pilot):
        await seeded(pilot)
        screen = pilot.app.screen
        screen.show(replace(screen.report, audit_head=(screen.report.audit_head[0], "3f9a0c1b2d4e" + "0" * 52)))
        await settle(pilot)

    return app, run_before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_handover_of_the_day_shift(snap_compare, lang):
    app, run_before = handover_shown("handover", lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
