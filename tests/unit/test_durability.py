"""Killing the program mid-write loses nothing committed and damages nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap

from sqlalchemy import text

from db.engine import make_engine

WRITER = textwrap.dedent(
    """
    import sys
    from db.engine import make_engine, write_session
    from db.models import Person
    from frontdesk.records import Actor, save

    engine = make_engine(sys.argv[1])
    number = 0
    while True:
        with write_session(engine) as session:
            save(session, Person(name=f"来访人{number}", notes="x" * 2000), by=Actor(site="LS"))
            session.commit()
        print(number, flush=True)
        number += 1
    """
)


def test_kill_9_while_writing_keeps_every_committed_record(tmp_path, sqlite_template):
    path = tmp_path / "desk.sqlite"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, url], stdout=subprocess.PIPE, text=True)
    last = -1
    for line in writer.stdout:
        last = int(line)
        if last >= 200:
            break
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert last >= 200

    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        people = conn.execute(text("SELECT count(*) FROM person")).scalar()
        logged = conn.execute(text("SELECT count(*) FROM changelog WHERE table_name = 'person'")).scalar()
        audited = conn.execute(text("SELECT count(*) FROM auditevent WHERE table_name = 'person'")).scalar()
    engine.dispose()
    assert people >= last + 1  # everything reported committed is there
    assert people == logged == audited  # and nothing half-written
