"""At 80×24 no table cuts a column's header into a stub ("时长…", "包…", "Cal…"): each shows its full
header, a shorter word of its own when the full one does not fit, or is left out; at 160 columns the
full headers are back."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from screens.shell.columns import FittedTable
from tests.apphelpers import desk_app, settle, wait_until
from tests.patrolhelpers import seed_patrols
from tests.snapshots.test_dispute_snapshots import seed_disputes
from tests.snapshots.test_handoff_snapshots import seed_handoffs

NARROW = (80, 24)
WIDE = (160, 48)
LANGUAGES = ["en", "zh"]


def cut_headers(table: FittedTable) -> list[tuple[str, str, int]]:
    """The headers the table shows cut or wider than their column: (key, header, width)."""
    specs = {spec.key: spec for spec in table._specs}
    cut = []
    for key, width in table.shown_columns:
        shown = table.columns[key].label.plain
        spec = specs[key]
        if shown not in (spec.label, getattr(spec, "short", None)) or cell_len(shown) > width:
            cut.append((key, shown, width))
    return cut


def full_headers(table: FittedTable) -> bool:
    specs = {spec.key: spec for spec in table._specs}
    return all(table.columns[key].label.plain == specs[key].label for key, _width in table.shown_columns)


async def open_tables(pilot, *keys: str, tables: tuple[str, ...]) -> list[FittedTable]:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    found = [pilot.app.screen.query_one(f"#{name}", FittedTable) for name in tables]
    assert await wait_until(pilot, lambda: all(table.row_count for table in found)), tables
    return found


async def headers_whole_here_and_full_when_wide(pilot, tables: list[FittedTable], wide: tuple[str, ...]) -> None:
    for table in tables:
        assert table.shown_columns and not cut_headers(table), (table.id, cut_headers(table))
    await pilot.resize_terminal(*WIDE)
    await settle(pilot)
    for table in tables:
        assert await wait_until(pilot, lambda: not cut_headers(table)), (table.id, cut_headers(table))
        if table.id in wide:
            assert await wait_until(pilot, lambda: full_headers(table)), (table.id, table.shown_columns)
    await pilot.resize_terminal(*NARROW)
    await settle(pilot)


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_patrol_lists_show_whole_headers_at_80_columns(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        seed_patrols(app.desk)
        [shifts] = await open_tables(pilot, "f6", tables=("shifts",))
        if lang == "zh":  # 时长（小时） does not fit: 小时 stands in, and 警情 still has room
            assert shifts.columns["hours"].label.plain == "小时" and "cases" in dict(shifts.shown_columns)
        await headers_whole_here_and_full_when_wide(pilot, [shifts], wide=("shifts",))
        members = await open_tables(pilot, "enter", tables=("members",))
        await headers_whole_here_and_full_when_wide(pilot, members, wide=("members",))
        totals = await open_tables(pilot, "escape", "t", tables=("team-totals", "volunteer-totals"))
        await headers_whole_here_and_full_when_wide(pilot, totals, wide=())


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_dispute_review_shows_whole_headers_at_80_columns(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        seed_disputes(app.desk)
        [review] = await open_tables(pilot, "f11", tables=("dispute-review",))
        assert "owner" in dict(review.shown_columns)  # 包案民警 whole, never 包…
        await headers_whole_here_and_full_when_wide(pilot, [review], wide=("dispute-review",))


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_hand_off_tables_show_whole_headers_at_80_columns(tmp_path, lang):
    app = desk_app(tmp_path, lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        seed_handoffs(app.desk)
        queue = await open_tables(pilot, "f5", tables=("handoff-table",))
        await headers_whole_here_and_full_when_wide(pilot, queue, wide=("handoff-table",))
        lists = await open_tables(pilot, "b", tables=("body-table", "matter-table"))
        await headers_whole_here_and_full_when_wide(pilot, lists, wide=("body-table", "matter-table"))
        figures = await open_tables(pilot, "escape", "g", tables=("bodies",))
        await headers_whole_here_and_full_when_wide(pilot, figures, wide=("bodies",))


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_sync_tables_show_whole_headers_at_80_columns(tmp_path, lang):
    from tests.snapshots.test_sync_snapshots import station_with_a_conflict_waiting

    database = station_with_a_conflict_waiting(tmp_path)
    app = desk_app(tmp_path / "station", "--db", str(database), lang=lang)
    async with app.run_test(size=NARROW) as pilot:
        assert await wait_until(pilot, lambda: pilot.app.screen.query("#signin-password"))
        await settle(pilot)
        peers = await open_tables(pilot, "ctrl+y", "i", "enter", tables=("sync-peers",))
        await headers_whole_here_and_full_when_wide(pilot, peers, wide=("sync-peers",))
        conflicts = await open_tables(pilot, "c", tables=("conflicts-table",))
        assert "table" in dict(conflicts[0].shown_columns)  # "Kind" stands in for "Kind of record"
        await headers_whole_here_and_full_when_wide(pilot, conflicts, wide=("conflicts-table",))
