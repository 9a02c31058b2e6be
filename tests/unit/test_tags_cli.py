"""`frontdesk tags apply-rules` from the command line: the admin's job, refused to nobody signed in."""

from __future__ import annotations

from tests.unit.test_sync_cli import _frontdesk, _password_file, _station


def test_apply_rules_runs_as_the_signed_in_admin_and_a_second_run_finds_nothing_to_do(tmp_path):
    station = tmp_path / "LS"
    demo = f"sqlite:///{_station(station)}"
    signed = ("--password-file", _password_file(tmp_path))
    done = _frontdesk(station, "--db", demo, "--site", "LS", "tags", "apply-rules", *signed)
    assert done.returncode == 0, done.stderr
    assert "Tag rules applied: 0 tags put on" in done.stdout  # the demo's people carry their rule tags already
    said = _frontdesk(station, "--db", demo, "--site", "LS", "tags", "apply-rules", *signed, lang="zh")
    assert said.returncode == 0 and "标签规则已执行" in said.stdout
    wrong = _frontdesk(station, "--db", demo, "--site", "LS", "tags", "apply-rules", "--password-file",
                       _password_file(tmp_path, "not-the-password"))
    assert wrong.returncode == 2 and "not right" in wrong.stderr
