"""An encrypted outpost keeps nothing in plain text: a day at the desk, its bundle for the USB stick
exported, then the data folder searched."""

from __future__ import annotations

import zlib
from datetime import date
from pathlib import Path

import pytest

from db import cipher
from frontdesk.cases.recording import CaseDraft
from frontdesk.callers.people import PersonInput
from tests.conftest import open_desk
from frontdesk.handoffs.lifecycle import HandoffInput
from frontdesk.sealing import SUFFIX, sealed_note, unseal_file
from tests.conftest import FROZEN_NOW
from tests.patrolhelpers import seed_patrols

PASSPHRASE = "青山 绿水 outpost 2026"
NAME, PHONE = "欧阳明珠", "13712345670"
ID_NUMBER = "11010519491231002X"


@pytest.fixture(autouse=True)
def _nothing_held():
    cipher._held.clear()
    yield
    cipher._held.clear()


def _a_day(data: Path, settings, path: Path):
    cipher.hold_passphrase(path, PASSPHRASE)
    desk = open_desk(settings, f"sqlite:///{path}", clock=lambda: FROZEN_NOW)
    try:
        reporter = PersonInput(name=NAME, phone=PHONE, resident_id=ID_NUMBER, address="东关村3组")
        theft = desk.cases.record_case(CaseDraft(reporter=reporter, category="theft", summary=f"{NAME}的电动车被盗",
                                                 place="东关村3组"), now=FROZEN_NOW)
        noise = desk.cases.record_case(CaseDraft(reporter=PersonInput(person_id=theft.reporter_id), category="noise",
                                                 police=False, summary="楼上深夜噪音", place="东关村3组"),
                                       now=FROZEN_NOW)
        desk.cases.case_draft_store().save({"reporter-name": NAME, "reporter-phone": PHONE, "summary": "又来报警"})
        receipt = desk.cases.write_receipt(theft.case_id)
        desk.handoffs.hand_off(noise.case_id, HandoffInput(body="hotline_12345", matter="noise",
                                                           method="work_order"))
        slip = desk.handoffs.write_slip(_only_handoff(desk))
        shift = desk.handover.default_shift()
        _report, handover = desk.handover.write(shift, f"请回访 {PHONE} {NAME}", version=None)
        seed_patrols(desk)
        exports = desk.patrols.export(date(2026, 11, 1), date(2026, 11, 30))
        exports += desk.statistics.export(date(2026, 11, 1), date(2026, 11, 30))
        imported = _an_old_logbook(desk, data)
        bundle = _a_bundle_for_an_outpost(desk)
        return [*receipt, *slip, *handover, *exports, *imported], bundle
    finally:
        desk.close()


def _an_old_logbook(desk, data: Path) -> list[Path]:
    """The old paper book brought in from a USB stick: one row read, one refused; the report and the refused
    row, with the caller's name, stay in the data folder."""
    usb = data.parent / f"{data.name}-usb"
    usb.mkdir(exist_ok=True)
    book = usb / "旧台账.csv"
    book.write_text("接警时间,报警人,联系电话,警情类别,简要案情\n"
                    f"2026-11-02 09:30,{NAME},{PHONE},盗窃,{NAME}的自行车被盗\n"
                    f"2026-13-40 25:00,{NAME},{PHONE},求助,{NAME}钥匙丢了\n", encoding="utf-8")
    result = desk.intake.run(desk.intake.open(str(book)))
    assert (result.imported, result.rejected) == (1, 1)
    assert result.report_path.is_relative_to(data) and result.rejects_path.is_relative_to(data)
    return [result.report_path, result.rejects_path]


def _a_bundle_for_an_outpost(desk) -> Path:
    """The day's changes exported for the USB stick, into the data folder's sync/out."""
    from db.engine import write_session
    from frontdesk.records import Actor
    from frontdesk.sync.bundle import new_key_pair
    from frontdesk.sync.peers import trust

    with write_session(desk.engine) as session:
        trust(session, "LS-02", new_key_pair()[1], by=Actor(site=desk.actor.site, role="admin"), now=FROZEN_NOW)
        session.commit()
    exported = desk.sync.export("LS-02")
    assert exported.total > 0
    return exported.path


def _readable(data: bytes) -> bytes:
    """A file's bytes, and every gzip stream in it unpacked (as anyone can with common tools)."""
    found, start = [data], data.find(b"\x1f\x8b\x08")
    while start >= 0:
        try:
            found.append(zlib.decompressobj(wbits=31).decompress(data[start:]))
        except zlib.error:
            pass
        start = data.find(b"\x1f\x8b\x08", start + 1)
    return b"\n".join(found)


def _only_handoff(desk):
    from sqlmodel import select

    from db.engine import read_session
    from db.models import Handoff

    with read_session(desk.engine) as session:
        return session.exec(select(Handoff.id)).one()


def test_a_day_on_an_encrypted_outpost_leaves_no_name_or_number_in_the_data_folder(tmp_path, settings):
    written, bundle = _a_day(tmp_path, settings, tmp_path / "outpost.sqlite")
    assert bundle.is_relative_to(tmp_path / "sync" / "out") and bundle.is_file()
    assert written and all(path.name.endswith(SUFFIX) and path.is_relative_to(tmp_path) for path in written)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.parent.name == "drafts" for p in files), "the draft was kept"
    names = {NAME.encode(), PHONE.encode(), ID_NUMBER.encode(), "张建国".encode(), b"13812345678"}
    leaks = [(p.relative_to(tmp_path), word.decode()) for p in files for word in names
             if word in _readable(p.read_bytes())]
    assert leaks == []
    assert not [p for p in files if p.name.endswith(".tmp")]
    # The officer gets the plain receipt where they say, for printing; the data folder still holds none.
    elsewhere = tmp_path.parent / f"{tmp_path.name}-usb"
    plain = unseal_file(written[0], elsewhere, PASSPHRASE)
    assert NAME in plain.read_text(encoding="utf-8") and plain.name == written[0].name[:-len(SUFFIX)]
    # Where the desk says a sealed file was written, it says how to print it.
    assert f"frontdesk unseal {written[0].name} --to" in sealed_note(written[0]) and sealed_note(plain) == ""


def test_a_plain_database_writes_plain_files_as_before(tmp_path, settings):
    desk = open_desk(settings, f"sqlite:///{tmp_path / 'station.sqlite'}", clock=lambda: FROZEN_NOW)
    try:
        case = desk.cases.record_case(CaseDraft(reporter=PersonInput(name=NAME, phone=PHONE), category="theft",
                                                summary="电动车被盗"), now=FROZEN_NOW)
        text_path, html_path = desk.cases.write_receipt(case.case_id)
    finally:
        desk.close()
    assert text_path.suffix == ".txt" and "电动车被盗" in text_path.read_text(encoding="utf-8")


def test_a_rejects_file_that_cannot_be_sealed_is_said_after_the_import_is_recorded(tmp_path, settings, monkeypatch):
    """Sealed, the rejects file is written only at the end, after the rows are committed: a full disk then is said
    in the officer's words, and the import is still audited and reported; the refused rows are kept nowhere plain."""
    import errno

    from sqlmodel import select

    from db.engine import read_session
    from db.models import AuditEvent, Case
    from frontdesk.i18n import DeskError
    from frontdesk.intake import rejects

    def disk_full(path, data, passphrase):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(rejects, "write_out", disk_full)
    path = tmp_path / "outpost.sqlite"
    cipher.hold_passphrase(path, PASSPHRASE)
    desk = open_desk(settings, f"sqlite:///{path}", clock=lambda: FROZEN_NOW)
    try:
        with pytest.raises(DeskError) as refused:
            _an_old_logbook(desk, tmp_path)
        assert refused.value.key == "import.rejects_unwritten"
        assert "rejects.csv" in refused.value.message and "no space" in refused.value.message.lower()
        with read_session(desk.engine) as session:
            assert len(session.exec(select(Case).where(Case.summary == f"{NAME}的自行车被盗")).all()) == 1
            assert [event.outcome for event in session.exec(select(AuditEvent).where(AuditEvent.action == "import"))] \
                == ["ok"]
    finally:
        desk.close()
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p for p in files if p.name.endswith(".txt" + SUFFIX)], "the import's report, sealed"
    assert not [p for p in files if NAME.encode() in p.read_bytes() or p.name.endswith((".csv", ".txt"))]


def test_a_sealed_rejects_file_given_to_the_import_says_to_unseal_it_first(tmp_path):
    """The import's help says to mend the rejects file and import it; sealed, it must be unsealed first (it had been
    read as a GB 18030 text of garbage)."""
    from frontdesk.i18n import DeskError, set_language
    from frontdesk.intake.text_files import detect_encoding
    from frontdesk.sealing import seal

    sealed = tmp_path / "旧台账-20261122-203000-rejects.csv.fdsealed"
    sealed.write_bytes(seal("行,原因,接警时间\n3,日期不对,2026-13-40\n".encode("utf-8-sig"), PASSPHRASE))
    with pytest.raises(DeskError) as refused:
        detect_encoding(sealed)
    assert refused.value.key == "import.sealed"
    set_language("zh")
    assert f"frontdesk unseal {sealed.name} --to" in refused.value.message
    set_language("en")
