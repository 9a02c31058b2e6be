"""A bundle's changes are locked for the site it is addressed to: a stick found on the road shows no
name or number, another site cannot open it, and a format 1 bundle from a desk not yet updated is still read."""

from __future__ import annotations

import gzip
import hashlib
import io
import tracemalloc
import zlib
from pathlib import Path

import pytest
from sqlmodel import select

from db.engine import read_session, write_session
from db.models import Person, SiteKey
from frontdesk.i18n import DeskError, set_language
from frontdesk.sync import locking
from frontdesk.sync.bundle import assemble, canonical, new_key_pair, sign
from frontdesk.sync.bundle_read import read_parts
from frontdesk.sync.peers import trust
from tests.synchelpers import carry, export, import_, open_outpost, open_station, record

NAME, PHONE, ID_NUMBER = "欧阳明珠", "13712345670", "11010519491231002X"


@pytest.fixture
def station(db_url, tmp_path):
    desk = open_station(tmp_path / "LS", url=db_url)
    yield desk
    desk.close()


@pytest.fixture
def outpost(station, tmp_path, sqlite_template):
    desk = open_outpost(station, "LS-02", tmp_path / "LS-02", template=sqlite_template)
    yield desk
    desk.close()


def private_key_of(desk) -> str:
    with read_session(desk.engine) as session:
        return session.get(SiteKey, desk.actor.site).private_key


def names_at(desk) -> set[str]:
    with read_session(desk.engine) as session:
        return set(session.exec(select(Person.name)).all())


def readable(data: bytes) -> bytes:
    """What anyone reads from a file with common tools: its bytes, and every gzip stream in it unpacked."""
    out = [data]
    start = data.find(b"\x1f\x8b\x08")
    while start >= 0:
        try:
            out.append(zlib.decompressobj(wbits=31).decompress(data[start:]))
        except zlib.error:
            pass
        start = data.find(b"\x1f\x8b\x08", start + 1)
    return b"\n".join(out)


def _record_someone(desk):
    from frontdesk.callers.people import PersonInput
    from frontdesk.cases.recording import CaseDraft

    reporter = PersonInput(name=NAME, phone=PHONE, resident_id=ID_NUMBER, address="东关村3组")
    return desk.cases.record_case(CaseDraft(reporter=reporter, category="theft", summary=f"{NAME}的电动车被盗",
                                            place="东关村3组"), now=desk.clock())


def test_a_bundle_shows_no_name_or_number_and_its_manifest_only_routing(station, outpost):
    _record_someone(outpost)
    bundle = export(outpost, "LS")
    data = bundle.read_bytes()
    assert data.startswith(b"FRONTDESK-BUNDLE/2\n")
    text = readable(data)
    for word in (NAME, PHONE, ID_NUMBER, "东关村", "电动车"):
        assert word.encode() not in text, word
    manifest = read_parts(bundle).manifest
    assert set(manifest) == {"bundle_id", "from_site", "to_site", "created_at", "schema", "ranges", "counts", "has",
                             "audit_heads", "format", "total", "parts"}
    assert set(manifest["parts"]["changes"]) == {"sha256", "bytes", "lines", "cipher", "chunk", "key_for", "sealed_key"}
    # The station reads it all.
    got = import_(station, bundle)
    assert got.applied == got.total > 0 and NAME in names_at(station)


def test_the_station_and_an_outpost_read_each_others_locked_bundles(station, outpost):
    record(station, name="王五", phone="13600002222")
    record(outpost, name="李四", phone="13900001111")
    to_station = export(outpost, "LS")
    assert carry(station, outpost).applied > 0
    assert import_(station, to_station).applied > 0
    assert {"王五", "李四"} <= names_at(station) and {"王五", "李四"} <= names_at(outpost)


def test_a_bundle_carried_to_another_outpost_says_whom_it_is_for(station, outpost, tmp_path, sqlite_template):
    _record_someone(outpost)
    bundle = export(outpost, "LS")
    other = open_outpost(station, "LS-03", tmp_path / "LS-03", template=sqlite_template)
    try:
        before = names_at(other)
        with pytest.raises(DeskError) as refused:
            import_(other, bundle)
        assert refused.value.key == "sync.not_for_us"
        set_language("zh")
        assert refused.value.message == "此同步包是发给站点 LS 的，不是本机（LS-03）。未导入任何内容。"
        assert names_at(other) == before
        # Its key, had it the receiver's name, does not open the changes either.
        sealed = read_parts(bundle).manifest["parts"]["changes"]["sealed_key"]
        assert locking.open_key(sealed, private_key_of(other)) is None
        assert locking.open_key(sealed, private_key_of(station)) is not None
    finally:
        other.close()


def test_a_bundle_locked_for_a_sites_earlier_key_says_so(station, outpost):
    record(station, name="王五", phone="13600002222")
    with write_session(station.engine) as session:  # the station holds another key for LS-02 than LS-02 has
        trust(session, "LS-02", new_key_pair()[1], by=station.actor, now=station.clock())
        session.commit()
    bundle = export(station, "LS-02")
    with pytest.raises(DeskError) as refused:
        import_(outpost, bundle)
    assert refused.value.key == "sync.locked_for_other_key"
    set_language("zh")
    assert "本机没有该密钥" in refused.value.message and "再重新导出" in refused.value.message
    assert "王五" not in names_at(outpost)


def as_format_1(bundle: Path, *, receiver: str, sender: str) -> Path:
    """The bundle as a desk not yet updated writes it: the same changes in clear, signed by the sender."""
    parts = read_parts(bundle)
    part = parts.manifest["parts"]["changes"]
    with bundle.open("rb") as raw:
        raw.seek(parts.offset)
        packed = io.BufferedReader(locking.Unlocking(raw, locking.open_key(part["sealed_key"], receiver))).read()
    assert gzip.decompress(packed)
    manifest = parts.manifest | {"format": "frontdesk-bundle/1",
                                 "parts": {"changes": {"sha256": hashlib.sha256(packed).hexdigest(),
                                                       "bytes": len(packed), "lines": part["lines"]}}}
    body = canonical(manifest)
    old = bundle.with_name("format-1.fdsync")
    with old.open("wb") as out:
        assemble(out, body, sign(sender, body), io.BytesIO(packed))
    data = old.read_bytes()
    old.write_bytes(data.replace(b"FRONTDESK-BUNDLE/2\n", b"FRONTDESK-BUNDLE/1\n", 1))
    return old


def test_a_format_1_bundle_from_an_outpost_not_yet_updated_is_still_read(station, outpost):
    _record_someone(outpost)
    old = as_format_1(export(outpost, "LS"), receiver=private_key_of(station), sender=private_key_of(outpost))
    assert NAME.encode() in readable(old.read_bytes())
    got = import_(station, old)
    assert got.applied == got.total > 0 and NAME in names_at(station)


def test_a_format_1_bundle_changed_between_its_check_and_its_import_applies_nothing(station, outpost, monkeypatch):
    """A format 1 bundle's changes are in clear and read twice: once for the checksum, then again to be applied.
    A copy changed in between (a stick's file rewritten, a folder shared with another machine) was applied
    unchecked, signed by nobody; now the second reading is checked too, and the import is undone."""
    from frontdesk.sync import importing

    record(outpost, name="李四", phone="13900001111")
    old = as_format_1(export(outpost, "LS"), receiver=private_key_of(station), sender=private_key_of(outpost))
    offset = read_parts(old).offset
    data = old.read_bytes()
    swapped = data[:offset] + gzip.compress(gzip.decompress(data[offset:]).replace("李四".encode(), "赵六".encode()))
    checked = importing.check_bundle

    def check_then_swap(*args, **kwargs):
        bundle = checked(*args, **kwargs)
        old.write_bytes(swapped)
        return bundle

    monkeypatch.setattr(importing, "check_bundle", check_then_swap)
    with pytest.raises(DeskError) as refused:
        import_(station, old)
    assert refused.value.key == "sync.checksum" and "Nothing was imported" in refused.value.message
    assert not {"李四", "赵六"} & names_at(station)
    monkeypatch.undo()
    with pytest.raises(DeskError) as again:  # the changed copy, checked from the start, is refused as ever
        import_(station, old)
    assert again.value.key in ("sync.checksum", "sync.damaged")


def test_a_locked_bundle_relabelled_format_1_is_refused(station, outpost):
    _record_someone(outpost)
    bundle = export(outpost, "LS")
    relabelled = bundle.with_name("relabelled.fdsync")
    relabelled.write_bytes(bundle.read_bytes().replace(b"FRONTDESK-BUNDLE/2\n", b"FRONTDESK-BUNDLE/1\n", 1))
    with pytest.raises(DeskError) as refused:
        import_(station, relabelled)
    assert refused.value.key == "sync.not_a_bundle"
    assert NAME not in names_at(station)


def test_a_bundle_altered_after_its_check_is_refused_as_it_is_read(station, outpost):
    """The checksum is taken before the import; the file read again to apply is checked chunk by chunk."""
    record(outpost, name="李四", phone="13900001111")
    bundle = export(outpost, "LS")
    from frontdesk.sync.importing import check_bundle
    from db.migrate import known_revision

    checked = check_bundle(station.engine, bundle, here="LS", known_revision=known_revision)
    data = bytearray(bundle.read_bytes())
    data[-5] ^= 0x01
    bundle.write_bytes(bytes(data))
    with pytest.raises(DeskError) as refused:
        list(checked.entries())
    assert refused.value.key == "sync.damaged"


# ---- the locked part itself ----------------------------------------------------------------


def _locked(plain: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    writer = locking.Locking(out, key)
    for start in range(0, len(plain), 10_000):
        writer.write(plain[start:start + 10_000])
    writer.finish()
    return out.getvalue()


def _unlocked(locked: bytes, key: bytes) -> bytes:
    return io.BufferedReader(locking.Unlocking(io.BytesIO(locked), key)).read()


@pytest.mark.parametrize("size", [0, 1, locking.CHUNK - 1, locking.CHUNK, 3 * locking.CHUNK + 7])
def test_the_locked_part_reads_back_whole_at_every_size(size):
    key = locking.new_stream_key()
    plain = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    locked = _locked(plain, key)
    # (a byte or two of plain text is found among random bytes by chance: one in six for a single byte)
    assert plain[:64] not in locked or size < 16
    assert len(locked) == locking.HEADER + (size // locking.CHUNK + 1) * locking.ABYTES + size
    assert _unlocked(locked, key) == plain


def test_a_locked_part_cut_at_a_chunks_end_or_run_on_is_refused():
    key = locking.new_stream_key()
    locked = _locked(b"y" * (3 * locking.CHUNK), key)
    whole_chunks = locking.HEADER + 2 * (locking.CHUNK + locking.ABYTES)
    for damaged in (locked[:whole_chunks], locked + b"\0", locked[:-1]):
        with pytest.raises(ValueError):
            _unlocked(damaged, key)
    with pytest.raises(ValueError):
        _unlocked(locked, locking.new_stream_key())


def test_a_stream_key_opens_only_with_the_receivers_private_key():
    private, public = new_key_pair()
    key = locking.new_stream_key()
    sealed = locking.seal_key(key, public)
    assert locking.open_key(sealed, private) == key
    assert locking.open_key(sealed, new_key_pair()[0]) is None
    assert locking.open_key(sealed, None) is None and locking.open_key(None, private) is None
    altered = sealed[:-1] + ("0" if sealed[-1] != "0" else "1")
    assert locking.open_key(altered, private) is None


def test_a_bundle_format_line_is_read_a_bounded_length_only(tmp_path):
    """A file without a newline was read whole into memory before it was refused."""
    flood = tmp_path / "flood.fdsync"
    flood.write_bytes(b"FRONTDESK-BUNDLE/2" + b"x" * (16 << 20))
    tracemalloc.start()
    try:
        with pytest.raises(DeskError) as refused:
            read_parts(flood)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.key == "sync.not_a_bundle" and peak < 1 << 20, peak


def test_a_bundle_of_a_later_format_says_to_update_this_desk(tmp_path):
    later = tmp_path / "later.fdsync"
    later.write_bytes(b"FRONTDESK-BUNDLE/3\n12\n{}")
    with pytest.raises(DeskError) as refused:
        read_parts(later)
    assert refused.value.key == "sync.format_newer"
    set_language("zh")
    assert "请先升级本机" in refused.value.message


def _a_key_no_bundle_can_be_locked_for() -> str:
    """64 hex digits an Ed25519 parser takes but libsodium will not convert (off the curve's main group)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    for seed in range(1000):
        candidate = hashlib.sha256(str(seed).encode()).hexdigest()
        try:
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(candidate))
        except ValueError:
            continue
        if not locking.can_lock_for(candidate):
            return candidate
    raise AssertionError("no such key among 1,000")


def test_a_key_no_bundle_can_be_locked_for_is_refused_when_trusted_and_said_when_kept(station):
    from frontdesk.sync.bundle import parse_public_key
    from db.models import SyncPeer

    bad = _a_key_no_bundle_can_be_locked_for()
    with pytest.raises(DeskError) as refused:
        parse_public_key(bad)
    assert refused.value.key == "sync.bad_public_key"
    with write_session(station.engine) as session:  # kept before keys were checked for it
        session.add(SyncPeer(site="LS-09", public_key=bad, trusted_at=station.clock()))
        session.commit()
    with pytest.raises(DeskError) as kept:
        export(station, "LS-09")
    assert kept.value.key == "sync.peer_key_unusable" and "LS-09" in kept.value.message
