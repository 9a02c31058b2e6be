"""A screen's or the app's keys (ctrl+s, Esc, ctrl+l, F2, Tab) read in one burst with text act in the order typed:
the text before such a key is in what it acts on, and the text after it is not, but goes where the key leaves the
focus (screens.shell.keyorder)."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Input, Static, TextArea

from db.engine import read_session
from db.models import Case
from screens.cases.detail import CaseDetailScreen
from screens.cases.form import CaseFormScreen
from screens.shell.desk import DeskScreen
from tests.apphelpers import burst, desk_app, open_desk_app, settle, wait_until


def _value(screen, name: str) -> str | None:
    """The text in the box `#name` of `screen`, None while the screen has not composed it yet."""
    boxes = screen.query(f"#{name}")
    return boxes.first().value if boxes else None


def _summaries(desk) -> list[str]:
    with read_session(desk.engine) as session:
        return [case.summary for case in session.exec(select(Case).order_by(Case.case_no))]


async def _filled_form(pilot, *, phone: str = "13912345678") -> CaseFormScreen:
    """The case form with everything but the summary given, the focus in the summary."""
    await pilot.press("f2")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, CaseFormScreen)
    form.query_one("#reporter-phone", Input).value = phone
    form.query_one("#reporter-name", Input).value = "Wang Fang"
    form.query_one("#category").value = "dispute"
    form.query_one("#summary", Input).focus()
    await settle(pilot)
    return form


async def test_text_then_ctrl_s_then_the_next_callers_text_saves_only_the_text_typed_before_it(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await _filled_form(pilot)
        burst(app, [*"abc", "ctrl+s", *"xyz"])
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen) and _summaries(desk))
        await settle(pilot)
        assert _summaries(desk) == ["abc"]  # not "abcxyz", not "ab"
        assert desk.cases.kept_case_draft(adopt=False) is None  # nor kept as a form of what came after


async def test_ctrl_s_then_f2_and_the_next_callers_phone_open_a_fresh_form_once_the_case_is_saved(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        saved_from = await _filled_form(pilot)
        burst(app, [*"abc", "ctrl+s", "f2", *"13800000000"])  # F2 waits for the save to show its case
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseFormScreen) and app.screen is not saved_from
                                and _value(app.screen, "reporter-phone") == "13800000000")
        await settle(pilot)
        assert _summaries(desk) == ["abc"] and isinstance(app.screen, CaseFormScreen)
        assert not any(isinstance(screen, CaseDetailScreen) for screen in app.screen_stack)  # F2 left it


async def test_after_a_refused_save_the_text_typed_after_ctrl_s_goes_to_the_field_to_put_right(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _filled_form(pilot, phone="1391234567")  # a digit short: the save is refused
        burst(app, [*"abc", "ctrl+s", *"13912345678"])
        summary, phone = form.query_one("#summary", Input), form.query_one("#reporter-phone", Input)
        # The refusal puts the focus on the phone, its number selected: what is typed next replaces it.
        assert await wait_until(pilot, lambda: phone.value == "13912345678")
        await settle(pilot)
        assert app.screen is form and app.focused is phone and summary.value == "abc" and _summaries(desk) == []
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: _summaries(desk) == ["abc"])


async def test_esc_then_text_leaves_the_form_first_and_the_text_goes_to_the_desk(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await _filled_form(pilot)
        burst(app, [*"abc", "escape", *"wang"])  # the summary, back to the desk, a name looked up there
        assert await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen)
                                and _value(app.screen, "search") == "wang")
        await settle(pilot)
        kept = desk.cases.kept_case_draft(adopt=False)
        assert kept is not None and kept[1]["summary"] == "abc"  # the text before Esc, and only that


async def test_an_f_key_then_text_and_tabs_fills_the_screen_it_opens(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        burst(app, ["f2", *"13912345678", "tab", *"11010519491231002X", "tab", *"Wang"])
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseFormScreen)
                                and _value(app.screen, "reporter-name") == "Wang")
        await settle(pilot)
        form = app.screen
        assert [form.query_one(f"#{name}", Input).value for name in ("reporter-phone", "reporter-rid")] == [
            "13912345678", "11010519491231002X"]
        assert app.screen_stack[-2].query_one("#search", Input).value == ""  # none of it typed on the desk


async def test_a_tab_b_tab_c_puts_each_letter_in_its_own_box(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        place, summary = form.query_one("#place", Input), form.query_one("#summary", Input)
        narrative = form.query_one("#narrative", TextArea)
        place.focus()
        await settle(pilot)
        burst(app, ["a", "tab", "b", "tab", "c"])
        assert await wait_until(pilot, lambda: narrative.text == "c")
        await settle(pilot)
        assert (place.value, summary.value, narrative.text) == ("a", "b", "c")
        burst(app, ["shift+tab", "shift+tab", "x", "ctrl+t", "tab", "y"])  # the form's own key between
        assert await wait_until(pilot, lambda: summary.value == "y")
        await settle(pilot)
        assert (place.value, summary.value, narrative.text) == ("x", "y", "c")


async def test_ctrl_l_twice_then_text_starts_the_fresh_form_with_that_text(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        old = await _filled_form(pilot)
        burst(app, [*"abc", "ctrl+l", "ctrl+l", *"13800000000"])  # asked, then thrown away; the next caller
        assert await wait_until(pilot, lambda: app.screen is not old and isinstance(app.screen, CaseFormScreen)
                                and _value(app.screen, "reporter-phone") == "13800000000")
        await settle(pilot)
        fresh = app.screen
        assert fresh.query_one("#summary", Input).value == "" and fresh.query_one("#reporter-name", Input).value == ""



def _slow_saves(desk):
    """record_case held until the returned event is set."""
    import threading

    writing, record_case = threading.Event(), desk.cases.record_case

    def slow_record_case(*args, **kwargs):
        assert writing.wait(20)
        return record_case(*args, **kwargs)

    desk.cases.record_case = slow_record_case
    return writing


async def test_keys_after_a_save_that_does_not_end_go_on_after_a_while(tmp_path, monkeypatch):
    from screens.shell import keyorder

    monkeypatch.setattr(keyorder, "STUCK_SECONDS", 0.3)
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _filled_form(pilot)
        writing = _slow_saves(desk)
        summary = form.query_one("#summary", Input)
        burst(app, [*"abc", "ctrl+s", *"xyz"])
        # The keys wait for the save, but not for ever: they go on where the focus is, the form still up.
        assert await wait_until(pilot, lambda: summary.value == "abcxyz")
        assert app.screen is form and _summaries(desk) == []
        writing.set()
        assert await wait_until(pilot, lambda: _summaries(desk) == ["abc"])


async def test_f12_locks_at_once_while_keys_wait_and_the_keys_typed_before_the_lock_are_not_for_its_fields(tmp_path):
    from screens.access.signin import SignInScreen

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _filled_form(pilot)
        writing = _slow_saves(desk)
        burst(app, [*"abc", "ctrl+s", *"xyz", "f12"])
        assert await wait_until(pilot, lambda: app.locked and isinstance(app.screen, SignInScreen))
        assert form.query_one("#summary", Input).value == "abc"  # xyz still waiting for the save
        writing.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Typed before the lock: not for the sign-in's fields, nor for the form under it.
        gate = app.screen
        assert isinstance(gate, SignInScreen) and gate.query_one("#signin-password", Input).value == ""
        assert form.query_one("#summary", Input).value == "abc"
