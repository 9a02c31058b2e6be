"""The receipt handed to the citizen: case number, date, category, desk phone, officer."""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from frontdesk.sealing import write_out
from frontdesk.i18n import parenthesised, t

TIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class ReceiptFacts:
    station: str
    case_no: str
    received_at: datetime
    category: str  # already in the officer's language
    summary: str
    officer: str
    badge: str
    desk_phone: str


def receipt_lines(facts: ReceiptFacts, zone: ZoneInfo) -> list[tuple[str, str]]:
    return [
        (t("receipt.case_no"), facts.case_no),
        (t("receipt.received_at"), facts.received_at.astimezone(zone).strftime(TIME_FORMAT)),
        (t("receipt.category"), facts.category),
        (t("receipt.summary"), facts.summary),
        (t("receipt.officer"), parenthesised(facts.officer, facts.badge)),
        (t("receipt.desk_phone"), facts.desk_phone or "—"),
    ]


def write_receipt(facts: ReceiptFacts, folder: Path, zone: ZoneInfo, *,
                  passphrase: str | None = None) -> tuple[Path, Path]:
    """Write the receipt as plain text and as HTML ready to print (sealed, with a passphrase:
    frontdesk.sealing); returns both paths."""
    return write_paper(t("receipt.title", station=facts.station), receipt_lines(facts, zone), t("receipt.keep"),
                       folder / facts.case_no, passphrase=passphrase)


def cells(text: str) -> int:
    """Columns `text` takes in a fixed-width font: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def write_paper(title: str, lines: list[tuple[str, str]], closing: str, stem: Path, *,
                passphrase: str | None = None) -> tuple[Path, Path]:
    """A titled list of label/value lines as `stem`.txt and `stem`.html (ready to print);
    with the encrypted database's `passphrase`, sealed (`.fdsealed`, frontdesk.sealing)."""
    width = max(cells(label) for label, _ in lines)
    text = "\n".join([title, "", *(f"{label}{' ' * (width - cells(label))}  {value}" for label, value in lines),
                      "", closing])
    text_path = write_out(stem.with_name(stem.name + ".txt"), (text + "\n").encode("utf-8"), passphrase)
    rows = "\n".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>" for label, value in lines
    )
    page = (
        f'<!doctype html><html lang="{t("receipt.html_lang")}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}"
        "th{text-align:left;padding-right:2em;vertical-align:top}td,th{padding:.3em 0;white-space:pre-wrap}</style>"
        f"</head><body><h1>{html.escape(title)}</h1><table>{rows}</table>"
        f"<p>{html.escape(closing)}</p></body></html>"
    )
    html_path = write_out(stem.with_name(stem.name + ".html"), page.encode("utf-8"), passphrase)
    return text_path, html_path
