"""311 exports opened as a new user would, without writing a mapping first: NYC's (its Open Data API's
columns, rows as published) and San Francisco's are read as service requests handed to the body in their
agency column; a police call log with an agency column of its own (Cincinnati's AGENCY: CPD) is not."""

from __future__ import annotations

from collections import Counter
from datetime import timezone

import pytest
from sqlalchemy import update

from db.engine import read_session, write_session
from db.models import Case, Handoff, ReceivingBody
from frontdesk.i18n import set_language
from frontdesk.intake.import_run import notes_text
from frontdesk.intake.logbook import open_logbook
from frontdesk.intake.service_requests import propose_service_requests
from tests.unit.test_import_real_exports import CATEGORIES
from tests.unit.test_service_requests import desk, export, handoffs_by_ref, imports, utc  # noqa: F401

NYC_HEADER = ["unique_key", "created_date", "closed_date", "agency", "agency_name", "complaint_type", "descriptor",
              "location_type", "incident_zip", "incident_address", "street_name", "cross_street_1",
              "cross_street_2", "intersection_street_1", "intersection_street_2", "address_type", "city",
              "landmark", "facility_type", "status", "due_date", "resolution_description",
              "resolution_action_updated_date", "community_board"]
NYC_ROWS = [
    ["60879417", "2024-04-16T03:03:15.000", "", "DOT", "Department of Transportation", "Street Condition", "Pothole",
     "", "11413", "", "", "", "", "133 AVENUE", "231 STREET", "INTERSECTION", "QUEENS", "", "N/A", "Open", "",
     "The Department of Transportation referred this complaint to the appropriate Maintenance Unit for repair.",
     "2024-04-16T03:03:15.000", "13 QUEENS"],
    ["60873407", "2024-04-16T01:44:30.000", "2024-04-16T01:44:30.000", "DOT", "Department of Transportation",
     "Street Condition", "Pothole", "", "11413", "", "", "", "", "140 AVENUE", "219 STREET", "INTERSECTION",
     "QUEENS", "", "N/A", "Closed", "", "The Department of Transportation determined that this complaint is a "
     "duplicate of a previously filed complaint. The original complaint is being addressed.",
     "2024-04-16T01:44:30.000", "13 QUEENS"],
    ["60868035", "2024-04-16T01:21:28.000", "", "NYPD", "New York City Police Department", "Abandoned Vehicle",
     "With License Plate", "Street/Sidewalk", "", "", "", "", "", "", "", "", "", "", "", "In Progress", "", "", "",
     "0 Unspecified"],
    ["60865950", "2024-04-16T01:09:26.000", "", "DOT", "Department of Transportation", "Sidewalk Condition",
     "Broken Sidewalk", "Sidewalk", "11204", "2126 58 STREET", "58 STREET", "21 AVENUE", "DEAD END", "21 AVENUE",
     "DEAD END", "ADDRESS", "BROOKLYN", "58 STREET", "", "In Progress", "", "", "", "12 BROOKLYN"],
    ["60880209", "2024-04-16T01:07:00.000", "2024-04-16T01:12:30.000", "NYPD", "New York City Police Department",
     "Blocked Driveway", "No Access", "Street/Sidewalk", "11208", "243 MONTAUK AVENUE", "MONTAUK AVENUE",
     "BELMONT AVENUE", "SUTTER AVENUE", "BELMONT AVENUE", "SUTTER AVENUE", "ADDRESS", "BROOKLYN", "MONTAUK AVENUE",
     "", "Closed", "", "The Police Department reviewed your complaint and provided additional information below.",
     "2024-04-16T01:12:35.000", "05 BROOKLYN"],
    ["60864442", "2024-04-15T23:57:51.000", "", "HPD", "Department of Housing Preservation and Development",
     "DOOR/WINDOW", "DOOR", "RESIDENTIAL BUILDING", "10040", "2 ELLWOOD STREET", "ELLWOOD STREET", "", "", "", "",
     "ADDRESS", "NEW YORK", "", "", "Open", "", "The following complaint conditions are still open. HPD may attempt "
     "to contact you to verify the correction of the condition or may conduct an inspection.",
     "2024-04-15T00:00:00.000", "12 MANHATTAN"],
]
#: What the officer picks in the preview for the file's complaint types.
NYC_CATEGORIES = {"Street Condition": "traffic", "Sidewalk Condition": "traffic", "Abandoned Vehicle": "traffic",
                  "Blocked Driveway": "traffic", "DOOR/WINDOW": "help"}

# San Francisco's 311 cases as its open data portal publishes them, and as a public copy of them carries them
SF_HEADER = ("CaseID,Opened,Closed,Updated,Status,Status Notes,Responsible Agency,Category,Request Type,"
             "Request Details,Address,Street,Supervisor District,Neighborhood,Police District,Latitude,Longitude,"
             "Point,Source,Media URL").split(",")
SF_COPY_HEADER = ("unique_key,created_date,closed_date,resolution_action_updated_date,status,status_notes,agency_name,"
             "category,complaint_type,descriptor,incident_address,supervisor_district,neighborhood,location,source,"
             "media_url,latitude,longitude,police_district").split(",")
CINCINNATI_HEADER = ("ADDRESS_X,AGENCY,CREATE_TIME_INCIDENT,DISPOSITION_TEXT,EVENT_NUMBER,INCIDENT_TYPE_ID,"
                     "INCIDENT_TYPE_DESC,PRIORITY,CLOSED_TIME_INCIDENT,DISTRICT").split(",")


@pytest.mark.parametrize("header, agency, closed_at, reference", [
    # NYC: the agency's name says more than its code (HPD is housing, not a police department)
    (NYC_HEADER, "agency_name", "closed_date", "unique_key"),
    (SF_HEADER, "Responsible Agency", "Closed", "CaseID"),
    (SF_COPY_HEADER, "agency_name", "closed_date", "unique_key"),
    # Los Angeles's MyLA311 (the Owner beside its SRNumber), Cincinnati's 311 (DEPT_NAME)
    (["SRNumber", "CreatedDate", "UpdatedDate", "ActionTaken", "Owner", "RequestType", "Status", "RequestSource",
      "AssignTo", "ServiceDate", "ClosedDate", "Address"], "Owner", "ClosedDate", "SRNumber"),
    (["SR_NUMBER", "SR_TYPE", "SR_TYPE_DESC", "DEPT_NAME", "SR_STATUS", "DATE_CREATED", "DATE_CLOSED", "ADDRESS"],
     "DEPT_NAME", "DATE_CLOSED", "SR_NUMBER"),
    # Chicago's 311, Austin's, Houston's: the department that owns the request
    (["SR_NUMBER", "SR_TYPE", "OWNER_DEPARTMENT", "STATUS", "CREATED_DATE", "CLOSED_DATE"], "OWNER_DEPARTMENT",
     "CLOSED_DATE", "SR_NUMBER"),
    (["sr_number", "sr_type_desc", "sr_department_desc", "sr_status_desc", "sr_created_date", "sr_closed_date"],
     "sr_department_desc", "sr_closed_date", "sr_number"),
    (["CASE NUMBER", "DEPARTMENT", "DIVISION", "SR TYPE", "STATUS", "SR CREATE DATE", "DATE CLOSED"], "DEPARTMENT",
     "DATE CLOSED", "CASE NUMBER"),
])
def test_a_311_export_is_proposed_as_requests_handed_to_its_agency(tmp_path, header, agency, closed_at, reference):
    opened = open_logbook(str(export(tmp_path / "311.csv", header, [])), CATEGORIES, None)
    requests = propose_service_requests(opened.headers, opened.mapping.columns)
    assert (requests.agency, requests.closed_at, requests.reference) == (agency, closed_at, reference)


@pytest.mark.parametrize("header", [
    CINCINNATI_HEADER,
    # a department column beside an incident's number is the police's own division, not a body it went to
    ["Incident Number", "Date", "Offense", "Department", "Division", "Status"],
])
def test_a_police_log_with_an_agency_column_is_not_read_as_service_requests(tmp_path, header):
    opened = open_logbook(str(export(tmp_path / "calls.csv", header, [])), CATEGORIES, None)
    assert propose_service_requests(opened.headers, opened.mapping.columns) is None


@pytest.mark.parametrize("lang, words", [
    ("en", ["Read as the police", "New York City Police Department: 2 rows"]),
    ("zh", ["按公安机关读取", "New York City Police Department：2 行"]),
])
def test_nycs_311_rows_become_hand_offs_police_cases_and_named_unknown_agencies(imports, desk, tmp_path, lang,
                                                                                 words):
    set_language(lang)
    with write_session(desk.engine) as session:  # the station's list names the city's transport department
        session.execute(update(ReceivingBody).where(ReceivingBody.code == "transport_12328")
                        .values(name_en="Department of Transportation"))
        session.commit()
    opened = imports.open(str(export(tmp_path / "nyc-311.csv", NYC_HEADER, NYC_ROWS)))
    assert opened.mapping.service_requests.agency == "agency_name"
    opened.mapping.categories.update(NYC_CATEGORIES)
    shown = imports.preview(opened)
    assert shown.police_agencies == Counter({"New York City Police Department": 2})
    result = imports.run(opened)
    assert (result.read, result.imported, result.rejected) == (6, 5, 1)
    # the housing department has no body in the station's list: reported with its row, never invented
    assert result.unknown_agencies == Counter({"Department of Housing Preservation and Development": 1})
    assert result.police_agencies == Counter({"New York City Police Department": 2})
    said = "\n".join(notes_text(result))
    assert all(word in said for word in words)
    handed = handoffs_by_ref(desk.engine)
    assert {ref: row[:2] for ref, row in handed.items()} == {
        "60879417": ("transport_12328", "pending"), "60873407": ("transport_12328", "done"),
        "60865950": ("transport_12328", "accepted")}
    body, status, handed_at, done_at, notes, case_status, disposition, police, closed_at, category = \
        handed["60873407"]
    assert done_at.astimezone(timezone.utc) == utc("2024-04-16T01:44:30") == closed_at.astimezone(timezone.utc)
    assert (case_status, disposition, police, category) == ("closed", "handed_off", False, "traffic")
    assert notes.startswith("The Department of Transportation determined")
    with read_session(desk.engine) as session:  # the police's own requests: the station's cases, not handed off
        own = session.execute(select_own()).all()
    assert sorted((row.status, row.police, row.closed_at and row.closed_at.astimezone(timezone.utc),
                   row.handoffs) for row in own) == [
        ("closed", True, utc("2024-04-16T01:12:30"), 0), ("in_progress", True, None, 0)]
    again = imports.run(imports.open(str(tmp_path / "nyc-311.csv")))
    assert again.imported == 0


def select_own():
    from sqlalchemy import func, select

    handoffs = select(func.count()).where(Handoff.case_id == Case.id).scalar_subquery()
    return select(Case.status, Case.police, Case.closed_at, handoffs.label("handoffs")).where(
        Case.summary.in_(["With License Plate", "No Access"]))


def test_a_mapping_naming_the_police_agency_a_body_is_followed(imports, desk, tmp_path):
    """The police word is only the desk's guess: an agency the mapping maps to a body is handed off to it."""
    from dataclasses import replace

    opened = imports.open(str(export(tmp_path / "nyc-311.csv", NYC_HEADER, NYC_ROWS[2:3])))
    opened.mapping.categories.update(NYC_CATEGORIES)
    requests = replace(opened.mapping.service_requests, bodies={"New York City Police Department": "other_police"})
    opened.mapping = replace(opened.mapping, service_requests=requests)
    result = imports.run(opened)
    assert result.imported == 1 and not result.police_agencies
    assert {ref: row[:2] for ref, row in handoffs_by_ref(desk.engine).items()} == {
        "60868035": ("other_police", "accepted")}


@pytest.mark.parametrize("agency", [
    "Department of Police Accountability",  # San Francisco's: it oversees the police, it is not them
    "杭州市公安局西湖区分局",  # a 12345 export's police branch is not this station: the officer maps it
    "西湖区公安分局文新派出所",
])
def test_an_agency_only_near_the_police_is_an_unknown_agency_not_the_stations_own(imports, desk, tmp_path, agency):
    rows = [[*NYC_ROWS[2][:4], agency, *NYC_ROWS[2][5:]]]
    opened = imports.open(str(export(tmp_path / "nyc-311.csv", NYC_HEADER, rows)))
    opened.mapping.categories.update(NYC_CATEGORIES)
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (0, 1)
    assert result.unknown_agencies == Counter({agency: 1}) and not result.police_agencies


def test_a_request_closed_on_a_bare_date_the_day_it_was_made_is_done_with_the_time_unknown(imports, desk, tmp_path):
    """Kansas City writes CLOSED DATE with no time: on the day made it is no time to done at all, so it is
    done with the time unknown, left out of the time to done."""
    with write_session(desk.engine) as session:
        session.execute(update(ReceivingBody).where(ReceivingBody.code == "transport_12328")
                        .values(name_en="Department of Transportation"))
        session.commit()
    row = list(NYC_ROWS[1])
    row[2] = "2024-04-16"
    opened = imports.open(str(export(tmp_path / "nyc-311.csv", NYC_HEADER, [row])))
    opened.mapping.categories.update(NYC_CATEGORIES)
    result = imports.run(opened)
    assert (result.imported, result.done_untimed) == (1, 1)
    assert handoffs_by_ref(desk.engine)["60873407"][1:4:2] == ("done", None)


def test_a_saved_proposal_lists_the_files_agencies_for_the_officer_to_fill(imports, desk, tmp_path):
    """`--save-mapping` (or ctrl+s) on a 311 export: its [service_requests.bodies] names each agency of the file
    with "", which maps nothing; the officer fills one, and its rows are handed off to that body."""
    from dataclasses import replace

    from frontdesk.intake.mapping_file import load_mapping

    path = export(tmp_path / "nyc-311.csv", NYC_HEADER, NYC_ROWS)
    opened = imports.open(str(path))
    saved = imports.save_mapping(replace(opened.mapping, name="nyc"))
    text = saved.read_text(encoding="utf-8")
    assert '[service_requests.bodies]' in text and '"Department of Transportation" = ""' in text
    as_saved = imports.open(str(path), "nyc")
    as_saved.mapping.categories.update(NYC_CATEGORIES)
    assert imports.preview(as_saved).police_agencies  # "" is no mapping: the police are still the station's
    saved.write_text(text.replace('"Department of Transportation" = ""', '"Department of Transportation" = '
                                  '"transport_12328"'), encoding="utf-8")
    assert load_mapping("nyc", imports.mappings_folder).service_requests.bodies["Department of Transportation"] \
        == "transport_12328"
    filled = imports.open(str(path), "nyc")
    filled.mapping.categories.update(NYC_CATEGORIES)
    result = imports.run(filled)
    assert (result.imported, result.rejected) == (5, 1)
    assert {ref: row[0] for ref, row in handoffs_by_ref(desk.engine).items()} == dict.fromkeys(
        ("60879417", "60873407", "60865950"), "transport_12328")
