"""F2 brings a kept case back; ctrl+f sets it aside (kept, listed) and starts a fresh form, and takes it back later,
the form typed meanwhile going aside in its place: by keys, checked on the draft files and in the database. A disk
that refuses is said in the form, with everything typed still there."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Input, Static

from db.engine import read_session
from db.models import Case
from screens.cases.detail import CaseDetailScreen
from screens.cases.form import CaseFormScreen
from screens.cases.form_drafts import DraftsAsideScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until


def _said(screen) -> str:
    return str(screen.query_one("#form-message", Static).render())


def _value(screen, name: str) -> str:
    return screen.query_one(f"#{name}", Input).value


def _kept(app) -> dict:
    return (app.desk.cases.case_draft_store().load() or (None, {}))[1]


def _aside(app) -> list[dict]:
    return [draft.fields for draft in app.desk.cases.case_drafts_aside()]


async def _walk_in(pilot, phone: str, name: str, summary: str) -> CaseFormScreen:
    """A form typed by keys: phone, name, summary; waits until its draft is on disk."""
    form = pilot.app.screen
    await pilot.press(*phone, "tab", "tab", *name)
    form.query_one("#summary", Input).focus()
    await pilot.press(*summary)
    assert await wait_until(pilot, lambda: _kept(pilot.app).get("summary") == summary)
    return form


async def _open_form(pilot) -> CaseFormScreen:
    await pilot.press("f2")
    assert await wait_until(pilot, lambda: isinstance(pilot.app.screen, CaseFormScreen) and pilot.app.screen._loaded)
    await settle(pilot)
    return pilot.app.screen


async def _drafts_dialog(pilot) -> DraftsAsideScreen:
    await pilot.press("ctrl+f")
    assert await wait_until(pilot, lambda: isinstance(pilot.app.screen, DraftsAsideScreen))
    return pilot.app.screen


async def _new_form(pilot, old) -> CaseFormScreen:
    assert await wait_until(pilot, lambda: isinstance(pilot.app.screen, CaseFormScreen)
                            and pilot.app.screen is not old and pilot.app.screen._loaded)
    await settle(pilot)
    return pilot.app.screen


async def test_a_kept_case_is_set_aside_for_a_fresh_walk_in_and_taken_back_later(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _open_form(pilot)
        await _walk_in(pilot, "13912345678", "Wang Fang", "Lost wallet")
        first_key = _kept(app)["draft_key"]
        await pilot.press("escape")
        await settle(pilot)

        # F2 brings it back, and says how to set it aside.
        form = await _open_form(pilot)
        assert _value(form, "summary") == "Lost wallet"
        assert "ctrl+f sets it aside" in _said(form)

        # ctrl+f, Enter: set aside, kept on disk apart from the slot; the form is fresh.
        dialog = await _drafts_dialog(pilot)
        assert dialog.lines == ["Set this case aside (kept) and start a fresh one"]
        await pilot.press("enter")
        form = await _new_form(pilot, form)
        assert (_value(form, "reporter-phone"), _value(form, "reporter-name"), _value(form, "summary")) == ("", "", "")
        assert _kept(app) == {}
        [aside] = _aside(app)
        assert (aside["summary"], aside["reporter-name"], aside["draft_key"]) == ("Lost wallet", "Wang Fang", first_key)
        assert "1 unsaved case is set aside: ctrl+f takes it back." in _said(form)

        # The other walk-in is typed; then the first one is taken back by its key (2), this one going aside.
        await _walk_in(pilot, "13800001111", "Zhao Min", "Noise next door")
        dialog = await _drafts_dialog(pilot)
        assert dialog.lines == ["Set this case aside (kept) and start a fresh one",
                                "Take back: 2026-11-22 20:30 · Wang Fang · Lost wallet"]
        await pilot.press("2")
        form = await _new_form(pilot, form)
        assert (_value(form, "reporter-name"), _value(form, "summary")) == ("Wang Fang", "Lost wallet")
        assert "Continuing the unsaved case" in _said(form)
        assert _kept(app)["draft_key"] == first_key
        assert [(d["summary"], d["reporter-name"]) for d in _aside(app)] == [("Noise next door", "Zhao Min")]

        # Saved: one case, from the draft that was set aside (its key), the other still set aside.
        form.query_one("#category").value = "lost_property"
        await settle(pilot)
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen))
        await settle(pilot)
        with read_session(desk.engine) as session:
            [case] = session.exec(select(Case)).all()
        assert (case.summary, str(case.draft_key)) == ("Lost wallet", first_key)
        assert _kept(app) == {}
        assert [d["summary"] for d in _aside(app)] == ["Noise next door"]

        # Nothing typed and the other taken back: the empty form goes nowhere, nothing is left aside.
        form = await _open_form(pilot)
        await _drafts_dialog(pilot)
        assert app.screen.lines == ["Take back: 2026-11-22 20:30 · Zhao Min · Noise next door"]
        await pilot.press("1")
        form = await _new_form(pilot, form)
        assert _value(form, "summary") == "Noise next door"
        assert _aside(app) == []


async def test_in_chinese_a_disk_that_refuses_loses_nothing_typed(tmp_path, monkeypatch):
    import frontdesk.cases.drafts as drafts

    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        form = await _open_form(pilot)
        await pilot.press("ctrl+f")  # nothing typed, nothing set aside: said, no dialog
        assert await wait_until(pilot, lambda: "尚未填写" in _said(form))
        assert app.screen is form
        await _walk_in(pilot, "13912345678", "Wang Fang", "Lost wallet")

        def full(_descriptor):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(drafts.os, "fsync", full)
        await _drafts_dialog(pilot)
        await pilot.press("1")
        assert await wait_until(pilot, lambda: app.screen is form and "无法暂存该警情" in _said(form))
        assert "No space left on device" in _said(form)
        assert (_value(form, "reporter-name"), _value(form, "summary")) == ("Wang Fang", "Lost wallet")
        assert _kept(app)["summary"] == "Lost wallet" and _aside(app) == []

        monkeypatch.undo()
        await _drafts_dialog(pilot)
        await pilot.press("1")
        form = await _new_form(pilot, form)
        assert _value(form, "summary") == "" and _kept(app) == {}
        assert [d["summary"] for d in _aside(app)] == ["Lost wallet"]
        assert "有 1 起未保存的警情已暂存" in _said(form)
