"""Refuse SQLite files on network filesystems.

SQLite's locking is not reliable over NFS/SMB: two desks writing through a share
can corrupt the file. A station with several PCs uses PostgreSQL instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterable, NamedTuple

NETWORK_FSTYPES = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs",
        "9p", "ceph", "glusterfs", "lustre", "gpfs", "davfs", "webdav",
        "fuse.sshfs", "sshfs", "fuse.rclone", "fuse.glusterfs", "fuse.cephfs",
        "fuse.s3fs", "fuse.davfs2", "afpfs", "fuse.afpfs", "vboxsf", "prl_fs",
    }
)


class Mount(NamedTuple):
    mountpoint: str
    fstype: str
    opts: str


class NetworkFilesystemError(Exception):
    """The SQLite file would live on a network share."""

    def __init__(self, path: Path, fstype: str):
        self.path = path
        self.fstype = fstype
        super().__init__(
            f"The database file {path} is on a network share ({fstype}). "
            "SQLite on a share can lose or corrupt records when several desks write; "
            "keep the file on this PC's own disk, or use a PostgreSQL server for "
            "several PCs (set database_url in the config)."
        )


def network_fstype(path: Path, mounts: Iterable[Mount]) -> str | None:
    """The network filesystem type `path` lives on, or None if it is local."""
    target = str(path)
    if sys.platform == "win32" and target.startswith("\\\\"):
        return "unc"
    best: Mount | None = None
    for mount in mounts:
        point = mount.mountpoint
        inside = target == point or target.startswith(point.rstrip("/\\") + os.sep) or point in ("/", "")
        if inside and (best is None or len(point) > len(best.mountpoint)):
            best = mount
    if best is None:
        return None
    fstype = best.fstype.lower()
    if fstype in NETWORK_FSTYPES or "remote" in best.opts.split(","):
        return fstype or "remote"
    return None


def _system_mounts() -> list[Mount]:
    import psutil

    return [Mount(p.mountpoint, p.fstype, p.opts) for p in psutil.disk_partitions(all=True)]


def refuse_network_path(path: Path) -> None:
    """Raise NetworkFilesystemError if the SQLite file's folder is on a share."""
    probe = Path(path).expanduser().absolute()
    # The file may not exist yet: judge by the nearest folder that does.
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    fstype = network_fstype(probe.resolve(), _system_mounts())
    if fstype:
        raise NetworkFilesystemError(Path(path), fstype)
