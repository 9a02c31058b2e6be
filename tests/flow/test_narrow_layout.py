"""An 80×24 terminal: tables keep their identifying columns, footers show whole keys, the desk's
figures show their numbers, F2's reporter panel goes below the form; a wide terminal shows it all."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer

from screens.shell.columns import FittedTable
from tests.apphelpers import desk_app, seed_cases, settle, wait_until

NARROW = (80, 24)
WIDE = (200, 50)


def footer_keys_whole(screen) -> list[str]:
    """The keys the footer shows; fails if any is cut by the footer's edge or hidden under the palette key."""
    footer = screen.query_one(Footer)
    palette = [key for key in footer.query("FooterKey") if key.has_class("-command-palette")]
    right = palette[0].region.x if palette else footer.region.right
    shown = []
    for key in footer.query("FooterKey"):
        if not key.display or key in palette:
            continue
        assert key.region.width == key.outer_size.width and key.region.right <= right, (key.key, key.region, right)
        shown.append(key.key)
    return shown


async def test_the_case_list_keeps_case_number_time_and_status_whole_at_80_columns(tmp_path: Path):
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        recorded = seed_cases(app.desk)
        await pilot.press("f4")
        await settle(pilot)
        table = app.screen.query_one("#case-table", FittedTable)
        assert await wait_until(pilot, lambda: table.row_count == 2)
        widths = dict(table.shown_columns)
        assert widths["case_no"] == len(recorded[-1].case_no)  # LS-20261122-0002, whole
        assert widths["received"] == len("2026-11-22 18:30") and "status" in widths
        assert "phone" not in widths  # the least important column gave way
        assert sum(width + 2 for width in widths.values()) <= table.content_region.width
        row = [str(cell) for cell in table.get_row_at(0)]
        assert recorded[-1].case_no in row and "待处理" in row
        await pilot.resize_terminal(*WIDE)
        assert await wait_until(pilot, lambda: "phone" in dict(table.shown_columns))
        assert [key for key, _width in table.shown_columns] == [
            "case_no", "received", "category", "status", "reporter", "phone", "summary"]


async def test_footers_show_whole_keys_and_always_help_and_back(tmp_path: Path):
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        seed_cases(app.desk)
        desk_keys = footer_keys_whole(app.screen)
        assert desk_keys[0] == "f2" and "f1" in desk_keys and "f10" not in desk_keys
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        case_keys = footer_keys_whole(app.screen)
        assert {"escape", "f1"} <= set(case_keys)
        await pilot.resize_terminal(*WIDE)
        await settle(pilot)
        assert await wait_until(pilot, lambda: len(footer_keys_whole(app.screen)) > len(case_keys))


async def test_the_desks_figures_show_their_numbers_at_80_columns(tmp_path: Path):
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        seed_cases(app.desk)
        await pilot.press("ctrl+r")
        await settle(pilot)
        for selector, number in (("#cases-today", "2"), ("#open-cases", "3"), ("#repeats-today", "0"),
                                 ("#checked-in", "0/0")):
            figure = app.screen.query_one(selector)
            text = str(figure.render())
            assert text.rstrip().endswith(number) and len(text) <= figure.size.width, (selector, text)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_desks_panel_titles_are_whole_at_80_columns_and_full_when_wide(tmp_path: Path, lang: str):
    from rich.cells import cell_len

    from screens.shell.widgets import Panel

    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        panels = list(app.screen.query("#panels > Panel").results(Panel))
        assert len(panels) == 4
        for panel in panels:  # a corner, a dash and a space before the title; a space, a dash and a corner after
            assert cell_len(panel.border_title) <= panel.outer_size.width - 5, (panel.id, panel.border_title)
        if lang == "en":
            assert [panel.border_title for panel in panels] == ["Cases", "By category", "Hand-offs", "Patrol tonight"]
        await pilot.resize_terminal(160, 45)
        await settle(pilot)
        assert await wait_until(pilot, lambda: all(panel.border_title == panel.titles[0] for panel in panels))
        if lang == "en":
            assert panels[1].border_title == "Today by category"


async def test_the_case_forms_reporter_panel_goes_below_the_form_at_80_columns(tmp_path: Path):
    app = desk_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        seed_cases(app.desk)
        await pilot.press("f2")
        await settle(pilot)
        panel = app.screen.query_one("#reporter-history")
        assert not panel.display  # nothing to show yet: the form has the whole height
        await pilot.press(*"13812345678")
        await settle(pilot)
        assert await wait_until(pilot, lambda: panel.display and panel.region.height > 3)
        form = app.screen.query_one("#case-form")
        assert panel.region.y >= form.region.bottom and panel.region.width == form.region.width
        recent = app.screen.query_one("#recent", FittedTable)
        assert await wait_until(pilot, lambda: recent.row_count == 2)
        assert {"case_no", "received", "status"} <= dict(recent.shown_columns).keys()
        assert app.screen.query_one("#recent-title").display


async def test_at_80_columns_a_known_caller_with_no_recent_cases_leaves_the_form_its_rows(tmp_path: Path):
    """The matches show; the earlier cases' heading and empty table do not take four of the form's 24 rows."""
    from datetime import timedelta

    from frontdesk.callers.people import PersonInput
    from frontdesk.cases.recording import CaseDraft
    from screens.cases.similar import SimilarPanel
    from tests.conftest import FROZEN_NOW

    app = desk_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.desk.cases.record_case(CaseDraft(reporter=PersonInput(name="王五", phone="13900001111"), category="noise",
                                             summary="楼上噪音", place="南街"), now=FROZEN_NOW - timedelta(days=40))
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"13900001111")
        panel = app.screen.query_one("#reporter-history")
        matches = app.screen.query_one("#matches", FittedTable)
        assert await wait_until(pilot, lambda: panel.display and matches.row_count == 1)
        await settle(pilot)
        assert not app.screen.has_class("-has-history")

        def hidden(name: str) -> bool:
            return not app.screen.query_one(name).display

        # (their styles follow the classes on a later refresh: waited for, as a loaded machine restyles later)
        assert await wait_until(pilot, lambda: hidden("#recent") and hidden("#recent-title"))
        assert await wait_until(pilot, lambda: hidden("#reporter-counts"))  # (the counts are of those 30 days)
        # A moment after the last key the similar cases (串并) are looked for, and this caller's case of 40 days
        # ago is one: the panel shows it under the match. Waited for, so the rows counted are the form at rest
        # (on a quiet machine the test had ended before it came; under load it came first).
        similar = app.screen.query_one(SimilarPanel)
        assert await wait_until(pilot, lambda: similar.display and similar.region.height > 0)
        extra = similar.region.height
        # (laid out again once the classes have hidden them: waited for, a loaded machine lays out later)
        assert await wait_until(pilot, lambda: panel.region.height <= 5 + extra), (panel.region.height, extra)
        form = app.screen.query_one("#case-form")
        # (its rule, the heading, the match and the similar cases; 5 rows fewer with the empty history's)
        assert await wait_until(pilot, lambda: form.region.height >= 16 - extra), (form.region.height, extra)


async def test_at_80_columns_a_cases_text_and_history_fold_chinese_but_keep_numbers_and_times_whole(tmp_path: Path):
    from rich.cells import cell_len

    from screens.shell.wrapped import WrappingTable
    from tests.snapshots.test_narrow_a_snapshots import _a_case_told_with_numbers

    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        _a_case_told_with_numbers(app.desk)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        history = app.screen.query_one("#detail-history", WrappingTable)
        assert await wait_until(pilot, lambda: history.row_count == 2)
        body = app.screen.query_one("#detail-body").render().plain.split("\n")
        width = app.screen.query_one("#detail-body").size.width
        entry = history.get_row_at(1)[-1].plain.split("\n")  # the case as recorded, over several lines
        last = history.columns[history.ordered_columns[-1].key].width
        for lines, room in ((body, width), (entry, last)):
            assert len(lines) > 2 and all(cell_len(line) <= room for line in lines), lines
        shown = body + entry
        for whole in ("13900002222", "2026-11-23 09:30", "LS-20261101-0007", "110101199003074211",
                      "2026-11-22 19:30", "LS-20261122-0001"):
            assert any(whole in line for line in shown), (whole, shown)


async def test_at_80_columns_the_desk_shows_four_of_todays_categories_whole_words_and_wide_keeps_three_rows(
        tmp_path: Path):
    from datetime import timedelta

    from rich.cells import cell_len

    from frontdesk.callers.people import PersonInput
    from frontdesk.cases.recording import CaseDraft
    from screens.shell.by_category import CategoryBreakdown
    from tests.conftest import FROZEN_NOW

    def today(category: str, *, hours: int = 1) -> None:
        app.desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张丽", phone="13900001111"), category=category,
                                             summary="又来报警"), now=FROZEN_NOW - timedelta(hours=hours))

    def panel() -> list[str]:
        return app.screen.query_one("#by-category").render().plain.split("\n")

    app = desk_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        for category in ("dispute", "dispute", "help", "tip", "theft"):
            today(category)
        await pilot.press("ctrl+r")
        # Four categories, four lines by name (it showed two and "+2 more"), the long names cut after a whole word.
        assert await wait_until(pilot, lambda: len(panel()) == 4 and "Theft" in panel()[-1])
        breakdown = app.screen.query_one("#by-category", CategoryBreakdown)
        assert breakdown.categories_shown() == 4
        width = breakdown.size.width
        assert [line.rsplit(" ", 1)[0].rstrip() for line in panel()] == ["Dispute", "Request for…", "Report / tip", "Theft"]
        assert all(cell_len(line) == width for line in panel()), panel()  # the counts at the edge, as the figures'
        assert len({panel.region.height for panel in app.screen.query("#panels > Panel")}) == 1
        assert app.screen.query_one("#status").region.bottom <= app.screen.query_one("Footer").region.y
        today("fraud")
        today("noise", hours=2)
        await pilot.press("ctrl+r")
        assert await wait_until(pilot, lambda: panel()[-1].startswith("+3 more"))
        assert len(panel()) == 4 and breakdown.categories_shown() == 3  # three by name, the rest counted
        await pilot.resize_terminal(160, 45)
        await settle(pilot)
        assert await wait_until(pilot, lambda: len(panel()) == 3)  # wide: three rows, in columns, as before
        shown = "\n".join(panel())
        assert all(name in shown for name in ("Dispute", "Request for help", "Report / tip", "Theft", "Fraud", "Noise"))


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_starting_a_shift_at_80x24_shows_its_keys_and_a_refusal_without_scrolling(tmp_path: Path, lang):
    """The dialog for a new shift, with a refusal under its hint, fits 24 rows: how to save and cancel, and
    what went wrong, are on the screen, not below the dialog's edge."""
    from textual.containers import Vertical
    from textual.widgets import Input, Label, Static

    from screens.patrols.dialogs import StartShiftScreen
    from tests.patrolhelpers import seed_roster

    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        seed_roster(app.desk)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StartShiftScreen)
        await pilot.press("enter", "1", "tab", "tab", *"25:10", "ctrl+s")
        await settle(pilot)
        assert dialog.query_one("#shift-start", Input).value == "25:10"
        message = dialog.query_one(".dialog-message", Static)
        assert "25" in str(message.render())
        box = dialog.query_one(".dialog", Vertical)
        assert box.max_scroll_y == 0
        for shown in (message, dialog.query_one(".dialog-keys", Label)):
            assert box.content_region.contains_region(shown.region), (shown, shown.region, box.content_region)
