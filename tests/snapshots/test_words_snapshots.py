"""Chinese characters that used to drop out: a list drawn over a dialog, a notice drawn over a form.

Textual cuts each screen line at the edges of every widget on it, those under a floating list or
toast included, and a two-cell character across such an edge was drawn blank ("证人" read "  人",
"未保存的警情已  为草稿"). Each picture here has such edges under the Chinese text; the test
beside each checks the characters are all there, so a changed picture cannot hide the loss.
"""

from __future__ import annotations

import re

from frontdesk.i18n import set_language, t
from tests.apphelpers import desk_app, settle, wait_until
from tests.snapshots.test_shell_snapshots import _fixed_folder

SIZE = (120, 36)


def _shown(svg: str) -> str:
    """The characters a snapshot shows, in order, without spaces."""
    runs = re.findall(r'<text class="terminal-[^"]*"[^>]*>([^<]*)</text>', svg)
    return "".join(runs).replace("&#160;", "").replace(" ", "")


async def _party_roles_open(pilot) -> None:
    await settle(pilot)
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press("ctrl+o")  # add a party: the role list has the focus
    await settle(pilot)
    await pilot.press("enter")  # open it, over the name's label and box
    await settle(pilot)


def test_party_roles_in_chinese_keep_every_character(snap_compare):
    app = desk_app(_fixed_folder("words-party-roles"), lang="zh")
    assert snap_compare(app, terminal_size=SIZE, run_before=_party_roles_open)


async def _notice_over_the_form(pilot) -> None:
    await settle(pilot)
    await pilot.press("f2")  # the form's labels and boxes end under where the notice is drawn
    await settle(pilot)
    pilot.app.notify(t("form.kept_as_draft"))
    await wait_until(pilot, lambda: pilot.app.screen.query("Toast"))
    await pilot.pause()


def test_a_chinese_notice_over_the_form_keeps_every_character(snap_compare):
    app = desk_app(_fixed_folder("words-notice"), lang="zh")
    assert snap_compare(app, terminal_size=SIZE, run_before=_notice_over_the_form)


async def test_the_pictures_hold_every_character(tmp_path):
    """What the two pictures show, read from the screen as Textual draws it: every character there."""
    for folder, scenario, expected in (
        ("roles", _party_roles_open, ["受害人", "对方当事人", "嫌疑人", "证人"]),
        ("notice", _notice_over_the_form, ["未保存的警情已存为草稿，按F2可继续填写。"]),
    ):
        set_language("zh")
        app = desk_app(tmp_path / folder, lang="zh")
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await scenario(pilot)
            shown = _shown(app.export_screenshot())
        for text in expected:
            assert text in shown, f"{text} is cut: {shown[:400]}"
