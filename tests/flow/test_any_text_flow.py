"""Whatever the terminal sends into the case form and the look-up box: no traceback, a valid draft,
and the case keeps what was typed less the characters no form means.

A property test (Hypothesis) through Pilot: few examples, each a whole desk started afresh.
Under CI the examples are derived from the test, not drawn at random (as in test_sync_properties).
"""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings, strategies as st
from sqlmodel import select
from textual import events
from textual.widgets import Input, Static

from db.engine import read_session
from db.models import Case, Person
from screens.cases.detail import CaseDetailScreen
from screens.cases.form import CaseFormScreen
from screens.shell.desk import DeskScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until

IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")

#: Dropped from what is typed (frontdesk.records.clean_text), written out here so the test checks it.
DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")

#: What a broken paste or terminal sends: lone surrogates, controls, NUL, bidi marks and overrides.
NASTY_CHARS = st.one_of(
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    st.sampled_from(["\x00", "\x1b", "\x07", "\x7f", "\u200f", "\u200e", "\u202e", "\u2066", "\u061c"]),
    st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]),
)
#: Some plain text with nasty characters among it (never only nasty: the summary must stay given).
TYPED = st.tuples(st.sampled_from(["邻居占车位", "Zhang Wei", "东关村"]),
                  st.lists(NASTY_CHARS, max_size=30).map("".join)).map("".join)


def _run(coro):
    return asyncio.run(coro)


async def _form_and_look_up(data: Path, name: str, summary: str, looked_up: str) -> None:
    app = desk_app(data)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        form.query_one("#reporter-phone", Input).value = "13912345678"
        form.query_one("#category").value = "dispute"
        for box, text in (("#reporter-name", name), ("#summary", summary)):
            field = form.query_one(box, Input)
            field.focus()
            field.post_message(events.Paste(text))  # as a terminal pastes it
            await settle(pilot)
        # The draft is kept a moment after the last key: valid, and what was typed less the dropped.
        store = desk.cases.case_draft_store()
        expected_summary = DROPPED.sub("", summary)[:200]
        assert await wait_until(pilot, lambda: (store.load() or (None, {}))[1].get("summary") == expected_summary)
        assert store.load()[1]["reporter-name"] == DROPPED.sub("", name)
        assert not list(store.folder.glob("*.tmp")) and not list(store.folder.glob("*.damaged"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        if isinstance(app.screen, CaseDetailScreen):
            with read_session(desk.engine) as session:
                [case] = session.exec(select(Case)).all()
                person = session.exec(select(Person)).one()
            assert case.summary == expected_summary.strip()
            assert person.name == DROPPED.sub("", name).strip()
        else:  # refused: said in words on the form, what was typed still there
            message = str(app.screen.query_one("#form-message", Static).render())
            assert message.strip(), "refused without a word"
        await pilot.press("f3")  # from anywhere: the desk's look-up box
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen), app.screen
        box = app.screen.query_one("#search", Input)
        assert await wait_until(pilot, lambda: app.focused is box)
        box.post_message(events.Paste(looked_up))
        await settle(pilot)
        assert box.value == looked_up or box.value == DROPPED.sub("", looked_up)
    assert app.return_code in (0, None), "the app ended with an error"


@settings(max_examples=4, deadline=None, report_multiple_bugs=False,
          **({"derandomize": True, "database": None} if IN_CI else {}),
          suppress_health_check=[HealthCheck.too_slow])
@given(name=TYPED, summary=TYPED, looked_up=st.one_of(TYPED, st.just("1" * 100_000)))
@example(name="张\ud800三", summary="邻居\x00占用\u202e车位\udfff", looked_up="138\ud8001234")
@example(name="\u200fAli\u200e", summary="a\x1b[31mred", looked_up="\u202e" + "x" * 100_000)
def test_any_text_in_the_case_form_and_the_look_up_is_safe(name, summary, looked_up):
    with tempfile.TemporaryDirectory(prefix="frontdesk-anytext-") as folder:
        _run(_form_and_look_up(Path(folder), name, summary, looked_up))


async def test_an_id_number_pasted_with_spaces_or_typed_in_full_width_goes_in_as_the_number(tmp_path):
    """The ID box holds 18 characters: a number copied from a message with its groups' spaces and a zero-width
    mark (21 characters) was refused whole as too long, and a Chinese input method's full-width digits were
    refused on saving ("the first 17 characters must be digits")."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        rid = form.query_one("#reporter-rid", Input)
        rid.focus()
        rid.post_message(events.Paste("110105 19491231 002x\u200b"))
        await settle(pilot)
        assert rid.value == "11010519491231002X"
        assert "too long" not in str(form.query_one("#form-message", Static).render())
        await pilot.press("ctrl+a", "backspace", *"１１０１０５ １９４９１２３１ ００２Ｘ")  # typed, spaces and all
        await settle(pilot)
        assert rid.value == "11010519491231002X"
        form.query_one("#reporter-phone", Input).value = "13912345678"
        form.query_one("#reporter-name", Input).value = "张建国"
        form.query_one("#summary", Input).value = "身份证遗失"
        form.query_one("#category").value = "help"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen), str(form.query_one("#form-message", Static).render())
        with read_session(desk.engine) as session:
            assert session.exec(select(Person.resident_id)).all() == ["11010519491231002X"]
