"""What `frontdesk` loads before its first paint: the parser only when there are arguments, the
package's version only for --version, the admin jobs only for a command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from frontdesk import cli
from frontdesk.cli import jobs

ROOT = Path(__file__).resolve().parents[2]


def test_no_arguments_are_what_the_parser_gives_for_none():
    assert cli._no_arguments() == cli._parser().parse_args([])


def test_the_exit_codes_are_the_jobs_own():
    assert (cli.DONE, cli.NOTHING_DONE) == (jobs.DONE, jobs.NOTHING_DONE)


def test_version_is_still_said(capsys):
    try:
        cli._parser().parse_args(["--version"])
    except SystemExit as stop:
        assert stop.code == 0
    assert capsys.readouterr().out.startswith("frontdesk ")


def test_a_start_loads_neither_the_jobs_nor_the_package_metadata(tmp_path):
    code = (
        "import sys\n"
        "from frontdesk.cli import build_app\n"
        f"for argv in ([], ['--lang', 'zh', '--demo']):\n"
        f"    build_app(argv, environ={{'FRONTDESK_DATA_DIR': {str(tmp_path)!r}, 'FRONTDESK_CONFIG': {str(tmp_path / 'c.toml')!r}}})\n"
        "print(sorted(m for m in ('importlib.metadata', 'frontdesk.cli.jobs', 'frontdesk.cli.signin', 'alembic',"
        " 'cryptography', 'pypinyin', 'textual.widgets._text_area') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
