"""A password's box takes a paste exactly as it is, or not at all, saying why: never the first of several lines
(Textual's Input kept it and dropped the rest without a word), a NUL no key types again, or nothing but the bell
for a paste too long. The line end a copy brings after its one line is no part of the password."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual import events
from textual.widgets import Input, Static

from db.engine import read_session
from db.models import SignInState
from frontdesk.i18n import t
from screens.access.officers import OfficerFormScreen
from screens.access.signin import FirstAdminScreen, SignInScreen
from screens.shell.desk import DeskScreen
from screens.station.passphrase import PassphraseScreen
from tests.apphelpers import TEST_PASSWORD, desk_app, open_desk_app, settle, wait_until


async def _paste(pilot, text: str) -> None:
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.pause()


def _said(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _signin(pilot) -> Input:
    app = pilot.app
    assert await wait_until(pilot, lambda: isinstance(app.screen, SignInScreen) and app.screen.query("#signin-password"))
    await app.workers.wait_for_complete()
    box = app.screen.query_one("#signin-password", Input)
    box.focus()
    await pilot.pause()
    return box


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_paste_of_several_lines_a_nul_or_too_long_is_refused_at_sign_in_and_counts_no_attempt(tmp_path, lang):
    app = desk_app(tmp_path)  # the station and its admin
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
    app = desk_app(tmp_path, lang=lang, sign_in=False)
    async with app.run_test(size=(120, 36)) as pilot:
        box = await _signin(pilot)
        screen, field = app.screen, t("signin.password")
        await _paste(pilot, f"{TEST_PASSWORD}\nsecond line")  # Textual's Input signed in with the first line
        assert box.value == ""
        assert _said(screen, "#gate-message") == t("secret.paste_lines", field=field)
        await pilot.press(*"desk")
        await _paste(pilot, "-test\x00-pass")
        assert box.value == "desk"  # what was typed stays; nothing of the paste went in
        assert _said(screen, "#gate-message") == t("secret.unseen", field=field, code="U+0000")
        await _paste(pilot, "x" * 10_000)
        assert box.value == "desk"
        assert _said(screen, "#gate-message") == t("secret.too_long", field=field, most=128, offered="10,004")
        with read_session(screen.desk.engine) as session:
            assert all(state.failed == 0 for state in session.exec(select(SignInState)).all())
        # One line, as a copy brings it with its line end: that line is the password.
        box.value = ""
        await _paste(pilot, f"{TEST_PASSWORD}\r\n")
        assert box.value == TEST_PASSWORD
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen))


async def test_the_first_admins_password_is_never_the_first_of_the_lines_pasted(tmp_path):
    app = desk_app(tmp_path, sign_in=False)
    async with app.run_test(size=(120, 36)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, FirstAdminScreen)
                                and app.screen.query("#admin-password"))
        screen = app.screen
        password, again = screen.query_one("#admin-password", Input), screen.query_one("#admin-again", Input)
        password.focus()
        await pilot.pause()
        await _paste(pilot, "station-admin-1\nstation-admin-2")
        assert password.value == ""
        assert _said(screen, "#gate-message") == t("secret.paste_lines", field=t("signin.password"))
        again.focus()
        await pilot.pause()
        await _paste(pilot, "station\u200badmin")  # a zero-width space, invisible in the box
        assert again.value == ""
        assert _said(screen, "#gate-message") == t("secret.unseen", field=t("signin.again"), code="U+200B")


async def test_an_officers_password_set_by_a_paste_is_the_line_pasted_whole(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("a")
        assert await wait_until(pilot, lambda: isinstance(app.screen, OfficerFormScreen))
        form = app.screen
        form.query_one("#officer-name", Input).insert_text_at_cursor("李秀英")
        await pilot.press("tab", *"031300", "tab", "tab")
        box = form.query_one("#officer-password", Input)
        assert form.focused is box
        await _paste(pilot, "first-half-of-it\nsecond-half")
        assert box.value == ""
        assert _said(form, ".dialog-message") == t("secret.paste_lines", field=t("signin.password"))
        await _paste(pilot, "first-half-of-it second-half\n")
        assert box.value == "first-half-of-it second-half"
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, OfficerFormScreen))
        other = desk.__class__(settings=desk.settings, engine=desk.engine, on_duty=desk.on_duty, url=desk.url,
                               clock=desk.clock)
        other.access.sign_in(badge="031300", password="first-half-of-it second-half")


async def test_a_new_databases_passphrase_is_never_the_first_of_the_lines_pasted(tmp_path):
    app = desk_app(tmp_path, "--encrypted", sign_in=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PassphraseScreen) and screen.need == "create"
        field = screen.query_one("#passphrase-field", Input)
        assert screen.focused is field
        await _paste(pilot, "青山 绿水 outpost\n2026")  # the database would have been encrypted under its first line
        assert field.value == ""
        assert _said(screen, "#passphrase-message") == t("secret.paste_lines", field=t("passphrase.field"))
        await _paste(pilot, "青山 绿水 outpost 2026\n")
        assert field.value == "青山 绿水 outpost 2026"


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_paste_with_a_space_that_only_looks_plain_is_refused_saying_which(tmp_path, lang):
    """A password copied from a web page may bring a no-break space, and one copied from a full-width input an
    ideographic space: each looks like a plain space, was kept, and the password typed again did not match."""
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("a")
        assert await wait_until(pilot, lambda: isinstance(app.screen, OfficerFormScreen))
        form = app.screen
        box = form.query_one("#officer-password", Input)
        box.focus()
        await pilot.pause()
        field = t("signin.password")
        await _paste(pilot, "first-half\u00a0second-half")
        assert box.value == ""
        assert _said(form, ".dialog-message") == t("secret.other_space", field=field, code="U+00A0")
        await pilot.press(*"first")
        await _paste(pilot, "-half\u3000second-half")
        assert box.value == "first"  # what was typed stays; nothing of the paste went in
        assert _said(form, ".dialog-message") == t("secret.other_space", field=field, code="U+3000")
        await _paste(pilot, "-half second-half")  # a plain space is a password's as any character
        assert box.value == "first-half second-half"
