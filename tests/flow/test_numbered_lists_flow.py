"""The lists of the dialogs and filters an officer types into are numbered too: one key picks an option
(screens.shell.choices), and what was picked is what is saved."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select
from textual.widgets import Select

from db.engine import read_session
from db.models import Case, PatrolShift
from screens.cases.detail import CaseDetailScreen
from screens.cases.listing import CaseListScreen
from screens.outreach.dialogs import AssignDialog, ContactDialog
from screens.patrols.dialogs import StartShiftScreen
from screens.shell.choices import CHOICE_KEYS
from tests.apphelpers import desk_app, open_desk_app, seed_cases, settle, wait_until
from tests.patrolhelpers import seed_roster


def _choices(select_box: Select) -> list[tuple[str, object]]:
    return [(str(prompt), value) for prompt, value in select_box._options if value is not Select.NULL]


def _key_of(select_box: Select, value: object) -> str:
    return CHOICE_KEYS[[v for _prompt, v in _choices(select_box)].index(value)]


async def test_a_cases_category_and_channel_are_picked_by_number_in_its_edit(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first = seed_cases(desk)[0]
        app.push_screen(CaseDetailScreen(first.case_id))
        await settle(pilot)
        await pilot.press("e")
        assert await wait_until(pilot, lambda: app.screen.query("#edit-category"))
        category, channel = app.screen.query_one("#edit-category", Select), app.screen.query_one("#edit-channel", Select)
        assert _choices(channel)[3] == ("4 Online", "online")
        assert category.value == "dispute"
        await pilot.press("tab", "tab")  # past the summary and the place
        assert app.focused is category
        await pilot.press(_key_of(category, "noise"), "tab", "4")
        assert (category.value, channel.value) == ("noise", "online") and not channel.expanded
        await pilot.press("ctrl+s")
        await settle(pilot)
        with read_session(desk.engine) as session:
            case = session.get(Case, first.case_id)
            assert (case.category, case.channel) == ("noise", "online")


async def test_the_case_lists_filters_are_picked_by_number(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        _first, theft, _noise = seed_cases(desk)
        await pilot.press("f4")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, CaseListScreen)
        assert {r.case_no for r in listing.rows} > {theft.case_no}
        await pilot.press("f", "tab")  # the status filter, then the category's
        category = listing.query_one("#filter-category", Select)
        assert app.focused is category
        await pilot.press(_key_of(category, "theft"))
        await settle(pilot)
        assert category.value == "theft" and not category.expanded
        assert [r.case_no for r in listing.rows] == [theft.case_no]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_an_outreach_contacts_way_and_its_worker_are_picked_by_number(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_desk_app(pilot)
        said: list = []
        app.push_screen(ContactDialog("王芳"), callback=said.append)
        assert await wait_until(pilot, lambda: isinstance(app.screen, ContactDialog) and app.screen.query("#contact-channel"))
        way = app.screen.query_one("#contact-channel", Select)
        assert await wait_until(pilot, lambda: app.focused is way)
        assert [prompt for prompt, _value in _choices(way)] == {
            "en": ["1 Phone", "2 Visit", "3 Message"], "zh": ["1 电话", "2 走访", "3 短信"]}[lang]
        await pilot.press("2", "ctrl+s")
        assert await wait_until(pilot, lambda: said)
        assert said[0].channel == "visit"

        officer, volunteer = uuid.uuid4(), uuid.uuid4()
        app.push_screen(AssignDialog("王芳", [("officer", officer, "王建军"), ("volunteer", volunteer, "李秀英")]),
                        callback=said.append)
        assert await wait_until(pilot, lambda: isinstance(app.screen, AssignDialog) and app.screen.query("#assign-worker"))
        worker = app.screen.query_one("#assign-worker", Select)
        assert await wait_until(pilot, lambda: app.focused is worker)
        assert [prompt[:2] for prompt, _value in _choices(worker)] == ["1 ", "2 "]
        await pilot.press("2", "ctrl+s")
        assert await wait_until(pilot, lambda: len(said) == 2)
        assert (said[1].kind, said[1].worker_id) == ("volunteer", volunteer)


async def test_a_shifts_escorting_officer_is_picked_by_number(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        seed_roster(desk)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("n")
        assert await wait_until(pilot, lambda: isinstance(app.screen, StartShiftScreen))
        escort = app.screen.query_one("#shift-escort", Select)
        assert [prompt for prompt, _value in _choices(escort)] == ["1 王建军 (031245)"]
        await pilot.press("enter", "2")  # the team
        await pilot.press(*["tab"] * 5)  # day, start, end, area: to the escort
        assert app.focused is escort
        await pilot.press("enter", "up", "enter")  # none
        assert escort.value is Select.NULL
        await pilot.press("1")
        assert escort.value == desk.on_duty.officer_id and not escort.expanded
        await pilot.press("ctrl+s")
        await settle(pilot)
        with read_session(desk.engine) as session:
            [shift] = session.exec(select(PatrolShift)).all()
            assert shift.escort_officer_id == desk.on_duty.officer_id


async def test_a_numbered_filter_stays_one_line_at_80_columns(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f4")
        await settle(pilot)
        status = app.screen.query_one("#filter-status", Select)
        lines = status.outer_size.height
        await pilot.press("f", "2")  # "2 In progress" is wider than the box: it ends in "…", on one line
        await settle(pilot)
        assert status.value == "in_progress"
        assert status.outer_size.height == lines
