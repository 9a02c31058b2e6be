"""Keys that arrive in one burst (a barcode scanner, a keyboard macro, a fast typist over a slow link) land in
the fields they were typed for: a Tab moves the focus before the keys after it are handed to a field."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from screens.cases.form import CaseFormScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until


def _burst(app, keys: list[str]) -> None:
    """Every key posted to the app at once, as the terminal driver posts what it read in one go."""
    named = {" ": ("space", " "), "tab": ("tab", "\t"), "shift+tab": ("shift+tab", None)}
    for key in keys:
        app.post_message(events.Key(*named.get(key, (key, key))))


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
