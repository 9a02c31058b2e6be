"""The `frontdesk` command as an admin uses it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _frontdesk(*args: str, tmp_path: Path, env: dict[str, str] | None = None):
    environ = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "FRONTDESK_DATA_DIR": str(tmp_path / "data"),
        "FRONTDESK_CONFIG": str(tmp_path / "config.toml"),
        "LANG": "en_US.UTF-8",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "frontdesk", *args], capture_output=True, text=True, env=environ, timeout=120
    )


def test_help_lists_the_jobs(tmp_path):
    result = _frontdesk("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    assert "--demo" in result.stdout and "db" in result.stdout


def test_db_upgrade_creates_and_migrates_the_default_database(tmp_path):
    result = _frontdesk("db", "upgrade", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "frontdesk.sqlite").exists()
    assert "schema revision" in result.stdout
    again = _frontdesk("db", "current", tmp_path=tmp_path)
    assert again.stdout.split()[-1].rstrip(".") == result.stdout.split()[-1].rstrip(".")


def test_db_flag_takes_a_plain_file_path(tmp_path):
    result = _frontdesk("--db", str(tmp_path / "elsewhere.sqlite"), "db", "upgrade", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "elsewhere.sqlite").exists()


@pytest.mark.parametrize("lang, words", [("en", "must be"), ("zh", "必须")])
def test_a_bad_config_gets_a_message_not_a_traceback(tmp_path, lang, words):
    (tmp_path / "config.toml").write_text('site_code = "L S"\n', encoding="utf-8")
    result = _frontdesk("--lang", lang, "db", "upgrade", tmp_path=tmp_path)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_demo_size_out_of_range_is_refused(tmp_path):
    result = _frontdesk("--demo-size", "5", "db", "upgrade", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "--demo-size" in result.stderr


# ---- options before or after the command; --version; an example in every --help ------------------

from frontdesk.cli import _parser  # noqa: E402

COMMANDS = [
    ["db", "upgrade"], ["db", "current"], ["db", "encrypt"], ["db", "decrypt"], ["backup"], ["restore", "F"],
    ["audit", "verify"], ["import", "cases", "F"], ["demo"], ["sync", "export"], ["sync", "import", "F"],
    ["sync", "status"], ["sync", "key"], ["sync", "trust", "LS-02", "KEY"], ["sync", "outpost", "LS-02"],
    ["sync", "enrol", "F"], ["unseal", "F", "--to", "D"],
]
SHARED = ["--db", "x.sqlite", "--lang", "zh", "--site", "LS-02", "--config", "c.toml", "--badge", "031245",
          "--password-file", "pw", "--encrypted", "--demo", "--demo-size", "50"]


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_command_takes_the_shared_options_before_it_and_after_it(words):
    for argv in (SHARED + words, words + SHARED):
        args = _parser().parse_args(argv)
        assert (args.db, args.lang, args.site, args.config, args.badge, args.password_file, args.encrypted,
                args.demo, args.demo_size) == ("x.sqlite", "zh", "LS-02", "c.toml", "031245", "pw", True, True, 50), argv
    plain = _parser().parse_args(["--db", "before.sqlite", *words])
    assert plain.db == "before.sqlite" and plain.badge is None and plain.encrypted is None  # nothing typed after
    assert plain.demo is False and plain.demo_size is None


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_command_shows_an_example_in_its_help(words, capsys):
    path = [w for w in words if w not in ("F", "LS-02", "KEY")]
    with pytest.raises(SystemExit) as done:
        _parser().parse_args([*path, "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert "Examples:" in shown and f"frontdesk {' '.join(path[:1])}" in shown


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_only_a_command_that_signs_in_lists_the_badge_in_its_help(words, capsys):
    """`demo` and the `db` jobs take no sign-in: their help does not offer --badge or --password-file (typed
    anyway, they are refused by name, below)."""
    path = [w for w in words if w not in ("F", "LS-02", "KEY")]
    with pytest.raises(SystemExit):
        _parser().parse_args([*path, "--help"])
    shown = capsys.readouterr().out
    signs_in = path[0] not in ("db", "demo")
    assert ("--badge" in shown) is signs_in and ("--password-file" in shown) is signs_in, shown


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_command_s_help_is_in_chinese_on_a_chinese_desk(words, capsys):
    from frontdesk.cli.words import speak_argparse
    from frontdesk.i18n import set_language

    set_language("zh")
    speak_argparse()
    path = [w for w in words if w not in ("F", "LS-02", "KEY")]
    with pytest.raises(SystemExit) as done:
        _parser().parse_args([*path, "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("用法：") and "示例：" in shown and "选项：" in shown, shown
    for english in ("usage:", "Examples:", "options:", "show this help", "the officer at the command", "folder for"):
        assert english not in shown, (english, shown)


def test_the_config_file_s_language_is_the_help_s_and_the_flag_wins(tmp_path):
    (tmp_path / "config.toml").write_text('language = "zh"\n', encoding="utf-8")
    shown = _frontdesk("sync", "export", "--help", tmp_path=tmp_path)
    assert shown.returncode == 0 and shown.stdout.startswith("用法：") and "写出其他站点应从本站接收的同步包" in shown.stdout
    english = _frontdesk("sync", "export", "--help", "--lang", "en", tmp_path=tmp_path)
    assert english.stdout.startswith("usage:") and "write a bundle" in english.stdout


def test_a_command_line_mistake_is_said_in_the_desk_s_language(tmp_path):
    (tmp_path / "config.toml").write_text('language = "zh"\n', encoding="utf-8")
    wrong = _frontdesk("audit", "verify", "--bogus", tmp_path=tmp_path)
    assert wrong.returncode == 2 and "错误：无法识别的参数：--bogus" in wrong.stderr, wrong.stderr
    missing = _frontdesk("--lang", "zh", "unseal", "x.fdsealed", tmp_path=tmp_path)
    assert missing.returncode == 2 and "缺少必需的参数：--to" in missing.stderr, missing.stderr
    english = _frontdesk("--lang", "en", "audit", "verify", "--bogus", tmp_path=tmp_path)
    assert "error: unrecognized arguments: --bogus" in english.stderr


def test_version_and_the_exit_codes_in_help(capsys):
    with pytest.raises(SystemExit):
        _parser().parse_args(["--version"])
    assert capsys.readouterr().out.startswith("frontdesk 0.")
    with pytest.raises(SystemExit):
        _parser().parse_args(["--help"])
    assert "Exit codes: 0 all done; 1 done, with rows rejected" in capsys.readouterr().out


def test_options_after_the_command_are_honoured_end_to_end(tmp_path):
    result = _frontdesk("db", "upgrade", "--db", str(tmp_path / "after.sqlite"), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "after.sqlite").exists() and not (tmp_path / "data" / "frontdesk.sqlite").exists()


# ---- who is at the command -----------------------------------------------------------------------

ADMIN_PASSWORD, DUTY_PASSWORD = "admin pass 123", "duty pass 123"


@pytest.fixture
def station(tmp_path):
    """The station's own database (where the command looks by default), with an admin and a duty officer.
    It starts as a copy of the migrated template (what migrating a new file gives: these tests are about the
    commands, test_db_upgrade_creates_and_migrates_the_default_database about migrating)."""
    import shutil

    from frontdesk.desk import open_desk
    from frontdesk.station.config import Settings, database_url
    from tests.conftest import migrated_template

    settings = Settings(data_dir=tmp_path / "data")
    url = database_url(settings)
    database = tmp_path / "data" / "frontdesk.sqlite"
    assert url == f"sqlite:///{database}"
    database.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated_template(), database)
    desk = open_desk(settings, url)
    desk.access.create_first_admin(name="李所长", badge="000001", password=ADMIN_PASSWORD, again=ADMIN_PASSWORD)
    desk.access.add_officer(name="王建军", badge="031245", role="duty", password=DUTY_PASSWORD)
    desk.close()
    return database


def _password_file(tmp_path: Path, password: str, mode: int = 0o600) -> str:
    path = tmp_path / f"password-{abs(hash(password))}"
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(mode)
    return str(path)


def _rows(database: Path, sql: str):
    import sqlite3

    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


def test_a_brand_new_station_says_how_to_create_the_admin_and_creates_nothing(tmp_path):
    import sqlite3

    logbook, backup = tmp_path / "x.csv", tmp_path / "x.sqlite"  # (files that are there: they are checked first)
    logbook.write_text("日期,类别\n", encoding="utf-8")
    with sqlite3.connect(backup) as connection:
        connection.execute("CREATE TABLE t (x)")
    for words in (["audit", "verify"], ["backup"], ["import", "cases", str(logbook)], ["sync", "export"],
                  ["sync", "outpost", "LS-02"], ["restore", str(backup)]):
        result = _frontdesk(*words, "--badge", "000001", tmp_path=tmp_path)
        assert result.returncode == 2, result.stderr
        assert "create the admin" in result.stderr
    assert not (tmp_path / "data" / "frontdesk.sqlite").exists()
    assert not list((tmp_path / "data").glob("frontdesk.sqlite*"))  # no lock file left behind either


def test_a_wrong_password_is_refused_audited_and_counted_and_nobody_is_created(tmp_path, station):
    officers = _rows(station, "SELECT id, badge_no, name, role FROM officer ORDER BY badge_no")
    result = _frontdesk("audit", "verify", "--badge", "000001", "--password-file",
                        _password_file(tmp_path, "guess-guess"), tmp_path=tmp_path)
    assert result.returncode == 2 and "not right" in result.stderr and "4 more" in result.stderr
    assert _rows(station, "SELECT failed FROM signinstate") == [(1,)]
    assert _rows(station, "SELECT outcome FROM auditevent WHERE action = 'sign_in'") == [("failed",)]
    assert _rows(station, "SELECT id, badge_no, name, role FROM officer ORDER BY badge_no") == officers


def test_a_password_file_others_can_read_is_refused(tmp_path, station):
    result = _frontdesk("audit", "verify", "--badge", "000001", "--password-file",
                        _password_file(tmp_path, ADMIN_PASSWORD, mode=0o640), tmp_path=tmp_path)
    assert result.returncode == 2 and "chmod 600" in result.stderr
    assert _rows(station, "SELECT count(*) FROM auditevent WHERE action = 'sign_in'") == [(0,)]


def test_no_terminal_and_no_password_file_is_refused_with_a_sentence(tmp_path, station):
    result = subprocess.run(
        [sys.executable, "-m", "frontdesk", "audit", "verify", "--badge", "000001"], capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRONTDESK_DATA_DIR": str(tmp_path / "data"),
             "FRONTDESK_CONFIG": str(tmp_path / "config.toml"), "LANG": "en_US.UTF-8"})
    assert result.returncode == 2 and "--password-file" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("lang, words", [("en", "needs a supervisor"), ("zh", "需要带班领导权限")])
def test_the_role_is_honoured_in_the_desk_s_language(tmp_path, station, lang, words):
    result = _frontdesk("backup", "--lang", lang, "--badge", "031245", "--password-file",
                        _password_file(tmp_path, DUTY_PASSWORD), tmp_path=tmp_path)
    assert result.returncode == 2 and words in result.stderr
    assert "access." not in result.stderr and not (tmp_path / "data" / "backups").exists()


def test_a_signed_in_supervisor_backs_up_and_the_audit_names_them(tmp_path, station):
    result = _frontdesk("backup", "--badge", "000001", "--password-file", _password_file(tmp_path, ADMIN_PASSWORD),
                        "--to", str(tmp_path / "copies"), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    [admin_id] = _rows(station, "SELECT id FROM officer WHERE badge_no = '000001'")
    assert _rows(station, "SELECT officer_id FROM auditevent WHERE action = 'backup'") == [admin_id]
    assert len(list((tmp_path / "copies").glob("*.sqlite"))) == 1


def test_a_damaged_backup_given_to_restore_gets_a_message_and_changes_nothing(tmp_path, station):
    signed = ("--badge", "000001", "--password-file", _password_file(tmp_path, ADMIN_PASSWORD))
    made = _frontdesk("backup", "--to", str(tmp_path / "copies"), *signed, tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    [copy] = (tmp_path / "copies").glob("*.sqlite")
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(copy.read_bytes()[:100_000])
    foreign = tmp_path / "notes.sqlite"
    foreign.write_bytes(b"SQLite format 3\x00" + b"\x07" * 50_000)
    cases_before = _rows(station, 'SELECT count(*) FROM "case"')
    for bad in (broken, foreign):
        result = _frontdesk("restore", str(bad), *signed, tmp_path=tmp_path)
        assert result.returncode == 2, result.stderr
        assert "not a usable Front Desk backup" in result.stderr and "Traceback" not in result.stderr
    assert _rows(station, 'SELECT count(*) FROM "case"') == cases_before
    assert _rows(station, "SELECT count(*) FROM auditevent WHERE action = 'restore'") == [(0,)]
    assert not list((tmp_path / "copies").glob("*before-restore*"))


def test_import_cases_exit_codes_no_progress_in_a_log_and_a_damaged_file_refused(tmp_path, station):
    signed = ("--badge", "000001", "--password-file", _password_file(tmp_path, ADMIN_PASSWORD))
    damaged = tmp_path / "logbook.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + b"\x00" * 3000)
    result = _frontdesk("import", "cases", str(damaged), *signed, tmp_path=tmp_path)
    assert result.returncode == 2 and "not an Excel workbook" in result.stderr and "Traceback" not in result.stderr
    assert _rows(station, 'SELECT count(*) FROM "case"') == [(0,)]

    logbook = tmp_path / "logbook.csv"
    logbook.write_text("日期,类别,简要案情,报警人,电话\n"
                       "2023-05-01 10:00,纠纷,邻里纠纷,张三,13812345678\n"
                       "not a date,纠纷,邻里纠纷,李四,13812345679\n", encoding="utf-8")
    result = _frontdesk("import", "cases", str(logbook), *signed, tmp_path=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr  # done, with a row rejected
    assert "\r" not in result.stdout + result.stderr  # output to a pipe: the summary, not progress updates
    assert _rows(station, 'SELECT count(*) FROM "case"') == [(1,)]
    [admin_id] = _rows(station, "SELECT id FROM officer WHERE badge_no = '000001'")
    assert set(_rows(station, "SELECT updated_by FROM \"case\"")) == {admin_id}
    again = _frontdesk("import", "cases", str(logbook), *signed, tmp_path=tmp_path)
    assert again.returncode == 1  # the same bad row again


def test_the_demo_is_built_where_db_says_or_refused(tmp_path):
    refused = _frontdesk("--db", "postgresql+psycopg://desk:secret@db-host/frontdesk", "demo", tmp_path=tmp_path)
    assert refused.returncode == 2 and "only in a SQLite file" in refused.stderr and "secret" not in refused.stderr
    built = _frontdesk("demo", "--db", str(tmp_path / "elsewhere.sqlite"), "--size", "100", tmp_path=tmp_path)
    assert built.returncode == 0, built.stderr
    assert _rows(tmp_path / "elsewhere.sqlite", 'SELECT count(*) FROM "case"')[0][0] >= 100
    assert not (tmp_path / "data" / "demo.sqlite").exists()


def test_a_station_s_database_is_never_taken_for_a_demo(tmp_path, station):
    from frontdesk.desk import open_desk
    from frontdesk.cases.recording import CaseDraft
    from frontdesk.callers.people import PersonInput
    from frontdesk.station.config import Settings, database_url

    settings = Settings(data_dir=tmp_path / "data")
    desk = open_desk(settings, database_url(settings))
    desk.cases.record_case(CaseDraft(reporter=PersonInput(name="张建国", phone="13812345678"), category="dispute",
                               summary="纠纷"), now=desk.clock())
    desk.close()
    refused = _frontdesk("demo", "--db", str(station), "--size", "100", tmp_path=tmp_path)
    assert refused.returncode == 2 and "not a demo" in refused.stderr
    assert _rows(station, 'SELECT count(*) FROM "case"') == [(1,)]


def test_a_second_long_writer_waits_for_the_first_and_says_so(tmp_path, station):
    import fcntl

    signed = ("--badge", "000001", "--password-file", _password_file(tmp_path, ADMIN_PASSWORD))
    logbook = tmp_path / "logbook.csv"
    logbook.write_text("日期,类别,简要案情,报警人,电话\n2023-05-01 10:00,纠纷,邻里纠纷,张三,13812345678\n",
                       encoding="utf-8")
    with open(f"{station}.turn", "a") as first:  # a first import holding its turn
        fcntl.flock(first, fcntl.LOCK_EX)
        second = subprocess.Popen(
            [sys.executable, "-m", "frontdesk", "import", "cases", str(logbook), *signed], text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRONTDESK_DATA_DIR": str(tmp_path / "data"),
                 "FRONTDESK_CONFIG": str(tmp_path / "config.toml"), "LANG": "en_US.UTF-8"})
        said = second.stderr.readline()  # blocks until the second says it waits
        assert "waits for it to finish" in said
        assert second.poll() is None and _rows(station, 'SELECT count(*) FROM "case"') == [(0,)]
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert _rows(station, 'SELECT count(*) FROM "case"') == [(1,)]


def test_a_sign_in_option_on_a_command_that_takes_none_is_refused(tmp_path):
    result = _frontdesk("db", "upgrade", "--badge", "000001", tmp_path=tmp_path)
    assert result.returncode == 2 and "--badge" in result.stderr and "takes no sign-in" in result.stderr
    assert not (tmp_path / "data" / "frontdesk.sqlite").exists()


def test_audit_verify_is_itself_in_the_audit_log_under_the_officer(tmp_path, station):
    result = _frontdesk("audit", "verify", "--badge", "000001", "--password-file",
                        _password_file(tmp_path, ADMIN_PASSWORD), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout
    [admin_id] = _rows(station, "SELECT id FROM officer WHERE badge_no = '000001'")
    assert _rows(station, "SELECT officer_id, reason FROM auditevent WHERE action = 'audit_verify'") == [
        (admin_id[0], "intact")]


@pytest.mark.parametrize("lang, words", [
    ("en", "Importing logbooks needs a supervisor; you are signed in as a duty officer."),
    ("zh", "导入台账需要带班领导权限；您当前的身份是值班民警。"),
])
def test_an_import_the_role_may_not_do_is_refused_in_a_sentence_naming_the_role(tmp_path, station, lang, words):
    logbook = tmp_path / "book.csv"
    logbook.write_text("接警时间,报警人,联系电话,类别,简要案情\n2026-11-01 09:30,张三,13812345678,盗窃,电动车被偷\n",
                       encoding="utf-8")
    result = _frontdesk("--lang", lang, "import", "cases", str(logbook), "--badge", "031245", "--password-file",
                        _password_file(tmp_path, DUTY_PASSWORD), tmp_path=tmp_path)
    assert result.returncode == 2 and result.stderr.strip() == words, result.stderr
    assert _rows(station, 'SELECT count(*) FROM "case"') == [(0,)]


@pytest.mark.parametrize("lang, words", [
    ("en", "is not a usable Front Desk backup (not a database file)"),
    ("zh", "不是可用的接警台备份（不是数据库文件）"),
])
def test_a_file_that_is_no_database_given_to_restore_is_refused_without_asking_for_a_passphrase(
        tmp_path, station, lang, words):
    signed = ("--badge", "000001", "--password-file", _password_file(tmp_path, ADMIN_PASSWORD))
    notes = tmp_path / "notes.txt"
    notes.write_text("交接班记录\n", encoding="utf-8")  # the wrong file picked from the folder
    cases_before = _rows(station, 'SELECT count(*) FROM "case"')
    result = _frontdesk("--lang", lang, "restore", str(notes), *signed, tmp_path=tmp_path)
    assert result.returncode == 2 and words in result.stderr, result.stderr
    assert "assphrase" not in result.stderr and "口令" not in result.stderr and "Traceback" not in result.stderr
    assert _rows(station, 'SELECT count(*) FROM "case"') == cases_before
