"""`frontdesk unseal FILE… --to FOLDER`: every file is read and opened before any plain copy is written, so a
wrong name among several writes none (a plain copy written and its audit event not would be the worst of
both); what is written is audited and said; each refusal names its file in the officer's language."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

import pytest

from frontdesk.cli import jobs
from frontdesk.i18n import DeskError, set_language
from frontdesk.sealing import seal
from frontdesk.station.config import Settings

PASSPHRASE = "青山 绿水 outpost 2026"
SYSTEM_WORDS = ("No such file", "Is a directory", "Not a directory", "Errno", "Traceback")


@pytest.fixture
def unsealing(tmp_path, monkeypatch):
    """`run_unseal` on an encrypted database (its passphrase held) as officer "the officer"; the audit events
    it writes, and the sealed receipt it may be given."""
    monkeypatch.setattr("frontdesk.sealing.passphrase_of", lambda url: PASSPHRASE)
    audited: list[str] = []
    monkeypatch.setattr(jobs, "audit_command", lambda url, settings, officer, action, reason="": audited.append(
        f"{action}: {reason}"))
    receipt = tmp_path / "LS-02-20261122-0001.txt.fdsealed"
    receipt.write_bytes(seal("回执：王建军\n".encode(), PASSPHRASE))
    slip = tmp_path / "slip 移交单.html.fdsealed"
    slip.write_bytes(seal(b"<p>slip</p>", PASSPHRASE))

    def run(*files: Path, to: Path) -> int:
        return jobs.run_unseal(Namespace(files=[str(f) for f in files], to=str(to)), Settings(), "sqlite:///x.sqlite",
                               officer="the officer")

    return Namespace(run=run, audited=audited, receipt=receipt, slip=slip)


@pytest.mark.parametrize("lang, missing, folder", [("en", "there is no such file", "it is a folder, not a file"),
                                                   ("zh", "没有这个文件", "这是文件夹，不是文件")])
def test_a_wrong_file_among_several_writes_no_plain_copy_and_names_itself(tmp_path, unsealing, lang, missing, folder):
    set_language(lang)
    out = tmp_path / "USB 打印"
    notes = tmp_path / "notes.txt"
    notes.write_text("not sealed\n", encoding="utf-8")
    for wrong, words in ((tmp_path / "no-such.fdsealed", missing), (tmp_path, folder),
                         (notes, "不是接警台加密的文件" if lang == "zh" else "not sealed by Front Desk")):
        with pytest.raises(DeskError) as refused:
            unsealing.run(unsealing.receipt, wrong, unsealing.slip, to=out)
        said = refused.value.message
        assert str(wrong) in said and words in said and not any(w in said for w in SYSTEM_WORDS), said
    assert not out.exists() and unsealing.audited == []


def test_the_plain_copies_are_written_said_and_audited_together(tmp_path, unsealing, capsys):
    out = tmp_path / "USB 打印"
    assert unsealing.run(unsealing.receipt, unsealing.slip, to=out) == 0
    assert sorted(p.name for p in out.iterdir()) == ["LS-02-20261122-0001.txt", "slip 移交单.html"]
    assert (out / "LS-02-20261122-0001.txt").read_text(encoding="utf-8") == "回执：王建军\n"
    assert unsealing.audited == ["unseal: LS-02-20261122-0001.txt, slip 移交单.html"]
    shown = capsys.readouterr()
    assert shown.out.count("Written: ") == 2 and "plain text" in shown.err


def test_a_folder_that_is_a_file_is_said_in_a_sentence(tmp_path, unsealing):
    a_file = tmp_path / "printer.txt"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(DeskError) as refused:
        unsealing.run(unsealing.receipt, to=a_file / "out")
    assert "is a file, not a folder" in refused.value.message and unsealing.audited == []


def test_an_option_between_the_files_takes_every_file(tmp_path):
    from frontdesk.cli import prepare

    environ = {"FRONTDESK_CONFIG": str(tmp_path / "config.toml"), "FRONTDESK_DATA_DIR": str(tmp_path)}
    args, *_ = prepare(["unseal", "a.fdsealed", "--lang", "zh", "b.fdsealed", "--to", "out", "c.fdsealed"], environ)
    assert args.files == ["a.fdsealed", "b.fdsealed", "c.fdsealed"] and args.lang == "zh" and args.to == "out"


def test_a_stray_word_after_another_command_is_still_refused(tmp_path, capsys):
    from frontdesk.cli import prepare

    environ = {"FRONTDESK_CONFIG": str(tmp_path / "config.toml"), "FRONTDESK_DATA_DIR": str(tmp_path), "LANG": "C"}
    with pytest.raises(SystemExit) as stopped:
        prepare(["--lang", "en", "backup", "--keep", "3", "stray"], environ)
    assert stopped.value.code == 2 and "unrecognized arguments: stray" in capsys.readouterr().err


@pytest.mark.parametrize("lang, words", [("en", "unrecognized arguments: stray"), ("zh", "无法识别的参数：stray")])
def test_a_stray_word_is_refused_in_the_catalogue_s_words_not_argparse_s(tmp_path, capsys, monkeypatch, lang, words):
    """The refusal is the catalogue's own sentence: it does not lean on argparse's private gettext hook
    (here left as argparse has it, in English) to be said in the desk's language."""
    import argparse
    import gettext

    from frontdesk.cli import prepare, words as cli_words

    monkeypatch.setattr(cli_words, "speak_argparse", lambda: None)
    monkeypatch.setattr(argparse, "_", gettext.gettext)
    environ = {"FRONTDESK_CONFIG": str(tmp_path / "config.toml"), "FRONTDESK_DATA_DIR": str(tmp_path), "LANG": "C"}
    with pytest.raises(SystemExit) as stopped:
        prepare(["--lang", lang, "backup", "--keep", "3", "stray"], environ)
    assert stopped.value.code == 2 and words in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_help_names_every_command_that_signs_in(lang):
    from frontdesk.cli.signin import needed_role_action
    from frontdesk.i18n import t

    set_language(lang)
    signing = {command for command in ("db", "demo", "backup", "restore", "audit", "import", "sync", "tags", "unseal")
               if needed_role_action(Namespace(command=command, sync_command="export")) is not None}
    assert signing == {"backup", "restore", "audit", "import", "sync", "tags", "unseal"}
    for key in ("cli.sign_in_note", "cli.option_unused"):
        said = t(key, option="--badge")
        assert all(command in said for command in signing), said


def test_one_file_s_plain_bytes_are_held_at_a_time_yet_every_file_is_opened_before_any_is_written(
        tmp_path, unsealing, monkeypatch):
    """Several large sealed exports are not all held in memory at once: each is opened (and let go) before any
    copy is written, then opened again as its own copy is written."""
    import frontdesk.sealing as sealing

    held = [0]
    said: list[str] = []

    class Plain(bytes):
        def __del__(self) -> None:
            held[0] -= 1

    opening, writing = sealing.unsealed, sealing.write_plain

    def unsealed(path, passphrase):
        plain = Plain(opening(path, passphrase))
        held[0] += 1
        said.append(f"open {path.name}")
        return plain

    def write_plain(path, plain, folder):
        said.append(f"write {path.name} holding {held[0]}")
        return writing(path, plain, folder)

    monkeypatch.setattr(sealing, "unsealed", unsealed)
    monkeypatch.setattr(sealing, "write_plain", write_plain)
    out = tmp_path / "out"
    assert unsealing.run(unsealing.receipt, unsealing.slip, to=out) == 0
    receipt, slip = unsealing.receipt.name, unsealing.slip.name
    assert said == [f"open {receipt}", f"open {slip}", f"open {receipt}", f"write {receipt} holding 1",
                    f"open {slip}", f"write {slip} holding 1"]
    assert (out / "LS-02-20261122-0001.txt").read_text(encoding="utf-8") == "回执：王建军\n"
    assert (out / "slip 移交单.html").read_bytes() == b"<p>slip</p>"
