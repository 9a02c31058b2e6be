"""At 80×24, in both languages, the case form of a station with a long name: the header keeps the station and
its site code whole (the program's name and "On duty:" give way), the footer keeps save, set aside and throw
away; at 160×48 the same form shows every word."""

from __future__ import annotations

import pytest

from tests.apphelpers import desk_app, settle
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

LONG_NAME = {"FRONTDESK_STATION_NAME": "绍兴市公安局越城分局城关派出所"}


def _case_form(name: str, lang: str):
    app = desk_app(_fixed_folder(f"words-{name}-{lang}"), lang=lang, environ=LONG_NAME)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)

    return app, run_before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_case_form_of_a_station_with_a_long_name(snap_compare, lang):
    app, run_before = _case_form("form", lang)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_case_form_of_a_station_with_a_long_name_on_a_wide_terminal(snap_compare, lang):
    app, run_before = _case_form("form-wide", lang)
    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)
