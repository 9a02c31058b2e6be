"""The admin adds a case category by keys, it is used for a case, then switched off: kept, no longer offered."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft
from screens.station.categories import CategoriesScreen, CategoryFormScreen
from tests.apphelpers import desk_app, open_desk_app, settle


async def test_a_category_is_added_used_and_switched_off(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CategoriesScreen)
        count = len(screen.rows)

        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, CategoryFormScreen)
        app.screen.query_one("#category-zh", Input).insert_text_at_cursor("价格投诉")
        await pilot.press("tab", *"Price complaint", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen and len(screen.rows) == count + 1
        added = screen.rows[-1]
        assert (added.name_zh, added.name_en, added.active) == ("价格投诉", "Price complaint", True)
        assert added.code in [choice.code for choice in desk.cases.categories()]  # the case form offers it

        # Used for a case; then moved up one place and switched off.
        desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678"),
                                   category=added.code, summary="超市标价不符"), now=desk.clock())
        table = screen.query_one("#category-table", DataTable)
        table.move_cursor(row=len(screen.rows) - 1)
        await pilot.press("[")
        await settle(pilot)
        assert screen.rows[-2].code == added.code and table.cursor_row == len(screen.rows) - 2
        await pilot.press("d")
        await settle(pilot)
        row = next(r for r in screen.rows if r.code == added.code)
        assert (row.active, row.cases) == (False, 1)
        assert added.code not in [choice.code for choice in desk.cases.categories()]

        # Its case is still listed under its name (F4), and the list can still be filtered by it.
        from screens.cases.listing import CaseListScreen

        await pilot.press("escape", "escape", "f4")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, CaseListScreen)
        cases = listing.query_one("#case-table", DataTable)
        at = next(i for i, r in enumerate(listing.rows) if r.category == added.code)
        assert "Price complaint" in [str(cell) for cell in cases.get_row_at(at)]
        assert added.code in [choice.code for choice in listing.choices]


async def test_a_category_with_a_default_matter_offers_that_hand_off_for_its_cases(tmp_path):
    from textual.widgets import Select

    from screens.handoffs.dialogs import HandoffFormScreen

    app = desk_app(tmp_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        screen = app.screen
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CategoryFormScreen)
        form.query_one("#category-zh", Input).insert_text_at_cursor("价格投诉")
        # Not police business (space unticks), and its cases go to Price complaint (8th in English).
        await pilot.press("tab", *"Price complaint", "tab", "space", "tab", "enter", "8")
        assert form.query_one("#category-matter", Select).value == "price_complaint"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        added = screen.rows[-1]
        assert (added.name_zh, added.police, added.default_matter) == ("价格投诉", False, "price_complaint")
        row = screen.query_one("#category-table", DataTable).get_row_at(len(screen.rows) - 1)
        assert str(row[3]) == "Price complaint"

        # A walk-in recorded in it by keys: the tenth category, key a; not police business, so the
        # hand-off form opens at once with the category's matter and that matter's body.
        await pilot.press("escape", "escape", "f2")
        await settle(pilot)
        await pilot.press(*"13812345678", "tab", "tab")
        app.focused.insert_text_at_cursor("张建国")
        await pilot.press("tab", "tab", "enter", "a", "tab")
        app.focused.insert_text_at_cursor("东关村3组")
        await pilot.press("tab")
        app.focused.insert_text_at_cursor("超市标价与结账价格不符")
        await pilot.press("ctrl+s")
        await settle(pilot)
        hand_off = app.screen
        assert isinstance(hand_off, HandoffFormScreen)
        assert hand_off.query_one("#handoff-matter", Select).value == "price_complaint"
        assert hand_off.query_one("#handoff-body", Select).value == "hotline_12345"
