"""A throwaway PostgreSQL server for the test run, on loopback only.

CI installs Debian's postgresql package; this starts a private cluster from its
binaries in a temporary folder on a free port and stops it at the end, so tests
never touch a server someone else uses. FRONTDESK_TEST_PG_URL points the tests
at an existing server instead.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _ram_folder() -> str | None:
    """Where the cluster's files go: a RAM-backed folder (tmpfs at /dev/shm) if there is one with room, else
    the usual temporary folder (None).

    Every PostgreSQL test copies the migrated template with CREATE DATABASE, about a thousand small files
    (one for each table, index and their maps, the catalogue's included). On the disk's file system creating
    those files cost the server about 100-150 ms of CPU a database (ext4 looking for a free inode among the
    ones just deleted); in RAM about 12 ms (30 databases, load 4-6). The files are the test run's own and go
    when the server stops; fsync is off for them already."""
    shm = Path("/dev/shm")
    try:
        if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) and shutil.disk_usage(shm).free >= 2 << 30:
            return str(shm)
    except OSError:
        pass
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TempPostgres:
    def __init__(self) -> None:
        self.bindir = _bindir()
        self.folder: Path | None = None
        self.port = 0
        self.user = "postgres"

    @property
    def available(self) -> bool:
        return self.bindir is not None

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            # initdb and postgres refuse to run as root.
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> str:
        self.folder = Path(tempfile.mkdtemp(prefix="frontdesk-pg-", dir=_ram_folder()))
        data = self.folder / "data"
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        else:
            self.user = pwd.getpwuid(os.geteuid()).pw_name
        self.port = _free_port()
        self._run("initdb", "-D", str(data), "-A", "trust", "-U", self.user, "-E", "UTF8", "--no-locale")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    break
            time.sleep(0.2)
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        if self.folder is None:
            return
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
