"""Snapshot fixtures: a scenario's own set-up (seeding records) is test code, not the desk's;
each run keeps its scenarios' folders apart from any other run's."""

from __future__ import annotations

import inspect
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension

from frontdesk import ui_thread

#: The folder the snapshots show (the status line and some dialogs name the database's path).
SHOWN_ROOT = "/tmp/frontdesk-snapshots"
_run_root: Path | None = None


def snapshot_folder(name: str) -> Path:
    """An empty folder for one scenario, in this run's own folder.

    The run's folder is a new one in /tmp whose path is exactly as long as SHOWN_ROOT, so
    the screen lays out the same; the screenshot names SHOWN_ROOT instead (see snap_compare).
    Two runs at once (two checkouts, two xdist workers) never share or delete each other's files.
    """
    global _run_root
    if _run_root is None:
        _run_root = Path(tempfile.mkdtemp(prefix="fd-snapshot", dir="/tmp"))
        assert len(str(_run_root)) == len(SHOWN_ROOT), _run_root
    folder = _run_root / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture(scope="session", autouse=True)
def _remove_the_runs_folder():
    yield
    if _run_root is not None:
        shutil.rmtree(_run_root, ignore_errors=True)


#: A background of no width: whether Textual emits one depends on how a line's segments were split, which
#: depends on when the line was drawn (a loaded run drew a table's header without the one its snapshot has).
#: It shows nothing, so neither the screenshot nor the stored snapshot is compared with it.
_EMPTY_RECT = re.compile(r'<rect fill="[^"]*" x="[\d.]+" y="[\d.]+" width="0" height="[\d.]+" shape-rendering="crispEdges"/>')


def _without_empty_rects(svg: str) -> str:
    return _EMPTY_RECT.sub("", svg)


@pytest.fixture
def snap_compare(snap_compare, monkeypatch):
    """`snap_compare` whose `run_before` may open sessions: it runs inside the app's loop but seeds as a test;
    the screenshot names this run's folder as SHOWN_ROOT before it is compared (or stored)."""
    serialize, read = SVGImageExtension.serialize, SVGImageExtension._read_snapshot_data_from_location

    def shown(self, *args, **kwargs):
        svg = _without_empty_rects(serialize(self, *args, **kwargs))
        return svg.replace(str(_run_root), SHOWN_ROOT) if _run_root is not None else svg

    def stored(self, *args, **kwargs):
        svg = read(self, *args, **kwargs)
        return _without_empty_rects(svg) if svg is not None else svg

    monkeypatch.setattr(SVGImageExtension, "serialize", shown)
    monkeypatch.setattr(SVGImageExtension, "_read_snapshot_data_from_location", stored)

    def compare(app, *args, run_before=None, **kwargs):
        if run_before is not None:
            scenario = run_before

            async def run_before(pilot):
                with ui_thread.outside():
                    outcome = scenario(pilot)
                    if inspect.isawaitable(outcome):
                        await outcome

        return snap_compare(app, *args, run_before=run_before, **kwargs)

    return compare
