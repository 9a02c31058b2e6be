"""The station's own case categories: added, renamed, ordered and switched off by the admin, never deleted."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from db.engine import read_session, write_session
from db.models import AuditEvent, ChangeLog
from frontdesk.access.roles import NotAllowed
from frontdesk.callers.people import FieldErrors, PersonInput
from frontdesk.cases import views
from frontdesk.cases.recording import CaseDraft
from frontdesk.desk import Desk
from frontdesk.i18n import DeskError
from frontdesk.station import categories
from tests.conftest import FROZEN_NOW


@pytest.fixture
def admin(on_duty):
    return replace(on_duty.actor, role="admin")


def _do(engine, job):
    with write_session(engine) as session:
        done = job(session)
        session.commit()
        return done


def _rows(engine):
    with read_session(engine) as session:
        return categories.station_categories(session)


def _offered(engine):
    with read_session(engine) as session:
        return [choice.code for choice in views.category_choices(session)]


def test_a_category_is_added_used_then_switched_off_and_its_cases_keep_it(engine, settings, on_duty, db_url, admin):
    added = _do(engine, lambda s: categories.save_category(
        s, categories.CategoryInput(name_zh="价格投诉", name_en="Price complaint", police=False),
        category_id=None, version=None, by=admin))
    assert _offered(engine)[-1] == added.code  # at the end of the list the form offers
    desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)
    recorded = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678"),
                                          category=added.code, summary="超市标价不符"), now=FROZEN_NOW)
    row = next(r for r in _rows(engine) if r.code == added.code)
    assert (row.name_zh, row.police, row.cases) == ("价格投诉", False, 1)

    _do(engine, lambda s: categories.switch_category(s, added.id, active=False, by=admin))
    assert added.code not in _offered(engine)
    assert desk.cases.case_detail(recorded.case_id).case.category == added.code  # kept by the case
    with pytest.raises(DeskError):
        desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678"),
                                   category=added.code, summary="又一起"), now=FROZEN_NOW)
    assert any(r.code == added.code and not r.active for r in _rows(engine))  # never deleted

    with read_session(engine) as session:
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.table_name == "category")).all()
        logged = session.exec(select(ChangeLog.op).where(ChangeLog.table_name == "category",
                                                         ChangeLog.record_id == added.id)).all()
    assert {"add_category", "category_off"} <= set(actions)
    assert logged == ["insert", "update"]  # what sync bundles carry to the other sites


def test_renaming_and_ordering(engine, admin):
    first, second = _rows(engine)[:2]
    _do(engine, lambda s: categories.save_category(
        s, categories.CategoryInput(name_zh="纠纷调解", name_en="Dispute (mediation)"),
        category_id=first.category_id, version=first.version, by=admin))
    assert _rows(engine)[0].name_en == "Dispute (mediation)"
    _do(engine, lambda s: categories.move_category(s, first.category_id, step=+1, by=admin))
    assert [r.code for r in _rows(engine)[:2]] == [second.code, first.code]
    assert _offered(engine)[:2] == [second.code, first.code]
    with pytest.raises(FieldErrors) as refused:  # two categories with one name
        _do(engine, lambda s: categories.save_category(
            s, categories.CategoryInput(name_zh="纠纷调解", name_en=""), category_id=None, version=None, by=admin))
    assert "纠纷调解" in refused.value.message


def test_only_the_admin_changes_the_list_and_one_category_stays_offered(engine, admin):
    duty = replace(admin, role="duty")
    with pytest.raises(NotAllowed):
        _do(engine, lambda s: categories.save_category(
            s, categories.CategoryInput(name_zh="电诈劝阻", name_en=""), category_id=None, version=None, by=duty))
    rows = _rows(engine)
    for row in rows[:-1]:
        _do(engine, lambda s, row=row: categories.switch_category(s, row.category_id, active=False, by=admin))
    with pytest.raises(DeskError, match="only category still offered"):
        _do(engine, lambda s: categories.switch_category(s, rows[-1].category_id, active=False, by=admin))


def test_a_category_names_its_default_hand_off_matter_and_its_cases_are_offered_it(
        engine, settings, on_duty, db_url, admin):
    added = _do(engine, lambda s: categories.save_category(
        s, categories.CategoryInput(name_zh="价格投诉", name_en="Price complaint", police=False,
                                    default_matter="price_complaint"), category_id=None, version=None, by=admin))
    row = next(r for r in _rows(engine) if r.code == added.code)
    assert row.default_matter == "price_complaint"
    desk = Desk(settings=settings, engine=engine, on_duty=on_duty, url=db_url, clock=lambda: FROZEN_NOW)
    recorded = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678"),
                                                category=added.code, police=False, summary="超市标价不符"),
                                      now=FROZEN_NOW)
    proposal = desk.handoffs.propose(recorded.case_id)
    assert (proposal.matter, proposal.body) == ("price_complaint", "hotline_12345")

    # A seeded category's guess gives way to the matter the station names for it.
    noise = next(r for r in _rows(engine) if r.code == "noise")
    _do(engine, lambda s: categories.save_category(
        s, categories.CategoryInput(name_zh=noise.name_zh, name_en=noise.name_en, police=False,
                                    default_matter="animal_nuisance"),
        category_id=noise.category_id, version=noise.version, by=admin))
    barking = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="李梅", phone="13900001111"),
                                               category="noise", police=False, summary="狗叫扰民"), now=FROZEN_NOW)
    assert desk.handoffs.propose(barking.case_id).matter == "animal_nuisance"


def test_a_default_matter_not_on_the_list_or_switched_off_is_refused_naming_it(engine, admin):
    with pytest.raises(FieldErrors) as refused:
        _do(engine, lambda s: categories.save_category(
            s, categories.CategoryInput(name_zh="电诈劝阻", name_en="", default_matter="no_such"),
            category_id=None, version=None, by=admin))
    assert "no_such" in refused.value.message
    from db.models import NonPoliceMatter
    from frontdesk.records import save

    def switch_off(session):
        matter = session.exec(select(NonPoliceMatter).where(NonPoliceMatter.code == "water_leak")).one()
        matter.active = False
        save(session, matter, by=admin)
    _do(engine, switch_off)
    with pytest.raises(FieldErrors) as refused:
        _do(engine, lambda s: categories.save_category(
            s, categories.CategoryInput(name_zh="电诈劝阻", name_en="", default_matter="water_leak"),
            category_id=None, version=None, by=admin))
    assert "漏水" in refused.value.message
    assert "电诈劝阻" not in [r.name_zh for r in _rows(engine)]
