"""A paste read in one burst with keys takes its turn among them as a typed key does: a paste after ctrl+s is not
in the case saved, a paste after F2 goes into the form F2 opens (screens.shell.keyorder)."""

from __future__ import annotations

from sqlmodel import select
from textual import events
from textual.widgets import Input

from db.engine import read_session
from db.models import Case
from screens.cases.detail import CaseDetailScreen
from screens.cases.form import CaseFormScreen
from tests.apphelpers import burst, desk_app, open_desk_app, settle, wait_until


async def _filled_form(pilot) -> CaseFormScreen:
    """The case form with everything but the summary given, the focus in the summary."""
    await pilot.press("f2")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, CaseFormScreen)
    form.query_one("#reporter-phone", Input).value = "13912345678"
    form.query_one("#reporter-name", Input).value = "Wang Fang"
    form.query_one("#category").value = "dispute"
    form.query_one("#summary", Input).focus()
    await settle(pilot)
    return form


def _summaries(desk) -> list[str]:
    with read_session(desk.engine) as session:
        return [case.summary for case in session.exec(select(Case).order_by(Case.case_no))]


async def test_a_paste_after_ctrl_s_is_not_in_the_case_saved(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await _filled_form(pilot)
        burst(app, [*"abc", "ctrl+s"])
        app.post_message(events.Paste("xyz"))
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen) and _summaries(desk))
        await settle(pilot)
        assert _summaries(desk) == ["abc"]
        assert desk.cases.kept_case_draft(adopt=False) is None  # nor kept as a form of what came after


async def test_a_paste_after_f2_goes_into_the_form_it_opens(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        desk_screen = app.screen
        burst(app, ["f2"])
        app.post_message(events.Paste("13912345678"))
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseFormScreen))
        await settle(pilot)
        assert app.screen.query_one("#reporter-phone", Input).value == "13912345678"
        assert desk_screen.query_one("#search", Input).value == ""


async def test_a_paste_held_behind_a_save_when_f12_locks_is_not_for_the_sign_in(tmp_path):
    from screens.access.signin import SignInScreen

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _filled_form(pilot)
        writing = _slow_saves(desk)
        burst(app, [*"abc", "ctrl+s"])
        app.post_message(events.Paste("xyz"))
        burst(app, ["f12"])
        assert await wait_until(pilot, lambda: app.locked and isinstance(app.screen, SignInScreen))
        writing.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        gate = app.screen
        assert isinstance(gate, SignInScreen) and gate.query_one("#signin-password", Input).value == ""
        assert form.query_one("#summary", Input).value == "abc"  # xyz neither there nor in the sign-in


def _slow_saves(desk):
    """record_case held until the returned event is set."""
    import threading

    writing, record_case = threading.Event(), desk.cases.record_case

    def slow_record_case(*args, **kwargs):
        assert writing.wait(20)
        return record_case(*args, **kwargs)

    desk.cases.record_case = slow_record_case
    return writing
