"""A person's tags as the person page shows them: one line per class, rule-set tags saying so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from frontdesk.i18n import labelled, listed, parenthesised, t
from frontdesk.tags.rules import rule_reason
from frontdesk.tags.tagging import grouped

if TYPE_CHECKING:
    from frontdesk.tags.tagging import PersonTagRow


def tag_words(row: PersonTagRow) -> str:
    """独居老人; 近期电诈受害人（按规则：诈骗警情 LS-…）; a switched-off tag says so."""
    words = parenthesised(row.name, rule_reason(row.note)) if row.source == "rule" else row.name
    return words if row.active else parenthesised(words, t("tags.switched_off"))


def tag_lines(rows: list[PersonTagRow]) -> Text:
    """"\n  Groups at risk: Elderly living alone, Recent fraud victim (by rule: …)" for each class."""
    text = Text()
    for class_name, tags in grouped(rows):
        text.append("\n  ")
        text.append(labelled(class_name, listed(tag_words(row) for row in tags)))
    return text
