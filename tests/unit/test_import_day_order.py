"""A file whose every date reads both ways (no day above 12): all its dates are read in one order, the one that
keeps its rows in sequence where one does, and row by row only where the rows are in sequence that way alone
(a register typed by several hands) or too few to say."""

from __future__ import annotations

from tests.unit.test_case_import import write_csv
from tests.unit.test_import_reading import desk, imports  # noqa: F401,F811 - fixtures
from tests.unit.test_import_register_dates import local_times

#: South Australia Police's crime statistics (Unley), sorted as text by date: every day in the first rows is
#: 12 or less, so no date says the order, and the rows are in no sequence either way.
SA = """Reported Date,Suburb - Incident,Postcode - Incident,Offence Level 1 Description,Offence Level 2 Description,Offence Level 3 Description,Offence count
01/01/2024,FULLARTON,5063,OFFENCES AGAINST PROPERTY,FRAUD DECEPTION AND RELATED OFFENCES,Obtain benefit by deception,1
01/02/2024,FULLARTON,5063,OFFENCES AGAINST PROPERTY,THEFT AND RELATED OFFENCES,Other theft,2
01/03/2024,PARKSIDE,5063,OFFENCES AGAINST PROPERTY,THEFT AND RELATED OFFENCES,Theft from shop,1
01/04/2024,FULLARTON,5063,OFFENCES AGAINST THE PERSON,ACTS INTENDED TO CAUSE INJURY,Serious Assault not resulting in injury,1
01/05/2024,FULLARTON,5063,OFFENCES AGAINST PROPERTY,SERIOUS CRIMINAL TRESPASS,SCT - Non Residence,1
01/07/2023,FULLARTON,5063,OFFENCES AGAINST PROPERTY,PROPERTY DAMAGE AND ENVIRONMENTAL,Other property damage and environmental,1
01/11/2023,UNLEY,5061,OFFENCES AGAINST PROPERTY,THEFT AND RELATED OFFENCES,Theft from motor vehicle,1
02/01/2024,UNLEY,5061,OFFENCES AGAINST PROPERTY,THEFT AND RELATED OFFENCES,Other theft,1
03/05/2024,UNLEY,5061,OFFENCES AGAINST PROPERTY,THEFT AND RELATED OFFENCES,Other theft,1
05/03/2024,UNLEY,5061,OFFENCES AGAINST PROPERTY,THEFT AND RELATED OFFENCES,Other theft,1
"""


def _run(imports, tmp_path, name: str, text: str, **mapped):
    from dataclasses import replace

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    opened = imports.open(str(path))
    opened = imports.remap(opened, replace(opened.mapping, columns={**opened.mapping.columns, **mapped}))
    categories = {word: code or "other" for word, code in opened.mapping.categories.items()}
    opened = replace(opened, mapping=replace(opened.mapping, categories=categories))
    return opened, imports.run(opened)


def test_a_file_sorted_as_text_is_read_in_one_order_not_row_by_row(imports, desk, tmp_path):
    """Before, each date took the reading nearest the row before: 01/02/2024 became 2 January beside 1 January,
    01/11/2023 1 November, and 03/05 and 05/03 (two offences two months apart) one case."""
    opened, done = _run(imports, tmp_path, "sa-crime.csv", SA, category="Offence Level 2 Description",
                        summary="Offence Level 3 Description", place="Suburb - Incident")
    assert not opened.dates_settled and not opened.dates_mixed and opened.mapping.day_first
    assert (done.imported, done.skipped) == (10, 0), [r.reason for r in done.rejects]
    assert sorted(when[:10] for when in local_times(desk)) == [
        "2023-07-01", "2023-11-01", "2024-01-01", "2024-01-02", "2024-02-01", "2024-03-01", "2024-03-05",
        "2024-04-01", "2024-05-01", "2024-05-03"]
    assert any("day_first in a mapping says which" in said for said in imports.preview(opened).readings)


def test_a_weeks_pull_written_month_first_is_read_so_by_its_sequence(imports, desk, tmp_path):
    """No 12-hour clock, no day above 12: 08/01 … 08/07 are seven days month first, seven months day first."""
    rows = [["Call Date", "Call Type", "Address"],
            *([f"08/0{day}/2022 1{day}:00", "NOISE", f"{day}00 MAIN ST"] for day in range(1, 8))]
    opened = imports.open(str(write_csv(tmp_path / "calls.csv", rows)))
    assert opened.mapping.day_first is False and not opened.dates_mixed
    assert imports.run(opened).imported == 7
    assert [when[:10] for when in local_times(desk)] == [f"2022-08-0{day}" for day in range(1, 8)]


def test_a_weeks_pull_written_day_first_is_read_so_under_a_chinese_header_too(imports, desk, tmp_path):
    """01/08 … 07/08 are a day apart day first and a month apart month first: the nearer is taken, over the
    month first a Chinese header would give where nothing else says (kept newest first, too)."""
    rows = [["日期", "类别", "地点"], *([f"0{day}/08/2022 10:00", "纠纷", "幸福小区"] for day in range(7, 0, -1))]
    opened = imports.open(str(write_csv(tmp_path / "calls.csv", rows)))
    assert opened.mapping.day_first is True and not opened.dates_mixed
    assert imports.run(opened).imported == 7
    assert [when[:10] for when in local_times(desk)] == [f"2022-08-0{day}" for day in range(1, 8)]


def test_a_date_that_settles_the_order_still_wins_over_the_sequence(imports, desk, tmp_path):
    rows = [["Date", "Type", "Place"], *([f"08/0{day}/2022 10:00", "Noise", "High St"] for day in range(1, 8)),
            ["25/08/2022 10:00", "Noise", "High St"]]
    opened = imports.open(str(write_csv(tmp_path / "calls.csv", rows)))
    assert opened.dates_settled and opened.mapping.day_first is True


def test_a_days_pull_under_a_chinese_header_stays_month_first(imports, desk, tmp_path):
    """Every row 9/3/2023: the sequence says nothing (both readings as near), so a Chinese header's month first
    holds (9月3日), as before the sequence was looked at."""
    rows = [["接警时间", "警情类别", "简要案情"], *([f"9/3/2023 1{n}:00", "纠纷", f"口角{n}"] for n in range(8))]
    opened = imports.open(str(write_csv(tmp_path / "登记表.csv", rows)))
    assert opened.mapping.day_first is False
    imports.run(opened)
    assert {when[:10] for when in local_times(desk)} == {"2023-09-03"}
