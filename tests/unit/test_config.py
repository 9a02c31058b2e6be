"""Settings: file, then environment, then flags; bad values get a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.station.config import ConfigError, Settings, load_settings, write_default_config
from frontdesk.i18n import choose_language, set_language


def _write(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def test_file_then_environment_then_flags(tmp_path):
    config = _write(tmp_path / "config.toml", 'site_code = "ls-02"\nlanguage = "zh"\nrepeat_window_days = 14\n')
    settings = load_settings(config_path=config, environ={"FRONTDESK_LANG": "en"}, overrides={})
    assert (settings.site_code, settings.language, settings.repeat_window_days) == ("LS-02", "en", 14)
    settings = load_settings(
        config_path=config, environ={"FRONTDESK_SITE": "LS-03"}, overrides={"site_code": "LS-04"}
    )
    assert settings.site_code == "LS-04"


def test_a_missing_file_means_defaults(tmp_path):
    settings = load_settings(config_path=tmp_path / "none.toml", environ={}, data_path=tmp_path)
    assert settings.site_code == "LS" and settings.data_dir == tmp_path


def test_the_written_default_config_reads_back_the_same(tmp_path):
    wanted = Settings(station_name="城关派出所", officer_name="王建军", data_dir=tmp_path)
    write_default_config(tmp_path / "config.toml", wanted)
    assert load_settings(config_path=tmp_path / "config.toml", environ={}, data_path=tmp_path) == wanted


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('site_code = "LS 02"', "LS-02"),
        ("repeat_window_days = 0", "repeat_window_days"),
        ('repeat_window_days = "a month"', "repeat_window_days"),
        ('language = "fr"', '"zh" or "en"'),
        ('timezone = "Mars/Olympus"', "unknown time zone"),
        ('colour = "blue"', "unknown setting"),
        ("station_name = 12", "text in quotes"),
        ('site_code = "LS', "not valid TOML"),
    ],
)
def test_bad_settings_are_refused_with_a_message_that_names_the_problem(tmp_path, body, words):
    config = _write(tmp_path / "config.toml", body + "\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(config_path=config, environ={})
    assert words in caught.value.message
    assert str(config) in caught.value.message


def test_config_messages_speak_chinese_too(tmp_path):
    config = _write(tmp_path / "config.toml", 'language = "fr"\n')
    set_language("zh")
    with pytest.raises(ConfigError) as caught:
        load_settings(config_path=config, environ={})
    assert "必须是" in caught.value.message


@pytest.mark.parametrize(
    ("flag", "configured", "environ", "expected"),
    [
        ("zh", "en", {}, "zh"),
        (None, "zh", {"LANG": "en_US.UTF-8"}, "zh"),
        (None, "", {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, "", {"LANG": "en_GB.UTF-8"}, "en"),
        (None, "", {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US"}, "zh"),
    ],
)
def test_language_comes_from_flag_then_config_then_locale(flag, configured, environ, expected):
    assert choose_language(flag, configured, environ) == expected


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ('station_name = "城关"\n\nrepeat_window_days = "a month"\n', 3, "repeat_window_days"),
        ('station_name = "城关"\ncolour = "blue"\n', 2, "colour"),
        ('station_name = "城关"\nencrypted = "maybe"\n', 2, "encrypted"),
        ('station_name = "城关"\nsite_code = [1, 2]\n', 2, "site_code"),
        ('station_name = "城关"\n\n\nsite_code = "LS\n', 4, "not valid TOML"),
        ('station_name = "城关"\nstation_name = "again"\n', 2, "not valid TOML"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_bad_config_file_is_named_with_the_line_and_the_key(tmp_path, body, line, words, lang):
    config = _write(tmp_path / "config.toml", body)
    set_language(lang)
    with pytest.raises(ConfigError) as caught:
        load_settings(config_path=config, environ={})
    where = f"{config}, line {line}" if lang == "en" else f"{config} 第 {line} 行"
    assert where in caught.value.message, caught.value.message
    if lang == "en" or words.isidentifier():
        assert words in caught.value.message


def test_a_config_file_that_is_not_utf8_is_named_not_a_traceback(tmp_path):
    config = tmp_path / "config.toml"
    config.write_bytes('station_name = "城关"\n'.encode("gbk"))
    with pytest.raises(ConfigError) as caught:
        load_settings(config_path=config, environ={})
    assert str(config) in caught.value.message and "UTF-8" in caught.value.message


def test_a_bad_config_stops_the_command_with_the_message_and_no_traceback(tmp_path, capsys):
    from frontdesk.cli import main

    config = _write(tmp_path / "config.toml", 'station_name = "城关"\nidle_lock_minutes = "ten"\n')
    assert main(["--config", str(config), "db", "current", "--db", str(tmp_path / "x.sqlite")]) == 2
    err = capsys.readouterr().err
    assert f"{config}, line 2" in err and "idle_lock_minutes" in err and "Traceback" not in err


@pytest.mark.parametrize(("environ", "overrides", "source"), [
    ({"FRONTDESK_LANG": "fr"}, {}, "FRONTDESK_LANG: "),
    ({"FRONTDESK_LOCKOUT_MINUTES": "abc"}, {}, "FRONTDESK_LOCKOUT_MINUTES: "),
    ({"FRONTDESK_TZ": "Mars/Base"}, {}, "FRONTDESK_TZ: "),
    ({"FRONTDESK_SITE": "LS 02"}, {}, "FRONTDESK_SITE: "),
    ({}, {"site_code": "LS 02"}, "--site: "),
])
def test_a_bad_variable_or_flag_is_named_as_the_officer_typed_it(tmp_path, environ, overrides, source):
    with pytest.raises(ConfigError) as refused:
        load_settings(config_path=tmp_path / "none.toml", environ=environ, overrides=overrides)
    assert refused.value.message.startswith(source), refused.value.message
