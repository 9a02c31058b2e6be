"""JSON read and written by orjson where it is installed (a dependency of the desk): a sync bundle's lines are
read in half the json module's time and its change-log rows' JSON written in a fifth of it. What orjson
refuses but the json module reads or writes (NaN, an integer beyond 64 bits) goes to the json module, so
both give the same values; a checkout run without orjson uses the json module throughout."""

from __future__ import annotations

import json
import math
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - the desk's dependencies include it
    orjson = None  # type: ignore[assignment]


def loads(text: bytes | str) -> Any:
    if orjson is not None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


def dumps(value: Any) -> str:
    """`value` as JSON text, UTF-8 characters as they are (not \\u-escaped), as the engine's serializer
    writes it but without its spaces."""
    if orjson is not None:
        try:
            text = orjson.dumps(value).decode()
        except TypeError:  # orjson.JSONEncodeError
            pass
        else:
            # orjson writes NaN and ±Infinity as null; the json module writes them as they are (and reads them back).
            if "null" not in text or not _non_finite(value):
                return text
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _non_finite(value: Any) -> bool:
    """Whether a NaN or an infinity is anywhere in `value` (asked of every change-log record that holds a
    null, so a record's flat values are looked at without a call each)."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        items = value.values()
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        return False
    for item in items:
        kind = type(item)
        if kind is str or kind is int or item is None or kind is bool:
            continue
        if kind is float:
            if not math.isfinite(item):
                return True
        elif _non_finite(item):
            return True
    return False
