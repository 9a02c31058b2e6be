"""The hand-off dialog at 80×24 with a station's own long matters, alike for most of their length: the closed box
shows the chosen one where it differs from the others (it read "a Residential building property management compl…"
for all four), the open list keeps them whole, the keys still choose, and a matter still proposes its body and that
body's due time. Both languages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Input, OptionList, Select, Static

from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft
from frontdesk.handoffs.lists import BodyInput, MatterInput
from frontdesk.timefmt import local_text
from screens.cases.detail import CaseDetailScreen
from screens.handoffs.dialogs import HandoffFormScreen
from screens.shell.name_cuts import ellipsize
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.conftest import FROZEN_NOW
from tests.flow.test_long_names_flow import BODIES, NARROW, WIDE

#: (Chinese, English): four matters alike for most of their length in both languages, longer than the box.
LONG_MATTERS = [
    ("住宅小区物业服务质量纠纷（冬季供暖室内温度不达标）", "Residential building property management complaint - heating"),
    ("住宅小区物业服务质量纠纷（冬季供暖室内温度不达标、夜间）",
     "Residential building property management complaint - heating, night"),
    ("住宅小区物业服务收费纠纷（电梯维修基金使用不透明）", "Residential building property management complaint - repairs"),
    ("住宅小区物业服务收费纠纷（电梯维修基金使用不透明、加装）",
     "Residential building property management complaint - repairs, lift"),
]
#: Each matter's usual body's usual time, in hours: a different due time for each.
HOURS = [24, 48, 72, 96]


def station_with_long_matters(desk) -> tuple[dict[str, str], dict[str, str], object]:
    """The four bodies (each with its own usual time) and a matter for each; a non-police case to hand off.
    (matter code by Chinese name, its usual body's code, the case)."""
    for (zh, en), hours in zip(BODIES, HOURS):
        desk.handoffs.save_body(BodyInput(name_zh=zh, name_en=en, default_due_hours=str(hours)), body_id=None,
                                version=None)
    body = {b.name_zh: b.code for b in desk.handoffs.bodies()}
    for (zh, en), (body_zh, _) in zip(LONG_MATTERS, BODIES):
        desk.handoffs.save_matter(MatterInput(name_zh=zh, name_en=en, default_body=body[body_zh], category="dispute"),
                                  matter_id=None, version=None)
    matter = {m.name_zh: m.code for m in desk.handoffs.matters()}
    usual = {matter[zh]: body[body_zh] for (zh, _), (body_zh, _) in zip(LONG_MATTERS, BODIES)}
    case = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="陈一", phone="13800001110"), category="dispute",
                                            police=False, summary="小区物业纠纷", place="东方名苑"),
                                  now=FROZEN_NOW - timedelta(hours=1))
    return matter, usual, case


def in_box(select: Select) -> str:
    """What the closed box shows."""
    return str(select.query_one("#label", Static).render())


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_hand_off_dialog_shows_which_long_matter_is_chosen_at_80_columns(tmp_path: Path, lang: str):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        desk = await open_desk_app(pilot)
        matter, usual, case = station_with_long_matters(desk)
        await app.push_screen(CaseDetailScreen(case.case_id))
        await settle(pilot)
        await pilot.press("h")
        assert await wait_until(pilot, lambda: isinstance(app.screen, HandoffFormScreen))
        await settle(pilot)
        form = app.screen
        select = form.query_one("#handoff-matter", Select)
        assert form.focused is select
        width = select.query_one("#label", Static).content_region.width
        shown = []
        for zh, en in LONG_MATTERS:
            code = matter[zh]
            key = next(prompt.split(" ", 1)[0] for prompt, value in select.keyed if value == code)
            await pilot.press("enter", key)  # the list opened, the matter's key chooses it and closes the list
            assert await wait_until(pilot, lambda: select.value == code and not select.expanded)
            await settle(pilot)
            # As before: the matter proposes its usual body, and that body's usual time is the due time.
            assert form.query_one("#handoff-body", Select).value == usual[code]
            hours = HOURS[[z for z, _ in LONG_MATTERS].index(zh)]
            assert form.query_one("#handoff-due", Input).value == local_text(FROZEN_NOW + timedelta(hours=hours),
                                                                             desk.zone)
            assert cell_len(f"{key} {zh if lang == 'zh' else en}") > width  # (too long for the box whole)
            assert in_box(select).startswith(f"{key} ")
            shown.append(in_box(select))
        # What the box paints (words too long for it end in "…" there): cut at their end, all four read
        # "a Residential building property management compl…" (5 住宅小区物业服务质量纠纷（冬季…).
        painted = [ellipsize(words, width).plain for words in shown]
        assert len({words.split(" ", 1)[1] for words in painted}) == 4, painted
        assert painted == shown  # cut where they differ, they fit the box
        # The open list names each one whole.
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: select.expanded)
        overlay = select.query_one(OptionList)
        listed = [str(overlay.get_option_at_index(n).prompt) for n in range(overlay.option_count)]
        assert all(any(prompt.endswith(zh if lang == "zh" else en) for prompt in listed) for zh, en in LONG_MATTERS)
        await pilot.press("escape")
        await pilot.resize_terminal(*WIDE)  # wide, the box is wider: more of the chosen one (in Chinese all of it)
        whole = f"{shown[-1].split(' ', 1)[0]} {LONG_MATTERS[-1][0 if lang == 'zh' else 1]}"
        assert await wait_until(pilot, lambda: cell_len(in_box(select)) > cell_len(shown[-1])), in_box(select)
        assert lang == "en" or in_box(select) == whole, in_box(select)
