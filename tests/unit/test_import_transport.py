"""A 12345 export's transport-authority matters (taxis, buses, road-transport licences: 交通运输, 运管, 出租车) are no
police Traffic: they are proposed as a hand-off to the station's transport body, the category its matters are
recorded under, or left unmapped and reported where the station has no such body; 交警 and 交通事故 stay Traffic."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from db.engine import read_session, write_session
from db.models import Case, Handoff, NonPoliceMatter, ReceivingBody
from frontdesk.intake.transport import transport_matter
from tests.unit.test_service_requests import desk, export, imports  # noqa: F401


@pytest.mark.parametrize(("value", "transport"), [
    ("交通运输", True), ("交通运输-出租车", True), ("出租车拒载", True), ("运管", True), ("道路运输证办理", True),
    ("公交线路调整", True), ("网约车投诉", True), ("計程車", True), ("交通運輸", True),
    ("交警", False), ("交通事故", False), ("违章停车", False), ("交通", False), ("交通拥堵", False),
    ("出租车交通事故", False), ("交警支队", False), ("噪音扰民", False),
])
def test_which_words_are_a_transport_authoritys_matter(value, transport):
    assert transport_matter(value) is transport


HEADER = ["工单编号", "来电时间", "诉求类型", "诉求内容", "工单状态", "承办单位", "办结时间"]
#: (诉求类型, 承办单位) -> the category proposed, and where the agency's rows go.
ROWS = [
    ("交通运输", "市交通运输局", "tip", "transport_12328"),
    ("出租车拒载", "市运管处", "tip", "transport_12328"),
    ("交通事故", "市公安局交警支队", "traffic", ""),
    ("交警", "交警大队", "traffic", ""),
    ("噪音扰民", "市城管局", "noise", ""),
]


def _export(tmp_path):
    rows = [[f"ZJ12345-2023050{n}", f"2023-05-0{n} 10:00:00", kind, "来电反映", "已办结", agency,
             f"2023-05-0{n} 18:00:00"] for n, (kind, agency, _code, _body) in enumerate(ROWS, start=1)]
    return export(tmp_path / "12345.csv", HEADER, rows)


def test_a_12345_exports_transport_matters_are_handed_to_the_transport_body_and_its_police_traffic_kept(
        imports, desk, tmp_path):
    opened = imports.open(str(_export(tmp_path)))
    assert {kind: opened.mapping.categories[kind] for kind, *_ in ROWS} == {kind: code for kind, _a, code, _b in ROWS}
    going = {line.agency: line.goes_to for line in imports.agencies(opened).lines}
    assert going == {agency: body for _k, agency, _c, body in ROWS}
    result = imports.run(opened)
    assert (result.imported, result.rejected) == (2, 3)
    with read_session(desk.engine) as session:
        handed = session.execute(select(Handoff.their_ref, ReceivingBody.code, Handoff.matter, Case.category,
                                        Case.police).join(ReceivingBody, ReceivingBody.id == Handoff.body_id)
                                 .join(Case, Case.id == Handoff.case_id).order_by(Handoff.their_ref)).all()
    assert [tuple(row) for row in handed] == [
        ("ZJ12345-20230501", "transport_12328", "taxi_complaint", "tip", False),
        ("ZJ12345-20230502", "transport_12328", "taxi_complaint", "tip", False)]
    assert set(result.unknown_agencies) == {"市公安局交警支队", "交警大队", "市城管局"}


def test_with_no_transport_body_its_matters_are_left_unmapped_and_reported(imports, desk, tmp_path):
    with write_session(desk.engine) as session:
        session.execute(update(ReceivingBody).where(ReceivingBody.code == "transport_12328").values(active=False))
        session.execute(update(NonPoliceMatter).where(NonPoliceMatter.code == "taxi_complaint").values(active=False))
        session.commit()
    opened = imports.open(str(_export(tmp_path)))
    assert (opened.mapping.categories["交通运输"], opened.mapping.categories["交通事故"]) == ("", "traffic")
    assert {line.agency: line.goes_to for line in imports.agencies(opened).lines}["市交通运输局"] == ""
    result = imports.run(opened)
    assert result.imported == 0 and {"市交通运输局", "市运管处"} <= set(result.unknown_agencies)


def test_a_police_logbooks_transport_words_are_no_traffic_either(imports, tmp_path):
    """With no agency column nothing is handed off: 交通运输 is left for the officer to map, not taken for 交通."""
    path = export(tmp_path / "接处警登记.csv", ["接警时间", "警情类别", "简要案情"],
                  [["2023-05-01 10:00:00", "交通运输", "出租车拒载"], ["2023-05-01 11:00:00", "交通事故", "两车相撞"]])
    opened = imports.open(str(path))
    assert opened.mapping.service_requests is None
    assert opened.mapping.categories == {"交通运输": "", "交通事故": "traffic"}
