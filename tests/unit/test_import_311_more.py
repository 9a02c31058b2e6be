"""More cities' 311 exports as published (rows copied from public downloads): Los Angeles's MyLA311 whose
received dates read either way, Baltimore's with R's NA in its outcome, Kansas City's status codes, NYC's older
export with a pending request closed before it was made, Boston's whose department is a code and whose subject
names the agency. Each is opened without a mapping, as a new user would."""

from __future__ import annotations

from datetime import timezone

from sqlalchemy import select, update

from db.engine import read_session, write_session
from db.models import Case, Handoff, ReceivingBody
from frontdesk.i18n import set_language
from frontdesk.intake.preview import file_notes
from tests.unit.test_service_requests import desk, export, handoffs_by_ref, imports, utc  # noqa: F401

LA_HEADER = ["srnumber", "requesttype", "status", "actiontaken", "createddate", "updateddate", "servicedate",
             "closeddate", "requestsource", "owner", "createdbyuserorganization", "mobileos", "anonymous",
             "assignto", "latitude", "longitude", "address", "zipcode"]
LA_ROWS = [
    ["1-1523590121", "Illegal Dumping Pickup", "Closed", "SR Created", "1/1/20 0:05", "1/2/20 8:43", "1/2/20 0:00",
     "1/2/20 8:43", "Call", "BOS", "BOS", "", "N", "WV", "34.19402846", "-118.4994716", "16815 W VANOWEN ST, 91406",
     "91406"],
    ["1-1523617885", "Bulky Items", "Closed", "SR Created", "1/1/20 9:10", "1/21/20 10:23", "1/6/20 0:00",
     "1/21/20 10:15", "Mobile App", "BOS", "Self Service", "iOS", "N", "NC", "34.0818189", "-118.3124681",
     "600 N GRAMERCY PL, 90004", "90004"],
    ["1-1523617721", "Graffiti Removal", "Referred Out", "SR Created", "1/1/20 9:00", "1/5/20 7:52", "1/5/20 7:52",
     "1/5/20 7:52", "Mobile App", "OCB", "Self Service", "iOS", "N", "LACC", "34.0369308", "-118.3686254",
     "2330 S FAIRFAX AVE, 90016", "90016"],
]
BALTIMORE_HEADER = ["", "SRRecordID", "ServiceRequestNum", "SRType", "MethodReceived", "CreatedDate", "SRStatus",
                    "StatusDate", "DueDate", "CloseDate", "Agency", "LastActivity", "LastActivityDate", "Outcome",
                    "Address", "ZipCode", "Neighborhood"]
BALTIMORE_ROWS = [
    ["1", "5004M00000ZwOMnQAN", "19-00711545", "TRM-Street and Crosswalk Markings", "Phone", "10/21/2019 11:49:49 AM",
     "Open", "10/21/2019 11:50:08 AM", "04/18/2020 11:49:49 AM", "", "Transportation", "NA", "NA", "NA",
     "LIBERTY HEIGHTS AVE & REISTERSTOWN RD, Baltimore City, 21215", "21215", "Mondawmin"],
]
KC_HEADER = ["CASE ID", "SOURCE", "DEPARTMENT", "WORK GROUP", "REQUEST TYPE", "CATEGORY", "TYPE", "DETAIL",
             "CREATION DATE", "CREATION TIME", "CREATION MONTH", "CREATION YEAR", "STATUS", "EXCEEDED EST TIMEFRAME",
             "CLOSED DATE", "CLOSED MONTH", "CLOSED YEAR", "DAYS TO CLOSE", "STREET ADDRESS"]
KC_ROWS = [
    ["2020002530", "PHONE", "Public Works", "Public Works-Street and Traffic-District 3",
     "Streets / Roadways / Alleys-Pothole-District 3", "Streets / Roadways / Alleys", "Pothole", "District 3", "1/7/20",
     "12:59 PM", "1", "2020", "RESOL", "Y", "2/12/20", "2", "2020", "36", "4900 E 63rd St"],
    ["2020025024", "PHONE", "Public Works", "Public Works-Street and Traffic-District 3",
     "Streets / Roadways / Alleys-Pothole-District 3", "Streets / Roadways / Alleys", "Pothole", "District 3", "2/19/20",
     "2:24 PM", "2", "2020", "OPEN", "N", "", "", "", "", "7077 Elmwood Ave"],
]
NYC_OLD_HEADER = ["Unique Key", "Created Date", "Closed Date", "Agency", "Agency Name", "Complaint Type", "Descriptor",
                  "Incident Address", "Status", "Resolution Description"]
NYC_OLD_ROWS = [  # pending, closed the day before it was made: the closed time is not the request's yet
    ["37695674", "11/14/2017 01:28:00 PM", "11/13/2017 01:27:00 PM", "DOT", "Department of Transportation",
     "Street Light Condition", "Street Light Out", "STUYVESANT SQR", "Pending",
     "Service Request status for this request is available on the Department of Transportation's website."],
]

BOSTON_HEADER = ["case_enquiry_id", "open_dt", "target_dt", "closed_dt", "ontime", "case_status", "closure_reason",
                 "case_title", "subject", "reason", "type", "queue", "department", "submittedphoto", "closedphoto",
                 "location", "fire_district", "pwd_district", "city_council_district", "police_district",
                 "neighborhood", "neighborhood_services_district", "ward", "precinct", "location_street_name",
                 "location_zipcode", "latitude", "longitude", "source"]
BOSTON_ROWS = [  # department holds codes (INFO is the mayor's hotline, for the police's request too); subject names
    ["101004113313", "2022-01-01 01:56:00", "", "", "ONTIME", "Open", " ", "Loud Parties/Music/People",
     "Boston Police Department", "Noise Disturbance", "Loud Parties/Music/People",
     "INFO01_GenericeFormforOtherServiceRequestTypes", "INFO", "", "", "755 Boylston St  Boston  MA  02116", "4",
     "1C", "8", "D4", "Back Bay", "14", "Ward 5", "0508", "755 Boylston St", "02116", "42.3494", "-71.0811",
     "Constituent Call"],
    ["101004155594", "2022-01-31 11:46:00", "", "", "ONTIME", "Open", " ", "Misc. Snow Complaint",
     "Public Works Department", "Administrative & General Requests", "Misc. Snow Complaint", "PWDx_Snow Cases",
     "PWDx", "", "", "850 South St  Roslindale  MA  02131", "9", "06", "5", "E5", "Roslindale", "10", "Ward 20",
     "2004", "850 South St", "02131", "42.2884", "-71.133", "Constituent Call"],
    ["101004113385", "2022-01-01 09:17:38", "2022-01-04 08:30:00", "2022-01-03 00:11:40", "ONTIME", "Closed",
     "Case Closed. Closed date : 2022-01-03 00:11:40.347 Case Resolved CLEAR ", "Parking Enforcement",
     "Transportation - Traffic Division", "Enforcement & Abandoned Vehicles", "Parking Enforcement",
     "BTDT_Parking Enforcement", "BTDT", "", "", "17 Hinckley St  Dorchester  MA  02125", "7", "03", "3", "C11",
     "Dorchester", "7", "Ward 13", "1306", "17 Hinckley St", "02125", "42.3176", "-71.0601", "Citizens Connect App"],
]


def _body_named(desk, name: str, code: str = "transport_12328") -> None:
    with write_session(desk.engine) as session:
        session.execute(update(ReceivingBody).where(ReceivingBody.code == code).values(name_en=name))
        session.commit()


def test_los_angeles_dates_read_either_way_are_settled_by_its_closed_column(imports, desk, tmp_path):
    """Every created date is 1/1/20 (either way); 1/21/20 in the closed column says month first, so 1/2/20
    is 2 January, not 1 February. Referred Out: sent on and not done by the body."""
    _body_named(desk, "BOS", "hotline_12345")
    _body_named(desk, "OCB", "transport_12328")
    opened = imports.open(str(export(tmp_path / "myla311.csv", LA_HEADER, LA_ROWS)))
    assert opened.mapping.day_first is False and opened.mapping.service_requests.agency == "owner"
    opened.mapping.categories.update({"Illegal Dumping Pickup": "other", "Bulky Items": "other",
                                      "Graffiti Removal": "other"})
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (3, 0)
    handed = handoffs_by_ref(desk.engine)
    assert handed["1-1523590121"][3].astimezone(timezone.utc) == utc("2020-01-02T08:43")
    assert handed["1-1523617885"][3].astimezone(timezone.utc) == utc("2020-01-21T10:15")
    assert handed["1-1523617721"][1] == "returned"


def test_baltimores_na_is_an_empty_cell_and_its_request_number_is_kept(imports, desk, tmp_path):
    _body_named(desk, "Transportation")
    opened = imports.open(str(export(tmp_path / "baltimore311.csv", BALTIMORE_HEADER, BALTIMORE_ROWS)))
    columns = opened.mapping.columns
    assert (columns["record_no"], columns["channel"], columns.get("disposition")) == (
        "ServiceRequestNum", "MethodReceived", "Outcome")
    assert "NA" not in opened.mapping.dispositions  # nothing to map: NA says nothing
    requests = opened.mapping.service_requests
    assert (requests.agency, requests.closed_at, requests.reference) == ("Agency", "CloseDate", "ServiceRequestNum")
    opened.mapping.categories.update({"TRM-Street and Crosswalk Markings": "traffic"})
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (1, 0)
    assert handoffs_by_ref(desk.engine)["19-00711545"][:2] == ("transport_12328", "pending")


def test_kansas_citys_status_codes_are_hand_off_steps(imports, desk, tmp_path):
    """RESOL is done; CLOSED DATE is a date with no time, on a later day: done at its midnight."""
    _body_named(desk, "Public Works")
    opened = imports.open(str(export(tmp_path / "kc311.csv", KC_HEADER, KC_ROWS)))
    assert opened.mapping.service_requests.agency == "DEPARTMENT"
    opened.mapping.categories.update({"Streets / Roadways / Alleys": "traffic"})
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (2, 0), [reject.reason for reject in result.rejects]
    handed = handoffs_by_ref(desk.engine)
    assert handed["2020002530"][1] == "done" and handed["2020025024"][1] == "pending"
    assert handed["2020002530"][2].astimezone(timezone.utc) == utc("2020-01-07T12:59")
    assert handed["2020002530"][3].astimezone(timezone.utc) == utc("2020-02-12T00:00")


def test_kansas_citys_type_is_the_summary_beside_its_broader_category(imports, desk, tmp_path):
    """CATEGORY says Streets / Roadways / Alleys, TYPE says Pothole, and no column is the summary: the summary
    was the category's words again and the request's type was lost. TYPE (not REQUEST TYPE, which strings the
    three together) is proposed as the summary."""
    _body_named(desk, "Public Works")
    opened = imports.open(str(export(tmp_path / "kc311.csv", KC_HEADER, KC_ROWS)))
    assert (opened.mapping.columns["category"], opened.mapping.columns["summary"]) == ("CATEGORY", "TYPE")
    opened.mapping.categories.update({"Streets / Roadways / Alleys": "traffic"})
    assert imports.run(opened).imported == 2
    with read_session(desk.engine) as session:
        assert session.execute(select(Case.summary)).scalars().all() == ["Pothole", "Pothole"]
    same = export(tmp_path / "same.csv", ["CREATION DATE", "CATEGORY", "TYPE", "REQUEST TYPE"],
                  [["1/7/20", "Pothole", "Pothole", "1"], ["2/7/20", "Curb", "Curb", "2"]])
    assert "summary" not in imports.open(str(same)).mapping.columns  # (saying what the category says: no summary)
    parent = export(tmp_path / "cityprotect.csv", ["date", "incidentType", "parentIncidentType"],
                    [["2017-03-03 09:13", "BURGLARY 1ST DEGREE", "Breaking & Entering"],
                     ["2017-03-15 07:01", "THEFT BY DECEPTION", "Theft"], ["2017-01-20 15:00", "SHOPLIFTING", "Theft"]])
    assert "summary" not in imports.open(str(parent)).mapping.columns  # (a coarser parent type: no summary)


def test_a_pending_request_is_not_refused_for_a_closed_time_it_does_not_use(imports, desk, tmp_path):
    _body_named(desk, "Department of Transportation")
    opened = imports.open(str(export(tmp_path / "nyc-311-2017.csv", NYC_OLD_HEADER, NYC_OLD_ROWS)))
    opened.mapping.categories.update({"Street Light Condition": "traffic"})
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (1, 0)
    assert handoffs_by_ref(desk.engine)["37695674"][1:4:2] == ("sent", None)
    with read_session(desk.engine) as session:
        assert session.execute(select(Case.status)).scalars().all() == ["handed_off"]
        assert session.execute(select(Handoff.done_at)).scalars().all() == [None]


def test_the_preview_says_which_columns_a_request_is_read_from(imports, tmp_path):
    for lang, words in (("en", "Read as requests handed off: the body from “Agency”"),
                        ("zh", "按诉求工单分流导入：承办单位取自“Agency”")):
        set_language(lang)
        opened = imports.open(str(export(tmp_path / "baltimore311.csv", BALTIMORE_HEADER, BALTIMORE_ROWS)))
        said = "\n".join(file_notes(opened))
        assert words in said and "CloseDate" in said and "ServiceRequestNum" in said


def test_save_mapping_over_the_officers_own_imports_with_the_bodies_they_gave(imports, desk, tmp_path, capsys):
    """`--save-mapping nyc` without `--mapping nyc`: the saved file keeps the body the officer gave an agency,
    the command line says how many are left to fill, and the import reads the file as it was written."""
    from argparse import Namespace

    from frontdesk.intake.cli import import_from_command_line
    from tests.unit.test_import_311_exports import NYC_HEADER, NYC_ROWS

    set_language("en")
    rows = [[*row[:5], "Noise - Residential", *row[6:]] for row in NYC_ROWS]  # a type the proposal maps itself
    path = export(tmp_path / "nyc-311.csv", NYC_HEADER, rows)
    folder = imports.mappings_folder
    folder.mkdir(parents=True)
    (folder / "nyc.toml").write_text('name = "nyc"\n[service_requests]\nagency = "agency_name"\n'
                                     '[service_requests.bodies]\n"Department of Transportation" = "transport_12328"\n',
                                     encoding="utf-8")
    import_from_command_line(Namespace(file=str(path), mapping="", save_mapping="nyc", dry_run=False), imports)
    said = capsys.readouterr().out
    # two agencies of the file's three still to fill: the police's and the housing department's
    assert "The file's 2 agencies are listed" in said, said
    handed = handoffs_by_ref(desk.engine)
    assert {ref: row[0] for ref, row in handed.items()} == dict.fromkeys(("60879417", "60873407", "60865950"),
                                                                           "transport_12328")


def test_a_police_logs_status_written_na_is_no_status(imports, tmp_path):
    """NA (as R writes an empty cell) says nothing: the row is closed as one with no status is, and counted
    among those the preview says were closed by default."""
    path = export(tmp_path / "calls.csv", ["Incident Number", "Date", "Offense", "Status"], [
        ["I-1", "2023-05-02 21:15", "Theft", "NA"], ["I-2", "2023-05-02 21:20", "Theft", ""],
        ["I-3", "2023-05-02 21:25", "Theft", "Open"]])
    opened = imports.open(str(path))
    assert "NA" not in opened.mapping.statuses
    shown = imports.preview(opened)
    assert [(row.status, row.closed_by_default, row.problems) for row in shown.rows] == [
        ("closed", True, ()), ("closed", True, ()), ("open", False, ())]
    assert shown.closed_by_default == 2


def test_bostons_agencies_are_read_by_name_where_its_department_holds_codes(imports, desk, tmp_path):
    """Boston's department is a code (INFO, PWDx, BTDT) and its subject the agency's name: the subject is
    proposed, so the police's request is known as theirs and a body is mapped by the name an officer knows."""
    _body_named(desk, "Transportation - Traffic Division")
    opened = imports.open(str(export(tmp_path / "boston311.csv", BOSTON_HEADER, BOSTON_ROWS)))
    requests = opened.mapping.service_requests
    assert (requests.agency, requests.closed_at, requests.reference) == ("subject", "closed_dt", "case_enquiry_id")
    assert list(requests.bodies) == ["Boston Police Department", "Public Works Department",
                                     "Transportation - Traffic Division"]
    opened.mapping.categories.update({"Loud Parties/Music/People": "noise", "Misc. Snow Complaint": "other",
                                      "Parking Enforcement": "traffic"})
    opened.mapping.channels.update({"Constituent Call": "phone", "Citizens Connect App": "online"})
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (2, 1)
    assert dict(result.police_agencies) == {"Boston Police Department": 1}
    assert dict(result.unknown_agencies) == {"Public Works Department": 1}
    handed = handoffs_by_ref(desk.engine)
    assert list(handed) == ["101004113385"] and handed["101004113385"][:2] == ("transport_12328", "done")
    assert handed["101004113385"][3].astimezone(timezone.utc) == utc("2022-01-03T00:11:40")
    with read_session(desk.engine) as session:
        police = session.execute(select(Case.police, Case.status).where(Case.place.startswith("755 Boylston"))).one()
    assert police == (True, "open")


def test_an_agency_column_of_codes_stays_where_nothing_names_them(imports, tmp_path):
    """Codes and no column naming them (NYC's Agency alone): the codes are the agencies, to be mapped."""
    path = export(tmp_path / "codes311.csv", ["Unique Key", "Created Date", "Agency", "Complaint Type"],
                  [["1", "2024-05-01 10:00", "DOT", "Street Light Condition"],
                   ["2", "2024-05-01 11:00", "HPD", "HEAT/HOT WATER"]])
    requests = imports.open(str(path)).mapping.service_requests
    assert (requests.agency, list(requests.bodies)) == ("Agency", ["DOT", "HPD"])


def test_agencies_named_in_one_word_are_names_not_codes(imports, tmp_path):
    """Parks and Water are names: a free-text subject beside them is not taken for the agency."""
    path = export(tmp_path / "city311.csv", ["Request ID", "Created", "Department", "Subject", "Request Type"],
                  [["1", "2024-05-01 10:00", "Parks", "Broken swing at Elm Park", "Park Maintenance"],
                   ["2", "2024-05-01 11:00", "Water", "Leak on Main St", "Water Leak"]])
    requests = imports.open(str(path)).mapping.service_requests
    assert (requests.agency, list(requests.bodies)) == ("Department", ["Parks", "Water"])


def test_vancouvers_close_is_done_and_its_chat_an_online_request(imports, desk, tmp_path):
    """Vancouver's 311 (rows as published): its status Close was an unknown step and its channel Chat an unknown
    channel, so every row was rejected."""
    _body_named(desk, "311 Contact Centre", "hotline_12345")
    header = ["Department", "Service request type", "Status", "Closure reason", "Service request open timestamp",
              "Service request close date", "Last modified timestamp", "Address", "Local area", "Channel"]
    rows = [["311 Contact Centre", "City Services Feedback Case", "Close", "Reviewed and no action planned",
             "2024-01-24T01:46:04+03:00", "2024-01-24", "2024-01-25T00:52:26+03:00", "1556 WILLIAM ST",
             "Grandview-Woodland", "Chat"]]
    opened = imports.open(str(export(tmp_path / "vancouver311.csv", header, rows)))
    assert opened.mapping.channels == {"Chat": "online"}
    opened.mapping.categories.update({"City Services Feedback Case": "other"})
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (1, 0)
    with read_session(desk.engine) as session:
        assert session.execute(select(Handoff.status, Case.channel).join(Case, Case.id == Handoff.case_id)).one() \
            == ("done", "online")


def test_requests_that_name_no_agency_are_refused_saying_how_to_give_them_one(imports, desk, tmp_path):
    """A mayor's mailbox export (Jiamusi) leaves 承办单位 empty on most letters: each such row is refused with
    what to write, and `"" = "station"` in the mapping's bodies imports them as the station's own cases (before,
    nothing would: an empty agency was refused whatever the mapping said)."""
    from dataclasses import replace

    header = ["诉求内容", "咨询时间", "所属类型", "承办单位", "处理情况", "处理时间", "工单编号"]
    rows = [["反映噪音扰民", "2018-12-7 13:50:04", "噪音", "", "办理完毕", "2018-12-10 16:36:32", "J001"],
            ["道路积水", "2018-12-8 09:10:00", "其他", "交通运输局", "办理完毕", "2018-12-9 10:00:00", "J002"]]
    path = export(tmp_path / "市长信箱.csv", header, rows)
    opened = imports.open(str(path))
    requests = opened.mapping.service_requests
    assert requests is not None and requests.agency == "承办单位"
    opened = replace(opened, mapping=replace(opened.mapping, service_requests=replace(
        requests, bodies={"交通运输局": "transport_12328"})))
    done = imports.run(opened)
    assert (done.imported, done.rejected) == (1, 1)
    assert '"" = "station"' in done.rejects[0].reason
    set_language("zh")
    try:
        assert "承办单位为空" in done.rejects[0].reason and '"" = "station"' in done.rejects[0].reason
    finally:
        set_language("en")
    opened = replace(opened, mapping=replace(opened.mapping, service_requests=replace(
        requests, bodies={"交通运输局": "transport_12328", "": "station"})))
    done = imports.run(opened)
    assert (done.imported, done.skipped, done.rejected) == (1, 1, 0), [r.reason for r in done.rejects]
    with read_session(desk.engine) as session:
        cases = session.execute(select(Case.summary, Case.police).where(Case.source_key.is_not(None))).all()
        assert sorted(map(tuple, cases)) == [("反映噪音扰民", True), ("道路积水", False)]
        assert session.execute(select(Handoff.their_ref)).scalars().all() == ["J002"]


def test_the_command_line_says_the_police_agencys_rows_once_after_the_import(imports, desk, tmp_path, capsys):
    """The preview's note of the police's requests (of the rows shown) is not said again before the outcome says
    it of the whole file: once, after the counts; a dry run, with no outcome, says it of the rows shown."""
    from argparse import Namespace

    from frontdesk.intake.cli import import_from_command_line

    path = export(tmp_path / "boston311.csv", BOSTON_HEADER, BOSTON_ROWS)
    for lang, police, counts in (("en", "Read as the police", "Rows read: 3"), ("zh", "按公安机关读取", "读取 3 行")):
        set_language(lang)
        import_from_command_line(Namespace(file=str(path), mapping="", save_mapping="", dry_run=False), imports)
        said = capsys.readouterr().out
        assert said.count(police) == 1 and said.index(counts) < said.index(police), said
        import_from_command_line(Namespace(file=str(path), mapping="", save_mapping="", dry_run=True), imports)
        assert capsys.readouterr().out.count(police) == 1
    set_language("en")


def test_the_mapping_shows_the_columns_read_for_the_hand_off(imports, tmp_path):
    """Boston's case_status and closed_dt are read for the hand-off, not the case: the fields show them so, where
    they had said "not in the file" above a note naming the same columns."""
    from frontdesk.intake.cli import mapping_lines

    opened = imports.open(str(export(tmp_path / "boston311.csv", BOSTON_HEADER, BOSTON_ROWS)))
    for lang, status, closed in (("en", "Status: case_status (read as the hand-off's step)",
                                  "Closed at: closed_dt (read as when the hand-off was done)"),
                                 ("zh", "case_status（作为分流的办理状态读取）", "closed_dt（作为分流的办结时间读取）")):
        set_language(lang)
        lines = "\n".join(mapping_lines(opened))
        assert status in lines and closed in lines, lines
    set_language("en")
