"""The daily review by keys: a supervisor sees every open dispute and gives one to another officer with g;
a duty officer's review shows their own, with no g to press."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlmodel import select
from textual.widgets import Select, Static

from db.engine import read_session
from db.models import AuditEvent, Dispute, Officer
from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft
from screens.disputes.dialogs import AssignDialog
from screens.disputes.review import DisputeReviewScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until
from tests.conftest import FROZEN_NOW


async def test_a_supervisor_reassigns_from_the_review_and_a_duty_officer_sees_their_own(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        desk.access.add_officer(name="刘警官", badge="031300", role="duty", password="liu-pass-2026")
        with read_session(desk.engine) as session:
            liu = session.exec(select(Officer.id).where(Officer.badge_no == "031300")).one()
        ids = []
        for n, (name, phone) in enumerate((("王秀英", "13900001111"), ("赵敏", "13700003333"))):
            case = desk.cases.record_case(CaseDraft(reporter=PersonInput(name=name, phone=phone), category="dispute",
                                                    summary=f"纠纷{n}", place=f"地点{n}"),
                                          now=FROZEN_NOW - timedelta(days=3 - n))
            ids.append(desk.disputes.open_from_case(case.case_id))

        await pilot.press("f11")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeReviewScreen) and len(app.screen.rows) == 2)
        review = app.screen
        assert review.mine_only is False and review.check_action("reassign", ()) is True
        await pilot.press("down", "g")  # the second (newer) dispute to 刘警官
        assert await wait_until(pilot, lambda: isinstance(app.screen, AssignDialog))
        app.screen.query_one("#assign-owner", Select).value = liu
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: app.screen is review and review.rows[1].owner == "刘警官")
        with read_session(desk.engine) as session:
            assert session.get(Dispute, ids[1]).owner_id == liu and session.get(Dispute, ids[0]).owner_id != liu
            assert session.exec(select(AuditEvent).where(AuditEvent.action == "assign_dispute")).first()

        # The same desk as a duty officer: their own disputes only, and no g.
        desk.context.recheck = None
        desk.actor = replace(desk.actor, role="duty")
        await pilot.press("escape", "f11")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DisputeReviewScreen) and app.screen.rows)
        mine = app.screen
        assert mine.mine_only is True and [row.dispute_id for row in mine.rows] == [ids[0]]
        assert "Your open disputes: 1" in str(mine.query_one("#dispute-summary", Static).render())
        assert mine.check_action("reassign", ()) is False
        await pilot.press("g")
        await settle(pilot)
        assert app.screen is mine
        await pilot.press("m")  # every open dispute, still without g
        assert await wait_until(pilot, lambda: len(mine.rows) == 2)
