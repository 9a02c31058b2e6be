"""An ended shift's volunteer line says those not come never came, as their lines do, not that they have "not yet"
come: the shift is over."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Static

from frontdesk.i18n import t
from tests.apphelpers import open_desk_app
from tests.flow.test_patrols_flow import Clock, _open_shift, patrol_app
from tests.patrolhelpers import seed_patrols


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_an_ended_shift_says_who_never_came_and_none_on_patrol(tmp_path, lang):
    app = patrol_app(tmp_path, Clock("2026-11-22 20:30"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        seed_patrols(desk)
        [ended] = [row for row in desk.patrols.shifts().rows
                   if row.shift_date == date(2026, 11, 15)]
        screen = await _open_shift(pilot, ended.shift_id)
        title = str(screen.query_one("#members-title", Static).render())
        expected = sum(1 for m in screen.view.members if m.state == "expected")
        assert expected and screen.view.state == "ended"
        never = t("patrol.state.never_came")
        assert f"{never} {expected}" in title or f"{expected} {never.lower()}" in title
        not_yet = t("patrol.state.expected")  # "Not yet" / 未到
        assert f"{not_yet} {expected}" not in title and f"{expected} {not_yet.lower()}" not in title
        assert t("patrol.state.in") not in title  # nobody is on patrol on an ended shift
