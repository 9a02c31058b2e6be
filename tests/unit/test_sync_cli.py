"""`frontdesk sync …` as an admin and an officer use it: set up an outpost, carry bundles, refuse bad ones."""

from __future__ import annotations

import atexit
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def _password_file(folder: Path, password: str = "frontdesk-demo") -> str:
    """The officer's password for a scheduled job: a file only this account can read."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"password-{len(password)}"
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return str(path)


def _frontdesk(folder: Path, *args: str, lang: str = "en", typed: str = ""):
    """The command run as an officer would, `typed` on its input (nothing: the input is closed)."""
    environ = {
        "PATH": "/usr/bin:/bin", "HOME": str(folder), "LANG": "en_US.UTF-8",
        "FRONTDESK_DATA_DIR": str(folder), "FRONTDESK_CONFIG": str(folder / "config.toml"),
        "FRONTDESK_STATION_NAME": "城关派出所", "FRONTDESK_OFFICER": "王建军", "FRONTDESK_BADGE": "031245",
    }
    return subprocess.run([sys.executable, "-m", "frontdesk", "--lang", lang, *args], capture_output=True,
                          text=True, env=environ, timeout=180, input=typed)


_demo: Path | None = None


def _demo_file() -> Path:
    """The station's demo database as `frontdesk --site LS --demo-size 150 demo` makes it, made once per test
    process (about 5 s each time; four tests, here and in test_tags_cli): each starts from a copy (`_station`)."""
    global _demo
    if _demo is None:
        folder = Path(tempfile.mkdtemp(prefix="frontdesk-demo-station-"))
        atexit.register(shutil.rmtree, folder, True)
        made = _frontdesk(folder, "--site", "LS", "--demo-size", "150", "demo")
        assert made.returncode == 0, made.stderr
        _demo = next(folder.glob("demo*.sqlite"))
    return _demo


def _station(folder: Path) -> Path:
    """A station's folder holding a copy of the demo database; returns that copy."""
    folder.mkdir(parents=True)
    demo = _demo_file()
    return Path(shutil.copy2(demo, folder / demo.name))


def _setup_code(made) -> str:
    """The set-up code `sync outpost` showed, as the admin reads it off the screen."""
    return re.search(r"(?:Set-up code for outpost \S+: |设置码：)(\S+)", made.stdout)[1]


def test_an_outpost_is_set_up_and_bundles_go_both_ways_from_the_command_line(tmp_path):
    station, outpost = tmp_path / "LS", tmp_path / "LS-02"
    demo = f"sqlite:///{_station(station)}"

    signed = ("--password-file", _password_file(tmp_path))
    kit = _frontdesk(station, "--db", demo, "--site", "LS", "sync", "outpost", "LS-02", "--name", "东关警务室",
                     *signed)
    assert kit.returncode == 0, kit.stderr
    kit_file = station / "sync" / "out" / "LS-02.fdkit"
    assert kit_file.exists() and "LS-02.fdkit" in kit.stdout
    assert oct(kit_file.stat().st_mode & 0o777) == "0o600"

    code = _setup_code(kit)
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}", code), kit.stdout
    assert "shown this once" in kit.stdout and code not in kit_file.read_bytes().decode("latin-1")

    # A wrong code, three times over the phone: said in the officer's language; no database is made.
    other = ("B" if code[0] == "A" else "A") + code[1:]
    for lang, words in (("en", "does not open this file"), ("zh", "该设置码打不开此文件")):
        wrong = _frontdesk(outpost, "--site", "LS-02", "sync", "enrol", str(kit_file), *signed, lang=lang,
                           typed=f"{other}\n{code[:-1]}\nnot a code\n")
        assert wrong.returncode == 2 and words in wrong.stderr and "Traceback" not in wrong.stderr, wrong.stderr
        assert not outpost.exists() or not list(outpost.glob("frontdesk.sqlite*")), list(outpost.iterdir())
    closed = _frontdesk(outpost, "--site", "LS-02", "sync", "enrol", str(kit_file), *signed)
    assert closed.returncode == 2 and "needs its set-up code" in closed.stderr, closed.stderr

    # The right code, but the wrong password after it: the database the kit filled is removed again.
    wrong = _frontdesk(outpost, "--site", "LS-02", "sync", "enrol", str(kit_file), "--password-file",
                       _password_file(tmp_path, "not-the-password"), typed=code + "\n")
    assert wrong.returncode == 2 and "not right" in wrong.stderr
    assert not (outpost / "frontdesk.sqlite").exists()  # a refused enrolment leaves no database behind
    assert "applied" not in wrong.stdout, wrong.stdout  # nor says it applied what it then removed
    # As read over the phone and typed: small letters, spaces for the dashes.
    enrolled = _frontdesk(outpost, "--site", "LS-02", "sync", "enrol", str(kit_file), *signed,
                          typed=f"  {code.replace('-', ' ').lower()}\n")
    assert enrolled.returncode == 0, enrolled.stderr
    assert "applied" in enrolled.stdout

    sent = _frontdesk(outpost, *signed, "--site", "LS-02", "sync", "export")
    assert sent.returncode == 0, sent.stderr
    [bundle] = (outpost / "sync" / "out").glob("LS-02-to-LS-*.fdsync")

    first = _frontdesk(station, "--db", demo, "--site", "LS", "sync", "import", str(bundle), *signed)
    assert first.returncode == 0, first.stderr
    assert "Bundle from LS-02" in first.stdout
    again = _frontdesk(station, "--db", demo, "--site", "LS", "sync", "import", str(bundle), *signed, lang="zh")
    assert again.returncode == 0 and "已经导入过" in again.stdout

    altered = bundle.with_name("altered.fdsync")
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x40
    altered.write_bytes(bytes(data))
    refused = _frontdesk(station, "--db", demo, "--site", "LS", "sync", "import", str(altered), *signed)
    assert refused.returncode == 2
    assert "Nothing was imported" in refused.stderr and "Traceback" not in refused.stderr

    foreign = tmp_path / "foreign.fdsync"
    foreign.write_bytes(b"PK\x03\x04 not a bundle at all" * 100)
    refused = _frontdesk(station, "sync", "import", str(foreign), "--db", demo, "--site", "LS", *signed)
    assert refused.returncode == 2 and "not a Front Desk bundle" in refused.stderr
    assert "Traceback" not in refused.stderr

    status = _frontdesk(station, "--db", demo, "--site", "LS", "sync", "status", *signed)
    assert status.returncode == 0 and "LS-02" in status.stdout


def test_a_sync_job_without_a_sign_in_is_refused_and_creates_nobody(tmp_path):
    station = tmp_path / "LS"
    database = _station(station)
    import sqlite3

    def officers():
        with sqlite3.connect(database) as connection:
            return connection.execute("SELECT badge_no FROM officer ORDER BY badge_no").fetchall()

    before = officers()
    refused = _frontdesk(station, "sync", "outpost", "LS-02", "--db", str(database), "--site", "LS")
    assert refused.returncode == 2  # no terminal to ask for the password at
    duty = next(badge for (badge,) in before if badge != "031245")
    refused = _frontdesk(station, "sync", "outpost", "LS-02", "--db", str(database), "--badge", duty,
                         "--password-file", _password_file(tmp_path))
    assert refused.returncode == 2
    assert "needs a station admin" in refused.stderr and "access.action" not in refused.stderr
    assert officers() == before and not (station / "sync" / "out" / "LS-02.fdkit").exists()


def test_a_new_station_and_an_enrolled_outpost_hold_no_officer_but_real_ones(tmp_path):
    """Opening a desk makes nobody (not the config's badge, not "<SITE>-DUTY"): the first officer is the
    admin created at the desk, and an outpost holds the officers its kit brought."""
    from sqlmodel import select

    from db.engine import read_session
    from db.models import Officer
    from frontdesk.desk import open_desk
    from frontdesk.station.config import Settings, database_url

    def officers(desk) -> list[str]:
        with read_session(desk.engine) as session:
            return sorted(session.exec(select(Officer.badge_no)).all())

    station, outpost = tmp_path / "LS", tmp_path / "LS-02"
    settings = Settings(data_dir=station, officer_badge="031245", officer_name="王建军")
    desk = open_desk(settings, database_url(settings))
    assert officers(desk) == [] and desk.on_duty.officer_id is None
    desk.close()
    desk = open_desk(settings, database_url(settings))  # a second start still makes nobody
    assert officers(desk) == []
    desk.access.create_first_admin(name="李所长", badge="000001", password="frontdesk-demo", again="frontdesk-demo")
    assert officers(desk) == ["000001"]
    desk.close()

    signed = ("--badge", "000001", "--password-file", _password_file(tmp_path))
    kit = _frontdesk(station, "--site", "LS", "sync", "outpost", "LS-02", "--name", "东关警务室", *signed)
    assert kit.returncode == 0, kit.stderr
    enrolled = _frontdesk(outpost, "--site", "LS-02", "sync", "enrol", str(station / "sync" / "out" / "LS-02.fdkit"),
                          *signed, typed=_setup_code(kit) + "\n")
    assert enrolled.returncode == 0, enrolled.stderr
    there = Settings(data_dir=outpost, site_code="LS-02", officer_badge="031245", officer_name="王建军")
    desk = open_desk(there, database_url(there))  # the outpost desk's first start
    assert officers(desk) == ["000001"] and desk.on_duty.officer_id is None
    desk.close()
    desk = open_desk(settings, database_url(settings))
    assert officers(desk) == ["000001"]
    desk.close()


def test_an_outpost_code_is_a_site_code_as_the_desk_reads_one(tmp_path):
    """`sync outpost ls_02` made a site the outpost's own `--site` could never name (it refuses '_', and reads
    ls-02 as LS-02), and `../x` wrote the kit outside the folder; the station's own code was refused with words
    that did not say so."""
    station = tmp_path / "LS"
    database = _station(station)
    signed = ("--db", str(database), "--site", "LS", "--badge", "031245", "--password-file", _password_file(tmp_path))
    for typed in ("ls_02", "../x", "LS 02", ""):
        refused = _frontdesk(station, "sync", "outpost", typed, *signed)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
        assert f"“{typed}” is not a site code" in refused.stderr and "LS-02" in refused.stderr, refused.stderr
    refused = _frontdesk(station, "sync", "outpost", "ls", *signed, lang="zh")
    assert refused.returncode == 2 and "LS 是本所自己的站点代码" in refused.stderr, refused.stderr
    assert not list(tmp_path.rglob("*.fdkit"))

    made = _frontdesk(station, "sync", "outpost", "ls-02", "--name", "东关警务室", *signed, lang="zh")
    assert made.returncode == 0, made.stderr
    assert (station / "sync" / "out" / "LS-02.fdkit").exists() and "警务室 LS-02 的设置文件" in made.stdout
    assert "只显示这一次" in made.stdout and len(_setup_code(made)) == 24, made.stdout
