"""What the desk does not load at start: each stays resident for the whole shift once imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Alembic with Mako and Pygments (about 9 MiB; only to migrate), cryptography with OpenSSL (about 7 MiB;
#: only to sign, check or seal), pypinyin (only once a name's keys are computed).
NOT_AT_START = ("alembic", "mako", "pygments", "cryptography", "pypinyin")


def test_the_desk_starts_without_the_libraries_it_needs_only_later(sqlite_engine, settings):
    from frontdesk.station.opening import ensure_on_duty

    ensure_on_duty(sqlite_engine, settings)  # the station's first start makes its signing key
    code = ("import sys\n"
            "import screens.shell.app, frontdesk.cli, frontdesk.desk\n"
            "from db.engine import make_engine\n"
            "from frontdesk.station.config import Settings\n"
            "from frontdesk.station.opening import ensure_on_duty, migrate\n"
            f"engine = make_engine({str(sqlite_engine.url)!r}); migrate(engine)\n"
            f"ensure_on_duty(engine, Settings(site_code='LS', station_code='LS', officer_badge='031245',"
            f" data_dir={str(settings.data_dir)!r}))\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({NOT_AT_START!r})))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
