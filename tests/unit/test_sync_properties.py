"""Random edits at a station and two outposts, bundles carried in random orders, repeated and
interrupted: every site ends with the same records, no change is lost, and twice is once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings, strategies as st
from sqlmodel import select

from db.engine import read_session
from db.models import Case, ChangeLog, SyncConflict
from tests.synchelpers import Clock, carry, dump, edit, export, import_, open_outpost, open_station, record

SITES = ("LS", "LS-02", "LS-03")
NAMES = [("张建国", "13812345678"), ("李秀英", "13900001111"), ("王磊", "13600002222"), ("刘洋", "13700003333")]
TEXTS = ["电动车被盗", "钱包丢失", "邻里纠纷", "东关村3组", "西街菜市场", "车牌苏A12345", ""]


class Interrupted(Exception):
    """Stands for the laptop being shut in the middle of an import."""


@pytest.fixture(scope="module")
def trio(tmp_path_factory, sqlite_template):
    """A station and two outposts set up from it, made once; each example works on copies."""
    base = tmp_path_factory.mktemp("trio")
    station = open_station(base / "LS", template=sqlite_template)
    record(station, name="赵六", phone="13500004444", summary="旧案")
    outposts = [open_outpost(station, code, base / code, template=sqlite_template) for code in SITES[1:]]
    for desk in (station, *outposts):
        desk.close()
    return base


def _copies(trio: Path, folder: Path) -> list:
    desks = []
    for code in SITES:
        target = folder / code
        shutil.copytree(trio / code, target)
        url = f"sqlite:///{target / 'desk.sqlite'}"
        from tests.conftest import open_desk
        from tests.synchelpers import site_settings

        desks.append(open_desk(site_settings(target, code), url, clock=Clock()))
    return desks


def _case_ids(desk) -> list:
    with read_session(desk.engine) as session:
        return sorted(session.exec(select(Case.id)).all())


operations = st.lists(
    st.one_of(
        st.tuples(st.just("record"), st.integers(0, 2), st.integers(0, len(NAMES) - 1)),
        st.tuples(st.just("edit"), st.integers(0, 2), st.integers(0, 20), st.sampled_from(["summary", "place"]),
                  st.sampled_from(TEXTS[:-1])),
        st.tuples(st.just("export"), st.integers(0, 2), st.integers(1, 2)),
        st.tuples(st.just("import"), st.integers(0, 30)),
        st.tuples(st.just("interrupted"), st.integers(0, 30)),
    ),
    min_size=4,
    max_size=24,
)


#: Examples that once failed, pinned so that every run (CI's too) tries them first.
#: A full run found this one: the station took LS-03's edit as already held (same fields as its own
#: later version), and LS-02, getting both, ended on LS-03's lower version of the same fields.
FOUND_IN_A_FULL_RUN = dict(
    ops=[("edit", 2, 0, "summary", "钱包丢失"), ("import", 22), ("export", 0, 1), ("edit", 0, 15, "summary", "电动车被盗"),
         ("record", 0, 2), ("export", 2, 2), ("import", 14), ("record", 1, 3), ("record", 0, 1),
         ("edit", 0, 0, "summary", "钱包丢失")],
    choices=["theirs", "ours", "ours", "ours", "theirs", "theirs", "ours", "theirs"],
)

#: Another: LS-02 made the station's edit too, then edited again; the station took that on top of its
#: own version, which, carried back, took LS-02 back to it.
SAME_EDIT_THEN_ANOTHER = dict(
    ops=[("edit", 0, 0, "summary", "邻里纠纷"), ("edit", 1, 0, "summary", "邻里纠纷"), ("record", 0, 0),
         ("edit", 1, 0, "summary", "电动车被盗")],
    choices=["ours"] * 8,
)

#: And: the station changed a case's place and back (version 3, fields as version 1); LS-03's version 2
#: was taken on top of it, putting the station's versions out of order, and the outposts lost LS-03's edit.
CHANGED_AND_BACK = dict(
    ops=[("export", 0, 1), ("record", 2, 0), ("record", 0, 0), ("record", 1, 0), ("edit", 2, 0, "summary", "电动车被盗"),
         ("record", 2, 0), ("import", 14), ("import", 20), ("import", 23), ("import", 0),
         ("edit", 0, 0, "place", "电动车被盗"), ("interrupted", 16), ("edit", 0, 4, "place", "东关村3组"), ("import", 8),
         ("record", 2, 2)],
    choices=["ours"] * 8,
)

#: Under CI the examples are the same on every run (derived from the test, not drawn at random), so a
#: build fails only because of what changed in it; locally every run explores new ones.
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@settings(max_examples=20, deadline=None, report_multiple_bugs=False,
          **({"derandomize": True, "database": None} if IN_CI else {}),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=operations, choices=st.lists(st.sampled_from(["ours", "theirs"]), min_size=8, max_size=8))
@example(**FOUND_IN_A_FULL_RUN)
@example(**SAME_EDIT_THEN_ANOTHER)
@example(**CHANGED_AND_BACK)
def test_every_site_converges_and_nothing_is_lost(trio, tmp_path_factory, ops, choices):
    waited = _converge(trio, tmp_path_factory.mktemp("example"), ops, choices)
    event(f"conflicts at the station: {'some' if waited else 'none'}")


def _converge(trio: Path, folder: Path, ops: list, choices: list[str]) -> int:
    """Run `ops` at the three sites, carry everything round, settle, and check what every site holds.

    Returns how many conflicts waited at the station to be settled."""
    desks = _copies(trio, folder)
    station, *outposts = desks
    bag: list[tuple[Path, int]] = []  # (bundle, index of the site it is for)
    try:
        for op in ops:
            if op[0] == "record":
                name, phone = NAMES[op[2]]
                record(desks[op[1]], name=name, phone=phone, summary=f"{name}报案")
            elif op[0] == "edit":
                desk = desks[op[1]]
                ids = _case_ids(desk)
                edit(desk, ids[op[2] % len(ids)], **{op[3]: op[4]})
            elif op[0] == "export":
                # Between the station and an outpost, either way.
                outpost = op[2]
                source, target = (0, outpost) if op[1] == 0 else (outpost, 0)
                bag.append((export(desks[source], SITES[target]), target))
            elif bag:
                path, target = bag[op[1] % len(bag)]
                if op[0] == "import":
                    import_(desks[target], path)
                else:
                    before = dump(desks[target])

                    def shut(done, total):
                        raise Interrupted

                    try:
                        import_(desks[target], path, progress=shut)
                    except Interrupted:
                        pass  # (a bundle imported before returns at once, before any progress)
                    assert dump(desks[target]) == before

        # Carry everything round until quiet, settle the station's conflicts, carry again.
        for _ in range(2):
            for outpost in outposts:
                carry(outpost, station)
            for outpost in outposts:
                carry(station, outpost)
        with read_session(station.engine) as session:
            waiting = session.exec(select(SyncConflict).where(SyncConflict.status == "open")).all()
        for n, item in enumerate(waiting):
            if item.kind == "edit":
                fields = item.fields
                station.sync.resolve(item.id, {name: choices[(n + i) % len(choices)] for i, name in enumerate(fields)})
        for _ in range(2):
            for outpost in outposts:
                carry(outpost, station)
            for outpost in outposts:
                carry(station, outpost)

        # Every site holds the same records.
        records = [dump(desk) | {"changelog": None} for desk in desks]
        assert records[0] == records[1] == records[2]
        # Every change made anywhere is at the station: applied, or kept as a conflict an officer settled.
        held = {}
        with read_session(station.engine) as session:
            for entry in session.exec(select(ChangeLog)).all():
                held[(entry.site, entry.seq)] = entry
            settled = session.exec(select(SyncConflict)).all()
        for desk in outposts:
            with read_session(desk.engine) as session:
                own = session.exec(select(ChangeLog).where(ChangeLog.site == desk.actor.site)).all()
            for entry in own:
                assert (entry.site, entry.seq) in held
                if not held[(entry.site, entry.seq)].applied:
                    assert any(c.record_id == entry.record_id and c.status == "resolved" for c in settled)
        for desk in desks:
            with read_session(desk.engine) as session:
                assert not session.exec(select(SyncConflict).where(SyncConflict.kind == "edit",
                                                                   SyncConflict.status.in_(("open", "at_station")))).all()
        # Twice is once: any bundle carried again changes nothing anywhere.
        for path, target in bag:
            before = dump(desks[target])
            try:
                import_(desks[target], path)
            except Exception as exc:  # an old bundle may only be refused, never half-applied
                assert getattr(exc, "key", None) == "sync.gap", exc
            assert dump(desks[target]) == before
        return len(waiting)
    finally:
        for desk in desks:
            desk.close()



@pytest.mark.parametrize("found", [FOUND_IN_A_FULL_RUN, SAME_EDIT_THEN_ANOTHER, CHANGED_AND_BACK],
                         ids=["full_run", "same_edit", "changed_and_back"])
def test_the_examples_found_converge(trio, tmp_path, found):
    """The pinned examples on their own, without Hypothesis, so a failure shows the plain steps."""
    _converge(trio, tmp_path, **found)
