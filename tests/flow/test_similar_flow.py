"""串并 by keys: the form points out earlier cases like the one typed; on a case, j puts the highlighted
one and this case in a new series (its view opens), k links one as related; all checked in the database."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from textual.widgets import Input

from db.engine import read_session
from db.models import AuditEvent, CaseLink, Series, SeriesCase
from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft
from screens.cases.detail import CaseDetailScreen
from screens.cases.form import CaseFormScreen
from screens.cases.clusters import ClusterScreen
from screens.cases.series import SeriesListScreen, SeriesPickScreen, SeriesScreen
from screens.cases.similar import SimilarPanel
from screens.shell.columns import FittedTable
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.conftest import FROZEN_NOW


def seed_thefts(desk) -> list:
    """Three night-time thefts on one street (20:10–21:00 in Beijing) and one dispute elsewhere."""
    recorded = []
    for days, number, minutes in ((9, 3, 0), (5, 17, 20), (2, 40, -20)):
        at = FROZEN_NOW - timedelta(days=days, minutes=minutes)
        recorded.append(desk.cases.record_case(CaseDraft(
            reporter=PersonInput(name=f"陈{number}", phone=f"1390000{number:04d}"), category="theft",
            summary="电动车电瓶夜间被盗", place=f"城河街{number}号", received_at=at), now=FROZEN_NOW))
    desk.cases.record_case(CaseDraft(reporter=PersonInput(name="赵六", phone="13600001111"), category="dispute",
                                     summary="装修噪音引发争吵", place="解放路8号",
                                     received_at=FROZEN_NOW - timedelta(days=3)), now=FROZEN_NOW)
    return recorded


def panel_rows(screen) -> list[str]:
    table = screen.query_one("#similar-cases")
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_similar_cases_appear_as_typed_and_one_joins_a_new_series_by_keys(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(160, 44)) as pilot:
        desk = await open_desk_app(pilot)
        thefts = seed_thefts(desk)
        numbers = [recorded.case_no for recorded in thefts]

        # While the case is typed: nothing at first, then the street's thefts, the nearest first.
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        panel = form.query_one(SimilarPanel)
        assert not panel.has_class("-found")
        form.query_one("#place", Input).focus()
        form.query_one("#place", Input).insert_text_at_cursor("城河街88号")
        form.query_one("#summary", Input).focus()
        form.query_one("#summary", Input).insert_text_at_cursor("电瓶被盗")
        assert await wait_until(pilot, lambda: panel.has_class("-found") and len(panel_rows(form)) == 3)
        assert panel_rows(form) == numbers[::-1]
        assert "same street (城河街)" in panel.cases[0].reason_text()
        assert panel.check_action("link_similar", ()) is True  # on the form the link is held for the save

        # On the latest theft: the two earlier ones; j puts it and the highlighted one in a new series.
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(CaseDetailScreen(thefts[2].case_id))
        detail_panel = None

        def listed() -> bool:
            nonlocal detail_panel
            screen = app.screen
            if not isinstance(screen, CaseDetailScreen) or not screen.query(SimilarPanel):
                return False
            detail_panel = screen.query_one(SimilarPanel)
            return len(detail_panel.cases) == 2

        assert await wait_until(pilot, listed)
        assert [case.case_no for case in detail_panel.cases] == [numbers[1], numbers[0]]
        app.screen.query_one("#similar-cases").focus()
        await pilot.press("j")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SeriesPickScreen))
        await pilot.press("enter")  # no name yet: said, nothing written
        assert await wait_until(pilot, lambda: "name" in str(app.screen.query_one(".dialog-message").render()))
        app.screen.query_one("#series-name", Input).insert_text_at_cursor("城河街夜盗电瓶")
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SeriesScreen)
                                and app.screen.query_one("#case-rows", FittedTable).row_count == 2)
        title = str(app.screen.query_one("#case-rows-title").render())
        assert "城河街夜盗电瓶" in title and "2 cases" in title

        # Back on the case, k links the highlighted suggestion as related; the links show it.
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen))
        app.screen.query_one("#similar-cases").focus()
        await pilot.press("down", "k")
        assert await wait_until(pilot, lambda: app.screen.query_one("#detail-links", FittedTable).row_count == 1)

        with read_session(desk.engine) as session:
            [series] = session.exec(select(Series)).all()
            members = set(session.exec(select(SeriesCase.case_id)).all())
            [link] = session.exec(select(CaseLink).where(CaseLink.kind == "related")).all()
            actions = session.exec(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
        assert series.name == "城河街夜盗电瓶"
        assert members == {thefts[2].case_id, thefts[1].case_id}
        assert (link.case_id, link.other_case_id) == (thefts[2].case_id, thefts[0].case_id)
        assert actions[-4:] == ["series_start", "series_add", "series_add", "link"]

        # The series is listed from the cluster view (ctrl+b, s); Enter opens it.
        await pilot.press("ctrl+b")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ClusterScreen)
                                and app.screen.query_one("#clusters", FittedTable).row_count > 0)
        assert app.screen.rows[0].key == "城河街"  # the most cases; rising only against a history there is none of
        assert not any(row.rising for row in app.screen.rows) and app.screen.rows[0].before is None
        await pilot.press("s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SeriesListScreen)
                                and app.screen.query_one("#series-list", FittedTable).row_count == 1)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SeriesScreen)
                                and app.screen.query_one("#case-rows", FittedTable).row_count == 2)


async def test_a_series_at_80_columns_shows_each_case_s_status_whole(tmp_path):
    """At 80×24 in Chinese a series narrowed its status to "待…" while the place stood whole: a status
    identifies where a case stands, so it is never narrowed (the place and summary give way)."""
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        thefts = seed_thefts(desk)
        app.push_screen(CaseDetailScreen(thefts[2].case_id))
        assert await wait_until(pilot, lambda: isinstance(app.screen, CaseDetailScreen)
                                and any(len(panel.cases) == 2 for panel in app.screen.query(SimilarPanel)))
        app.screen.query_one("#similar-cases").focus()
        await pilot.press("j")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SeriesPickScreen))
        await pilot.press(*"ABC", "enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SeriesScreen)
                                and app.screen.query_one("#case-rows", FittedTable).row_count == 2)
        table = app.screen.query_one("#case-rows", FittedTable)
        widths = dict(table.shown_columns)
        assert widths["status"] >= 6 and widths["case_no"] == 16
        assert [str(table.get_row_at(i)[list(widths).index("status")]) for i in range(2)] == ["待处理", "待处理"]
