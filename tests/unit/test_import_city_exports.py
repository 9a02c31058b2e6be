"""More cities' public exports opened as a new user would, without writing a mapping first: each one's
header and a row or two as published (San Francisco's incident reports, NYPD's complaints, Toronto's major
crime indicators, Dallas's incidents, St. Louis's Citizens' Service Bureau, a Chicago crimes download whose
rows some tool wrote whole inside quotes, Seattle's 911 incident responses). Each is proposed the columns a
user would pick, and its dates are read as written."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from frontdesk.i18n import DeskError, set_language
from frontdesk.intake.cli import import_from_command_line
from frontdesk.intake.import_run import notes_text
from frontdesk.intake.logbook import (category_words, data_rows, disposition_words, open_logbook, propose_values,
                                      status_words)
from frontdesk.intake.mapping import propose_value
from frontdesk.intake.rows import RowReader
from tests.conftest import FROZEN_NOW
from tests.unit.test_case_import import desk, imports  # noqa: F401
from tests.unit.test_import_real_exports import CATEGORIES

SHANGHAI = ZoneInfo("Asia/Shanghai")

SF = """Incident Datetime,Incident Date,Incident Time,Incident Year,Incident Day of Week,Report Datetime,Row ID,Incident ID,Incident Number,CAD Number,Report Type Code,Report Type Description,Filed Online,Incident Code,Incident Category,Incident Subcategory,Incident Description,Resolution,Intersection,CNN,Police District,Analysis Neighborhood,Supervisor District,Latitude,Longitude,point
2020/03/29 12:00:00 AM,2020/03/29,00:00,2020,Sunday,2020/03/30 10:49:00 AM,91636107055,916361,200214740,200901052,VI,Vehicle Initial,,07055,Motor Vehicle Theft,Motor Vehicle Theft,"Vehicle, Recovered, Stolen outside SF",Open or Active,3RD ST \\ PALOU AVE,20093000,Bayview,Bayview Hunters Point,10,37.73,-122.39,POINT (-122.39 37.73)
2020/03/28 03:15:00 PM,2020/03/28,15:15,2020,Saturday,2020/03/28 04:02:00 PM,91637506244,916375,200214801,200881834,II,Initial,,06244,Larceny Theft,Larceny - From Vehicle,"Theft, From Locked Vehicle, >$950",Open or Active,MISSION ST \\ 16TH ST,24213000,Mission,Mission,9,37.76,-122.42,POINT (-122.42 37.76)
"""
NYPD = """CMPLNT_NUM,CMPLNT_FR_DT,CMPLNT_FR_TM,CMPLNT_TO_DT,CMPLNT_TO_TM,RPT_DT,KY_CD,OFNS_DESC,PD_CD,PD_DESC,CRM_ATPT_CPTD_CD,LAW_CAT_CD,JURIS_DESC,BORO_NM,ADDR_PCT_CD,LOC_OF_OCCUR_DESC,PREM_TYP_DESC,PARKS_NM,HADEVELOPT,X_COORD_CD,Y_COORD_CD,Latitude,Longitude,Lat_Lon
101109527,12/31/2015,23:45:00,,,12/31/2015,113,FORGERY,729,"FORGERY,ETC.,UNCLASSIFIED-FELO",COMPLETED,FELONY,N.Y. POLICE DEPT,BRONX,44,INSIDE,BAR/NIGHT CLUB,,,1007314,241257,40.828848333,-73.916661142,"(40.828848333, -73.916661142)"
153401121,12/31/2015,23:36:00,,,12/31/2015,101,MURDER & NON-NEGL. MANSLAUGHTER,,,COMPLETED,FELONY,N.Y. POLICE DEPT,QUEENS,103,OUTSIDE,,,,1043918,193406,40.697338138,-73.784556739,"(40.697338138, -73.784556739)"
"""
TORONTO = """\ufeffX,Y,Index_,event_unique_id,occurrencedate,reporteddate,premisetype,ucr_code,ucr_ext,offence,reportedyear,reportedmonth,reportedday,reporteddayofyear,reporteddayofweek,reportedhour,occurrenceyear,occurrencemonth,occurrenceday,occurrencedayofyear,occurrencedayofweek,occurrencehour,MCI,Division,Hood_ID,Neighbourhood,Long,Lat,ObjectId
-79.3957062,43.7223244,7734,GO-20151746998,2015-10-10T01:45:00.000Z,2015-10-10T04:05:00.000Z,Outside,1610,220,Robbery - Other,2015,October,10,283,Saturday  ,4,2015,October,10,283,Saturday  ,1,Robbery,D53,103,Lawrence Park South (103),-79.3957062,43.7223244,7375
"""
DALLAS = """Incident Number w/ Year,Year of Incident,Service Number ID,Watch,Call (911) Problem,Type of Incident,Offense Type,Incident Address,Call Date Time,Complainant Name,Offense Status
186893-2016,2016,186893-2016-01,3,58 - ROUTINE INVESTIGATION,CRIM MISCHIEF >OR EQUAL $100 BUT <$750,PART2,8300 MELODY LN,12/31/16 23:48,"SMITH, JOHN",Suspended
"""
STLOUIS = """"CALLERTYPE","CITY","DATECANCELLED","DATEINVTDONE","DATETIMECLOSED","DATETIMEINIT","DESCRIPTION","EXPLANATION","GROUP","NEIGHBORHOOD","PLAIN_ENGLISH_NAME_FOR_PROBLEMCODE","PRJCOMPLETEDATE","PROBADDRESS","PROBADDTYPE","PROBLEMCODE","PROBZIP","REQUESTID","SRX","SRY","STATUS","SUBMITTO","WARD"
"WEB","St. Louis","","2012-01-11 10:04:24.0","2012-01-20 10:04:46.0","2012-01-01 15:41:22.0","Graffiti-Public","","Graffiti","26","Graffiti on public property","2012-01-24 00:00:00.0","2232 S GRAND BLVD","B","Graffiti-Public","63104","344709","894488.00000000","1011215.00000000","CLOSED","OP BRIGHTSIDE,","9"
"""
CHICAGO = ''',ID,Case Number,Date,Block,IUCR,Primary Type,Description,Location Description,Arrest,Domestic,Beat,District,Ward,Community Area,FBI Code,X Coordinate,Y Coordinate,Year,Updated On,Latitude,Longitude,Location
"3,10508693,HZ250496,05/03/2016 11:40:00 PM,013XX S SAWYER AVE,0486,BATTERY,DOMESTIC BATTERY SIMPLE,APARTMENT,True,True,1022,10.0,24.0,29.0,08B,1154907.0,1893681.0,2016,05/10/2016 03:56:50 PM,41.864073157,-87.706818608,""(41.864073157, -87.706818608)"""
8,10508702,HZ250503,05/03/2016 10:00:00 PM,082XX S EXCHANGE AVE,0820,THEFT,$500 AND UNDER,STREET,False,False,423,4.0,7.0,46.0,06,1197719.0,1850512.0,2016,05/10/2016 03:56:50 PM,41.744089434,-87.551856876,"(41.744089434, -87.551856876)"
'''
PHILADELPHIA = """the_geom,cartodb_id,the_geom_webmercator,objectid,dc_dist,psa,dispatch_date_time,dispatch_date,dispatch_time,hour,dc_key,location_block,ucr_general,text_general_code,point_x,point_y,lat,lng
0101000020E6100000B39C009A33C652C038B3651258024440,3132866,0101000020110F00009A554527D1E35FC19AC4CFF27E925241,24412682,15,1,2025-01-07 02:45:00+00,2025-01-06,21:45:00,21,202515001499.0,4500 BLOCK CASTOR AV,600,Thefts,-75.09689951,40.01831274,40.01831274,-75.09689951
"""
AUSTIN = """"incident_report_number","crime_type","ucr_code","family_violence","occ_date_time","occ_date","occ_time","rep_date_time","rep_date","rep_time","location_type","address","zip_code","council_district","sector","district","pra","census_tract","clearance_status","clearance_date","ucr_category","category_description","x_coordinate","y_coordinate","latitude","longitude","location"
"20215006549","BURGLARY OF VEHICLE","601","N","2021-02-20T17:00:00.000","2021-02-20T00:00:00.000","1700","2021-02-20T23:35:00.000","2021-02-20T00:00:00.000","2335","RESTAURANTS","6319 N IH 35 SVRD NB","78752","4","ID","1","280",,,,"23F","Theft","3125701","3125701","30.32530599","-97.7051651","
"""
LINCOLN = """Case #,Incident Code,Reported,Case Status,Start Occurred,End Occurred,Building,Location,Stolen,Damaged,Summary
17000001,ALCOHOL - DRUNK,1/1/17 3:44,Closed - Non-Criminal Case,1/1/17 3:44,,The Robert E. Knoll Residential Center,440 N 17th Street (UNL RESIDENCE HALL),$0.00 ,$0.00 ,A 20 year old student was placed into civil protective custody.
"""
POLICE_UK = """Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context
,2018-01,Essex Police,Essex Police,0.140127,51.588913,On or near Blackborne Road,E01000027,Barking and Dagenham 001A,Anti-social behaviour,,
"""
MESSAGE_BOARD = """留言编号,留言用户,留言主题,留言时间,留言详情,一级分类
24,A00074011,A市西湖建筑集团占道施工有安全隐患,2020/1/6 12:09:38,A3区大道西行便道，人行道被圈入施工围墙内。,城乡建设
"""


def _opened(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    opened = open_logbook(str(path), CATEGORIES, None)
    opened.mapping = propose_values(opened)
    return opened


def _rows(opened):
    reader = RowReader(opened, zone=SHANGHAI, now=FROZEN_NOW)
    return [reader.read(row) for row in data_rows(opened)]


def _local(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize("name, text, columns", [
    ("sf-incident-reports.csv", SF, {"received_at": "Incident Datetime", "category": "Incident Category",
                                     "place": "Intersection", "summary": "Incident Description",
                                     "record_no": "Incident Number", "status": "Resolution"}),
    ("nypd-complaints.csv", NYPD, {"received_at": "CMPLNT_FR_DT", "received_time": "CMPLNT_FR_TM",
                                   "category": "OFNS_DESC", "summary": "PD_DESC", "record_no": "CMPLNT_NUM"}),
    ("toronto-mci.csv", TORONTO, {"received_at": "reporteddate", "category": "MCI", "summary": "offence",
                                  "record_no": "event_unique_id"}),
    # Offense Type is only PART1 or PART2 (the UCR part): Type of Incident says what happened
    ("dallas-incidents.csv", DALLAS, {"received_at": "Call Date Time", "category": "Type of Incident",
                                      "place": "Incident Address", "reporter_name": "Complainant Name",
                                      "record_no": "Incident Number w/ Year"}),
    # PROBLEMCODE is the request's kind; DESCRIPTION, what the caller said
    ("stlouis-csb.csv", STLOUIS, {"received_at": "DATETIMEINIT", "category": "PROBLEMCODE", "place": "PROBADDRESS",
                                  "summary": "DESCRIPTION", "record_no": "REQUESTID"}),
    # dc_key tells two incidents of the same block and minute apart (they were one case before)
    ("philadelphia-incidents.csv", PHILADELPHIA, {"received_at": "dispatch_date_time", "category": "text_general_code",
                                                  "place": "location_block", "record_no": "dc_key"}),
    ("austin-crime-reports.csv", AUSTIN, {"received_at": "rep_date_time", "category": "crime_type", "place": "address",
                                          "record_no": "incident_report_number", "closed_at": "clearance_date"}),
    ("lincoln-unlpd-log.csv", LINCOLN, {"received_at": "Reported", "category": "Incident Code", "place": "Location",
                                        "summary": "Summary", "status": "Case Status"}),
    ("essex-street.csv", POLICE_UK, {"category": "Crime type", "place": "Location", "record_no": "Crime ID"}),
    ("留言.csv", MESSAGE_BOARD, {"received_at": "留言时间", "category": "一级分类", "summary": "留言主题",
                               "narrative": "留言详情", "record_no": "留言编号"}),
])
def test_each_citys_export_is_proposed_the_columns_a_user_would_pick(tmp_path, name, text, columns):
    opened = _opened(tmp_path, name, text)
    assert {field: opened.mapping.columns.get(field) for field in columns} == columns


def test_their_dates_are_read_as_written(tmp_path):
    sf = _rows(_opened(tmp_path, "sf.csv", SF))
    assert [_local(row.received_at) for row in sf] == ["2020-03-29 00:00", "2020-03-28 15:15"]
    assert [row.draft.category for row in sf] == ["theft", "theft"] and [row.status for row in sf] == ["open", "open"]
    nypd = _rows(_opened(tmp_path, "nypd.csv", NYPD))
    assert [_local(row.received_at) for row in nypd] == ["2015-12-31 23:45", "2015-12-31 23:36"]
    toronto = _rows(_opened(tmp_path, "toronto.csv", TORONTO))  # written in UTC (Z): 04:05 there is 12:05 here
    assert toronto[0].received_at == datetime(2015, 10, 10, 4, 5, tzinfo=timezone.utc)
    stlouis = _rows(_opened(tmp_path, "stlouis.csv", STLOUIS))
    assert _local(stlouis[0].received_at) == "2012-01-01 15:41"
    dallas = _rows(_opened(tmp_path, "dallas.csv", DALLAS))
    assert _local(dallas[0].received_at) == "2016-12-31 23:48" and dallas[0].reporter == "SMITH, JOHN"


@pytest.mark.parametrize("written, expected", [("Close", "closed"), ("Cleared by Arrest", "referred"),
                                               ("Closed - Unfounded", "unfounded")])
def test_statuses_other_exports_write_are_read(written, expected):
    """Vancouver's 311 Close, Lincoln's and Milwaukee's clearances: they were rejected as unknown statuses."""
    assert propose_value(written, status_words()) == expected


@pytest.mark.parametrize("written, expected", [("Open or Active", "open"), ("Cite or Arrest Adult", "referred"),
                                               ("Cite or Arrest Juvenile", "referred"), ("Unfounded", "unfounded"),
                                               ("Exceptional Adult", "closed"), ("Exceptional Juvenile", "closed")])
def test_san_franciscos_resolutions_say_whether_the_case_is_open(written, expected):
    # (386 of the first 400 incidents of 2020 were Open or Active: imported as closed, they would have been lost
    # from every list of open cases)
    assert propose_value(written, status_words()) == expected


def test_a_row_some_tool_wrote_whole_inside_quotes_is_read_as_its_cells(tmp_path):
    opened = _opened(tmp_path, "chicago-crimes.csv", CHICAGO)
    assert opened.mapping.columns["received_at"] == "Date" and opened.mapping.columns["category"] == "Primary Type"
    rows = _rows(opened)
    assert [len(row.cells) for row in rows] == [23, 23]
    quoted, plain = rows
    assert quoted.cells[2] == "HZ250496" and quoted.cells[-1] == "(41.864073157, -87.706818608)"
    assert [_local(row.received_at) for row in rows] == ["2016-05-03 23:40", "2016-05-03 22:00"]
    assert quoted.summary == "DOMESTIC BATTERY SIMPLE" and plain.draft.category == "theft"
    # a title of one cell, with commas in it, is still a title
    titled = _opened(tmp_path, "titled.csv", "Chicago crimes, 2016, first week\n" + CHICAGO)
    assert titled.header_row == 2 and len(_rows(titled)) == 2


def test_a_note_of_one_quoted_cell_under_the_rows_is_still_a_note(tmp_path):
    lines = CHICAGO.splitlines()
    text = "\n".join([lines[0], lines[2], '"Note: figures for Jan 3, Jan 4, Jan 5 are missing"']) + "\n"
    rows = _rows(_opened(tmp_path, "noted.csv", text))
    assert [row.number for row in rows] == [2]  # the note is the file's footer, not a rejected row


def test_a_lone_offense_column_is_still_the_category():
    from frontdesk.intake.mapping import propose_columns

    proposed = propose_columns(["Incident Number", "Report Date", "Offense", "Address", "Disposition"])
    assert proposed["category"] == "Offense" and proposed["place"] == "Address"
    # an intersection is the place only where no address is given
    assert propose_columns(["Date", "Offense", "Intersection", "Block"])["place"] == "Block"


@pytest.mark.parametrize("written", ["SUSPICIOUS CIRCUMSTANCES - BUILDING (OPEN DOOR, ETC.)",
                                     "NEW CONSTRUCTION NOISE COMPLAINT"])
def test_open_or_new_inside_a_longer_phrase_is_not_a_status(written):
    assert propose_value(written, status_words()) is None
    assert propose_value(written, disposition_words()) is None


@pytest.mark.parametrize("written, expected", [("Open", "open"), ("New", "open"), ("Case Open", "open"),
                                               ("OPEN/ACTIVE", "open"), ("Re-Open", "open"),
                                               ("New Request", "open"), ("Open Investigation", None)])
def test_open_or_new_in_a_short_status_is_still_open(written, expected):
    assert propose_value(written, status_words()) == expected


@pytest.mark.parametrize("written, code", [
    # Toronto's and Halifax's burglaries, Berlin's bicycle thefts and cellar break-ins (compounds), São Paulo's
    # Furto; the kinds of road accident Madrid's police and Brazil's highway police write (accented)
    ("Break and Enter", "theft"), ("BREAK AND ENTER", "theft"), ("Break and Enter Residential/Other", "theft"),
    ("Fahrraddiebstahl", "theft"), ("Keller- und Bodeneinbruch", "theft"), ("Furto (art. 155) - OUTROS", "theft"),
    ("Colisión fronto-lateral", "traffic"), ("Atropello a persona", "traffic"), ("Colisão traseira", "traffic"),
    ("Atropelamento de Pedestre", "traffic"), ("Verkehrsunfall", "traffic"), ("Verkehrsdelikte", "traffic"),
    # a robbery is no theft, in Spanish or Portuguese either; a fall is no road accident by its word alone
    ("Roubo (art. 157) - VEICULO", None), ("Robo con violencia", None), ("Caída", None),
    # German compounds whose end is no station's category: a swimmer's or a worker's accident, a fall through
    # the ice, water coming in; and English run together
    ("Badeunfall", None), ("Arbeitsunfall", None), ("Eiseinbruch", None), ("Wassereinbruch", None),
    ("Nondomestic", None), ("Wohnungseinbruch", "theft"), ("Computerbetrug", "fraud"),
    ("Wildunfall", "traffic"), ("Auffahrunfall", "traffic"), ("Sportunfall", None), ("Wegeunfall", None),
])
def test_other_languages_and_compounds_name_the_stations_categories(written, code):
    assert propose_value(written, category_words(CATEGORIES)) == code


@pytest.mark.parametrize("written", ["CRIM SEXUAL ASSAULT", "ASSAULT", "AGGRAVATED ASSAULT", "ROBBERY",
                                     "Robbery - Other"])
def test_violence_is_not_proposed_as_a_dispute_or_a_theft_the_officer_says_what_it_is(written):
    assert propose_value(written, category_words(CATEGORIES)) is None


@pytest.mark.parametrize("lang, words", [("en", "--save-mapping NAME"), ("zh", "--save-mapping 名称")])
def test_a_file_with_no_category_column_is_refused_saying_how_to_map_it(tmp_path, imports, lang, words):
    set_language(lang)
    path = tmp_path / "hate-crimes.csv"
    path.write_text("Full Complaint ID,Record Create Date,Offense Description,PD Code Description,Offense Category\n"
                    "201904812231317,03/10/2019,ASSAULT 3 & RELATED OFFENSES,ASSAULT 3,Race/Color\n",
                    encoding="utf-8")
    args = SimpleNamespace(file=str(path), mapping="", save_mapping="", dry_run=True)
    with pytest.raises(DeskError) as refused:
        import_from_command_line(args, imports)
    message = refused.value.message
    assert words in message and "--mapping" in message and "PD Code Description" in message


@pytest.mark.parametrize("lang, words", [("en", "Of the rows already there, 1 is a record an earlier row"),
                                         ("zh", "已存在的行中，有 1 行是文件中前面的行已经给出的同一条记录")])
def test_a_record_the_file_gives_twice_is_one_case_and_said_to_be_a_repeat_not_there_before(
        tmp_path, imports, desk, lang, words):
    set_language(lang)
    # San Francisco gives an incident a row for each of its offences: the same Incident Number again
    first, second = SF.splitlines()[1:3]
    again = first.replace('07055,Motor Vehicle Theft,Motor Vehicle Theft,"Vehicle, Recovered, Stolen outside SF"',
                          '07041,Motor Vehicle Theft,Motor Vehicle Theft,"Vehicle, Stolen, Other Vehicle"')
    assert again != first
    path = tmp_path / "sf-incident-reports.csv"
    path.write_text("\n".join([SF.splitlines()[0], first, second, again]) + "\n", encoding="utf-8")
    result = imports.run(imports.open(str(path)))
    assert (result.imported, result.skipped, result.repeated) == (2, 1, 1)
    assert any(words in note for note in notes_text(result))
    again = imports.run(imports.open(str(path)))  # now all three were there before
    assert (again.imported, again.skipped, again.repeated) == (0, 3, 0) and not notes_text(again)



def test_a_row_whose_status_is_not_mapped_shows_no_status_it_will_not_get(tmp_path):
    """Milwaukee's Patrol Request: the row is rejected, so the preview does not show it closed by default."""
    from frontdesk.intake.preview import status_text

    text = "id,time,nature,location,status\n1,2023-05-02 21:15,THEFT,100 N MAIN ST,Patrol Request\n" \
           "2,2023-05-02 21:20,THEFT,100 N MAIN ST,Service in Progress\n"
    rows = _rows(_opened(tmp_path, "milwaukee.csv", text))
    assert [problem.key for problem in rows[0].problems] == ["import.unknown_status"]
    assert status_text(rows[0]) == "?" and status_text(rows[1]) != "?"


def test_a_disposition_of_closed_alone_is_the_usual_close(tmp_path):
    """UCPD's incident log writes Open, Closed or Arrest in its Disposition: Closed was rejected."""
    text = "Incident,Location,Reported,Occurred,Comments,Disposition,UCPDI#\n" \
           "Theft,5500 S. University,7/1/10 12:42 PM,7/1/10,Bicycle taken,Closed,P10-00343\n" \
           "Theft,1100 E. 57th St.,7/2/10 10:50 AM,7/2/10,Laptop taken,Open,P10-00344\n" \
           "Theft,1100 E. 57th St.,7/3/10 10:50 AM,7/3/10,Wallet taken,Arrest,P10-00345\n"
    opened = _opened(tmp_path, "ucpd.csv", text)
    assert opened.mapping.dispositions == {"Closed": "resolved_on_site", "Open": "open", "Arrest": "referred"}


@pytest.mark.parametrize("header, field", [("案類", "category"), ("發生地點", "place"), ("編號", "record_no"),
                                           ("報案時間", "received_at"), ("主要情况", "summary"),
                                           ("主要情況", "summary")])
def test_traditional_characters_and_a_case_files_headers_are_proposed(header, field):
    from frontdesk.intake.mapping import propose_columns

    assert propose_columns([header]).get(field) == header


@pytest.mark.parametrize("headers, columns", [
    (["日期", "時間", "案類"], {"received_at": "日期", "received_time": "時間"}),
    (["報案日期", "報案時間", "案類"], {"received_at": "報案日期", "received_time": "報案時間"}),
])
def test_a_date_and_its_time_in_traditional_characters_are_both_proposed(headers, columns):
    from frontdesk.intake.mapping import propose_columns

    proposed = propose_columns(headers)
    assert {name: proposed.get(name) for name in columns} == columns


def test_not_completed_in_a_disposition_column_is_not_the_usual_close(tmp_path):
    text = "编号,接警时间,警情类别,处理结果\n1,2024-03-05 14:20,纠纷,未完成\n2,2024-03-05 15:20,纠纷,已完成\n"
    dispositions = _opened(tmp_path, "register.csv", text).mapping.dispositions
    assert dispositions["已完成"] == "resolved_on_site" and dispositions["未完成"] != "resolved_on_site"


@pytest.mark.parametrize("headers, expected", [
    # Phoenix's calls for service: the date and time in MST beside a date alone, the incident's number
    (["incident_num", "disp_code", "disposition", "final_radio_code", "final_call_type", "hundredblockaddr", "grid",
      "call_date_time_mst", "call_date"],
     {"received_at": "call_date_time_mst", "record_no": "incident_num", "place": "hundredblockaddr",
      "category": "final_call_type", "disposition": "disposition"}),
    # a CityProtect export (Carrollton GA): its ccn is the case's number
    (["ccn", "date", "updateDate", "city", "state", "postalCode", "blocksizedAddress", "incidentType",
      "parentIncidentType", "narrative"],
     {"record_no": "ccn", "place": "blocksizedAddress", "received_at": "date", "category": "incidentType"}),
    # Denver's offences: the offence's type is the summary beside its category
    (["INCIDENT_ID", "OFFENSE_ID", "OFFENSE_CODE", "OFFENSE_TYPE_ID", "OFFENSE_CATEGORY_ID", "REPORTED_DATE",
      "INCIDENT_ADDRESS"],
     {"summary": "OFFENSE_TYPE_ID", "category": "OFFENSE_CATEGORY_ID", "record_no": "INCIDENT_ID"}),
    # a college's Clery log (Citrus College)
    (["Nature", "Case Number", "Date/Time Reported", "Date/Time Occurred", "General Location", "DispositionStatus"],
     {"received_at": "Date/Time Reported", "place": "General Location", "disposition": "DispositionStatus",
      "record_no": "Case Number"}),
    # Davis's CrimeGraphics: a date and its time in columns of their own
    (["Title", "DateOpened", "TimeOpened", "DateClosed", "Status", "CaseNumber"],
     {"received_at": "DateOpened", "received_time": "TimeOpened", "record_no": "CaseNumber"}),
    # São Paulo's police reports (Portuguese): when the report was begun over when it happened, the article of
    # the penal code as the category, and not DESCRICAOLOCAL (the kind of place: Via pública) as the summary
    (["", "ANO_BO", "BO_INICIADO", "BO_EMITIDO", "DATAOCORRENCIA", "HORAOCORRENCIA", "LOGRADOURO", "NUMERO",
      "DESCRICAOLOCAL", "SOLUCAO", "RUBRICA", "STATUS"],
     {"received_at": "BO_INICIADO", "category": "RUBRICA", "place": "LOGRADOURO", "summary": None,
      "record_no": None}),
    # a Colombian police's workbook (Spanish): a date alone, a municipality the only place
    (["ARMAS MEDIOS", "DEPARTAMENTO", "MUNICIPIO", "FECHA HECHO", "DELITO", "GENERO", "CANTIDAD"],
     {"received_at": "FECHA HECHO", "category": "DELITO", "place": "MUNICIPIO"}),
    # Spanish with the hour in its own column; German
    (["Número de expediente", "Fecha", "Hora", "Tipo de delito", "Dirección", "Descripción", "Estado"],
     {"record_no": "Número de expediente", "received_at": "Fecha", "received_time": "Hora",
      "category": "Tipo de delito", "place": "Dirección", "summary": "Descripción", "status": "Estado"}),
    # the offence's hour is not the time of the day it was reported; the report's own hour is
    (["Fecha denuncia", "Fecha hecho", "Hora hecho", "Delito"],
     {"received_at": "Fecha denuncia", "received_time": None}),
    (["Fecha denuncia", "Hora hecho", "Hora denuncia", "Delito"],
     {"received_at": "Fecha denuncia", "received_time": "Hora denuncia"}),
    (["Fecha hecho", "Hora del hecho", "Delito"], {"received_at": "Fecha hecho", "received_time": "Hora del hecho"}),
    (["Fecha denuncia", "Hora de denuncia", "Hora hecho"],
     {"received_at": "Fecha denuncia", "received_time": "Hora de denuncia"}),
    (["DATAREGISTRO", "DATAOCORRENCIA", "HORAOCORRENCIA", "HORAREGISTRO"],
     {"received_at": "DATAREGISTRO", "received_time": "HORAREGISTRO"}),
    # Brazil's federal highway police, Madrid's city police (bicycle accidents), Buenos Aires's crime map,
    # Berlin's bicycle thefts (the day the report was made, not the offence's hour), Halifax's crimes
    (["id", "data_inversa", "dia_semana", "horario", "uf", "br", "km", "municipio", "causa_acidente",
      "tipo_acidente", "classificacao_acidente"],
     {"received_at": "data_inversa", "received_time": "horario", "category": "tipo_acidente", "place": "municipio"}),
    (["num_expediente", "fecha", "hora", "localizacion", "numero", "cod_distrito", "distrito", "tipo_accidente"],
     {"record_no": "num_expediente", "received_at": "fecha", "received_time": "hora", "place": "localizacion",
      "category": "tipo_accidente"}),
    (["id-mapa", "anio", "mes", "dia", "fecha", "franja", "tipo", "subtipo", "uso_arma", "barrio", "comuna"],
     {"received_at": "fecha", "received_time": "franja", "category": "tipo", "summary": "subtipo",
      "place": "barrio"}),
    (["ANGELEGT_AM", "TATZEIT_ANFANG_DATUM", "TATZEIT_ANFANG_STUNDE", "LOR", "SCHADENSHOEHE", "DELIKT"],
     {"received_at": "ANGELEGT_AM", "received_time": None, "category": "DELIKT"}),
    (["lng", "lat", "id", "rt", "rin", "date", "location", "rucr", "desc"],
     {"received_at": "date", "category": "desc", "place": "location"}),
    # Mexico City's prosecutors: the day the file was opened, not the offence's (back to 1975); Taiwan's freeway
    # accident notices (traditional characters): the notice's text and when the lanes were cleared
    (["anio_inicio", "mes_inicio", "fecha_inicio", "fecha_hecho", "hora_hecho", "delito", "categoria_delito",
      "colonia_catalogo", "alcaldia_hecho"],
     {"received_at": "fecha_inicio", "received_time": None, "category": "delito", "place": "alcaldia_hecho"}),
    (["年", "月", "日", "時", "分", "國道名稱", "方向", "里程", "事件發生", "事件排除", "簡訊內容", "事故類型"],
     {"summary": "簡訊內容", "closed_at": "事件排除", "category": "事故類型"}),
    # college police logs: West Virginia's, Maryland's, Texas Tech's, Auburn's, UC San Diego's
    (["id", "title", "year", "datetime", "building", "address", "outcome"],
     {"record_no": None, "category": "title", "received_at": "datetime", "place": "address"}),
    (["", "umpd_case_number", "occured_date_time_location", "report_date_time", "_type", "disposition", "location"],
     {"record_no": "umpd_case_number", "received_at": "report_date_time", "category": "_type"}),
    (["Case Nbr", "Location", "Date and Time Reported", "Date and Time of Occurrence", "Synopsis", "Disposition",
      "Crime"],
     {"record_no": "Case Nbr", "received_at": "Date and Time Reported", "summary": "Synopsis", "category": "Crime"}),
    (["Case #", "Classification", "Location", "Date/Time Reported", "Start Date/Time", "End Dat/Time", "Disposition"],
     {"record_no": "Case #", "category": "Classification", "received_at": "Date/Time Reported"}),
    (["Incident", "Location", "Date Reported", "Incident/Case#", "Date Occurred", "Time Occurred", "Summary"],
     {"record_no": "Incident/Case#", "category": "Incident", "received_at": "Date Reported"}),
    (["Aktenzeichen", "Datum", "Uhrzeit", "Straftat", "Tatort"],
     {"record_no": "Aktenzeichen", "received_at": "Datum", "received_time": "Uhrzeit", "category": "Straftat",
      "place": "Tatort"}),
])
def test_more_exports_are_proposed_the_columns_a_user_would_pick(headers, expected):
    """Before, Phoenix's calls were all at midnight (call_date) and 855 of them made one with another: neither
    its incident_num nor Carrollton's ccn was proposed, and a file's key then left the case number out."""
    from frontdesk.intake.mapping import propose_columns

    proposed = propose_columns(headers)
    assert {name: proposed.get(name) for name in expected} == expected


def test_an_exports_null_is_an_empty_cell(tmp_path):
    """Buenos Aires's crime map writes NULL where it has no neighbourhood: every case had taken "NULL" as its
    place. A MySQL dump's \\N and pandas's nan are nothing too. Rows as published."""
    path = tmp_path / "delitos_2023.csv"
    path.write_text('"id-mapa","anio","mes","dia","fecha","franja","tipo","subtipo","uso_arma","uso_moto","barrio",'
                    '"comuna","latitud","longitud","cantidad"\n'
                    '1114512,"2023","ENERO","DOMINGO","2023-01-01",1,"Amenazas","Amenazas","NO","NO",NULL,NULL,"0",'
                    '"0",1\n'
                    '1114513,"2023","ENERO","LUNES","2023-01-02",12,"Hurto (sin violencia)","Hurto total","NO","NO",'
                    '"Palermo",\\N,"0","0",1\n', encoding="utf-8")
    opened = open_logbook(str(path), CATEGORIES, None)
    opened.mapping = propose_values(opened)
    assert opened.mapping.categories == {"Amenazas": "", "Hurto (sin violencia)": "theft"}
    opened.mapping.categories["Amenazas"] = "other"
    rows = [RowReader(opened, zone=ZoneInfo("America/Argentina/Buenos_Aires"), now=FROZEN_NOW).read(row)
            for row in data_rows(opened)]
    assert [row.draft.place for row in rows] == ["", "Palermo"]
    assert [row.received_at.strftime("%Y-%m-%d %H:%M") for row in rows] == ["2023-01-01 04:00", "2023-01-02 15:00"]


@pytest.mark.parametrize("lang, words", [("en", "names columns this file does not have: “FOO” (Received"),
                                         ("zh", "指定的这些列在此文件中没有：“FOO”（接警时间）")])
def test_a_mapping_naming_a_date_column_the_file_lacks_says_so_when_the_date_is_missing(
        tmp_path, imports, capsys, lang, words):
    """Before, the officer was told only to map a column to the received time, not that the mapping's was not
    there."""
    set_language(lang)
    imports.mappings_folder.mkdir(parents=True, exist_ok=True)
    (imports.mappings_folder / "vpd.toml").write_text('name = "vpd"\n[columns]\nreceived_at = "FOO"\ncategory = "TYPE"\n',
                                                      encoding="utf-8")
    path = tmp_path / "vancouverCrime2017.csv"
    path.write_text("TYPE,YEAR,MONTH,DAY\nTheft of Bicycle,2017,5,5\n", encoding="utf-8")
    args = SimpleNamespace(file=str(path), mapping="vpd", save_mapping="", dry_run=True)
    with pytest.raises(DeskError) as refused:
        import_from_command_line(args, imports)
    assert refused.value.key == "import.cli.columns_missing" and words in capsys.readouterr().out
