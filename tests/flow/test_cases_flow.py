"""Recording and working a case by keys only, checked in the database."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Input, Static

from db.engine import make_engine, read_session, write_session
from db.models import Case, CaseLink, CaseParty, Person
from screens.cases.detail import CaseDetailScreen
from screens.cases.form import CaseFormScreen
from screens.cases.listing import CaseListScreen
from screens.shell.dialogs import ConfirmScreen
from tests.apphelpers import desk_app, open_desk_app, seed_cases, settle, wait_until
from tests.conftest import FROZEN_NOW


def _cases(desk):
    with read_session(desk.engine) as session:
        return session.exec(select(Case).order_by(Case.case_no)).all()


async def _type(pilot, text: str) -> None:
    await pilot.press(*text) if text.isascii() else _paste(pilot, text)
    await pilot.pause()


def _paste(pilot, text: str) -> None:
    # Chinese text arrives from an input method as one string; Input.insert_text_at_cursor does the same.
    pilot.app.focused.insert_text_at_cursor(text)


async def test_a_walk_in_for_a_new_person_is_recorded_by_keys(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, CaseFormScreen)
        keys: list[str] = ["f2"]

        async def press(*names: str) -> None:  # the keys beyond the free text, counted
            keys.extend(names)
            await pilot.press(*names)

        await _type(pilot, "13912345678")
        await press("tab", "tab")  # past the ID number (not given) to the name
        await _type(pilot, "王芳")
        await press("tab")
        await _type(pilot, "南门村5组")
        await press("tab", "enter", "1", "tab")
        await _type(pilot, "南门村5组")
        await press("tab")
        await _type(pilot, "与邻居因排水沟发生争执")
        await press("ctrl+s")
        await settle(pilot)
        assert len(keys) <= 12, keys
        assert isinstance(app.screen, CaseDetailScreen)
        [case] = _cases(desk)
        assert (case.case_no, case.category, case.summary, case.place) == (
            "LS-20261122-0001", "dispute", "与邻居因排水沟发生争执", "南门村5组"
        )
        with read_session(desk.engine) as session:
            [(party, person)] = session.exec(
                select(CaseParty, Person).join(Person, Person.id == CaseParty.person_id)
            ).all()
        assert (person.name, person.name_initials, party.role, party.phone_e164) == (
            "王芳", "wf", "reporter", "+8613912345678"
        )


async def test_a_known_caller_is_found_by_phone_and_the_case_marked_a_repeat(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first, _, later = seed_cases(desk)
        await pilot.press("f2")
        await settle(pilot)
        await _type(pilot, "13812345678")
        await settle(pilot)
        form = app.screen
        assert [m.name for m in form.matches] == ["张建国"]
        await pilot.press("enter")  # take the person found
        await settle(pilot)
        assert form.person_id == first.reporter_id
        assert [c.case_no for c in form.recent] == [later.case_no, first.case_no]
        await pilot.press("enter", "1")  # category: dispute
        await settle(pilot)
        assert form.recent[0].case_no == first.case_no  # same category comes first
        assert "ctrl+r" in str(form.query_one("#reporter-counts", Static).render())
        await pilot.press("tab")
        await _type(pilot, "东关村3组")
        await pilot.press("tab")
        await _type(pilot, "再次反映邻居占用车位")
        await pilot.press("ctrl+r", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        with read_session(desk.engine) as session:
            new = session.exec(select(Case).where(Case.summary == "再次反映邻居占用车位")).one()
            [link] = session.exec(select(CaseLink).where(CaseLink.case_id == new.id)).all()
            reporter = session.exec(select(CaseParty).where(CaseParty.case_id == new.id)).one()
            people = session.exec(select(Person)).all()
        assert (link.kind, link.other_case_id) == ("repeat_of", first.case_id)
        assert reporter.person_id == first.reporter_id
        assert len(people) == 2  # nobody entered twice
        detail = app.screen.detail
        assert [(l.kind, l.case_no) for l in detail.links] == [("repeat_of", first.case_no)]


async def _fill_new_case(pilot, *, phone="13912345678", rid="", name="王芳", summary="与邻居发生争执"):
    await pilot.press("f2")
    await settle(pilot)
    if "unsaved case" in str(pilot.app.screen.query_one("#form-message", Static).render()):
        await pilot.press("ctrl+l", "ctrl+l")  # the last attempt was kept as a draft: start afresh (asked first)
        await settle(pilot)
    form = pilot.app.screen
    form.query_one("#reporter-phone", Input).value = phone
    form.query_one("#reporter-rid", Input).value = rid
    form.query_one("#reporter-name", Input).value = name
    form.query_one("#summary", Input).value = summary
    form.query_one("#category").value = "dispute"
    await settle(pilot)
    return form


async def test_bad_input_is_explained_and_everything_typed_stays(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        cases = [
            ({"phone": "1391234567"}, "reporter-phone", "is not valid"),
            ({"rid": "110105194912310021"}, "reporter-rid", "check digit is 1 but should be X"),
            ({"summary": ""}, "summary", "Summary is required"),
        ]
        for changes, bad_field, words in cases:
            form = await _fill_new_case(pilot, **changes)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form
            message = str(form.query_one("#form-message", Static).render())
            assert words in message, message
            assert form.query_one(f"#field-{bad_field}").has_class("-invalid")
            assert form.query_one("#reporter-name", Input).value == "王芳"
            assert form.query_one("#reporter-phone", Input).value == changes.get("phone", "13912345678")
            await pilot.press("escape")
            await settle(pilot)
        assert _cases(desk) == []


async def test_a_locked_database_keeps_the_form_and_says_try_again(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _fill_new_case(pilot)
        other = make_engine(desk.url)
        with write_session(other) as holder:
            holder.connection()  # another terminal holds the write lock, mid-save
            await pilot.press("ctrl+s")
            await settle(pilot)  # the desk waits its busy timeout, then gives up
        other.dispose()
        assert app.screen is form
        assert "Another desk is saving" in str(form.query_one("#form-message", Static).render())
        assert form.query_one("#summary", Input).value == "与邻居发生争执"
        await pilot.press("ctrl+s")  # the officer simply tries again
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert len(_cases(desk)) == 1


async def test_an_unsaved_case_survives_the_program_being_killed(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await _type(pilot, "13912345678")
        await pilot.press("tab", "tab")
        await _type(pilot, "王芳")
        # The draft is written half a second after typing stops: wait until it is on disk.
        store = app.desk.cases.case_draft_store()
        assert await wait_until(pilot, lambda: "王芳" in str((store.load() or (None, {}))[1]))
        await settle(pilot)
    # No orderly exit from the form: as if the power went. Start again.
    again = desk_app(tmp_path)
    async with again.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await settle(pilot)
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        form = again.screen
        assert isinstance(form, CaseFormScreen)
        assert form.query_one("#reporter-phone", Input).value == "13912345678"
        assert form.query_one("#reporter-name", Input).value == "王芳"


async def test_the_list_opens_a_case_that_is_closed_reopened_voided_and_receipted(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first, second, third = seed_cases(desk)
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseListScreen)
        assert [r.case_no for r in screen.rows] == [third.case_no, second.case_no]  # today's only
        await pilot.press("s")  # oldest first
        await settle(pilot)
        assert [r.case_no for r in screen.rows] == [second.case_no, third.case_no]
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CaseDetailScreen) and detail.case_id == second.case_id

        await pilot.press("c", "enter", "1", "ctrl+s")  # close: resolved on site
        await settle(pilot)
        assert detail.detail.case.status == "closed"
        assert detail.detail.case.disposition == "resolved_on_site"
        await pilot.press("o")
        await settle(pilot)
        await _type(pilot, "报警人再次来所")
        await pilot.press("enter")
        await settle(pilot)
        assert detail.detail.case.status == "in_progress"
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#edit-summary", Input).value = "电动车在小区楼下被盗（已调取监控）"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert detail.detail.case.summary == "电动车在小区楼下被盗（已调取监控）"
        await pilot.press("p")
        await settle(pilot)
        receipt = tmp_path / "receipts" / f"{second.case_no}.txt"
        assert second.case_no in receipt.read_text(encoding="utf-8")
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("enter")  # an empty reason is refused
        await settle(pilot)
        assert "Reason is required" in str(app.screen.query_one(".dialog-message", Static).render())
        await _type(pilot, "录入错误")
        await pilot.press("enter")
        await settle(pilot)
        assert detail.detail.case.voided
        changes = [c.field for row in detail.detail.history for c in row.changes]
        assert {"status", "disposition", "summary", "voided_at"} <= set(changes)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen)
        assert second.case_no not in [r.case_no for r in app.screen.rows]  # voided cases are hidden
        await pilot.press("v")
        await settle(pilot)
        assert second.case_no in [r.case_no for r in app.screen.rows]


async def test_parties_are_added_by_keys_and_a_related_case_is_linked_by_number(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first, second, _ = seed_cases(desk)
        form = await _fill_new_case(pilot, summary="两家因宅基地边界发生争执")
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("enter", "down", "enter")  # role: the second choice, other party
        await pilot.press("tab")
        await _type(pilot, "刘强")
        await pilot.press("tab")
        await _type(pilot, "12345")  # a phone that cannot be right
        await pilot.press("enter")
        await settle(pilot)
        assert "is not valid" in str(app.screen.query_one("#party-message", Static).render())
        app.screen.query_one("#party-phone", Input).value = "13600001111"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form and [p.person.name for p in form.parties] == ["刘强"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        detail = app.screen
        assert [(p.role, p.name) for p in detail.detail.parties] == [("reporter", "王芳"), ("other_party", "刘强")]

        await pilot.press("l")
        await settle(pilot)
        await _type(pilot, "LS-20991231-0001")
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert "no case numbered LS-20991231-0001" in str(dialog.query_one(".dialog-message", Static).render())
        dialog.query_one("#reason", Input).value = second.case_no.lower()
        await pilot.press("enter")
        await settle(pilot)
        assert [(l.kind, l.case_no) for l in detail.detail.links] == [("related", second.case_no)]
        with read_session(desk.engine) as session:
            link = session.exec(select(CaseLink).where(CaseLink.other_case_id == second.case_id)).one()
        assert link.kind == "related"


async def test_save_pressed_twice_records_one_case_and_enter_waits_for_the_typed_numbers_match(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first, _, _ = seed_cases(desk)
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        # Typed and Enter at once, before the look-up for the last digit has answered.
        form.query_one("#reporter-phone", Input).value = "1381234567"
        await settle(pilot)
        form.query_one("#reporter-phone", Input).value = "13812345678"
        form._take_top_match()
        await settle(pilot)
        assert form.person_id == first.reporter_id
        await pilot.press("ctrl+r")
        assert form.repeat_of is not None
        await pilot.press("ctrl+n")  # not this person after all: the repeat mark goes too
        assert form.repeat_of is None and form.person_id is None
        form.query_one("#reporter-name", Input).value = "王芳"
        form.query_one("#reporter-phone", Input).value = "13912345678"
        form.query_one("#summary", Input).value = "与邻居发生争执"
        form.query_one("#category").value = "dispute"
        await settle(pilot)
        await pilot.press("ctrl+s", "ctrl+s")
        await settle(pilot)
        assert len([c for c in _cases(desk) if c.summary == "与邻居发生争执"]) == 1


KILLED_WHILE_SAVING = """
import asyncio, sys
from pathlib import Path
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until

async def main(folder):
    app = desk_app(Path(folder))
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        for name, value in (("reporter-phone", "13912345678"), ("reporter-name", "王芳"),
                            ("summary", "与邻居因排水沟发生争执")):
            form.query_one("#" + name).value = value
        form.query_one("#category").value = "dispute"
        store = desk.cases.case_draft_store()
        kept = lambda: (store.load() or (None, {}))[1].get("summary") == "与邻居因排水沟发生争执"
        assert await wait_until(pilot, kept, timeout=60)  # the draft is on disk, as it would be after typing
        print("draft kept", flush=True)
        await pilot.press("ctrl+s")  # the case commits; the process is killed before the draft goes
        await settle(pilot)
    print("still alive", flush=True)

asyncio.run(main(sys.argv[1]))
"""


async def test_a_case_saved_just_before_a_crash_is_recorded_once(tmp_path):
    import json
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from screens.cases.dialogs import KeptDraftQuestion

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "FRONTDESK_TEST_KILL_AT": "case_committed",
           "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.run([sys.executable, "-c", KILLED_WHILE_SAVING, str(tmp_path)], env=env, cwd=root,
                           capture_output=True, text=True, timeout=240)
    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr
    assert "draft kept" in child.stdout and "still alive" not in child.stdout
    [left] = (tmp_path / "drafts").glob("new-case-*.json")  # the draft outlived its case
    key = json.loads(left.read_text(encoding="utf-8"))["fields"]["draft_key"]

    again = desk_app(tmp_path)
    async with again.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await settle(pilot)
        [case] = _cases(desk)
        assert (case.summary, str(case.draft_key)) == ("与邻居因排水沟发生争执", key)
        assert not isinstance(again.screen, KeptDraftQuestion)  # a saved case is not offered back
        assert list((tmp_path / "drafts").glob("new-case-*.json")) == []
        await pilot.press("f2")
        await settle(pilot)
        assert "unsaved case" not in str(again.screen.query_one("#form-message", Static).render())
        assert again.screen.query_one("#summary", Input).value == ""
    assert len(_cases(desk)) == 1


async def test_the_kept_draft_question_and_ctrl_l_ask_before_throwing_away(tmp_path):
    from screens.cases.dialogs import KeptDraftQuestion

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        form = await _fill_new_case(pilot, summary="车位纠纷")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.screen is form and form.query_one("#summary", Input).value == "车位纠纷"
        assert "ctrl+l again" in str(form.query_one("#form-message", Static).render())
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.screen is not form and app.screen.query_one("#summary", Input).value == ""
        await _fill_new_case(pilot, summary="车位纠纷")
        app.screen._keep_draft()
        await settle(pilot)
    again = desk_app(tmp_path)
    async with again.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        await settle(pilot)
        question = again.screen
        assert isinstance(question, KeptDraftQuestion)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert again.screen is question  # one ctrl+l only asks
        assert "ctrl+l again" in str(question.query_one("#confirm-question", Static).render())
        assert again.app.desk.cases.case_draft_store().load() is not None
        await pilot.press("escape")  # Esc (or n) never throws it away: it is set aside, kept for ctrl+f
        await settle(pilot)
        assert again.screen is not question
        assert again.app.desk.cases.case_draft_store().load() is None
        assert [draft.fields["summary"] for draft in again.app.desk.cases.case_drafts_aside()] == ["车位纠纷"]


async def test_a_refused_close_reopen_or_void_keeps_what_was_typed(tmp_path):
    from textual.widgets import Select, TextArea

    from screens.cases.dialogs import CloseCaseScreen, ReasonScreen

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first, second, _third = seed_cases(desk)
        app.push_screen(CaseDetailScreen(second.case_id))
        await settle(pilot)
        detail = app.screen

        async def refused_dialog(kind):
            await settle(pilot)
            assert isinstance(app.screen, kind), app.screen
            return app.screen, str(app.screen.query_one(".dialog-message", Static).render())

        # "Handed off" with no hand-off called back: refused, and the note is still there.
        await pilot.press("c", "enter", "3", "tab")
        app.screen.query_one("#closing-note", TextArea).insert("已告知报警人向物业反映")
        await pilot.press("ctrl+s")
        dialog, message = await refused_dialog(CloseCaseScreen)
        assert "only after a call-back" in message, message
        assert dialog.query_one("#closing-note", TextArea).text == "已告知报警人向物业反映"
        assert dialog.query_one("#disposition", Select).value == "handed_off"
        # Another desk closes the case meanwhile: refused again, the note still kept.
        desk.cases.close_case(second.case_id, disposition="resolved_on_site", note="", now=FROZEN_NOW)
        dialog.query_one("#disposition", Select).value = "resolved_on_site"
        await pilot.press("ctrl+s")
        dialog, message = await refused_dialog(CloseCaseScreen)
        assert "already closed" in message, message
        assert dialog.query_one("#closing-note", TextArea).text == "已告知报警人向物业反映"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is detail

        # Reopen: another desk reopened it first; the reason typed is kept with the refusal.
        await pilot.press("o")
        await settle(pilot)
        await _type(pilot, "报警人再次来所")
        desk.cases.reopen_case(second.case_id, reason="另一台终端")
        await pilot.press("enter")
        dialog, message = await refused_dialog(ReasonScreen)
        assert "not closed" in message, message
        assert dialog.query_one("#reason", Input).value == "报警人再次来所"
        await pilot.press("escape")
        await settle(pilot)

        # Void: voided elsewhere meanwhile; the reason typed is kept.
        await pilot.press("v")
        await settle(pilot)
        await _type(pilot, "录入错误")
        desk.cases.void_case(second.case_id, reason="重复录入", now=FROZEN_NOW)
        await pilot.press("enter")
        dialog, message = await refused_dialog(ReasonScreen)
        assert "has been voided" in message, message
        assert dialog.query_one("#reason", Input).value == "录入错误"


async def test_a_paste_longer_than_the_summary_holds_is_refused_out_loud(tmp_path):
    from textual import events

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        form = await _fill_new_case(pilot, summary="车位")
        summary = form.query_one("#summary", Input)
        summary.focus()
        summary.post_message(events.Paste("邻居" * 1500))  # 3,000 characters from a chat message
        await settle(pilot)
        message = str(form.query_one("#form-message", Static).render())
        assert "Summary holds at most 200 characters" in message and "3,002" in message, message
        assert summary.value == "车位"  # what was there stays
        assert form.query_one("#field-summary").has_class("-invalid")
        assert form.has_class("-error")
        # The officer moves on and types elsewhere: the refusal has been read, nothing was changed by it.
        await pilot.press("shift+tab", "x")
        await settle(pilot)
        assert form.query_one("#place", Input).value.endswith("x")
        assert str(form.query_one("#form-message", Static).render()).strip() == ""
        assert not form.has_class("-error") and not form.query_one("#field-summary").has_class("-invalid")
        assert summary.value == "车位"


async def test_a_voided_case_shows_as_void_and_the_history_names_links_and_reasons(tmp_path):
    from textual.widgets import DataTable, OptionList, Select

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        first, second, third = seed_cases(desk)
        desk.cases.link_related(third.case_id, other_case_no=second.case_no)
        desk.cases.close_case(third.case_id, disposition="mediated", note="", now=FROZEN_NOW)
        desk.cases.reopen_case(third.case_id, reason="报警人再次来所")
        desk.cases.void_case(second.case_id, reason="录入错误", now=FROZEN_NOW)

        await _type(pilot, second.case_no)  # the desk's look-up box
        await settle(pilot)
        results = app.screen.query_one("#results", OptionList)
        shown = " ".join(str(results.get_option_at_index(i).prompt) for i in range(results.option_count))
        assert second.case_no in shown and "VOID" in shown and "Open" not in shown, shown

        app.push_screen(CaseDetailScreen(third.case_id))
        await settle(pilot)
        links = app.screen.query_one("#detail-links", DataTable)
        assert [str(cell) for cell in links.get_row_at(0)][1:3] == [second.case_no, "VOID"]
        history = app.screen.query_one("#detail-history", DataTable)
        said = [str(history.get_row_at(i)[2]) for i in range(history.row_count)]
        assert any(second.case_no in line for line in said), said
        assert any("Reason for reopening" in line and "报警人再次来所" in line for line in said), said

        await pilot.press("escape", "f4")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, CaseListScreen)
        status = listing.query_one("#filter-status", Select)
        assert "void" in [value for _prompt, value in status._options]
        status.value = "void"
        await settle(pilot)
        assert [r.case_no for r in listing.rows] == [second.case_no]


async def test_starting_afresh_on_a_case_raised_from_a_patrol_keeps_it_a_patrol_case(tmp_path):
    from textual.widgets import Select

    from frontdesk.callers.people import PersonInput
    from frontdesk.cases.recording import CaseDraft

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        raised = CaseDraft(reporter=PersonInput(), channel="patrol", place="人民路12号", summary="商铺卷帘门未锁")
        app.push_screen(CaseFormScreen(prefill=raised))
        await settle(pilot)
        form = app.screen
        form.query_one("#reporter-name", Input).value = "王芳"
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.screen is form  # asked first
        await pilot.press("ctrl+l")
        await settle(pilot)
        fresh = app.screen
        assert fresh is not form and isinstance(fresh, CaseFormScreen)
        assert fresh.query_one("#reporter-name", Input).value == ""
        assert fresh.query_one("#channel", Select).value == "patrol"


async def test_a_paste_of_several_lines_keeps_them_all_and_the_police_box_says_yes_or_no(tmp_path):
    """Textual's Input kept a paste's first line and dropped the rest without a word; the Police box drew the same
    X ticked or not (only its colour changed), and its label said Yes either way."""
    from textual import events
    from textual.widgets import Checkbox

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _fill_new_case(pilot, summary="")
        summary = form.query_one("#summary", Input)
        summary.focus()
        summary.post_message(events.Paste("Wallet taken on bus 12.\r\nSuspect wore\ta red coat.\n\n"))
        await settle(pilot)
        assert summary.value == "Wallet taken on bus 12. Suspect wore a red coat."
        place = form.query_one("#place", Input)
        place.focus()
        place.post_message(events.Paste("东关村\n3组"))
        await settle(pilot)
        assert place.value == "东关村 3组"
        police = form.query_one("#police", Checkbox)
        assert police.value and str(police.label) == "Yes"
        police.focus()
        await pilot.press("space")  # a matter for another body
        await settle(pilot)
        assert not police.value and str(police.label) == "No"
        await pilot.press("ctrl+s")
        await settle(pilot)
        with read_session(desk.engine) as session:
            [case] = session.exec(select(Case).where(Case.summary.startswith("Wallet"))).all()
        assert case.summary == "Wallet taken on bus 12. Suspect wore a red coat." and case.place == "东关村 3组"
        assert case.police is False


async def test_square_brackets_typed_or_pasted_are_shown_as_written_not_read_as_markup(tmp_path):
    """A phone pasted as "[/]" made the form's refusal a markup error and the desk ended with a traceback; text in
    square brackets ([categories], [b]) vanished from messages. Every label and message shows text as written."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        form = await _fill_new_case(pilot, phone="[/]", name="张[/x]三", summary="邻居[b]占车位[/b]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = str(form.query_one("#form-message", Static).render())
        assert '"[/]"' in message, message
        form.query_one("#reporter-phone", Input).value = "13912345678"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen), app.screen
        shown = " ".join(str(widget.render()) for widget in app.screen.query(Static))
        assert "Summary: 邻居[b]占车位[/b]" in shown, shown
        with read_session(desk.engine) as session:
            assert session.exec(select(Case.summary)).all() == ["邻居[b]占车位[/b]"]
            assert session.exec(select(Person.name)).all() == ["张[/x]三"]
    assert app.return_code in (0, None)


async def test_a_name_in_square_brackets_is_no_markup_in_a_notice(tmp_path):
    """Toasts take markup by default too: a dispute offered by its title, or a backflow naming a body, written with
    [/x] in it had made a MarkupError (the desk's notify shows every message as written)."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk_app(pilot)
        app.notify("张[/x]三 [b]邻里[/b]")
        await settle(pilot)
        [toast] = app._notifications
        assert toast.message.startswith("张[/x]三 [b]邻里[/b]") and not toast.markup
    assert app.return_code in (0, None)
