"""How the import reads a logbook's words: an outcome written after a negation, a dispatch system's short forms,
a hotline's reply beside the narrative, a 12345 status ending 办结, the year of a register's title."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_service_requests import desk, imports  # noqa: F401


def _calls(path: Path, header: str, values: list[str]) -> str:
    """A call log of one row per value under `header`, its other columns a date, a kind and a summary."""
    path.write_text("Date,Category,Summary," + header + "\n" + "".join(
        f"2024-03-0{n} 10:00,Theft,Bicycle taken,{value}\n" for n, value in enumerate(values, start=1)),
        encoding="utf-8")
    return str(path)


def test_an_outcome_written_after_a_negation_is_not_proposed_as_reached(imports, tmp_path):
    """处理结果 未受案 and 不受案 (the matter not taken as a case) held 受案 and were proposed as referred for
    investigation, the opposite of what they say; so were 尚未移交 and 没有调解. After 未, 不, 没有 (尚未) the outcome is
    the officer's to say; 已受案 is still referred, with what was not done after it too (已受案未移交)."""
    path = tmp_path / "登记表.csv"
    path.write_text("接警时间,警情类别,简要案情,处理结果\n" + "".join(
        f"2024-03-0{n} 10:00,盗窃,电动车被盗,{value}\n"
        for n, value in enumerate(["未受案", "不受案", "尚未移交", "没有调解", "已受案", "已受案未移交", "调解成功"],
                                        start=1)),
        encoding="utf-8")
    opened = imports.open(str(path))
    assert opened.mapping.column("disposition") == "处理结果"
    assert opened.mapping.dispositions == {"未受案": "", "不受案": "", "尚未移交": "", "没有调解": "",
                                           "已受案": "referred", "已受案未移交": "referred", "调解成功": "mediated"}


def test_an_english_outcome_after_not_or_no_is_not_proposed_as_reached(imports, tmp_path):
    """Not Filed and Report Not Filed held "filed" (Milwaukee's To be Filed, a report) and were proposed as
    referred; so was No Report Written. What the rest says is still read: Seattle's REPORT WRITTEN (NO ARREST) is
    a report, Closed No Arrest closed, No Report (nothing to write) resolved there."""
    opened = imports.open(_calls(tmp_path / "calls.csv", "Disposition", [
        "Not Filed", "Report Not Filed", "No Report Written", "To be Filed", "No Report", "REPORT WRITTEN (NO ARREST)"]))
    assert opened.mapping.column("disposition") == "Disposition"
    assert opened.mapping.dispositions == {"Not Filed": "", "Report Not Filed": "", "No Report Written": "",
                                           "To be Filed": "referred", "No Report": "resolved_on_site",
                                           "REPORT WRITTEN (NO ARREST)": "referred"}
    opened = imports.open(_calls(tmp_path / "statuses.csv", "Status", [
        "Not Filed", "Closed No Arrest", "Filed", "Closed"]))
    assert opened.mapping.column("status") == "Status"
    assert opened.mapping.statuses == {"Not Filed": "", "Closed No Arrest": "closed", "Filed": "referred",
                                       "Closed": "closed"}
