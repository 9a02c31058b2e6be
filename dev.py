#!/usr/bin/env python3
"""Set-up and everyday commands, needing nothing but Python 3.11+.

    python3 dev.py run     install what is needed, then open the desk on demo data
    python3 dev.py test    install what is needed, then run the whole test suite
                           (and list its 25 slowest tests)

Both create ./.venv on first use and reinstall only when pyproject.toml changes.
Arguments after the command go to `frontdesk` or to pytest.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".frontdesk-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _python() -> Path:
    return BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_installed() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Front Desk needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and _python().exists():
        return
    if not _python().exists():
        try:
            import ensurepip  # noqa: F401
        except ImportError:
            sys.exit(
                "This Python cannot make virtual environments (its 'ensurepip' is missing).\n"
                "On Debian or Ubuntu: sudo apt install python3-venv   — then run this again."
            )
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing Front Desk and its test tools into .venv …", flush=True)
    pip = [str(_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def run(args: list[str]) -> int:
    ensure_installed()
    return subprocess.call([str(BIN / "frontdesk"), *(args or ["--demo"])])


def test(args: list[str]) -> int:
    ensure_installed()
    if not any(arg == "-n" or arg.startswith(("-n", "--numprocesses")) for arg in args):
        # Two workers per core (up to four in all), each with its own databases and PostgreSQL cluster:
        # a Pilot test spends most of its time waiting for the screen to settle, not on the CPU.
        args = ["-n", str(max(1, min(4, 2 * (os.cpu_count() or 1)))), *args]
    if not any(arg.startswith("--dist") or arg == "no:xdist" for arg in args):
        # A worker that runs out of tests takes half of another's queue. With xdist's default (load), each worker
        # kept the share it was last given, so the run ended with one worker going through its share of slow
        # Pilot tests alone for minutes while the others sat idle.
        args = ["--dist", "worksteal", *args]
    if not any(arg.startswith("--durations") for arg in args):
        args = ["--durations=25", *args]  # the slowest tests, in every run and in CI's log
    return subprocess.call([str(_python()), "-m", "pytest", *args], cwd=ROOT)


def main() -> int:
    commands = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__.strip())
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
