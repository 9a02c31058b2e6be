"""Bundles between the station and its outposts: export, verify, apply, conflicts; station on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import func, select

from db.engine import read_session
from db.models import Case, ChangeLog, Person, SiteKey, SyncConflict
from frontdesk.i18n import DeskError, set_language
from frontdesk.sync.bundle import assemble, canonical, new_key_pair, sign
from frontdesk.sync.bundle_read import read_parts
from frontdesk.sync.conflicts import open_conflicts
from tests.synchelpers import carry, dump, edit, export, import_, open_outpost, open_station, record


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


def cases(desk) -> dict[str, dict]:
    with read_session(desk.engine) as session:
        return {case.case_no: case.model_dump() for case in session.exec(select(Case)).all()}


def the_case(desk, case_id) -> Case:
    with read_session(desk.engine) as session:
        return session.get(Case, case_id)


def changes_held(desk) -> int:
    with read_session(desk.engine) as session:
        return session.exec(select(func.count()).select_from(ChangeLog)).one()


def open_items(desk) -> list[SyncConflict]:
    with read_session(desk.engine) as session:
        return list(session.exec(select(SyncConflict).where(SyncConflict.status.in_(("open", "at_station")))).all())


# ---- export and import ---------------------------------------------------------------------


def test_an_outpost_starts_with_everything_the_station_holds(station, tmp_path, sqlite_template):
    record(station, name="赵六", phone="13700001111")
    outpost = open_outpost(station, "LS-03", tmp_path / "LS-03", template=sqlite_template)
    try:
        assert dump(outpost) == dump(station) | {"changelog": dump(outpost)["changelog"]}
        assert set(cases(outpost)) == set(cases(station))
    finally:
        outpost.close()


def test_an_outposts_cases_reach_the_station_and_the_stations_reach_the_outpost(station, outpost):
    at_outpost = record(outpost, name="李四", phone="13900001111", summary="钱包丢失", category="lost_property")
    at_station = record(station, name="王五", phone="13600002222", summary="邻里纠纷", category="dispute")
    assert at_outpost.case_no.startswith("LS-02-") and at_station.case_no.startswith("LS-2")

    got = carry(outpost, station)
    assert (got.applied, got.conflicts, got.repeated) == (got.total, 0, False) and got.total > 0
    back = carry(station, outpost)
    assert back.conflicts == 0
    assert set(cases(station)) == set(cases(outpost))
    assert dump(station, bookkeeping=True) | {"changelog": None} == dump(outpost) | {"changelog": None}


def test_the_second_bundle_starts_where_the_station_acknowledged(station, outpost):
    record(outpost, name="李四", phone="13900001111")
    first = import_(station, export(outpost, "LS"))
    assert first.applied == first.total
    again = export(outpost, "LS")  # the station has not said so yet: everything is sent again
    carry(station, outpost)  # now it has
    record(outpost, name="钱七", phone="13900003333")
    later = export(outpost, "LS")
    manifest = read_parts(later).manifest
    first_seq = manifest["ranges"]["LS-02"][0]
    assert first_seq > 1
    assert import_(station, again).applied == 0  # held already: twice is once
    assert import_(station, later).applied == manifest["total"]


def test_importing_the_same_bundle_twice_changes_nothing(station, outpost):
    record(outpost, name="李四", phone="13900001111")
    bundle = export(outpost, "LS")
    import_(station, bundle)
    before = dump(station)
    again = import_(station, bundle)
    assert again.repeated and again.applied == 0
    assert dump(station) == before


def test_bundles_imported_out_of_order_and_repeated_lose_nothing(station, outpost):
    record(outpost, name="李四", phone="13900001111")
    early = export(outpost, "LS")
    record(outpost, name="钱七", phone="13900003333")
    late = export(outpost, "LS")  # holds the early changes too (nothing acknowledged yet)
    import_(station, late)
    import_(station, early)
    import_(station, late)
    assert set(cases(station)) >= set(cases(outpost))


def test_a_bundle_that_would_leave_a_gap_is_refused(station, outpost):
    record(outpost, name="李四", phone="13900001111")
    carry(outpost, station)
    carry(station, outpost)
    record(outpost, name="钱七", phone="13900003333")
    record(outpost, name="孙八", phone="13900004444")
    with read_session(outpost.engine) as session:
        last = session.exec(select(func.max(ChangeLog.seq)).where(ChangeLog.site == "LS-02")).one()
    skipping = export(outpost, "LS", since=last - 1)
    before = dump(station)
    with pytest.raises(DeskError) as refused:
        import_(station, skipping)
    assert refused.value.key == "sync.gap"
    assert dump(station) == before


# ---- refused bundles change nothing ------------------------------------------------------------


def flip_one_byte(path: Path, at: int) -> Path:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    changed = path.with_name("altered-" + path.name)
    changed.write_bytes(bytes(data))
    return changed


def _byte_in(path: Path, where: str) -> int:
    """The offset of one byte of the bundle's part `where` (see frontdesk/sync/bundle.py for the layout)."""
    data = path.read_bytes()
    parts = read_parts(path)
    magic = data.index(b"\n") + 1
    body = data.index(b"\n", magic) + 1  # the manifest follows its length line
    signature = body + len(parts.body) + 1
    bundle_id = data.index(parts.manifest["bundle_id"].encode(), body)
    digit = next(i for i, c in enumerate(parts.signature.hex()) if c.isdigit())  # 0-9 flips to 0-9: still hex
    return {
        "format line": 0,
        "end of the format line": magic - 1,
        "last digit of the manifest's length": body - 2,  # one more or one fewer: the manifest runs on or short
        "manifest's opening brace": body,  # "{" becomes "z": no longer JSON
        "inside the bundle id": bundle_id,  # a hex digit flips to a letter or digit: still JSON, not what was signed
        "a digit of the signature": signature + digit,
        "first byte of the changes": parts.offset,
        "last byte of the changes": len(data) - 1,
    }[where]


#: Where one byte is altered, and the one refusal that must give, with its words in Chinese.
ALTERED = {
    "format line": ("sync.not_a_bundle", "不是前台接警系统的同步包"),
    "end of the format line": ("sync.not_a_bundle", "不是前台接警系统的同步包"),
    "last digit of the manifest's length": ("sync.damaged", "已损坏或不完整"),
    "manifest's opening brace": ("sync.damaged", "已损坏或不完整"),
    "inside the bundle id": ("sync.bad_signature", "签名与站点 LS-02 的密钥不符"),
    "a digit of the signature": ("sync.bad_signature", "签名与站点 LS-02 的密钥不符"),
    "first byte of the changes": ("sync.checksum", "的内容与清单不符"),
    "last byte of the changes": ("sync.checksum", "的内容与清单不符"),
}


@pytest.mark.parametrize("where", list(ALTERED))
def test_one_altered_byte_anywhere_is_refused_and_changes_nothing(station, outpost, where):
    record(outpost, name="李四", phone="13900001111", summary="钱包丢失" * 40)
    exported = export(outpost, "LS")
    bundle = flip_one_byte(exported, _byte_in(exported, where))
    before = dump(station)
    with pytest.raises(DeskError) as refused:
        import_(station, bundle)
    key, words = ALTERED[where]
    assert refused.value.key == key
    set_language("zh")
    assert words in refused.value.message
    assert key == "sync.not_a_bundle" or "未导入任何内容" in refused.value.message
    assert dump(station) == before


def test_a_truncated_bundle_is_refused(station, outpost):
    record(outpost, name="李四", phone="13900001111")
    bundle = export(outpost, "LS")
    cut = bundle.with_name("cut.fdsync")
    cut.write_bytes(bundle.read_bytes()[: bundle.stat().st_size * 2 // 3])
    with pytest.raises(DeskError) as refused:
        import_(station, cut)
    assert refused.value.key == "sync.damaged"
    set_language("zh")
    assert "已损坏或不完整" in refused.value.message


def _resigned(bundle: Path, *, private_key: str, **manifest_changes) -> Path:
    """The same bundle with its manifest changed and signed again with `private_key`."""
    parts = read_parts(bundle)
    body = canonical(parts.manifest | manifest_changes)
    out = bundle.with_name("resigned.fdsync")
    with bundle.open("rb") as source, out.open("wb") as target:
        source.seek(parts.offset)
        assemble(target, body, sign(private_key, body), source)
    return out


def _key_of(desk) -> str:
    with read_session(desk.engine) as session:
        return session.get(SiteKey, desk.actor.site).private_key


def test_a_bundle_signed_with_another_key_is_refused(station, outpost):
    record(outpost, name="李四", phone="13900001111")
    forged = _resigned(export(outpost, "LS"), private_key=new_key_pair()[0])
    with pytest.raises(DeskError) as refused:
        import_(station, forged)
    assert refused.value.key == "sync.bad_signature"


def test_an_unknown_site_a_newer_schema_and_another_receiver_are_refused(station, outpost):
    record(outpost, name="李四", phone="13900001111")
    bundle = export(outpost, "LS")
    key = _key_of(outpost)
    for changes, reason in (
        ({"from_site": "XX-09"}, "sync.unknown_site"),
        ({"schema": "ffffffffffff"}, "sync.schema_newer"),
        ({"to_site": "LS-05"}, "sync.not_for_us"),
    ):
        before = changes_held(station)
        with pytest.raises(DeskError) as refused:
            import_(station, _resigned(bundle, private_key=key, **changes))
        assert refused.value.key == reason
        assert changes_held(station) == before


def test_a_missing_file_is_a_clear_message(station, tmp_path):
    with pytest.raises(DeskError) as refused:
        import_(station, tmp_path / "nowhere.fdsync")
    assert refused.value.key == "sync.no_file"


def test_a_paragraph_pasted_as_the_path_is_no_file_said_with_the_path_cut_short(station, tmp_path):
    """A name longer than the file system allows raised OSError (File name too long), past the refusals."""
    with pytest.raises(DeskError) as refused:
        import_(station, tmp_path / ("x" * 100_000))
    assert refused.value.key == "sync.no_file"
    assert len(refused.value.message) < 400 and "…" in refused.value.message


# ---- conflicts ----------------------------------------------------------------------------------


def _shared_case(station, outpost):
    recorded = record(station, name="张建国", phone="13812345678", summary="电动车被盗")
    carry(station, outpost)
    return recorded.case_id


def test_the_same_case_changed_at_both_becomes_a_conflict_and_the_station_keeps_its_row(station, outpost):
    case_id = _shared_case(station, outpost)
    edit(station, case_id, summary="电动车被盗（已调取监控）")
    edit(outpost, case_id, place="东关村5组")
    kept = the_case(station, case_id)

    got = carry(outpost, station)
    assert got.conflicts == 1
    assert the_case(station, case_id).model_dump() == kept.model_dump()
    [item] = open_conflicts(read_session(station.engine).__enter__())
    assert item.label == kept.case_no
    fields = {field.name: field for field in item.fields}
    assert fields["summary"].changed_by == "ours" and fields["summary"].proposed == "ours"
    assert fields["place"].changed_by == "theirs" and fields["place"].proposed == "theirs"
    assert fields["place"].theirs == "东关村5组"
    with read_session(station.engine) as session:
        logged = session.exec(select(ChangeLog).where(ChangeLog.site == "LS-02",
                                                      ChangeLog.record_id == case_id)).all()
    assert [entry.applied for entry in logged] == [False]


def test_resolving_takes_each_field_from_the_chosen_side_as_a_new_version_that_travels(station, outpost):
    case_id = _shared_case(station, outpost)
    edit(station, case_id, summary="电动车被盗（已调取监控）")
    edit(outpost, case_id, place="东关村5组", summary="电动车被盗，车牌苏A12345")
    carry(outpost, station)
    with read_session(station.engine) as session:
        [item] = open_conflicts(session)
    assert {f.name: f.changed_by for f in item.fields} == {"summary": "both", "place": "theirs"}
    station.sync.resolve(item.id, {"summary": "theirs"})
    case = the_case(station, case_id)
    assert (case.summary, case.place) == ("电动车被盗，车牌苏A12345", "东关村5组")
    assert open_items(station) == []
    # The outpost had its version taken over by the station's, then gets the resolution.
    carry(station, outpost)
    assert the_case(outpost, case_id).model_dump() == case.model_dump()
    assert carry(outpost, station).conflicts == 0
    assert dump(station) | {"changelog": None} == dump(outpost) | {"changelog": None}


def test_an_outpost_takes_the_stations_version_and_keeps_its_own_until_the_station_has_it(station, outpost):
    case_id = _shared_case(station, outpost)
    edit(station, case_id, summary="电动车被盗（已调取监控）")
    edit(outpost, case_id, place="东关村5组")
    got = carry(station, outpost)  # the station's bundle arrives first
    assert got.kept_for_station == 1
    assert the_case(outpost, case_id).summary == "电动车被盗（已调取监控）"
    [note] = open_items(outpost)
    assert note.status == "at_station" and note.ours["place"] == "东关村5组"
    assert carry(outpost, station).conflicts == 1  # the station decides
    carry(station, outpost)  # and says it holds the outpost's version
    assert open_items(outpost) == []


def test_sites_that_meet_the_same_fields_in_two_versions_end_on_the_same_version(station, outpost, tmp_path,
                                                                                  sqlite_template):
    # The station edits a case twice and ends where another outpost's single edit ended: the outpost's
    # change then equals the station's row. A third site gets all three changes, the outpost's between
    # the station's two, and must end on the station's version, not the outpost's lower one.
    other = open_outpost(station, "LS-03", tmp_path / "LS-03", template=sqlite_template)
    try:
        case_id = _shared_case(station, outpost)
        carry(station, other)
        edit(outpost, case_id, summary="钱包丢失")                # LS-02: version 2
        edit(station, case_id, summary="电动车被盗（已调取监控）")  # station: version 2
        edit(station, case_id, summary="钱包丢失")                # station: version 3, as LS-02's fields
        assert carry(outpost, station).conflicts == 0
        got = carry(station, other)
        assert (got.conflicts, got.kept_for_station) == (0, 0)
        assert the_case(other, case_id).model_dump() == the_case(station, case_id).model_dump()
        assert the_case(other, case_id).version == 3
        carry(station, outpost)
        assert the_case(outpost, case_id).model_dump() == the_case(station, case_id).model_dump()
        assert dump(station) | {"changelog": None} == dump(other) | {"changelog": None} \
            == dump(outpost) | {"changelog": None}
    finally:
        other.close()


def test_an_outpost_does_not_go_back_to_a_station_version_the_station_built_on(station, outpost):
    # Both sites make the same edit; the outpost then edits again, and the station takes that on top
    # of its own version. The station's own (older) version reaching the outpost must not undo it.
    case_id = _shared_case(station, outpost)
    edit(station, case_id, summary="邻里纠纷")
    edit(outpost, case_id, summary="邻里纠纷")
    edit(outpost, case_id, summary="邻里纠纷（已调解）")
    got = carry(outpost, station)
    assert got.conflicts == 0 and the_case(station, case_id).summary == "邻里纠纷（已调解）"
    back = carry(station, outpost)
    assert (back.conflicts, back.kept_for_station) == (0, 0)
    assert the_case(outpost, case_id).model_dump() == the_case(station, case_id).model_dump()
    assert dump(station) | {"changelog": None} == dump(outpost) | {"changelog": None}


def test_an_outpost_still_follows_the_station_where_the_station_kept_its_own_row(station, outpost):
    case_id = _shared_case(station, outpost)
    edit(station, case_id, summary="邻里纠纷")
    edit(station, case_id, summary="邻里纠纷（已调解）")
    edit(outpost, case_id, summary="邻里纠纷")
    edit(outpost, case_id, summary="电动车被盗，车牌苏A12345")
    assert carry(outpost, station).conflicts == 2  # both of the outpost's versions, in one bundle:
    [item] = open_items(station)  # one conflict, weighing the outpost's newest version
    assert item.theirs["summary"] == "电动车被盗，车牌苏A12345" and item.base["summary"] == "电动车被盗"
    carry(station, outpost)
    assert the_case(outpost, case_id).model_dump() == the_case(station, case_id).model_dump()
    assert the_case(outpost, case_id).summary == "邻里纠纷（已调解）"


def test_only_a_supervisor_resolves(station, outpost):
    from dataclasses import replace

    case_id = _shared_case(station, outpost)
    edit(station, case_id, summary="电动车被盗（已调取监控）")
    edit(outpost, case_id, place="东关村5组")
    carry(outpost, station)
    with read_session(station.engine) as session:
        [item] = open_conflicts(session)
    station.actor = replace(station.actor, role="duty")
    with pytest.raises(DeskError) as refused:
        station.sync.resolve(item.id, {})
    assert refused.value.key.startswith("access.")


def test_the_same_person_entered_at_two_sites_is_offered_for_merge(station, outpost):
    record(station, name="张建国", phone="13812345678")
    record(outpost, name="张建国", phone="13812345678", summary="又来报案")
    got = carry(outpost, station)
    assert got.same_person == 1
    with read_session(station.engine) as session:
        [offer] = [item for item in open_conflicts(session) if item.kind == "same_person"]
        assert session.exec(select(func.count()).select_from(Person).where(Person.name == "张建国")).one() == 2
    station.sync.same_person(offer.id, reason="同一手机号，同一人")
    with read_session(station.engine) as session:
        assert open_conflicts(session) == []
        merged = session.get(Person, offer.record_id)
        assert merged.merged_into_id == offer.other_id
    # The merge travels: the outpost holds the same people afterwards.
    carry(station, outpost)
    with read_session(outpost.engine) as session:
        assert session.get(Person, offer.record_id).merged_into_id == offer.other_id


def test_a_categorys_names_order_state_and_default_matter_travel_to_the_outpost(station, outpost):
    from dataclasses import replace

    from frontdesk.station.categories import CategoryInput

    station.actor = replace(station.actor, role="admin")
    lists = station.categories
    lists.save(CategoryInput(name_zh="价格投诉", name_en="Price complaint", police=False,
                             default_matter="price_complaint"), category_id=None, version=None)
    added = next(row for row in lists.rows() if row.name_zh == "价格投诉")
    lists.move(added.category_id, step=-1)
    first = lists.rows()[0]
    lists.switch(first.category_id, active=False)
    carry(station, outpost)
    there = {row.code: row for row in outpost.categories.rows()}
    assert [row.code for row in outpost.categories.rows()] == [row.code for row in lists.rows()]
    assert (there[added.code].default_matter, there[added.code].police) == ("price_complaint", False)
    assert not there[first.code].active


# ---- disputes travel and conflict like cases ---------------------------------------------------------------


def test_a_dispute_travels_with_its_steps_and_a_clash_of_states_is_a_conflict_named_by_its_reference(station, outpost):
    from db.models import Dispute, DisputeCase, DisputeStep, Handoff
    from frontdesk.disputes.lifecycle import StepInput
    from frontdesk.disputes.referral import Referral

    case_id = record(station, summary="邻里漏水纠纷", category="dispute").case_id
    dispute_id = station.disputes.open_from_case(case_id, plan="约双方调解")
    carry(station, outpost)
    seen = outpost.disputes.detail(dispute_id)
    assert seen.plan == "约双方调解" and [c.case_id for c in seen.cases] == [case_id] and len(seen.parties) == 1
    outpost.disputes.record_step(dispute_id, StepInput(kind="visit", outcome="上门了解情况"))
    station.disputes.move(dispute_id, "resolved", on_site=True)
    outpost.disputes.refer(dispute_id, Referral(body="mediation_centre", matter="neighbour_dispute",
                                                note="移交调委会"))
    kept = station.disputes.detail(dispute_id)

    got = carry(outpost, station)
    assert got.conflicts == 1
    with read_session(station.engine) as session:
        [item] = open_conflicts(session)
        assert session.exec(select(func.count()).select_from(DisputeStep)).one() == 1  # the step came over
        assert session.exec(select(func.count()).select_from(DisputeCase)).one() == 1
        assert session.get(Dispute, dispute_id).state == "resolved"  # the station keeps its row meanwhile
    assert item.label == kept.ref
    fields = {field.name: field for field in item.fields}
    assert fields["state"].ours == "resolved" and fields["state"].theirs == "referred"
    # The outpost's referral hand-off came over with its case; the dispute waits on the conflict's decision.
    with read_session(station.engine) as session:
        [handoff] = session.exec(select(Handoff)).all()
        assert handoff.case_id == case_id and session.get(Dispute, dispute_id).referral_handoff_id is None
    assert str(fields["referral_handoff_id"].theirs) == str(handoff.id)
