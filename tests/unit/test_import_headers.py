"""Headers of real public exports are matched to case fields without a hand-written mapping.

Each header row is copied from a public open-data export (police calls for service, 311
service requests, a 12345 hotline's work orders); the expected fields are what a duty officer
would map by hand.
"""

import pytest

from frontdesk.intake.mapping import propose_columns

EXPORTS = {
    # NYC Open Data "311 Service Requests from 2010 to Present"
    "nyc-311": ("Unique Key,Created Date,Closed Date,Agency,Agency Name,Complaint Type,Descriptor,Location Type,"
                "Incident Zip,Incident Address,Street Name,Cross Street 1,Cross Street 2,Intersection Street 1,"
                "Intersection Street 2,Address Type,City,Landmark,Facility Type,Status,Due Date,"
                "Resolution Description,Resolution Action Updated Date,Community Board,BBL,Borough,"
                "X Coordinate (State Plane),Y Coordinate (State Plane),Open Data Channel Type,Park Facility Name,"
                "Park Borough,Vehicle Type,Taxi Company Borough,Taxi Pick Up Location,Bridge Highway Name,"
                "Bridge Highway Direction,Road Ramp,Bridge Highway Segment,Latitude,Longitude,Location",
                {"received_at": "Created Date", "category": "Complaint Type", "summary": "Descriptor",
                 "place": "Incident Address", "status": "Status", "narrative": "Resolution Description",
                 "record_no": "Unique Key", "channel": "Open Data Channel Type", "closed_at": "Closed Date"}),
    # City of Berkeley "Calls for Service": the date and the 12-hour time in separate columns
    "berkeley-calls": ("CASENO,OFFENSE,EVENTDT,EVENTTM,CVLEGEND,CVDOW,InDbDate,Block_Location,BLKADDR,City,State",
                       {"received_at": "EVENTDT", "received_time": "EVENTTM", "category": "CVLEGEND",
                        "summary": "OFFENSE", "place": "BLKADDR", "record_no": "CASENO"}),
    # New Orleans "Calls for Service": the type's text beside its code, a text disposition beside its code
    "new-orleans-calls": ("NOPD_Item,Type,TypeText,Priority,InitialType,InitialTypeText,InitialPriority,MapX,MapY,"
                          "TimeCreate,TimeDispatch,TimeArrive,TimeClosed,Disposition,DispositionText,SelfInitiated,"
                          "Beat,BLOCK_ADDRESS,Zip,PoliceDistrict,Location",
                          {"received_at": "TimeCreate", "category": "TypeText", "place": "BLOCK_ADDRESS",
                           "disposition": "DispositionText", "record_no": "NOPD_Item", "closed_at": "TimeClosed"}),
    # San Francisco "Police Department Calls for Service": a full time stamp beside date-only and time-only columns
    "sf-police-calls": ("crime_id,original_crime_type_name,report_date,call_date,offense_date,call_time,"
                        "call_date_time,disposition,address,city,state,agency_id,address_type,common_location",
                        {"received_at": "call_date_time", "category": "original_crime_type_name",
                         "place": "address", "disposition": "disposition", "record_no": "crime_id"}),
    # Detroit "911 Calls for Service"
    "detroit-911": ("incident_id,agency,incident_address,zip_code,priority,callcode,calldescription,category,"
                    "call_timestamp,precinct_sca,respondingunit,officerinitiated,intaketime,dispatchtime",
                    {"received_at": "call_timestamp", "category": "category", "place": "incident_address",
                     "record_no": "incident_id"}),
    # Chicago "Crimes - 2001 to Present": its ID is the record's, not a resident's ID number
    "chicago-crimes": ("ID,Case Number,Date,Block,IUCR,Primary Type,Description,Location Description,Arrest,"
                       "Domestic,Beat,District,Ward,Community Area,FBI Code,X Coordinate,Y Coordinate,Year,"
                       "Updated On,Latitude,Longitude,Location",
                       {"received_at": "Date", "category": "Primary Type", "summary": "Description",
                        "place": "Block", "record_no": "Case Number"}),
    # San Francisco 311 "Cases"
    "sf-311": ("CaseID,Opened,Closed,Updated,Status,Status Notes,Responsible Agency,Category,Request Type,"
               "Request Details,Address,Street,Supervisor District,Neighborhood,Police District,Latitude,"
               "Longitude,Point,Source,Media URL",
               {"received_at": "Opened", "category": "Category", "summary": "Request Details", "place": "Address",
                "status": "Status", "narrative": "Status Notes", "record_no": "CaseID", "channel": "Source",
                "closed_at": "Closed"}),
    # Chicago "311 Service Requests"
    "chicago-311": ("SR_NUMBER,SR_TYPE,SR_SHORT_CODE,OWNER_DEPARTMENT,STATUS,CREATED_DATE,LAST_MODIFIED_DATE,"
                    "CLOSED_DATE,STREET_ADDRESS,CITY,STATE,ZIP_CODE,LATITUDE,LONGITUDE,LOCATION",
                    {"received_at": "CREATED_DATE", "category": "SR_TYPE", "place": "STREET_ADDRESS",
                     "status": "STATUS", "record_no": "SR_NUMBER", "closed_at": "CLOSED_DATE"}),
    # Boston "311 Service Requests"
    "boston-311": ("case_enquiry_id,open_dt,target_dt,closed_dt,ontime,case_status,closure_reason,case_title,"
                   "subject,reason,type,queue,department,submittedphoto,closedphoto,location,fire_district,"
                   "pwd_district,city_council_district,police_district,neighborhood,ward,precinct,"
                   "location_street_name,location_zipcode,latitude,longitude,source",
                   {"received_at": "open_dt", "category": "type", "summary": "case_title", "place": "location",
                    "status": "case_status", "narrative": "closure_reason", "record_no": "case_enquiry_id",
                    "channel": "source", "closed_at": "closed_dt"}),
    # Open311 GeoReport v2, as many cities publish it
    "open311": ("service_request_id,status,status_notes,service_name,service_code,description,agency_responsible,"
                "service_notice,requested_datetime,updated_datetime,expected_datetime,address,address_id,zipcode,"
                "lat,long,media_url",
                {"received_at": "requested_datetime", "category": "service_name", "summary": "description",
                 "place": "address", "status": "status", "narrative": "status_notes",
                 "record_no": "service_request_id"}),
    # A 12345 citizen hotline's work orders (工单)
    "hotline-12345": ("工单编号,来电时间,来电人,来电号码,诉求类型,诉求内容,事发地址,承办单位,办理状态,办结时间,办理结果",
                      {"received_at": "来电时间", "reporter_name": "来电人", "reporter_phone": "来电号码",
                       "category": "诉求类型", "summary": "诉求内容", "place": "事发地址", "status": "办理状态",
                       "narrative": "办理结果", "record_no": "工单编号", "closed_at": "办结时间"}),
}


@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_public_exports_headers_are_proposed_as_an_officer_would_map_them(export):
    headers, expected = EXPORTS[export]
    assert propose_columns(headers.split(",")) == expected


def test_a_coordinates_column_is_not_the_place_when_an_address_is_there():
    # NYC's "Location" holds "(40.58, -73.93)"; its "Incident Address" is the place.
    assert propose_columns(["Created Date", "Complaint Type", "Location", "Incident Address"])["place"] == \
        "Incident Address"
    assert propose_columns(["Created Date", "Complaint Type", "Location"])["place"] == "Location"


def test_a_state_column_of_an_address_is_not_the_status():
    assert "status" not in propose_columns(["EVENTDT", "CVLEGEND", "City", "State"])


# Headers a tester's real exports carried that were not proposed: each file's header row as published,
# with the fields an officer maps by hand (the rest of the proposal is not asserted here).
MORE_EXPORTS = {
    "seattle-calls": ("CAD Event Number,Event Clearance Description,Call Type,Priority,Initial Call Type,"
                      "Final Call Type,Original Time Queued,Arrived Time,Precinct,Sector,Beat",
                      {"received_at": "Original Time Queued", "category": "Final Call Type", "channel": "Call Type"}),
    "baltimore-911": ("X,Y,RowID,CallKey,CallDateTime,Priority,District,Description,CallNumber,IncidentLocation,"
                      "Location,Neighborhood", {"received_at": "CallDateTime", "category": "Description"}),
    "cincinnati-cfs": ("ADDRESS_X,AGENCY,CREATE_TIME_INCIDENT,DISPOSITION_TEXT,EVENT_NUMBER,INCIDENT_TYPE_ID,"
                       "INCIDENT_TYPE_DESC,PRIORITY", {"category": "INCIDENT_TYPE_DESC"}),
    "denver-crime": ("incident_id,offense_id,OFFENSE_CODE,OFFENSE_CODE_EXTENSION,OFFENSE_TYPE_ID,OFFENSE_CATEGORY_ID,"
                     "FIRST_OCCURRENCE_DATE,LAST_OCCURRENCE_DATE,REPORTED_DATE,INCIDENT_ADDRESS",
                     {"category": "OFFENSE_CATEGORY_ID"}),
    "kansascity-311": ("CASE ID,SOURCE,DEPARTMENT,WORK GROUP,REQUEST TYPE,CATEGORY,TYPE,DETAIL,CREATION DATE,"
                       "CREATION TIME,CREATION MONTH,CREATION YEAR,STATUS",
                       {"received_at": "CREATION DATE", "received_time": "CREATION TIME"}),
    "toronto-311": ("Creation Date,Status,First 3 Chars of Postal Code,Intersection Street 1,Ward,"
                    "Service Request Type,Division", {"received_at": "Creation Date"}),
    "houston-311": ("CASE NUMBER,SR LOCATION,DEPARTMENT,DIVISION,SR TYPE,QUEUE,SLA,STATUS,SR CREATE DATE,DUE DATE,"
                    "DATE CLOSED,Title,Channel Type", {"received_at": "SR CREATE DATE"}),
    # The four below, with Dallas, Montreal and Austin's portal export: header rows whole, as the files were
    # published (Montreal's semicolons written as commas); each names its category column a way of its own.
    "montgomery-crime": ("Incident ID,Offence Code,CR Number,Dispatch Date / Time,NIBRS Code,Victims,Crime Name1,"
                         "Crime Name2,Crime Name3,Police District Name,Block Address,City,State,Zip Code,Agency,"
                         "Place,Sector,Beat,PRA,Address Number,Street Prefix,Street Name,Street Suffix,Street Type,"
                         "Start_Date_Time,End_Date_Time,Latitude,Longitude,Police District Number,Location",
                         {"received_at": "Dispatch Date / Time", "category": "Crime Name2",
                          "summary": "Crime Name3", "place": "Block Address", "record_no": "Incident ID"}),
    "philadelphia-incidents": ("the_geom,cartodb_id,the_geom_webmercator,objectid,dc_dist,psa,dispatch_date_time,"
                               "dispatch_date,dispatch_time,hour,dc_key,location_block,ucr_general,"
                               "text_general_code,point_x,point_y,lat,lng",
                               {"received_at": "dispatch_date_time", "category": "text_general_code"}),
    "tempe-cfs": ("X,Y,OBJECTID,primary_key,final_case_type,occ_year,occ_dt,obfaddress,priority,zone,grid,"
                  "how_received,unit_id1,unit_id2,unit_id3,report_flag,case_status,cleared_by,x_rand,y_rand,"
                  "disclaimer,place_name,cfstype",
                  {"received_at": "occ_dt", "category": "final_case_type", "channel": "how_received",
                   "status": "case_status"}),
    "austin-311": ("sr_number,sr_type_desc,sr_department_desc,sr_method_received_desc,sr_status_desc,sr_status_date,"
                   "sr_created_date,sr_updated_date,sr_closed_date,sr_location,sr_location_street_number,"
                   "sr_location_street_name,sr_location_city,sr_location_zip_code,sr_location_county,sr_location_x,"
                   "sr_location_y,sr_location_lat,sr_location_long,sr_location_lat_long,"
                   "sr_location_council_district,sr_location_map_page,sr_location_map_tile",
                   {"received_at": "sr_created_date", "category": "sr_type_desc", "record_no": "sr_number"}),
    "austin-311-portal": ("Service Request (SR) Number,SR Description ,Department,Method Received ,SR Status ,"
                          "Status Change Date,Created Date ,Last Update Date,Close Date,SR Location ",
                          {"received_at": "Created Date ", "category": "SR Description ", "status": "SR Status "}),
    "dallas-incidents": ("Incident Number w/year,Year of Incident,Service Number ID,Watch,Call (911) Problem,"
                         "Type of Incident,Type  Location,Type of Property,Incident Address,Apartment Number,"
                         "Reporting Area,Beat,Division,Sector,Council District,Target Area Action Grids,Community,"
                         "Date1 of Occurrence,Year1 of Occurrence,Month1 of Occurence,Day1 of the Week,"
                         "Time1 of Occurrence,Day1 of the Year,Date2 of Occurrence,Year2 of Occurrence,"
                         "Month2 of Occurence,Day2 of the Week,Time2 of Occurrence,Day2 of the Year,"
                         "Date of Report,Date incident created,Offense Entered Year,Offense Entered Month,"
                         "Offense Entered Day of the Week,Offense Entered Time,Offense Entered  Date/Time,"
                         "CFS Number,Call Received Date Time,Call Date Time,Call Cleared Date Time,"
                         "Call Dispatch Date Time,Special Report (Pre-RMS),Person Involvement Type,Victim Type,"
                         "Offense Status,UCR Disposition,NIBRS Crime,NIBRS Crime Category,Zip Code,City,State,"
                         "Location1",
                         {"received_at": "Call Date Time", "category": "NIBRS Crime Category",
                          "place": "Incident Address"}),
    "montreal-actes-criminels": ("CATEGORIE,DATE,QUART,PDQ,X,Y,LONGITUDE,LATITUDE",
                                 {"received_at": "DATE", "category": "CATEGORIE"}),
    # Pittsburgh's police blotter (WPRDC): its report number is CCR (_id and PK are the portal's), its gravest
    # offence named INCIDENTHIERARCHYDESC, every offence's statute and name OFFENSES
    "pittsburgh-blotter": ("_id,PK,CCR,HIERARCHY,INCIDENTTIME,INCIDENTLOCATION,CLEAREDFLAG,INCIDENTNEIGHBORHOOD,"
                           "INCIDENTZONE,INCIDENTHIERARCHYDESC,OFFENSES,INCIDENTTRACT,COUNCIL_DISTRICT,"
                           "PUBLIC_WORKS_DIVISION,X,Y",
                           {"received_at": "INCIDENTTIME", "category": "INCIDENTHIERARCHYDESC", "summary": "OFFENSES",
                            "place": "INCIDENTLOCATION", "record_no": "CCR", "status": None}),
    # Indiana University's campus crime log: its report number shortened
    "iu-crime": ("report_num,date,crime_class,crime,location,city,state,lat,long,status",
                 {"received_at": "date", "category": "crime", "record_no": "report_num", "status": "status"}),
    "jcj-register": ("序号,接警时间,报警人,联系电话,警情类别,发生地点,简要警情,处理结果", {"summary": "简要警情"}),
    "duty-log": ("日期,时间,来电（访）人,联系电话,事由,处理情况,值班人,带班领导", {"reporter_name": "来电（访）人"}),
    "mediation": ("编号,受理日期,申请人,联系电话,身份证号码,被申请人,纠纷类型,纠纷简要情况,调解结果",
                  {"reporter_name": "申请人", "reporter_id": "身份证号码"}),
    "hotline-12345-qiuzhu": ("工单编号,诉求内容,诉求类型,来电时间,求助人员,求助号码,承办单位",
                             {"reporter_name": "求助人员", "reporter_phone": "求助号码"}),
    "hotline-12345-suqiu": ("工单编号,诉求内容,诉求类型,来电时间,来电人,诉求号码", {"reporter_phone": "诉求号码"}),
    "hotline-12345-laifang": ("工单编号,诉求内容,诉求类型,来电时间,来访人,联系方式",
                              {"reporter_name": "来访人", "reporter_phone": "联系方式"}),
}


@pytest.mark.parametrize("export", sorted(MORE_EXPORTS))
def test_more_exports_headers_are_proposed(export):
    headers, expected = MORE_EXPORTS[export]
    proposed = propose_columns(headers.split(","))
    assert {name: proposed.get(name) for name in expected} == expected


def test_a_description_is_the_summary_beside_a_category_and_call_type_the_category_alone():
    chicago = propose_columns(["ID", "Case Number", "Date", "Block", "Primary Type", "Description"])
    assert (chicago["category"], chicago["summary"]) == ("Primary Type", "Description")
    san_diego = propose_columns(["incident_num", "date_time", "call_type", "disposition", "beat"])
    assert san_diego["category"] == "call_type" and "channel" not in san_diego


def test_montgomerys_crime_names_the_offence_is_the_category_and_the_most_exact_the_summary():
    """Crime Name1 only says against property, person or society (no station's list has those); Name2 is the
    offence (Larceny/Theft Offenses, Fraud Offenses), Name3 the exact one (LARCENY - FROM AUTO). Its Place is
    the kind of premises; the address is Block Address."""
    headers = MORE_EXPORTS["montgomery-crime"][0].split(",")
    proposed = propose_columns(headers)
    assert (proposed["category"], proposed["summary"], proposed["place"]) == ("Crime Name2", "Crime Name3",
                                                                              "Block Address")
    assert "Crime Name1" not in proposed.values()
    # Tempe writes its final case type twice (cfstype): the one named as such is proposed.
    assert propose_columns(["occ_dt", "cfstype"])["category"] == "cfstype"
    assert propose_columns(["occ_dt", "cfstype", "final_case_type"])["category"] == "final_case_type"


def test_a_plural_or_a_shortened_number_is_matched_as_its_word():
    """OFFENSES is the offense, report_num the report number, Incident No the incident number, Phone Number the
    phone, Offense_Desc the offence's description: below any header a field's word names exactly."""
    assert propose_columns(["INCIDENTTIME", "OFFENSES"])["category"] == "OFFENSES"
    assert propose_columns(["report_num", "date", "Categories"]) == {
        "record_no": "report_num", "received_at": "date", "category": "Categories"}
    loose = propose_columns(["Incident No", "Date", "Offense", "Offense_Desc", "Caller", "Phone Number"])
    assert (loose["record_no"], loose["summary"], loose["reporter_phone"]) == ("Incident No", "Offense_Desc",
                                                                               "Phone Number")
    assert propose_columns(["Date", "Offenses", "Offense"])["category"] == "Offense"  # the exact word first
    # not shortened where the rest is too short to say what it numbers (ID_NUM is no ID card's number)
    assert "reporter_id" not in propose_columns(["ID_NUM", "Date", "Offense"])
