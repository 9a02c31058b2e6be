"""A file with no category column (a government message board's replies): the command line says how a mapping
gives every row one category, the saved mapping has the key to fill, and filled it imports."""

from __future__ import annotations

from argparse import Namespace
from dataclasses import replace

import pytest

from frontdesk.i18n import DeskError, set_language
from frontdesk.intake.cli import import_from_command_line
from tests.unit.test_service_requests import desk, export, imports  # noqa: F401

HEADER = ["留言编号", "留言主题", "留言时间", "留言详情", "答复时间"]
ROWS = [["2549", "A市A5区汇金路五矿万境K9县存在一系列问题", "2019/4/25 9:32:09", "汇金路五矿万境K9县的业主反映…",
         "2019/5/10 14:56:53"]]


@pytest.mark.parametrize("lang, words", [("en", 'default_category = ""'), ("zh", 'default_category = ""')])
def test_no_category_column_says_how_to_give_every_row_one(imports, tmp_path, lang, words):
    set_language(lang)
    path = export(tmp_path / "replies.csv", HEADER, ROWS)
    with pytest.raises(DeskError) as refused:
        import_from_command_line(Namespace(file=str(path), mapping="", save_mapping="", dry_run=True), imports)
    assert words in refused.value.message and ("other" in refused.value.message)


def test_the_saved_mapping_has_default_category_to_fill_and_filled_it_imports(imports, desk, tmp_path, capsys):
    set_language("en")
    path = export(tmp_path / "replies.csv", HEADER, ROWS)
    with pytest.raises(DeskError) as refused:
        import_from_command_line(Namespace(file=str(path), mapping="", save_mapping="replies", dry_run=False), imports)
    assert "default_category" in refused.value.message
    saved = imports.mappings_folder / "replies.toml"
    text = saved.read_text(encoding="utf-8")
    assert 'default_category = ""' in text
    saved.write_text(text.replace('default_category = ""', 'default_category = "other"'), encoding="utf-8")
    result = imports.run(imports.open(str(path), "replies"))
    assert (result.imported, result.rejected) == (1, 0)


def test_a_file_with_a_category_column_is_saved_without_the_key(imports, tmp_path):
    path = export(tmp_path / "log.csv", ["编号", "接警时间", "警情类别", "简要案情"],
                  [["1", "2024-03-05 14:20", "纠纷", "邻居占用车位"]])
    imports.save_mapping(imports.open(str(path)).mapping)
    text = (imports.mappings_folder / "log.toml").read_text(encoding="utf-8")
    assert "default_category" not in text
    # every field is listed, those the file has no column for yet empty: the officer sees the keys there are
    assert 'category = "警情类别"' in text and 'narrative = ""' in text and 'reporter_phone = ""' in text


def test_a_day_order_no_date_settled_is_saved_as_a_comment_and_the_files_dates_settle_it_later(imports, tmp_path):
    """Sacramento's calls with no header row: saved before its date column was named, the mapping stated
    day_first = true, and 1/2/06 then read as 1 February (1/13/06 further down was refused against it)."""
    rows = [["1/1/06 0:00", "3108 OCCIDENTAL DR", "3", "10851(A)VC TAKE VEH W/O OWNER"],
            ["1/2/06 0:00", "2082 EXPEDITION WAY", "5", "459 PC  BURGLARY RESIDENCE"]]
    path = tmp_path / "sacramento.csv"
    path.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    imports.save_mapping(replace(imports.open(str(path)).mapping, name="sac"))
    saved = imports.mappings_folder / "sac.toml"
    text = saved.read_text(encoding="utf-8")
    assert "# day_first = true" in text and "\nday_first" not in text
    kept = [line for line in text.splitlines() if line not in ('received_at = ""', 'category = ""', 'place = ""')]
    saved.write_text("\n".join(kept).replace("[columns]", '[columns]\nreceived_at = "A"\ncategory = "D"\nplace = "B"'),
                     encoding="utf-8")
    later = rows + [["1/13/06 0:00", "5641 MARGARITE WAY", "2", "459 PC  BURGLARY VEHICLE"]]
    path.write_text("".join(",".join(row) + "\n" for row in later), encoding="utf-8")
    opened = imports.open(str(path), "sac")  # (refused before: the mapping stated the other order)
    assert opened.mapping.day_first is False and not opened.mapping.day_first_stated


def test_a_day_order_the_files_dates_settle_is_saved_stated(imports, tmp_path):
    path = export(tmp_path / "calls.csv", ["Incident", "Date", "Type"],
                  [["A1", "13/04/2024 10:00", "Theft"], ["A2", "14/04/2024 11:00", "Theft"]])
    imports.save_mapping(imports.open(str(path)).mapping)
    text = (imports.mappings_folder / "calls.toml").read_text(encoding="utf-8")
    assert "\nday_first = true" in text and "# day_first" not in text


def test_a_mapping_may_give_a_category_by_its_name_as_the_list_shows_it(imports, tmp_path):
    """其他 (or Other) is the category other: a mapping an officer wrote by the names they see is taken; a name
    not on the list is refused naming the codes there are."""
    set_language("zh")
    folder = imports.mappings_folder
    folder.mkdir(parents=True)
    (folder / "board.toml").write_text('name = "board"\ndefault_category = "其他"\n[columns]\nreceived_at = "留言时间"\n'
                                       '[categories]\n"居民" = "其他"\n"Theft" = "theft"\n"Loud" = "Noise"\n',
                                       encoding="utf-8")
    path = export(tmp_path / "replies.csv", HEADER, ROWS)
    mapping = imports.open(str(path), "board").mapping
    assert mapping.default_category == "other" and mapping.categories == {"居民": "other", "Theft": "theft",
                                                                          "Loud": "noise"}
    (folder / "board.toml").write_text('name = "board"\n[categories]\n"居民" = "居委会"\n', encoding="utf-8")
    with pytest.raises(DeskError) as refused:
        imports.open(str(path), "board")
    assert "居委会" in refused.value.message and "other (其他)" in refused.value.message


def test_an_unknown_default_category_is_named_as_the_mapping_writes_it(imports, tmp_path):
    set_language("en")
    folder = imports.mappings_folder
    folder.mkdir(parents=True)
    (folder / "board.toml").write_text('name = "board"\ndefault_category = "residents"\n', encoding="utf-8")
    with pytest.raises(DeskError) as refused:
        imports.open(str(export(tmp_path / "replies.csv", HEADER, ROWS)), "board")
    assert "default_category" in refused.value.message and "\x00" not in refused.value.message
    assert "other (Other)" in refused.value.message


def test_a_day_order_settled_by_one_column_is_not_stated_for_another(imports, tmp_path):
    """Date settles day first (13/04); the officer then takes Reported (04/13: month first) as the received
    column and saves: stating day first would refuse the file the next time it is opened with the mapping."""
    path = export(tmp_path / "calls.csv", ["Incident", "Date", "Reported", "Type"],
                  [["A1", "13/04/2024 10:00", "04/13/2024 10:05", "Theft"],
                   ["A2", "14/04/2024 11:00", "04/14/2024 11:05", "Theft"]])
    opened = imports.open(str(path))
    assert opened.mapping.column("received_at") == "Date" and opened.mapping.order_settled()
    columns = {**opened.mapping.columns, "received_at": "Reported"}
    imports.save_mapping(replace(opened.mapping, columns=columns, name="calls"))
    text = (imports.mappings_folder / "calls.toml").read_text(encoding="utf-8")
    assert "# day_first" in text and "\nday_first" not in text
    assert imports.open(str(path), "calls").mapping.day_first is False  # (refused before: day first stated)


@pytest.mark.parametrize("lang, words", [("en", "no date read so far reads one way only"),
                                         ("zh", "目前读到的日期都可两种读法")])
def test_the_preview_says_when_the_day_order_is_a_guess(imports, tmp_path, lang, words):
    """Sacramento's 1/1/06, 1/2/06: the first row reads the same either way, so "(day first)" beside it showed
    nothing of the guess; a file whose 13/04 settles it says no more than the order."""
    set_language(lang)
    guessed = export(tmp_path / "sac.csv", ["cdatetime", "address", "crimedescr"],
                     [["1/1/06 0:00", "3108 OCCIDENTAL DR", "BURGLARY"], ["1/2/06 0:00", "2082 EXPEDITION WAY", "BURGLARY"]])
    assert any(words in line for line in imports.preview(imports.open(str(guessed))).readings)
    settled = export(tmp_path / "calls.csv", ["cdatetime", "address", "crimedescr"],
                     [["13/04/2024 10:00", "3108 OCCIDENTAL DR", "BURGLARY"]])
    readings = imports.preview(imports.open(str(settled))).readings
    assert readings and not any(words in line for line in readings)
