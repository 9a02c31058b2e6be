"""The outpost set-up file is of no use without the set-up code given by another way: it shows no
key and no name, a wrong code opens nothing and changes nothing, the code is taken as an officer
types it, and a kit of the format before set-up codes is read only when the officer says the station is on it."""

from __future__ import annotations

import base64
import json
import tempfile
import zipfile
from pathlib import Path

import pytest

from db.migrate import head_revision, known_revision
from frontdesk.i18n import DeskError, set_language
from frontdesk.records import Actor
from frontdesk.station.opening import connect, migrate
from frontdesk.sync.bundle import new_key_pair
from frontdesk.sync.bundle_read import read_parts
from frontdesk.sync.kits import KIT, KIT_BUNDLE, OLD_FORMAT, normal_code
from frontdesk.sync.outposts import add_outpost, enrol, open_kit
from tests.synchelpers import open_station, record, site_settings
from tests.conftest import open_desk

OUTPOST_NAME = "东关警务室"


@pytest.fixture
def station(tmp_path):
    desk = open_station(tmp_path / "LS")
    record(desk, name="欧阳明珠", phone="13712345670")
    yield desk
    desk.close()


@pytest.fixture
def kit(station, tmp_path):
    return add_outpost(station.engine, code="LS-02", name=OUTPOST_NAME, by=station.actor, folder=tmp_path / "kits",
                       schema=head_revision())


def _readable_forms(kit_path: Path) -> list[bytes]:
    """Everything a finder of the stick can read: the file, each member unpacked, the bundle's manifest."""
    forms = [kit_path.read_bytes()]
    with zipfile.ZipFile(kit_path) as archive:
        forms += [archive.read(name) for name in archive.namelist()]
        with tempfile.TemporaryDirectory() as folder:
            bundle = Path(archive.extract(KIT_BUNDLE, folder))
            forms.append(read_parts(bundle).body)
    return forms


def _outpost_names(folder: Path, kit_path: Path, code: str | None, *, old_format: bool = False) -> list[str]:
    """The outpost enrolled from the kit, as `sync enrol` does it: the names of the people it holds."""
    folder.mkdir()
    url = f"sqlite:///{folder / 'desk.sqlite'}"
    engine = connect(url)
    migrate(engine)
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        enrol(engine, open_kit(kit_path, "LS-02", code, old_format=old_format), by=Actor(site="LS-02", role="admin"), scratch=Path(scratch),
              known_revision=known_revision)
    engine.dispose()
    desk = open_desk(site_settings(folder, "LS-02"), url)
    try:
        from sqlmodel import select

        from db.engine import read_session
        from db.models import Person

        with read_session(desk.engine) as session:
            return sorted(session.exec(select(Person.name)).all())
    finally:
        desk.close()


def test_the_set_up_code_is_kept_nowhere(kit, tmp_path):
    """Not in the kit, not in the station's database or its audit, not in any file the desk wrote."""
    code = kit.setup_code
    for path in (p for p in tmp_path.rglob("*") if p.is_file()):
        for data in _readable_forms(path) if path.suffix == ".fdkit" else [path.read_bytes()]:
            assert code.encode() not in data and normal_code(code).encode() not in data, path


def test_a_kit_shows_no_key_and_no_name_in_any_readable_form(kit):
    contents = open_kit(kit.path, "LS-02", kit.setup_code).contents
    private = bytes.fromhex(contents["private_key"])
    secrets = [contents["private_key"].encode(), contents["private_key"].upper().encode(), private,
               base64.b64encode(private), base64.b32encode(private)]
    for name in (OUTPOST_NAME, "欧阳明珠", "13712345670"):
        secrets += [name.encode(), json.dumps(name).encode().strip(b'"'), name.encode("utf-16-le")]
    for form in _readable_forms(kit.path):
        for secret in secrets:
            assert secret not in form, secret
    with zipfile.ZipFile(kit.path) as archive:
        clear = json.loads(archive.read(KIT))
    # What stays readable is what a wrong laptop is told before any code is asked: the sites' codes.
    assert clear["site"] == "LS-02" and clear["station"] == "LS" and clear["kdf"] == "argon2id"
    assert contents["name"] == OUTPOST_NAME and len(private) == 32


def test_a_wrong_code_opens_nothing_and_says_so(kit):
    code = normal_code(kit.setup_code)
    wrong = ("B" if code[0] == "A" else "A") + code[1:]
    with pytest.raises(DeskError) as refused:
        open_kit(kit.path, "LS-02", wrong)
    assert refused.value.key == "sync.kit_wrong_code"
    assert "does not open this file: nothing was changed" in refused.value.message
    set_language("zh")
    assert refused.value.message.startswith("该设置码打不开此文件：没有任何改动")
    for typed in ("", "1234", code + "X", code[:-1] + "U"):
        with pytest.raises(DeskError) as refused:
            open_kit(kit.path, "LS-02", typed)
        assert refused.value.key == "sync.kit_code_form" and "20 个字母和数字" in refused.value.message


def test_a_kit_swapped_on_the_way_does_not_open(kit, tmp_path):
    """Its readable part said to be for another station: the locked part says otherwise, so it is refused."""
    altered = tmp_path / "altered.fdkit"
    with zipfile.ZipFile(kit.path) as source, zipfile.ZipFile(altered, "w") as out:
        clear = json.loads(source.read(KIT))
        clear["station"] = "XX"
        out.writestr(KIT, json.dumps(clear))
        out.writestr(KIT_BUNDLE, source.read(KIT_BUNDLE))
    with pytest.raises(DeskError) as refused:
        open_kit(altered, "LS-02", kit.setup_code)
    assert refused.value.key == "sync.damaged"


def test_the_right_code_as_typed_over_the_phone_sets_the_outpost_up(kit, tmp_path):
    code = kit.setup_code
    assert normal_code(code.replace("-", " ").lower()) == normal_code(code.replace("-", ""))
    assert normal_code("o1l1-" + code[5:]) == normal_code("0111" + code[5:])  # O read as 0, I and L as 1
    typed = f" {code.replace('-', ' ').lower()} "
    assert _outpost_names(tmp_path / "LS-02", kit.path, typed) == ["欧阳明珠"]


def _old_kit(kit, tmp_path: Path, contents: dict | None = None) -> Path:
    """The kit as format 1 carried it: its contents in clear, no set-up code (as a desk not yet updated made one,
    or as anyone can make one with keys of their own)."""
    contents = contents or open_kit(kit.path, "LS-02", kit.setup_code).contents
    old = tmp_path / "old.fdkit"
    with zipfile.ZipFile(kit.path) as source, zipfile.ZipFile(old, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr(KIT, json.dumps({**contents, "format": OLD_FORMAT}, ensure_ascii=False, indent=1))
        out.writestr(KIT_BUNDLE, source.read(KIT_BUNDLE))
    return old


def test_a_kit_of_the_format_before_set_up_codes_is_refused_unless_the_station_is_said_to_be_on_it(kit, tmp_path):
    """Format 1 carried the key in clear and asked no code, so anyone could make one: a stick whose kit was swapped
    for one with the finder's keys set the outpost up trusting them as the station's, with a warning only. It is
    refused, saying what to ask the station for; read only when the officer says the station is on the older
    version (`sync enrol --old-kit`)."""
    contents = open_kit(kit.path, "LS-02", kit.setup_code).contents
    forged_public = new_key_pair()[1]
    forged = _old_kit(kit, tmp_path, {**contents, "station": {"site": "LS", "public_key": forged_public}})
    with pytest.raises(DeskError) as refused:
        open_kit(forged, "LS-02", None)
    assert refused.value.key == "sync.kit_old"
    assert "anyone could have made it" in refused.value.message and "--old-kit" in refused.value.message
    assert "frontdesk sync outpost LS-02" in refused.value.message
    set_language("zh")
    assert "任何人都可能制作" in refused.value.message and "没有任何改动" in refused.value.message
    set_language("en")
    assert _outpost_names(tmp_path / "LS-02", _old_kit(kit, tmp_path), None, old_format=True) == ["欧阳明珠"]


def test_sync_enrol_refuses_an_old_kit_and_takes_it_with_old_kit(tmp_path):
    """The command line: refused with the words above and no database left; with `--old-kit` the outpost is set
    up from it and the officer signed in (a station's demo, whose admin has a password)."""
    from types import SimpleNamespace

    from tests.unit.test_sync_cli import _frontdesk, _password_file, _setup_code, _station

    station, outpost = tmp_path / "LS", tmp_path / "LS-02"
    signed = ("--password-file", _password_file(tmp_path))
    made = _frontdesk(station, "--db", f"sqlite:///{_station(station)}", "--site", "LS", "sync", "outpost", "LS-02",
                      "--name", OUTPOST_NAME, *signed)
    assert made.returncode == 0, made.stderr
    new = SimpleNamespace(path=station / "sync" / "out" / "LS-02.fdkit", setup_code=_setup_code(made))
    old = _old_kit(new, tmp_path)
    refused = _frontdesk(outpost, "--site", "LS-02", "sync", "enrol", str(old), *signed, lang="zh")
    assert refused.returncode == 2 and "是旧格式，生成于设置码之前" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr and not list(outpost.glob("frontdesk.sqlite*"))
    taken = _frontdesk(outpost, "--site", "LS-02", "sync", "enrol", str(old), "--old-kit", *signed)
    assert taken.returncode == 0, taken.stderr
    assert "made by an older desk" in taken.stderr and "Bundle from LS: applied:" in taken.stdout, taken.stderr


def test_enrol_asks_for_the_code_again_and_warns_of_a_kit_that_asks_none(kit, tmp_path, monkeypatch, capsys):
    """`sync enrol`'s question: a misheard code is asked again (three tries), each refusal said; a format 1
    kit is refused, and with --old-kit read without a question, with a warning that a station which gave a code
    did not make it."""
    from frontdesk.sync.cli import _opened_kit

    code = normal_code(kit.setup_code)
    typed = iter(["not a code", ("B" if code[0] == "A" else "A") + code[1:], kit.setup_code.lower()])
    monkeypatch.setattr("builtins.input", lambda prompt: next(typed))
    assert _opened_kit(kit.path, "LS-02").contents["name"] == OUTPOST_NAME
    said = capsys.readouterr().err
    assert "A set-up code is 20 letters and digits" in said and "does not open this file" in said
    typed = iter(["1234"] * 3)
    with pytest.raises(DeskError) as refused:
        _opened_kit(kit.path, "LS-02")
    assert refused.value.key == "sync.kit_code_form" and next(typed, None) is None

    contents = open_kit(kit.path, "LS-02", kit.setup_code).contents
    old = _old_kit(kit, tmp_path, contents)
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("a format 1 kit asks no code"))
    set_language("zh")
    with pytest.raises(DeskError) as refused:
        _opened_kit(old, "LS-02")
    assert refused.value.key == "sync.kit_old" and "由旧版本生成" not in capsys.readouterr().err
    assert _opened_kit(old, "LS-02", old_format=True).contents["private_key"] == contents["private_key"]
    assert "由旧版本生成：不需要设置码" in capsys.readouterr().err
    with pytest.raises(DeskError) as refused:
        _opened_kit(old, "LS-03", old_format=True)
    assert refused.value.key == "sync.kit_for_other" and "请用 --site LS-02 启动" in refused.value.message


def test_a_lost_code_is_replaced_by_a_new_kit_while_the_outpost_has_sent_nothing(kit, station, tmp_path):
    """The code is shown once: lost, the outpost could never be set up. A second kit has new keys and a new code;
    the first one's code opens its file still, but the station no longer trusts its key, nor locks bundles for it."""
    from frontdesk.sync.exporting import export_bundle

    again = add_outpost(station.engine, code="LS-02", name=OUTPOST_NAME, by=station.actor,
                        folder=tmp_path / "kits-again", schema=head_revision())
    assert again.setup_code != kit.setup_code
    with pytest.raises(DeskError) as refused:
        open_kit(again.path, "LS-02", kit.setup_code)
    assert refused.value.key == "sync.kit_wrong_code"
    assert _outpost_names(tmp_path / "LS-02", again.path, again.setup_code) == ["欧阳明珠"]
    first = open_kit(kit.path, "LS-02", kit.setup_code).contents
    assert first["public_key"] != open_kit(again.path, "LS-02", again.setup_code).contents["public_key"]
    # A bundle from the outpost set up by the second kit comes in: now the outpost is set up for good.
    from tests.synchelpers import import_

    outpost = open_desk(site_settings(tmp_path / "LS-02", "LS-02"), f"sqlite:///{tmp_path / 'LS-02' / 'desk.sqlite'}")
    try:
        record(outpost, name="李雷", phone="13600001111")
        sent = export_bundle(outpost.engine, by=outpost.actor, to_site="LS", folder=tmp_path / "out",
                             schema=head_revision())
    finally:
        outpost.close()
    import_(station, sent.path)
    with pytest.raises(DeskError) as exists:
        add_outpost(station.engine, code="LS-02", name=OUTPOST_NAME, by=station.actor, folder=tmp_path / "third",
                    schema=head_revision())
    assert exists.value.key == "sync.outpost_exists"
