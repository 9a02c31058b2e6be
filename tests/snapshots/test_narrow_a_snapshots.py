"""The desk's own screens (shell, cases, callers, access, station) on an 80×24 terminal, in both
languages, and the desk on a 200×50 one: identifying columns whole, cut text ending in "…", the
figures' numbers showing, F2's reporter panel below the form, footers of whole keys only."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from frontdesk.cases.recording import CaseDraft
from frontdesk.callers.people import PersonInput
from tests.apphelpers import desk_app, seed_cases, settle
from tests.conftest import FROZEN_NOW
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder
from tests.snapshots.test_signin_snapshots import _opened

NARROW = (80, 24)
WIDE = (200, 50)


def _callers(desk) -> None:
    """The three cases of `seed_cases`, two repeats of the first caller's, and a new caller's long summary."""
    first, _, _ = seed_cases(desk)
    for days in (4, 3):
        desk.cases.record_case(CaseDraft(reporter=PersonInput(person_id=first.reporter_id), category="noise",
                                         summary="又报楼上噪音", repeat_of=first.case_id),
                               now=FROZEN_NOW - timedelta(days=days))
    desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张丽", phone="13900001111"), category="help",
                                     summary="钥匙锁在屋内，孩子一个人在家，需要开锁公司的电话"),
                           now=FROZEN_NOW - timedelta(hours=1))


def _scenario(name: str, lang: str, *keys: str, seed=_callers):
    app = desk_app(_fixed_folder(f"narrow-{name}-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        if seed is not None:
            seed(pilot.app.desk)
            await pilot.press("ctrl+r")  # the desk counts what was just seeded
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return app, run_before


def _four_categories_today(desk) -> None:
    """`_callers`, and two disputes today: four categories today, all four named at 80 columns (two fitted)."""
    _callers(desk)
    for hours in (3, 4):
        desk.cases.record_case(CaseDraft(reporter=PersonInput(name="赵强", phone="13700002222"), category="dispute",
                                         summary="停车位纠纷"), now=FROZEN_NOW - timedelta(hours=hours))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_desk(snap_compare, lang):
    app, run_before = _scenario("desk", lang, seed=_four_categories_today)
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_desk_on_a_wide_terminal(snap_compare, lang):
    app, run_before = _scenario("desk-wide", lang)
    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_look_up_results(snap_compare, lang):
    app, run_before = _scenario("lookup", lang, "张")
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_case_form_with_the_reporters_earlier_cases(snap_compare, lang):
    app, run_before = _scenario("form", lang, "f2", *"13812345678", "enter", "enter", "1")
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_case_detail_with_history(snap_compare, lang):
    app, run_before = _scenario("detail", lang, "f4", "enter", "c", "enter", "2", "ctrl+s")
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_case_list(snap_compare, lang):
    app, run_before = _scenario("list", lang, "f4")
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_person_page(snap_compare, lang):
    app, run_before = _scenario("person", lang, *"zjg", "enter")
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_repeat_reporters(snap_compare, lang):
    app, run_before = _scenario("reporters", lang, "f7")
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help(snap_compare, lang):
    app, run_before = _scenario("help", lang, "f1", seed=None)
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_officers(snap_compare, lang):
    def seed(desk):
        desk.access.add_officer(name="李秀英", badge="031300", role="supervisor", password="a-longer-pass")

    app, run_before = _scenario("officers", lang, "f10", seed=seed)
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_officer_form_refusing_a_paste_too_long(snap_compare, lang):
    """A 60-character name pasted into the officer's Name (50 at most): refused in words, the name typed kept."""
    app, opened = _scenario("officer-paste", lang, "f10", "a", *"Li Xiuying", seed=None)

    async def run_before(pilot):
        from textual import events

        await opened(pilot)
        pilot.app.screen.focused.post_message(events.Paste("王" * 30 + "李" * 30))
        await settle(pilot)

    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_audit_log(snap_compare, lang):
    app, opened = _scenario("audit", lang, "f9", seed=seed_cases)

    async def run_before(pilot):
        from textual.widgets import Input

        await opened(pilot)
        # Up to the frozen day only: the events of the new database's own making carry the real time.
        pilot.app.screen.query_one("#audit-to", Input).value = "2026-11-22"
        pilot.app.screen.action_refresh()
        await settle(pilot)

    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_categories(snap_compare, lang):
    app, run_before = _scenario("categories", lang, "f10", "k", seed=None)
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sign_in(snap_compare, lang):
    folder = _fixed_folder(f"narrow-sign-in-{lang}")
    first = desk_app(folder, lang=lang)

    async def once():
        async with first.run_test(size=NARROW) as pilot:
            await settle(pilot)  # the station's admin is made, then the desk is left

    asyncio.run(once())
    app = desk_app(folder, lang=lang, sign_in=False)
    assert snap_compare(app, terminal_size=NARROW, run_before=_opened)


def _a_case_told_with_numbers(desk) -> None:
    """A case whose Chinese summary and narrative carry a phone, a case number and a time mid-sentence."""
    desk.cases.record_case(CaseDraft(
        reporter=PersonInput(name="张丽", phone="13900001111"), category="help", place="城关镇东街12号",
        summary="报警人称邻居电话13900002222多次深夜敲门，约定2026-11-23 09:30来所做笔录",
        narrative="经查与LS-20261101-0007为同一纠纷，报警人身份证号110101199003074211已核对，告知其拨打12345反映"),
        now=FROZEN_NOW - timedelta(hours=1))


def test_case_history_folds_chinese_but_never_a_number(snap_compare):
    # Folded by cells, the history's first entry read "接警时间：2026-11-" / "22" / "19:30", and the
    # summary "约定2026-11-23" / "09:30来所": the time goes down whole, the Chinese still fills the line.
    app, run_before = _scenario("detail-numbers", "zh", "f4", "enter", seed=_a_case_told_with_numbers)
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)
