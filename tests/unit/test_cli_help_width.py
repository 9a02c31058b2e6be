"""Every command's --help fits an 80-column terminal as the terminal shows it: a Chinese character takes
two columns, and argparse (which counts it as one) is not the judge."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest
from rich.cells import cell_len

from frontdesk.cli import _parser
from frontdesk.cli.words import speak_argparse, wrap_cells
from frontdesk.i18n import set_language


def _command_paths(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and job the parser knows (walked, so a new command is checked without a list)."""
    found = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.extend(_command_paths(sub, (*path, name)))
    return found


@pytest.fixture
def columns_80(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")
    yield
    set_language("en")
    speak_argparse()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_command_s_help_fits_80_columns_as_the_terminal_shows_it(lang, columns_80, capsys):
    set_language(lang)
    speak_argparse()
    paths = _command_paths(_parser())
    assert ("backup",) in paths and ("sync", "export") in paths and ("tags",) in paths
    for path in paths:
        with pytest.raises(SystemExit) as done:
            _parser().parse_args([*path, "--help"])
        assert done.value.code == 0, path
        shown = capsys.readouterr().out
        wide = [(cell_len(line), line) for line in shown.splitlines() if cell_len(line) > 80]
        assert not wide, (lang, path, wide)


def test_the_examples_keep_their_lines_and_the_notes_are_wrapped(columns_80, capsys):
    set_language("en")
    speak_argparse()
    with pytest.raises(SystemExit):
        _parser().parse_args(["backup", "--help"])
    lines = capsys.readouterr().out.splitlines()
    assert "  frontdesk backup --to /mnt/usb --keep 7 --badge 000001" in lines
    assert "  frontdesk backup --badge 000001 --password-file ~/.frontdesk-password" in lines


def test_the_main_help_in_chinese_fits_80_columns_at_the_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "frontdesk", "--lang", "zh", "--help"], capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRONTDESK_CONFIG": str(tmp_path / "config.toml"),
             "LANG": "en_US.UTF-8", "COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80, result.stdout
    usage = [line for line in lines[:4]]
    # the usage's second line lines up under the first option, as the terminal shows "用法：frontdesk "
    assert cell_len(usage[1]) - len(usage[1].lstrip()) == cell_len("用法：frontdesk "), usage
    assert any(line.startswith("退出码：") for line in lines)


@pytest.mark.parametrize("text, width, expected", [
    ("读取或修改本所记录的命令会询问警号和密码。", 20, ["读取或修改本所记录的", "命令会询问警号和密", "码。"]),
    ("将加密文件（加密数据库的回执）解密", 12, ["将加密文件", "（加密数据库", "的回执）解密"]),
    ("read the officer's password from FILE", 16, ["read the", "officer's", "password from", "FILE"]),
])
def test_wrapping_counts_columns_and_keeps_marks_with_their_words(text, width, expected):
    assert wrap_cells(text, width) == expected


def _help_lines(parser: argparse.ArgumentParser) -> list[str]:
    """The one-line help of every command, job and option the parser knows, walked like the paths."""
    lines = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            lines += [sub.help for sub in action._get_subactions() if sub.help]
            for sub in action.choices.values():
                lines += _help_lines(sub)
        elif action.help and action.help != argparse.SUPPRESS:
            lines.append(action.help)
    return lines


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_command_and_option_is_described_the_same_way(lang, columns_80):
    """A phrase, as argparse's own lines are: not a sentence with a capital and a full stop among them."""
    set_language(lang)
    speak_argparse()
    lines = _help_lines(_parser())
    assert len(lines) > 40
    odd = [line for line in lines if line.rstrip().endswith((".", "。")) or (lang == "en" and line[0].isupper()
                                                                             and not line.startswith(("SQLite", "PostgreSQL")))]
    assert not odd, odd
