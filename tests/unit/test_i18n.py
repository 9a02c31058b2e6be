"""The catalogue: complete in both languages, and holding every key the code uses."""

from __future__ import annotations

import re
import string
from pathlib import Path

from frontdesk.i18n import DeskError, catalogue, set_language, t

ROOT = Path(__file__).resolve().parents[2]
# t("key"), DeskError("key"), and the catalogue keys written into bindings and tables.
USES = re.compile(r"""(?:\bt|Error|Panel|Figure|Binding\([^)]*?)\(\s*["']([a-z_]+(?:\.[a-z_0-9]+)+)["']""")
KEY_LITERAL = re.compile(r"""["']((?:key|area|work|desk|help|error|db|config|phone|rid|demo|cli|palette|confirm)\.[a-z_0-9.]+)["']""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_entry_has_both_languages_with_the_same_placeholders():
    for key, entry in catalogue().items():
        assert set(entry) == {"en", "zh"}, key
        assert entry["en"].strip() and entry["zh"].strip(), key
        assert _fields(entry["en"]) == _fields(entry["zh"]), key


def test_every_key_the_code_uses_is_in_the_catalogue():
    used: set[str] = set()
    for package in ("frontdesk", "screens", "db"):
        for source in (ROOT / package).rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            used |= set(USES.findall(text)) | set(KEY_LITERAL.findall(text))
    assert used, "the scan found no keys at all: the pattern is broken"
    files = {key for key in used if key.endswith((".toml", ".tcss", ".sqlite", ".csv"))}
    missing = sorted(key for key in used - files if key not in catalogue())
    assert missing == []


def test_text_follows_the_active_language():
    set_language("zh")
    assert t("app.title") == "接警台"
    set_language("en")
    assert t("app.title") == "Front Desk"


def test_an_error_is_rendered_when_shown_not_when_raised():
    error = DeskError("rid.check_digit", value="11010519491231002X", given="X", expected="2")
    set_language("zh")
    assert "校验位" in error.message
    set_language("en")
    assert "check digit is X but should be 2" in error.message
