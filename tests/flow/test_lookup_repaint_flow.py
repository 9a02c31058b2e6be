"""What a keystroke in the look-up box costs the screen: no layout of the desk, one paint with its results,
and the keystroke still shown when the answer is slow or fails."""

from __future__ import annotations

import threading

from textual.app import App
from textual.screen import Screen
from textual.widgets import OptionList, Static

from frontdesk.i18n import t
from tests.apphelpers import desk_app, open_desk_app, seed_cases, settle, wait_until


def _counting(monkeypatch, cls, name: str) -> list[int]:
    """Count the calls of cls.name from now on (the count is the list's one item)."""
    calls = [0]
    original = getattr(cls, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


async def test_keystrokes_lay_out_nothing_and_their_results_show(tmp_path, monkeypatch):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        seed_cases(desk)
        app.screen.action_refresh()  # the desk's figures counted after the seeding: its change check finds nothing new
        await settle(pilot)
        lookup = app.screen.query_one("#lookup")
        layouts = _counting(monkeypatch, Screen, "_refresh_layout")
        for typed in ("z", "zj", "zjg"):
            await pilot.press(typed[-1])
            await settle(pilot)
            assert lookup.results.typed == typed
        # The box's text grew, the results and the note under the box changed: nothing moved on the desk.
        assert layouts[0] == 0
        assert [hit.name for hit in lookup.results.people] == ["张建国"]
        assert lookup.query_one("#results", OptionList).option_count == 1
        assert app._batch_count == 0  # the paint held for the results is let go

        await pilot.press("backspace", "backspace", "backspace")  # the box empty: the hint again
        await settle(pilot)
        assert lookup.results is None and lookup.query_one("#results", OptionList).option_count == 0
        assert layouts[0] == 0  # the emptied heading keeps its one line: nothing moved either
        assert str(lookup.query_one("#search-note", Static).content) == t("lookup.hint")
        assert app._batch_count == 0


async def test_a_slow_answer_lets_the_keystroke_show_first(tmp_path, monkeypatch):
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        seed_cases(desk)
        lookup = app.screen.query_one("#lookup")
        answer, asked = threading.Event(), threading.Event()
        search = desk.callers.search

        def slow(typed):
            asked.set()
            answer.wait(10)
            return search(typed)

        monkeypatch.setattr(desk.callers, "search", slow)
        painted = _counting(monkeypatch, App, "_display")
        await pilot.press("z")
        assert await wait_until(pilot, asked.is_set)
        # The search is still out: the screen waits a frame at most, then paints the keystroke alone.
        assert await wait_until(pilot, lambda: app._batch_count == 0 and painted[0] > 0, timeout=5)
        assert lookup.input.value == "z" and lookup.results is None
        answer.set()
        await settle(pilot)
        assert [hit.name for hit in lookup.results.people] == ["张建国"]
        assert app._batch_count == 0


async def test_a_failed_search_says_so_and_keeps_what_was_typed(tmp_path, monkeypatch):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)

        def broken(typed):
            raise OSError("disk I/O error")

        monkeypatch.setattr(desk.callers, "search", broken)
        await pilot.press(*"138")
        await settle(pilot)
        lookup = app.screen.query_one("#lookup")
        assert str(lookup.query_one("#search-note", Static).content) == t("lookup.failed")
        assert lookup.input.value == "138"
        assert app.screen.query_one("#lookup") is lookup  # said in place, no error dialog over the desk
        assert app._batch_count == 0  # the screen was not left held


async def test_closing_the_find_person_dialog_mid_search_leaves_nothing_held(tmp_path, monkeypatch):
    from screens.patrols.dialogs import FindPersonScreen

    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        seed_cases(desk)
        answer, asked = threading.Event(), threading.Event()
        search = desk.callers.search

        def slow(typed):
            asked.set()
            answer.wait(10)
            return search(typed)

        monkeypatch.setattr(desk.callers, "search", slow)
        app.push_screen(FindPersonScreen("Find", "Name or phone"))
        await settle(pilot)
        box = app.screen.query_one("#find-person")
        monkeypatch.setattr(box, "HOLD_SECONDS", 5.0)  # a hold that would outlast the dialog
        await pilot.press("z")
        assert await wait_until(pilot, asked.is_set)
        assert app._batch_count == 1
        await pilot.press("escape")  # gone before its answer: the paint it held is let go with it
        assert await wait_until(pilot, lambda: not isinstance(app.screen, FindPersonScreen))
        assert app._batch_count == 0
        answer.set()
        await settle(pilot)
        assert app._batch_count == 0 and app.screen.query_one("#lookup").input.value == ""


async def test_results_are_painted_without_waiting_for_another_event(tmp_path):
    """Keys as the terminal sends them, and nothing after: the results must reach the screen on their own.
    (Before, a keystroke's results could wait for the cursor's next blink to be painted; with the blink
    off, forever.)"""
    import asyncio

    from textual import events
    from textual._wait import wait_for_idle

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        seed_cases(desk)
        app.screen.action_refresh()
        await settle(pilot)
        lookup = app.screen.query_one("#lookup")
        lookup.input.cursor_blink = False  # no blink to prompt a repaint
        shown, painted, show, display = [False], asyncio.Event(), lookup._show, app._display

        def showing(results):
            show(results)
            shown[0] = results is not None

        def displaying(screen, update):
            display(screen, update)
            if shown[0]:
                painted.set()

        lookup._show, app._display = showing, displaying
        for key in "zjg" + "\b\bjg" * 6:
            shown[0] = False
            painted.clear()
            name = "backspace" if key == "\b" else key
            event = events.Key(name, None if key == "\b" else key)
            event.set_sender(app)
            app._driver.send_message(event)  # not pilot.press, whose own waiting prompts the screen
            await asyncio.wait_for(painted.wait(), timeout=10)
            assert lookup.results.typed == lookup.input.value
            # The officer's next key comes a moment later: the screen has gone quiet meanwhile (the process idle,
            # as Pilot waits for it, without Pilot's prompting every widget of the screen first).
            await wait_for_idle(0)
        assert [hit.name for hit in lookup.results.people] == ["张建国"]


def _people(typed: str, count: int):
    """A page of `count` made-up people for `typed` (the list's look, not the search, is under test)."""
    import uuid

    from frontdesk.callers.lookup import PersonHit, Results

    hits = tuple(PersonHit(person_id=uuid.uuid4(), name=f"张{number:02d}", phone="138****5678",
                           phone_e164="+8613812345678", resident_id="", address="", cases=1, exact=False,
                           matched="name") for number in range(count))
    return Results(typed, hits, ())


async def test_results_passing_a_page_lay_out_nothing_and_still_scroll(tmp_path, monkeypatch):
    """More results than the list's ten lines, then fewer, then more: the scroll bar is needed, then not.
    Textual lays out the whole screen when a bar comes or goes; the list's bar is always there instead."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        monkeypatch.setattr(desk.callers, "search", lambda typed: _people(typed, 14 if len(typed) % 2 else 3))
        app.screen.action_refresh()
        await settle(pilot)
        lookup = app.screen.query_one("#lookup")
        listing = lookup.query_one("#results", OptionList)
        layouts = _counting(monkeypatch, Screen, "_refresh_layout")
        for typed in ("z", "zj", "zjg", "zjgx"):
            await pilot.press(typed[-1])
            await settle(pilot)
            assert lookup.results.typed == typed and listing.option_count == len(lookup.results.people)
        assert layouts[0] == 0
        await pilot.press("backspace")  # fourteen again: the last of them is reached by keys, the list scrolled
        await settle(pilot)
        await pilot.press("down", *["down"] * 13)
        await settle(pilot)
        assert listing.has_focus and listing.highlighted == 13
        assert listing.scroll_y == listing.max_scroll_y > 0  # fourteen lines in a window of ten or fewer
