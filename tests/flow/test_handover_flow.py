"""The shift handover and the live desk, driven by keys as the duty officer would."""

from __future__ import annotations

import threading

from openpyxl import load_workbook
from sqlalchemy import text

from db.engine import make_engine
from frontdesk.cases.recording import CaseDraft
from frontdesk.desk import Desk
from frontdesk.callers.people import PersonInput
from frontdesk.i18n import t
from frontdesk.reports.desk import HandoverDesk
from screens.shell.desk import CategoryBreakdown, DeskScreen
from screens.reports.handover import HandoverScreen
from screens.shell.help import key_rows
from screens.shell.widgets import Figure
from tests.apphelpers import desk_app, seed_cases, settle, wait_until
from tests.conftest import FROZEN_NOW


async def test_the_officer_writes_the_handover_with_a_note_by_keys(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        recorded = seed_cases(app.desk)  # two of them in today's day shift (15:30 and 18:30)
        # Help names the key as the footer does (Textual shows ctrl+o as ^o).
        assert ("^o", t("key.handover.tip")) in key_rows(app.screen)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandoverScreen)
        assert (screen.report.shift.day.isoformat(), screen.report.shift.kind) == ("2026-11-22", "day")
        assert [c.case_no for c in screen.report.cases] == [r.case_no for r in recorded[1:]]

        await pilot.press("n", *"Keys in drawer 2", "enter", *"回访李秀英", "escape")
        await pilot.press("w")
        await settle(pilot)
        assert "handover-20261122-day" in str(screen.query_one("#handover-message").render())

        with app.desk.engine.connect() as conn:
            notes = conn.execute(text("SELECT note, kind FROM handovernote")).all()
        assert [tuple(n) for n in notes] == [("Keys in drawer 2\n回访李秀英", "day")]
        reports = tmp_path / "reports"
        page = (reports / "handover-20261122-day.html").read_text(encoding="utf-8")
        markdown = (reports / "handover-20261122-day.md").read_text(encoding="utf-8")
        for case in recorded[1:]:
            assert case.case_no in page and case.case_no in markdown
        assert recorded[0].case_no not in page  # six days ago: another shift
        assert "回访李秀英" in page and "Keys in drawer 2" in markdown
        assert "0571-87654321" not in page and "87654321" not in page  # 李秀英's number, masked
        book = load_workbook(reports / "handover-20261122-day.xlsx")
        summary = [row for row in book.worksheets[0].iter_rows(values_only=True)]
        assert ("Cases received", "2") in summary
        cases = [row[0] for row in book.worksheets[1].iter_rows(min_row=3, values_only=True)]
        assert cases == [r.case_no for r in recorded[1:]]

        await pilot.press("left_square_bracket")  # the night before: nothing received
        await settle(pilot)
        assert screen.report.shift.kind == "night" and screen.report.cases == ()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)


async def test_leaving_the_handover_keeps_the_note_typed(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("n", *"Watch the car park", "escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        with app.desk.engine.connect() as conn:
            assert conn.execute(text("SELECT note FROM handovernote")).scalar() == "Watch the car park"


async def test_saving_the_note_then_writing_the_report_at_once_does_both_and_says_both(tmp_path, monkeypatch):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandoverScreen)
        said: list[str] = []
        shown = screen._message
        monkeypatch.setattr(screen, "_message", lambda text, **how: (said.append(text), shown(text, **how)))
        gate = threading.Event()
        save_note = HandoverDesk.save_note

        def held(service, *args, **kwargs):
            assert gate.wait(10), "the test never let the save go"
            return save_note(service, *args, **kwargs)

        monkeypatch.setattr(HandoverDesk, "save_note", held)
        await pilot.press("n", *"Spare keys at the gate", "ctrl+s", "w")  # ctrl+s leaves the notes: w is a key
        await pilot.pause()
        assert screen.writing()  # the save is held; the report waits behind it, not instead of it
        gate.set()
        for _ in range(40):
            if not screen.writing():
                break
            await settle(pilot)
        await settle(pilot)
        # The report's w waited for the save it was typed after (screens.shell.keyorder), then counted and wrote.
        assert "handover-20261122-day" in said[-1] and t("handover.saved") in said[:-1], said
        assert said.index(t("handover.saved")) < len(said) - 1
        with app.desk.engine.connect() as conn:
            assert conn.execute(text("SELECT note FROM handovernote")).scalar() == "Spare keys at the gate"
        assert (tmp_path / "reports" / "handover-20261122-day.md").exists()


async def test_the_desk_updates_when_another_terminal_saves_a_case(tmp_path, monkeypatch):
    monkeypatch.setattr(DeskScreen, "POLL_SECONDS", 0.2)
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        desk = app.desk
        cases_today = app.screen.query_one("#cases-today", Figure)
        assert cases_today.value == 0
        other_engine = make_engine(desk.url)  # the other terminal: its own engine on the same file
        try:
            other = Desk(settings=desk.settings, engine=other_engine, on_duty=desk.on_duty, url=desk.url,
                         clock=lambda: FROZEN_NOW)
            other.cases.record_case(CaseDraft(reporter=PersonInput(name="赵强", phone="13700002222"), category="theft",
                                        summary="手机被盗"), now=FROZEN_NOW)
        finally:
            other_engine.dispose()
        # The desk looks every 0.2 s here: wait until it has seen the other terminal's case.
        assert await wait_until(pilot, lambda: cases_today.value == 1)
        breakdown = app.screen.query_one(CategoryBreakdown)
        assert [(c.code, c.count) for c in breakdown.counts] == [("theft", 1)]
        assert "Theft" in str(breakdown.render())
