"""Roles at the service layer: what a duty officer, a supervisor and an admin may do."""

from __future__ import annotations

from dataclasses import replace

import pytest

from frontdesk.access.roles import NotAllowed, may
from frontdesk.cases.recording import CaseDraft
from frontdesk.desk import Desk
from frontdesk.handoffs.lists import BodyInput
from frontdesk.i18n import set_language
from frontdesk.callers.people import PersonInput
from tests.conftest import FROZEN_NOW


def desk_as(role, engine, settings, on_duty, db_url) -> Desk:
    return Desk(settings=settings, engine=engine, on_duty=replace(on_duty, role=role), url=db_url,
                clock=lambda: FROZEN_NOW)


@pytest.fixture
def closed_case(engine, settings, on_duty, db_url):
    admin = desk_as("admin", engine, settings, on_duty, db_url)
    recorded = admin.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678"),
                                           category="dispute", summary="纠纷"), now=FROZEN_NOW)
    admin.cases.close_case(recorded.case_id, disposition="mediated", note="已调解", now=FROZEN_NOW)
    return recorded


def test_the_first_officer_of_a_new_station_is_its_admin(on_duty):
    assert on_duty.role == "admin"


def test_a_duty_officer_is_refused_supervisor_and_admin_work_by_the_services(
        engine, settings, on_duty, db_url, closed_case):
    duty = desk_as("duty", engine, settings, on_duty, db_url)
    with pytest.raises(NotAllowed, match="needs a supervisor"):
        duty.cases.reopen_case(closed_case.case_id, reason="补充材料")
    with pytest.raises(NotAllowed):
        duty.cases.void_case(closed_case.case_id, reason="录入错误", now=FROZEN_NOW)
    with pytest.raises(NotAllowed):
        duty.callers.record_review(person_id=closed_case.reporter_id, phone_e164=None, called_back=True, reached=True,
                           note="")
    with pytest.raises(NotAllowed, match="needs a station admin"):
        duty.handoffs.save_body(BodyInput(name_zh="市场监管所", name_en=""), body_id=None, version=None)
    set_language("zh")
    with pytest.raises(NotAllowed) as refused:
        duty.cases.reopen_case(closed_case.case_id, reason="补充材料")
    assert "带班领导" in refused.value.message and "值班民警" in refused.value.message
    # Their own work goes on: recording, and voiding an open case recorded in error.
    recorded = duty.cases.record_case(CaseDraft(reporter=PersonInput(name="李秀英", phone="13900001111"),
                                          category="help", summary="求助"), now=FROZEN_NOW)
    duty.cases.void_case(recorded.case_id, reason="重复录入", now=FROZEN_NOW)


def test_a_supervisor_corrects_closed_records_but_does_not_change_the_station_lists(
        engine, settings, on_duty, db_url, closed_case):
    supervisor = desk_as("supervisor", engine, settings, on_duty, db_url)
    supervisor.cases.reopen_case(closed_case.case_id, reason="补充材料")
    with pytest.raises(NotAllowed):
        supervisor.handoffs.save_body(BodyInput(name_zh="市场监管所", name_en=""), body_id=None, version=None)
    admin = desk_as("admin", engine, settings, on_duty, db_url)
    admin.handoffs.save_body(BodyInput(name_zh="市场监管所", name_en=""), body_id=None, version=None)


def test_the_rules_by_role():
    assert may("duty", "record_case") and not may("duty", "reopen_case")
    assert may("supervisor", "read_audit") and not may("supervisor", "manage_officers")
    assert all(may("admin", action) for action in ("reopen_case", "station_lists", "manage_officers"))
    assert not may("nobody", "reopen_case")


def test_numbers_in_free_text_and_log_lines_are_masked():
    import logging

    from frontdesk.cli import MaskingFormatter
    from frontdesk.validation import mask_numbers

    text = "rang +8613812345678 / 138 1234 5678, ID 11010519491231002X, 0571-87654321, case LS-20261122-0001"
    assert mask_numbers(text) == ("rang +861******5678 / 138 **** 5678, ID 110***********002X, 057*-****4321, "
                                  "case LS-20261122-0001")
    record = logging.LogRecord("frontdesk", logging.ERROR, __file__, 1,
                               "insert failed [parameters: ('%s',)]", ("+8613812345678",), None)
    line = MaskingFormatter("%(message)s").format(record)
    assert "13812345678" not in line and "+861******5678" in line


def test_every_refusal_for_a_role_names_the_action_as_a_sentence_begins():
    from frontdesk.access.roles import NEEDS
    from frontdesk.i18n import t

    set_language("en")
    for action in NEEDS:
        words = t(f"access.action.{action}")
        first = words.split()[0]
        assert first[0].isupper() and first.endswith("ing"), (action, words)  # "Importing logbooks needs a …"
