"""The dependency direction screens → frontdesk → db, checked by import-linter."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_screens_never_open_sessions_or_build_queries():
    pattern = re.compile(r"Session\(|session\.exec|\.execute\(|create_engine|select\(|sqlalchemy|sqlmodel")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "screens").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_the_desk_is_built_without_loading_the_database_layer():
    """First paint must not wait for SQLAlchemy, Alembic or the models: a worker loads them."""
    code = (
        "import sys, tempfile\n"
        "from frontdesk.cli import build_app\n"
        "folder = tempfile.mkdtemp()\n"
        "build_app(['--lang', 'zh'], environ={'FRONTDESK_DATA_DIR': folder, 'FRONTDESK_CONFIG': folder + '/c.toml'})\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'db.models', 'psycopg') if m in sys.modules)\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
