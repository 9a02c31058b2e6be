"""At 80×24 an officer reads whole words: the footer keys that matter, the header's station, a party's role;
a wide terminal (160×48) still shows the full words."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Footer

from screens.shell.columns import FittedTable
from tests.apphelpers import desk_app, settle, wait_until
from tests.conftest import FROZEN_NOW
from tests.flow.test_narrow_layout import footer_keys_whole

NARROW = (80, 24)
WIDE = (160, 48)


def palette_word(screen) -> str:
    """What the footer's palette key says, after its key ("Commands", "Menu")."""
    key = screen.query_one(Footer).query_one(".-command-palette")
    return key.description


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_case_forms_footer_shows_save_set_aside_and_throw_away_at_80_columns(tmp_path: Path, lang: str):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        keys = footer_keys_whole(app.screen)
        assert {"ctrl+s", "ctrl+f", "ctrl+l", "ctrl+o", "escape", "f1"} <= set(keys), keys
        assert palette_word(app.screen) == {"en": "Menu", "zh": "命令"}[lang]
        await pilot.resize_terminal(*WIDE)
        # Wide, every key of the form with its full words, and the palette's.
        assert await wait_until(pilot, lambda: {"ctrl+t", "ctrl+r", "ctrl+n"} <= set(footer_keys_whole(app.screen)))
        assert palette_word(app.screen) == {"en": "Commands", "zh": "命令"}[lang]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_officers_footer_shows_the_tag_list_key_at_80_columns(tmp_path: Path, lang: str):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert {"a", "r", "u", "k", "t", "escape", "f1"} <= set(footer_keys_whole(app.screen))


def station_shown(app) -> tuple[str, int]:
    """The header's station text and the cells its label has for it."""
    label = app.screen.query_one("#header-station")
    return str(label.render()), label.content_region.width


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_header_drops_the_programs_name_and_on_duty_before_it_cuts_the_station(tmp_path: Path, lang: str):
    from frontdesk.i18n import parenthesised

    app = desk_app(tmp_path, lang=lang, environ={"FRONTDESK_STATION_NAME": "绍兴市公安局越城分局城关派出所"})
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        duty = app.desk.on_duty
        text, room = station_shown(app)
        # The station and its site code whole; the program's name and "On duty:" gave way.
        assert text == parenthesised(duty.station_name, duty.site_code) and cell_len(text) <= room, (text, room)
        officer = str(app.screen.query_one("#header-officer").render())
        assert officer == parenthesised(duty.officer_name, duty.badge_no)
        await pilot.resize_terminal(*WIDE)
        assert await wait_until(pilot, lambda: station_shown(app)[0].startswith({"en": "Front Desk · ",
                                                                                  "zh": "接警台 · "}[lang]))
        officer = str(app.screen.query_one("#header-officer").render())
        assert officer.startswith({"en": "On duty: ", "zh": "值班民警："}[lang])


async def test_a_persons_role_in_a_case_shows_whole_or_in_its_short_word_at_80_columns(tmp_path: Path):
    from datetime import timedelta

    from frontdesk.callers.people import PersonInput
    from frontdesk.cases.recording import CaseDraft, PartyDraft
    from screens.callers.person import PersonScreen

    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        cases = app.desk.cases
        li = cases.record_case(CaseDraft(reporter=PersonInput(name="李四", phone="13900003333"), category="noise",
                                         summary="楼上住户深夜多次大声播放音乐，影响邻居休息", place="南街"),
                               now=FROZEN_NOW - timedelta(days=3)).reporter_id
        cases.record_case(CaseDraft(reporter=PersonInput(name="王五", phone="13900004444"), category="dispute",
                                    summary="邻里因楼上噪音问题发生口角，双方情绪激动", place="南街",
                                    parties=(PartyDraft("other_party", PersonInput(person_id=li)),)),
                          now=FROZEN_NOW - timedelta(days=1))
        await app.push_screen(PersonScreen(li))
        table = app.screen.query_one("#person-cases", FittedTable)
        assert await wait_until(pilot, lambda: table.row_count == 2)
        assert "role" in dict(table.shown_columns)
        roles = [str(table.get_row_at(row)[2]) for row in range(2)]
        assert roles == ["对方", "报警人"], roles  # 对方当事人 in its short word, not "对方…"
        await pilot.resize_terminal(*WIDE)
        assert await wait_until(pilot, lambda: str(table.get_row_at(0)[2]) == "对方当事人")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_handovers_footer_shows_write_save_and_notes_at_80_columns(tmp_path: Path, lang: str):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert await wait_until(pilot, lambda: {"w", "ctrl+s", "n", "escape", "f1"}
                                <= set(footer_keys_whole(app.screen)))
        await pilot.resize_terminal(*WIDE)
        assert await wait_until(pilot, lambda: {"left_square_bracket", "right_square_bracket", "s", "f"}
                                <= set(footer_keys_whole(app.screen)))
