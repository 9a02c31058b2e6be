"""Pastes into the administration forms (officers, case categories, tag classes, hand-off bodies): one too long
for a field is refused saying so, with what was there kept; several lines or a tab come in as one line."""

from __future__ import annotations

from sqlmodel import select
from textual import events
from textual.widgets import Input, Static

from db.engine import read_session
from db.models import Officer
from screens.access.officers import OfficerFormScreen, OfficersScreen
from screens.handoffs.lists import BodyFormScreen
from screens.station.categories import CategoryFormScreen
from screens.tags.taxonomy import TagFormScreen
from tests.apphelpers import desk_app, open_desk_app, settle


def _message(screen) -> str:
    return str(screen.query_one(".dialog-message", Static).render())


async def _paste(pilot, box: Input, text: str) -> None:
    box.focus()
    box.post_message(events.Paste(text))  # as a terminal pastes it
    await settle(pilot)


async def test_a_long_paste_into_an_officers_name_is_refused_out_loud_and_a_tab_comes_in_as_a_space(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, OfficersScreen)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, OfficerFormScreen)
        name = form.query_one("#officer-name", Input)
        name.insert_text_at_cursor("李秀英")
        await _paste(pilot, name, "王" * 30 + "李" * 30)  # 60 characters from a chat message
        assert name.value == "李秀英"
        assert "Name holds at most 50 characters; the 63 typed or pasted do not fit" in _message(form)

        name.value = ""
        await _paste(pilot, name, "王\t建军\r\n")
        assert name.value == "王 建军"
        await pilot.press("tab", *"031300", "tab", "tab", *"a-longer-pass", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OfficersScreen)
        with read_session(desk.engine) as session:
            officer = session.exec(select(Officer).where(Officer.badge_no == "031300")).one()
        assert officer.name == "王 建军"


async def test_a_long_paste_into_a_category_a_tag_class_or_a_body_is_refused_out_loud(tmp_path):
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("k", "a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CategoryFormScreen)
        box = form.query_one("#category-zh", Input)
        box.insert_text_at_cursor("价格投诉")
        await _paste(pilot, box, "价" * 51)
        assert box.value == "价格投诉"
        assert "最多 50 字；输入或粘贴的 55 字放不下" in _message(form)
        await pilot.press("escape", "escape")
        await settle(pilot)

        await pilot.press("t", "a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TagFormScreen)
        box = form.query_one("#tagform-zh", Input)
        await _paste(pilot, box, "标" * 81)
        assert box.value == ""
        assert "最多 80 字；输入或粘贴的 81 字放不下" in _message(form)
        await pilot.press("escape", "escape", "escape")
        await settle(pilot)

        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BodyFormScreen)
        box = form.query_one("#body-contact", Input)
        box.insert_text_at_cursor("0571-87654321")
        await _paste(pilot, box, "联系人" * 70)
        assert box.value == "0571-87654321"
        assert "最多 200 字" in _message(form)


async def test_a_name_of_characters_that_show_nothing_is_no_name_and_they_are_left_out_of_one_that_shows(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f10", "a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, OfficerFormScreen)
        name = form.query_one("#officer-name", Input)
        await _paste(pilot, name, "\u200b\ufeff")  # a zero-width space and a byte-order mark, from a web page
        await pilot.press("tab", *"031300", "tab", "tab", *"a-longer-pass", "ctrl+s")
        await settle(pilot)
        assert app.screen is form and "Name is required" in _message(form)
        assert name.value == "\u200b\ufeff"  # kept as typed, for the officer to put right
        name.value = ""
        await _paste(pilot, name, "王\u200b建军 ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OfficersScreen)
        with read_session(desk.engine) as session:
            officer = session.exec(select(Officer).where(Officer.badge_no == "031300")).one()
        assert officer.name == "王建军"

        # A category named by a zero-width space alone is no name; one that differs from a name on the
        # list only by such a character is that name, taken.
        await pilot.press("k", "a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CategoryFormScreen)
        zh, en = form.query_one("#category-zh", Input), form.query_one("#category-en", Input)
        await _paste(pilot, zh, "\u200b")
        await _paste(pilot, en, "\u200b")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "Name is required" in _message(form)
        zh.value, en.value = "", ""
        await _paste(pilot, zh, "纠\u200b纷")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "纠纷" in _message(form) and "already" in _message(form)
        assert len([row for row in desk.categories.rows() if row.name_zh.startswith("纠")]) == 1
