"""Drafts: atomic, one slot per running desk, orphans offered to the next start."""

from __future__ import annotations

import subprocess
import sys

from frontdesk.cases.drafts import DraftStore


def test_each_running_desk_has_its_own_draft(tmp_path):
    mine = DraftStore(tmp_path, database="sqlite:///x", form="new-case")
    other = DraftStore(tmp_path, database="sqlite:///x", form="new-case", owner=mine.owner + 1)
    mine.save({"summary": "mine"})
    other.save({"summary": "theirs"})
    assert mine.load()[1] == {"summary": "mine"} and other.load()[1] == {"summary": "theirs"}
    mine.discard()
    assert mine.load() is None and other.load() is not None


def test_a_draft_left_by_a_program_that_died_is_adopted_once(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = DraftStore(tmp_path, database="sqlite:///x", form="new-case", owner=int(dead.stdout))
    gone.save({"summary": "typed before the power cut"})
    mine = DraftStore(tmp_path, database="sqlite:///x", form="new-case")
    assert mine.adopt_orphan()[1] == {"summary": "typed before the power cut"}
    assert mine.load()[1]["summary"] == "typed before the power cut"
    assert mine.adopt_orphan() is None  # adopted: no longer an orphan


def test_a_live_terminals_draft_is_not_taken(tmp_path):
    import os

    alive = DraftStore(tmp_path, database="sqlite:///x", form="new-case", owner=os.getppid())
    alive.save({"summary": "being typed at the next terminal"})
    assert DraftStore(tmp_path, database="sqlite:///x", form="new-case").adopt_orphan() is None


def test_a_damaged_draft_is_set_aside_not_fatal(tmp_path):
    store = DraftStore(tmp_path, database="sqlite:///x", form="new-case")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{not json", encoding="utf-8")
    assert store.load() is None
    assert store.path.with_suffix(".damaged").exists()


def test_a_damaged_draft_is_named_with_its_line_and_the_reason(tmp_path):
    store = DraftStore(tmp_path, database="sqlite:///x", form="new-case")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text('{"saved_at": "2026-11-22T12:30:00+00:00",\n "fields": {"summary": "x",}}', encoding="utf-8")
    assert store.load() is None
    [message] = store.set_aside
    assert str(store.path) in message and "line 2" in message and ".damaged" in message, message


def test_a_draft_of_the_wrong_shape_is_set_aside_naming_the_key(tmp_path):
    store = DraftStore(tmp_path, database="sqlite:///x", form="new-case")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text('{"saved_at": "2026-11-22T12:30:00+00:00", "fields": ["summary"]}', encoding="utf-8")
    assert store.load() is None
    assert '"fields"' in store.set_aside[0] and store.path.with_suffix(".damaged").exists()


def test_a_failed_save_says_so_and_leaves_no_temporary_file(tmp_path):
    store = DraftStore(tmp_path / "drafts", database="sqlite:///x", form="new-case")
    (tmp_path / "drafts").mkdir()
    store.path.mkdir()  # the draft's own name is taken by a folder: the rename fails
    assert store.save({"summary": "typed"}) is False
    assert sorted(p.name for p in (tmp_path / "drafts").iterdir()) == [store.path.name]


def test_a_draft_of_an_encrypted_database_is_encrypted(tmp_path):
    sealed = DraftStore(tmp_path, database="sqlite:///x", form="new-case", passphrase="correct horse battery")
    assert sealed.save({"summary": "张建国 13812345678"})
    on_disk = sealed.path.read_bytes()
    assert "张建国".encode() not in on_disk and b"13812345678" not in on_disk
    again = DraftStore(tmp_path, database="sqlite:///x", form="new-case", passphrase="correct horse battery")
    assert again.load()[1] == {"summary": "张建国 13812345678"}
    other = DraftStore(tmp_path, database="sqlite:///x", form="new-case", passphrase="another passphrase")
    assert other.load() is None and "another passphrase, or was altered" in other.set_aside[0]
