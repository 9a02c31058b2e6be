"""A hand-off worked by keys only: record, hand off, the body's steps, the call-back, backflow."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import select
from textual.widgets import DataTable, Input, Select, Static, Tabs

from db.engine import read_session
from db.models import Case, CaseLink, FollowUp, Handoff
from frontdesk.cases.recording import CaseDraft
from frontdesk.handoffs.lifecycle import HandoffInput
from frontdesk.callers.people import PersonInput
from screens.cases.detail import CaseDetailScreen
from screens.handoffs.dialogs import AdvanceScreen, FollowUpScreen, HandoffFormScreen
from screens.handoffs.figures import HandoffFiguresScreen
from screens.handoffs.lists import BodyFormScreen, HandoffListsScreen, MatterFormScreen
from screens.handoffs.queues import HandoffQueueScreen
from tests.apphelpers import desk_app, open_desk_app, settle
from tests.conftest import FROZEN_NOW


def _paste(pilot, text: str) -> None:
    pilot.app.focused.insert_text_at_cursor(text)


async def _record_noise(pilot) -> None:
    """F2, a walk-in noise complaint by keys, saved."""
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press(*"13812345678", "tab", "tab")
    _paste(pilot, "张建国")
    await pilot.press("tab", "tab", "enter", "7", "tab")  # category 7: noise (not police business)
    _paste(pilot, "东关村3组")
    await pilot.press("tab")
    _paste(pilot, "楼下广场舞噪音扰民")
    await pilot.press("ctrl+s")
    await settle(pilot)


def _the(desk, model, **where):
    with read_session(desk.engine) as session:
        query = select(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return session.exec(query).all()


async def test_a_noise_complaint_handed_to_12345_called_back_and_reported_again_is_backflow(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(130, 40)) as pilot:
        desk = await open_desk_app(pilot)
        await _record_noise(pilot)
        # Non-police: the hand-off form opens at once, the usual body for noise proposed.
        assert isinstance(app.screen, HandoffFormScreen)
        form = app.screen
        assert form.query_one("#handoff-matter", Select).value == "noise"
        assert form.query_one("#handoff-body", Select).value == "grid_worker"
        # The officer passes it to 12345 instead (third in the English list), by a three-way call.
        await pilot.press("tab", "enter", "3", "tab", "enter", "1")
        assert form.query_one("#handoff-body", Select).value == "hotline_12345"
        # A due time that cannot be read is refused with the reason; nothing typed is lost.
        form.query_one("#handoff-due", Input).value = "next Tuesday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "next Tuesday" in str(form.query_one(".dialog-message", Static).render())
        assert form.query_one("#handoff-body", Select).value == "hotline_12345"
        form.query_one("#handoff-due", Input).value = ""  # the body's usual time
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        [case] = _the(desk, Case)
        [handoff] = _the(desk, Handoff)
        assert (case.status, handoff.status, handoff.method) == ("handed_off", "pending", "three_way_call")
        assert handoff.due_at == FROZEN_NOW + timedelta(hours=72)

        # The body accepted it straight away and has finished: one step dialog, "done" is the third.
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AdvanceScreen)
        await pilot.press("enter", "3", "tab", *"GD001", "ctrl+s")
        await settle(pilot)
        [handoff] = _the(desk, Handoff)
        assert (handoff.status, handoff.their_ref) == ("done", "GD001")

        # The call-back: satisfaction forgotten first, then given.
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)
        await pilot.press("tab", "tab")
        _paste(pilot, "已处理，噪音停止")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)
        assert "Satisfaction" in str(app.screen.query_one(".dialog-message", Static).render())
        assert app.screen.query_one("#follow-result", Input).value == "已处理，噪音停止"
        await pilot.press("enter", "1", "ctrl+s")
        await settle(pilot)
        [case] = _the(desk, Case)
        [call] = _the(desk, FollowUp)
        assert (case.status, case.disposition) == ("closed", "handed_off")
        assert (call.reached, call.satisfaction, call.result) == (True, "satisfied", "已处理，噪音停止")

        # The same phone reports the same noise again: flagged as backflow and linked.
        await pilot.press("escape")
        await settle(pilot)
        await _record_noise(pilot)
        assert isinstance(app.screen, HandoffFormScreen)
        await pilot.press("escape")
        await settle(pilot)
        [link] = _the(desk, CaseLink, kind="backflow")
        assert (link.other_case_id, link.handoff_id) == (case.id, handoff.id)
        detail = app.screen
        assert isinstance(detail, CaseDetailScreen)
        assert any(row.kind == "backflow" and row.case_no == case.case_no for row in detail.detail.links)


async def test_the_queues_by_keys_with_counts_and_the_overdue_in_red(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(130, 40)) as pilot:
        desk = await open_desk_app(pilot)
        late = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678"), category="noise",
                                          police=False, summary="夜间噪音"), now=FROZEN_NOW - timedelta(days=4))
        due = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="李秀英", phone="13900001111"), category="help",
                                         police=False, summary="车辆被堵"), now=FROZEN_NOW - timedelta(hours=1))
        app.clock = lambda: FROZEN_NOW - timedelta(days=4)
        desk.clock = app.clock
        desk.handoffs.hand_off(late.case_id, HandoffInput(body="grid_worker", matter="noise", method="work_order"))
        desk.clock = app.clock = lambda: FROZEN_NOW
        desk.handoffs.hand_off(due.case_id, HandoffInput(body="hotline_12345", matter="car_to_move", method="visit",
                                                         due_at=FROZEN_NOW + timedelta(hours=2)))
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert str(app.screen.query_one("#handoffs-overdue").value) == "1"
        await pilot.press("f5")
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, HandoffQueueScreen)
        assert [r.case_no for r in queue.rows] == [late.case_no] and queue.rows[0].overdue
        assert "2 Overdue (1)" in str(queue.query_one(Tabs).get_tab("tab-overdue").label)
        await pilot.press("1")
        await settle(pilot)
        assert queue.queue == "due_today" and [r.case_no for r in queue.rows] == [due.case_no]
        await pilot.press("s")
        await settle(pilot)
        assert queue.sort == "handed"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen) and app.screen.case_id == due.case_id
        await pilot.press("escape", "g")
        await settle(pilot)
        figures = app.screen
        assert isinstance(figures, HandoffFiguresScreen)
        # November so far: two non-police matters, both handed off, none called back yet.
        assert "Non-police matters received: 2" in str(figures.query_one("#figures-summary", Static).render())
        assert figures.query_one("#bodies", DataTable).row_count == 2
        # A period typed back to front is refused in words, and the dates stay as typed.
        await pilot.press("p")
        figures.query_one("#period-from", Input).value = "2026-12-01"
        await pilot.press("enter")
        await settle(pilot)
        assert "before its start" in str(figures.query_one("#figures-summary", Static).render())
        assert figures.query_one("#period-from", Input).value == "2026-12-01"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert figures.query_one("#period-from", Input).value == "2026-11-01"


async def test_a_receiving_body_is_added_by_keys_and_a_bad_one_kept_for_fixing(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(130, 40)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f5", "b")
        await settle(pilot)
        assert isinstance(app.screen, HandoffListsScreen)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BodyFormScreen)
        _paste(pilot, "市场监管所")
        await pilot.press("tab", *"Market regulator", "tab", *"12315", "tab", "backspace", "backspace", *"3d")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Refused: the form is back with everything typed and the reason.
        form = app.screen
        assert isinstance(form, BodyFormScreen)
        assert form.query_one("#body-name-zh", Input).value == "市场监管所"
        assert "3d" in str(form.query_one(".dialog-message", Static).render())
        form.query_one("#body-hours", Input).value = "96"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HandoffListsScreen)
        body = next(b for b in desk.handoffs.bodies() if b.name_zh == "市场监管所")
        assert (body.name_en, body.contact, body.default_due_hours) == ("Market regulator", "12315", 96)


def _held(monkeypatch, service, name: str) -> threading.Event:
    """`service.name` waits, in its worker thread, until the test lets it go: the next key comes while it runs."""
    gate = threading.Event()
    real = getattr(service, name)

    def held(*args, **kwargs):
        assert gate.wait(10), "the test never let the held save go"
        return real(*args, **kwargs)

    monkeypatch.setattr(service, name, held)
    return gate


async def _until(pilot, condition) -> None:
    """Wait for the workers (each finished write starts the next one queued) until `condition` holds."""
    for _ in range(40):
        if condition():
            return
        await settle(pilot)
    assert condition()


async def test_a_body_saved_and_a_matter_refused_while_it_saves_both_reach_the_officer(tmp_path, monkeypatch):
    app = desk_app(tmp_path)
    async with app.run_test(size=(130, 40)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f5", "b")
        await settle(pilot)
        lists = app.screen
        assert isinstance(lists, HandoffListsScreen)
        gate = _held(monkeypatch, desk.handoffs, "save_body")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, BodyFormScreen)
        _paste(pilot, "市场监管所")
        await pilot.press("tab", *"Market regulator", "ctrl+s")
        # While the body is saving, a matter with no name at all: refused. Asked for by their actions (keys typed
        # now would wait for the body's save: screens.shell.keyorder).
        await app.run_action("add_matter", lists)
        await pilot.pause()
        assert isinstance(app.screen, MatterFormScreen)
        await app.run_action("done", app.screen)
        await pilot.pause()
        assert app.screen is lists and lists.writing()  # both asked, the first still saving
        gate.set()
        await _until(pilot, lambda: isinstance(app.screen, MatterFormScreen))
        # The body was saved and shown; the matter's form is back with the reason, as it was typed.
        assert [b.name_en for b in desk.handoffs.bodies() if b.name_zh == "市场监管所"] == ["Market regulator"]
        assert "市场监管所" in [b.name_zh for b in lists.bodies]
        assert "Name is required" in str(app.screen.query_one(".dialog-message", Static).render())
        assert app.screen.query_one("#matter-name-zh", Input).value == ""
        assert not lists.writing()


async def test_every_matter_in_the_hand_off_list_shows_the_key_that_picks_it(tmp_path):
    from screens.shell.choices import CHOICE_KEYS

    app = desk_app(tmp_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_desk_app(pilot)
        await _record_noise(pilot)
        form = app.screen
        assert isinstance(form, HandoffFormScreen)
        select = form.query_one("#handoff-matter", Select)
        options = [(str(prompt), value) for prompt, value in select._options if value is not Select.NULL]
        assert len(options) == 12
        assert [prompt.split(" ", 1)[0] for prompt, _value in options] == list(CHOICE_KEYS[:12])
        select.focus()
        await pilot.press("enter", "8")
        assert select.value == options[7][1] and not select.expanded  # 8 picks the eighth, not one whose name holds an 8
        await pilot.press("enter", CHOICE_KEYS[11])
        assert select.value == options[11][1] and not select.expanded  # past nine, the letters: the twelfth has its own


async def test_h_on_a_closed_case_says_at_once_to_reopen_it_first(tmp_path):
    """A case closed by its call-back cannot be handed off again: h says so at once, in the officer's
    language, rather than opening a form whose every field would be refused on ctrl+s."""
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        await _record_noise(pilot)
        assert isinstance(app.screen, HandoffFormScreen)
        await pilot.press("ctrl+s")  # to the usual body
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter", "3", "ctrl+s")  # done
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("tab", "enter", "1", "tab")  # reached, satisfied
        _paste(pilot, "已安静")
        await pilot.press("ctrl+s")  # the case closes
        await settle(pilot)
        [case] = _the(desk, Case)
        assert case.status == "closed"
        detail = app.screen
        assert isinstance(detail, CaseDetailScreen)
        app._notifications.clear()
        await pilot.press("h")
        await settle(pilot)
        assert app.screen is detail
        assert [str(n.message).replace("\n", "") for n in app._notifications] == [
            f"警情 {case.case_no} 已结案。请先重新打开再移交。"]
        assert len(_the(desk, Handoff)) == 1


async def test_the_returned_and_done_queues_say_they_list_the_latest_due_first(tmp_path):
    """Open queues list the soonest due first, returned and done ones the latest: the line above each list
    says which, so the officer is not told "by due time" over a list that runs backwards."""
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        for days, phone in ((3, "13812345678"), (1, "13900001111")):
            case = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone=phone), category="noise",
                                                    police=False, summary="夜间噪音"),
                                          now=FROZEN_NOW - timedelta(days=days))
            desk.handoffs.hand_off(case.case_id, HandoffInput(body="grid_worker", matter="noise", method="work_order",
                                                              due_at=FROZEN_NOW + timedelta(days=days)))
            [view] = desk.handoffs.of_case(case.case_id)
            desk.handoffs.return_handoff(view.id, reason="不属职责", version=view.version)
        await pilot.press("f5")
        await settle(pilot)
        queue = app.screen
        await pilot.press("4")
        await settle(pilot)
        assert queue.queue == "returned" and len(queue.rows) == 2
        assert queue.rows[0].due_at > queue.rows[1].due_at
        assert "按到期时间（晚→早）" in str(queue.query_one("#queue-summary", Static).render())


async def test_f_before_the_body_has_finished_says_at_once_to_mark_it_done_first(tmp_path):
    """The call-back form opened on a hand-off only sent, and refused what was typed on ctrl+s; after Esc,
    n and f again the form was empty: the citizen's words were lost. f now says at once what to do."""
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk_app(pilot)
        await _record_noise(pilot)
        assert isinstance(app.screen, HandoffFormScreen)
        await pilot.press("ctrl+s")  # to the usual body
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter", "1", "ctrl+s")  # sent, not done
        await settle(pilot)
        [handoff] = _the(desk, Handoff)
        [case] = _the(desk, Case)
        assert handoff.status == "sent"
        detail = app.screen
        assert isinstance(detail, CaseDetailScreen)
        app._notifications.clear()
        await pilot.press("f")
        await settle(pilot)
        assert app.screen is detail
        assert [str(n.message).replace("\n", "") for n in app._notifications] == [
            f"警情 {case.case_no} 的移交为“已移交”。须待承接单位办结后再回访：请先标记为已办结（n）。"]
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter", "2", "ctrl+s")  # done (from sent: accepted, done)
        await settle(pilot)
        assert _the(desk, Handoff)[0].status == "done"
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)
        await pilot.press("tab", "enter", "1", "tab")  # reached, satisfied
        _paste(pilot, "网格员已上门，已安静")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [call] = _the(desk, FollowUp)
        assert (call.reached, call.satisfaction, call.result) == (True, "satisfied", "网格员已上门，已安静")


async def test_an_english_notice_at_80_columns_breaks_between_words(tmp_path):
    """The notice f gives was broken wherever its line was full: "comes after t / he body", "done f / irst".
    A word, or a case number, now moves to the next line whole; the lines joined again are the message."""
    app = desk_app(tmp_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_desk_app(pilot)
        await _record_noise(pilot)
        assert isinstance(app.screen, HandoffFormScreen)
        await pilot.press("ctrl+s")  # to the usual body: pending
        await settle(pilot)
        [case] = _the(pilot.app.desk, Case)
        app._notifications.clear()
        await pilot.press("f")
        await settle(pilot)
        [notice] = [str(n.message) for n in app._notifications]
        said = (f"The hand-off of {case.case_no} is Pending. The call-back comes after the body has finished: "
                "mark it done first (n).")
        lines = notice.split("\n")
        assert len(lines) > 2 and "".join(lines) == said
        assert [word for line in lines for word in line.split()] == said.split()
