"""What a broken paste or a spreadsheet puts into the boxes of the station's other forms (teams, hand-off bodies and
matters, categories, officers, outreach campaigns) and its day and path boxes: never a traceback.

Each box is pasted into as a terminal pastes; then the form's key. Either the record is saved holding what was
pasted less what no form means (as the case form keeps it: tests/flow/test_any_text_flow.py) and on one line, or
the form stays, saying why in words, with the text still in its box. The app is started once per area; each
round pastes a different hostile string into each of the form's boxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlmodel import select
from textual import events
from textual.widgets import Input, OptionList, Static

from db.engine import read_session
from db.models import Campaign, Category, NonPoliceMatter, Officer, ReceivingBody, Team
from screens.callers.lookup import LookupBox
from screens.shell.bounded import one_line
from screens.patrols.dialogs import VolunteerScreen
from screens.shell.dialogs import ErrorScreen
from tests.apphelpers import desk_app, open_desk_app, seed_cases, settle, wait_until
from tests.outreachhelpers import seed_village

#: Dropped from what is typed (frontdesk.records.clean_text), written out here so the test checks it.
DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")

SURROGATE = "张\ud800三"
CONTROLS = "东关\x00村\x07\x1b[31m3组\x7f"
RTL = "\u202e西街\u202c12号"
EMOJI = "👮‍♀️🇨🇳巡逻"
COMBINING = "e\u0301" * 50
SPREADSHEET_ROW = "张三\t13912345678\t东关村\n李四\t0571-87654321\t西街"
SQL = "'; DROP TABLE case; --"
LIKE = "%_\\"
FULL_WIDTH = "１２３４５"
HUGE = "x" * 100_000
MIXED = "张\ud800三\x00\u202e１２\t👮‍♀️%_\\'; --"

#: One round a save: each string goes into the next box of the form, round about.
ROUNDS = [
    (SURROGATE, SPREADSHEET_ROW, CONTROLS, RTL),
    (CONTROLS, EMOJI, SQL, LIKE),
    (SPREADSHEET_ROW, FULL_WIDTH, SURROGATE, COMBINING),
    (HUGE, SURROGATE, HUGE, HUGE),
]


def kept(text: str) -> str:
    """What a box holds of a paste: the text less what no form means, on one line."""
    return one_line(DROPPED.sub("", text))


@dataclass(frozen=True)
class Area:
    keys: tuple[str, ...]  # from the desk to the form
    boxes: tuple[str, ...]  # the form's text boxes, in the order the rounds fill them
    model: type  # where a saved form's text is
    fixed: tuple[tuple[str, str], ...] = ()  # boxes set to a good value first (a badge, a password)
    seeded: bool = False  # a village's people and tags on record first (an outreach list needs someone on it)


AREAS = {
    "team": Area(("f6", "r", "n"), ("#team-name", "#team-area", "#team-meeting"), Team),
    "body": Area(("f5", "b", "a"), ("#body-name-zh", "#body-name-en", "#body-contact"),
                 ReceivingBody),
    "matter": Area(("f5", "b", "m"), ("#matter-name-zh", "#matter-name-en"), NonPoliceMatter),
    "category": Area(("f10", "k", "a"), ("#category-zh", "#category-en"), Category),
    "officer": Area(("f10", "a"), ("#officer-name",), Officer,
                    fixed=(("#officer-password", "a-longer-pass"),)),
    "campaign": Area(("alt+o", "n", *"elderly", "ctrl+n"), ("#campaign-title",), Campaign, seeded=True),
}


def _texts(desk, model: type) -> set[str]:
    """Every text column of every row of `model`'s table."""
    with read_session(desk.engine) as session:
        rows = session.exec(select(model)).all()
    return {value for row in rows for value in row.model_dump().values() if isinstance(value, str)}


async def _to_desk(pilot, keys) -> None:
    for key in keys:
        if type(pilot.app.screen).__name__ == "DeskScreen":
            return
        await pilot.press(key)
        await settle(pilot)


@pytest.mark.parametrize("name", list(AREAS))
async def test_hostile_text_pasted_into_a_form_is_saved_less_what_no_form_means_or_refused_in_words(tmp_path, name):
    area = AREAS[name]
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        if area.seeded:
            seed_village(desk.engine, desk.actor)
        for number, strings in enumerate(ROUNDS):
            for key in area.keys:
                await pilot.press(key)
                await settle(pilot)
            form = app.screen
            for box_id, value in area.fixed:
                form.query_one(box_id, Input).value = value
            if name == "officer":  # a new badge a round: the form refuses one already taken
                form.query_one("#officer-badge", Input).value = f"03130{number}"
            expected: dict[str, str] = {}
            for index, box_id in enumerate(area.boxes):
                box = form.query_one(box_id, Input)
                text = strings[index % len(strings)]
                box.focus()
                box.post_message(events.Paste(text))  # as a terminal pastes it
                await settle(pilot)
                wanted = kept(text)
                if box.max_length and len(wanted) > box.max_length:  # refused whole, saying so
                    assert box.value == "", box_id
                    assert "at most" in str(form.query_one(".dialog-message", Static).render())
                else:
                    assert box.value == wanted, box_id  # every line of it, nothing but what no form means
                expected[box_id] = box.value
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not [s for s in app.screen_stack if isinstance(s, ErrorScreen)], \
                [str(s.message) for s in app.screen_stack if isinstance(s, ErrorScreen)]
            assert app.return_code is None, "the app ended"
            if app.screen is form:  # refused: in words, with what was typed still there
                assert str(form.query_one(".dialog-message", Static).render()).strip(), f"round {number}: no word"
                assert {box_id: form.query_one(box_id, Input).value for box_id in area.boxes} == expected
            else:
                saved = _texts(desk, area.model)
                for box_id, value in expected.items():
                    if value.strip():
                        assert value.strip() in saved, (box_id, value[:40])
            await _to_desk(pilot, ("escape",) * 4)
    assert app.return_code in (0, None)


async def test_ctrl_s_in_the_find_person_dialog_takes_the_first_found_as_enter_does(tmp_path):
    """Its key line offers ctrl+s: the action called Input.action_submit (a coroutine) without awaiting it, so the
    key did nothing however the search box was pasted into."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        seed_cases(desk)
        await pilot.press("f6", "r", "a")
        await settle(pilot)
        finding = app.screen
        box = finding.query_one("#search", Input)
        box.post_message(events.Paste(MIXED))
        await settle(pilot)
        await pilot.press("ctrl+s")  # nobody found: the dialog stays, nothing breaks
        await settle(pilot)
        assert app.screen is finding and not [s for s in app.screen_stack if isinstance(s, ErrorScreen)]
        box.value = ""
        box.post_message(events.Paste("张建国"))
        assert await wait_until(pilot, lambda: finding.query_one(LookupBox).query_one(OptionList).option_count)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, VolunteerScreen)
        assert app.screen.person is not None and app.screen.person.name == "张建国"


#: The day, filter and path boxes: (keys from the desk, the boxes). Enter in the last box reads them.
LOOKING = {
    "statistics": (("f8", "p"), ("#stats-since", "#stats-until")),
    "handover": (("ctrl+o", "f"), ("#handover-day",)),
    "patrol totals": (("f6", "t", "f"), ("#since", "#until")),
    "hand-off figures": (("f5", "g", "p"), ("#period-from", "#period-to")),
    "audit": (("f9",), ("#audit-officer", "#audit-person", "#audit-from", "#audit-to")),
    "case list": (("f4", "f"), ("#filter-from", "#filter-to")),
    "import": (("f8", "i"), ("#import-path", "#import-mapping-name")),
    "sync": (("ctrl+y", "i"), ("#sync-path",)),
}


@pytest.mark.parametrize("name", list(LOOKING))
async def test_hostile_text_in_a_day_filter_or_path_box_is_read_or_refused_in_words(tmp_path, name):
    keys, boxes = LOOKING[name]
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        screen = app.screen
        for text in (MIXED, SPREADSHEET_ROW, HUGE):
            for box_id in boxes:
                box = screen.query_one(box_id, Input)
                box.value = ""
                box.focus()
                box.post_message(events.Paste(text))
                await pilot.pause()
                wanted = kept(text)
                assert box.value == ("" if box.max_length and len(wanted) > box.max_length else wanted), box_id
            await pilot.press("enter")
            await settle(pilot)
            assert not [s for s in app.screen_stack if isinstance(s, ErrorScreen)], \
                [str(s.message)[:200] for s in app.screen_stack if isinstance(s, ErrorScreen)]
            assert app.return_code is None, "the app ended"
            assert app.screen is screen
        if name == "sync":  # the last, a paragraph given as the path: said in words, the path cut short
            said = str(screen.query_one("#sync-message", Static).render())
            assert "There is no bundle file at" in said and len(said) < 400, said[:400]
    assert app.return_code in (0, None)
