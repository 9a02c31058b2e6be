"""What a saved mapping's file may say, and what the officer is told when it does not fit the file: a field
written another way (Received_at) is that field, one no case has is refused by line, a column the file lacks is
named before anything is imported, and a duty log with no category column takes the mapping's default."""

from __future__ import annotations

import pytest

from frontdesk.i18n import DeskError
from frontdesk.intake.mapping_file import load_mapping, save_mapping
from frontdesk.intake.preview import file_notes
from tests.unit.test_case_import import HEADER, count, desk, good_row, imports, write_csv  # noqa: F401 - fixtures


def _mapping(folder, name: str, body: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.toml").write_text(f'name = "{name}"\n' + body, encoding="utf-8")


def test_a_field_written_another_way_is_that_field_and_one_no_case_has_is_refused_by_line(tmp_path):
    _mapping(tmp_path, "typed", '[columns]\nReceived_at = "接警时间"\n" Category " = "类别"\n')
    assert load_mapping("typed", tmp_path).columns == {"received_at": "接警时间", "category": "类别"}
    _mapping(tmp_path, "typo", '[columns]\nreceived_at = "接警时间"\nrecieved_time = "时间"\n')
    with pytest.raises(DeskError) as refused:
        load_mapping("typo", tmp_path)
    assert refused.value.key == "import.mapping_unknown_field"
    assert "line 4" in refused.value.message and "recieved_time" in refused.value.message
    assert "received_time" in refused.value.message  # the fields it could have meant


def test_a_column_the_file_does_not_have_is_named_before_the_import_and_in_its_report(imports, desk, tmp_path):
    _mapping(imports.mappings_folder, "book", '[columns]\nreceived_at = "接警时间"\ncategory = "类别"\n'
             'reporter_name = "报警人"\nreporter_phone = "手机号码"\nsummary = "简要案情"\n')
    path = write_csv(tmp_path / "book.csv", [HEADER, good_row(1)])
    opened = imports.open(str(path), "book")
    assert opened.absent == {"reporter_phone": "手机号码"}
    [note] = file_notes(opened)
    assert "“手机号码”" in note and "phone" in note.lower() and "stay empty" in note
    done = imports.run(opened)
    assert note in done.report_path.read_text(encoding="utf-8")
    assert file_notes(imports.open(str(path))) == []  # proposed from the file's own headers: nothing absent


def test_a_duty_log_with_no_category_column_takes_the_mappings_default(imports, desk, tmp_path):
    header = [name for name in HEADER if name != "类别"]
    rows = [header] + [[cell for name, cell in zip(HEADER, good_row(n)) if name != "类别"] for n in (1, 2)]
    path = write_csv(tmp_path / "duty.csv", rows)
    assert imports.open(str(path)).mapping.column("category") is None
    _mapping(imports.mappings_folder, "duty", 'default_category = "help"\n[columns]\nreceived_at = "接警时间"\n'
             'reporter_name = "报警人"\nreporter_phone = "联系电话"\nsummary = "简要案情"\n')
    done = imports.run(imports.open(str(path), "duty"))
    assert (done.imported, done.rejected) == (2, 0)
    assert count(desk.engine, """SELECT count(*) FROM "case" WHERE category = 'help'""") == 2
    save_mapping(load_mapping("duty", imports.mappings_folder), imports.mappings_folder)  # kept when saved again
    assert load_mapping("duty", imports.mappings_folder).default_category == "help"
    _mapping(imports.mappings_folder, "wrong", 'default_category = "brawl"\n[columns]\nreceived_at = "接警时间"\n')
    with pytest.raises(DeskError) as refused:
        imports.open(str(path), "wrong")
    assert "brawl" in refused.value.message


@pytest.mark.parametrize("body, key, words", [
    ('[columns]\nreceived_at = "Month"\ncategory = "Crime type"\nreceived_at = "Crime ID"\n',
     "import.mapping_key_twice_in", {"en": "“received_at” is given twice in its [columns] table: at line 3, and again at "
                                          "line 5",
                                    "zh": "的 [columns] 表中“received_at”写了两次：第 3 行和第 5 行"}),
    ('[categories]\n"Burglary" = "theft"\nRobbery = "theft"\nBurglary = "other"\n',
     "import.mapping_key_twice_in", {"en": "“Burglary” is given twice in its [categories] table: at line 3, and again "
                                          "at line 5",
                                    "zh": "的 [categories] 表中“Burglary”写了两次：第 3 行和第 5 行"}),
    ('default_channel = "phone"\n\ndefault_channel = "walk_in"\n',
     "import.mapping_key_twice", {"en": "“default_channel” is given twice: at line 2, and again at line 4",
                                 "zh": "中“default_channel”写了两次：第 2 行和第 4 行"}),
    ('[categories]\nBurglary = "theft"\n[columns]\nreceived_at = "Month"\n[ categories ]\nRobbery = "theft"\n',
     "import.mapping_table_twice", {"en": "has its [categories] table twice: at line 2, and again at line 6",
                                   "zh": "中 [categories] 表出现了两次：第 2 行和第 6 行"}),
])
def test_a_key_or_table_given_twice_is_named_with_both_its_lines(tmp_path, body, key, words):
    """tomllib says only "Cannot overwrite a value (at line 5, column 16)": the officer is told which key."""
    from frontdesk.i18n import set_language

    _mapping(tmp_path, "twice", body)
    with pytest.raises(DeskError) as refused:
        load_mapping("twice", tmp_path)
    assert refused.value.key == key
    try:
        for language, expected in words.items():
            set_language(language)
            assert expected in refused.value.message, refused.value.message
    finally:
        set_language("en")


def test_bodies_chosen_on_the_import_screen_win_over_the_mapping_a_proposal_is_saved_over(tmp_path):
    """A proposal (its agencies listed with "") saved over the officer's mapping keeps the bodies they wrote for
    the agencies the officer left alone on the screen; a body chosen there wins over theirs."""
    from frontdesk.intake.mapping import Mapping, ServiceRequests

    _mapping(tmp_path, "city", '[service_requests]\nagency = "Agency"\n'
                               '[service_requests.bodies]\nDOT = "transport_12328"\nDEP = "hotline_12345"\n')
    proposal = ServiceRequests(agency="Agency", bodies={"DOT": "", "DEP": "grid_worker", "DSNY": "legal_aid_12348"},
                               chosen=frozenset({"DEP", "DSNY"}))
    save_mapping(Mapping(name="city", service_requests=proposal), tmp_path)
    assert load_mapping("city", tmp_path).service_requests.bodies == {
        "DOT": "transport_12328", "DEP": "grid_worker", "DSNY": "legal_aid_12348"}
