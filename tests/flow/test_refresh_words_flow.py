"""What F1 says ctrl+r does, by keys: on the desk it counts today's figures again; on the audit log, a dispute
list or the campaigns it reads that screen's records again, not "today's figures" it does not show."""

from __future__ import annotations

import pytest

from frontdesk.i18n import t
from screens.shell.help import HelpScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until


def _said_for_ctrl_r(screen: HelpScreen) -> str:
    table = screen.query_one("#help-keys")
    rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
    [row] = [row for row in rows if row[0].strip() == "^r"]
    return " ".join(" ".join(row[1:]).split())


TODAYS_FIGURES = {"en": "Count today's figures again", "zh": "重新统计今日数据"}


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_f1_says_what_ctrl_r_does_where_the_officer_is(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("escape", "f1")  # out of the look-up box: the desk's own keys
        assert await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert _said_for_ctrl_r(app.screen) == TODAYS_FIGURES[lang]
        await pilot.press("escape")
        await settle(pilot)
        for area in ("f9", "f11", "alt+o"):
            await pilot.press(area)
            await settle(pilot)
            await pilot.press("f1")
            assert await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            said = _said_for_ctrl_r(app.screen)
            assert said != TODAYS_FIGURES[lang] and said == " ".join(t("key.refresh.tip").split()), area
            await pilot.press("escape")
            await settle(pilot)
