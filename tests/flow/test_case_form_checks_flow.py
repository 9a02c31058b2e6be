"""The case form's refusals by keys: every error said at once, and the message following the corrections."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlmodel import select
from textual.widgets import Input, Static

from db.engine import read_session
from db.models import Case
from screens.cases.detail import CaseDetailScreen
from screens.cases.form import CaseFormScreen
from tests.apphelpers import desk_app, open_desk_app, settle

BAD_RID = "110105194912310021"  # its check digit should be X


def _cases(desk):
    with read_session(desk.engine) as session:
        return session.exec(select(Case)).all()


def _message(form) -> str:
    return str(form.query_one("#form-message", Static).render())


def _marked(form) -> set[str]:
    return {box.id.removeprefix("field-") for box in form.query(".field.-invalid")}


async def _open_form(pilot) -> CaseFormScreen:
    await pilot.press("f2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseFormScreen)
    return pilot.app.screen


async def _fill(pilot, *, phone: str, rid: str, received: str | None = None) -> CaseFormScreen:
    """Phone, ID number, name, category (1: dispute), place, summary, and the received time, by keys."""
    form = await _open_form(pilot)
    await pilot.press(*phone, "tab", *rid, "tab")
    form.focused.insert_text_at_cursor("王芳")  # (an input method hands Chinese over as one string)
    await pilot.press("tab", "tab", "enter", "1", "tab", "x", "tab")
    form.focused.insert_text_at_cursor("与邻居发生争执")
    await settle(pilot)
    if received is not None:
        await _retype(pilot, form, "received-at", received)
    return form


async def _retype(pilot, form, field: str, text: str) -> None:
    form.query_one(f"#{field}", Input).focus()
    await pilot.press("end", *["backspace"] * 20, *text)
    await settle(pilot)


async def test_the_refusal_follows_the_corrections_and_goes_when_nothing_is_wrong(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _fill(pilot, phone="12345", rid=BAD_RID)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and _cases(desk) == []
        message = _message(form)
        assert message.startswith("Not saved. Please fix:") and '"12345"' in message and "check digit" in message
        assert _marked(form) == {"reporter-phone", "reporter-rid"} and form.focused.id == "reporter-phone"
        await pilot.press("end", "backspace")  # 1234: still no phone number
        await settle(pilot)
        assert '"1234"' in _message(form) and "check digit" in _message(form)
        assert _marked(form) == {"reporter-phone", "reporter-rid"}
        await _retype(pilot, form, "reporter-phone", "13912345678")
        message = _message(form)
        assert "phone" not in message.lower() and "check digit" in message, message
        assert _marked(form) == {"reporter-rid"} and form.has_class("-error")
        await _retype(pilot, form, "reporter-rid", BAD_RID[:-1] + "X")
        assert _message(form).strip() == "" and _marked(form) == set() and not form.has_class("-error")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        [case] = _cases(desk)
        assert case.summary == "与邻居发生争执"


async def test_what_only_the_database_said_stays_until_its_field_is_changed(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _fill(pilot, phone="12345", rid="")
        # Another desk switches "dispute" off meanwhile.
        [dispute] = [row for row in desk.categories.rows() if row.code == "dispute"]
        desk.categories.switch(dispute.category_id, active=False)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert '"12345"' in _message(form) and "dispute" in _message(form)
        await _retype(pilot, form, "reporter-phone", "13912345678")
        assert "dispute" in _message(form) and "12345" not in _message(form)
        assert _marked(form) == {"category"}
        form.query_one("#category").focus()
        await pilot.press("enter", "2")  # another category
        await settle(pilot)
        assert _message(form).strip() == "" and _marked(form) == set()
        assert _cases(desk) == []


@pytest.mark.parametrize("lang, words", [
    ("en", ['"12345"', "check digit", 'time "2026-13-40 25:00" does not exist: there is no month 13',
            "there is no hour 25"]),
    ("zh", ["“12345”", "校验位", "时间“2026-13-40 25:00”不存在：没有 13 月", "没有 25 时"]),
])
async def test_an_unreadable_time_is_said_with_every_other_error_at_once(tmp_path, lang, words):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _fill(pilot, phone="12345", rid=BAD_RID, received="2026-13-40 25:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = _message(form)
        assert all(word in message for word in words), message
        assert "YYYY-MM-DD" not in message
        assert _marked(form) == {"reporter-phone", "reporter-rid", "received-at"}
        assert form.focused.id == "reporter-phone" and _cases(desk) == []
        await _retype(pilot, form, "received-at", "2026-11-22 19:30")  # the time fixed: the rest still said
        assert all(word in _message(form) for word in words[:2]) and "2026-13-40" not in _message(form)
        assert _marked(form) == {"reporter-phone", "reporter-rid"}


@pytest.mark.parametrize("typed, shown, received", [
    ("19:30", "2026-11-22 19:30", datetime(2026, 11, 22, 11, 30, tzinfo=timezone.utc)),
    # At 20:30, 23:50 has not come today: it was last night's.
    ("23:50", "2026-11-21 23:50", datetime(2026, 11, 21, 15, 50, tzinfo=timezone.utc)),
    # As a Chinese officer writes it, and in an input method's full width.
    ("昨晚11点", "2026-11-21 23:00", datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)),
    ("１１月２２日 下午７点半", "2026-11-22 19:30", datetime(2026, 11, 22, 11, 30, tzinfo=timezone.utc)),
])
async def test_a_clock_time_alone_is_the_latest_such_time_and_written_out_whole(tmp_path, typed, shown, received):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _fill(pilot, phone="13912345678", rid="", received=typed)
        await pilot.press("tab")  # on: the day it was read as shows
        await settle(pilot)
        assert form.query_one("#received-at", Input).value == shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        [case] = _cases(desk)
        assert case.received_at.replace(tzinfo=timezone.utc) == received


async def test_a_clock_time_just_ahead_is_refused_as_not_yet_come(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _fill(pilot, phone="13912345678", rid="", received="20:40")  # at 20:30
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "later than now" in _message(form) and _marked(form) == {"received-at"}
        await _retype(pilot, form, "received-at", "20:20")
        assert _message(form).strip() == "" and _cases(desk) == []
