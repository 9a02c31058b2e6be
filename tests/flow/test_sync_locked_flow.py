"""A bundle carried to the wrong outpost: its desk says, in the officer's language, whom the bundle is for."""

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
