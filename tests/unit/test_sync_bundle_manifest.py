"""What a bundle's signed manifest says of its locked part: the chunk size and cipher it was locked with (a later
desk may choose others), and the key it was locked for, compared with this desk's own before anything is opened."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable

import pytest
from sqlmodel import select

from db.engine import read_session, write_session
from db.models import Person, SiteKey
from frontdesk.i18n import DeskError, set_language
from frontdesk.sync import locking
from frontdesk.sync.bundle import assemble, canonical, fingerprint, new_key_pair, sign
from frontdesk.sync.bundle_read import read_parts
from frontdesk.sync.peers import trust
from tests.synchelpers import export, import_, open_outpost, open_station, record


@pytest.fixture
def station(tmp_path, sqlite_template):
    desk = open_station(tmp_path / "LS", template=sqlite_template)
    yield desk
    desk.close()


@pytest.fixture
def outpost(station, tmp_path, sqlite_template):
    desk = open_outpost(station, "LS-02", tmp_path / "LS-02", template=sqlite_template)
    yield desk
    desk.close()


def key_of(desk) -> SiteKey:
    with read_session(desk.engine) as session:
        return session.get(SiteKey, desk.actor.site)


def names_at(desk) -> set[str]:
    with read_session(desk.engine) as session:
        return set(session.exec(select(Person.name)).all())


def resigned(bundle: Path, sender: str, change: Callable[[dict[str, Any]], None]) -> Path:
    """The bundle with its changes part's entry in the manifest changed by `change`, signed again by the sender
    (as a desk that writes the manifest so would sign it); the locked part as it was."""
    parts = read_parts(bundle)
    manifest = parts.manifest
    change(manifest["parts"]["changes"])
    body = canonical(manifest)
    out = bundle.with_name("resigned.fdsync")
    with bundle.open("rb") as raw, out.open("wb") as target:
        raw.seek(parts.offset)
        assemble(target, body, sign(sender, body), io.BytesIO(raw.read()))
    return out


# ---- the chunk size and the cipher -----------------------------------------------------------------


def test_a_bundle_names_its_chunk_size_in_its_signed_manifest(station, outpost):
    record(outpost, name="李四", phone="13900001111")
    part = read_parts(export(outpost, "LS")).manifest["parts"]["changes"]
    assert part["chunk"] == locking.CHUNK and part["cipher"] == locking.CIPHER


def test_a_bundle_locked_in_chunks_of_another_size_is_read(station, outpost, monkeypatch):
    """A later desk that locks in other chunks: this desk reads the size from the manifest (before, it read its own
    size and refused the bundle as damaged)."""
    for n in range(20):  # several chunks of 1 KiB, compressed
        record(outpost, name=f"李四{n}", phone=f"139000011{n:02d}", summary=f"电动车被盗 {n} " + "车棚" * n)
    monkeypatch.setattr(locking, "CHUNK", 1 << 10)
    bundle = export(outpost, "LS")
    monkeypatch.undo()
    part = read_parts(bundle).manifest["parts"]["changes"]
    assert part["chunk"] == 1 << 10 and part["bytes"] > 4 * (1 << 10)
    got = import_(station, bundle)
    assert got.applied == got.total > 0 and "李四19" in names_at(station)


@pytest.mark.parametrize("change", [
    pytest.param(lambda part: part.update(chunk=1 << 30), id="chunk-too-large"),
    pytest.param(lambda part: part.update(chunk="64k"), id="chunk-not-a-number"),
    pytest.param(lambda part: part.update(cipher="aes256gcm-stream"), id="another-cipher"),
])
def test_a_chunk_size_or_cipher_this_desk_does_not_read_says_to_update_it(station, outpost, change):
    record(outpost, name="李四", phone="13900001111")
    later = resigned(export(outpost, "LS"), key_of(outpost).private_key, change)
    with pytest.raises(DeskError) as refused:
        import_(station, later)
    assert refused.value.key == "sync.locking_newer"
    assert "newer version" in refused.value.message and "resigned.fdsync" in refused.value.message
    set_language("zh")
    assert "请先升级本机" in refused.value.message
    assert "李四" not in names_at(station)


def test_a_bundle_written_before_the_chunk_size_was_named_is_read_at_64_kib(station, outpost):
    record(outpost, name="李四", phone="13900001111")
    earlier = resigned(export(outpost, "LS"), key_of(outpost).private_key, lambda part: part.pop("chunk"))
    got = import_(station, earlier)
    assert got.applied == got.total > 0 and "李四" in names_at(station)


# ---- the key it was locked for ---------------------------------------------------------------------


def test_a_bundle_locked_for_this_sites_previous_key_says_to_trust_the_key_now(station, outpost, monkeypatch):
    """The station holds an earlier key of LS-02: exported again as it stands, the bundle would be locked for that
    key again. The outpost says which key it was for and which it has, and that the station trusts the new one
    first; the key the bundle names is compared before anything is decrypted."""
    record(station, name="王五", phone="13600002222")
    earlier = new_key_pair()[1]
    with write_session(station.engine) as session:
        trust(session, "LS-02", earlier, by=station.actor, now=station.clock())
        session.commit()
    bundle = export(station, "LS-02")
    own = key_of(outpost).public_key
    opened = []
    monkeypatch.setattr(locking, "open_key", lambda *args: opened.append(args))
    with pytest.raises(DeskError) as refused:
        import_(outpost, bundle)
    assert refused.value.key == "sync.locked_for_other_key" and opened == []
    message = refused.value.message
    assert fingerprint(earlier) in message and fingerprint(own) in message
    assert "previous key" in message and "trust this desk's key first" in message
    set_language("zh")
    assert "请让 LS 先信任本机的密钥" in refused.value.message and fingerprint(own) in refused.value.message
    assert "王五" not in names_at(outpost)
    monkeypatch.undo()
    # As the message says: the station trusts the outpost's key now, then exports again.
    with write_session(station.engine) as session:
        trust(session, "LS-02", own, by=station.actor, now=station.clock())
        session.commit()
    assert import_(outpost, export(station, "LS-02")).applied > 0 and "王五" in names_at(outpost)


def test_a_bundle_made_for_this_key_whose_sealed_key_does_not_open_is_damaged_not_for_another_key(station, outpost):
    record(outpost, name="李四", phone="13900001111")
    other = locking.seal_key(locking.new_stream_key(), new_key_pair()[1])
    made_wrong = resigned(export(outpost, "LS"), key_of(outpost).private_key,
                          lambda part: part.update(sealed_key=other))
    with pytest.raises(DeskError) as refused:
        import_(station, made_wrong)
    assert refused.value.key == "sync.damaged"
    assert "李四" not in names_at(station)
