"""Taipei's street robberies (a real file of Taiwan's police open data) imported on the import screen by keys:
the years of the Republic of China said before anything is written, the category the proposal leaves to the
officer chosen by keys."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from textual.widgets import DataTable, Select, Static

from db.engine import read_session
from screens.intake.logbook import CaseImportScreen
from tests.apphelpers import desk_app, open_desk_app, settle

ROBBERIES = Path(__file__).parent.parent / "data" / "public" / "taipei-street-robberies.csv"
SIZE = (120, 36)


async def test_taipeis_robberies_are_read_in_the_republics_years_and_imported_once_their_category_is_chosen(tmp_path):
    path = tmp_path / "robberies.csv"
    path.write_bytes(ROBBERIES.read_bytes())
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.app.push_screen(CaseImportScreen())
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press(*str(path), "enter")
        await settle(pilot)

        assert screen.query_one("#import-col-received_at", Select).value == "發生日期"
        assert screen.query_one("#import-col-received_time", Select).value == "發生時段"
        assert screen.query_one("#import-col-category", Select).value == "案類"
        message = " ".join(str(screen.query_one("#import-message", Static).render()).split())
        assert "1070130 + 16~18 → 30 Jan 2018 16:00 (a year of the Republic of China" in message, message
        assert screen.opened.mapping.categories == {"強盜": ""}  # a robbery: the officer says what it is

        ids = {word: select_id for select_id, (table, word) in screen.value_selects.items()}
        select = screen.query_one(f"#{ids['強盜']}", Select)
        select.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Other", "enter")
        await settle(pilot)
        assert screen.opened.mapping.categories == {"強盜": "other"}
        preview = screen.query_one("#import-preview", DataTable)
        assert [str(preview.get_row_at(i)[6]) for i in range(preview.row_count)] == ["✓"] * preview.row_count

        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "20 imported" in str(screen.query_one("#import-message", Static).render())
        with read_session(desk.engine) as session:
            rows = session.execute(text('SELECT received_at, category FROM "case" WHERE source_key IS NOT NULL '
                                        "ORDER BY received_at")).all()
        assert len(rows) == 20 and {row[1] for row in rows} == {"other"}
        # 30 January 2018 16:00 in the desk's zone (Asia/Shanghai, as Taipei's): 08:00 UTC; the last, 11 March 2021
        assert (str(rows[0][0])[:16], str(rows[-1][0])[:16]) == ("2018-01-30 08:00", "2021-03-10 16:00")
