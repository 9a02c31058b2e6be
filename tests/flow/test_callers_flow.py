"""Finding callers by keys: the look-up box, a person's history, repeat reporters, merging."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from textual.widgets import Input, OptionList, Static

from db.engine import read_session
from db.models import AuditEvent, Case, CaseParty, ReporterReview
from frontdesk.cases.recording import CaseDraft
from frontdesk.callers.people import PersonInput
from screens.cases.form import CaseFormScreen
from screens.callers.person import PersonScreen
from screens.callers.repeat_reporters import RepeatReportersScreen
from screens.shell.desk import DeskScreen
from tests.apphelpers import desk_app, open_desk_app, seed_cases, settle
from tests.conftest import FROZEN_NOW


def _text(widget) -> str:
    return str(widget.render())


async def test_typing_a_name_finds_the_caller_and_opens_their_history(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first, _, third = seed_cases(desk)
        for typed in ("z", "zj", "zjg"):  # results follow every keystroke
            await pilot.press(typed[-1])
            await settle(pilot)
        lookup = app.screen.query_one("#lookup")
        assert [hit.name for hit in lookup.results.people] == ["张建国"]
        assert lookup.query_one("#results", OptionList).option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PersonScreen) and screen.person_id == first.reporter_id
        assert [c.case_no for c in screen.history.cases] == [third.case_no, first.case_no]
        assert "138****5678" in _text(screen.query_one("#person-head", Static))

        await pilot.press("r", "enter", "1", "ctrl+s")  # reveal, to contact the caller
        await settle(pilot)
        assert "+8613812345678" in _text(screen.query_one("#person-head", Static))
        with read_session(desk.engine) as session:
            actions = session.exec(
                select(AuditEvent.action, AuditEvent.reason).where(AuditEvent.record_id == first.reporter_id)
            ).all()
        assert ("reveal", "contact_caller") in [tuple(a) for a in actions]
        assert ("view_person", "") in [tuple(a) for a in actions]
        await pilot.press("r")  # hide again
        await settle(pilot)
        assert "+8613812345678" not in _text(screen.query_one("#person-head", Static))

        await pilot.press("n")  # a new case for this person
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen) and form.person_id == first.reporter_id
        # Their number is not shown whole on the form (as it was, with no reason asked or audited): masked, taken.
        assert form.query_one("#reporter-phone", Input).value == ""
        assert "138****5678" in _text(form.query_one("#reporter-taken", Static))
        assert "13812345678" not in " ".join(field.value for field in form.query(Input))
        await pilot.press("enter", "1")  # the category: 1, the first
        form.query_one("#summary", Input).value = "又来反映楼上噪音"
        await pilot.press("ctrl+s")
        await settle(pilot)
        with read_session(desk.engine) as session:
            party = session.exec(select(CaseParty).join(Case, Case.id == CaseParty.case_id)
                                 .where(Case.summary == "又来反映楼上噪音")).one()
        assert (party.person_id, party.phone_e164) == (first.reporter_id, "+8613812345678")  # the phone on file
        assert [hit.cases for hit in lookup.results.people] == [2]
        for _ in range(3):  # the saved case, the person, back to the desk
            if isinstance(app.screen, DeskScreen):
                break
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert [hit.cases for hit in lookup.results.people] == [3]  # the look-up again, with the case just saved


async def test_four_digits_and_a_case_number_in_the_box(tmp_path):
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        _, second, _ = seed_cases(desk)
        await pilot.press(*"4321")
        await settle(pilot)
        lookup = app.screen.query_one("#lookup")
        assert [hit.name for hit in lookup.results.people] == ["李秀英"]
        await pilot.press("escape")
        await pilot.press(*second.case_no)
        await settle(pilot)
        assert [c.case_no for c in lookup.results.cases] == [second.case_no]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen.case_id == second.case_id


async def test_repeat_reporters_are_listed_reviewed_and_opened(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first, _, _ = seed_cases(desk)
        for days in (4, 3):
            desk.cases.record_case(CaseDraft(reporter=PersonInput(person_id=first.reporter_id), category="noise",
                                       summary="又报噪音", repeat_of=first.case_id),
                             now=FROZEN_NOW - timedelta(days=days))
        await pilot.press("f7")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RepeatReportersScreen)
        assert [(r.name, r.reports, r.repeats) for r in screen.rows] == [("张建国", 4, 2)]
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#review-note", Input).value = "已回访，告知报警须知"
        await pilot.press("ctrl+s")
        await settle(pilot)
        with read_session(desk.engine) as session:
            [review] = session.exec(select(ReporterReview)).all()
        assert (review.person_id, review.called_back, review.note) == (first.reporter_id, True, "已回访，告知报警须知")
        assert screen.rows[0].reviewed_at == FROZEN_NOW
        await pilot.press("b")  # by phone number
        await settle(pilot)
        assert screen.rows[0].phone_e164 == "+8613812345678"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == first.reporter_id


async def test_a_likely_duplicate_is_offered_and_two_records_are_merged_and_unmerged(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first, _, _ = seed_cases(desk)
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        form.query_one("#reporter-phone", Input).value = "13812345687"  # two digits swapped
        form.query_one("#reporter-name", Input).value = "张建国"
        await settle(pilot)
        assert [m.person_id for m in form.matches] == [first.reporter_id]
        # The officer goes on anyway: a second record of the same man.
        form.query_one("#summary", Input).value = "又来报警"
        form.query_one("#category").value = "help"
        await pilot.press("ctrl+s")
        await settle(pilot)
        second_person = app.screen.detail.parties[0].person_id
        assert second_person != first.reporter_id

        await pilot.press("escape", "f3")
        await pilot.press(*"zhangjianguo", "enter")
        await settle(pilot)
        person = app.screen
        assert isinstance(person, PersonScreen)
        keep = person.person_id
        other = second_person if keep == first.reporter_id else first.reporter_id
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"张建国")
        await settle(pilot)
        assert [hit.person_id for hit in app.screen.hits] == [other]
        app.screen.query_one("#merge-reason", Input).value = "同一人，号码录错"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")  # yes, that record
        await settle(pilot)
        assert len(person.history.cases) == 3  # both records' cases
        with read_session(desk.engine) as session:
            owners = set(session.exec(select(CaseParty.person_id).where(CaseParty.role == "reporter")).all())
        assert other not in owners
        await pilot.press("u", "y")
        await settle(pilot)
        assert [c.case_no for c in person.history.cases] == [c.case_no for c in desk.callers.person_history(keep).cases]
        assert len(person.history.cases) == (2 if keep == first.reporter_id else 1)


async def test_f3_from_any_screen_goes_back_to_the_look_up_box_keeping_a_draft(tmp_path):
    from screens.shell.desk import DeskScreen

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        seed_cases(desk)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")  # a case's detail, two screens deep
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert app.screen.query_one("#lookup").input.has_focus
        await pilot.press("f2")
        await settle(pilot)
        app.screen.query_one("#summary", Input).value = "未写完的警情"
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        saved = desk.cases.case_draft_store().load()
        assert saved is not None and saved[1]["summary"] == "未写完的警情"


async def test_a_cut_repeat_reporter_list_says_first_n_of_m(tmp_path, monkeypatch):
    monkeypatch.setattr(RepeatReportersScreen, "LIMIT", 1)
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        seed_cases(desk)  # 张建国 twice, 李秀英 once
        await pilot.press("f7")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#min-reports", Input).value = "1"
        screen.action_refresh()
        await settle(pilot)
        assert len(screen.rows) == 1
        summary = str(screen.query_one("#reporters-summary", Static).render())
        assert summary.startswith("First 1 of 2 "), summary


async def test_the_next_caller_typed_after_f3_or_back_replaces_the_last_look_up(tmp_path):
    """F3 from another screen, or Esc back from a caller, leaves the last look-up in the box selected: the
    next caller's number or name replaces it (the box had kept the cursor after it, and "2514" followed by
    a case number found nothing)."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        first, second, _ = seed_cases(desk)
        await pilot.press(*"zjg", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("f5")  # another area, then F3 from there
        await settle(pilot)
        await pilot.press("f3", *"lxy")
        await settle(pilot)
        lookup = app.screen.query_one("#lookup")
        assert lookup.input.value == "lxy"
        assert [hit.name for hit in lookup.results.people] == ["李秀英"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == second.reporter_id
        await pilot.press("escape", *"zjg")  # back to the desk: the next caller
        await settle(pilot)
        lookup = app.screen.query_one("#lookup")
        assert lookup.input.value == "zjg"
        assert [hit.name for hit in lookup.results.people] == ["张建国"]
