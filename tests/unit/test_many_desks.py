"""Several desks saving at once: real OS processes on one database lose nothing and show no raw error."""

from __future__ import annotations

import multiprocessing
import traceback
from datetime import timedelta

import pytest
from sqlalchemy import text

from db.engine import make_engine, read_session, write_session
from frontdesk.access.audit import verify
from frontdesk.cases.recording import CaseDraft
from frontdesk.desk import Desk
from frontdesk.i18n import DeskError, set_language
from frontdesk.callers.people import PersonInput
from tests.conftest import ensure_on_duty
from tests.conftest import FROZEN_NOW

DESKS = 4
CASES_EACH = 12


def _desk_saves(url: str, settings, on_duty, desk_no: int, start, results) -> None:
    """One terminal: open its own engine, wait for the others, then save cases one after another."""
    try:
        engine = make_engine(url)
        desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=url, clock=lambda: FROZEN_NOW)
        saved = []
        start.wait(60)
        for number in range(CASES_EACH):
            reporter = PersonInput(name=f"来访人{desk_no}-{number}", phone=f"1391{desk_no:03d}{number:04d}")
            draft = CaseDraft(reporter=reporter, category="dispute", summary=f"第{desk_no}台 第{number}起 纠纷",
                              place="东关村3组")
            saved.append(desk.cases.record_case(draft, now=FROZEN_NOW - timedelta(minutes=number)).case_no)
        engine.dispose()
        results.put(("ok", desk_no, saved))
    except DeskError as exc:  # what the officer would read
        results.put(("desk_error", desk_no, exc.message))
    except BaseException:  # a raw database error reaching the officer: the test fails on it
        results.put(("raw", desk_no, traceback.format_exc()))


def test_several_desk_processes_saving_at_once_lose_nothing(db_url, settings):
    engine = make_engine(db_url)
    on_duty = ensure_on_duty(engine, settings)
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    desks = [context.Process(target=_desk_saves, args=(db_url, settings, on_duty, n, start, results))
             for n in range(DESKS)]
    for process in desks:
        process.start()
    start.set()
    outcomes = [results.get(timeout=240) for _ in desks]
    for process in desks:
        process.join(60)
        assert process.exitcode == 0

    problems = [outcome for outcome in outcomes if outcome[0] != "ok"]
    assert problems == []
    numbers = [number for _, _, saved in outcomes for number in saved]
    assert len(numbers) == len(set(numbers)) == DESKS * CASES_EACH

    with read_session(engine) as session:
        stored = [row[0] for row in session.execute(text("SELECT case_no FROM \"case\""))]
        assert sorted(stored) == sorted(numbers)
        # Case numbers of the day run 1..n without a gap or a double.
        assert sorted(int(number.rsplit("-", 1)[1]) for number in stored) == list(range(1, len(stored) + 1))
        seqs = [row[0] for row in session.execute(
            text("SELECT seq FROM changelog WHERE site = 'LS' ORDER BY seq"))]
        assert seqs == list(range(1, len(seqs) + 1))  # the change log has no gap
        logged_cases = session.execute(text("SELECT count(*) FROM changelog WHERE table_name = 'case'")).scalar()
        assert logged_cases == DESKS * CASES_EACH
        report = verify(session)
    assert report.intact, report.problems
    engine.dispose()


@pytest.mark.parametrize("lang, words", [("en", "Another desk is saving right now"), ("zh", "其他终端正在保存")])
def test_a_desk_kept_waiting_past_the_timeout_is_told_in_words_and_nothing_is_saved(sqlite_template, tmp_path,
                                                                                   settings, lang, words):
    import shutil

    shutil.copyfile(sqlite_template, tmp_path / "desk.sqlite")
    url = f"sqlite:///{tmp_path / 'desk.sqlite'}"
    other = make_engine(url)
    on_duty = ensure_on_duty(other, settings)
    impatient = make_engine(url, busy_timeout_ms=150)
    desk = Desk(settings=settings, engine=impatient, on_duty=on_duty, url=url, clock=lambda: FROZEN_NOW)
    draft = CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678"), category="dispute",
                      summary="邻居占用车位发生口角")
    set_language(lang)
    with write_session(other) as holding:
        holding.connection()  # another desk in the middle of a long save holds the write lock
        with pytest.raises(DeskError) as caught:
            desk.cases.record_case(draft, now=FROZEN_NOW)
    assert words in caught.value.message
    assert "locked" not in caught.value.message  # not the database's own words
    with read_session(other) as session:
        assert session.execute(text("SELECT count(*) FROM \"case\"")).scalar() == 0
    # Once the other desk is done, the same save goes through.
    assert desk.cases.record_case(draft, now=FROZEN_NOW).case_no.endswith("-0001")
    other.dispose()
    impatient.dispose()
