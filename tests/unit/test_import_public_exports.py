"""Real published exports opened without a mapping (excerpts in tests/data/public, their sources in its SOURCES.md):
Pittsburgh's 311 requests, whose CREATED_ON is when a request was made and REQUEST_ORIGIN how it came (both were
not proposed, so the file was refused for want of a received column)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_service_requests import desk, imports  # noqa: F401

PUBLIC = Path(__file__).parent.parent / "data" / "public"
PITTSBURGH = PUBLIC / "pittsburgh-311-requests.csv"


@pytest.mark.parametrize(("origin", "channel"), [
    ("Call Center", "phone"), ("Text Message", "phone"), ("Website", "online"), ("Report2Gov iOS", "online"),
    ("Report2Gov Android", "online"), ("Twitter", "online"), ("Control Panel", ""),  # (staff's own: the officer's)
])
def test_pittsburghs_311_requests_are_read_from_when_and_how_they_came(imports, origin, channel):
    opened = imports.open(str(PITTSBURGH))
    assert (opened.mapping.column("received_at"), opened.mapping.column("channel")) == ("CREATED_ON", "REQUEST_ORIGIN")
    assert opened.mapping.service_requests.agency == "DEPARTMENT"
    assert opened.mapping.channels[origin] == channel


def test_pittsburghs_police_requests_are_the_stations_own_and_the_others_refused_until_mapped(imports, desk):
    opened = imports.open(str(PITTSBURGH))
    result = imports.run(opened)
    assert result.read == 32 and "bad_date" not in result.kinds
    assert set(result.police_agencies) == {"Police - Zones 1-6", "Police - AVU"}
    assert "DPW - Street Maintenance" in result.unknown_agencies


FSU = PUBLIC / "fsu-police-crime-log.csv"


@pytest.mark.parametrize(("written", "code"), [
    ("Cleared by Citation", "referred"),  # cited, as San Francisco's Cite or Arrest Adult
    ("Cleared by Arrest", "referred"),
    ("Open/Pending", "open"),  # not closed: the case stays open
    ("Victim Refused to Cooperate", "resolved_on_site"),  # cleared by exceptional means: closed
    ("Closed", "resolved_on_site"),
    ("Inactive", ""),  # a case put aside: the officer says what it is
])
def test_a_university_police_crime_logs_dispositions_are_proposed(imports, written, code):
    opened = imports.open(str(FSU))
    assert {name: opened.mapping.column(name) for name in ("received_at", "category", "disposition", "record_no")} \
        == {"received_at": "report_date", "category": "crime_type", "disposition": "disposition",
            "record_no": "report_number"}
    assert opened.mapping.dispositions[written] == code


def test_a_university_police_crime_logs_citations_are_no_longer_refused(imports, desk):
    result = imports.run(imports.open(str(FSU)))
    assert result.read == 27 and "bad_date" not in result.kinds
    assert "unknown_disposition" in result.kinds and "Cleared by Citation" not in {
        str(problem.params.get("value")) for entry in result.rejects for problem in entry.problems}


SEATTLE = PUBLIC / "seattle-police-call-data.csv"


@pytest.mark.parametrize(("written", "code"), [
    ("CITATION ISSUED (CRIMINAL OR NON-CRIMINAL)", "referred"),  # as Cleared by Citation: refused before
    ("NO POLICE ACTION POSSIBLE OR NECESSARY", "resolved_on_site"),  # attended, nothing to do: closed there
    ("OTHER REPORT MADE", "referred"),  # a report, as REPORT WRITTEN (NO ARREST)
    ("FOLLOW-UP REPORT MADE", "referred"),
    ("INCIDENT LOCATED, PUBLIC ORDER RESTORED", "resolved_on_site"),
    ("DUPLICATED OR CANCELLED BY RADIO", ""),  # as much a duplicate as a cancelled call: the officer says
    ("PRIORITY CALL HANDLING", ""),
])
def test_seattles_event_clearances_are_proposed(imports, written, code):
    opened = imports.open(str(SEATTLE))
    assert opened.mapping.column("disposition") == "Event Clearance Description"
    assert opened.mapping.dispositions[written] == code


def test_seattles_call_type_group_then_kind_is_the_kind(imports):
    """--DISTURBANCE - NOISE names a dispute's word and a noise's alike: the kind after the dash decides."""
    categories = imports.open(str(SEATTLE)).mapping.categories
    assert categories["--DISTURBANCE - NOISE"] == "noise"
    assert categories["--DISTURBANCE - OTHER"] == "dispute"


def test_seattles_calls_are_refused_only_for_the_call_types_and_clearances_the_officer_maps(imports, desk):
    result = imports.run(imports.open(str(SEATTLE)))
    assert (result.read, result.imported) == (35, 23) and "bad_date" not in result.kinds
    assert result.kinds["unknown_disposition"] == 2  # DUPLICATED OR CANCELLED, PRIORITY CALL HANDLING


STLOUIS = PUBLIC / "stlouis-csb-requests.csv"


def test_st_louis_requests_say_how_they_came(imports):
    """CALLERTYPE holds WEB, PHONE, TWITTER (empty for most): without it every request was a walk-in."""
    opened = imports.open(str(STLOUIS))
    assert opened.mapping.column("channel") == "CALLERTYPE"
    assert opened.mapping.channels == {"WEB": "online", "PHONE": "phone", "TWITTER": "online", "DEPT_REF": ""}


def test_st_louis_requests_mapped_are_imported_with_their_channels(imports, desk):
    from dataclasses import replace

    from sqlalchemy import select

    from db.engine import read_session
    from db.models import Case, Handoff

    opened = imports.open(str(STLOUIS))
    m = opened.mapping
    opened.mapping = replace(m, categories={word: "other" for word in m.categories},
                             channels={**m.channels, "DEPT_REF": "phone"},
                             service_requests=replace(m.service_requests, bodies={
                                 agency: "grid_worker" for agency in m.service_requests.bodies}))
    result = imports.run(opened)
    # request 111560 is written twice, the same to the letter: the second is the first, already there
    assert (result.read, result.imported, result.skipped, result.rejected) == (24, 23, 1, 0)
    with read_session(desk.engine) as session:
        channels = dict(session.execute(select(Handoff.their_ref, Case.channel)
                                        .join(Case, Case.id == Handoff.case_id)).all())
    assert [channels[ref] for ref in ("110248", "118006", "149005", "137229", "110606")] == [
        "online", "phone", "online", "phone", "walk_in"]  # (an empty cell: the default channel)


RENO = PUBLIC / "reno-cad-calls.csv"
#: As an officer writes it for the file, which has no header row: its columns by letter, the call codes it
#: holds, and its agency column E to leave the fire department's calls (RF) out.
RENO_MAPPING = """name = "reno"
default_channel = "phone"

[columns]
received_at = "C"
received_time = "D"
category = "B"
place = "F"
record_no = "A"

[categories]
ACCP = "traffic"
ACCNI = "traffic"
RECKDR = "traffic"
PKGPRB = "traffic"
LARC = "theft"
GTAR = "theft"
FIGHT = "dispute"
DRTBK = "other"
IBEAR = "other"
SHOTS = "other"
AB = "other"

[service_requests]
agency = "E"

[service_requests.bodies]
RP = "station"
WC = "station"
UN = "station"
RF = "none"
"""


def test_a_reno_dispatch_dump_mapped_by_letters_keeps_its_calls_closed(imports, desk, tmp_path):
    """The agency column picks the station's rows; with no status column they are finished calls, closed as any
    logbook's row with none (they were imported open, on the desk for ever)."""
    from sqlalchemy import select

    from db.engine import read_session
    from db.models import Case

    mapping = tmp_path / "reno.toml"
    mapping.write_text(RENO_MAPPING, encoding="utf-8")
    opened = imports.open(str(RENO), str(mapping))
    assert opened.no_header and opened.mapping.column("received_time") == "D"
    shown = imports.preview(opened)
    first = shown.rows[0]
    assert first.received_at.astimezone(imports.ctx.zone).strftime("%Y-%m-%d %H:%M") == "2011-10-06 00:38"
    assert (first.status, first.disposition, first.closed_by_default) == ("closed", "resolved_on_site", True)
    result = imports.run(opened)
    assert (result.read, result.imported, result.rejected) == (30, 24, 6)
    assert result.refused_agencies == {"RF": 6}
    with read_session(desk.engine) as session:
        statuses = session.execute(select(Case.status, Case.disposition, Case.police)).all()
    assert set(statuses) == {("closed", "resolved_on_site", True)} and len(statuses) == 24


BOSTON = PUBLIC / "boston-311-requests-2025.csv"


def test_bostons_newer_requests_are_handed_to_the_department_whose_queue_has_them(imports):
    """Its subject names the department that owns the request's type (Public Works Department on nearly every
    row), not the one its department code says has it (BWSC, ISD, PARK): the codes are the agencies."""
    requests = imports.open(str(BOSTON)).mapping.service_requests
    assert requests.agency == "department"
    assert set(requests.bodies) == {"PWDx", "INFO", "BWSC", "ISD", "BTDT", "PARK", "BPS_"}


def test_bostons_newer_requests_mapped_go_to_the_bodies_their_queues_name(imports, desk):
    from dataclasses import replace

    opened = imports.open(str(BOSTON))
    m = opened.mapping
    bodies = {code: "grid_worker" for code in m.service_requests.bodies} | {"BTDT": "transport_12328",
                                                                            "PARK": "none"}
    opened.mapping = replace(m, categories={word: "other" for word in m.categories},
                             channels={**m.channels, "Employee Generated": "patrol"},
                             service_requests=replace(m.service_requests, bodies=bodies))
    result = imports.run(opened)
    assert (result.read, result.imported, result.rejected) == (26, 25, 1)
    assert dict(result.refused_agencies) == {"PARK": 1}


NYC_API = PUBLIC / "nyc-311-requests-api.csv"


def test_nycs_311_as_its_api_writes_it_is_proposed_as_the_open_data_export_is(imports):
    """snake_case headers, ISO dates with milliseconds: the same columns as Created Date, Agency Name …"""
    m = imports.open(str(NYC_API)).mapping
    assert {name: m.column(name) for name in ("received_at", "category", "channel", "record_no", "narrative")} == {
        "received_at": "created_date", "category": "complaint_type", "channel": "open_data_channel_type",
        "record_no": "unique_key", "narrative": "resolution_description"}
    assert (m.service_requests.agency, m.service_requests.status, m.service_requests.closed_at) == (
        "agency_name", "status", "closed_date")


def test_a_police_requests_reply_is_in_its_narrative_once(imports, desk):
    """The reply is the hand-off's detail and the narrative's column alike: the case kept it twice."""
    from dataclasses import replace

    from sqlalchemy import select

    from db.engine import read_session
    from db.models import Case

    opened = imports.open(str(NYC_API))
    m = opened.mapping
    opened.mapping = replace(m, service_requests=replace(m.service_requests, bodies={
        agency: "station" if "Police" in agency else "hotline_12345" for agency in m.service_requests.bodies}))
    imports.run(opened)
    with read_session(desk.engine) as session:
        narrative = session.execute(select(Case.narrative).where(Case.narrative.contains("61273913"))).scalar_one()
    reply = "The Police Department responded to the complaint and with the information available observed no " \
            "evidence of the violation at that time."
    assert narrative.count(reply) == 1 and narrative.startswith("Hotline reference: 61273913")


WENZHENG = PUBLIC / "wenzheng-messages-replies.xlsx"


def test_a_government_message_boards_messages_and_replies_import_with_a_default_category(imports, desk, tmp_path):
    """留言编号, 留言时间 (text, and one an Excel date cell), 留言主题, 留言详情 (opening with tabs and line breaks),
    答复时间 (one a date alone): no category column, so the mapping gives every row one."""
    from sqlalchemy import select

    from db.engine import read_session
    from db.models import Case

    opened = imports.open(str(WENZHENG))
    assert {name: opened.mapping.column(name) for name in (
        "received_at", "summary", "narrative", "closed_at", "record_no", "category", "reporter_name")} == {
        "received_at": "留言时间", "summary": "留言主题", "narrative": "留言详情", "closed_at": "答复时间",
        "record_no": "留言编号", "category": None, "reporter_name": None}  # (留言用户 is a user's code: A00045581)
    mapping = tmp_path / "wenzheng.toml"
    mapping.write_text('name = "wenzheng"\ndefault_channel = "online"\ndefault_category = "other"\n\n[columns]\n'
                       'received_at = "留言时间"\nsummary = "留言主题"\nnarrative = "留言详情"\nclosed_at = "答复时间"\n'
                       'record_no = "留言编号"\n', encoding="utf-8")
    result = imports.run(imports.open(str(WENZHENG), str(mapping)))
    assert (result.read, result.imported, result.rejected) == (25, 25, 0)
    with read_session(desk.engine) as session:
        cases = {case.summary: case for case in session.execute(select(Case)).scalars()}
    zone = imports.ctx.zone
    dated = cases["A3区含浦镇马路卫生很差"]  # (its 留言时间 an Excel date cell)
    assert dated.received_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") == "2019-04-08 08:37"
    assert dated.narrative.startswith("Logbook record no.: 2759\n")
    assert not any(case.narrative.split("\n", 1)[1][:1].isspace() for case in cases.values())
    assert {case.status for case in cases.values()} == {"closed"} and all(
        case.closed_at >= case.received_at for case in cases.values())
