"""Nothing typed is lost by answering a question: the unsaved case offered at start-up is set aside by n (or Esc),
kept and listed by ctrl+f on the form, and thrown away only by ctrl+l pressed twice; a case set aside is thrown
away from the ctrl+f list by ctrl+l, once the officer says y to a question naming it. By keys, in both languages,
checked on the draft files and the desk's log."""

from __future__ import annotations

import logging

import pytest
from textual.widgets import Input, Static

from screens.cases.dialogs import KeptDraftQuestion
from screens.cases.form_drafts import DraftsAsideScreen
from screens.shell.dialogs import ConfirmScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.flow.test_case_drafts_aside_flow import _aside, _drafts_dialog, _kept, _open_form, _said, _walk_in

WORDS = {
    "en": {"name": "Wang Fang", "summary": "Lost wallet", "other": ("Zhao Min", "Noise next door"),
           "keys": "y continue · n or Esc set aside · ctrl+l throw away",
           "put_aside": "The unsaved case from {when} (Lost wallet) is set aside, kept: ctrl+f on the "
                        "new-case form (F2) takes it back.",
           "waiting": "1 unsaved case is set aside", "ask_again": "ctrl+l again throws this case away for good",
           "thrown_away": "The unsaved case from {when} (Lost wallet) is thrown away.",
           "which": "highlight one with ↑↓ first",
           "sure": "Throw away this unsaved case set aside, for good?\n2026-11-22 20:30 · Wang Fang · Lost wallet\n",
           "list_keys": "ctrl+l throw away the highlighted case set aside (asked first)",
           "fresh": "Set this case aside (kept) and start a fresh one", "take_back": "Take back: ",
           "aside": "2 other unsaved cases are set aside already: ctrl+f on the new-case form (F2) lists them."},
    "zh": {"name": "王芳", "summary": "钱包丢失", "other": ("赵敏", "楼上噪音"),
           "keys": "y 继续填写 · n 或 Esc 暂存 · ctrl+l 丢弃",
           "put_aside": "{when} 未保存的警情（钱包丢失）已暂存并保留：在新建警情表单（F2）按 ctrl+f 可取回。",
           "waiting": "有 1 起未保存的警情已暂存", "ask_again": "再按一次 ctrl+l 将永久丢弃此警情",
           "thrown_away": "{when} 未保存的警情（钱包丢失）已丢弃。",
           "which": "请先用 ↑↓ 选中一项", "sure": "永久丢弃这起暂存的未保存警情？\n2026-11-22 20:30 · 王芳 · 钱包丢失\n",
           "list_keys": "ctrl+l 丢弃选中的暂存警情（先确认）", "fresh": "暂存此警情（保留），新建一起警情",
           "take_back": "取回：", "aside": "另有 2 起未保存的警情已暂存：在新建警情表单（F2）按 ctrl+f 可查看。"},
}


def _toasts(app) -> list[str]:
    """The toasts' texts, without the spaces and line breaks a toast is laid out with."""
    return ["".join(str(toast.message).split()) for toast in app._notifications]


def _said_in_toast(app, text: str) -> bool:
    return "".join(text.split()) in _toasts(app)


def _when(app) -> str:
    """When the unsaved case left in the slot was last kept, as the desk shows it (the draft's own clock)."""
    from frontdesk.timefmt import local_text

    return local_text(app.desk.cases.case_draft_store().load()[0], app.desk.zone)


def _question(app) -> str:
    return str(app.screen.query_one("#confirm-question", Static).render())


async def _left_by_the_last_run(tmp_path, lang: str) -> dict:
    """A case typed on F2 and never saved: the run ends with it in the desk's draft slot."""
    words = WORDS[lang]
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await _open_form(pilot)
        await _walk_in(pilot, "13912345678", words["name"], words["summary"])
        return _kept(app)


async def _asked_at_start_up(pilot) -> KeptDraftQuestion:
    await open_desk_app(pilot)
    assert await wait_until(pilot, lambda: isinstance(pilot.app.screen, KeptDraftQuestion))
    await settle(pilot)
    return pilot.app.screen


@pytest.mark.parametrize("lang, key", [("en", "n"), ("zh", "escape")])
async def test_no_at_start_up_sets_the_unsaved_case_aside_kept_and_listed(tmp_path, lang, key):
    words = WORDS[lang]
    typed = await _left_by_the_last_run(tmp_path, lang)
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        question = await _asked_at_start_up(pilot)
        when = _when(app)
        assert str(question.query_one("#confirm-keys", Static).render()) == words["keys"]
        assert "F2" not in _question(app)  # no case set aside to speak of
        await pilot.press(key)  # one press: nothing is lost by it, so nothing more is asked
        assert await wait_until(pilot, lambda: _kept(app) == {} and len(_aside(app)) == 1)
        assert _aside(app) == [typed]  # whole: the same fields, the same draft key
        assert await wait_until(pilot, lambda: _said_in_toast(app, words["put_aside"].format(when=when))), _toasts(app)

        form = await _open_form(pilot)
        assert form.query_one("#summary", Input).value == ""
        assert words["waiting"] in _said(form)
        dialog = await _drafts_dialog(pilot)
        assert dialog.lines == [f"{words['take_back']}{when} · {words['name']} · {words['summary']}"]
        await pilot.press("1")
        assert await wait_until(pilot, lambda: app.screen is not form and isinstance(app.screen, type(form))
                                and app.screen.query_one("#summary", Input).value == words["summary"])
        assert _kept(app) == typed and _aside(app) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_unsaved_case_is_thrown_away_at_start_up_only_by_ctrl_l_twice(tmp_path, lang, caplog):
    words = WORDS[lang]
    await _left_by_the_last_run(tmp_path, lang)
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        question = await _asked_at_start_up(pilot)
        slot, when = app.desk.cases.case_draft_store().path.name, _when(app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.screen is question and words["ask_again"] in _question(app)
        assert _kept(app)["summary"] == words["summary"]  # asked: nothing thrown away yet
        with caplog.at_level(logging.INFO, logger="frontdesk"):
            await pilot.press("ctrl+l")
            assert await wait_until(pilot, lambda: app.screen is not question and _kept(app) == {})
            await settle(pilot)
        assert _aside(app) == [] and _said_in_toast(app, words["thrown_away"].format(when=when))
        assert any(slot in record.getMessage() and "thrown away" in record.getMessage() for record in caplog.records)
        assert words["name"] not in caplog.text


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_case_set_aside_is_thrown_away_from_the_list_once_the_officer_says_y(tmp_path, lang, caplog):
    words = WORDS[lang]
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        form = await _open_form(pilot)
        await _walk_in(pilot, "13912345678", words["name"], words["summary"])
        await _drafts_dialog(pilot)
        await pilot.press("1")  # set aside: a fresh form
        assert await wait_until(pilot, lambda: app.screen is not form and getattr(app.screen, "_loaded", False))
        await settle(pilot)
        form = app.screen
        await _walk_in(pilot, "13800001111", *words["other"])
        wallet = next(d.name for d in app.desk.cases.case_drafts_aside() if d.fields["summary"] == words["summary"])
        assert words["waiting"] in _said(form)

        dialog = await _drafts_dialog(pilot)
        assert words["list_keys"] in str(dialog.query_one(".dialog-keys", Static).render())
        assert dialog.lines[0] == words["fresh"]
        await pilot.press("ctrl+l")  # the fresh line is highlighted: nothing to throw away
        await settle(pilot)
        assert app.screen is dialog and words["which"] in str(dialog.query_one(".dialog-message", Static).render())

        await pilot.press("down", "ctrl+l")  # the case set aside: asked first, naming it
        assert await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert words["sure"] in _question(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is dialog and len(_aside(app)) == 1

        with caplog.at_level(logging.INFO, logger="frontdesk"):
            await pilot.press("ctrl+l", "y")
            assert await wait_until(pilot, lambda: _aside(app) == [])
            assert await wait_until(pilot, lambda: isinstance(app.screen, DraftsAsideScreen)
                                    and app.screen is not dialog)
        # Gone from disk and from the list offered again; what is typed on the form is untouched.
        assert app.screen.lines == [words["fresh"]]
        assert not (app.desk.cases.case_draft_store().folder / wallet).exists()
        assert _kept(app)["summary"] == words["other"][1]
        assert form.query_one("#summary", Input).value == words["other"][1]
        assert words["waiting"] not in _said(form)  # the line counted the case now thrown away
        assert any("".join(words["name"].split()) in toast and "".join(words["summary"].split()) in toast
                   for toast in _toasts(app))
        assert any(wallet in record.getMessage() and "thrown away" in record.getMessage()
                   for record in caplog.records)
        assert words["name"] not in caplog.text


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_start_up_question_counts_the_cases_set_aside_and_says_where_they_are_listed(tmp_path, lang):
    words = WORDS[lang]
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        form = await _open_form(pilot)
        for phone, (name, summary) in (("13800001111", words["other"]), ("13700002222", ("李雷", "Lost keys"))):
            await _walk_in(pilot, phone, name, summary)
            await _drafts_dialog(pilot)
            await pilot.press("1")  # set aside: a fresh form
            assert await wait_until(pilot, lambda: app.screen is not form and getattr(app.screen, "_loaded", False))
            await settle(pilot)
            form = app.screen
        await _walk_in(pilot, "13912345678", words["name"], words["summary"])  # left unsaved in the desk's slot
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        question = await _asked_at_start_up(pilot)
        assert _question(app).endswith("\n\n" + words["aside"]), _question(app)
        await pilot.press("n")
        assert await wait_until(pilot, lambda: app.screen is not question and len(_aside(app)) == 3)
        await _open_form(pilot)
        dialog = await _drafts_dialog(pilot)
        assert len(dialog.lines) == 3 and all(line.startswith(words["take_back"]) for line in dialog.lines)
