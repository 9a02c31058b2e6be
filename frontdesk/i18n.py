"""One catalogue of UI text in Simplified Chinese and English.

`t("key", name=...)` looks the key up in the active language. The catalogue is
the TOML files in `catalogue/` beside this module, one per area of the desk; a
key may live in only one of them. A test checks that every key has both
languages and that every key the code uses exists, literal or built from codes.

An entry that counts something has English forms for one and for more, and one
Chinese text; `t("key", count=n)` picks the form by `count`:

    ["officers.failed"]
    en = { one = "{count} wrong password", other = "{count} wrong passwords" }
    zh = "密码错误 {count} 次"

A key missing from the catalogue is logged and shown as the key itself, so the
desk keeps working; with `strict` on (the tests turn it on) it raises MissingText.
"""

from __future__ import annotations

import locale
import logging
import marshal
import os
import sys
import tomllib
import unicodedata
from functools import cache
from pathlib import Path
from typing import Iterable, Mapping

LANGUAGES = ("zh", "en")
CATALOGUE = Path(__file__).with_name("catalogue")
#: The forms of an entry that counts: English picks by the count, Chinese has one text.
PLURAL_FORMS = ("one", "other")

#: A missing key (or language, or count) raises instead of showing the key: tests turn it on.
strict = False

log = logging.getLogger("frontdesk")

_active = "en"
_reported: set[str] = set()

#: One language's text of an entry: a string, or {"one": ..., "other": ...} for a count.
LanguageText = str | dict[str, str]


class MissingText(KeyError):
    """The catalogue has no text for a key the program asked for."""


@cache
def catalogue() -> dict[str, dict[str, LanguageText]]:
    """Every entry of every catalogue file, read once per process.

    Parsing the TOML files costs more than painting the first screen, so the merged catalogue is
    kept, as Python keeps its byte code, in `catalogue/__pycache__`, stamped with each file's
    name, size and modification time: any change to a file reads them all again.
    """
    paths = sorted(CATALOGUE.glob("*.toml"))
    stamp = _stamp(paths)
    kept = _read_kept(stamp)
    if kept is not None:
        return kept
    merged: dict[str, dict[str, LanguageText]] = {}
    for path in paths:
        with path.open("rb") as handle:
            part = tomllib.load(handle)
        twice = sorted(set(part) & set(merged))
        if twice:
            raise ValueError(f"{path.name} repeats catalogue keys: {', '.join(twice)}")
        merged |= part
    _keep(stamp, merged)
    return merged


#: Where the merged catalogue is kept between runs (like Python's own byte code, never committed).
KEPT = CATALOGUE / "__pycache__" / "catalogue.marshal"


def _stamp(paths: list[Path]) -> str:
    parts = [sys.version, str(marshal.version)]
    for path in paths:
        info = path.stat()
        parts.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts)


def _read_kept(stamp: str) -> dict[str, dict[str, LanguageText]] | None:
    try:
        kept_stamp, merged = marshal.loads(KEPT.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return merged if kept_stamp == stamp and isinstance(merged, dict) else None


def _keep(stamp: str, merged: dict[str, dict[str, LanguageText]]) -> None:
    """Keep the merged catalogue for the next start; a folder that cannot be written is no matter."""
    import tempfile  # only when the files changed: not on the way to the first paint

    temporary = None
    try:
        KEPT.parent.mkdir(exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=KEPT.parent, prefix=".catalogue-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps((stamp, merged)))
        os.replace(temporary, KEPT)
    except OSError as error:
        log.debug("catalogue: not kept (%s)", error)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def set_language(language: str) -> None:
    global _active
    if language not in LANGUAGES:
        raise ValueError(language)
    _active = language


def language() -> str:
    return _active


def t(key: str, /, **params: object) -> str:
    """The text for `key` in the active language, with `{params}` filled in.

    An entry with plural forms picks the form by `count` (also filled in as `{count}`).
    """
    entry = catalogue().get(key)
    if entry is None:
        return _missing(key, f"no catalogue entry {key!r}")
    text = entry.get(_active)
    if text is None:
        _missing(key, f"no {_active!r} text for {key!r}")
        text = entry.get("en", key)
    if isinstance(text, dict):
        text = text[plural_form(params.get("count"), _active, key)]
    return text.format(**params) if params else text


def plural_form(count: object, language: str, key: str = "") -> str:
    """Which form of a counting entry fits `count`: English "one" for 1, else "other"."""
    if not isinstance(count, int) or isinstance(count, bool):
        if strict:
            raise MissingText(f"{key!r} counts something: pass count=<int>, not {count!r}")
        return "other"
    return "one" if language == "en" and count == 1 else "other"


def _missing(key: str, why: str) -> str:
    if strict:
        raise MissingText(why)
    if key not in _reported:
        _reported.add(key)
        log.warning("catalogue: %s; showing the key", why)
    return key


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


def os_reason(exc: OSError) -> Phrase | str:
    """Why a file could not be written or read, in the officer's language: the common reasons from the
    catalogue (rendered when shown), the system's own words only for a rare one."""
    import errno

    code = exc.errno
    if code is None:  # raised by hand with only a path: FileExistsError(path)
        code = {FileExistsError: errno.EEXIST, NotADirectoryError: errno.ENOTDIR, PermissionError: errno.EACCES,
                FileNotFoundError: errno.ENOENT}.get(type(exc))
    reasons = {
        errno.EEXIST: Phrase("file.reason.exists"),
        errno.ENOTDIR: Phrase("file.reason.not_a_folder"),
        errno.EACCES: Phrase("file.reason.permission_denied"),
        errno.EPERM: Phrase("file.reason.permission_denied"),
        errno.EROFS: Phrase("file.reason.read_only"),
        errno.ENOSPC: Phrase("file.reason.no_space"),
        errno.EDQUOT: Phrase("file.reason.no_space"),
        errno.ENOENT: Phrase("file.reason.no_such_folder"),
    }
    return reasons.get(code) or exc.strerror or str(exc)


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


# ---- joining texts as the language writes them ------------------------------------------------
#: How a sentence ends in either language: one of these closes it, else a full stop is added.
SENTENCE_ENDS = ("。", "！", "？", ".", "!", "?", "…")


def sentences(messages: Iterable[str]) -> str:
    """Whole sentences one after another: "A. B." in English, "甲。乙。" in Chinese — never "。; "."""
    parts = [message.strip() for message in messages if message and message.strip()]
    between = "" if _active == "zh" else " "  # Chinese sets sentences one after another without a space
    return between.join(
        part if part.endswith(SENTENCE_ENDS) else part + t("words.full_stop") for part in parts)


def listed(items: Iterable[object]) -> str:
    """Items in a running list: "a, b" / "甲、乙"."""
    return t("words.list_sep").join(str(item) for item in items)


def labelled(label: object, value: object) -> str:
    """A value after its label: "Phone: 138…" / "电话：138…"."""
    return t("words.labelled", label=label, value=value)


def parenthesised(text: object, inside: object) -> str:
    """A text with an aside: "Wang (031245)" / "王（031245）"."""
    return t("words.parenthesised", text=text, inside=inside)


#: Full-width forms (a Chinese input method's １３８, Ｘ, －, ：, and its wide space) as their ASCII. Only these:
#: NFKC would also read a superscript ² or a circled ① as a digit, which a number typed at the desk never is.
_HALF_WIDTH = {**{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}


def as_typed(text: str) -> str:
    """A number or a time as typed or copied, made plain: what a Chinese input method types in full width
    as ASCII (１９：３０ → 19:30), and the invisible marks a copy brings (a zero-width space, a direction mark,
    a byte-order mark: format characters) left out."""
    return "".join(ch for ch in text.translate(_HALF_WIDTH) if unicodedata.category(ch) != "Cf")
