"""The sync screen and one conflict field by field, as the officer sees them, in both languages.

The station and its outpost are built in fixed folders with the clock frozen;
their signing keys are replaced by keys made from fixed seeds, so the key
fingerprints on the screen are the same on every run.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from db.engine import write_session
from db.models import SiteKey, SyncPeer
from tests.apphelpers import TEST_PASSWORD, desk_app, migrated_template, settle, wait_until
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder
from tests.synchelpers import carry, edit, export, open_outpost, open_station, record

SIZE = (120, 36)


def fixed_key(site: str) -> tuple[str, str]:
    """(private, public) for `site`, the same on every run."""
    private = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"frontdesk-snapshot-{site}".encode()).digest())
    return private.private_bytes_raw().hex(), private.public_key().public_bytes_raw().hex()


def use_fixed_keys(desk, peer: str) -> None:
    """This site signs with its fixed key and trusts the peer's."""
    private, public = fixed_key(desk.actor.site)
    with write_session(desk.engine) as session:
        key = session.get(SiteKey, desk.actor.site)
        key.private_key, key.public_key = private, public
        session.get(SyncPeer, peer).public_key = fixed_key(peer)[1]
        session.commit()


def station_with_a_conflict_waiting(folder: Path) -> Path:
    """A station and outpost LS-02 that both edited one case and both met one caller; the outpost's bundle
    waits in sync/in."""
    station = open_station(folder / "station", template=migrated_template())
    station.access.create_first_admin(name="王建军", badge="031245", password=TEST_PASSWORD, again=TEST_PASSWORD)
    outpost = open_outpost(station, "LS-02", folder / "outpost", template=migrated_template())
    use_fixed_keys(station, "LS-02")
    use_fixed_keys(outpost, "LS")
    recorded = record(outpost, summary="电动车在警务室门口被盗", narrative="报警人称早上8点把电动车停在警务室门口，"
                                                                 "中午出来时发现车已不见，车锁被剪断丢在路边。")
    carry(outpost, station)
    edit(station, recorded.case_id, summary="电动车被盗（站里核实：车锁被剪）", place="东关村3组路口")
    edit(outpost, recorded.case_id, summary="电动车被盗，嫌疑人骑车往西街方向逃离",
         narrative="报警人补充：邻居看见一名穿黑色外套的男子骑走电动车，往西街方向。"
                   "The neighbour saw a man in a black coat ride it away towards West Street around noon.")
    # The same caller, known at the station, recorded at the outpost (offline) as someone new.
    record(station, name="李秀英", phone="13900001111", summary="钱包遗失", category="lost_property")
    record(outpost, name="李秀英", phone="13900001111", summary="手机遗失", category="lost_property")
    bundle = export(outpost, "LS")
    inbox = folder / "station" / "sync" / "in"
    inbox.mkdir(parents=True)
    shutil.move(bundle, inbox / "LS-02-to-LS.fdsync")  # a fixed name: nothing random on the screen
    url = station.url
    station.close()
    outpost.close()
    return Path(url.removeprefix("sqlite:///"))


def _app(name: str, lang: str, *keys: str):
    folder = _fixed_folder(f"sync-{name}-{lang}")
    database = station_with_a_conflict_waiting(folder)
    app = desk_app(folder / "station", "--db", str(database), lang=lang)

    async def run_before(pilot):
        assert await wait_until(pilot, lambda: pilot.app.screen.query("#signin-password"))  # before settle types
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return app, run_before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sync_screen_after_importing_a_bundle(snap_compare, lang):
    app, run_before = _app("screen", lang, "ctrl+y", "i", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_conflict_field_by_field(snap_compare, lang):
    app, run_before = _app("fields", lang, "ctrl+y", "i", "enter", "c", "enter", "t")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_conflicts_list(snap_compare):
    app, run_before = _app("list", "zh", "ctrl+y", "i", "enter", "c", "down")  # on the two people
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
