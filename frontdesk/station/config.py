"""Settings: a TOML file in the platform config dir, then env vars, then flags.

Later sources win: file < environment (FRONTDESK_*) < command-line flags.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from frontdesk.i18n import DeskError, t

APP_NAME = "frontdesk"

#: The keys the config file may hold, with what the environment calls them.
ENV_NAMES = {
    "station_code": "FRONTDESK_STATION_CODE",
    "station_name": "FRONTDESK_STATION_NAME",
    "site_code": "FRONTDESK_SITE",
    "site_name": "FRONTDESK_SITE_NAME",
    "officer_name": "FRONTDESK_OFFICER",
    "officer_badge": "FRONTDESK_BADGE",
    "language": "FRONTDESK_LANG",
    "database_url": "FRONTDESK_DB",
    "timezone": "FRONTDESK_TZ",
    "repeat_window_days": "FRONTDESK_REPEAT_WINDOW_DAYS",
    "desk_phone": "FRONTDESK_DESK_PHONE",
    "repeat_threshold": "FRONTDESK_REPEAT_THRESHOLD",
    "backflow_window_days": "FRONTDESK_BACKFLOW_WINDOW_DAYS",
    "idle_lock_minutes": "FRONTDESK_IDLE_LOCK_MINUTES",
    "lockout_minutes": "FRONTDESK_LOCKOUT_MINUTES",
    "encrypted": "FRONTDESK_ENCRYPTED",
    "backup_keep": "FRONTDESK_BACKUP_KEEP",
    "backup_dir": "FRONTDESK_BACKUP_DIR",
}

CONFIG_TEMPLATE = """\
# Front Desk settings. Environment variables FRONTDESK_* and command-line flags
# override what is written here.

station_code = {station_code}
station_name = {station_name}
# This machine's site: the station itself, or an outpost such as "LS-02".
site_code = {site_code}
site_name = {site_name}

# The officer on duty at this desk.
officer_name = {officer_name}
officer_badge = {officer_badge}

# "zh" or "en"; empty means: follow the system locale.
language = {language}

# Empty means: a SQLite file in this user's data folder.
# Several PCs share one PostgreSQL server instead, e.g.
# database_url = "postgresql+psycopg://frontdesk:secret@10.0.0.5/frontdesk"
database_url = {database_url}

# IANA time zone in which times are shown.
timezone = {timezone}

# Days to look back for a reporter's earlier cases.
repeat_window_days = {repeat_window_days}

# Reports in the window that put a caller on the repeat-reporter list.
repeat_threshold = {repeat_threshold}

# The desk's phone number, printed on receipts for citizens.
desk_phone = {desk_phone}

# Days after a hand-off in which the same caller reporting the same kind of
# matter again is flagged as backflow.
backflow_window_days = {backflow_window_days}

# Minutes without a key before the desk locks and hides personal data.
idle_lock_minutes = {idle_lock_minutes}

# Minutes an officer is locked out after five wrong passwords in a row.
lockout_minutes = {lockout_minutes}

# true: a new SQLite database is created encrypted (SQLCipher); the passphrase is
# asked for at every start and never stored. An existing file stays as it is:
# convert it with "frontdesk db encrypt".
encrypted = {encrypted}

# Backups ("frontdesk backup"): how many to keep, and where (empty: "backups" in
# the data folder).
backup_keep = {backup_keep}
backup_dir = {backup_dir}

# Keys, by binding id (README, "Keys you can change"), for a terminal that keeps
# F-keys for itself. Keep this table at the end of the file.
# [keys]
# new_case = "ctrl+n"
# help = "f11,alt+1"
"""


class ConfigError(DeskError):
    """The config file or an override cannot be used; the message says why."""


@dataclass(frozen=True)
class Settings:
    station_code: str = "LS"
    station_name: str = ""
    site_code: str = "LS"
    site_name: str = ""
    officer_name: str = ""
    officer_badge: str = ""
    language: str = ""
    database_url: str = ""
    timezone: str = "Asia/Shanghai"
    repeat_window_days: int = 30
    repeat_threshold: int = 3
    desk_phone: str = ""
    backflow_window_days: int = 30
    idle_lock_minutes: int = 10
    lockout_minutes: int = 15
    encrypted: bool = False
    backup_keep: int = 14
    backup_dir: str = ""
    #: config.toml's [keys]: (binding id, keys) pairs, checked against the screens' bindings at start.
    keys: tuple[tuple[str, str], ...] = ()
    data_dir: Path = field(default=Path("."), compare=False)
    config_path: Path | None = field(default=None, compare=False)

    @property
    def site_display_name(self) -> str:
        return self.site_name or self.station_display_name

    @property
    def station_display_name(self) -> str:
        return self.station_name or t("station.unnamed")

    @property
    def officer_display_name(self) -> str:
        return self.officer_name or t("officer.unnamed")


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


#: A key as config.toml may write it: modifiers, then the key's name or character ("ctrl+n", "f2", "[").
KEY_MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")
BINDING_ID = re.compile(r"[a-z][a-z0-9_]*")


def _keys_table(value: Any, source: str) -> tuple[tuple[str, str], ...]:
    """[keys]: binding id = "key" or "key,key"; which ids and key names exist is the screens' to check."""
    if not isinstance(value, dict):
        raise ConfigError("config.keys_not_table", source=source)
    pairs = []
    for binding_id, keys in value.items():
        if not BINDING_ID.fullmatch(binding_id):
            raise ConfigError("config.keys_bad_id", source=source, id=binding_id)
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError("config.keys_bad_value", source=source, id=binding_id, value=repr(keys))
        for key in keys.split(","):
            key = key.strip()
            *modifiers, name = key.split("+") if len(key) > 1 else [key]
            if not name or " " in key or any(m not in KEY_MODIFIERS for m in modifiers):
                raise ConfigError("config.keys_bad_value", source=source, id=binding_id, value=repr(keys))
        pairs.append((binding_id, ",".join(k.strip() for k in keys.split(","))))
    return tuple(pairs)


def _coerce(name: str, value: Any, source: str) -> Any:
    if name == "keys":
        return _keys_table(value, source)
    if name == "repeat_threshold":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ConfigError("config.bad_threshold", source=source, value=repr(value))
        if not 2 <= number <= 1000:
            raise ConfigError("config.bad_threshold", source=source, value=repr(value))
        return number
    if name in ("repeat_window_days", "backflow_window_days"):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ConfigError("config.bad_days", source=source, name=name, value=repr(value))
        if not 1 <= number <= 3660:
            raise ConfigError("config.bad_days", source=source, name=name, value=repr(value))
        return number
    if name in ("idle_lock_minutes", "lockout_minutes"):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ConfigError("config.bad_minutes", source=source, name=name, value=repr(value))
        if not 1 <= number <= 1440:
            raise ConfigError("config.bad_minutes", source=source, name=name, value=repr(value))
        return number
    if name == "encrypted":
        return _yes_no(value, source, name)
    if name == "backup_keep":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ConfigError("config.bad_backup_keep", source=source, value=repr(value))
        if not 1 <= number <= 1000:
            raise ConfigError("config.bad_backup_keep", source=source, value=repr(value))
        return number
    if not isinstance(value, str):
        raise ConfigError("config.not_text", source=source, name=name, value=repr(value))
    value = value.strip()
    if name in ("station_code", "site_code"):
        if not is_site_code(value):
            raise ConfigError("config.bad_site_code", source=source, name=name, value=value)
        return value.upper()
    if name == "language" and value not in ("", "zh", "en"):
        raise ConfigError("config.bad_language", source=source, value=value)
    if name == "timezone" and value:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError("config.bad_timezone", source=source, value=value)
    return value


def is_site_code(value: str) -> bool:
    """A station's or site's code: 1–16 letters, digits or '-' (LS, LS-02), read in capitals."""
    return 0 < len(value) <= 16 and all(c.isalnum() or c == "-" for c in value)


def _yes_no(value: Any, source: str, name: str) -> bool:
    """true/false in the file; 1/0, yes/no, true/false in the environment."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError("config.bad_yes_no", source=source, name=name, value=repr(value))


def _apply(settings: Settings, values: Mapping[str, Any], source: str,
           lines: Mapping[str, int] | None = None) -> Settings:
    """`values` over `settings`; a refusal names `source` and, for the config file, the key's line."""
    lines = lines or {}

    def where(*keys: str) -> str:
        found = sorted(lines[key] for key in keys if key in lines)
        return t("config.at_line", file=source, line=found[0]) if found else source

    known = {f.name for f in fields(Settings)} - {"data_dir", "config_path"}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError("config.unknown_keys", source=where(*unknown), keys=", ".join(unknown), count=len(unknown))
    return replace(settings, **{k: _coerce(k, v, where(k)) for k, v in values.items()})


_KEY = re.compile(r'\s*("[^"]*"|[A-Za-z0-9_-]+)\s*=')


def key_lines(path: Path) -> dict[str, int]:
    """The line each top-level key of a TOML file is on (for messages); {} if it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("["):
            break  # a table: its keys are not settings of the top level
        match = _KEY.match(line)
        if match:
            lines.setdefault(match.group(1).strip('"'), number)
    return lines


def read_config_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"\s*\(at line (\d+), column (\d+)\)", str(exc))
        if at is None:
            raise ConfigError("config.bad_toml", source=str(path), detail=str(exc)) from exc
        raise ConfigError("config.bad_toml", source=t("config.at_line", file=str(path), line=int(at.group(1))),
                          detail=str(exc)[:at.start()] + str(exc)[at.end():]) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError("config.not_utf8", source=str(path), at=exc.start) from exc
    except OSError as exc:
        raise ConfigError("config.unreadable", source=str(path), detail=exc.strerror or str(exc)) from exc


def load_settings(
    *,
    config_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    data_path: Path | None = None,
) -> Settings:
    """Settings from the file, then FRONTDESK_* variables, then `overrides`."""
    environ = os.environ if environ is None else environ
    if config_path is None and environ.get("FRONTDESK_CONFIG"):
        config_path = Path(environ["FRONTDESK_CONFIG"])
    path = config_path or (config_dir() / "config.toml")
    base_dir = data_path or (Path(environ["FRONTDESK_DATA_DIR"]) if environ.get("FRONTDESK_DATA_DIR") else None)
    settings = Settings(data_dir=base_dir or data_dir(), config_path=path)
    from_file = read_config_file(path)
    settings = _apply(settings, from_file, str(path), key_lines(path) if from_file else None)
    for key, name in ENV_NAMES.items():  # a refusal names the variable (FRONTDESK_LANG), as one in the file its line
        if environ.get(name):
            settings = _apply(settings, {key: environ[name]}, name)
    for key, value in (overrides or {}).items():  # and the flag (--site)
        if value is not None:
            settings = _apply(settings, {key: value}, FLAG_NAMES.get(key, f"--{key}"))
    return settings


#: The command-line flag that sets a setting (for a refusal to name it).
FLAG_NAMES = {"site_code": "--site", "language": "--lang", "encrypted": "--encrypted"}


DEMO_DEFAULT_CASES = 3000


def database_url(settings: Settings, *, flag: str | None = None, demo_cases: int | None = None) -> str:
    """Where the desk's data lives: the demo file, --db, the config, or the default file.

    A value without "://" is a file path and means SQLite.
    """
    if demo_cases is not None:
        name = "demo.sqlite" if demo_cases == DEMO_DEFAULT_CASES else f"demo-{demo_cases}.sqlite"
        return f"sqlite:///{Path(settings.data_dir) / name}"
    value = flag or settings.database_url
    if not value:
        return f"sqlite:///{Path(settings.data_dir) / 'frontdesk.sqlite'}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def write_default_config(path: Path, settings: Settings) -> None:
    """Write a commented config file for the admin to edit, if none exists."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # JSON string literals are valid TOML basic strings, quotes and all.
    values = {
        f.name: json.dumps(value, ensure_ascii=False) if isinstance(value, (str, bool)) else value
        for f in fields(Settings)
        for value in [getattr(settings, f.name)]
    }
    path.write_text(CONFIG_TEMPLATE.format(**values), encoding="utf-8")
