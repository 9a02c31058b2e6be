"""Words an officer reads on a Chinese desk: the palette, Textual's own messages, the audit log."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable

from frontdesk.i18n import catalogue
from screens.access.audit import AuditScreen
from tests.apphelpers import desk_app, open_desk_app, seed_cases, settle, wait_until


def _options(palette: CommandPalette) -> list[str]:
    listing = palette.query_one(CommandList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_the_palette_speaks_the_desks_language(tmp_path, monkeypatch):
    # Textual says "No matches found" this long after a search that found nothing (0.5 s): a moment here, so the
    # test sees whether it would have been said without waiting half a second for it.
    monkeypatch.setattr(CommandPalette, "_NO_MATCHES_COUNTDOWN", 0.001)
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(130, 40)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("ctrl+p")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        palette = app.screen
        assert palette.query_one("#--input Input").placeholder == "输入操作名称…"
        # What it offers: the desk's own actions, in Chinese; none of Textual's (Keys, Theme, Screenshot…).
        assert await wait_until(pilot, lambda: len(_options(palette)) > 3)
        offered = " ".join(_options(palette))
        assert "帮助" in offered and "退出" in offered
        for english in ("Keys", "Theme", "Screenshot", "Quit", "Maximize", "Minimize"):
            assert english not in offered
        await pilot.press(*"zzqx")
        assert await wait_until(pilot, lambda: any("没有名为“zzqx”的操作" in text for text in _options(palette)))
        await app.workers.wait_for_complete()  # the search has ended: Textual's countdown started, or not
        await pilot.pause()  # and a countdown started has run out
        assert palette._no_matches_timer is None  # never started: the desk's own line counts as a match
        assert not any("No matches" in text for text in _options(palette))
        await pilot.press("enter")  # the line does nothing but close the palette
        assert await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette))


async def test_ctrl_c_says_how_to_quit_in_chinese(tmp_path):
    app = desk_app(tmp_path, lang="zh")
    said: list[tuple[str, str]] = []
    async with app.run_test(size=(130, 40)) as pilot:
        await open_desk_app(pilot)
        notify = app.notify
        app.notify = lambda message, *, title="", **rest: (said.append((title, message)),  # type: ignore[method-assign]
                                                           notify(message, title=title, **rest))
        app.screen.focus_next()  # not in a text box, where ctrl+c copies
        app.set_focus(None)
        await pilot.press("ctrl+c")
        assert await wait_until(pilot, lambda: said)
    assert said == [("要退出吗？", "按 ctrl+q 退出接警台。")]


async def test_the_audit_log_names_actions_and_records_in_chinese(tmp_path):
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(160, 40)) as pilot:
        desk = await open_desk_app(pilot)
        seed_cases(desk)
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        table = screen.query_one("#audit-table", DataTable)
        assert await wait_until(pilot, lambda: table.row_count > 3)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        actions = {row[2] for row in rows}
        assert {"创建管理员", "新建"} <= actions
        assert "民警" in {row[3] for row in rows}  # the admin's record: an officer, not "officer"
        codes = {key.removeprefix("audit.action.") for key in catalogue() if key.startswith("audit.action.")}
        assert not actions & codes, "an action shown as its code"
        assert not any(row[3] in ("officer", "case", "person", "caseparty", "personphone") for row in rows)
        assert not any("_" in row[2] for row in rows)
