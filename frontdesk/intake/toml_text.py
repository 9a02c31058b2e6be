"""Values and tables written as TOML (the standard library reads TOML but does not write it): a saved
mapping's tables, including those the desk does not read, which are written back as they were read."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _quoted(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but DEL, which TOML wants escaped and JSON does not."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_key(key: object) -> str:
    return str(key) if _BARE_KEY.match(str(key)) else _quoted(str(key))


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return _quoted(str(value))


def toml_table(title: str, values: dict) -> list[str]:
    """`[title]` with its keys, then its sub-tables as `[title.key]`."""
    lines = [f"\n[{title}]"]
    lines += [f"{toml_key(key)} = {toml_value(value)}" for key, value in values.items() if not isinstance(value, dict)]
    for key, value in values.items():
        if isinstance(value, dict):
            lines += toml_table(f"{title}.{toml_key(key)}", value)
    return lines
