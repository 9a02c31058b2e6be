"""The patrol screens as the officer sees them, in both languages."""

from __future__ import annotations

import pytest

from tests.apphelpers import desk_app, settle
from tests.patrolhelpers import seed_patrols
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

SIZE = (120, 36)


def _seeded(name: str, lang: str, *keys: str):
    app = desk_app(_fixed_folder(f"patrol-{name}-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        seed_patrols(pilot.app.desk)
        await pilot.press("ctrl+r")
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return app, run_before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_desk_with_tonights_patrol(snap_compare, lang):
    app, run_before = _seeded("desk", lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_shift_screen(snap_compare, lang):
    app, run_before = _seeded("shift", lang, "f6", "enter")  # tonight's shift is the newest
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_totals_of_the_month(snap_compare, lang):
    app, run_before = _seeded("totals", lang, "f6", "t")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_month_view(snap_compare, lang):
    app, run_before = _seeded("month", lang, "f6", "t", "g")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_shift_list_with_a_shift_closed_for_review(snap_compare):
    app, run_before = _seeded("list", "zh", "f6")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_taking_back_a_check_out_asks_naming_the_volunteer_and_the_time(snap_compare, lang):
    app, run_before = _seeded("take-back", lang, "f6", "enter", "down", "down", "down", "u")  # 王芳, out at 20:10
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_walk_up_already_on_the_shift_is_refused_in_the_finder_at_80x24(snap_compare, lang):
    """The finder again, the phone as typed and the reason under it (张建国 is on tonight's list)."""
    app, run_before = _seeded("walk-up-refused", lang, "f6", "enter", "w", *"13812345678", "enter")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_ended_shift_at_80x24_says_who_never_came(snap_compare, lang):
    """The evening of the 15th, ended: its line counts those not come as never come, and nobody on patrol."""
    app, run_before = _seeded("ended", lang, "f6", "down", "down", "enter")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_desk_at_80x24_names_both_of_tonights_shifts_a_line_each(snap_compare, lang):
    """Two shifts tonight and two rows for them: a line a shift, with how many are out and how many not come."""
    from frontdesk.patrols.shifts import ShiftInput
    from tests.patrolhelpers import desk_at

    app = desk_app(_fixed_folder(f"patrol-desk-two-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        desk = pilot.app.desk
        station = seed_patrols(desk)
        desk_at(desk, "2026-11-22 17:00").patrols.start_shift(
            ShiftInput(team_id=station.business, day="2026-11-22", start="19:00", end="22:00",
                       escort_id=desk.on_duty.officer_id))
        await pilot.press("ctrl+r")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
