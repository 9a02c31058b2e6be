"""串并 at the moment of entry: on the F2 form, k and j on a suggestion hold the link; it is kept with the
draft (the program dies and the draft is taken up again) and written with the case when it is saved,
audited — and nothing before."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select
from textual.widgets import Input, Select, Static

from db.engine import read_session
from db.models import AuditEvent, Case, CaseLink, Series, SeriesCase
from screens.cases.detail import CaseDetailScreen
from screens.cases.form import CaseFormScreen
from screens.cases.series import SeriesPickScreen
from screens.cases.similar import SimilarPanel
from screens.shell.dialogs import ConfirmScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.flow.test_similar_flow import panel_rows, seed_thefts


def written(engine) -> tuple[int, int, int]:
    with read_session(engine) as session:
        return (session.exec(select(func.count()).select_from(Case)).one(),
                session.exec(select(func.count()).select_from(CaseLink)).one(),
                session.exec(select(func.count()).select_from(Series)).one())


async def test_suggestions_linked_on_the_form_are_kept_with_the_draft_and_written_with_the_case(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(160, 44)) as pilot:
        desk = await open_desk_app(pilot)
        thefts = seed_thefts(desk)
        numbers = [recorded.case_no for recorded in thefts]
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        for box, text in (("reporter-phone", "13912345678"), ("reporter-name", "王芳"), ("place", "城河街88号"),
                          ("summary", "电瓶被盗")):
            form.query_one(f"#{box}", Input).focus()
            form.query_one(f"#{box}", Input).insert_text_at_cursor(text)
        form.query_one("#category", Select).value = "theft"
        assert await wait_until(pilot, lambda: len(panel_rows(form)) == 3)
        assert panel_rows(form) == numbers[::-1]

        # k on the nearest: held as related; j on the next: held for a new series named in the dialog.
        form.query_one("#similar-cases").focus()
        await pilot.press("k")
        assert await wait_until(pilot, lambda: len(form.held_links) == 1)
        await pilot.press("k")  # the same link twice is held once
        await pilot.press("down", "j")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SeriesPickScreen))
        app.screen.query_one("#series-name", Input).insert_text_at_cursor("城河街夜盗电瓶")
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: app.screen is form and len(form.held_links) == 2)
        shown = str(form.query_one("#held-links", Static).render())
        assert f"related: {numbers[2]}" in shown and f"series “城河街夜盗电瓶”: {numbers[1]}" in shown
        assert written(desk.engine) == (4, 0, 0)  # held, not written: there is no case yet

        store = app.desk.cases.case_draft_store()
        assert await wait_until(pilot, lambda: len((store.load() or (None, {}))[1].get("links", [])) == 2)
        await settle(pilot)
    # The program goes (no orderly exit from the form); the next start offers the draft, links and all.
    again = desk_app(tmp_path)
    async with again.run_test(size=(160, 44)) as pilot:
        desk = await open_desk_app(pilot)
        await settle(pilot)
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("y")
        assert await wait_until(pilot, lambda: isinstance(again.screen, CaseFormScreen)
                                and len(again.screen.held_links) == 2)
        form = again.screen
        assert f"related: {numbers[2]}" in str(form.query_one("#held-links", Static).render())
        assert written(desk.engine) == (4, 0, 0)
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(again.screen, CaseDetailScreen))

        with read_session(desk.engine) as session:
            new = session.exec(select(Case).where(Case.summary == "电瓶被盗")).one()
            [link] = session.exec(select(CaseLink).where(CaseLink.kind == "related")).all()
            [series] = session.exec(select(Series)).all()
            members = set(session.exec(select(SeriesCase.case_id)).all())
            audited = session.exec(select(AuditEvent.action, AuditEvent.reason).order_by(AuditEvent.seq)).all()
        assert (link.case_id, link.other_case_id) == (new.id, thefts[2].case_id)
        assert series.name == "城河街夜盗电瓶" and members == {new.id, thefts[1].case_id}
        assert [action for action, _ in audited[-4:]] == ["link", "series_start", "series_add", "series_add"]
        assert audited[-4][1] == numbers[2]
