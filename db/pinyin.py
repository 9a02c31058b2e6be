"""pypinyin, loaded only when a key is computed, with its phrase dictionary held compactly.

pypinyin reads its 47,000 phrases from JSON into nested lists of strings (about 50 MiB, most of
the desk's memory at sign-in) and, unless PYPINYIN_NO_DICT_COPY is set, copies both dictionaries.
Here the phrases are kept as one string each ("yī|dīng,dìng|bù") in a dict whose lookup hands
back the same nested lists pypinyin would have read, so every reading (and every key built from
one) is the same, in about a fifth of the memory. The module is put in place of
`pypinyin.phrases_dict` before pypinyin imports it; nothing else of pypinyin changes.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import types
from bisect import bisect_left
from importlib.util import find_spec
from pathlib import Path

#: One phrase of pypinyin's phrases_dict.json: its key and its list of readings per character.
_ENTRY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*(\[\s*(?:\[[^\]]*\]\s*,?\s*)*\])', re.S)
_lock = threading.Lock()


class CompactPhrases(dict):
    """phrase → readings, stored as "a,b|c|d" and read back as [["a", "b"], ["c"], ["d"]]."""

    def __getitem__(self, phrase: str) -> list[list[str]]:
        return [readings.split(",") for readings in dict.__getitem__(self, phrase).split("|")]

    def get(self, phrase, default=None):
        return self[phrase] if phrase in self else default

    def values(self):  # pragma: no cover - pypinyin never asks; kept honest for anyone who does
        return [self[phrase] for phrase in self]

    def items(self):  # pragma: no cover
        return [(phrase, self[phrase]) for phrase in self]


def packed(readings: list[list[str]]) -> str:
    if any("," in r or "|" in r for character in readings for r in character):
        raise ValueError(readings)  # never in pypinyin's data; refuse rather than read back wrong
    return "|".join(",".join(character) for character in readings)


def compact_phrases(path: Path) -> CompactPhrases:
    """pypinyin's phrases_dict.json read entry by entry (no 50 MiB of lists held at once)."""
    text = path.read_text(encoding="utf-8")
    phrases = CompactPhrases()
    intern = sys.intern
    for match in _ENTRY.finditer(text):
        phrase = json.loads(f'"{match.group(1)}"')
        dict.__setitem__(phrases, phrase, intern(packed(json.loads(match.group(2)))))
    return phrases


def _install_compact_phrases() -> None:
    if "pypinyin.phrases_dict" in sys.modules:
        return  # pypinyin already loaded its own (a test, a script): it stays as it is
    spec = find_spec("pypinyin")
    folder = Path(next(iter(spec.submodule_search_locations)))
    module = types.ModuleType("pypinyin.phrases_dict")
    module.phrases_dict = compact_phrases(folder / "phrases_dict.json")
    sys.modules["pypinyin.phrases_dict"] = module


def lazy_pinyin():
    """pypinyin's (lazy_pinyin, Style.NORMAL), loading it the first time it is needed."""
    module = sys.modules.get("pypinyin")
    if module is None or not hasattr(module, "lazy_pinyin"):
        with _lock:
            # Read at pypinyin's import (no custom phrases here). Set even when present but empty: pypinyin would
            # then copy the compact phrases into a plain dict of packed strings and every reading would fail.
            if not os.environ.get("PYPINYIN_NO_DICT_COPY"):
                os.environ["PYPINYIN_NO_DICT_COPY"] = "1"
            _install_compact_phrases()
            import pypinyin

            _prefixes_by_search()
            module = pypinyin
    return module.lazy_pinyin, module.Style.NORMAL


class SortedPrefixes:
    """"Is this the start of some phrase?" by a binary search of the sorted phrases, not by a set of
    every prefix of every phrase (pypinyin's PrefixSet, 7 MiB); the same answer for every word."""

    def __init__(self, phrases) -> None:
        self._sorted = sorted(phrases)

    def __contains__(self, word: str) -> bool:
        if not word:
            return False  # PrefixSet holds no empty prefix
        at = bisect_left(self._sorted, word)
        return at < len(self._sorted) and self._sorted[at].startswith(word)


def _prefixes_by_search() -> None:
    from pypinyin.seg import mmseg

    if isinstance(mmseg.PHRASES_DICT, CompactPhrases) and not isinstance(mmseg.seg._prefix_set, SortedPrefixes):
        prefixes = SortedPrefixes(mmseg.PHRASES_DICT.keys())
        mmseg.seg._prefix_set = mmseg.p_set = prefixes
