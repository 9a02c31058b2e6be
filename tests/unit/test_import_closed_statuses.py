"""Status words that say closed beside others are proposed as closed: Indiana University's campus crime log
(rows as published) writes CLOSED, Closed By Arrest and Closed No Arrest; the last two had been refused. An
outcome the words name (an arrest) is the case's disposition; one they say was not reached is not. Pittsburgh's
CLEAREDFLAG (Y or N) is not proposed as the status: N says the offence was not cleared, not that the matter is
open at the desk."""

from __future__ import annotations

from frontdesk.i18n import set_language
from frontdesk.intake.cli import mapping_lines
from frontdesk.intake.logbook import closed_with
from tests.unit.test_service_requests import desk, export, imports  # noqa: F401

IU_HEADER = ["report_num", "date", "crime_class", "crime", "location", "city", "state", "lat", "long", "status"]
IU_ROWS = [
    ["153468", "12/22/15 0:00", "Trespass", "TRESPASS & MALICIOUS TRESPASS", "TULIP TREE PARKING LOT", "Bloomington",
     "Indiana", "39.172518", "-86.50421", "CLOSED"],
    ["153277", "12/05/15 0:00", "Liquor Laws", "THEFT", "WRIGHT QUAD", "Bloomington", "Indiana", "39.16", "-86.51",
     "Closed By Arrest"],
    ["153221", "12/01/15 0:00", "Larceny", "THEFT", "IMU", "Bloomington", "Indiana", "39.16", "-86.52",
     "Closed No Arrest"],
]


def test_closed_by_arrest_and_closed_no_arrest_are_closed(imports, tmp_path):
    opened = imports.open(str(export(tmp_path / "iu-crime.csv", IU_HEADER, IU_ROWS)))
    assert opened.mapping.statuses == {"CLOSED": "closed", "Closed By Arrest": "referred",
                                       "Closed No Arrest": "closed"}
    for lang, arrest, no_arrest in (("en", "Closed By Arrest → Closed · Referred", "Closed No Arrest → Closed"),
                                    ("zh", "Closed By Arrest → 已办结 · 移交侦查", "Closed No Arrest → 已办结")):
        set_language(lang)
        lines = mapping_lines(opened)
        assert any(line.strip().startswith(arrest) for line in lines), lines
        assert any(line.strip() == no_arrest for line in lines), lines
    set_language("en")
    shown = imports.preview(opened)
    assert [(row.status, row.disposition, [p.key for p in row.problems]) for row in shown.rows] == [
        ("closed", "resolved_on_site", ["import.unknown_category"]), ("closed", "referred", []),
        ("closed", "resolved_on_site", [])]


def test_words_that_say_closed_and_what_follows():
    assert closed_with("Closed - Unfounded") == "unfounded"
    assert closed_with("结案（调解）") == "mediated"
    assert closed_with("Closed Non-Arrest") == "closed"
    assert closed_with("Cleared Exceptionally") == "closed"
    assert closed_with("Case Closed Pending Review") is None  # still under way
    assert closed_with("ACTIVE") is None and closed_with("Open") is None


def test_a_cleared_flag_is_not_proposed_as_the_status(imports, tmp_path):
    header = ["_id", "PK", "CCR", "HIERARCHY", "INCIDENTTIME", "INCIDENTLOCATION", "CLEAREDFLAG",
              "INCIDENTNEIGHBORHOOD", "INCIDENTZONE", "INCIDENTHIERARCHYDESC", "OFFENSES"]
    rows = [["1", "167571957", "17227970", "17", "2017-11-25T23:47:00", "Zone 5", "N", "", "5", "SEXUAL ASSAULT",
             "3124.1 Sexual Assault"],
            ["2", "167574916", "17228078", "21", "2017-11-26T02:21:00", "700 Block Brookline Blvd", "Y", "Brookline",
             "6", "DUI - GENERAL IMPAIRMENT", "3802(a)(1) DUI - General Impairment"]]
    opened = imports.open(str(export(tmp_path / "blotter.csv", header, rows)))
    assert "status" not in opened.mapping.columns
