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


# ---- drafts put aside by the officer ------------------------------------------------------------------------


def test_a_draft_put_aside_is_kept_apart_listed_newest_first_and_taken_back(tmp_path):
    from datetime import datetime, timezone

    import pytest

    from frontdesk.i18n import DeskError

    mine = DraftStore(tmp_path, database="sqlite:///x", form="new-case")
    mine.save({"summary": "wallet"})
    mine.put_aside({"summary": "wallet"}, now=datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc))
    assert mine.load() is None  # the slot is empty for a fresh form
    mine.put_aside({"summary": "noise"}, now=datetime(2026, 11, 22, 12, 5, tzinfo=timezone.utc))
    mine.put_aside(None)  # nothing typed: nothing kept
    assert [draft.fields["summary"] for draft in mine.aside()] == ["noise", "wallet"]
    # Another desk on the same database lists them too; one of another database does not.
    other = DraftStore(tmp_path, database="sqlite:///x", form="new-case", owner=mine.owner + 1)
    assert len(other.aside()) == 2 and DraftStore(tmp_path, database="sqlite:///y", form="new-case").aside() == []
    # A draft put aside is nobody's orphan.
    assert DraftStore(tmp_path, database="sqlite:///x", form="new-case", owner=999_999_999).adopt_orphan() is None

    # Taking one back: the form typed now goes aside in its place.
    wallet = mine.aside()[1]
    assert mine.take_back(wallet.name, {"summary": "bicycle"})[1] == {"summary": "wallet"}
    assert mine.load()[1] == {"summary": "wallet"}
    assert sorted(draft.fields["summary"] for draft in mine.aside()) == ["bicycle", "noise"]
    # Taken back already (another desk's), or not a draft put aside: refused, nothing moved.
    with pytest.raises(DeskError) as gone:
        other.take_back(wallet.name, {"summary": "typed there"})
    assert gone.value.key == "draft.aside.gone"
    with pytest.raises(DeskError):
        other.take_back("../new-case-elsewhere.json", None)
    assert other.load() is None and len(mine.aside()) == 2


def test_a_draft_the_disk_will_not_put_aside_stays_in_its_slot(tmp_path, monkeypatch):
    import pytest

    from frontdesk.cases import drafts
    from frontdesk.i18n import DeskError

    store = DraftStore(tmp_path, database="sqlite:///x", form="new-case")
    store.save({"summary": "typed"})

    def full(_descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(drafts.os, "fsync", full)
    with pytest.raises(DeskError) as refused:
        store.put_aside({"summary": "typed"})
    assert refused.value.key == "draft.aside.refused" and "No space left" in refused.value.message
    assert store.load()[1] == {"summary": "typed"} and store.aside() == []
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".json"]  # no temporary file left


def test_a_draft_put_aside_on_an_encrypted_database_is_encrypted(tmp_path):
    sealed = DraftStore(tmp_path, database="sqlite:///x", form="new-case", passphrase="correct horse battery")
    sealed.put_aside({"summary": "张建国 13812345678"})
    [path] = tmp_path.glob("*aside-*.json")
    assert "张建国".encode() not in path.read_bytes()
    assert sealed.aside()[0].fields == {"summary": "张建国 13812345678"}


def test_a_draft_is_put_aside_through_its_slot_so_a_kill_leaves_it_in_one_place(tmp_path, monkeypatch):
    """The form as typed is written to the slot, then the slot is renamed aside: a kill between the two (here, a
    rename that never happens) leaves it in the slot, as typed, and not also aside."""
    import pytest

    from frontdesk.cases import drafts
    from frontdesk.i18n import DeskError

    store = DraftStore(tmp_path, database="sqlite:///x", form="new-case")
    store.save({"summary": "typed before"})

    replace = drafts.os.replace

    def killed(source, target):
        if "aside-" in str(target):
            raise OSError(5, "Input/output error")
        replace(source, target)

    monkeypatch.setattr(drafts.os, "replace", killed)
    with pytest.raises(DeskError):
        store.put_aside({"summary": "typed now"})
    monkeypatch.undo()
    assert store.load()[1] == {"summary": "typed now"} and store.aside() == []
    assert [path.name for path in tmp_path.iterdir()] == [store.path.name]


def test_the_kept_draft_is_put_aside_whole_with_its_time(tmp_path):
    from datetime import datetime, timezone

    store = DraftStore(tmp_path, database="sqlite:///x", form="new-case")
    assert store.put_kept_aside() is None  # nothing kept: nothing put aside
    store.save({"summary": "wallet"})
    saved_at = store.load()[0]
    name = store.put_kept_aside()
    [aside] = store.aside()
    assert (aside.name, aside.saved_at, aside.fields) == (name, saved_at, {"summary": "wallet"})
    assert store.load() is None and saved_at <= datetime.now(timezone.utc)


def test_a_draft_put_aside_is_thrown_away_only_by_its_name_and_once(tmp_path, caplog):
    import logging

    import pytest

    from frontdesk.i18n import DeskError

    mine = DraftStore(tmp_path, database="sqlite:///x", form="new-case")
    other = DraftStore(tmp_path, database="sqlite:///x", form="new-case", owner=mine.owner + 1)
    mine.put_aside({"summary": "张建国 wallet"})
    mine.put_aside({"summary": "noise"})
    other.save({"summary": "typed there"})
    wallet = next(draft for draft in mine.aside() if draft.fields["summary"] == "张建国 wallet")
    with caplog.at_level(logging.INFO, logger="frontdesk"):
        other.throw_away_aside(wallet.name)  # any desk on the database
    assert [draft.fields["summary"] for draft in mine.aside()] == ["noise"]
    assert any(wallet.name in record.getMessage() and "thrown away" in record.getMessage()
               for record in caplog.records)
    assert "张建国" not in caplog.text  # the log names the file, never what was typed
    for name in (wallet.name, other.path.name, f"../{mine.aside()[0].name}"):
        with pytest.raises(DeskError) as refused:
            mine.throw_away_aside(name)
        assert refused.value.key == "draft.aside.gone"
    assert other.load()[1] == {"summary": "typed there"} and len(mine.aside()) == 1
