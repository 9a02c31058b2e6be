"""The words logbooks and public exports use: for their columns (headers) and for the values of the
desk's fixed vocabularies (channels, statuses, dispositions, categories). Compared after `mapping.fold`."""

from frontdesk.intake.han_forms import simplified

# Headers as logbooks write them, compared after `fold` (NFKC, lower case, no spaces or punctuation); a header
# with a plural's -s or "number" or "description" shortened is matched too (frontdesk.intake.mapping.loose_forms).
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    # Beyond the words logbooks use: the headers of public exports (police calls for service, 311 and
    # 12345 hotlines), e.g. NYC "Created Date", Boston "open_dt", Open311 "requested_datetime",
    # Berkeley "EVENTDT", New Orleans "TimeCreate". Earlier words win when two headers match.
    "received_at": ("接警时间", "报警时间", "受理时间", "接报时间", "来所时间", "登记时间", "来电时间", "报案时间",
                    "接警日期", "报警日期", "受理日期", "来电日期", "报案日期", "登记日期", "日期时间", "日期", "时间",
                    "received", "receivedat", "datetime", "reportedat", "datereceived", "timereceived",
                    "createddate", "datecreated", "created", "createdon", "opened", "opendt", "openeddate",
                    "requesteddatetime", "requestdatetime", "requestdate", "calldatetime", "calltimestamp",
                    "callreceived", "originaltimequeued", "timequeued", "timecreate", "createtime", "createtimeincident", "eventdatetime",
                    "incidentdatetime", "reporteddatetime", "creationdate", "srcreatedate", "srcreateddate",
                    "dispatchdatetime", "occdt", "calldate", "eventdt", "eventdate", "incidentdate",
                    "reportdate", "reporteddate", "datereported", "daterptd",
                    # NYPD complaints (CMPLNT_FR_DT beside its CMPLNT_FR_TM) and hate crimes, St. Louis's
                    # Citizens' Service Bureau requests
                    "cmplntfrdt", "recordcreatedate", "datetimeinit",
                    # a college's Clery log (Date/Time Reported), Davis's CrimeGraphics (DateOpened | TimeOpened)
                    "datetimereported", "dateopened",
                    # Austin's crime reports, Vancouver's 311, and Lincoln's university police log (Reported)
                    "repdatetime", "servicerequestopentimestamp", "cdatetime", "date", "reported",
                    # a leaders' message board (people.cn's 领导留言板: dateline, when the message was posted)
                    "dateline",
                    # last: an open-data portal's record of its own (Buffalo's created_at, beside the incident's)
                    "createdat",
                    # the same in traditional characters (a Taiwan or Hong Kong export)
                    "報案時間", "報警時間", "受理時間", "發生時間", "時間",
                    # Spanish, Catalan, Portuguese and German police files: a Brazilian report's BO_INICIADO (when
                    # the report was begun) over its DATAOCORRENCIA, a Colombian police's FECHA HECHO
                    # Mexico City's prosecutors' files: when the file was opened (fecha_inicio), not the offence
                    "fechainicio", "fechadenuncia", "fecharegistro", "fechahecho", "fechadelhecho", "fechaocurrencia", "fecha",
                    "boiniciado", "dataregistro", "datadoregistro", "dataocorrencia", "datadaocorrencia",
                    "datahora", "data", "datum", "tatzeit",
                    # Brazil's federal highway police (data_inversa), Berlin's bicycle thefts (ANGELEGT_AM: the day
                    # the report was made, beside TATZEIT_ANFANG_DATUM, when the theft began)
                    "datainversa", "angelegtam",
                    # college police logs: Maryland's report_date_time, Texas Tech's Date and Time Reported
                    "reportdatetime", "dateandtimereported", "datetimeofreport"),
    "received_time": ("时刻", "接警时刻", "来电时刻", "time", "钟点", "calltime", "eventtm", "eventtime", "incidenttime",
                      "reporttime", "timereported", "creationtime", "cmplntfrtm", "timeopened",
                      # Taiwan's open data gives a band of hours (00~02) beside the date (發生日期 | 發生時段)
                      "發生時段", "发生时段", "時段", "时段",
                      # (a date over several columns has its hour alone found by frontdesk.intake.date_parts)
                      "horahecho", "horadelhecho", "horaocurrencia", "horaocorrencia", "hora", "uhrzeit", "heure"),
    "category": ("警情类别", "案件类别", "警情类型", "案件类型", "诉求类型", "诉求分类", "问题类型", "事件类型", "工单类型",
                 "类别", "类型", "分类", "案由", "警情性质", "category", "typetext", "type", "kind", "complainttype",
                 "calltypedescription", "finalcalltype", "initialcalltype", "incidenttype", "incidenttypedesc",
                 "eventtype", "offensecategoryid",
                 # San Francisco incident reports, Toronto's major crime indicators (MCI, beside the finer
                 # offence), NYPD complaints, Dallas incidents (NIBRS Crime Category, else Type of Incident:
                 # Offense Type there is only PART1 or PART2, the UCR part), St. Louis service requests
                 # (PROBLEMCODE beside the caller's DESCRIPTION)
                 "cvlegend", "primarytype", "offense",
                 "incidentcategory", "mci", "ofnsdesc", "nibrscrimecategory", "typeofincident", "problemcode",
                 "crmcddesc", "originalcrimetypename",
                 "nature", "problem", "servicename", "srtype", "requesttype", "servicerequesttype",
                 "casetype", "calldescription", "reason",
                 # Austin 311 (sr_type_desc; its portal export's "SR Description"), Philadelphia incidents,
                 # Montgomery County MD crime (Crime Name2: Name1 only says against property, person or society,
                 # which no station's list has), Tempe calls for service (final_case_type beside the same
                 # cfstype), Montreal (CATEGORIE).
                 "srtypedesc", "srdescription", "textgeneralcode", "crimename2", "finalcasetype", "cfstype",
                 "categorie", "offensetype", "kategorie",  # (Berlin's police reports: kategorie)
                 # police.uk street-level crime (Crime type); Lincoln's university police log, whose Incident Code
                 # names the incident (ALCOHOL - DRUNK), last: San Francisco's is a number beside its category
                 "crimetype", "incidentcode", "案類", "案件類別", "類別", "類型",
                 # Sacramento's crime log (cdatetime, crimedescr)
                 "crimedescr",
                 # (last: they weigh no more than a word before them) Buffalo's crime incidents
                 "incidenttypeprimary", "parentincidenttype",
                 # Spanish, Portuguese (a Brazilian report's RUBRICA: its article of the penal code), German
                 "delito", "tipodelito", "tipodedelito", "conducta", "modalidad", "rubrica", "natureza",
                 "naturezaocorrencia", "straftat", "delikt",
                 # road accidents (Madrid's tipo_accidente, Brazil's tipo_acidente), Buenos Aires's tipo
                 "tipoaccidente", "tipoacidente", "tipo",
                 # college police logs (Auburn's Classification, UC San Diego's Incident, a Clery log's Crime)
                 "classification", "crime", "incident", "title",
                 # Pittsburgh's police blotter: the incident's gravest offence named (beside its HIERARCHY, a
                 # number, and its OFFENSES, every statute's section and name)
                 "incidenthierarchydesc",
                 # a 110 export's finer kind (警情细类, 警情子类, 案件小类: 盗窃 under 治安类), where it gives no 警情类别
                 "细类", "子类", "小类"),
    "channel": ("报警方式", "接警方式", "来电渠道", "受理渠道", "诉求渠道", "来源", "渠道", "报警途径", "方式", "channel",
                "source", "howreceived", "opendatachanneltype", "channeltype", "requestsource", "origin",
                "calltype", "methodreceived", "requestorigin",
                # St. Louis's Citizens' Service Bureau: WEB, PHONE, TWITTER (a caller's type elsewhere: resident,
                # business, so only where its first words are channels' words)
                "callertype"),
    "place": ("发生地点", "案发地点", "事发地点", "事发地址", "发生地址", "诉求地址", "地点", "地址", "发案地点", "blockaddress",
              "place", "incidentaddress", "blkaddr", "streetaddress",
              # Seattle's Hundred Block Location (its Incident Location is a pair of coordinates), St. Louis's
              # PROBADDRESS; San Francisco's Intersection last, the place only where no other column is
              "hundredblocklocation", "probaddress", "incidentlocation", "blocklocation",
              "address", "commonlocation", "block", "where", "location", "intersection",
              # Phoenix's calls, CityProtect exports, a college's Clery log
              "hundredblockaddr", "blocksizedaddress", "generallocation", "address1",
              # Philadelphia's incidents; traditional characters
              "locationblock", "發生地點", "地點",
              # Spanish, Catalan (Barcelona's Nom_carrer), Portuguese (LOGRADOURO), German; a municipality last
              "direccion", "dirección", "lugardelhecho", "lugar", "calle", "nomcarrer", "logradouro", "endereco",
              "endereço", "tatort", "adresse", "barrio", "bairro", "municipio", "colonia", "coloniahecho",
              "alcaldia", "alcaldiahecho",
              # Vancouver's police (its place is the neighbourhood alone), Toronto's
              "localizacion", "localización", "neighbourhood", "neighborhood"),
    "summary": ("简要案情", "警情摘要", "案情摘要", "诉求内容", "来电内容", "反映内容", "报警内容", "警情内容", "主要内容",
                "简要警情", "问题描述", "事件描述", "案情", "摘要", "事由", "内容", "简要情况", "summary", "description",
                "matter", "descriptor", "offensedescription", "incidentdescription", "typedescription",
                "servicesubtype", "requestdetails", "servicedetails", "casetitle", "subject", "offense",
                "crimename3", "offence", "pddesc",
                # Denver's offences (OFFENSE_TYPE_ID beside its OFFENSE_CATEGORY_ID)
                "offensetypeid",
                # a government message board's complaint (留言主题 beside its 留言详情), a fire brigade's case file
                "留言主题", "主要情况", "主要情況",
                # traditional characters: Taiwan's freeway accident notices (簡訊內容: the notice's text)
                "簡訊內容", "內容", "案情摘要", "簡要案情",
                # (not a Brazilian report's DESCRICAOLOCAL: the kind of place, Via pública)
                "descripcion", "descripción", "hechos", "relato", "beschreibung", "subtipo", "synopsis",
                # Halifax's crimes (desc: the category where no other column is)
                "desc"),
    "narrative": ("详细情况", "处理情况", "处置情况", "处警情况", "办理情况", "办理结果", "处理意见", "回复内容", "答复内容",
                  "经过", "备注", "narrative", "details", "notes", "remarks", "actiontaken", "resolutiondescription",
                  "statusnotes", "closurereason", "留言详情", "答复意见", "historico", "histórico",
                  # a message board's message under its subject (people.cn's 领导留言板)
                  "content"),
    "reporter_name": ("报警人姓名", "报警人", "求助人", "来访人", "来电人姓名", "来电人", "来电访人", "申请人", "诉求人", "反映人", "报案人", "来信人",
                      "当事人", "姓名", "reporter", "reportername", "name", "caller", "callername", "complainantname",
                      "complainant"),
    "reporter_phone": ("报警人电话", "联系电话", "报警电话", "来电号码", "来电电话", "求助号码", "诉求号码", "主叫号码", "手机号码", "手机号", "手机",
                       "电话", "联系方式", "phone", "telephone", "mobile", "tel", "contact", "phoneno"),
    "reporter_id": ("公民身份号码", "身份证号码", "身份证号", "身份证", "身分证字号", "身分证号", "证件号码", "证件号", "idnumber", "idno",
                    "residentid", "idcard"),
    "status": ("办理状态", "处理状态", "工单状态", "办结状态", "状态", "status", "casestatus", "stateinfo",
               "statusdescription", "srstatus",
               "estado", "situacion", "situación", "situacao", "situação",
               # San Francisco's incident reports: Open or Active, Cite or Arrest Adult, Unfounded, Exceptional …
               "resolution"),
    "disposition": ("处理结果", "处置结果", "办结方式", "结果", "dispositiontext", "disposition", "outcome", "result",
                    "finaldisposition", "eventclearancedescription", "clearancedescription", "dispositionstatus",
                    # police.uk street-level crime (Last outcome category), a fire brigade's 实/虚警 (a real call
                    # or a false alarm)
                    "lastoutcomecategory", "outcomecategory", "lastoutcome", "实虚警", "虚实警", "真假警情", "警情真伪"),
    # When a closed case was closed (a 12345 work order's 办结时间, a 311 request's Closed Date, a CAD call's
    # CLOSED_TIME_INCIDENT); without it a closed case is closed at its received time.
    "closed_at": ("办结时间", "办结日期", "结案时间", "完成时间", "关闭时间", "反馈时间", "答复时间", "回复时间",
                  # NYC's Closed Date, Boston's closed_dt, Austin's sr_closed_date, Houston's DATE CLOSED,
                  # St. Louis's DATETIMECLOSED, San Francisco's older Closed
                  "closeddate", "closeddt", "closedat", "dateclosed", "closeddatetime", "datetimeclosed",
                  "srcloseddate", "closedate", "closedtime", "timeclosed", "closed",
                  # Cincinnati's calls for service, Seattle's older 911 responses
                  "closedtimeincident", "eventclearancedate", "处结时间", "结案日期",
                  # Vancouver's 311, Austin's crime reports (the day the case was cleared)
                  "servicerequestclosedate", "clearancedate",
                  # Taiwan's freeway accidents: when the lanes were cleared
                  "事件排除"),
    "record_no": ("警情编号", "接警编号", "报警编号", "工单编号", "工单号", "案件编号", "受理编号", "登记编号", "登记号",
                  "记录号", "流水号", "编号", "序号", "recordno", "no", "number", "ref", "reference", "serial",
                  "uniquekey", "caseno", "casenumber", "incidentnumber", "incidentid", "eventnumber",
                  "cadeventnumber", "callnumber", "callno", "srnumber", "servicerequestid", "servicerequestnumber",
                  "caseid", "caseenquiryid", "nopditem", "drno", "crimeid", "callkey", "eventid",
                  "eventuniqueid", "cmplntnum", "fullcomplaintid", "incidentnumberwyear", "requestid",
                  # Baltimore's 311 (its SRRecordID is the system's row id, not the request's number)
                  "servicerequestnum",
                  # Carrollton's CityProtect ccn, Phoenix's calls, a report's number
                  "ccn", "incidentnum", "reportnumber", "reportno",
                  # Philadelphia's incidents, Austin's crime reports; traditional characters
                  "dckey", "incidentreportnumber", "案件編號", "編號", "序號",
                  # Spanish and Catalan (Barcelona's Numero_expedient), Portuguese, German
                  "numeroexpedient", "numeroexpediente", "númeroexpediente", "numerodeexpediente",
                  "númerodeexpediente", "expediente", "expedient", "numerodenuncia", "númerodenuncia",
                  "numerobo", "numbo", "aktenzeichen", "numexpediente",
                  # college police logs: Case #, Incident/Case#, Case Nbr; a portal's id
                  "case", "incidentcase", "casenbr", "casenum",
                  # Pittsburgh's police blotter: its Central Complaint Report number (beside _id and PK, the
                  # portal's row numbers)
                  "ccr"),
}

#: Columns that are the category only when no better one is there: San Diego's call_type (Seattle's Call Type,
#: beside its Final Call Type, says how the call came: 911, ONVIEW), Baltimore's Description (else the summary).
CATEGORY_FALLBACKS = ("calltype", "description", "desc")
#: A column under (or named with) these is about the officer who took or attended the call: never the reporter.
OFFICER_WORDS = ("民警", "处警人", "接警人", "值班", "警号", "办案人", "officer", "badge")
#: A column under these is about the person who came or called, best first (报警人（姓名）).
REPORTER_WORDS = ("报警人", "报案人", "求助人", "来电人", "来访人", "申请人", "当事人")

#: A 12345 work order's column for the hand-off (frontdesk.intake.service_requests): the body it went to (when that
#: body closed it is the `closed_at` column). With one, a file opened without a mapping is read as service requests.
AGENCY_WORDS = ("承办单位", "办理单位", "转办单位", "责任单位", "承办部门", "办理部门")
#: A 311 export's body (NYC's Agency Name beside its Agency, a code such as HPD that names less, San Francisco's
#: Responsible Agency or agency_name, Chicago's OWNER_DEPARTMENT, Austin's sr_department_desc, Houston's and
#: Kansas City's DEPARTMENT, St. Louis's SUBMITTO, Cincinnati's DEPT_NAME, Los Angeles's Owner, Toronto's
#: Division). A police call log may have an agency column too (Cincinnati's AGENCY: CPD), so these
#: make a file service requests only beside a header only service requests have (SERVICE_REQUEST_WORDS).
AGENCY_WORDS_EN = ("agencyname", "agency", "responsibleagency", "agencyresponsible", "ownerdepartment",
                   "owningdepartment", "srdepartmentdesc", "department", "departmentname", "assignedagency",
                   "assigneddepartment", "submitto", "deptname", "owner", "division")
#: Where a 311 export's agency column holds codes, the column that names them (Boston's subject), if any.
AGENCY_NAME_WORDS_EN = ("subject",)
#: Headers of service-request exports, never of police call logs: the request's type or number.
SERVICE_REQUEST_WORDS = frozenset({"complainttype", "servicename", "srtype", "srtypedesc", "srtypecode",
                                   "srdescription", "requesttype", "servicerequesttype", "srnumber",
                                   "servicerequestid", "servicerequestnumber", "servicerequestnum",
                                   "caseenquiryid", "requestid",
                                   "srcreatedate", "srcreateddate"})
#: An agency whose name says it is the police (New York City Police Department; not its code, NYPD, which a
#: mapping names): a request a 311 system gave it is a police matter, imported as the station's own case unless
#: the mapping says otherwise. Not a body that oversees the police, and not a Chinese one: a 12345 export's
#: 公安分局 or another 派出所 is not this station, so its rows stay unknown agencies until mapped.
POLICE_AGENCY_WORDS = ("police",)
NOT_POLICE_WORDS = ("accountability", "commission", "review", "oversight", "complaint", "inspector")

DATE_ONLY_WORDS = frozenset({"日期", "接警日期", "报警日期", "受理日期", "来电日期", "报案日期", "登记日期", "date",
                             "creationdate",
                             "datereceived", "calldate", "eventdt", "eventdate", "incidentdate", "reportdate",
                             "reporteddate", "datereported", "daterptd", "cmplntfrdt", "recordcreatedate", "dateopened",
                             "報案日期", "報警日期", "受理日期", "發生日期",
                             "fecha", "fechahecho", "fechadelhecho", "fechaocurrencia", "fechadenuncia", "fecharegistro",
                             "data", "dataocorrencia", "datadaocorrencia", "dataregistro", "datadoregistro", "datum",
                             "datainversa", "angelegtam"})
TIME_ONLY_WORDS = frozenset({"时间", "时刻", "接警时刻", "来电时刻", "time", "timereceived", "calltime", "eventtm",
                             "eventtime", "incidenttime", "reporttime", "timereported", "creationtime", "cmplntfrtm", "timeopened",
                             # beside a date-only column (接警日期 | 接警时间), a register's time of day
                             "接警时间", "报警时间", "来电时间", "受理时间", "登记时间", "到所时间", "来所时间",
                             "時間", "報案時間", "報警時間", "受理時間", "發生時間", "發生時段", "发生时段", "時段", "时段",
                             "hora", "horahecho", "horadelhecho", "horaocurrencia", "horaocorrencia", "uhrzeit", "heure",
                             # beside a date alone: Brazil's horario, Buenos Aires's franja (an hour), France's
                             # road accidents' hrmn (HHMM) beside its annee | mois | jour
                             "horario", "franja", "franjahoraria", "hrmn"})

# Words for the fixed vocabularies beyond their names in the catalogue (which are matched too).
CHANNEL_WORDS = {
    "walk_in": ("来所", "来访", "到所", "上门", "走访", "现场", "walkin", "visit", "inperson"),
    "phone": ("电话", "来电", "电话报警", "短信报警", "短信", "热线", "12345热线", "12345", "phone", "call", "telephone", "911", "voicein", "voice", "alarm", "text",
              "textmessage", "sms"),
    "transfer_110": ("110", "110转警", "110指令", "指令", "转警", "110transfer"),
    "online": ("网上", "网络", "网上报警", "微信", "app", "online", "web", "website", "internet", "mobile", "email", "网站",
               "ios", "android",  # (Pittsburgh's Report2Gov iOS)
               "小程序", "邮件", "浙里办", "随申办", "粤省事", "一网通办", "政务服务网", "selfservice", "wap",
               "市长信箱", "信箱", "留言板", "网上留言",
               # a hotline's own app (12345app: not its phone line, 12345), Weibo, QQ (Fuzhou's 信息来源)
               "12345app", "微博", "qq",
               "chat", "socialmedia", "twitter"),
    "patrol": ("巡逻", "巡逻发现", "巡查", "patrol", "onview", "selfinitiated", "officerinitiated", "officer"),
}
STATUS_WORDS = {
    # After the Chinese words, US CAD and 311 codes: Tempe's CLR, LAPD's IC (investigation continued), Kansas
    # City's ASSIG and RESOL, Toronto's Initiated and Completed.
    "open": ("待处理", "未处理", "未办结", "未结", "待签收", "待回复", "未回复", "open", "new", "initiated", "openoractive",
             "openpending"),  # (Florida State University police's Open/Pending)
    "in_progress": ("处理中", "在办", "办理中", "正在处理", "调解中", "正在调解", "已签收", "已派警", "已出警", "到达现场",
                    "inprogress", "pending", "ongoing",
                    "ic", "investcont", "assig", "assigned",
                    # police.uk's outcome of a crime still being looked into
                    "underinvestigation"),
    "closed": ("已办结", "办结", "已结", "已结案", "结案", "已处理", "完成", "已完成", "已反馈", "已归档", "已回访",
               "处警完毕", "已办理", "已回复", "closed", "done", "finished",
               "resolved", "clr", "cleared", "resol", "completed", "complete", "close",
               # cleared by exceptional means (San Francisco): the offender known, no arrest to be made
               "exceptionaladult", "exceptionaljuvenile",
               # cleared by exceptional means as a UCR log writes it (Florida State University police)
               "victimrefusedtocooperate",
               # Milwaukee's call outcome: attended, nobody to be charged
               "noprosecution"),
}
DISPOSITION_WORDS = {
    # After the Chinese words, US CAD dispositions: Cincinnati's ADV: ADVISED and GOA: GONE ON ARRIVAL, Seattle's
    # ASSISTANCE RENDERED and PHYSICAL ARREST MADE, Kansas City's DUP and CANC.
    "resolved_on_site": ("现场化解", "现场处置", "现场解决", "已解决", "化解", "当场解决", "告知诉讼途径", "告知诉讼",
                         "resolved", "resolvedonsite",
                         "assistancerendered", "advised", "warning", "noreport", "investigated",
                         "servicerendered",
                         # New Orleans: NAT, Necessary Action Taken; police.uk's Local resolution
                         "necessaryactiontaken", "localresolution",
                         # Seattle's NO POLICE ACTION POSSIBLE OR NECESSARY (attended, nothing to do: closed there)
                         # and INCIDENT LOCATED, PUBLIC ORDER RESTORED
                         "nopoliceaction", "noactiontaken", "noactionrequired", "noactionnecessary",
                         "orderrestored"),
    "mediated": ("调解", "调解成功", "调解结案", "达成协议", "口头协议", "书面协议", "mediated", "mediation"),
    "handed_off": ("分流", "已分流", "移交", "转办", "转交", "handedoff", "handoff", "referredout",
                   "actiontobetakenbyanotherorganisation"),  # (police.uk's)
    # (受案: a register's 已受案, the matter taken as a case to be investigated, the step before 立案)
    "referred": ("移交侦查", "立案", "刑事立案", "受案", "转刑侦", "转侦查", "referred", "investigation", "arrest",
                 "reportwritten", "reporttaken", "citeorarrestadult", "citeorarrestjuvenile", "clearedbyarrest",
                 "clearedbycitation",
                 # Seattle's CITATION ISSUED (CRIMINAL OR NON-CRIMINAL), OTHER REPORT MADE, FOLLOW-UP REPORT MADE
                 "citation", "citationissued", "reportmade",
                 # Milwaukee's To be Filed, Filed Driver Exchange Report (a report), Ordered to Appear (a summons)
                 "filed", "tobefiled", "orderedtoappear",
                 # police.uk's outcomes of a crime investigated, or taken to court (a charge, a court's sentence;
                 # fold keeps a semicolon)
                 "investigationcomplete;nosuspectidentified", "suspectcharged", "suspectchargedaspartofanothercase",
                 "awaitingcourtoutcome", "courtresultunavailable", "defendantsenttocrowncourt",
                 "defendantfoundnotguilty", "offendersenttoprison", "offendergivensuspendedprisonsentence",
                 "offendergivencommunitysentence", "offenderfined", "offendergivenconditionaldischarge",
                 "offendergivenabsolutedischarge", "offenderorderedtopaycompensation", "offenderdeprivedofproperty"),
    "unfounded": ("无效警情", "无效", "谎报", "误报", "虚警", "虚假警情", "虚报", "unfounded", "false", "invalid", "goneonarrival", "goa",
                  "tolocate", "cancel", "cancelled", "canceled", "canc", "falsealarm", "closedunfounded"),
    "duplicate": ("重复报警", "重复", "duplicate", "repeat", "dup", "duplicated", "closedduplicate"),
}
#: A disposition column's words that say the call was real, not how it was closed (a fire brigade's 实警 beside
#: its 虚警, a false alarm): the row is closed as one with no disposition is (the mapping's default disposition).
REAL_CALL_WORDS = ("实警", "真警", "有效警情", "真实警情")
#: What makes an outcome its opposite (调解不成, 调解未成, 终止调解, 未达成协议, mediation failed; a register's 不予立案
#: and 未立案, a case not opened, and 不予受理): a disposition's word inside such a value (调解, 立案) is not proposed
#: for it; the officer says what became of the matter.
NOT_REACHED = ("不成", "未成", "失败", "终止", "未达成", "无果", "未果", "破裂", "不予", "未予", "不立案", "未立案",
               "failed", "unsuccessful",
               "terminated", "noagreement", "notmediated", "notresolved", "notcompleted", "notcomplete",
               "incomplete", "uncompleted", "notclosed", "notdone")
#: What says that the outcome written right after it did not come about (未受案, 不受案, 尚未移交, 没有调解; Not Filed,
#: No Arrest, No Report Written): that outcome is not proposed (frontdesk.intake.logbook.unnegated). Longest first.
NEGATIONS = ("没有", "未", "不", "没")
NEGATIONS_EN = ("not", "no")
CATEGORY_WORDS = {
    # After the words of Chinese logbooks, those of US calls-for-service and 311 exports ("LARCENY",
    # "DISORDERLY CONDUCT", "Noise - Residential"): matched whole, or word by word in a longer name.
    "dispute": ("纠纷", "争吵", "口角", "打架", "dispute", "quarrel", "disorderly", "disturbance", "fight", "argument",
                "harassment", "domestic", "糾紛", "爭吵", "riña", "rina", "pelea", "briga", "streit"),
    "help": ("求助", "求救", "帮助", "help", "assistance", "welfare", "welfarecheck", "assist", "missingperson",
             "medical", "auxilio", "ayuda", "socorro"),
    "tip": ("举报", "线索", "tip", "report", "suspicious", "舉報", "檢舉", "線索",
            # a dispatch system's short form of a suspicious person or car (Milwaukee's SUSP PERS/AUTO): the pair
            # only, SUSP alone being as often suspended (DRIVING W/ SUSP LICENSE)
            "susppers", "suspperson", "suspveh", "suspvehicle", "suspauto", "suspcirc", "suspact", "susppkg"),
    "theft": ("盗窃", "被盗", "偷", "失窃", "theft", "stolen", "larceny", "burglary", "shoplifting",
              "pickpocket", "竊盜", "失竊", "被竊",
              # Spanish, Portuguese (a Brazilian report's Furto; its Roubo is a robbery, as Spanish Robo is: the
              # officer says what that is), German (Fahrraddiebstahl, Kellereinbruch: the end of a word too);
              # Toronto's and Halifax's Break and Enter
              "hurto", "furto", "diebstahl", "einbruch", "breakandenter", "breakenter"),  # (Taiwan's 住宅竊盜, 自行車竊盜)
    "fraud": ("诈骗", "被骗", "电诈", "诈欺", "fraud", "scam", "forgery", "identitytheft", "counterfeit", "詐騙", "被騙", "estafa", "fraude", "estelionato",
              "betrug"),
    "lost_property": ("遗失", "丢失", "失物", "捡拾", "lost", "lostproperty", "foundproperty", "遺失", "失物", "extravio", "perdida", "pérdida",
                      "objetoperdido"),
    "noise": ("噪音", "扰民", "噪声", "擾民", "噪聲", "noise", "loud", "loudmusic", "loudparty", "ruido", "ruído", "barulho", "lärm"),
    "traffic": ("交通", "车祸", "車禍", "交通事故", "交警", "违章停车", "违停", "traffic", "accident", "collision", "crash", "hitandrun", "parking", "dui", "accidente", "acidente",
                "transito", "tránsito", "trânsito", "unfall", "verkehrsunfall", "verkehr", "verkehrsdelikt", "verkehrsdelikte",
                # a road accident's kind as Madrid's and Brazil's federal highway police write it
                "colision", "colisao", "atropello", "atropelo", "atropelamento", "capotamento", "vuelco",
                "tombamento", "choque",
                # a dispatch system's short form of an accident (Milwaukee's ACC PDO, ACC PI: property damage only, a
                # person injured; ACC HR, hit and run): the pair only, ACC alone being as often access (ACC ALARM)
                "accpdo", "accpi", "accpd", "acchr", "accinj", "accprop"),
    "other": ("其他", "其它", "other", "misc", "otros", "otro", "outros", "sonstige"),
}
#: A transport authority's matters (taxis, buses, road-transport licences: 交通运输局, 运管, 出租车; Taiwan's 計程車,
#: 公車): not the police's traffic (交警, 交通事故, 违章), so a 12345 export's 交通运输 is no Traffic case but a hand-off
#: to the station's transport body, and an agency so named goes to that body (frontdesk.intake.transport).
TRANSPORT_WORDS = ("交通运输", "交通運輸", "运管", "運管", "运输管理", "運輸管理", "道路运输", "道路運輸", "运政", "運政",
                   "出租车", "出租汽车", "出租車", "計程車", "的士", "网约车", "網約車", "公交", "公車", "客运", "客運",
                   "货运", "貨運", "驾培", "驾校", "駕訓")
POLICE_TRAFFIC_WORDS = ("交警", "交通警察", "交通事故", "事故", "车祸", "車禍", "违章停车", "违停", "交通违法", "违法停车",
                        "交管", "交通管理", "肇事", "酒驾", "醉驾", "酒駕", "公安", "警察", "police")
#: The words of a receiving body of the station's list that is the transport authority's (12328交通运输服务监督热线).
TRANSPORT_BODY_WORDS = ("交通运输", "交通運輸", "运管", "運管", "transport")


def _with_simplified(words) -> tuple[str, ...]:
    """The words, each traditional one followed by its simplified form, as `fold` leaves a header (發生時間 →
    发生时间): a word written in either script is matched, at its own rank."""
    return tuple(dict.fromkeys(form for word in words for form in (word, simplified(word))))


for _table in (HEADER_WORDS, CHANNEL_WORDS, STATUS_WORDS, DISPOSITION_WORDS, CATEGORY_WORDS):
    for _name, _words in _table.items():
        _table[_name] = _with_simplified(_words)
(OFFICER_WORDS, REPORTER_WORDS, AGENCY_WORDS, REAL_CALL_WORDS, NOT_REACHED, TRANSPORT_WORDS, POLICE_TRAFFIC_WORDS,
 TRANSPORT_BODY_WORDS) = (_with_simplified(words) for words in (
    OFFICER_WORDS, REPORTER_WORDS, AGENCY_WORDS, REAL_CALL_WORDS, NOT_REACHED, TRANSPORT_WORDS, POLICE_TRAFFIC_WORDS,
    TRANSPORT_BODY_WORDS))
DATE_ONLY_WORDS, TIME_ONLY_WORDS = frozenset(_with_simplified(DATE_ONLY_WORDS)), frozenset(_with_simplified(TIME_ONLY_WORDS))
del _table, _name, _words
