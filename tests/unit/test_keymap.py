"""config.toml's [keys]: keys the officer changes by binding id, shown where keys are shown;
a table that cannot work is refused at start naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer

from frontdesk.i18n import set_language, t
from frontdesk.station.config import ConfigError, load_settings
from screens.cases.form import CaseFormScreen
from screens.shell.app import FrontDeskApp
from screens.shell.areas import AREAS
from screens.shell.desk import DeskScreen
from screens.shell.help import HelpScreen, key_rows
from screens.shell.keymap import bindings_of
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until


def _config(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(body, encoding="utf-8")
    return path


def _footer_keys(screen) -> dict[str, str]:
    return {key.key_display: key.description for key in screen.query_one(Footer).query("FooterKey")}


async def test_f2_moved_to_ctrl_n_opens_the_form_and_shows_in_footer_help_and_palette(tmp_path):
    _config(tmp_path, '[keys]\nnew_case = "ctrl+n"\n')
    app = desk_app(tmp_path)
    async with app.run_test(size=(160, 36)) as pilot:
        await open_desk_app(pilot)
        assert await wait_until(pilot, lambda: app.screen.query_one(Footer).query("FooterKey"))
        footer = _footer_keys(app.screen)
        assert footer.get("^n") == "New case" and "f2" not in footer
        assert ("^n", t("key.new_case.tip")) in [(k, v) for k, v in key_rows(app.screen)
                                                    if v == t("key.new_case.tip")]
        [command] = [c for c in app.screen.palette_commands() if c.title == "New case"]
        assert command.help.endswith("^n")
        await pilot.press("f2")  # F2 no longer does it
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, CaseFormScreen)


async def test_every_f_key_of_the_app_has_a_ctrl_or_alt_key_shown_in_help(tmp_path):
    by_id: dict[str, list[str]] = {}
    for binding in bindings_of(FrontDeskApp):
        by_id.setdefault(binding.id, []).append(binding.key)
    f_keys = {binding_id: keys for binding_id, keys in by_id.items() if any(k.startswith("f") for k in keys)}
    assert {area.id for area in AREAS if area.keys.startswith("f")} <= set(f_keys)
    assert {"help", "look_up", "lock"} <= set(f_keys)
    for binding_id, keys in f_keys.items():
        assert any(k.startswith(("ctrl+", "alt+")) for k in keys), binding_id
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f4", "alt+1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = dict((text, key) for key, text in key_rows(app.screen.about))
        assert rows[t("key.new_case.tip")] == "f2 / alt+2"
        assert rows[t("key.help.tip")] == "f1 / alt+1"
        await pilot.press("escape", "alt+5")
        await settle(pilot)
        assert type(app.screen).__name__ == "HandoffQueueScreen"


@pytest.mark.parametrize(("body", "words"), [
    ('[keys]\nnew_case = "ctrl+r"\n', ["ctrl+r", "new_case", "refresh"]),  # the desk's recount
    ('[keys]\ncase_list = "ctrl+g"\nhandoffs = "ctrl+g"\n', ["ctrl+g", "case_list", "handoffs"]),
    ('[keys]\nno_such_key = "ctrl+g"\n', ["no_such_key"]),
    ('[keys]\nnew_case = "ctrl+banana"\n', ["ctrl+banana", "new_case"]),
])
def test_a_keys_table_that_cannot_work_is_refused_at_start_naming_file_and_key(tmp_path, body, words):
    config = _config(tmp_path, body)
    with pytest.raises(ConfigError) as refused:
        desk_app(tmp_path)
    assert str(config) in refused.value.message
    for word in words:
        assert word in refused.value.message


def test_a_key_taken_twice_is_refused_in_chinese_too(tmp_path):
    config = _config(tmp_path, '[keys]\ncase_list = "ctrl+g"\nhandoffs = "ctrl+g"\n')
    with pytest.raises(ConfigError) as refused:
        desk_app(tmp_path, lang="zh")
    assert str(config) in refused.value.message and "同时分给了" in refused.value.message
    set_language("en")


def test_two_ids_may_swap_their_keys(tmp_path):
    """A key moved away frees it: s and w swapped on the handover is no key given twice."""
    _config(tmp_path, '[keys]\nhandover_switch = "w"\nhandover_write = "s"\n')
    app = desk_app(tmp_path)
    assert app._keymap == {"handover_switch": "w", "handover_write": "s"}


@pytest.mark.parametrize(("body", "words"), [
    ('keys = "ctrl+n"\n', "must be a table"),
    ('[keys]\nnew_case = 2\n', "new_case"),
    ('[keys]\nnew_case = "ctrl+"\n', "new_case"),
    ('[keys]\nnew_case = "hyperspace+n"\n', "new_case"),
    ('[keys]\n"New Case" = "f2"\n', "New Case"),
])
def test_the_keys_table_shape_is_checked_with_the_settings(tmp_path, body, words):
    config = _config(tmp_path, body)
    with pytest.raises(ConfigError) as refused:
        load_settings(config_path=config, environ={})
    assert str(config) in refused.value.message and words in refused.value.message


def test_the_keys_table_is_read_in_order(tmp_path):
    config = _config(tmp_path, '[keys]\nnew_case = "ctrl+n, alt+n"\nhelp = "f11"\n')
    assert load_settings(config_path=config, environ={}).keys == (("new_case", "ctrl+n,alt+n"), ("help", "f11"))
