"""Starting the desk app in tests exactly as the `frontdesk` command would."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from frontdesk.cli import build_app
from tests.conftest import FROZEN_NOW


def desk_app(data_dir: Path, *args: str, lang: str = "en", environ: dict[str, str] | None = None):
    env = {
        "FRONTDESK_DATA_DIR": str(data_dir),
        "FRONTDESK_CONFIG": str(data_dir / "config.toml"),
        "FRONTDESK_STATION_NAME": "城关派出所",
        "FRONTDESK_OFFICER": "王建军",
        "FRONTDESK_BADGE": "031245",
        "LANG": "en_US.UTF-8",
        **(environ or {}),
    }
    return build_app(["--lang", lang, *args], environ=env, clock=lambda: FROZEN_NOW)


async def settle(pilot: Pilot) -> None:
    """Wait for every worker (database open, figures) and the repaint after it."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
