"""pypinyin, loaded only when a key is computed, with its two dictionaries held compactly.

pypinyin reads its 47,000 phrases from JSON into nested lists of strings (about 50 MiB) and its
42,000 characters' readings into a dict of int → str (about 7 MiB), and, unless
PYPINYIN_NO_DICT_COPY is set, copies both. Here each is held in a few large objects instead of
tens of thousands of small ones (which also leave the heap they were read in fragmented):

- the phrases as one string of lines "phrase<TAB>yī|dīng,dìng|bù", grouped by their first
  character, with the offset of each character's group in an array; a look-up searches only its
  group (str.find), and a phrase reads back as the nested lists pypinyin would have read;
- the characters as a sorted array of code points, and their readings ("hé,hè,huó") in one
  string with an array of offsets, found by a binary search;
- "is this the start of some phrase?" (pypinyin's PrefixSet, a set of every prefix of every
  phrase) answered by the same search of the phrase's group.

About 2.5 MiB in all, with every reading (so every key built from one) the same as pypinyin's
own. The modules are put in place of `pypinyin.phrases_dict` and `pypinyin.pinyin_dict` before
pypinyin imports them; nothing else of pypinyin changes.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import types
from array import array
from bisect import bisect_left
from importlib.util import find_spec
from pathlib import Path

#: One phrase of pypinyin's phrases_dict.json: its key and its list of readings per character.
_ENTRY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*(\[\s*(?:\[[^\]]*\]\s*,?\s*)*\])', re.S)
#: What separates the phrases' lines and a phrase from its readings, and the readings themselves.
_MARKS = "\n\t|,"
_lock = threading.Lock()


def packed(readings: list[list[str]]) -> str:
    """[["a", "b"], ["c"]] as "a,b|c"."""
    if any(mark in r for character in readings for r in character for mark in _MARKS):
        raise ValueError(readings)  # never in pypinyin's data; refuse rather than read back wrong
    return "|".join(",".join(character) for character in readings)


def unpacked(readings: str) -> list[list[str]]:
    return [character.split(",") for character in readings.split("|")]


class CompactPhrases:
    """phrase → readings per character, as pypinyin's dict of them answers `in`, [], get, keys and
    len; held as one string of "phrase<TAB>packed readings" lines grouped by first character.
    Phrases added later (pypinyin's load_phrases_dict) go to a plain dict beside it."""

    def __init__(self, lines: list[str] = ()) -> None:
        lines = sorted(lines)
        self._text = "\n" + "\n".join(lines) + "\n"
        firsts, starts = array("I"), array("I")
        at = 0  # the offset of each line's leading newline
        for line in lines:
            if not firsts or firsts[-1] != ord(line[0]):
                firsts.append(ord(line[0]))
                starts.append(at)
            at += len(line) + 1
        starts.append(at)
        self._firsts, self._starts, self._count = firsts, starts, len(lines)
        self._added: dict[str, list[list[str]]] = {}

    def _group(self, word: object) -> tuple[int, int] | None:
        """Where the lines that start with word's first character lie in the text."""
        if not isinstance(word, str) or not word or "\n" in word or "\t" in word:
            return None
        at = bisect_left(self._firsts, ord(word[0]))
        if at == len(self._firsts) or self._firsts[at] != ord(word[0]):
            return None
        return self._starts[at], self._starts[at + 1] + 1

    def _packed(self, phrase: object) -> str | None:
        group = self._group(phrase)
        if group is None:
            return None
        at = self._text.find(f"\n{phrase}\t", *group)
        if at < 0:
            return None
        start = at + len(phrase) + 2
        return self._text[start:self._text.index("\n", start)]

    def starts_a_phrase(self, word: str) -> bool:
        """Whether some phrase (of pypinyin's own) starts with word."""
        group = self._group(word)
        return group is not None and self._text.find(f"\n{word}", *group) >= 0

    def __contains__(self, phrase: object) -> bool:
        return phrase in self._added or self._packed(phrase) is not None

    def __getitem__(self, phrase: str) -> list[list[str]]:
        if phrase in self._added:
            return [list(character) for character in self._added[phrase]]
        readings = self._packed(phrase)
        if readings is None:
            raise KeyError(phrase)
        return unpacked(readings)

    def get(self, phrase, default=None):
        return self[phrase] if phrase in self else default

    def __setitem__(self, phrase: str, readings: list[list[str]]) -> None:
        self._added[phrase] = [list(character) for character in readings]

    def update(self, phrases) -> None:
        for phrase, readings in dict(phrases).items():
            self[phrase] = readings

    def __iter__(self):
        text, at = self._text, 0
        for _ in range(self._count):
            tab = text.index("\t", at + 1)
            phrase = text[at + 1:tab]
            at = text.index("\n", tab)
            if phrase not in self._added:
                yield phrase
        yield from self._added

    def keys(self):
        return iter(self)

    def values(self):
        return [self[phrase] for phrase in self]

    def items(self):
        return [(phrase, self[phrase]) for phrase in self]

    def __len__(self) -> int:
        return self._count + sum(1 for phrase in self._added if self._packed(phrase) is None)

    def __bool__(self) -> bool:
        return bool(self._count or self._added)


class CompactReadings:
    """code point → its readings ("hé,hè,huó"), as pypinyin's dict of them answers `in` and [];
    held as a sorted array of code points and one string of readings with an array of offsets.
    Characters added later (pypinyin's load_single_dict) go to a plain dict beside it."""

    def __init__(self, readings: dict[int, str] = None) -> None:
        self._codes, self._ends, parts = array("I"), array("I"), []
        end = 0
        for code in sorted(readings or {}):
            if "\n" in readings[code]:
                raise ValueError(readings[code])
            self._codes.append(code)
            end += len(readings[code])
            self._ends.append(end)
            parts.append(readings[code])
        self._text = "".join(parts)
        self._added: dict[int, str] = {}

    def _at(self, code: object) -> int:
        if not isinstance(code, int):
            return -1
        at = bisect_left(self._codes, code)
        return at if at < len(self._codes) and self._codes[at] == code else -1

    def __contains__(self, code: object) -> bool:
        return code in self._added or self._at(code) >= 0

    def __getitem__(self, code: int) -> str:
        if code in self._added:
            return self._added[code]
        at = self._at(code)
        if at < 0:
            raise KeyError(code)
        return self._text[self._ends[at - 1] if at else 0:self._ends[at]]

    def get(self, code, default=None):
        return self[code] if code in self else default

    def __setitem__(self, code: int, readings: str) -> None:
        self._added[code] = readings

    def update(self, readings) -> None:
        self._added.update(readings)

    def __iter__(self):
        yield from (code for code in self._codes if code not in self._added)
        yield from self._added

    def keys(self):
        return iter(self)

    def items(self):
        return [(code, self[code]) for code in self]

    def __len__(self) -> int:
        return len(self._codes) + sum(1 for code in self._added if self._at(code) < 0)

    def __bool__(self) -> bool:
        return bool(self._codes or self._added)


def compact_phrases(path: Path) -> CompactPhrases:
    """pypinyin's phrases_dict.json read entry by entry (no 50 MiB of lists held at once)."""
    text = path.read_text(encoding="utf-8")
    lines = []
    for match in _ENTRY.finditer(text):
        phrase = json.loads(f'"{match.group(1)}"')
        if not phrase or any(mark in phrase for mark in _MARKS):
            raise ValueError(phrase)
        lines.append(f"{phrase}\t{packed(json.loads(match.group(2)))}")
    del text
    return CompactPhrases(lines)


def compact_readings(path: Path) -> CompactReadings:
    """pypinyin's pinyin_dict.json ({"12295": "líng,yuán,xīng", …})."""
    return CompactReadings({int(code): readings for code, readings in json.loads(path.read_text("utf-8")).items()})


def _install_compact_dictionaries() -> None:
    spec = find_spec("pypinyin")
    folder = Path(next(iter(spec.submodule_search_locations)))
    for name, attribute, read in (("phrases_dict", "phrases_dict", compact_phrases),
                                  ("pinyin_dict", "pinyin_dict", compact_readings)):
        if f"pypinyin.{name}" in sys.modules:
            continue  # pypinyin already loaded its own (a test, a script): it stays as it is
        try:
            compact = read(folder / f"{name}.json")
        except (OSError, ValueError):  # a pypinyin whose data is laid out otherwise: its own dictionary loads
            continue
        module = types.ModuleType(f"pypinyin.{name}")
        setattr(module, attribute, compact)
        sys.modules[f"pypinyin.{name}"] = module


def lazy_pinyin():
    """pypinyin's (lazy_pinyin, Style.NORMAL), loading it the first time it is needed."""
    module = sys.modules.get("pypinyin")
    if module is None or not hasattr(module, "lazy_pinyin"):
        with _lock:
            # Read at pypinyin's import (no custom phrases here). Set even when present but empty: pypinyin would
            # then copy the compact dictionaries into plain dicts, as large as its own.
            if not os.environ.get("PYPINYIN_NO_DICT_COPY"):
                os.environ["PYPINYIN_NO_DICT_COPY"] = "1"
            _install_compact_dictionaries()
            import pypinyin

            _prefixes_by_search()
            module = pypinyin
    return module.lazy_pinyin, module.Style.NORMAL


def word_pinyin(text: str) -> tuple[str, str]:
    """Toneless full pinyin and initials of `text` read as words, not as a person's name (重点 is zhongdian, not
    a surname's chong): 独居老人 → ("dujulaoren", "djlr"). Digits and Latin words pass through lower-cased."""
    to_pinyin, normal = lazy_pinyin()
    parts = [p.lower() for p in to_pinyin(text, style=normal, errors=lambda s: s.split())
             if p.strip() and p.isascii() and p.isalnum()]
    return "".join(parts), "".join(p[0] for p in parts)


class PhrasePrefixes:
    """"Is this the start of some phrase?" by a search of the compact phrases, not by a set of every
    prefix of every phrase (pypinyin's PrefixSet, 7 MiB); the same answer for every word. Words
    trained in later (pypinyin's mmseg.retrain after load_phrases_dict) add only the prefixes
    the phrases do not already start."""

    def __init__(self, phrases: CompactPhrases) -> None:
        self._phrases = phrases
        self._added: set[str] = set()

    def train(self, words) -> None:
        for word in words:
            for end in range(1, len(word) + 1):
                if not self._phrases.starts_a_phrase(word[:end]):
                    self._added.add(word[:end])

    def __contains__(self, word: str) -> bool:
        if not word:
            return False  # PrefixSet holds no empty prefix
        return word in self._added or self._phrases.starts_a_phrase(word)


def _prefixes_by_search() -> None:
    from pypinyin.seg import mmseg

    if isinstance(mmseg.PHRASES_DICT, CompactPhrases) and not isinstance(mmseg.seg._prefix_set, PhrasePrefixes):
        prefixes = PhrasePrefixes(mmseg.PHRASES_DICT)
        prefixes.train(mmseg.PHRASES_DICT._added)
        mmseg.seg._prefix_set = mmseg.p_set = prefixes
