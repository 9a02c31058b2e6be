"""A bundle the sync screen refuses says why in the officer's language: carried to the wrong outpost, whom it is for;
locked for the outpost's previous key, which key, and what the sender does first."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from screens.sync.exchange import SyncScreen
from tests.apphelpers import settle
from tests.flow.test_sync_flow import SIZE, counts, into_inbox, message, outpost_app, signed_in, sites
from tests.synchelpers import export, open_outpost, record


async def test_a_bundle_for_the_station_opened_at_another_outpost_says_whom_it_is_for(tmp_path, sqlite_template):
    station, outpost = sites(tmp_path, sqlite_template)
    other = open_outpost(station, "LS-03", tmp_path / "other", template=sqlite_template)
    record(outpost, name="欧阳明珠", phone="13712345670", summary="电动车在警务室门口被盗")
    bundle = into_inbox(other, export(outpost, "LS"))
    before = counts(other)
    app = outpost_app(other, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+y", "i")
        await settle(pilot)
        path = app.screen.query_one("#sync-path", Input)
        assert path.value == str(bundle)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SyncScreen)
        assert "此同步包是发给站点 LS 的，不是本机（LS-03）。未导入任何内容。" in message(app)
        assert app.screen.query_one("#sync-message").has_class("-error")
        assert path.value == str(bundle) and not path.disabled
    assert counts(other) == before
    assert Path(bundle).exists()


async def test_a_bundle_locked_for_the_outposts_previous_key_names_both_keys_on_the_sync_screen(tmp_path,
                                                                                                 sqlite_template):
    """The station still holds LS-02's key from before it was set up again: the screen names the key the bundle was
    locked for and this desk's (as its own panel shows it), and asks the station to trust this desk's key first."""
    from db.engine import write_session
    from frontdesk.sync.bundle import fingerprint, new_key_pair
    from frontdesk.sync.peers import trust

    station, outpost = sites(tmp_path, sqlite_template)
    record(station, name="王五", phone="13600002222")
    earlier = new_key_pair()[1]
    with write_session(station.engine) as session:
        trust(session, "LS-02", earlier, by=station.actor, now=station.clock())
        session.commit()
    bundle = into_inbox(outpost, export(station, "LS-02"))
    before = counts(outpost)
    app = outpost_app(outpost, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+y", "i")
        await settle(pilot)
        assert app.screen.query_one("#sync-path", Input).value == str(bundle)
        await pilot.press("enter")
        await settle(pilot)
        own = app.screen.state.fingerprint
        shown = message(app)
        assert fingerprint(earlier) in shown and f"请让 LS 先信任本机的密钥（指纹 {own}" in shown
        assert shown.endswith("再重新导出。未导入任何内容。")
        assert app.screen.query_one("#sync-message").has_class("-error")
    assert counts(outpost) == before
