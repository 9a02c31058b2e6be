"""What the officer sees, pixel for pixel, in both languages.

Each scenario starts from an empty, freshly migrated database in a folder of its own,
shown as /tmp/frontdesk-snapshots/<scenario> (so the path in the status line is stable),
with the clock frozen.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.apphelpers import desk_app, migrated_template, settle
from tests.snapshots.conftest import snapshot_folder

SIZE = (110, 34)
LANGUAGES = ["en", "zh"]


def _fixed_folder(name: str) -> Path:
    """The scenario's folder, in this run's own snapshot folder (tests/snapshots/conftest.py)."""
    return snapshot_folder(name)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_desk_screen(snap_compare, lang):
    app = desk_app(_fixed_folder(f"desk-{lang}"), lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_screen(snap_compare, lang):
    app = desk_app(_fixed_folder(f"help-{lang}"), lang=lang)
    assert snap_compare(app, press=["f1"], terminal_size=SIZE, run_before=settle)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_command_palette(snap_compare, lang):
    app = desk_app(_fixed_folder(f"palette-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)  # also stops the palette's own cursor blinking

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_database_refused_dialog(snap_compare, lang, monkeypatch):
    import db.netfs

    migrated_template()  # made on this PC's disk before the share is pretended, whatever ran first
    monkeypatch.setattr(db.netfs, "_system_mounts", lambda: [db.netfs.Mount("/", "cifs", "rw")])
    app = desk_app(_fixed_folder(f"refused-{lang}"), lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
