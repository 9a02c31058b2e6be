"""A command stopped by the system rather than by what was typed (a full disk, an I/O error): said in a
sentence in the officer's language that names no path when there is none, and for an import, how far it got,
since the batches it committed stay in and a second run finishes it."""

from __future__ import annotations

import errno
from types import SimpleNamespace

import pytest

from frontdesk.i18n import DeskError, set_language
from tests.unit.test_case_import import count, desk, imports  # noqa: F401 (fixtures)
from tests.unit.test_import_date_parts import VANCOUVER


@pytest.mark.parametrize("lang, words", [("en", "The command stopped: there is no space left on the disk."),
                                         ("zh", "命令已停止：磁盘空间已满。")])
def test_an_error_with_no_path_names_none(monkeypatch, capsys, lang, words):
    import frontdesk.cli as cli

    def disk_full(argv):
        set_language(lang)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli, "prepare", disk_full)
    assert cli.main(["backup"]) == cli.NOTHING_DONE
    said = capsys.readouterr().err
    assert said.startswith(words) and " at :" not in said and " 处" not in said and "None" not in said, said


@pytest.mark.parametrize("lang, words", [
    ("en", "The import stopped: there is no space left on the disk. What it had imported stays in: {n} imported, "
           "0 already there. Put it right, then import the file again to finish: nothing is added twice."),
    ("zh", "导入已停止：磁盘空间已满。已导入的内容均已保留：导入 {n} 条，已存在 0 条。排除问题后再次导入该文件即可完成，不会重复。")])
def test_an_import_stopped_by_the_system_says_how_far_it_got(tmp_path, imports, desk, monkeypatch, lang, words):
    """The first batch is committed when reading the rest fails: the message counts it, as the database does."""
    from frontdesk.intake import import_run
    from frontdesk.intake.cli import import_from_command_line

    set_language(lang)
    path = tmp_path / "vancouverCrime2017.csv"
    path.write_text(VANCOUVER, encoding="utf-8")
    reading = import_run.data_rows

    def failing_after_three(opened, done):
        for number, row in enumerate(reading(opened, done)):
            if number == 3:
                raise OSError(errno.ENOSPC, "No space left on device")
            yield row

    monkeypatch.setattr(import_run, "data_rows", failing_after_three)
    monkeypatch.setattr(import_run, "BATCH_ROWS", 2)
    with pytest.raises(DeskError) as stopped:
        import_from_command_line(SimpleNamespace(file=str(path), mapping="", save_mapping="", dry_run=False), imports)
    imported = count(desk.engine, 'SELECT count(*) FROM "case"')
    assert imported == 2 and stopped.value.message == words.format(n=imported)
