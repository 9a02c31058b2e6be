"""A proposal checked against the file's first values, and a header found under a title merged across every
column: Minneapolis's ReportedDate keeps its own time, Buffalo's coordinates are no place, and a Colombian
police workbook's ten title lines and Spanish signatures are no header and no records."""

from __future__ import annotations

from dataclasses import replace

from openpyxl import Workbook
from sqlalchemy import text

from tests.unit.test_import_reading import desk, imports  # noqa: F401,F811 - fixtures
from tests.unit.test_import_register_dates import local_times

#: Minneapolis Police incidents 2017 (its open-data CSV, a byte-order mark first): Time is when the offence
#: began (BeginDate), not when it was reported.
MINNEAPOLIS = """\ufeffPublicAddress,ControlNbr,CCN,Precinct,ReportedDate,BeginDate,Time,Offense,Description,UCRCode
0058XX Lyndale AV S,3642376,MP 2017 061552,05,2017-02-20T11:17:00.000Z,2017-02-20T08:40:00.000Z,08:40:00,TFMV,Theft From Motr Vehc,07
0028XX Columbus AV S,3642378,MP 2017 061614,03,2017-02-20T10:30:00.000Z,2017-02-17T10:07:00.000Z,10:07:00,BURGB,Burglary Of Business,06
0000XX 60 ST W,3642404,MP 2017 061624,05,2017-02-20T11:29:00.000Z,2017-02-20T07:50:00.000Z,07:50:00,TFMV,Theft From Motr Vehc,07
"""
#: Buffalo's crime incidents (its open-data CSV): created_at is the portal's record, a day or a year later.
BUFFALO = """incident_id,case_number,incident_datetime,incident_type_primary,incident_description,clearance_type,address_1,address_2,city,state,zip,country,latitude,longitude,created_at,updated_at,location,hour_of_day,day_of_week,parent_incident_type
728765590,15-2411024,08/29/2015 07:30:00 AM,UUV,UUV,,VIRGINIA ST & MAIN ST,,BUFFALO,NY,,,43.0064897171289,-78.880779986495,08/30/2015 06:07:23 AM,09/05/2015 06:16:04 AM,POINT (-78.880779986495 43.006489717129),7,Saturday,Theft of Vehicle
735320276,15-2990490,10/26/2015 02:12:51 AM,LARCENY/THEFT,LARCENY/THEFT,,DELAWARE@KENMORE,,BUFFALO,NY,14217,,42.9586953,-78.8696143,10/28/2015 03:54:37 AM,11/02/2015 07:15:42 AM,POINT (-78.8696143 42.9586953),2,Monday,Theft
735320277,15-2990491,10/27/2015 11:40:00 PM,LARCENY/THEFT,LARCENY/THEFT,,100 Block MAIN ST,,BUFFALO,NY,14202,,42.88,-78.87,10/28/2015 03:54:37 AM,11/02/2015 07:15:42 AM,POINT (-78.87 42.88),23,Tuesday,Theft
"""


def test_a_received_column_with_its_own_times_is_not_given_another_columns(imports, desk, tmp_path):
    """Before, Time was proposed beside ReportedDate (a "date" by its name) and every case took the time its
    offence began: MP 2017 061614, reported 10:30Z, was saved at 10:07 three days before, unseen."""
    path = tmp_path / "Police_Incidents_2017.csv"
    path.write_text(MINNEAPOLIS, encoding="utf-8")
    opened = imports.open(str(path))
    assert opened.mapping.column("received_at") == "ReportedDate" and opened.mapping.column("received_time") is None
    opened.mapping.categories.update({"TFMV": "theft", "BURGB": "theft"})
    assert imports.run(opened).imported == 3
    assert sorted(local_times(desk)) == ["2017-02-20 18:30", "2017-02-20 19:17", "2017-02-20 19:29"]


def test_a_date_column_of_dates_alone_still_takes_its_time_column(imports, tmp_path):
    path = tmp_path / "登记表.csv"
    path.write_text("接警日期,接警时间,警情类别,简要案情\n2024-03-05,09:10,纠纷,口角\n2024-03-05,10:20,求助,开锁\n"
                    "2024-03-06,11:30,纠纷,占道\n", encoding="utf-8")
    assert imports.open(str(path)).mapping.column("received_time") == "接警时间"


def test_buffalos_incident_time_address_and_type_are_proposed_not_its_portals_or_coordinates(imports, tmp_path):
    path = tmp_path / "Crime_Incidents.csv"
    path.write_text(BUFFALO, encoding="utf-8")
    columns = imports.open(str(path)).mapping.columns
    # (its parent_incident_type, Theft of Vehicle and Theft, is what the station's categories name; its
    # incident_type_primary, UUV and LARCENY/THEFT, which the header's words rank first, much less)
    assert (columns.get("received_at"), columns.get("place"), columns.get("category"), columns.get("record_no")) \
        == ("incident_datetime", "address_1", "parent_incident_type", "case_number")


def test_a_place_column_of_coordinates_is_not_proposed(imports, tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text("Date,Type,Location\n2022-08-01 10:00,Noise,POINT (-78.88 43.00)\n2022-08-01 11:00,Noise,"
                    "POINT (-78.87 42.96)\n2022-08-01 12:00,Theft,\"(42.96, -78.87)\"\n", encoding="utf-8")
    assert imports.open(str(path)).mapping.column("place") is None


def test_a_header_under_a_title_merged_across_the_columns_and_over_spanish_signatures(imports, desk, tmp_path):
    """Colombia's police publish each offence's workbook under ten title lines, each a cell merged across
    the columns, and sign it under the records: the header (FECHA HECHO …) was never found (the first title
    line was taken, its columns named MINISTERIO DE DEFENSA NACIONAL (1) … (8)), and the signatures were
    rejected as records."""
    book = Workbook()
    sheet = book.active
    for title in ("MINISTERIO DE DEFENSA NACIONAL", "POLICÍA NACIONAL", None, None, None, None,
                  "DIRECCIÓN DE INVESTIGACIÓN CRIMINAL E INTERPOL", "GRUPO DE INFORMACIÓN DE CRIMINALIDAD",
                  "AMENAZAS", "PERÍODO DEL 01 DE ENERO AL 31 DE JULIO DEL 2025"):
        sheet.append([title])
        if title:
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=8)
    sheet.append(["ARMAS MEDIOS", "DEPARTAMENTO", "MUNICIPIO", "FECHA HECHO", "GENERO", "*AGRUPA EDAD PERSONA*",
                  "CODIGO DANE", "CANTIDAD"])
    sheet.append(["ARMA BLANCA / CORTOPUNZANTE", "ANTIOQUIA", "Medellín (CT)", "01/01/2025", "MASCULINO", "ADULTOS",
                  "05001000", 1])
    sheet.append(["SIN EMPLEO DE ARMAS", "ATLÁNTICO", "Barranquilla (CT)", "25/07/2025", "MASCULINO", "ADULTOS",
                  "08001000", 1])
    for line in ("FUENTE:  DIJIN-POLICÍA NACIONAL. DATOS EXTRAIDOS EL DÍA 13 DE AGOSTO 2025.",
                 "*Agrupación referente a la clasificación del código de infancia y adolescencia ley 1098",
                 "Elaboró: SI IVAN MATEUS LARA", "Revisó: SI IVAN MATEUS LARA",
                 "Autorizó: MY MIGUEL ANTONIO CIPAGAUTA"):
        sheet.append([line])
    path = tmp_path / "amenazas_2025.xlsx"
    book.save(path)
    opened = imports.open(str(path))
    assert opened.header_row == 11 and opened.headers[3] == "FECHA HECHO"
    from dataclasses import replace

    opened = imports.remap(opened, replace(opened.mapping, columns={
        **opened.mapping.columns, "received_at": "FECHA HECHO", "summary": "ARMAS MEDIOS", "place": "MUNICIPIO"},
        default_category="other"))
    done = imports.run(opened)
    assert (done.read, done.imported, done.rejected) == (2, 2, 0), [r.reason for r in done.rejects]
    assert sorted(when[:10] for when in local_times(desk)) == ["2025-01-01", "2025-07-25"]


def test_a_date_of_another_kind_beside_the_received_time_is_not_the_received_date():
    """出生日期 or 答复日期 is no incident's date: 接警时间 stays the received time, not a time of day beside it."""
    from frontdesk.intake.mapping import propose_columns

    for other in ("出生日期", "答复日期", "录入日期"):
        columns = propose_columns(["接警时间", "报警人", other, "警情类别", "简要案情"])
        assert (columns["received_at"], columns.get("received_time")) == ("接警时间", None), other


def test_a_reporter_written_as_a_number_and_a_place_of_house_numbers_stay_proposed(imports, tmp_path):
    path = tmp_path / "登记表.csv"
    path.write_text("接警时间,报警人,警情类别,简要案情,地点\n2024-03-05 09:10,13912345678,纠纷,口角,4500\n"
                    "2024-03-05 10:20,13812345678,求助,开锁,100\n2024-03-05 11:30,13712345678,纠纷,占道,2300\n",
                    encoding="utf-8")
    columns = imports.open(str(path)).mapping.columns
    assert (columns.get("reporter_name"), columns.get("place")) == ("报警人", "地点")


def test_a_date_alone_exported_in_utc_keeps_its_time_column(imports, tmp_path):
    """An ArcGIS export writes a date field at the zone's midnight in UTC (2019-01-01T06:00:00.000Z on every
    row): one time on every row is no time of its own, so ReportTime gives the time."""
    path = tmp_path / "reports.csv"
    path.write_text("ReportDate,ReportTime,Offense,Address\n2019-01-01T06:00:00.000Z,9:05,Theft,1 Main St\n"
                    "2019-01-02T06:00:00.000Z,10:40,Theft,2 Main St\n2019-01-03T06:00:00.000Z,23:15,Theft,3 Main St\n",
                    encoding="utf-8")
    assert imports.open(str(path)).mapping.column("received_time") == "ReportTime"


def test_date_and_time_columns_a_register_names_are_still_proposed_as_such():
    from frontdesk.intake.mapping import propose_columns

    columns = propose_columns(["来所日期", "来所时间", "来所人员", "事由"])
    assert (columns["received_at"], columns["received_time"]) == ("来所日期", "来所时间")


def test_a_call_received_outranks_the_incidents_time_and_the_incidents_a_portals_record():
    from frontdesk.intake.mapping import propose_columns

    assert propose_columns(["Incident DateTime", "Call DateTime", "Type", "Address"])["received_at"] == \
        "Call DateTime"
    assert propose_columns(["incident_datetime", "created_at", "incident_type_primary"])["received_at"] == \
        "incident_datetime"


def test_a_headerless_register_with_chinese_dates_starts_at_its_first_row(imports, tmp_path):
    """Its records name 报警人 and 地点 in their words: no row is taken for a header (before, with 10 rows
    searched, the first was; the dates in words now say the first row is a record)."""
    lines = [f"2024年3月{day}日 10时,纠纷,报警人称邻居在{day}号楼地点堆放杂物" for day in range(1, 25)]
    path = tmp_path / "register.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    opened = imports.open(str(path))
    assert opened.no_header and opened.header_row == 0


def test_a_status_column_whose_words_are_no_status_is_not_proposed(imports, tmp_path):
    """São Paulo's police reports: STATUS says whether the offence was done or attempted (Consumado, Tentado).
    Proposed as the case's status, it had every row refused; a column with one status word among others is
    still proposed, its other words left to the officer."""
    path = tmp_path / "roubo_veiculos.csv"
    path.write_text("BO_INICIADO,RUBRICA,LOGRADOURO,STATUS\n2021-01-01 02:30:36,Roubo (art. 157),RUA São felipe Neri,"
                    "Consumado\n2021-01-01 03:10:00,Roubo (art. 157),AV Paulista,Tentado\n2021-01-01 04:00:00,"
                    "Furto,RUA Augusta,Consumado\n", encoding="utf-8")
    assert imports.open(str(path)).mapping.column("status") is None
    kept = tmp_path / "calls.csv"
    kept.write_text("Date,Type,Status\n2022-08-01 10:00,Noise,Closed\n2022-08-01 11:00,Noise,Pending Review\n",
                    encoding="utf-8")
    assert imports.open(str(kept)).mapping.column("status") == "Status"


def test_offence_codes_give_way_to_the_words_beside_them_as_the_category(imports, desk, tmp_path):
    """Minneapolis's Offense is a code (TFMV, BURGB) that no station's list names; its Description says the
    same in words. Before, every row but a plain THEFT was refused until each code was mapped by hand (109 of
    400 rows of the published file imported; 342 now)."""
    path = tmp_path / "Police_Incidents_2017.csv"
    path.write_text(MINNEAPOLIS, encoding="utf-8")
    opened = imports.open(str(path))
    assert opened.mapping.column("category") == "Description" and opened.mapping.column("summary") is None
    assert opened.mapping.categories == {"Theft From Motr Vehc": "theft", "Burglary Of Business": "theft"}
    assert imports.run(opened).imported == 3
    with desk.reading() as session:
        summaries = sorted(session.execute(text('SELECT summary FROM "case"')).scalars())
    assert summaries == ["Burglary Of Business", "Theft From Motr Vehc", "Theft From Motr Vehc"]


def test_codes_beside_sentences_keep_their_column(imports, tmp_path):
    """A dispatcher's codes beside its notes, a register's 警情类别 (A1, B2) beside its 简要案情: the sentences
    name no code, so the codes stay the category (mapped once each, not a sentence at a time)."""
    calls = tmp_path / "calls.csv"
    calls.write_text("Date,Nature,Summary\n" + "".join(
        f"2023-05-0{n} 1{n}:00,{code},{text}\n" for n, (code, text) in enumerate([
            ("SUSP", "Suspicious man looking into cars on Elm St"), ("MVA", "Loose dog running in traffic"),
            ("SUSP", "Caller reports a van parked for hours"), ("DIST", "Neighbours shouting, music loud"),
            ("MVA", "Two cars collided at Main and 3rd"), ("ALRM", "Burglar alarm at the pharmacy")], start=1)),
        encoding="utf-8")
    assert imports.open(str(calls)).mapping.column("category") == "Nature"
    register = tmp_path / "登记表.csv"
    register.write_text("接警时间,警情类别,简要案情\n" + "".join(
        f"2024-03-0{n} 10:00,{code},{text}\n" for n, (code, text) in enumerate([
            ("A1", "邻居因停车位发生纠纷"), ("B2", "电动车在小区内被盗"), ("A1", "夫妻吵架邻居报警"),
            ("C3", "钥匙锁在车内求助")], start=1)), encoding="utf-8")
    assert imports.open(str(register)).mapping.column("category") == "警情类别"


def test_a_category_of_words_in_capitals_keeps_its_column(imports, tmp_path):
    """Chicago's PRIMARY TYPE (THEFT, BATTERY) is words, and its DESCRIPTION (\\$500 AND UNDER) says less."""
    path = tmp_path / "chicago.csv"
    path.write_text("ID,Case Number,Date,Primary Type,Description\n"
                    "10508693,HZ250496,05/03/2016 11:40:00 PM,BATTERY,DOMESTIC BATTERY SIMPLE\n"
                    "10508695,HZ250409,05/03/2016 09:40:00 PM,THEFT,$500 AND UNDER\n"
                    "10508697,HZ250503,05/03/2016 11:31:00 PM,THEFT,OVER $500\n"
                    "10508698,HZ250424,05/03/2016 10:10:00 PM,BATTERY,SIMPLE\n", encoding="utf-8")
    opened = imports.open(str(path))
    assert (opened.mapping.column("category"), opened.mapping.column("summary")) == ("Primary Type", "Description")
    buffalo = tmp_path / "buffalo.csv"
    buffalo.write_text(BUFFALO, encoding="utf-8")  # (UUV beside UUV: a code beside the same code, not its words)
    assert imports.open(str(buffalo)).mapping.column("summary") == "incident_description"


#: Berlin police's bicycle thefts (its open-data CSV): two thefts of the same hour differ only in columns the
#: mapping does not read (the day reported, the district, the sum).
BERLIN = ("ANGELEGT_AM,TATZEIT_ANFANG_DATUM,TATZEIT_ANFANG_STUNDE,TATZEIT_ENDE_DATUM,TATZEIT_ENDE_STUNDE,LOR,"
          "SCHADENSHOEHE,VERSUCH,ART_DES_FAHRRADS,DELIKT,ERFASSUNGSGRUND\n"
          "31.01.2022,30.01.2022,15,30.01.2022,19,01100206,974,Nein,Herrenfahrrad,Fahrraddiebstahl,"
          "Sonstiger schwerer Diebstahl von Fahrrädern\n"
          "30.01.2022,30.01.2022,15,30.01.2022,18,01100206,1000,Nein,Herrenfahrrad,Fahrraddiebstahl,"
          "Sonstiger schwerer Diebstahl von Fahrrädern\n")


def test_rows_alike_in_what_is_read_but_not_in_every_cell_are_two_records(imports, desk, tmp_path):
    """Before, the second theft was taken for the first entered twice (10 of 400 rows of the published file);
    a row alike in every cell still is one, and the file read again adds nothing."""
    path = tmp_path / "Fahrraddiebstahl.csv"
    first = BERLIN.splitlines()[1]
    path.write_text(BERLIN + first + "\n", encoding="utf-8")
    opened = imports.open(str(path))
    opened.mapping.columns.update({"received_at": "TATZEIT_ANFANG_DATUM", "received_time": "TATZEIT_ANFANG_STUNDE"})
    opened = imports.remap(opened, opened.mapping)
    assert opened.mapping.categories == {"Fahrraddiebstahl": "theft"}
    result = imports.run(opened)
    assert (result.imported, result.skipped, result.repeated) == (2, 1, 1)
    again = imports.run(opened)
    assert (again.imported, again.skipped) == (0, 3)
    # Sorted otherwise, or saved again without a column the mapping does not read: still nothing new.
    head, *rows = (BERLIN + first + "\n").splitlines()
    for text in ("\n".join([head, *reversed(rows)]) + "\n",
                 "\n".join(",".join(line.split(",")[:6] + line.split(",")[7:]) for line in [head, *rows]) + "\n"):
        path.write_text(text, encoding="utf-8")
        other = imports.open(str(path))
        other = imports.remap(other, replace(other.mapping, columns={
            **other.mapping.columns, "received_at": "TATZEIT_ANFANG_DATUM", "received_time": "TATZEIT_ANFANG_STUNDE"}))
        assert imports.run(other).imported == 0


def test_of_several_category_columns_the_one_the_stations_categories_name_is_proposed(imports, tmp_path):
    """A 110 export names its coarse class, its code and its fine type all 类别; the fine type (盗窃, 诈骗) is what
    the station's list names. Before, the code (10, 20) was proposed and all 400 rows were refused."""
    path = tmp_path / "bjsj.csv"
    path.write_text("bjsj报警时间,bjlbdm报警类别代码,jqlbmc警情粗略类别,bjlxmc警情细致类别,bjnr报警内容\n" + "".join(
        f"2024-04-11 2{n}:4{n}:55,{code},{coarse},{fine},{text}\n" for n, (code, coarse, fine, text) in enumerate([
            ("10", "刑事案件", "盗窃", "电动车被盗"), ("10", "刑事案件", "诈骗", "网购被骗"),
            ("20", "治安案件", "纠纷", "邻居争吵"), ("10", "刑事案件", "盗窃", "手机被偷")])), encoding="utf-8")
    assert imports.open(str(path)).mapping.column("category") == "bjlxmc警情细致类别"


def test_a_workbook_whose_date_is_in_parts_is_read_from_its_data_not_its_cover(imports, tmp_path):
    """Taiwan's freeway accident notices open on their data (年 | 月 | 日 | 時 | 分) beside a notes sheet whose one
    cell is a sentence with 時 in it; a cover shown first gives way to a data sheet whose date is in parts."""
    book = Workbook()
    data = book.active
    data.title = "交通事故簡報通報資料"
    data.append(["年", "月", "日", "時", "分", "事故類型", "簡訊內容"])
    for day in (9, 10, 11):
        data.append([2023, 2, day, 19, 21, "A3", "北控通報3級02/09,19:21國1南向43.8K(結報)"])
    notes = book.create_sheet("欄位說明")
    notes.append(["欄位：時、分、事件發生及簡訊內容可以比對確認其正確性，發生時間以簡訊內容為準"])
    path = tmp_path / "freeway.xlsx"
    book.save(path)
    assert imports.open(str(path)).file.sheet == "交通事故簡報通報資料"
    cover = Workbook()
    cover.active.title = "About"
    cover.active.append(["Crime data 2017, Vancouver Police Department. Fecha: see the data sheet."])
    crimes = cover.create_sheet("Crimes 2017")
    crimes.append(["TYPE", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "NEIGHBOURHOOD"])
    for day in (5, 6, 7):
        crimes.append(["Theft from Vehicle", 2017, 9, day, 3, 44, "Mount Pleasant"])
    path = tmp_path / "vpd.xlsx"
    cover.save(path)
    opened = imports.open(str(path))
    assert opened.file.sheet == "Crimes 2017" and opened.mapping.column("received_at") == "YEAR/MONTH/DAY"


def test_an_id_column_of_birth_dates_and_a_channel_column_of_no_channels_are_not_proposed(imports, tmp_path):
    """Changsha's traffic police: 身份证明号码 holds birth dates (19671007), which refused every row as a bad ID
    number; 来源 says 一般事故 or 简易事故 (the procedure), no channel. Rows as published (names masked there)."""
    book = Workbook()
    book.active.append(["事故编号", "姓名", "身份证明号码", "事故责任", "事故发生时间", "事故地点", "来源", "伤害程度"])
    for number, name, born, when, where, source in [
            ("430121120250000063", "周JX", 19671007, "2025-03-05T20:00", "长沙县黄兴大道磁悬浮站路段", "一般事故"),
            ("430112120250000025", "张XS", 19550722, "2025-03-05T22:24", "望城区潇湘北路", "一般事故"),
            ("430102120250000041", "李MH", 19880316, "2025-03-06T08:10", "芙蓉区五一大道", "简易事故")]:
        book.active.append([number, name, born, "同等", when, where, source, "轻伤"])
    path = tmp_path / "事故.xlsx"
    book.save(path)
    columns = imports.open(str(path)).mapping.columns
    assert "reporter_id" not in columns and "channel" not in columns
    assert (columns["reporter_name"], columns["record_no"]) == ("姓名", "事故编号")


def test_an_id_column_of_masked_numbers_or_placeholders_and_a_hotline_channel_stay_proposed(imports, tmp_path):
    """Masked numbers (3301**********1234) and 无 are no reason to leave the ID column out; a 12345 export whose
    channel column says 12345热线 in its first rows and 网站 after is a channel column."""
    path = tmp_path / "12345.csv"
    rows = [f"2023-05-{n % 28 + 1:02d} 10:00,噪音扰民,楼上装修噪音,张某,13812345{n:03d},"
            f"{'3301**********1234' if n % 2 else '无'},{'12345热线' if n < 40 else '网站'}" for n in range(60)]
    path.write_text("受理时间,类别,诉求内容,来电人,联系电话,身份证号,来源渠道\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    opened = imports.open(str(path))
    assert (opened.mapping.column("reporter_id"), opened.mapping.column("channel")) == ("身份证号", "来源渠道")
    assert opened.mapping.channels == {"12345热线": "phone", "网站": "online"}


def test_past_the_keys_a_reader_counts_no_other_row_is_taken_for_one_before(imports, desk, tmp_path, monkeypatch):
    """Once a reader has counted its most keys it starts again; a row alike in what is read to one counted before,
    but another in its cells, is still imported (it had been taken for that one: lost). One alike in every cell
    to a row counted before the start is then imported too: a record twice rather than one lost."""
    import frontdesk.intake.rows as rows

    monkeypatch.setattr(rows, "SEEN_MOST", 3)
    head, first, second = BERLIN.splitlines()
    others = [first.replace("30.01.2022,15", f"2{n}.01.2022,1{n}") for n in range(5)]
    third = second.replace(",1000,", ",555,")
    path = tmp_path / "Fahrraddiebstahl.csv"
    path.write_text("\n".join([head, first, second, *others, third, first]) + "\n", encoding="utf-8")
    opened = imports.open(str(path))
    opened = imports.remap(opened, replace(opened.mapping, columns={
        **opened.mapping.columns, "received_at": "TATZEIT_ANFANG_DATUM", "received_time": "TATZEIT_ANFANG_STUNDE"}))
    result = imports.run(opened)
    assert (result.imported, result.skipped) == (9, 0)
    assert imports.run(opened).imported == 0  # (read again, each row keys the same)


def test_a_category_column_of_headlines_is_the_summary_and_a_parent_number_no_record_number(imports, tmp_path):
    """Leipzig's police reports name their headline `crime` (nearly every one different: each would be mapped by
    hand); a parent incident's number is shared by many rows, and would make them one record."""
    path = tmp_path / "leipzig.csv"
    path.write_text("date,crime,parent_incident_number\n" + "".join(
        f"2019-03-{day:02d},{headline},P-{day % 3}\n" for day, headline in enumerate([
            "Toyota gestohlen", "Einbruch in Kindertagesstätte", "Radfahrer verletzt", "Graffiti am Rathaus",
            "Handtasche entrissen", "Verkehrsunfall mit zwei Verletzten", "Einbruch in Geschäft", "Raubdelikt",
            "Sachbeschädigung durch Graffiti", "Fahrrad gestohlen", "Brand in Keller", "Betrug am Telefon",
            "Wohnungseinbruch in Gohlis", "Unfallflucht", "Ladendiebstahl", "Körperverletzung", "Vermisste Person",
            "Trickbetrug", "Auto aufgebrochen", "Diebstahl aus Pkw", "Kellereinbruch"], start=1)), encoding="utf-8")
    columns = imports.open(str(path)).mapping.columns
    assert "category" not in columns and columns["summary"] == "crime" and "record_no" not in columns


def test_berlins_kategorie_is_the_category_column():
    from frontdesk.intake.mapping import propose_columns

    """Berlin's police press reports (date,title,link,location,description,en_title,kategorie): the import had been
    refused for want of a category column."""
    assert propose_columns(["date", "title", "link", "location", "description", "en_title", "kategorie"])[
        "category"] == "kategorie"
