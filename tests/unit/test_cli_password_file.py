"""The password file a scheduled command signs in with: read as the officer wrote it (a Notepad file's
byte-order mark, a CRLF line end), and refused in the officer's language, before any sign-in is tried,
when it holds no password or is no file at all, so a mistake in the file counts toward no lock-out."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.cli.signin import ask_secret, read_password_file
from frontdesk.i18n import DeskError, set_language
from tests.unit.test_cli import ADMIN_PASSWORD, _frontdesk, _rows, station  # noqa: F401 (a fixture)

SYSTEM_WORDS = ("No such file", "Is a directory", "0o", "codec", "Traceback")


def _written(tmp_path: Path, content: bytes, mode: int = 0o600) -> str:
    path = tmp_path / "password"
    path.write_bytes(content)
    path.chmod(mode)
    return str(path)


@pytest.mark.parametrize("content", [
    b"admin pass 123\n", b"admin pass 123", b"admin pass 123\r\n", b"\xef\xbb\xbfadmin pass 123\r\n",
    b"admin pass 123\nsecond line\n",
])
def test_the_password_is_the_first_line_without_its_end_or_a_byte_order_mark(tmp_path, content):
    assert read_password_file(_written(tmp_path, content)) == "admin pass 123"


@pytest.mark.parametrize("given", ["admin pass 123\n", "admin pass 123\r\n", "admin pass 123\r\nnext line\r\n",
                                   "admin pass 123"])
def test_a_passphrase_given_on_the_input_is_its_line_without_its_end(monkeypatch, given):
    """With no terminal (a script pipes it in), the input's line, its Windows line end (\\r\\n) too taken off."""
    import getpass
    import io

    def no_terminal(prompt: str = "") -> str:
        raise getpass.GetPassWarning("no terminal")

    monkeypatch.setattr(getpass, "getpass", no_terminal)
    monkeypatch.setattr("sys.stdin", io.StringIO(given))
    assert ask_secret("Passphrase: ") == "admin pass 123"


@pytest.mark.parametrize("lang, content, words", [
    ("en", b"", "holds no password"),
    ("en", b"\n", "holds no password"),
    ("en", b"\xef\xbb\xbf\r\n", "holds no password"),
    ("zh", b"", "中没有密码"),
    ("en", b"\xff\xfe\x00x", "is not UTF-8 text"),
    ("zh", b"\xff\xfe\x00x", "不是 UTF-8 文本"),
])
def test_a_file_with_no_password_in_it_is_refused_in_a_sentence(tmp_path, lang, content, words):
    set_language(lang)
    with pytest.raises(DeskError) as refused:
        read_password_file(_written(tmp_path, content))
    assert words in refused.value.message and not any(w in refused.value.message for w in SYSTEM_WORDS)


@pytest.mark.parametrize("lang, words", [("en", ("there is no such file", "it is a folder")),
                                         ("zh", ("没有这个文件", "这是文件夹"))])
def test_a_missing_file_and_a_folder_are_each_said_as_what_they_are(tmp_path, lang, words):
    set_language(lang)
    folder = tmp_path / "secrets"
    folder.mkdir(mode=0o700)
    folder.chmod(0o700)
    for name, said in zip((tmp_path / "no-such-file", folder), words):
        with pytest.raises(DeskError) as refused:
            read_password_file(str(name))
        assert str(name) in refused.value.message and said in refused.value.message, refused.value.message
        assert not any(w in refused.value.message for w in SYSTEM_WORDS), refused.value.message


def test_a_folder_others_can_read_is_said_to_be_a_folder_not_an_open_file(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    with pytest.raises(DeskError) as refused:
        read_password_file(str(folder))
    assert "it is a folder" in refused.value.message and "chmod" not in refused.value.message


def test_a_file_others_can_read_names_its_mode_as_chmod_writes_it(tmp_path):
    with pytest.raises(DeskError) as refused:
        read_password_file(_written(tmp_path, b"admin pass 123\n", mode=0o644))
    assert "(mode 644)" in refused.value.message and "0o" not in refused.value.message


def test_a_notepad_password_file_signs_in_and_an_empty_one_counts_toward_no_lock_out(tmp_path, station):
    notepad = _written(tmp_path, b"\xef\xbb\xbf" + ADMIN_PASSWORD.encode() + b"\r\n")
    result = _frontdesk("audit", "verify", "--badge", "000001", "--password-file", notepad, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    empty = _written(tmp_path, b"")
    result = _frontdesk("audit", "verify", "--badge", "000001", "--password-file", empty, tmp_path=tmp_path)
    assert result.returncode == 2 and "holds no password" in result.stderr, result.stderr
    assert _rows(station, "SELECT outcome FROM auditevent WHERE action = 'sign_in'") == [("ok",)]
    assert _rows(station, "SELECT failed FROM signinstate") in ([], [(0,)])
