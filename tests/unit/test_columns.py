"""Tables that fit the terminal (screens.shell.columns): the plan, the cut, and a table laid out again on resize."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult

from screens.shell.columns import ColumnSpec, Fit, FittedTable, plan_columns
from screens.shell.name_cuts import ellipsize
from tests.apphelpers import wait_until

CASE = Fit("case", natural=17, priority=0, keep=True)
TIME = Fit("time", natural=5, priority=0, keep=True)
STATUS = Fit("status", natural=9, priority=1, keep=True)
SUMMARY = Fit("summary", natural=40, priority=2, minimum=10)
BODY = Fit("body", natural=20, priority=3, minimum=8)
REPORTER = Fit("reporter", natural=12, priority=4, minimum=6)
ALL = [CASE, TIME, STATUS, SUMMARY, BODY, REPORTER]


def cost(plan: list[tuple[str, int]], padding: int = 1) -> int:
    return sum(width + 2 * padding for _key, width in plan)


def test_everything_at_its_natural_width_when_there_is_room() -> None:
    plan = plan_columns(ALL, 200)
    assert plan == [(c.key, c.natural) for c in ALL]


def test_the_least_important_columns_go_first_and_kept_ones_stay_whole() -> None:
    # kept: 17+5+9 = 31 (+6 padding); summary min 10 (+2), body min 8 (+2), reporter min 6 (+2)
    plan = dict(plan_columns(ALL, 60))
    assert plan["case"] == 17 and plan["time"] == 5 and plan["status"] == 9
    assert "reporter" not in plan and "summary" in plan and "body" in plan
    assert cost(list(plan.items())) <= 60

    narrow = dict(plan_columns(ALL, 50))
    assert set(narrow) == {"case", "time", "status", "summary"}
    assert narrow["summary"] == 50 - 37 - 2  # what is left goes to the summary, the most important shown


def test_spare_room_widens_the_most_important_first() -> None:
    plan = dict(plan_columns(ALL, 37 + 12 + 10 + 8 + 20))  # all minimums, then 20 to spare
    assert plan["summary"] == 10 + 20 and plan["body"] == 8 and plan["reporter"] == 6


def test_columns_keep_their_order_and_equal_priorities_drop_from_the_right() -> None:
    a, b, c = (Fit(key, 10, priority=3, minimum=10) for key in "abc")
    assert [key for key, _w in plan_columns([a, b, c], 25)] == ["a", "b"]
    assert [key for key, _w in plan_columns([c, a, b], 25)] == ["c", "a"]


def test_kept_columns_are_never_dropped_even_when_they_do_not_fit() -> None:
    plan = plan_columns(ALL, 20)
    assert [key for key, _w in plan] == ["case", "time", "status"]
    assert dict(plan)["case"] == 17


def test_a_column_narrower_than_its_minimum_takes_only_what_it_needs() -> None:
    plan = dict(plan_columns([Fit("n", natural=2, minimum=6), Fit("x", natural=30, minimum=10)], 20))
    assert plan["n"] == 2 and plan["x"] == 20 - (2 + 2) - 2


def test_a_column_is_never_narrower_than_its_header_it_is_dropped_instead() -> None:
    # "No-shows" over one-digit counts: a minimum of 4 would cut the header to "No-…".
    no_shows = Fit("no_shows", natural=8, priority=3, minimum=4, header=8)
    assert dict(plan_columns([CASE, no_shows], 17 + 2 + 8 + 2)) == {"case": 17, "no_shows": 8}
    assert plan_columns([CASE, no_shows], 17 + 2 + 7 + 2) == [("case", 17)]


def test_a_short_header_lets_a_narrow_column_stay_and_room_widens_it_to_the_full_one() -> None:
    # 时长（小时） is 12 cells; 小时 stands in for it when the column has less room.
    hours = Fit("hours", natural=4, priority=1, minimum=4, header=4, label=12)
    assert dict(plan_columns([CASE, hours], 17 + 2 + 4 + 2)) == {"case": 17, "hours": 4}
    assert dict(plan_columns([CASE, hours], 200)) == {"case": 17, "hours": 12}


def test_the_header_is_the_full_one_when_it_fits_else_the_short_one_never_cut() -> None:
    spec = ColumnSpec("hours", "时长（小时）", short="小时")
    assert spec.header(12).plain == "时长（小时）"
    assert spec.header(11).plain == spec.header(4).plain == "小时"
    assert spec.narrowest_header() == 4
    assert ColumnSpec("owner", "包案民警").narrowest_header() == 8


def test_a_cut_ends_in_an_ellipsis_and_never_splits_a_wide_glyph() -> None:
    assert ellipsize("LS-20261205-0001", 30).plain == "LS-20261205-0001"
    assert ellipsize("Report written to the folder", 10).plain == "Report wr…"
    cut = ellipsize("邻里纠纷调解", 6)  # 12 cells into 6: two glyphs (4) + … (1); a third would need 2 more
    assert cut.plain == "邻里…" and cell_len(cut.plain) <= 6
    assert ellipsize("邻里纠纷调解", 7).plain == "邻里纠…"
    assert ellipsize("ab cd", 4).plain == "ab…"  # no space left before the ellipsis
    assert ellipsize("[bold]x[/bold]", 40).plain == "[bold]x[/bold]"  # plain text is not markup


def test_a_cut_keeps_the_styles_of_rich_text() -> None:
    text = Text("Overdue by 3 days", style="bold red")
    cut = ellipsize(text, 8)
    assert cut.plain == "Overdue…" and cut.style == "bold red"


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FittedTable(id="t", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(FittedTable)
        table.set_columns([
            ColumnSpec("case", "Case", priority=0, keep=True),
            ColumnSpec("status", "Status", priority=1, keep=True),
            ColumnSpec("summary", "Summary", priority=2, minimum=10),
            ColumnSpec("reporter", "Reporter", priority=4, minimum=8),
        ])
        table.set_rows([[f"LS-20261205-{n:04d}", "Open", "邻里纠纷，楼上噪音持续到深夜" * 2, "王小明"] for n in range(30)],
                       keys=[str(n) for n in range(30)])


async def test_the_table_lays_itself_out_again_when_the_terminal_changes_size() -> None:
    app = TableApp()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(FittedTable)
        assert await wait_until(pilot, lambda: table.shown_columns and table.available_width() > 0
                         and cost(table.shown_columns) <= table.available_width())
        assert [key for key, _w in table.shown_columns] == ["case", "status", "summary", "reporter"]
        table.move_cursor(row=7)

        await pilot.resize_terminal(40, 20)
        assert await wait_until(pilot, lambda: [key for key, _w in table.shown_columns] == ["case", "status", "summary"])
        assert dict(table.shown_columns)["case"] == len("LS-20261205-0000")
        assert table.get_row_at(7)[0].plain == "LS-20261205-0007"
        summary = table.get_row_at(7)[2].plain
        assert summary.endswith("…") and cell_len(summary) <= dict(table.shown_columns)["summary"]
        assert table.cursor_row == 7  # the officer's place survives the new layout
        assert table.full_row(7)[2] == "邻里纠纷，楼上噪音持续到深夜" * 2

        await pilot.resize_terminal(120, 20)
        assert await wait_until(pilot, lambda: len(table.shown_columns) == 4)
        assert table.get_row_at(7)[3].plain == "王小明"
        assert table.cursor_row == 7
        assert table.available_width() == table.content_region.width - table.styles.scrollbar_size_vertical

        table.set_rows([["LS-20261206-0001", "Open", "新的一批", "李"]])  # new rows start at the top, as after clear()
        assert table.cursor_row == 0 and table.row_count == 1
        assert table.available_width() == table.content_region.width  # rows that fit need no scrollbar's room
