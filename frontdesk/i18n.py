"""One catalogue of UI text in Simplified Chinese and English.

`t("key", name=...)` looks the key up in the active language. The catalogue is
the TOML files in `catalogue/` beside this module, one per area of the desk; a
key may live in only one of them. A test checks that every key has both
languages and that every key the code uses exists.
"""

from __future__ import annotations

import locale
import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Mapping

LANGUAGES = ("zh", "en")
CATALOGUE = Path(__file__).with_name("catalogue")

_active = "en"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(CATALOGUE.glob("*.toml")):
        with path.open("rb") as handle:
            part = tomllib.load(handle)
        twice = sorted(set(part) & set(merged))
        if twice:
            raise ValueError(f"{path.name} repeats catalogue keys: {', '.join(twice)}")
        merged |= part
    return merged


def set_language(language: str) -> None:
    global _active
    if language not in LANGUAGES:
        raise ValueError(language)
    _active = language


def language() -> str:
    return _active


def t(key: str, /, **params: object) -> str:
    """The text for `key` in the active language, with `{params}` filled in."""
    entry = catalogue().get(key)
    if entry is None:
        return key
    text = entry.get(_active) or entry.get("en") or key
    return text.format(**params) if params else text


def language_from_locale(environ: Mapping[str, str] | None = None) -> str:
    """'zh' when the system speaks Chinese, else 'en'."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "zh" if code.lower().startswith("zh") else "en"


def choose_language(flag: str | None, configured: str, environ: Mapping[str, str] | None = None) -> str:
    """--lang wins, then the config, then the locale."""
    for candidate in (flag, configured):
        if candidate in LANGUAGES:
            return candidate
    return language_from_locale(environ)


class Phrase:
    """A catalogue key that renders itself when formatted into a message.

    Lets an error name a field ("Summary" / "简要案情") in whatever language is
    active when the message is shown, not when it was raised.
    """

    __slots__ = ("key",)

    def __init__(self, key: str):
        self.key = key

    def __str__(self) -> str:
        return t(self.key)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


class DeskError(Exception):
    """An error an officer can cause or fix, carried as a catalogue key.

    The message is rendered in the active language when shown, so one error can
    be raised in a worker thread and shown on screen in the officer's language.
    """

    def __init__(self, key: str, /, **params: object):
        self.key = key
        self.params = params
        super().__init__(key)

    @property
    def message(self) -> str:
        return t(self.key, **self.params)

    def __str__(self) -> str:
        return self.message
