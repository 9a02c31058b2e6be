"""An import killed with SIGKILL part-way leaves the database exactly as it was; the next one applies."""

from __future__ import annotations

import os
import pty
import signal
import sqlite3
import subprocess
import sys

from db.migrate import head_revision
from tests.conftest import open_desk
from frontdesk.records import Actor
from frontdesk.station.opening import connect, migrate
from frontdesk.sync.outposts import add_outpost, open_kit, take_kit
from tests.synchelpers import Clock, dump, import_, site_settings


def test_a_killed_import_leaves_the_outpost_as_it_was(tmp_path):
    # A station with some weeks of demo records; a new outpost about to receive all of them.
    station = open_desk(site_settings(tmp_path / "LS", "LS"), f"sqlite:///{tmp_path / 'LS' / 'desk.sqlite'}",
                        demo_cases=800, clock=Clock())
    kit = add_outpost(station.engine, code="LS-02", name="东关警务室", by=station.actor,
                      folder=tmp_path / "kits", schema=head_revision())
    station.close()
    folder = tmp_path / "LS-02"
    folder.mkdir()
    outpost_db = folder / "desk.sqlite"
    engine = connect(f"sqlite:///{outpost_db}")
    migrate(engine)
    bundle = take_kit(engine, open_kit(kit.path, "LS-02", kit.setup_code), by=Actor(site="LS-02", role="admin"),
                      scratch=folder)
    engine.dispose()
    outpost = open_desk(site_settings(folder, "LS-02"), f"sqlite:///{outpost_db}", clock=Clock())
    outpost.access.create_first_admin(name="赵所长", badge="900009", password="admin pass 1", again="admin pass 1")
    before = dump(outpost)
    outpost.close()
    password = folder / "password"
    password.write_text("admin pass 1\n", encoding="utf-8")
    password.chmod(0o600)

    env = {**os.environ, "FRONTDESK_DATA_DIR": str(folder), "FRONTDESK_CONFIG": str(folder / "config.toml"),
           "FRONTDESK_STATION_NAME": "城关派出所", "FRONTDESK_OFFICER": "王建军", "FRONTDESK_BADGE": "031245",
           "PYTHONUNBUFFERED": "1"}
    # Progress shows only on a terminal: the import writes to a pseudo-terminal, read here.
    terminal, its_end = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "frontdesk", "--lang", "en", "--db", f"sqlite:///{outpost_db}", "--site", "LS-02",
         "sync", "import", str(bundle), "--badge", "900009", "--password-file", str(password)],
        stdout=its_end, stderr=its_end, stdin=subprocess.DEVNULL, env=env,
    )
    os.close(its_end)
    seen = b""
    while b"Applying 1,000 " not in seen:  # as soon as it is applying changes, pull the plug
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the child has gone and closed its end
            break
        if not chunk:
            break
        seen += chunk
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    os.close(terminal)
    assert b"Applying 1,000 " in seen and child.returncode == -signal.SIGKILL, seen.decode(errors="replace")

    with sqlite3.connect(outpost_db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    outpost = open_desk(site_settings(folder, "LS-02"), f"sqlite:///{outpost_db}", clock=Clock())
    try:
        assert dump(outpost) == before
        done = import_(outpost, bundle)
        assert done.applied + done.already == done.total > 3000
    finally:
        outpost.close()
