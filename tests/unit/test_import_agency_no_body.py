"""An agency a service-request mapping gives no body ("none"): its rows are refused and reported as the mapping
says, even where its name says police or names the station itself, and the word survives saving and loading."""

from __future__ import annotations

from dataclasses import replace

import pytest

from frontdesk.context import DeskContext
from frontdesk.i18n import set_language
from frontdesk.intake.desk import CaseImports
from frontdesk.intake.service_requests import NO_BODY
from tests.unit.test_service_requests import (HOTLINE_HEADER, HOTLINE_MAPPING, desk, export,  # noqa: F401
                                              hotline_rows, imports)

OWN = "杭州市公安局西湖区分局三墩派出所"


def _imports(desk, tmp_path) -> CaseImports:
    settings = replace(desk.settings, data_dir=tmp_path, config_path=tmp_path / "config.toml",
                       station_name="三墩派出所")
    return CaseImports(DeskContext(settings=settings, engine=desk.engine, on_duty=desk.on_duty, url=desk.url,
                                   clock=desk.clock))


@pytest.mark.parametrize(("agency", "lang", "said", "explained"), [
    (OWN, "zh", f"对应方案定为无承接单位（\"none\"）的承办单位，其行按方案未导入：{OWN}：5 行", '不导入的填 "none"'),
    ("Hangzhou Police Department", "en",
     'Agencies given no body ("none"), their rows not imported as the mapping says: Hangzhou Police Department: 5 rows',
     '# "none" (its rows are not imported)'),
])
def test_an_agency_given_none_is_refused_though_its_name_makes_it_the_stations(desk, tmp_path, agency, lang, said,
                                                                               explained):
    set_language(lang)
    try:
        imports = _imports(desk, tmp_path)
        mapping = tmp_path / "hotline.toml"
        mapping.write_text(HOTLINE_MAPPING, encoding="utf-8")
        path = export(tmp_path / "12345.csv", HOTLINE_HEADER, hotline_rows(agency))
        opened = imports.open(str(path), str(mapping))
        assert imports.agencies(opened).lines[0].goes_to == "station"  # not mapped: the station's own by its name

        mapping.write_text(HOTLINE_MAPPING + f'"{agency}" = "none"\n', encoding="utf-8")
        opened = imports.open(str(path), str(mapping))
        assert imports.agencies(opened).lines[0].goes_to == NO_BODY
        assert all(row.problems[0].key == "import.agency_not_imported" for row in imports.preview(opened).rows)
        result = imports.run(opened)
        assert (result.imported, result.rejected) == (0, 5)
        assert dict(result.refused_agencies) == {agency: 5} and not result.unknown_agencies
        assert not result.police_agencies  # (not said to be the station's own)
        assert result.kinds == {"agency_not_imported": 5}
        report = result.report_path.read_text(encoding="utf-8")
        assert said in report
        assert agency in result.rejects_path.read_text(encoding="utf-8-sig")

        saved = imports.save_mapping(replace(opened.mapping, name="again"))  # written as it was read, read back
        assert f'"{agency}" = "none"' in saved.read_text(encoding="utf-8")
        assert explained in saved.read_text(encoding="utf-8")  # (the file says what the word does)
        assert imports.agencies(imports.open(str(path), str(saved))).lines[0].goes_to == NO_BODY
    finally:
        set_language("en")

