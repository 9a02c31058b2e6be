"""Sync by keys: bundles out and in at an outpost's and the station's desk, refusals, conflicts settled.

Every scenario runs on real databases: a station and its outpost set up as an
admin would (tests/synchelpers.py), then the desk app started on one of them.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select
from textual.widgets import Input, Static

from db.engine import read_session
from db.models import Case, ChangeLog, Person, SyncBundle, SyncConflict
from frontdesk.i18n import t
from screens.cases.dialogs import ReasonScreen
from screens.sync.conflict_fields import ConflictFieldsScreen
from screens.sync.conflicts import ConflictsScreen
from screens.shell.dialogs import ConfirmScreen
from screens.shell.help import key_rows
from screens.sync.exchange import SyncScreen
from tests.apphelpers import TEST_PASSWORD, desk_app, open_desk_app, settle, wait_until
from tests.synchelpers import (
    carry,
    edit,
    export,
    import_,
    open_outpost,
    open_station,
    record,
)

SIZE = (120, 36)


def sites(tmp_path: Path, template: Path, *, duty: bool = False):
    """The station (its admin 王建军, or 王建军 as a duty officer under another admin) and outpost LS-02."""
    station = open_station(tmp_path / "station", template=template)
    if duty:
        station.access.create_first_admin(name="李所长", badge="000001", password="admin-pass-1", again="admin-pass-1")
        station.access.add_officer(name="王建军", badge="031245", role="duty", password=TEST_PASSWORD)
    else:
        station.access.create_first_admin(name="王建军", badge="031245", password=TEST_PASSWORD, again=TEST_PASSWORD)
    outpost = open_outpost(station, "LS-02", tmp_path / "outpost", template=template)
    return station, outpost


def station_app(station, lang: str = "en"):
    return desk_app(Path(station.settings.data_dir), "--db", station.url, lang=lang)


def outpost_app(outpost, lang: str = "en"):
    return desk_app(Path(outpost.settings.data_dir), "--db", outpost.url, "--site", outpost.actor.site, lang=lang)


async def signed_in(pilot):
    """The app's Desk once the officer has signed in. Waits for the sign-in form to be on the
    screen first: on a busy machine the gate can be pushed a moment before its fields exist."""
    assert await wait_until(pilot, lambda: pilot.app.screen.query("#signin-password") or pilot.app.desk is not None)
    return await open_desk_app(pilot)


def counts(desk) -> dict[str, int]:
    """What an import would change, counted with plain queries."""
    with read_session(desk.engine) as session:
        return {
            "changelog": session.exec(select(func.count()).select_from(ChangeLog)).one(),
            "case": session.exec(select(func.count()).select_from(Case)).one(),
            "person": session.exec(select(func.count()).select_from(Person)).one(),
            "bundle": session.exec(select(func.count()).select_from(SyncBundle)).one(),
            "conflict": session.exec(select(func.count()).select_from(SyncConflict)).one(),
        }


def message(app) -> str:
    return str(app.screen.query_one("#sync-message", Static).render())


def into_inbox(desk, bundle: Path) -> Path:
    inbox = Path(desk.settings.data_dir) / "sync" / "in"
    inbox.mkdir(parents=True, exist_ok=True)
    return Path(shutil.move(bundle, inbox / bundle.name))


async def test_an_outpost_exports_by_keys_and_the_station_imports_the_bundle(tmp_path, sqlite_template):
    station, outpost = sites(tmp_path, sqlite_template)
    recorded = record(outpost, summary="电动车在警务室门口被盗")
    app = outpost_app(outpost)
    async with app.run_test(size=SIZE) as pilot:
        desk = await signed_in(pilot)
        assert desk.actor.site == "LS-02"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert isinstance(app.screen, SyncScreen)
        assert app.screen.state.kind == "outpost"
        await pilot.press("e")
        await settle(pilot)
        written = sorted((Path(outpost.settings.data_dir) / "sync" / "out").glob("LS-02-to-LS-*.fdsync"))
        assert len(written) == 1
        with read_session(outpost.engine) as session:  # the outpost's own changes the station lacks
            own = session.exec(select(func.count()).select_from(ChangeLog)
                               .where(ChangeLog.site == "LS-02")).one()
        assert str(written[0]) in message(app)
        assert f"({own} changes)" in message(app)
    result = import_(station, written[0])
    assert result.applied == own and result.conflicts == 0
    with read_session(station.engine) as session:
        case = session.get(Case, recorded.case_id)
        assert case is not None and case.summary == "电动车在警务室门口被盗"


async def test_the_station_imports_the_newest_waiting_bundle_by_keys(tmp_path, sqlite_template):
    station, outpost = sites(tmp_path, sqlite_template)
    recorded = record(outpost, summary="手机在集市被偷")
    bundle = into_inbox(station, export(outpost, "LS"))
    before = counts(station)
    app = station_app(station)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+y")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        path = app.screen.query_one("#sync-path", Input)
        assert path.value == str(bundle)  # offered: the newest file in sync/in
        await pilot.press("enter")
        await settle(pilot)
        shown = message(app)
    with read_session(station.engine) as session:
        assert session.get(Case, recorded.case_id).summary == "手机在集市被偷"
        applied = session.exec(select(func.count()).select_from(ChangeLog)
                               .where(ChangeLog.site == "LS-02", ChangeLog.applied.is_(True))).one()
    assert counts(station)["changelog"] - before["changelog"] == applied
    assert (f"Bundle from LS-02 imported ({applied} changes). Applied: {applied} · already held: 0 · "
            "conflicts to settle: 0") in shown
    assert not path.value  # done: the field is cleared for the next one

    app = station_app(station)  # the same file again: nothing changes, and the officer is told so
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        before = counts(station)
        await pilot.press("ctrl+y", "i")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "was imported here before: nothing changed" in message(app)
    assert counts(station) == before


async def test_a_tampered_bundle_is_refused_with_the_reason_and_changes_nothing(tmp_path, sqlite_template):
    station, outpost = sites(tmp_path, sqlite_template)
    record(outpost)
    bundle = into_inbox(station, export(outpost, "LS"))
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    before = counts(station)
    for lang, words in (("en", "Nothing was imported"), ("zh", "未导入任何内容")):
        app = station_app(station, lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await signed_in(pilot)
            await pilot.press("ctrl+y", "i")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, SyncScreen)  # no error dialog: the screen says it
            assert words in message(app)
            assert app.screen.query_one("#sync-message").has_class("-error")
            path = app.screen.query_one("#sync-path", Input)
            assert path.value == str(bundle) and not path.disabled  # kept as typed, ready for another try
        assert counts(station) == before


async def test_a_case_edited_at_both_sites_is_settled_field_by_field_by_keys(tmp_path, sqlite_template):
    station, outpost = sites(tmp_path, sqlite_template)
    recorded = record(outpost)
    carry(outpost, station)
    edit(station, recorded.case_id, summary="站里核实：电动车被盗")
    edit(outpost, recorded.case_id, summary="警务室核实：电瓶被盗", place="西街12号")
    assert carry(outpost, station).conflicts == 1
    with read_session(station.engine) as session:
        version = session.get(Case, recorded.case_id).version
    app = station_app(station)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.screen.state.open_conflicts == 1
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConflictFieldsScreen)
        names = [field.name for field in screen.item.fields]
        assert sorted(names) == ["place", "summary"]
        assert screen.choices == {"summary": "ours", "place": "theirs"}  # proposed: both changed -> ours
        for _ in range(names.index("summary")):
            await pilot.press("down")
        await pilot.press("right")
        assert screen.choices["summary"] == "theirs"
        await pilot.press("left")
        assert screen.choices["summary"] == "ours"
        await pilot.press("t")
        assert screen.choices["summary"] == "theirs"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)  # back to the list, which is empty now
        assert app.screen.items == []
    with read_session(station.engine) as session:
        case = session.get(Case, recorded.case_id)
        assert (case.summary, case.place) == ("警务室核实：电瓶被盗", "西街12号")
        assert case.version == version + 1  # a new version, to travel to every site
        conflict = session.exec(select(SyncConflict)).one()
        assert conflict.status == "resolved"
        assert conflict.outcome == {"summary": "theirs", "place": "theirs"}


async def test_a_duty_officer_sees_a_conflict_but_cannot_settle_it(tmp_path, sqlite_template):
    station, outpost = sites(tmp_path, sqlite_template, duty=True)
    recorded = record(outpost)
    carry(outpost, station)
    edit(station, recorded.case_id, summary="站里改")
    edit(outpost, recorded.case_id, summary="警务室改")
    carry(outpost, station)
    app = station_app(station)
    async with app.run_test(size=SIZE) as pilot:
        desk = await signed_in(pilot)
        assert desk.actor.role == "duty"
        await pilot.press("ctrl+y", "c")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConflictFieldsScreen)
        assert screen.check_action("resolve", ()) is False and screen.check_action("take", ("theirs",)) is False
        assert "Only a supervisor settles conflicts" in str(screen.query_one("#conflict-hint", Static).render())
        await pilot.press("t", "ctrl+s")
        await settle(pilot)
        assert screen.choices == {"summary": "ours"}  # the key did nothing
        assert app.screen is screen
    with read_session(station.engine) as session:
        assert session.get(Case, recorded.case_id).summary == "站里改"
        assert session.exec(select(SyncConflict)).one().status == "open"


def _same_phone_on_both_sides(tmp_path, template):
    """A caller recorded at the station, and by the outpost (offline) as a new person with the same phone."""
    station, outpost = sites(tmp_path, template)
    here = record(station, name="张建国", phone="13900001111", summary="钱包遗失")
    there = record(outpost, name="张建国", phone="13900001111", summary="手机遗失")
    assert carry(outpost, station).same_person == 1
    return station, here.reporter_id, there.reporter_id


async def test_people_who_are_the_same_are_merged_by_keys_with_a_reason(tmp_path, sqlite_template):
    station, here, newcomer = _same_phone_on_both_sides(tmp_path, sqlite_template)
    app = station_app(station)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+y", "c")
        await settle(pilot)
        assert [item.kind for item in app.screen.items] == ["same_person"]
        assert "138" not in str(app.screen.query_one("#conflicts-detail", Static).render())
        assert "139****1111" in str(app.screen.query_one("#conflicts-detail", Static).render())
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press(*"同一电话同一姓名", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen) and app.screen.items == []
    with read_session(station.engine) as session:
        assert session.get(Person, newcomer).merged_into_id == here
        assert session.exec(select(SyncConflict)).one().status == "resolved"


async def test_people_who_are_not_the_same_are_kept_apart_by_keys(tmp_path, sqlite_template):
    station, _here, newcomer = _same_phone_on_both_sides(tmp_path, sqlite_template)
    app = station_app(station)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+y", "c")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.items == []
    with read_session(station.engine) as session:
        assert session.get(Person, newcomer).merged_into_id is None
        assert session.exec(select(SyncConflict)).one().status == "dismissed"


async def test_at_an_outpost_its_version_kept_for_the_station_is_shown_read_only(tmp_path, sqlite_template):
    station, outpost = sites(tmp_path, sqlite_template)
    recorded = record(outpost)
    carry(outpost, station)
    edit(station, recorded.case_id, summary="站里改")
    edit(outpost, recorded.case_id, summary="警务室改")
    assert carry(station, outpost).kept_for_station == 1
    app = outpost_app(outpost)
    async with app.run_test(size=SIZE) as pilot:
        desk = await signed_in(pilot)
        assert desk.actor.role == "admin"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert "Kept for the station 1" in " ".join(str(app.screen.query_one("#sync-waiting", Static).render()).split())
        await pilot.press("c")
        await settle(pilot)
        assert [(item.kind, item.status) for item in app.screen.items] == [("edit", "at_station")]
        assert "with the station for a decision" in str(app.screen.query_one("#conflicts-detail", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConflictFieldsScreen)
        assert screen.check_action("resolve", ()) is False  # even an admin: the station decides
        await pilot.press("t", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    with read_session(outpost.engine) as session:
        assert session.get(Case, recorded.case_id).summary == "站里改"  # the station's version stands meanwhile
        assert session.exec(select(SyncConflict)).one().status == "at_station"


async def test_the_desk_offers_sync_by_key_palette_and_help(tmp_path, sqlite_template):
    station, _outpost = sites(tmp_path, sqlite_template)
    app = station_app(station)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        assert "Sync" in [command.title for command in app.screen.palette_commands()]
        await pilot.press("f1")
        await settle(pilot)
        assert "Carry changes between the station and its outposts by bundle file" in dict(
            (text, key) for key, text in key_rows(app.screen.about))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert isinstance(app.screen, SyncScreen)
        await pilot.press("f1")
        await settle(pilot)
        rows = key_rows(app.screen.about)
        export_tip = "Write a bundle: at an outpost for the station, at the station for the highlighted outpost"
        assert ("e", export_tip) in rows
        assert ("i", "Import a bundle file (the newest one in sync/in is suggested)") in rows


async def test_kept_apart_twice_before_the_list_reloads_the_second_is_refused_and_both_are_said(
        tmp_path, sqlite_template, monkeypatch):
    station, _here, newcomer = _same_phone_on_both_sides(tmp_path, sqlite_template)
    app = station_app(station)
    async with app.run_test(size=SIZE) as pilot:
        desk = await signed_in(pilot)
        said: list[str] = []
        notify = app.notify
        monkeypatch.setattr(app, "notify", lambda message, **how: (said.append(str(message)), notify(message, **how)))
        await pilot.press("ctrl+y", "c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        gate = threading.Event()
        keep_apart = desk.sync.not_same_person

        def held(conflict_id):
            assert gate.wait(10), "the test never let the first decision go"
            return keep_apart(conflict_id)

        monkeypatch.setattr(desk.sync, "not_same_person", held)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        # The list still shows the pair: the same decision again, asked for by its actions while the first is
        # written (keys typed now would wait for that write: screens.shell.keyorder).
        await app.run_action("not_same", screen)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await app.run_action("answer(True)", app.screen)
        await pilot.pause()
        assert screen.writing()
        gate.set()
        for _ in range(40):
            if not screen.writing():
                break
            await settle(pilot)
        await settle(pilot)
        # The first was done and said; the second, refused (settled meanwhile), was said too.
        assert len([m for m in said if m.startswith("Kept as two people")]) == 1, said
        assert said.count(t("sync.conflict_gone")) == 1, said
        assert screen.items == []
    with read_session(station.engine) as session:
        assert session.get(Person, newcomer).merged_into_id is None
        assert session.exec(select(SyncConflict)).one().status == "dismissed"
