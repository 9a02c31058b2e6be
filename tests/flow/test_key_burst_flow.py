"""Keys that arrive in one burst (a barcode scanner, a keyboard macro, a fast typist over a slow link) land in
the fields they were typed for: a Tab moves the focus before the keys after it are handed to a field."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from screens.cases.form import CaseFormScreen
from tests.apphelpers import burst as _burst, desk_app, open_desk_app, settle, wait_until


async def test_a_burst_of_keys_with_tabs_fills_each_field_in_turn(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, CaseFormScreen)
        assert app.focused is app.screen.query_one("#reporter-phone", Input)
        _burst(app, [*"13912345678", "tab", *"11010519491231002X", "tab", *"Wang Fang", "tab", *"South Gate 5"])
        address = app.screen.query_one("#reporter-address", Input)
        assert await wait_until(pilot, lambda: address.value == "South Gate 5")
        fields = {name: app.screen.query_one(f"#{name}", Input).value
                  for name in ("reporter-phone", "reporter-rid", "reporter-name", "reporter-address")}
        assert fields == {"reporter-phone": "13912345678", "reporter-rid": "11010519491231002X",
                          "reporter-name": "Wang Fang", "reporter-address": "South Gate 5"}
        _burst(app, ["shift+tab", *"8"])  # back a field, in the same burst (the field's text is selected on focus)
        name = app.screen.query_one("#reporter-name", Input)
        assert await wait_until(pilot, lambda: name.value in ("8", "Wang Fang8"))
        assert address.value == "South Gate 5" and app.focused is name


async def _case_form(pilot):
    await open_desk_app(pilot)
    await pilot.press("f2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseFormScreen)
    return pilot.app.screen


async def test_tab_into_a_filled_box_then_end_backspace_and_a_letter_in_one_burst_corrects_its_last_character(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await _case_form(pilot)
        rid = form.query_one("#reporter-rid", Input)
        _burst(app, [*"13912345678", "tab", *"110105194912310021"])
        assert await wait_until(pilot, lambda: rid.value == "110105194912310021")
        await pilot.press("shift+tab")  # back to the phone; the ID's last digit was a misread X
        # Tab selects the filled box's text; End then puts the cursor after it, and only the last one goes.
        _burst(app, ["tab", "end", "backspace", "X"])
        await wait_until(pilot, lambda: rid.value.endswith("X"), timeout=5)
        await pilot.pause()
        assert rid.value == "11010519491231002X" and app.focused is rid
        # The same keys typed one by one do the same.
        await pilot.press("shift+tab", "tab", "end", "backspace", "backspace", "1", "9")
        assert rid.value == "110105194912310019"
        # A key typed straight after the Tab still replaces the whole box: its text is selected on the way in.
        _burst(app, ["shift+tab", "tab", "1"])
        await wait_until(pilot, lambda: rid.value == "1", timeout=5)
        assert rid.value == "1"


async def test_letters_and_editing_keys_in_one_burst_act_in_the_order_typed(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await _case_form(pilot)
        phone = form.query_one("#reporter-phone", Input)
        _burst(app, [*"13912345678", "backspace", "9", "home", "delete", "2", "left", "left", "0"])
        await wait_until(pilot, lambda: len(phone.value) == 12, timeout=5)
        await pilot.pause()
        assert phone.value == "023912345679"
        narrative = form.query_one("#narrative", TextArea)
        narrative.focus()
        await pilot.pause()
        _burst(app, [*"bus 21", "backspace", "backspace", *"12"])  # the narrative's box as well
        await wait_until(pilot, lambda: narrative.text.startswith("bus") and len(narrative.text) == 6, timeout=5)
        await pilot.pause()
        assert narrative.text == "bus 12"


async def test_a_boxs_key_finds_the_binding_the_screen_has_now_after_every_move_of_the_focus(tmp_path):
    """`active_binding` (what a burst's BackSpace or arrow key asks) keeps the screen's map between keys: it is
    the screen's map as it is now, whichever field has the focus, after the screen's keys change, and on the
    next screen."""
    from screens.shell.keyorder import active_binding

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)

        def same_answers() -> None:
            screen = app.screen
            now = screen.active_bindings
            for key in {*now, "backspace", "left", "end", "enter", "escape", "ctrl+s", "x"}:
                assert active_binding(screen, key) == now.get(key), (screen, app.focused, key)

        same_answers()
        await pilot.press("f2")
        await settle(pilot)
        for _ in range(8):  # each field of the form in turn: its own keys, and Esc's words in a text box
            same_answers()
            await pilot.press("tab")
        form = app.screen
        box = form.focused
        form.set_focus(None)  # no field: the screen's and the app's keys only
        same_answers()
        box.focus()
        await pilot.press("escape")
        await settle(pilot)
        same_answers()
        await pilot.press("f5")
        await settle(pilot)
        same_answers()
