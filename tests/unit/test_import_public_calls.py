"""Real published call logs opened without a mapping (excerpts in tests/data/public, their sources in its
SOURCES.md): Milwaukee's police calls, whose `id` is the call's number and whose `status` holds how each call
ended; St. Louis's police calls, whose `id` is the event's number (P2007280856). Neither number was proposed,
so it was lost from the cases; and Milwaukee's calls to be filed, with a driver exchange report filed, not prosecuted or
ending in an order to appear were refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_service_requests import desk, imports  # noqa: F401

PUBLIC = Path(__file__).parent.parent / "data" / "public"
MILWAUKEE = PUBLIC / "milwaukee-police-calls.csv"
ST_LOUIS = PUBLIC / "stlouis-police-calls.csv"


@pytest.mark.parametrize("path", [MILWAUKEE, ST_LOUIS])
def test_a_call_logs_id_is_its_record_number(imports, path):
    assert imports.open(str(path)).mapping.column("record_no") == "id"


def test_a_portals_row_numbers_named_id_are_no_record_number(imports, tmp_path):
    """A portal's download that numbers its rows 1, 2, 3 under `id` (CKAN's _id) gives no record its number."""
    path = tmp_path / "calls.csv"
    path.write_text("_id,date,nature\n1,2018-05-01 00:10:28,THEFT\n2,2018-05-01 00:18:31,THEFT\n"
                    "3,2018-05-01 00:20:00,BATTERY\n4,2018-05-01 00:21:00,THEFT\n", encoding="utf-8")
    assert imports.open(str(path)).mapping.column("record_no") is None


def test_a_call_logs_number_heads_its_cases_narrative(imports, desk):
    from sqlalchemy import select

    from db.engine import read_session
    from db.models import Case

    result = imports.run(imports.open(str(ST_LOUIS)))
    assert result.imported == 19  # (the call types no category names are the officer's to map)
    with read_session(desk.engine) as session:
        narratives = session.execute(select(Case.narrative)).scalars().all()
    assert any("P2007280856" in narrative for narrative in narratives)


@pytest.mark.parametrize(("written", "code"), [
    ("To be Filed", "referred"),  # a report to be written, as Seattle's REPORT WRITTEN
    ("Filed Driver Exchange Report", "referred"),
    ("Ordered to Appear", "referred"),  # a summons to court, as City Citation(s) Issued
    ("Open Investigation", ""),  # still looked into, or referred for investigation: the officer says
    ("No Prosecution", "closed"),
    ("Referral", ""),  # to another body, or referred for investigation: the officer says
    ("Patrol Request", ""),
])
def test_milwaukees_call_outcomes_are_proposed(imports, written, code):
    opened = imports.open(str(MILWAUKEE))
    assert opened.mapping.column("status") == "status"
    assert opened.mapping.statuses[written] == code


def test_milwaukees_calls_are_refused_only_for_the_outcomes_the_officer_maps(imports, desk):
    from dataclasses import replace

    opened = imports.open(str(MILWAUKEE))
    opened.mapping = replace(opened.mapping, categories={word: "other" for word in opened.mapping.categories})
    result = imports.run(opened)
    assert (result.read, result.imported) == (32, 28)
    assert dict(result.kinds) == {"unknown_status": 4}  # Open Investigation (2), Referral, Patrol Request


@pytest.mark.parametrize(("written", "code"), [
    ("ACC PDO", "traffic"), ("ACC PI", "traffic"),  # an accident, property damage only or a person injured
    ("SUSP PERS/AUTO", "tip"),  # a suspicious person or car, as Seattle's SUSPICIOUS CIRCUM.
    ("TRBL W/SUBJ", ""), ("ROBBERY ST ARM", ""),  # trouble with a subject, a robbery: the officer says
])
def test_milwaukees_natures_written_short_are_proposed_by_their_words(imports, written, code):
    assert imports.open(str(MILWAUKEE)).mapping.categories[written] == code


def test_an_id_column_of_resident_id_numbers_is_no_record_number(imports, tmp_path):
    """A register's ID beside the reporter's name: a person's number, never a record's (nor shown as one)."""
    path = tmp_path / "register.csv"
    path.write_text("Name,Phone,ID,Date,Category\n"
                    "Zhang San,13812345678,11010519491231002X,2024-03-05 14:20,Dispute\n"
                    "Li Si,13912345678,110105194912310037,2024-03-05 15:20,Theft\n"
                    "Wang Wu,13712345678,110105****10037,2024-03-05 16:20,Theft\n", encoding="utf-8")
    assert imports.open(str(path)).mapping.column("record_no") is None
